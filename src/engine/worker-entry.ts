/**
 * A scan worker of the bundled command line (see pool.ts `workerEntry`): its modules load through
 * the code cache, for the V8 flags in force when the scanning thread started it (flags are the
 * process's; the variant naming them is each thread's own).
 */
import { workerData } from 'node:worker_threads';
import { loadCached, setCodeCacheVariant } from '../core/code-cache.js';

const { entry, variant } = workerData as { entry: string; variant: string };
setCodeCacheVariant(variant);
loadCached(entry);
