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

const BATCH_FILES = 64;
const BATCH_BYTES = 2 * 1024 * 1024;

export async function analyzeInWorkers(
  files: DiscoveredFile[],
  config: Config,
  threads: number,
  onProgress?: (done: number, findings: number) => void,
): Promise<BatchResult> {
  const batches = toBatches(files);
  const total = emptyBatch();
  let next = 0;
  let done = 0;
  const workerUrl = workerEntry();
  const run = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(workerUrl, { workerData: { config } });
      const feed = (): void => {
        if (next >= batches.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        worker.postMessage(batches[next++]);
      };
      worker.on('message', (msg: BatchResult | 'ready') => {
        if (msg !== 'ready') {
          mergeBatch(total, msg);
          done += msg.filesScanned + msg.skipped.length;
          onProgress?.(done, total.findings.length);
        }
        feed();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0 && next < batches.length) reject(new Error(`scan worker exited with code ${code}`));
      });
    });
  await Promise.all(Array.from({ length: Math.min(threads, batches.length) }, run));
  return total;
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
    bytes += f.size;
    if (current.length >= BATCH_FILES || bytes >= BATCH_BYTES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length) batches.push(current);
  return batches;
}
