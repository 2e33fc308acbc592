/**
 * `agentwarden scan [paths…]`: choose what to scan (a folder walk, the git index with --staged,
 * what changed with --since, the user's agent-client configs with --user-configs), run the
 * pipeline, hand the report to the reporters. A live display runs on stderr only when it is a
 * terminal outside CI; everywhere else the output is plain and deterministic.
 */
import { loadConfig, unknownRuleReferences, type Config } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import type { Report, ScanError, SkippedFile } from '../core/types.js';
import path from 'node:path';
import { scan, type ProgressEvent, type ScanOptions, type ScanResult } from '../engine/scan.js';
import { defaultCacheDir } from '../engine/cache.js';
import { tuneTiering } from '../core/tiering.js';
import { allRules } from '../rules/registry.js';
import { matchesRuleId } from '../suppress/inline.js';
import { emit, parseFailOn, parseTargets, type OutputOptions } from './output.js';
import { startUi, type Ui } from '../ui/session.js';
import { byPath } from '../engine/order.js';

export interface ScanCommandOptions extends OutputOptions {
  config?: string;
  baseline?: string;
  exclude?: string[];
  threads?: string;
  /** Only the content staged in the git index. */
  staged?: boolean;
  /** Only files changed since this revision (and untracked ones); with `history`, only commits since it. */
  since?: string;
  /** Every blob in the git history instead of the working tree. */
  history?: boolean;
  /** Revision arguments for `--history` in place of `--all`. */
  logOpts?: string;
  /** Also the user's own agent-client configs (outside the scanned root). */
  userConfigs?: boolean;
  /** `--no-progress` sets false. */
  progress?: boolean;
  /** Result cache folder; `--no-cache` sets false; absent means the per-user default. */
  cache?: string | false;
}

export async function runScan(paths: string[], options: ScanCommandOptions): Promise<number> {
  const targets = parseTargets(options.format, options.output);
  const failOnFlag = options.failOn;
  if (failOnFlag !== undefined) parseFailOn(failOnFlag);
  if (options.staged && options.since) throw new UsageError('--staged and --since cannot be combined');
  if (options.history && (options.staged || options.userConfigs)) throw new UsageError(`--history cannot be combined with ${options.staged ? '--staged' : '--user-configs'}`);
  if (options.logOpts !== undefined && !options.history) throw new UsageError('--log-opts needs --history');
  const threads = options.threads !== undefined ? Number(options.threads) : undefined;

  const ui: Ui = startUi(options);
  try {
    const onProgress = (event: ProgressEvent) => ui.progress(event);
    const { report, config, cache } = options.history ? await historyScan(paths, options, onProgress) : await treeScan(paths, options, threads, onProgress);
    if (cache?.warning && !options.quiet) process.stderr.write(`agentwarden: ${cache.warning}\n`);
    const failOn = parseFailOn(failOnFlag, config.config.failOn);
    ui.update({ phase: 'report', total: 0 });
    // Rule metadata (help, tags) goes into SARIF and HTML only; the other formats need none.
    const rules = targets.some((t) => t.format === 'sarif' || t.format === 'html') ? await allRules(config.config) : [];
    if (!options.quiet && config.file && referencesRules(config.config)) {
      const ids = (rules.length ? rules : await allRules(config.config)).map((r) => r.id);
      for (const w of unknownRuleReferences(config.config, ids, matchesRuleId)) process.stderr.write(`agentwarden: ${config.file}: ${w}\n`);
    }
    ui.stop();
    const extra = targets.some((t) => t.format === 'html') ? { html: (await import('../audit/html.js')).html } : {};
    const code = emit(report, targets, { rules, failOn, quiet: options.quiet, strict: options.strict, color: options.color }, extra);
    await ui.summary(report, failOn);
    return code;
  } finally {
    ui.stop();
  }
}

async function treeScan(paths: string[], options: ScanCommandOptions, threads: number | undefined, onProgress: (event: ProgressEvent) => void): Promise<ScanResult> {
  const input = await selectInput(paths, options);
  const result = await scan({
    ...input.scan,
    cache: options.cache === false ? undefined : options.cache ? path.resolve(options.cache) : defaultCacheDir(),
    configFile: options.config,
    exclude: options.exclude,
    baseline: options.baseline,
    threads,
    onStart: (plan) => tuneTiering(plan),
    onProgress,
  });
  addExtras(result.report, input.errors, input.skipped);
  return result;
}

async function historyScan(paths: string[], options: ScanCommandOptions, onProgress: (event: ProgressEvent) => void): Promise<ScanResult> {
  if (paths.length > 1) throw new UsageError('--history scans one repository: give at most one path');
  const [{ scanHistory }, { parseLogOpts }] = await Promise.all([import('../engine/history.js'), import('../discovery/history.js')]);
  tuneTiering();
  return scanHistory({
    path: paths[0] ?? '.',
    since: options.since,
    logOpts: parseLogOpts(options.logOpts),
    configFile: options.config,
    exclude: options.exclude,
    baseline: options.baseline,
    onProgress,
  });
}

interface Input {
  scan: Pick<ScanOptions, 'paths' | 'root' | 'sources' | 'extraSources'>;
  errors: ScanError[];
  skipped: SkippedFile[];
}

async function selectInput(paths: string[], options: ScanCommandOptions): Promise<Input> {
  const cwd = process.cwd();
  if (options.staged || options.since) {
    const git = await import('../discovery/git.js');
    const root = git.repoRoot(paths[0] ?? cwd);
    const { config } = loadConfig(root, options.config);
    const exclude = [...(config.exclude ?? []), ...(options.exclude ?? [])];
    if (options.staged) {
      const staged = git.stagedSources(cwd, { paths, exclude, maxFileSize: config.maxFileSize });
      return { scan: { paths: [staged.root], root: staged.root, sources: staged.sources }, errors: staged.errors, skipped: staged.skipped };
    }
    const changed = git.changedSince(cwd, options.since!, paths, exclude);
    // Nothing changed: scan nothing (an empty path list would mean the whole folder).
    if (changed.files.length === 0) return { scan: { paths: [changed.root], root: changed.root, sources: [] }, errors: [], skipped: [] };
    return withUserConfigs({ scan: { paths: changed.files, root: changed.root }, errors: [], skipped: [] }, options);
  }
  return withUserConfigs({ scan: { paths }, errors: [], skipped: [] }, options);
}

/**
 * `--user-configs`: the agent clients' configs in the home folder (Claude, Cursor, VS Code, …) are
 * scanned together with the project, so a credential shared between them is one identity. They sit
 * outside the root, so they are added as decoded sources whose paths show as `~/…`; the project is
 * walked as usual.
 */
async function withUserConfigs(input: Input, options: ScanCommandOptions): Promise<Input> {
  if (!options.userConfigs) return input;
  const { userConfigSources } = await import('../discovery/user-configs.js');
  const user = userConfigSources();
  return {
    scan: { ...input.scan, extraSources: user.sources },
    errors: [...input.errors, ...user.errors],
    skipped: [...input.skipped, ...user.skipped],
  };
}

function addExtras(report: Report, errors: ScanError[], skipped: SkippedFile[]): void {
  if (errors.length === 0 && skipped.length === 0) return;
  report.errors = [...report.errors, ...errors].sort(byPath);
  report.skipped = [...report.skipped, ...skipped].sort(byPath);
  report.stats.filesSkipped += skipped.length;
}

function referencesRules(config: Config): boolean {
  return Boolean(config.rules?.disable?.length || Object.keys(config.rules?.severity ?? {}).length || config.ignore?.some((e) => e.rules?.length));
}
