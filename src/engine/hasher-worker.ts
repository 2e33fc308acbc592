/**
 * The thread that reads and hashes files for a repeat scan (see hasher.ts): for each file it is
 * sent, whether its bytes still hash to what the result cache holds. It loads nothing but the
 * reader and the hash, so it starts in a few milliseconds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { contentHash } from '../core/fingerprint.js';
import { readBytes, SCRATCH_BYTES } from './read-file.js';
import type { HashJob, HashVerdict, HasherData } from './hasher.js';

const { maxFileSize, done } = workerData as HasherData;
const counter = new Int32Array(done);
const scratch = Buffer.allocUnsafe(SCRATCH_BYTES);

parentPort!.on('message', (jobs: HashJob[]) => {
  const verdicts: HashVerdict[] = [];
  for (const [id, absPath, relPath, known, withStamp] of jobs) {
    const read = readBytes({ absPath, relPath }, maxFileSize, withStamp, scratch);
    verdicts.push('bytes' in read && contentHash(read.bytes) === known ? [id, read.bytes.length, read.stamp] : [id]);
    Atomics.add(counter, 0, 1);
  }
  parentPort!.postMessage(verdicts);
});
