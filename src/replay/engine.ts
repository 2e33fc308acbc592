/**
 * The replay engine: load the policy, the taxonomy, approvals and Cedar policies; then, per session
 * file, detect the format, stream its events through the evaluator, and collect timelines, findings
 * and per-file errors. Runs inside the sandbox child (`sandbox/child.ts`) or in process.
 */
import { relative, sep } from 'node:path';
import type { Finding, ScanError, SessionTimeline, SkippedFile } from '../core/types.js';
import { ConfigError } from './config.js';
import { openInput, DEFAULT_INPUT_LIMITS, UnrecognisedInput } from './input.js';
import { detectFormat, readerFor, READERS } from './formats/index.js';
import type { ReplayEvent } from './model.js';
import { emptyPolicy, loadPolicy, referencedFiles, type Policy } from './policy.js';
import { loadTaxonomy, type Taxonomy } from './taxonomy.js';
import { loadApprovals, type ApprovalRecord } from './approvals.js';
import type { CedarEngine } from './cedar.js';
import { SessionEvaluator } from './evaluate.js';

export interface FileRef {
  abs: string;
  /** As shown in reports: relative to the root, `/` separators. */
  rel: string;
  /** Found by walking a directory: skipped (listed, not an error) when it is not a session, unless `strict`. */
  found?: boolean;
  /** Cannot be evaluated, known before reading (e.g. the sandbox cannot grant its path): reported as a failed file. */
  refused?: string;
}

export interface ReplayLimits {
  maxTimelineSteps: number;
  maxFindings: number;
  pendingWindow: number;
  maxLineBytes: number;
  maxDocumentBytes: number;
  maxErrorsPerFile: number;
}

export const DEFAULT_LIMITS: ReplayLimits = {
  maxTimelineSteps: 5000,
  maxFindings: 5000,
  pendingWindow: 64,
  maxLineBytes: DEFAULT_INPUT_LIMITS.maxLineBytes,
  maxDocumentBytes: DEFAULT_INPUT_LIMITS.maxDocumentBytes,
  maxErrorsPerFile: 20,
};

export interface ReplayJob {
  root: string;
  files: FileRef[];
  /** A YAML policy, or a `.cedar` file (Cedar-only policy). */
  policy?: FileRef;
  cedarSchema?: FileRef;
  approvals: FileRef[];
  taxonomy?: FileRef;
  /** The built-in taxonomy (`rules/replay/taxonomy.yaml`). */
  defaultTaxonomy: string;
  /** The policy applied when none is given (`rules/replay/default-policy.yaml`). */
  defaultPolicy?: string;
  inputFormat?: string;
  limits: ReplayLimits;
  /** Walked files that are empty or not a recognised session are errors too (`--strict`). */
  strict?: boolean;
  /** Empty or unrecognised files given by name are skipped, not errors (`--skip-unrecognized`). */
  skipUnrecognized?: boolean;
}

export interface ReplayJobResult {
  sessions: SessionTimeline[];
  findings: Finding[];
  errors: ScanError[];
  /** Files evaluated to the end without an error. */
  filesScanned: number;
  /** Files left out by choice: empty or unrecognised files found in a folder (or named, with `skipUnrecognized`). */
  filesSkipped: number;
  /** Files that could not be evaluated completely: each has at least one error and makes the exit code 2. */
  filesFailed: number;
  skipped: SkippedFile[];
  bytesScanned: number;
  /** A usage, configuration or policy error: nothing was evaluated (exit code 2). */
  fatal?: string;
  /** Peak resident memory of the process that ran the job, in bytes. */
  peakRssBytes?: number;
}

export function emptyJobResult(fatal?: string): ReplayJobResult {
  const result: ReplayJobResult = { sessions: [], findings: [], errors: [], filesScanned: 0, filesSkipped: 0, filesFailed: 0, skipped: [], bytesScanned: 0 };
  if (fatal) result.fatal = fatal;
  return result;
}

export function relPath(root: string, abs: string): string {
  const r = relative(root, abs);
  return (r === '' ? '.' : r).split(sep).join('/');
}

