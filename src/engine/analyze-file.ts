/**
 * One file through read → decode → analyzers → inline suppression. Every problem becomes a value
 * in the result (an error or a skip), never an exception that stops the scan.
 */
import type { AnalyzerContext, FileAnalyzer, IdentityUse, InventoryItem, ReportDescriptor, RuleMeta, Span } from '../core/rule.js';
import { DEFAULT_MAX_FILE_SIZE, SourceFile } from '../core/source.js';
import type { DiscoveredFile, Finding, Location, ScanError, SkippedFile } from '../core/types.js';
import { clip } from '../core/redact.js';
import { buildFinding, occurrenceKey } from './finding.js';
import { isAllowedByScannerMarker, isSuppressedInline } from '../suppress/inline.js';
import { decode } from '../discovery/decode.js';
import { contentHash } from '../core/fingerprint.js';
import { contextOf } from '../discovery/context.js';
import { inRegion, testRegionsIn } from '../discovery/test-regions.js';
import type { Stamp } from './stamp.js';
import { readBytes, SCRATCH_BYTES } from './read-file.js';

export interface FileResult {
  findings: Finding[];
  errors: ScanError[];
  skipped?: SkippedFile;
  identities: IdentityUse[];
  inventory: InventoryItem[];
  bytes: number;
  suppressed: number;
  /** Hash of the file's bytes, when the result cache asked for it. */
  hash?: string;
  /** The bytes hash as the cache expected: nothing was analyzed, the cached result stands. */
  hit?: boolean;
  /** Other files the result depends on, with the hash of their bytes when it was computed. */
  deps?: Record<string, string>;
  /** The file's stamp when it was read (see stamp.ts), when the result cache asked for its hash. */
  stamp?: Stamp;
}

/**
 * A file to analyze, with what the result cache knows of it: `known` is the hash its cached result
 * was computed from (`''` for none). Without `known`, the file is not hashed. Reading a hashed file
 * takes its stamp (see stamp.ts), after its bytes; `stamp: 0` when stamps are off: none is taken.
 */
export type QueuedFile = DiscoveredFile & { known?: string; stamp?: 0 };

/**
 * The lists of a result with nothing in it, shared: a repeat scan serves thousands, and results are
 * only read once settled (`addFile`); frozen, so nothing can add to them.
 */
export const NONE = Object.freeze([]) as unknown as never[];

/** A file whose bytes are what the result cache expected (its hash, or its stamp): nothing is analyzed, the cached result stands. */
export function hitResult(bytes: number, hash: string, stamp?: Stamp): FileResult {
  return { findings: NONE, errors: NONE, identities: NONE, inventory: NONE, bytes, suppressed: 0, hash, hit: true, ...(stamp ? { stamp } : {}) };
}

/** A file whose lines average more than this is minified or generated. */
const MINIFIED_AVG_LINE = 1000;

export interface AnalyzerSet {
  analyzers: FileAnalyzer[];
  rules: Map<string, RuleMeta>;
  /** Files larger than this are skipped when opened. */
  maxFileSize: number;
}

/** Analyzers loaded on the first file that needs them: a scan whose files all come from the result cache loads none. */
export interface LazyAnalyzerSet {
  maxFileSize: number;
  load(): Promise<AnalyzerSet>;
}

export function lazyAnalyzerSet(maxFileSize: number, load: () => Promise<AnalyzerSet>): LazyAnalyzerSet {
  let loading: Promise<AnalyzerSet> | undefined;
  return { maxFileSize, load: () => (loading ??= load()) };
}

export function analyzerSet(analyzers: FileAnalyzer[], maxFileSize = DEFAULT_MAX_FILE_SIZE): AnalyzerSet {
  const rules = new Map<string, RuleMeta>();
  for (const a of analyzers) for (const r of a.rules) rules.set(r.id, r);
  return { analyzers, rules, maxFileSize };
}

/**
 * Reads and decodes a file. With `scratch`, a file that fits is read into it without asking its
 * size first: its `bytes` then live in `scratch` and are valid until the next read into it.
 */
