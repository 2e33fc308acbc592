/**
 * `agentwarden replay <session-file…> [--policy FILE]`: evaluate recorded agent sessions offline
 * against a policy. Thin: resolve paths and options, run the engine in the sandbox (or in process),
 * and return a Report with the findings and the session timelines, plus the exit code.
 *
 * Exit codes: 2 when the run did not complete (a usage or policy error, a file that could not be
 * evaluated completely, no file evaluated at all), else 1 when a finding reaches `failOn`, else 0.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEVERITIES, type Report, type ScanError, type Severity } from '../core/types.js';
import { escapeControl } from '../core/text-safety.js';
import { DEFAULT_LIMITS, INPUT_FORMATS, emptyJobResult, policyReferences, runJob, type ReplayJob, type ReplayJobResult } from '../replay/engine.js';
import { ReplayUsageError, collectSessions, namedFile } from '../replay/collect.js';
import { confineReferences } from '../replay/references.js';
import { scrub } from '../replay/secrets.js';
import { loadSecretPatternData } from '../rules/secrets/patterns.js';
import { CHILD_ENTRY, DEFAULT_SANDBOX_LIMITS, SandboxError, runSandboxed } from '../replay/sandbox/launch.js';
import { PACKAGE_ROOT } from '../core/paths.js';
import type { SandboxResponse } from '../replay/sandbox/protocol.js';

export interface ReplayOptions {
  /** A YAML replay policy, or a `.cedar` policy file (a `<name>.cedarschema` beside it is used as its schema). */
  policy?: string;
  /** Cedar schema (Cedar text, or JSON when it ends in `.json`); overrides the one beside the policy. */
  cedarSchema?: string;
  /** Approval files, in addition to those the policy names. */
  approvals?: string[];
  /** A high-risk taxonomy replacing the built-in one (`rules/replay/taxonomy.yaml`). */
  taxonomy?: string;
  /** Force the input format instead of detecting it (see `REPLAY_INPUT_FORMATS`). */
  inputFormat?: string;
  /** Lowest severity that fails (exit 1); default `high`. */
  failOn?: Severity | 'none';
  /** Root that report paths are relative to; default the working directory. */
  root?: string;
  /** Every error fails the run (exit 2), and so do empty or unrecognised files found in folders. */
  strict?: boolean;
  /** Skip empty or unrecognised session files given by name instead of failing the run. */
  skipUnrecognized?: boolean;
  /** Longest JSONL line parsed, in MB (default 16); a longer line is an error naming what it held. */
  maxLineMb?: number;
  /** Largest single JSON document loaded, in MB (default 64); a larger one fails fast. */
  maxDocumentMb?: number;
  /** Run parsing and evaluation in the permission-model sandbox (default true). */
  sandbox?: boolean;
  /** Wall-clock limit of the sandbox, default 300000 ms. */
  timeoutMs?: number;
  /** Heap limit of the sandbox, default 1024 MB. */
  memoryMb?: number;
  /** Ordinary (allowed) steps kept per session timeline, default 5000; later ones are counted as omitted. */
  maxTimelineSteps?: number;
  /** Findings kept per session, default 5000. */
  maxFindings?: number;
}

export interface ReplayResult {
  report: Report;
  exitCode: 0 | 1 | 2;
  /** Peak resident memory of the process that parsed and evaluated (the sandbox child, or this process). */
  peakRssBytes?: number;
}

/** Accepted `--input-format` values. */
export const REPLAY_INPUT_FORMATS: readonly string[] = INPUT_FORMATS;

const DEFAULT_TAXONOMY = join(PACKAGE_ROOT, 'rules', 'replay', 'taxonomy.yaml');
const DEFAULT_POLICY = join(PACKAGE_ROOT, 'rules', 'replay', 'default-policy.yaml');

function toolVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

const UsageError = ReplayUsageError;

const fileRef = namedFile;

function emptyReport(root: string): Report {
  return {
    version: 1,
    tool: { name: 'agentwarden', version: toolVersion() },
    root,
    stats: { filesScanned: 0, filesSkipped: 0, filesFailed: 0, bytesScanned: 0, durationMs: 0, findingsSuppressed: 0, findingsBaselined: 0 },
    findings: [],
    errors: [],
    skipped: [],
    sessions: [],
  };
}

/** Exit code from findings: 1 when one is at or above `failOn`. */
export function exitCodeFor(report: Report, failOn: Severity | 'none'): 0 | 1 {
  if (failOn === 'none') return 0;
  const limit = SEVERITIES.indexOf(failOn);
  return report.findings.some((f) => SEVERITIES.indexOf(f.severity) <= limit) ? 1 : 0;
}

