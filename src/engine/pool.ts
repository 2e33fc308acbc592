/**
 * Spreads files over worker threads (one per core): batches are handed out as workers become free,
 * so one large file does not hold the others back. Each worker reads its own files, so file
 * contents never cross threads; only findings and facts come back.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../core/paths.js';
import type { Config } from '../core/config.js';
import type { DiscoveredFile } from '../core/types.js';
import { emptyBatch, mergeBatch, type BatchResult } from './batch.js';

const BATCH_FILES = 256;
const BATCH_BYTES = 4 * 1024 * 1024;
/** Batches waiting for a worker before the walk pauses. */
const MAX_QUEUED = 16;

/**
 * Worker threads started before the walk, so that loading the analyzers overlaps discovery, and fed
 * batches while the walk goes on. The queue is bounded: the walk waits when workers fall behind, so
 * memory does not grow with the size of the tree. A scan that turns out small closes the pool unused
 * and analyzes in its own thread.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private failure?: Error;
  private job?: {
    queue: DiscoveredFile[][];
    pending: number;
    ended: boolean;
    total: BatchResult;
    done: number;
    onProgress?: (done: number, findings: number) => void;
    waiters: (() => void)[];
    resolve: (result: BatchResult) => void;
    reject: (error: Error) => void;
  };
  private result?: Promise<BatchResult>;

  constructor(config: Config, threads: number) {
    const url = workerEntry();
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(url, { workerData: { config }, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
      worker.on('message', (msg: BatchResult | 'ready') => {
        if (msg !== 'ready' && this.job) {
          const job = this.job;
          job.pending--;
          mergeBatch(job.total, msg);
          job.done += msg.filesScanned + msg.skipped.length;
          job.onProgress?.(job.done, job.total.findings.length);
        }
        this.idle.push(worker);
        this.feed();
      });
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => {
        if (code !== 0 && this.job) this.fail(new Error(`scan worker exited with code ${code}`));
      });
      this.workers.push(worker);
    }
  }

  /** Starts a job; batches follow with `push`, `end` says there are no more. */
  begin(onProgress?: (done: number, findings: number) => void): void {
    this.result = new Promise((resolve, reject) => {
      this.job = { queue: [], pending: 0, ended: false, total: emptyBatch(), done: 0, onProgress, waiters: [], resolve, reject };
      if (this.failure) reject(this.failure);
    });
    this.result.catch(() => undefined); // observed by end()
  }

  /** Queues files; resolves once the queue has room again (backpressure for the walk). */
  push(files: DiscoveredFile[]): Promise<void> {
    const job = this.job;
    if (!job) return Promise.resolve();
    for (const batch of toBatches(files)) job.queue.push(batch);
    this.feed();
    if (job.queue.length <= MAX_QUEUED) return new Promise((resolve) => setImmediate(resolve));
    return new Promise((resolve) => job.waiters.push(resolve));
  }

  end(): Promise<BatchResult> {
    if (this.job) {
      this.job.ended = true;
      this.feed();
    }
    return this.result ?? Promise.resolve(emptyBatch());
  }

  async close(): Promise<void> {
    this.job = undefined;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private feed(): void {
    const job = this.job;
    if (!job) return;
    while (this.idle.length && job.queue.length) {
      job.pending++;
      this.idle.pop()!.postMessage(job.queue.shift());
    }
    if (job.queue.length <= MAX_QUEUED) for (const wake of job.waiters.splice(0)) wake();
    if (job.ended && job.queue.length === 0 && job.pending === 0) {
      this.job = undefined;
      job.resolve(job.total);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const job = this.job;
    this.job = undefined;
    for (const wake of job?.waiters ?? []) wake();
    job?.reject(err);
  }
}

/** The compiled worker; from sources (tests), the build's copy, since a worker cannot load TypeScript. */
function workerEntry(): URL {
  const beside = new URL('./worker.js', import.meta.url);
  return existsSync(fileURLToPath(beside)) ? beside : pathToFileURL(path.join(PACKAGE_ROOT, 'dist', 'engine', 'worker.js'));
}

function toBatches(files: DiscoveredFile[]): DiscoveredFile[][] {
  const batches: DiscoveredFile[][] = [];
  let current: DiscoveredFile[] = [];
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
