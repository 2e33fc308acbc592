/**
 * `agentwarden replay <session-file…> [--policy FILE]`: evaluate recorded agent sessions offline
 * against a policy. Thin: resolve paths and options, run the engine in the sandbox (or in process),
 * and return a Report with the findings and the session timelines, plus the exit code.
 */
import { existsSync, readdirSync, readFileSync, statSync, lstatSync } from 'node:fs';
import { resolve, join, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEVERITIES, type Report, type ScanError, type Severity } from '../core/types.js';
import { DEFAULT_LIMITS, INPUT_FORMATS, relPath, runJob, type FileRef, type ReplayJob, type ReplayJobResult } from '../replay/engine.js';
import { scrub } from '../replay/secrets.js';
import { loadSecretPatternData } from '../rules/secrets/patterns.js';
import { CHILD_ENTRY, DEFAULT_SANDBOX_LIMITS, PACKAGE_ROOT, SandboxError, runSandboxed } from '../replay/sandbox/launch.js';
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
  /** Parse files that cannot be read as errors that fail the run (exit 2). */
  strict?: boolean;
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

const SESSION_EXTENSIONS = new Set(['.json', '.jsonl', '.ndjson']);
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

class UsageError extends Error {}

/** Session files: the files given, and the `.json`/`.jsonl` files under directories given (no symlinks). */
export function collectSessions(root: string, inputs: string[]): FileRef[] {
  const out: FileRef[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 6) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const abs = join(dir, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) walk(abs, depth + 1);
      else if (entry.isFile() && SESSION_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push({ abs, rel: relPath(root, abs), found: true });
    }
  };
  for (const input of inputs) {
    const abs = resolve(root, input);
    if (!existsSync(abs)) throw new UsageError(`${input}: no such file or directory`);
    const st = statSync(abs);
    if (st.isDirectory()) {
      if (lstatSync(abs).isSymbolicLink()) throw new UsageError(`${input}: a symlinked directory is not followed`);
      walk(abs, 0);
    } else if (st.isFile()) out.push({ abs, rel: relPath(root, abs) });
    else throw new UsageError(`${input}: not a regular file`);
  }
  return out;
}

function fileRef(root: string, path: string, what: string): FileRef {
  const abs = resolve(root, path);
  if (!existsSync(abs) || !statSync(abs).isFile()) throw new UsageError(`${what} ${path}: no such file`);
  return { abs, rel: relPath(root, abs) };
}

