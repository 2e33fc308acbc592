// One measurement in a fresh process, printed as JSON: `io <dir>` reads every file once (the floor;
// version-control folders and node_modules, which the scan never reads, are left out),
// `scan <dir> [threads] [cacheDir]` runs the agentwarden pipeline (the bundle the command line runs, with its V8 settings), with the result cache in
// `cacheDir` when given, `start` only loads it (process start-up). maxRSS covers every thread. The
// bundle loads as the command line loads it, with V8's code cache (src/core/code-cache.ts).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCached } from '../dist/core/code-cache.js';

const bundle = (name) => loadCached(fileURLToPath(new URL(`../dist/bundle/${name}.cjs`, import.meta.url)));

const [mode, dir, threads, cache] = process.argv.slice(2);
const UNREAD = new Set(['.git', '.hg', '.svn', 'node_modules']);
const started = performance.now();
let out;
if (mode === 'io') {
  let files = 0;
  let bytes = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!UNREAD.has(e.name)) walk(p);
      }
      else if (e.isFile()) {
        bytes += readFileSync(p).length;
        files++;
      }
    }
  };
  walk(dir);
  out = { files, bytes };
} else if (mode === 'start') {
  bundle('scan');
  out = { files: 0, bytes: 0 };
} else {
  const { tuneTiering } = bundle('tiering');
  const { scan } = bundle('scan');
  const result = await scan({ paths: [dir], threads: threads ? Number(threads) : undefined, cache: cache || undefined, onStart: (plan) => tuneTiering(plan) });
  const { report } = result;
  out = {
    files: report.stats.filesScanned,
    bytes: report.stats.bytesScanned,
    findings: report.findings.length,
    fingerprints: report.findings.map((f) => f.fingerprint).sort(),
    paths: [...new Set(report.findings.map((f) => f.location.path))],
    cache: result.cache,
  };
}
out.ms = performance.now() - started;
const usage = process.resourceUsage();
out.maxRssMB = usage.maxRSS / 1024;
out.cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
process.stdout.write(JSON.stringify(out));