export function readSource(
  file: QueuedFile,
  maxFileSize = DEFAULT_MAX_FILE_SIZE,
  scratch?: Buffer,
  hashOnly = false,
): { source?: SourceFile; skipped?: SkippedFile; error?: ScanError; hash?: string; hit?: number; stamp?: Stamp } {
  // The stamp is for the result cache: what vouches for these bytes on the next scan without reading them.
  const read = readBytes(file, maxFileSize, file.known !== undefined && file.stamp !== 0, scratch);
  if ('skipped' in read) return read;
  const buf = read.bytes;
  const stamp = read.stamp;
  const hash = file.known === undefined ? undefined : contentHash(buf);
  // Unchanged since it was cached: not even decoded.
  if (hash !== undefined && hash === file.known) return { hash, hit: buf.length, stamp };
  // Only asked whether the cache holds it: the file is read again when it is analyzed.
  if (hashOnly) return { hash };
  const decoded = decode(buf);
  if (decoded.binary) return { skipped: { path: file.relPath, reason: 'binary' }, hash, stamp };
  const error = decoded.note ? { path: file.relPath, message: decoded.note } : undefined;
  const { known: _known, stamp: _stamp, ...discovered } = file;
  return { source: new SourceFile({ ...discovered, size: buf.length }, decoded.text, buf), error, hash, stamp };
}

/**
 * A minified or generated JavaScript bundle: only the credential patterns (bounded windows) look at
 * it, no parser. Single-line JSON and YAML are ordinary configs and are parsed as usual.
 */
export function isMinified(source: SourceFile): boolean {
  return source.kind === 'typescript' && source.size > 20_000 && source.size / source.lineCount > MINIFIED_AVG_LINE;
}

/** Most files fit: they are read into this buffer, one at a time per thread. */
let scratch: Buffer | undefined;
let scratchInUse = false;

/**
 * A file the result cache knows (`known` set), read and hashed in this thread: the result to settle
 * with the cache when its bytes are unchanged, else undefined (the file is then analyzed as usual).
 */
export function unchangedFile(file: QueuedFile, maxFileSize: number): FileResult | undefined {
  if (!file.known || scratchInUse) return undefined;
  scratchInUse = true;
  try {
    const { hash, hit, stamp } = readSource(file, maxFileSize, (scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES)), true);
    if (hit === undefined) return undefined;
    return hitResult(hit, hash!, stamp);
  } finally {
    scratchInUse = false;
  }
}

export async function analyzeFile(file: QueuedFile, set: AnalyzerSet | LazyAnalyzerSet): Promise<FileResult> {
  const result: FileResult = { findings: [], errors: [], identities: [], inventory: [], bytes: 0, suppressed: 0 };
  // Analyses in one thread may overlap (an analyzer awaiting real I/O): only one holds the scratch buffer.
  const own = !scratchInUse;
  if (own) scratchInUse = true;
  try {
    const { source, skipped, error, hash, hit, stamp } = readSource(file, set.maxFileSize, own ? (scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES)) : undefined);
    result.hash = hash;
    if (stamp) result.stamp = stamp;
    if (hit !== undefined) {
      result.hit = true;
      result.bytes = hit;
      return result;
    }
    if (error) result.errors.push(error);
    if (!source) {
      result.skipped = skipped;
      return result;
    }
    result.bytes = source.size;
    await analyzeSource(source, 'load' in set ? await set.load() : set, result);
    return result;
  } finally {
    if (own) scratchInUse = false;
  }
}

