/**
 * The replay engine: load the policy, the taxonomy, approvals and Cedar policies; then, per session
 * file, detect the format, stream its events through the evaluator, and collect timelines, findings
 * and per-file errors. Runs inside the sandbox child (`sandbox/child.ts`) or in process.
 */
import { relative, sep } from 'node:path';
import type { Finding, ScanError, SessionTimeline } from '../core/types.js';
import { ConfigError } from './config.js';
import { openInput, DEFAULT_INPUT_LIMITS } from './input.js';
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
  /** Found by walking a directory: skipped quietly when it is not a session. */
  found?: boolean;
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
}

export interface ReplayJobResult {
  sessions: SessionTimeline[];
  findings: Finding[];
  errors: ScanError[];
  filesScanned: number;
  filesSkipped: number;
  bytesScanned: number;
  /** A usage, configuration or policy error: nothing was evaluated (exit code 2). */
  fatal?: string;
  /** Peak resident memory of the process that ran the job, in bytes. */
  peakRssBytes?: number;
}

export function relPath(root: string, abs: string): string {
  const r = relative(root, abs);
  return (r === '' ? '.' : r).split(sep).join('/');
}

export const INPUT_FORMATS = READERS.map((r) => r.id);

/** Files a YAML policy refers to (approvals, taxonomy, Cedar), so that the sandbox can be granted exactly those. */
export function policyReferences(policy: FileRef): { files: string[] } | { fatal: string } {
  try {
    return { files: referencedFiles(loadPolicy(policy.abs, policy.rel)) };
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
  const result: ReplayJobResult = { sessions: [], findings: [], errors: [], filesScanned: 0, filesSkipped: 0, bytesScanned: 0 };
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
  const error = (line: number | undefined, message: string): void => {
    if (errorsHere >= job.limits.maxErrorsPerFile) {
      errorsDropped++;
      return;
    }
    errorsHere++;
    result.errors.push({ path: file.rel, message: line ? `line ${line}: ${message}` : message });
  };
  let input;
  try {
    input = await openInput(file.abs, { maxLineBytes: job.limits.maxLineBytes, maxDocumentBytes: job.limits.maxDocumentBytes });
  } catch (e) {
    result.filesSkipped++;
    error(undefined, `cannot read the session: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return;
  }
  if (input.size === 0) {
    result.filesSkipped++;
    if (!file.found) error(undefined, 'empty session file');
    return;
  }
  const reader = job.inputFormat ? readerFor(job.inputFormat)! : detectFormat(input)?.reader;
  if (!reader) {
    result.filesSkipped++;
    if (!file.found) error(undefined, `unrecognised session format (use --input-format; one of: ${INPUT_FORMATS.join(', ')})`);
    return;
  }
  result.filesScanned++;
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
  const close = (): void => {
    const out = evaluator.finish();
    result.sessions.push(out.timeline);
    result.findings.push(...out.findings);
    if (out.findingsOmitted) error(undefined, `${out.findingsOmitted} more findings left out (limit ${job.limits.maxFindings} per session)`);
  };
  const emit = (e: ReplayEvent): void => {
    if (e.kind === 'session' && e.boundary && events > 0) {
      close();
      evaluator = newEvaluator();
      events = 0;
    }
    events++;
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
      error(undefined, `reading stopped: ${err.message.slice(0, 200)}`);
    }
  }
  close();
  if (errorsDropped) result.errors.push({ path: file.rel, message: `${errorsDropped} more errors in this file left out` });
}
