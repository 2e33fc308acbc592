/**
 * Spreads files over the cores: one worker thread per core but one, and the scanning thread itself,
 * which takes batches whenever it is not walking. Batches are handed out as threads become free, so
 * one large file does not hold the others back. Each thread reads its own files, so file contents
 * never cross threads; only findings and facts come back.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../core/paths.js';
import { UsageError } from '../core/errors.js';
import { codeCacheVariant } from '../core/code-cache.js';
import type { Config } from '../core/config.js';
import { loadFileAnalyzers } from '../rules/registry.js';
import { loadSecretPatternData, type SecretPatternData } from '../rules/secrets/patterns.js';
import { DEFAULT_MAX_FILE_SIZE } from '../core/source.js';
import { analyzeFile, analyzerSet, lazyAnalyzerSet, type FileResult, type LazyAnalyzerSet, type QueuedFile } from './analyze-file.js';
import { addAnalyzed, emptyBatch, mergeBatch, settleRecords, type BatchResult } from './batch.js';

const BATCH_FILES = 64;
const BATCH_BYTES = 1024 * 1024;
/** Batches waiting for a thread before the walk pauses. */
const MAX_QUEUED = 16;
/**
 * Batches a worker holds at once: the next is there when it finishes one while this thread is busy
 * (a large file it analyzes, between whose files alone it reads the workers' messages). With 2, the
 * worker of a cold kops scan waited about a quarter of the time; with 4 the scan was 5% faster
 * (medians of 9 alternating pairs), langchainjs the same.
 */
const WORKER_DEPTH = 4;
/** Longest this thread analyzes without reading the workers' messages. */
const YIELD_MS = 10;

/** The first message a worker gets: what it needs to build its analyzers. */
export interface WorkerSetup {
  config: Config;
  secrets: SecretPatternData;
  /** Load the analyzers on the first file that needs them (most files are expected from the result cache). */
  lazy?: boolean;
}

interface Job {
  queue: QueuedFile[][];
  /** Batches of YAML files, which this thread takes first (see `push`). */
  local: QueuedFile[][];
  pending: number;
  ended: boolean;
  total: BatchResult;
  done: number;
  onProgress?: (done: number, findings: number) => void;
  /** What the result cache makes of a file it hashed. */
  settle?: (path: string, result: FileResult) => FileResult;
  resolve: (result: BatchResult) => void;
  reject: (error: Error) => void;
}