function emptyReport(root: string): Report {
  return {
    version: 1,
    tool: { name: 'agentwarden', version: toolVersion() },
    root,
    stats: { filesScanned: 0, filesSkipped: 0, bytesScanned: 0, durationMs: 0, findingsSuppressed: 0, findingsBaselined: 0 },
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
    report.errors.push({ path, message: scrub(message, [], 600) });
    report.stats.durationMs = Math.round(performance.now() - started);
    return { report, exitCode: 2 };
  };
  const failOn = opts.failOn ?? 'high';
  if (failOn !== 'none' && !SEVERITIES.includes(failOn)) return fail('', `--fail-on must be one of ${SEVERITIES.join(', ')}, none`);
  if (opts.inputFormat && !REPLAY_INPUT_FORMATS.includes(opts.inputFormat)) {
    return fail('', `unknown --input-format "${opts.inputFormat}" (one of: ${INPUT_FORMATS.join(', ')})`);
  }

  let job: ReplayJob;
  try {
    if (!files.length) throw new UsageError('replay needs at least one session file');
    const sessions = collectSessions(root, files);
    if (!sessions.length) throw new UsageError(`no session files (.json, .jsonl) found in ${files.join(', ')}`);
    const policy = opts.policy ? fileRef(root, opts.policy, 'policy') : undefined;
    let cedarSchema = opts.cedarSchema ? fileRef(root, opts.cedarSchema, 'Cedar schema') : undefined;
    if (!cedarSchema && policy?.abs.endsWith('.cedar')) {
      for (const candidate of [policy.abs.replace(/\.cedar$/, '.cedarschema'), policy.abs.replace(/\.cedar$/, '.cedarschema.json')]) {
        if (existsSync(candidate)) {
          cedarSchema = { abs: candidate, rel: relPath(root, candidate) };
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
      limits: {
        ...DEFAULT_LIMITS,
        ...(opts.maxTimelineSteps !== undefined ? { maxTimelineSteps: opts.maxTimelineSteps } : {}),
        ...(opts.maxFindings !== undefined ? { maxFindings: opts.maxFindings } : {}),
      },
    };
  } catch (e) {
    if (e instanceof UsageError) return fail('', e.message);
    throw e;
  }

  let result: ReplayJobResult;
  try {
    result = opts.sandbox === false ? await runJob(job) : await runInSandbox(job, { ...DEFAULT_SANDBOX_LIMITS, ...pick(opts) });
  } catch (e) {
    if (e instanceof SandboxError || e instanceof UsageError) return fail('', e.message);
    return fail('', `internal error: ${(e as Error).message}`);
  }

  report.sessions = result.sessions;
  report.findings = result.findings;
  report.errors = result.errors.map((err: ScanError) => ({ path: err.path, message: scrub(err.message, [], 600) }));
  report.stats.filesScanned = result.filesScanned;
  report.stats.filesSkipped = result.filesSkipped;
  report.stats.bytesScanned = result.bytesScanned;
  report.stats.durationMs = Math.round(performance.now() - started);
  if (result.fatal) return fail(job.policy?.rel ?? '', result.fatal);
  const peakRssBytes = result.peakRssBytes;
  if (opts.strict && report.errors.length) return { report, exitCode: 2, peakRssBytes };
  return { report, exitCode: exitCodeFor(report, failOn), peakRssBytes };
}

function pick(opts: ReplayOptions): Partial<typeof DEFAULT_SANDBOX_LIMITS> {
  const out: Partial<typeof DEFAULT_SANDBOX_LIMITS> = {};
  if (opts.timeoutMs !== undefined) out.timeoutMs = opts.timeoutMs;
  if (opts.memoryMb !== undefined) out.memoryMb = opts.memoryMb;
  return out;
}

/** Two sandboxed runs when a YAML policy names other files: one to list them, one granted exactly those. */
async function runInSandbox(job: ReplayJob, limits: typeof DEFAULT_SANDBOX_LIMITS): Promise<ReplayJobResult> {
  const reads = [...job.files.map((f) => f.abs), ...job.approvals.map((f) => f.abs)];
  if (job.taxonomy) reads.push(job.taxonomy.abs);
  if (job.cedarSchema) reads.push(job.cedarSchema.abs);
  if (job.policy) {
    reads.push(job.policy.abs);
    if (!job.policy.abs.endsWith('.cedar')) {
      const answer = await runSandboxed<SandboxResponse>({ entry: CHILD_ENTRY, input: { mode: 'resolve', policy: job.policy }, readPaths: [job.policy.abs], limits: { ...limits, timeoutMs: Math.min(limits.timeoutMs, 30_000) } });
      if ('error' in answer) throw new SandboxError(answer.error);
      if (answer.mode !== 'resolve') throw new SandboxError('unexpected answer from the replay sandbox');
      if (answer.fatal) return { sessions: [], findings: [], errors: [], filesScanned: 0, filesSkipped: 0, bytesScanned: 0, fatal: answer.fatal };
      for (const f of answer.files ?? []) {
        if (!existsSync(f)) {
          return { sessions: [], findings: [], errors: [], filesScanned: 0, filesSkipped: 0, bytesScanned: 0, fatal: `${job.policy.rel}: referenced file ${relPath(job.root, f)} does not exist` };
        }
        reads.push(f);
      }
    }
  }
  const answer = await runSandboxed<SandboxResponse>({ entry: CHILD_ENTRY, input: { mode: 'run', job, secrets: loadSecretPatternData() }, readPaths: reads, limits });
  if ('error' in answer) throw new SandboxError(answer.error);
  if (answer.mode !== 'run') throw new SandboxError('unexpected answer from the replay sandbox');
  return answer.result;
}

/** For tests and the bench: where the compiled sandbox entry lives. */
export const REPLAY_SANDBOX_ENTRY = CHILD_ENTRY;
export const REPLAY_PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
