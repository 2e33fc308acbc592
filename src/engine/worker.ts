/**
 * A scan worker: loads its modules as soon as it starts, is then set up with the config and the
 * secret patterns the scanning thread already read and validated, then analyzes the batches of
 * files it is sent, one after the other.
 */
import { parentPort } from 'node:worker_threads';
import { loadFileAnalyzers } from '../rules/registry.js';
import { DEFAULT_MAX_FILE_SIZE } from '../core/source.js';
import { forgetRootFacts } from '../core/root-file.js';
import { analyzeFile, analyzerSet, lazyAnalyzerSet, type LazyAnalyzerSet, type QueuedFile } from './analyze-file.js';
import { addAnalyzed, emptyBatch } from './batch.js';
import type { WorkerSetup } from './pool.js';

let set: LazyAnalyzerSet | undefined;
let queue: Promise<void> = Promise.resolve();

parentPort!.on('message', (msg: WorkerSetup | QueuedFile[]) => {
  queue = queue.then(async () => {
    if (!Array.isArray(msg)) {
      const { config, secrets } = msg;
      forgetRootFacts();
      set = lazyAnalyzerSet(config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, async () => analyzerSet(await loadFileAnalyzers(config, secrets), config.maxFileSize));
      // Loaded now, while the walk goes on, unless most files are expected from the result cache.
      if (!msg.lazy) await set.load();
      parentPort!.postMessage('ready');
      return;
    }
    const batch = emptyBatch();
    for (const file of msg) addAnalyzed(batch, file, await analyzeFile(file, set!));
    parentPort!.postMessage(batch);
  });
});