export async function runReplay(files: string[], opts: ReplayOptions = {}): Promise<ReplayResult> {
  const started = performance.now();
  const root = resolve(opts.root ?? process.cwd());
  const report = emptyReport(root);
  const fail = (path: string, message: string): ReplayResult => {
    report.errors.push({ path: escapeControl(path), message: escapeControl(scrub(message, [], 600)) });
    report.stats.durationMs = Math.round(performance.now() - started);
    return { report, exitCode: 2 };
  };
  const failOn = opts.failOn ?? 'high';
  if (failOn !== 'none' && !SEVERITIES.includes(failOn)) return fail('', `--fail-on must be one of ${SEVERITIES.join(', ')}, none`);
  if (opts.inputFormat && !REPLAY_INPUT_FORMATS.includes(opts.inputFormat)) {
    return fail('', `unknown --input-format "${opts.inputFormat}" (one of: ${INPUT_FORMATS.join(', ')})`);
  }
  for (const [flag, value] of [['--max-line-mb', opts.maxLineMb], ['--max-document-mb', opts.maxDocumentMb]] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0 && value <= 4096)) return fail('', `${flag} must be a number of megabytes between 0 and 4096`);
  }
  const sandboxed = opts.sandbox !== false;

  let job: ReplayJob;
  let collected: ReturnType<typeof collectSessions>;
  try {
    if (!files.length) throw new UsageError('replay needs at least one session file');
    collected = collectSessions(root, files, { sandbox: sandboxed, strict: opts.strict });
    if (!collected.files.length && !collected.failed.length) {
      throw new UsageError(`no session files (.json, .jsonl, .ndjson) found in ${files.map(escapeControl).join(', ')}${collected.skipped.length ? ` (${collected.skipped.length} left out)` : ''}`);
    }
    const sessions = collected.files;
    const policy = opts.policy ? fileRef(root, opts.policy, 'policy') : undefined;
    let cedarSchema = opts.cedarSchema ? fileRef(root, opts.cedarSchema, 'Cedar schema') : undefined;
    if (!cedarSchema && policy?.abs.endsWith('.cedar')) {
      for (const candidate of [policy.abs.replace(/\.cedar$/, '.cedarschema'), policy.abs.replace(/\.cedar$/, '.cedarschema.json')]) {
        if (existsSync(candidate)) {
          cedarSchema = fileRef(root, candidate, 'Cedar schema');
          break;
        }
      }
    }
    job = {
      root,
      files: sessions,
      policy,
      cedarSchema,
      approvals: (opts.approvals ?? []).map((a) => fileRef(root, a, 'approvals file')),
      taxonomy: opts.taxonomy ? fileRef(root, opts.taxonomy, 'taxonomy') : undefined,
      defaultTaxonomy: DEFAULT_TAXONOMY,
      defaultPolicy: DEFAULT_POLICY,
      inputFormat: opts.inputFormat,
      strict: opts.strict,
      skipUnrecognized: opts.skipUnrecognized,
      limits: {
        ...DEFAULT_LIMITS,
        ...(opts.maxTimelineSteps !== undefined ? { maxTimelineSteps: opts.maxTimelineSteps } : {}),
        ...(opts.maxFindings !== undefined ? { maxFindings: opts.maxFindings } : {}),
        ...(opts.maxLineMb !== undefined ? { maxLineBytes: Math.floor(opts.maxLineMb * 1024 * 1024) } : {}),
        ...(opts.maxDocumentMb !== undefined ? { maxDocumentBytes: Math.floor(opts.maxDocumentMb * 1024 * 1024) } : {}),
      },
    };
  } catch (e) {
    if (e instanceof UsageError) return fail('', e.message);
    throw e;
  }

  let result: ReplayJobResult;
  try {
    const limits = { ...DEFAULT_SANDBOX_LIMITS, ...pick(opts) };
    const grants = await policyGrants(job, sandboxed, limits);
    if ('fatal' in grants) result = emptyJobResult(grants.fatal);
    else if (!job.files.length) result = emptyJobResult();
    else result = sandboxed ? await runInSandbox(job, grants.files, limits) : await runJob(job);
  } catch (e) {
    if (e instanceof SandboxError || e instanceof UsageError) return fail('', e.message);
    return fail('', `internal error: ${(e as Error).message}`);
  }

  report.sessions = result.sessions;
  report.findings = result.findings;
  report.errors = [...collected.failed, ...result.errors].map((err: ScanError) => ({ path: escapeControl(err.path), message: escapeControl(scrub(err.message, [], 600)) }));
  report.skipped = [...collected.skipped, ...result.skipped].map((s) => ({ ...s, path: escapeControl(s.path) }));
  report.stats.filesScanned = result.filesScanned;
  report.stats.filesSkipped = report.skipped.length;
  report.stats.filesFailed = result.filesFailed + collected.failed.length;
  report.stats.bytesScanned = result.bytesScanned;
  report.stats.durationMs = Math.round(performance.now() - started);
  if (result.fatal) return fail(job.policy?.rel ?? '', result.fatal);
  const peakRssBytes = result.peakRssBytes;
  // never a pass about a session that was not evaluated
  if (report.stats.filesFailed) return { report, exitCode: 2, peakRssBytes };
  if (report.stats.filesScanned === 0) {
    report.errors.push({ path: '', message: `no session was evaluated (${report.stats.filesSkipped} file${report.stats.filesSkipped === 1 ? '' : 's'} left out)` });
    return { report, exitCode: 2, peakRssBytes };
  }
  if (opts.strict && report.errors.length) return { report, exitCode: 2, peakRssBytes };
  return { report, exitCode: exitCodeFor(report, failOn), peakRssBytes };
}