/**
 * Worker threads started as soon as a scan turns out large, so that loading their analyzers overlaps
 * the walk, and fed batches while the walk goes on. The queue is bounded: when it is full the
 * scanning thread analyzes a batch itself instead of walking on, so memory does not grow with the
 * size of the tree.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  /** Batches each ready worker holds (absent until it is ready). */
  private readonly held = new Map<Worker, number>();
  private local?: LazyAnalyzerSet;
  private failure?: Error;
  private job?: Job;
  private result?: Promise<BatchResult>;

  /**
   * `threads` counts this thread: `threads - 1` workers are started at once and load their modules;
   * `setup` then gives them what they need.
   */
  constructor(threads: number) {
    const entry = workerEntry();
    for (let i = 0; i < threads - 1; i++) {
      const worker = new Worker(entry.url, { workerData: entry.data, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
      worker.on('message', (msg: BatchResult | 'ready') => {
        if (msg === 'ready') this.held.set(worker, 0);
        else {
          this.held.set(worker, this.held.get(worker)! - 1);
          if (this.job) this.collect(this.job, msg);
        }
        this.feed();
      });
      // An error crosses threads as a plain Error: one the user can fix keeps its kind.
      worker.on('error', (err) => this.fail(err.name === 'UsageError' ? new UsageError(err.message) : err));
      worker.on('exit', (code) => {
        if (code !== 0 && this.job) this.fail(new Error(`scan worker exited with code ${code}`));
      });
      this.workers.push(worker);
    }
  }

  /** The scan's config: workers build their analyzers from it and from the patterns read here. */
  setup(config: Config, lazy = false): void {
    this.local = lazyAnalyzerSet(config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, async () => analyzerSet(await loadFileAnalyzers(config), config.maxFileSize));
    // This thread's own analyzers load while it starts walking, unless the cache is expected to serve.
    if (!lazy) this.local.load().catch(() => undefined); // observed by the first batch analyzed here
    if (this.workers.length === 0) return;
    const message: WorkerSetup = { config, secrets: loadSecretPatternData(), lazy };
    for (const worker of this.workers) worker.postMessage(message);
  }

  /** Starts a job; batches follow with `push`, `end` says there are no more. */
  begin(onProgress?: (done: number, findings: number) => void, settle?: (path: string, result: FileResult) => FileResult): void {
    this.result = new Promise((resolve, reject) => {
      this.job = { queue: [], local: [], pending: 0, ended: false, total: emptyBatch(), done: 0, onProgress, settle, resolve, reject };
      if (this.failure) reject(this.failure);
    });
    this.result.catch(() => undefined); // observed by end()
  }

  /**
   * Queues files. Resolves once the queue has room again (backpressure for the walk): while it is
   * full, this thread analyzes queued batches itself. YAML files are kept for this thread, which
   * takes them before anything else: the YAML parser and the deployment rules then warm up in one
   * thread, not in each (on a code-heavy tree that warm-up was most of what its YAML cost). A worker
   * with nothing else left takes them too.
   */
  async push(files: QueuedFile[]): Promise<void> {
    if (this.failure) throw this.failure; // no use walking on
    const job = this.job;
    if (!job) return;
    const yaml = this.workers.length ? files.filter((f) => f.kind === 'yaml') : [];
    for (const batch of toBatches(yaml.length ? files.filter((f) => f.kind !== 'yaml') : files)) job.queue.push(batch);
    for (const batch of toBatches(yaml)) job.local.push(batch);
    this.feed();
    while (this.job === job && job.queue.length + job.local.length > MAX_QUEUED) await this.analyzeOne(job);
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** No more files: this thread analyzes alongside the workers until the queue is empty. */
  async end(): Promise<BatchResult> {
    const job = this.job;
    if (job) {
      job.ended = true;
      this.feed();
      while (this.job === job && job.queue.length + job.local.length > 0) {
        await this.analyzeOne(job);
        // Let worker results in between, so they get their next batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      this.feed();
    }
    return this.result ?? emptyBatch();
  }

  async close(): Promise<void> {
    this.job = undefined;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** Analyzes the next queued batch in this thread. */
  private async analyzeOne(job: Job): Promise<void> {
    const files = job.local.shift() ?? job.queue.shift();
    if (!files) return;
    job.pending++;
    try {
      const set = this.local!;
      const batch = emptyBatch();
      let yielded = performance.now();
      for (const file of files) {
        addAnalyzed(batch, file, await analyzeFile(file, set));
        // Workers that finished their batches wait for this thread to hand out more: let their messages in.
        if (performance.now() - yielded > YIELD_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          yielded = performance.now();
        }
      }
      this.collect(job, batch);
    } catch (err) {
      this.fail(err as Error);
    }
    this.feed();
  }

  private collect(job: Job, batch: BatchResult): void {
    job.pending--;
    if (job.settle) settleRecords(batch, job.settle);
    mergeBatch(job.total, batch);
    job.done += batch.filesScanned + batch.skipped.length;
    job.onProgress?.(job.done, job.total.findings.length);
  }

  private feed(): void {
    const job = this.job;
    if (!job) return;
    for (const [worker, held] of this.held) {
      const depth = this.depth(job);
      for (let n = held; n < depth && job.queue.length; n++) {
        job.pending++;
        this.held.set(worker, n + 1);
        worker.postMessage(job.queue.shift());
      }
      // Nothing else left for an idle worker: it helps with this thread's YAML.
      if (job.queue.length === 0 && this.held.get(worker) === 0 && job.local.length > 0) {
        job.pending++;
        this.held.set(worker, 1);
        worker.postMessage(job.local.shift());
      }
    }
    if (job.ended && job.queue.length === 0 && job.local.length === 0 && job.pending === 0) {
      this.job = undefined;
      job.resolve(job.total);
    }
  }

  /**
   * Batches a worker may hold now: `WORKER_DEPTH` while the walk goes on; once it has ended, no more
   * than its share of what is left (at least one), so that it is not still working through batches it
   * took early while this thread, its queue empty, waits. That wait was about 40 ms at the end of a cold
   * langchainjs scan; without it the scan took 0.97–0.99× the time (medians of 11–15 alternating pairs),
   * kops 0.99×.
   */
  private depth(job: Job): number {
    if (!job.ended) return WORKER_DEPTH;
    return Math.max(1, Math.min(WORKER_DEPTH, Math.ceil(job.queue.length / (this.workers.length + 1))));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const job = this.job;
    this.job = undefined;
    job?.reject(err);
  }
}

/**
 * From the bundle, the bundle's worker, loaded through the code cache by `worker-entry.js`; from
 * sources (tests), the compiled worker, since a worker cannot load TypeScript.
 */
function workerEntry(): { url: URL; data?: { entry: string; variant: string } } {
  const bundled = fileURLToPath(new URL('./worker.cjs', import.meta.url));
  if (existsSync(bundled)) return { url: pathToFileURL(path.join(PACKAGE_ROOT, 'dist', 'engine', 'worker-entry.js')), data: { entry: bundled, variant: codeCacheVariant() } };
  return { url: pathToFileURL(path.join(PACKAGE_ROOT, 'dist', 'engine', 'worker.js')) };
}

function toBatches(files: QueuedFile[]): QueuedFile[][] {
  const batches: QueuedFile[][] = [];
  let current: QueuedFile[] = [];
  let bytes = 0;
  for (const f of files) {
    current.push(f);
    bytes += Math.max(0, f.size);
    if (current.length >= BATCH_FILES || bytes >= BATCH_BYTES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length) batches.push(current);
  return batches;
}
