/**
 * The scan pipeline end to end:
 * discover → classify → parse/analyze (workers) → project analyzers → config, inline and
 * baseline suppression → framework mapping → one deterministic Report.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config, type LoadedConfig } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { forgetRootFacts } from '../core/root-file.js';
import type { IdentityUse, InventoryItem, ProjectAnalyzer, ProjectFacts, RuleMeta } from '../core/rule.js';
import type { Finding, Report, SkippedFile } from '../core/types.js';
import { commonRoot, walk } from '../discovery/walk.js';
import { loadFileAnalyzers, loadProjectAnalyzers } from '../rules/registry.js';
import { loadBaseline } from '../suppress/baseline.js';
import { configFilter } from '../suppress/config-filter.js';
import { contextPolicy } from './context-policy.js';
import { analyzeFile, analyzerSet, analyzeSource, lazyAnalyzerSet, unchangedFile, type FileResult, type QueuedFile } from './analyze-file.js';
import { DEFAULT_MAX_FILE_SIZE } from '../core/source.js';
import { addAnalyzed, addFile, emptyBatch, mergeBatch, settleRecords, type BatchResult } from './batch.js';
import { ResultCache } from './cache.js';
import { WorkerPool } from './pool.js';
import { Hasher } from './hasher.js';
import { buildFinding } from './finding.js';
import { byPath, sortByFile, sortFindings } from './order.js';
import { mergeRepeatedSecrets } from './repeated-secrets.js';
import { withFrameworks } from './frameworks.js';
import { VERSION } from '../core/version.js';
import type { SourceFile } from '../core/source.js';

export interface ScanOptions {
  paths: string[];
  configFile?: string;
  exclude?: string[];
  baseline?: string;
  /** Threads analyzing, this one included; 0 or 1 analyzes in this thread only. Defaults to one per core for large scans. */
  threads?: number;
  /** Already decoded sources to analyze instead of walking (staged blobs). */
  sources?: SourceFile[];
  /** Root to report paths against when `sources` are given. */
  root?: string;
  /** Decoded files from outside the root (the user's agent-client configs) analyzed with the rest. */
  extraSources?: SourceFile[];
  /** Folder of the result cache (see `cache.ts`); without it nothing is cached. Walked files only. */
  cache?: string;
  /**
   * Called once, before the first file is read, with what the scan expects: `warm` when the result
   * cache holds a previous scan of this scope (most files will be read, hashed and served). The
   * command line tunes V8 for it (see `core/tiering.ts`).
   */
  onStart?: (plan: { warm: boolean }) => void;
  onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
  | { phase: 'discover'; files: number }
  | { phase: 'analyze'; done: number; total: number; findings: number }
  | { phase: 'done' };

export interface ScanResult {
  report: Report;
  config: LoadedConfig;
  facts: ProjectFacts;
  /** How the result cache served this scan: files taken from it, files analyzed, and why it could not be written. */
  cache?: { hits: number; misses: number; warning?: string };
}

/** Below this many files, starting workers costs more than it saves. */
const IN_THREAD_MAX_FILES = 400;
/** How often an in-thread scan reports progress. */
const PROGRESS_INTERVAL_MS = 80;
/** Files handed to the pool at a time while the walk goes on. */
const STREAM_CHUNK = 256;

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  forgetRootFacts();
  const absPaths = (options.paths.length ? options.paths : ['.']).map((p) => path.resolve(p));
  for (const p of absPaths) if (!existsSync(p)) throw new UsageError(`path does not exist: ${p}`);
  const root = options.root ? path.resolve(options.root) : commonRoot(absPaths);
  const loaded = loadConfig(root, options.configFile);
  const config: Config = { ...loaded.config, exclude: [...(loaded.config.exclude ?? []), ...(options.exclude ?? [])] };

  let batch: BatchResult;
  let cache: ResultCache | undefined;
  if (options.sources) {
    options.onStart?.({ warm: false });
    batch = emptyBatch();
    await analyzeSources(options.sources, config, batch);
  } else {
    const threads = options.threads ?? Math.max(1, Math.min(availableParallelism(), 8));
    if (options.cache) cache = ResultCache.open(options.cache, { root, paths: absPaths, config });
    options.onStart?.({ warm: cache?.warm ?? false });
    batch = await discoverAndAnalyze(root, absPaths, config, options, threads, cache);
  }
  const cacheWarning = cache?.save();

  if (options.extraSources?.length) await analyzeSources(options.extraSources, config, batch);

  const facts: ProjectFacts = { identities: batch.identities, inventory: batch.inventory };
  const reported = await reportAcrossFiles(facts);
  const judged = settleAcrossFiles([...batch.findings, ...[...reported.values()].flat()], facts, reported);
  const settled = settleFindings(judged, config, options.baseline, facts.identities, facts.inventory, root);
  const findings = settled.findings;
  const suppressed = batch.suppressed + settled.suppressed;
  const baselined = settled.baselined;
  options.onProgress?.({ phase: 'done' });

  const report: Report = {
    version: 1,
    tool: { name: 'agentwarden', version: VERSION },
    root,
    stats: {
      filesScanned: batch.filesScanned,
      filesSkipped: batch.skipped.length,
      bytesScanned: batch.bytes,
      durationMs: Math.round(performance.now() - started),
      findingsSuppressed: suppressed,
      findingsBaselined: baselined,
    },
    findings,
    errors: [...batch.errors].sort(byPath),
    skipped: [...batch.skipped].sort(byPath),
  };
  return { report, config: loaded, facts, ...(cache ? { cache: { hits: cache.hits, misses: cache.misses, ...(cacheWarning ? { warning: cacheWarning } : {}) } } : {}) };
}

