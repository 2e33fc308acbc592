/** A scan worker: loads the analyzers once, then analyzes the batches of files it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../core/config.js';
import type { DiscoveredFile } from '../core/types.js';
import { loadFileAnalyzers } from '../rules/registry.js';
import { analyzeFile, analyzerSet } from './analyze-file.js';
import { addFile, emptyBatch } from './batch.js';

const { config } = workerData as { config: Config };
const set = analyzerSet(await loadFileAnalyzers(config), config.maxFileSize);

parentPort!.on('message', async (files: DiscoveredFile[]) => {
  const batch = emptyBatch();
  for (const file of files) addFile(batch, await analyzeFile(file, set));
  parentPort!.postMessage(batch);
});
parentPort!.postMessage('ready');
