/**
 * A repeat scan reads and hashes every file its stamps do not vouch for (a CI job's fresh checkout:
 * all of them), and that is most of its time. Once enough files need it, a second thread takes a
 * share: the scanning thread hands it files as long as it keeps up (it counts what it finished in
 * shared memory, so the walk never waits to learn it) and hashes the rest itself. Its verdicts are
 * collected when the walk ends: an unchanged file's cached result is served, any other file (changed,
 * unreadable, too large, or the thread failed) is analyzed as usual.
 */
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../core/paths.js';
import { hitResult, type FileResult, type QueuedFile } from './analyze-file.js';
import type { Stamp } from './stamp.js';

/** What the hashing thread is told when it starts. */
export interface HasherData {
  maxFileSize: number;
  /** One Int32: the files it has finished. */
  done: SharedArrayBuffer;
}
/** A file to hash: an id, its path (absolute and relative), the hash the cache expects, and whether to take its stamp. */
export type HashJob = [id: number, absPath: string, relPath: string, known: string, withStamp: boolean];
/** Unchanged (its size, and its stamp when taken), or only the id: analyze it. */
export type HashVerdict = [id: number, bytes: number, stamp?: Stamp] | [id: number];

/**
 * Files the previous scan cached, below which no second thread is used: starting one (some 50 ms,
 * and its CPU taken from the scanning thread's core share on two cores) costs more than it saves
 * on a smaller tree. Measured on two cores, every file hashed, medians of 9 (5 for kops) without
 * and with it: langchainjs (2,600 files) 221 → 255 ms, the synthetic monorepo (6,000 files, 47 MB)
 * 266 → 312 ms, kops (17,800 files, 169 MB) 1,124 → 838 ms.
 */
const MIN_CACHED_FILES = 10_000;
/**
 * Files that needed hashing before the second thread starts, and they must be most of the files
 * seen so far: a scan whose stamps vouch for its files (a developer's machine: only a few dozen
 * results that followed other files are hashed) starts none, and one whose stamps do not (a fresh
 * checkout) starts it at once: it takes some 50 ms to start, while this thread goes on hashing.
 */
const START_AFTER = 32;
/** Files sent at once. */
const CHUNK = 32;
/** Files the thread may have waiting before the scanning thread hashes the next ones itself. */
const MAX_IN_FLIGHT = 4 * CHUNK;

export class Hasher {
  private worker?: Worker;
  private counter?: Int32Array;
  private failed = false;
  private needed = 0;
  private sent = 0;
  private taken = 0;
  private readonly outbox: HashJob[] = [];
  private readonly waiting = new Map<number, QueuedFile>();
  private readonly served: { file: QueuedFile; result: FileResult }[] = [];
  private readonly misses: QueuedFile[] = [];
  private settled?: () => void;

  constructor(private readonly maxFileSize: number) {}

  /** Whether a repeat scan of a tree whose previous scan cached this many files is worth a second thread. */
  static worthwhile(cachedFiles: number, threads: number): boolean {
    return threads > 1 && cachedFiles >= MIN_CACHED_FILES;
  }

  /**
   * Whether the hashing thread takes this file (the cache knows it); false: hash it in this thread.
   * `seen`: the files the walk has found so far.
   */
  take(file: QueuedFile, seen: number): boolean {
    if (!file.known || this.failed) return false;
    if (!this.worker) {
      if (++this.needed < START_AFTER || this.needed * 2 < seen) return false;
      this.start();
    }
    if (this.outbox.length === 0 && this.sent - Atomics.load(this.counter!, 0) >= MAX_IN_FLIGHT) return false;
    const id = this.taken++;
    this.waiting.set(id, file);
    this.outbox.push([id, file.absPath, file.relPath, file.known, file.stamp !== 0]);
    if (this.outbox.length >= CHUNK) this.flush();
    return true;
  }

  /**
   * Every file handed over, once the thread has judged it: the unchanged ones with their results
   * (to settle with the cache), and the ones to analyze. The thread is then stopped.
   */
  async drain(): Promise<{ served: { file: QueuedFile; result: FileResult }[]; misses: QueuedFile[] }> {
    if (this.worker) {
      this.flush();
      if (this.waiting.size) await new Promise<void>((resolve) => (this.settled = resolve));
      this.close();
    }
    return { served: this.served, misses: this.misses };
  }

  /** Stops the thread (also when the scan fails part way). */
  close(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  private start(): void {
    const done = new SharedArrayBuffer(4);
    this.counter = new Int32Array(done);
    const data: HasherData = { maxFileSize: this.maxFileSize, done };
    const worker = new Worker(hasherEntry(), { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    worker.on('message', (verdicts: HashVerdict[]) => {
      for (const v of verdicts) this.judged(v);
      this.check();
    });
    // A thread that fails only costs speed: what it had not judged is analyzed.
    const lost = (): void => {
      if (this.failed || !this.worker) return;
      this.failed = true;
      for (const file of this.waiting.values()) this.misses.push(file);
      this.waiting.clear();
      this.check();
    };
    worker.on('error', lost);
    worker.on('exit', lost);
    this.worker = worker;
  }

  private judged(v: HashVerdict): void {
    const file = this.waiting.get(v[0]);
    if (!file) return;
    this.waiting.delete(v[0]);
    if (v.length === 1) this.misses.push(file);
    else this.served.push({ file, result: hitResult(v[1], file.known!, v[2]) });
  }

  private flush(): void {
    if (!this.outbox.length || this.failed) return;
    this.sent += this.outbox.length;
    this.worker!.postMessage(this.outbox.splice(0));
  }

  private check(): void {
    if (this.waiting.size === 0) this.settled?.();
  }
}

/**
 * From the bundle, its CommonJS build of the thread (a CommonJS thread starts without Node's module
 * loader for ES modules: some 15 ms sooner); from sources (tests), the compiled module.
 */
function hasherEntry(): URL {
  const bundled = fileURLToPath(new URL('./hasher-worker.cjs', import.meta.url));
  return pathToFileURL(existsSync(bundled) ? bundled : path.join(PACKAGE_ROOT, 'dist', 'engine', 'hasher-worker.js'));
}
