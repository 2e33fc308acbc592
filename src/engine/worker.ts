/**
 * A scan worker: loads its modules as soon as it starts, is then set up with the config and the
 * secret patterns the scanning thread already read and validated, then analyzes the batches of
 * files it is sent, one after the other.
 */
import { parentPort } from 'node:worker_threads';
import type { DiscoveredFile } from '../core/types.js';
import { loadFileAnalyzers } from '../rules/registry.js';
import { analyzeFile, analyzerSet, type AnalyzerSet } from './analyze-file.js';
import { addFile, emptyBatch } from './batch.js';
import type { WorkerSetup } from './pool.js';

let set: AnalyzerSet | undefined;
let queue: Promise<void> = Promise.resolve();

parentPort!.on('message', (msg: WorkerSetup | DiscoveredFile[]) => {
  queue = queue.then(async () => {
    if (!Array.isArray(msg)) {
      set = analyzerSet(await loadFileAnalyzers(msg.config, msg.secrets), msg.config.maxFileSize);
      parentPort!.postMessage('ready');
      return;
    }
    const batch = emptyBatch();
    for (const file of msg) addFile(batch, await analyzeFile(file, set!));
    parentPort!.postMessage(batch);
  });
});
