/**
 * `agentwarden report [paths…] [--sessions FILES… --policy FILE] [--framework X]
 *  --format html|markdown|csv|json [--output FILE]`: the auditor's report. Thin: scan, replay the
 * sessions when given, build the report model (src/audit/model.ts), hand it to the renderers.
 */
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import type { Finding, Report } from '../core/types.js';
import { scan } from '../engine/scan.js';
import { withFrameworks } from '../engine/frameworks.js';
import { sortFindings } from '../engine/order.js';
import { buildAuditReport, type AuditReport } from '../audit/model.js';
import { readGitInfo } from '../audit/git.js';
import { loadRuleSet } from '../audit/rules.js';
import { resolveFramework } from '../audit/framework-option.js';
import { REPORT_FORMATS, RENDERERS, type ReportFormat } from '../audit/index.js';
import { exitCode, parseFailOn, parseTargets, writeOutput } from './output.js';

export interface ReportCommandOptions {
  /** Recorded session files or folders to replay (see `agentwarden replay`). */
  sessions?: string[];
  /** Replay policy for the sessions. */
  policy?: string;
  /** Only this framework in the per-framework part (id such as `owasp-asi`, or a short name: asi, nhi, llm, maestro, nist, atlas). */
  framework?: string;
  /** html, markdown, csv, json (repeatable or comma-separated; `html:report.html` names a file). */
  format?: string[];
  /** File for the format at the same position; without one, the format goes to stdout. */
  output?: string[];
  config?: string;
  exclude?: string[];
  baseline?: string;
  /** Exit 1 when a finding is at or above this severity; default `none` for reports (see below). */
  failOn?: string;
  strict?: boolean;
  quiet?: boolean;
  threads?: string;
}

interface Target {
  format: ReportFormat;
  file?: string;
}

/** Formats and files: `--format html --output a.html`, `--format html:a.html`, or the extension of a lone `--output`. */
export function parseReportTargets(formats: string[] = [], outputs: string[] = []): Target[] {
  // With no --format, a single --output chooses the format by its extension.
  const ext = formats.length === 0 && outputs.length === 1 ? path.extname(outputs[0]!).toLowerCase() : '';
  const byExt: Record<string, ReportFormat> = { '.html': 'html', '.htm': 'html', '.md': 'markdown', '.csv': 'csv', '.json': 'json' };
  return parseTargets(formats, outputs, REPORT_FORMATS, { fallback: byExt[ext] ?? 'markdown', what: 'report format' });
}

interface ReplayModule {
  runReplay(files: string[], opts: { policy?: string; root?: string; failOn?: 'none'; strict?: boolean }): Promise<{ report: Report; exitCode: number }>;
}

async function replaySessions(files: string[], policy: string | undefined, root: string): Promise<Report> {
  const specifier = './replay.js';
  let mod: ReplayModule;
  try {
    mod = (await import(specifier)) as ReplayModule;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') throw new UsageError('--sessions: this build has no replay support');
    throw err;
  }
  try {
    const { report, exitCode } = await mod.runReplay(files, { policy, root, failOn: 'none' });
    // With failOn none, exit code 2 and no session means the replay did not run (bad path, policy,
    // sandbox); a session file that could not be evaluated completely is in the report's errors.
    if (exitCode === 2 && !report.sessions?.length) throw new UsageError(`--sessions: ${report.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ') || 'replay failed'}`);
    return report;
  } catch (err) {
    // The replay command signals bad paths and policies with its own usage error class.
    if (err instanceof UsageError) throw err;
    if (err instanceof Error && err.constructor.name === 'UsageError') throw new UsageError(err.message);
    throw err;
  }
}

/** Scan (and replay) then build the report model; exported for tests and other commands. */
export async function buildReport(paths: string[], options: ReportCommandOptions = {}): Promise<{ model: AuditReport; report: Report }> {
  const framework = options.framework !== undefined ? resolveFramework(options.framework) : undefined;
  if (options.policy && !options.sessions?.length) throw new UsageError('--policy applies to --sessions: give the session files to replay');
  const threads = options.threads !== undefined ? Number(options.threads) : undefined;
  const { report: scanned, config, facts } = await scan({ paths, configFile: options.config, exclude: options.exclude, baseline: options.baseline, threads });
  let report: Report = scanned;
  const replayed = (options.sessions?.length ?? 0) > 0;
  if (replayed) {
    const replay = await replaySessions(options.sessions!, options.policy, process.cwd());
    const findings: Finding[] = [...scanned.findings, ...replay.findings.map(withFrameworks)];
    report = {
      ...scanned,
      findings: sortFindings(findings),
      errors: [...scanned.errors, ...replay.errors],
      sessions: replay.sessions ?? [],
    };
  }
  const ruleSet = await loadRuleSet(config.config);
  const model = buildAuditReport({
    report,
    rules: ruleSet.rules,
    ruleSetDigest: ruleSet.digest,
    facts,
    paths: paths.length ? paths : ['.'],
    ...((config.file || config.hash) && { config: { file: config.file, hash: config.hash } }),
    git: readGitInfo(scanned.root),
    framework,
    replayed,
    policy: options.policy,
  });
  return { model, report };
}

export async function runReport(paths: string[], options: ReportCommandOptions = {}): Promise<number> {
  const targets = parseReportTargets(options.format, options.output);
  // A report is a document, not a gate: it fails the build only when asked (--fail-on).
  const failOn = parseFailOn(options.failOn, 'none');
  const { model, report } = await buildReport(paths, options);
  for (const t of targets) {
    const body = RENDERERS[t.format](model);
    writeOutput(t.file, body);
  }
  if (!options.quiet) for (const e of report.errors) process.stderr.write(`agentwarden: ${e.path}: ${e.message}\n`);
  return exitCode(report, failOn, options.strict);
}