/**
 * What every source of findings goes through at the end: the config's disables, severity overrides
 * and per-path ignores, the context policy, the baseline, framework references, a deterministic order.
 * `root`: the scanned root, whose name and READMEs the context policy reads.
 */
export function settleFindings(
  all: Finding[],
  config: Config,
  baseline?: string,
  identities: IdentityUse[] = [],
  inventory: InventoryItem[] = [],
  root?: string,
): { findings: Finding[]; suppressed: number; baselined: number } {
  const filter = configFilter(config);
  const contexts = contextPolicy(config, root);
  let suppressed = 0;
  const kept: Finding[] = [];
  for (const f of all) {
    const configured = filter.apply(f);
    const applied = configured && contexts.apply(configured);
    if (applied) kept.push(applied);
    else suppressed++;
  }
  const merged = mergeRepeatedSecrets(kept, identities, inventory);
  let findings = merged;
  if (baseline) {
    const known = loadBaseline(baseline);
    findings = merged.filter((f) => !known.has(f.fingerprint));
  }
  return { findings: sortFindings(findings.map(withFrameworks)), suppressed, baselined: merged.length - findings.length };
}

/**
 * Walks and analyzes. A file the result cache knows is read and hashed here as the walk finds it,
 * and an unchanged one is served from the cache at once: a repeat scan starts no worker unless many
 * files changed. The other files are held back: a small scan is analyzed in this thread. Once more
 * than that are waiting, the worker pool starts (the walk is far ahead of analysis, so this costs
 * the workers nothing) and files stream to it while the walk goes on.
 */
async function discoverAndAnalyze(root: string, absPaths: string[], config: Config, options: ScanOptions, threads: number, cache?: ResultCache): Promise<BatchResult> {
  const held: QueuedFile[] = [];
  const settle = cache ? (p: string, r: FileResult) => cache.settle(p, r) : undefined;
  const served = emptyBatch();
  const maxFileSize = config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const skipped: SkippedFile[] = [];
  // A repeat scan shares reading and hashing with a second thread (see hasher.ts).
  const hasher = cache && Hasher.worthwhile(cache.size, threads) ? new Hasher(maxFileSize) : undefined;
  let pool: WorkerPool | undefined;
  let found = 0;
  const progress = (done: number, findings: number): void =>
    options.onProgress?.({ phase: 'analyze', done: done + served.filesScanned, total: found, findings: findings + served.findings.length });
  const hold = async (file: QueuedFile): Promise<void> => {
    held.push(file);
    if (!pool && threads > 1 && held.length > IN_THREAD_MAX_FILES) {
      pool = new WorkerPool(threads);
      pool.setup(config, cache?.warm);
      pool.begin(progress, settle);
    }
    if (pool && held.length >= STREAM_CHUNK) await pool.push(held.splice(0));
  };
  try {
    for (const entry of walk({ root, paths: absPaths, exclude: config.exclude, maxFileSize: config.maxFileSize, listings: cache?.folders })) {
      if (entry.type === 'skipped') {
        skipped.push(entry.skipped);
        continue;
      }
      found++;
      // A file whose stamp vouches for it is served before anything else is asked of the cache.
      const stamped = cache?.unchangedByStamp(entry.file);
      if (stamped) {
        addFile(served, cache!.settle(entry.file.relPath, stamped));
        continue;
      }
      const file: QueuedFile = entry.file;
      if (cache) file.known = cache.expected(file.relPath);
      if (hasher?.take(file, found)) continue;
      const unchanged = cache && unchangedFile(file, maxFileSize);
      if (unchanged) {
        addFile(served, cache.settle(file.relPath, unchanged));
        continue;
      }
      await hold(file);
    }
    if (hasher) {
      const judged = await hasher.drain();
      for (const { file, result } of judged.served) addFile(served, cache!.settle(file.relPath, result));
      for (const file of judged.misses) await hold(file);
    }
    let batch: BatchResult;
    if (pool) {
      if (held.length) await pool.push(held.splice(0));
      batch = await pool.end();
    } else {
      options.onProgress?.({ phase: 'discover', files: found });
      batch = await analyzeInThread(held, config, options, cache?.warm, served);
      if (settle) settleRecords(batch, settle);
    }
    mergeBatch(batch, served);
    sortByFile(batch.identities);
    sortByFile(batch.inventory);
    for (const s of skipped) batch.skipped.push(s);
    return batch;
  } finally {
    hasher?.close();
    await pool?.close();
  }
}