/** Runs the analyzers on an already decoded file (also used for staged blobs and rule examples). */
export async function analyzeSource(source: SourceFile, set: AnalyzerSet, result: FileResult, options: { secretsOnly?: boolean } = {}): Promise<void> {
  const minified = isMinified(source);
  const pending: { descriptor: ReportDescriptor; meta: RuleMeta; location: Location }[] = [];
  const locate = (span: Span | undefined): Location => toLocation(source, span);
  for (const analyzer of set.analyzers) {
    if (analyzer.kinds && !analyzer.kinds.includes(source.kind)) continue;
    if (minified && !analyzer.handlesMinified) continue;
    if (analyzer.applies && !analyzer.applies(source)) continue;
    const ctx: AnalyzerContext = {
      report(descriptor) {
        const meta = set.rules.get(descriptor.ruleId);
        if (!meta) throw new Error(`analyzer ${analyzer.name} reported unknown rule ${descriptor.ruleId}`);
        pending.push({ descriptor, meta, location: locate(descriptor.span) });
      },
      error(message) {
        result.errors.push({ path: source.relPath, message: redactMessage(message) });
      },
      identity(use) {
        const { span, ...rest } = use;
        result.identities.push({ ...rest, location: locate(span) });
      },
      inventory(item) {
        const { span, ...rest } = item;
        result.inventory.push({ ...rest, location: locate(span) });
      },
      dependsOn(relPath, hash) {
        (result.deps ??= {})[relPath] = hash;
      },
    };
    try {
      await analyzer.analyze(source, ctx);
    } catch (err) {
      result.errors.push({ path: source.relPath, message: `internal error in ${analyzer.name}: ${redactMessage((err as Error).message)}` });
    }
  }
  if (pending.length === 0) return;
  // One credential, one finding: a fallback rule's secret that a specific rule also reported (the
  // same value, or the same characters of the file, e.g. a base64 value decoded by a manifest rule) is dropped.
  const specific = pending.filter((p) => p.descriptor.secret && !p.meta.fallback);
  const covered = (p: (typeof pending)[number]): boolean =>
    specific.some(
      (q) =>
        q.descriptor.secret!.includes(p.descriptor.secret!) ||
        p.descriptor.secret!.includes(q.descriptor.secret!) ||
        (q.location.startLine === p.location.startLine &&
          q.location.startColumn < p.location.endColumn &&
          p.location.startColumn < q.location.endColumn),
    );
  for (let i = pending.length - 1; i >= 0; i--) {
    const p = pending[i]!;
    if (p.meta.fallback && p.descriptor.secret && covered(p)) pending.splice(i, 1);
  }
  const secretsByLine = new Map<number, string[]>();
  for (const p of pending) {
    if (p.descriptor.secret) {
      const list = secretsByLine.get(p.location.startLine) ?? [];
      list.push(p.descriptor.secret);
      secretsByLine.set(p.location.startLine, list);
    }
  }
  const ordinals = new Map<string, number>();
  const context = contextOf(source.relPath, source.text);
  // A test module inside a shipped file (Rust's `#[cfg(test)] mod tests`) is test code, unless the whole file is already judged as something a test does not outrank.
  const tests = testRegionsIn(source, context);
  for (const { descriptor, meta, location } of pending) {
    if (options.secretsOnly && !descriptor.secret) continue;
    if (isSuppressedInline(source, location.startLine, meta.id) || (descriptor.secret && isAllowedByScannerMarker(source, location.startLine))) {
      result.suppressed++;
      continue;
    }
    const lineText = source.lineText(location.startLine);
    const key = occurrenceKey(descriptor, lineText);
    const ordinalKey = `${meta.id}\0${key}`;
    const ordinal = ordinals.get(ordinalKey) ?? 0;
    ordinals.set(ordinalKey, ordinal + 1);
    const secrets = secretsByLine.get(location.startLine) ?? [];
    const here = tests.length && inRegion(tests, source.offset(location.startLine, location.startColumn)) ? 'test' : context;
    result.findings.push({ ...buildFinding({ meta, descriptor, location, key, ordinal, secrets, lineText }), context: here });
  }
}

function toLocation(source: SourceFile, span: Span | undefined): Location {
  return source.location(span);
}

/** Parser messages sometimes quote the offending text: keep them short so no value prints in full. */
function redactMessage(message: string): string {
  return clip(message.split('\n')[0]!, 200);
}