function pick(opts: ReplayOptions): Partial<typeof DEFAULT_SANDBOX_LIMITS> {
  const out: Partial<typeof DEFAULT_SANDBOX_LIMITS> = {};
  if (opts.timeoutMs !== undefined) out.timeoutMs = opts.timeoutMs;
  if (opts.memoryMb !== undefined) out.memoryMb = opts.memoryMb;
  return out;
}

/**
 * The files a YAML policy names, confined (`references.ts`): listed by parsing the policy (in a
 * first, equally sandboxed run when the sandbox is on), then checked here before anything is granted.
 */
async function policyGrants(job: ReplayJob, sandboxed: boolean, limits: typeof DEFAULT_SANDBOX_LIMITS): Promise<{ files: string[] } | { fatal: string }> {
  const policy = job.policy;
  if (!policy || policy.abs.endsWith('.cedar')) return { files: [] };
  const taxonomyGiven = !!job.taxonomy;
  let listed: { files?: string[]; fatal?: string };
  if (sandboxed) {
    const answer = await runSandboxed<SandboxResponse>({
      entry: CHILD_ENTRY,
      input: { mode: 'resolve', policy, taxonomyGiven },
      readPaths: [policy.abs],
      limits: { ...limits, timeoutMs: Math.min(limits.timeoutMs, 30_000) },
    });
    if ('error' in answer) throw new SandboxError(answer.error);
    if (answer.mode !== 'resolve') throw new SandboxError('unexpected answer from the replay sandbox');
    listed = answer;
  } else listed = policyReferences(policy, { taxonomyGiven });
  if (listed.fatal) return { fatal: listed.fatal };
  const named = [...job.approvals, ...(job.taxonomy ? [job.taxonomy] : []), ...(job.cedarSchema ? [job.cedarSchema] : [])].map((f) => f.abs);
  return confineReferences(job.root, policy.abs, policy.rel, listed.files ?? [], named);
}

/** The real run, granted the sessions, the files named on the command line and the policy's confined references. */
async function runInSandbox(job: ReplayJob, policyFiles: string[], limits: typeof DEFAULT_SANDBOX_LIMITS): Promise<ReplayJobResult> {
  const reads = [...job.files.map((f) => f.abs), ...job.approvals.map((f) => f.abs), ...policyFiles];
  if (job.taxonomy) reads.push(job.taxonomy.abs);
  if (job.cedarSchema) reads.push(job.cedarSchema.abs);
  if (job.policy) reads.push(job.policy.abs);
  const answer = await runSandboxed<SandboxResponse>({ entry: CHILD_ENTRY, input: { mode: 'run', job, secrets: loadSecretPatternData() }, readPaths: reads, limits });
  if ('error' in answer) throw new SandboxError(answer.error);
  if (answer.mode !== 'run') throw new SandboxError('unexpected answer from the replay sandbox');
  return answer.result;
}

/** For tests and the bench: where the compiled sandbox entry lives. */
export const REPLAY_SANDBOX_ENTRY = CHILD_ENTRY;
export const REPLAY_PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