/** Already decoded files, in this thread. */
async function analyzeSources(sources: SourceFile[], config: Config, into: BatchResult): Promise<void> {
  const set = analyzerSet(await loadFileAnalyzers(config), config.maxFileSize);
  for (const source of sources) {
    const result: FileResult = { findings: [], errors: [], identities: [], inventory: [], bytes: source.size, suppressed: 0 };
    await analyzeSource(source, set, result);
    addFile(into, result);
  }
}

/** `served`: files the cache already gave, counted in the progress shown. */
async function analyzeInThread(files: QueuedFile[], config: Config, options: ScanOptions, lazy = false, served = emptyBatch()): Promise<BatchResult> {
  const total = files.length + served.filesScanned;
  const set = lazyAnalyzerSet(config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, async () => analyzerSet(await loadFileAnalyzers(config), config.maxFileSize));
  if (!lazy) await set.load();
  const batch = emptyBatch();
  let done = served.filesScanned;
  let lastEvent = 0;
  for (const file of files) {
    addAnalyzed(batch, file, await analyzeFile(file, set));
    done++;
    const now = performance.now();
    if (options.onProgress && now - lastEvent > PROGRESS_INTERVAL_MS) {
      lastEvent = now;
      options.onProgress({ phase: 'analyze', done, total, findings: batch.findings.length + served.findings.length });
      // Let a live display redraw between files.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  options.onProgress?.({ phase: 'analyze', done, total, findings: batch.findings.length + served.findings.length });
  return batch;
}

/**
 * The project analyzers' cross-file judgement of every finding (see `ProjectAnalyzer.settle`), each
 * told which of the findings are its own (`reported`: what each analyzer's `finish` reported).
 */
function settleAcrossFiles(findings: Finding[], facts: ProjectFacts, reported: Map<ProjectAnalyzer, Finding[]>): Finding[] {
  let kept = findings;
  for (const [analyzer, own] of reported) if (analyzer.settle) kept = analyzer.settle(kept, facts, new Set(own));
  return kept;
}

/** Cross-file analyzers over the facts of every file (all of them, or the ones given). */
export async function runProjectAnalyzers(facts: ProjectFacts, analyzers?: ProjectAnalyzer[]): Promise<Finding[]> {
  return [...(await reportAcrossFiles(facts, analyzers)).values()].flat();
}

/** What each project analyzer reports over the facts of every file, in analyzer order. */
async function reportAcrossFiles(facts: ProjectFacts, analyzers?: ProjectAnalyzer[]): Promise<Map<ProjectAnalyzer, Finding[]>> {
  const reported = new Map<ProjectAnalyzer, Finding[]>();
  const ordinals = new Map<string, number>();
  for (const analyzer of analyzers ?? (await loadProjectAnalyzers())) {
    const metas = new Map<string, RuleMeta>(analyzer.rules.map((r) => [r.id, r]));
    const findings: Finding[] = [];
    reported.set(analyzer, findings);
    analyzer.finish(facts, {
      report(descriptor) {
        const meta = metas.get(descriptor.ruleId);
        if (!meta) throw new Error(`${analyzer.name} reported unknown rule ${descriptor.ruleId}`);
        const key = descriptor.key ?? descriptor.message;
        const ordinalKey = `${meta.id}\0${descriptor.location.path}\0${key}`;
        const ordinal = ordinals.get(ordinalKey) ?? 0;
        ordinals.set(ordinalKey, ordinal + 1);
        findings.push(buildFinding({ meta, descriptor, location: descriptor.location, key, ordinal, secrets: [] }));
      },
    });
  }
  return reported;
}