export const INPUT_FORMATS = READERS.map((r) => r.id);

/** Files a YAML policy refers to (approvals, taxonomy, Cedar), so that the sandbox can be granted exactly those. */
export function policyReferences(policy: FileRef, opts: { taxonomyGiven?: boolean } = {}): { files: string[] } | { fatal: string } {
  try {
    return { files: referencedFiles(loadPolicy(policy.abs, policy.rel), opts) };
  } catch (e) {
    return { fatal: e instanceof ConfigError ? e.message : `${policy.rel}: ${(e as Error).message}` };
  }
}

interface Loaded {
  policy: Policy;
  taxonomy: Taxonomy;
  approvals: ApprovalRecord[];
  cedar?: CedarEngine;
  policyLabel?: string;
}

async function loadAll(job: ReplayJob): Promise<Loaded> {
  const name = (abs: string): string => relPath(job.root, abs);
  let policy = job.defaultPolicy ? loadPolicy(job.defaultPolicy, 'rules/replay/default-policy.yaml') : emptyPolicy();
  let cedarFiles: FileRef[] = [];
  let cedarSchema = job.cedarSchema;
  if (job.policy) {
    if (job.policy.abs.endsWith('.cedar')) {
      policy = emptyPolicy(job.policy.rel);
      cedarFiles = [job.policy];
    } else {
      policy = loadPolicy(job.policy.abs, job.policy.rel);
      cedarFiles = policy.cedarFiles.map((abs) => ({ abs, rel: name(abs) }));
      if (policy.cedarSchema) cedarSchema = { abs: policy.cedarSchema, rel: name(policy.cedarSchema) };
    }
  }
  // the built-in policy names the built-in classes: with another taxonomy, that taxonomy's own requireApproval applies
  if (!job.policy && job.taxonomy) policy.requireApprovalClasses = undefined;
  const taxRef = job.taxonomy ?? (policy.taxonomyFile ? { abs: policy.taxonomyFile, rel: name(policy.taxonomyFile) } : undefined);
  const taxonomy = taxRef ? loadTaxonomy(taxRef.abs, taxRef.rel) : loadTaxonomy(job.defaultTaxonomy, 'rules/replay/taxonomy.yaml');
  if (policy.requireApprovalClasses) {
    for (const id of policy.requireApprovalClasses) {
      if (!taxonomy.classes.some((c) => c.id === id)) {
        throw new ConfigError(`highRisk.requireApproval: unknown class "${id}" (classes: ${taxonomy.classes.map((c) => c.id).join(', ')})`, policy.file);
      }
    }
  }
  const approvals: ApprovalRecord[] = [];
  for (const ref of [...job.approvals, ...policy.approvalFiles.map((abs) => ({ abs, rel: name(abs) }))]) approvals.push(...loadApprovals(ref.abs, ref.rel));
  let cedar: CedarEngine | undefined;
  if (cedarFiles.length) {
    const { loadCedar } = await import('./cedar.js');
    cedar = await loadCedar(cedarFiles.map((f) => ({ abs: f.abs, file: f.rel })), cedarSchema ? { abs: cedarSchema.abs, file: cedarSchema.rel } : undefined);
  }
  return { policy, taxonomy, approvals, cedar, policyLabel: job.policy?.rel };
}

export async function runJob(job: ReplayJob): Promise<ReplayJobResult> {
  const result = emptyJobResult();
  if (job.inputFormat && !readerFor(job.inputFormat)) {
    result.fatal = `unknown input format "${job.inputFormat}" (one of: ${INPUT_FORMATS.join(', ')})`;
    return result;
  }
  let loaded: Loaded;
  try {
    loaded = await loadAll(job);
  } catch (e) {
    result.fatal = e instanceof ConfigError ? e.message : `policy: ${(e as Error).message}`;
    return result;
  }
  for (const file of job.files) await replayFile(job, loaded, file, result);
  result.peakRssBytes = process.resourceUsage().maxRSS * 1024;
  return result;
}

async function replayFile(job: ReplayJob, loaded: Loaded, file: FileRef, result: ReplayJobResult): Promise<void> {
  let errorsHere = 0;
  let errorsDropped = 0;
  /** Errors that mean part of the file was not evaluated. */
  let failures = 0;
  const note = (line: number | undefined, message: string): void => {
    if (errorsHere >= job.limits.maxErrorsPerFile) {
      errorsDropped++;
      return;
    }
    errorsHere++;
    result.errors.push({ path: file.rel, message: line ? `line ${line}: ${message}` : message });
  };
  const error = (line: number | undefined, message: string): void => {
    failures++;
    note(line, message);
  };
  const failed = (message: string): void => {
    result.filesFailed++;
    error(undefined, message);
  };
  /** Empty or not a session: skipped when found in a folder (or by choice), an error otherwise. */
  const unrecognised = (message: string, reason: SkippedFile['reason']): void => {
    if ((file.found && !job.strict) || (!file.found && job.skipUnrecognized)) {
      result.filesSkipped++;
      result.skipped.push({ path: file.rel, reason });
    } else failed(`${message}${file.found ? ' (found in a folder; --strict makes this an error)' : ' (--skip-unrecognized skips such files)'}`);
  };
  if (file.refused) return failed(file.refused);
  let input;
  try {
    input = await openInput(file.abs, { maxLineBytes: job.limits.maxLineBytes, maxDocumentBytes: job.limits.maxDocumentBytes });
  } catch (e) {
    if (e instanceof UnrecognisedInput) return unrecognised(e.message, 'unrecognised');
    const err = e as NodeJS.ErrnoException;
    return failed(err.code ? `cannot read the session: ${err.code}` : err.message);
  }
  if (input.size === 0) return unrecognised('empty session file', 'empty');
  const reader = job.inputFormat ? readerFor(job.inputFormat)! : detectFormat(input)?.reader;
  if (!reader) return unrecognised(`unrecognised session format (use --input-format; one of: ${INPUT_FORMATS.join(', ')})`, 'unrecognised');
  result.bytesScanned += input.size;
  const newEvaluator = (): SessionEvaluator =>
    new SessionEvaluator({
      relPath: file.rel,
      format: reader.id,
      policy: loaded.policy,
      policyLabel: loaded.policyLabel,
      taxonomy: loaded.taxonomy,
      approvals: loaded.approvals,
      cedar: loaded.cedar,
      maxTimelineSteps: job.limits.maxTimelineSteps,
      maxFindings: job.limits.maxFindings,
      pendingWindow: job.limits.pendingWindow,
    });
  let evaluator = newEvaluator();
  let events = 0;
  let total = 0;
  const close = (): void => {
    const out = evaluator.finish();
    result.sessions.push(out.timeline);
    result.findings.push(...out.findings);
    if (out.findingsOmitted) note(undefined, `${out.findingsOmitted} more findings left out (limit ${job.limits.maxFindings} per session)`);
  };
  const emit = (e: ReplayEvent): void => {
    // a session boundary starts a fresh evaluator: approvals, secrets, credentials and revocations do not carry over
    if (e.kind === 'session' && e.boundary && events > 0) {
      close();
      evaluator = newEvaluator();
      events = 0;
    }
    events++;
    total++;
    evaluator.push(e);
  };
  try {
    await reader.read(input, emit, { error, file: file.rel });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // The sandbox refusing the replay's own work is an internal failure (exit 2), not a broken session.
    if (err.code === 'ERR_ACCESS_DENIED' || e instanceof EvalError) {
      result.fatal ??= `internal error: the replay sandbox refused an operation while reading ${file.rel}: ${err.message.slice(0, 200)}`;
    } else {
      error(undefined, `reading stopped, the rest of the file is not evaluated: ${err instanceof RangeError ? 'nested too deeply' : err.message.slice(0, 200)}`);
    }
  }
  close();
  if (total === 0 && !failures) error(undefined, `nothing read as ${reader.id}${job.inputFormat ? ' (the format given with --input-format)' : ''}: no event in the file`);
  if (errorsDropped) result.errors.push({ path: file.rel, message: `${errorsDropped} more errors in this file left out` });
  if (failures) result.filesFailed++;
  else result.filesScanned++;
}
