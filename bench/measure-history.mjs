// One `scan --history` in this process, for bench/history.mjs: wall time and peak memory.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [repo, flag, value] = process.argv.slice(2);
const { scanHistory } = await import(path.join(here, '..', 'dist', 'engine', 'history.js'));
const { parseLogOpts } = await import(path.join(here, '..', 'dist', 'discovery', 'history.js'));
const started = performance.now();
const { report } = await scanHistory({ path: repo, logOpts: flag === '--log-opts' ? parseLogOpts(value) : undefined });
const ms = performance.now() - started;
console.log(
  JSON.stringify({
    ms,
    blobs: report.stats.filesScanned,
    skipped: report.stats.filesSkipped,
    bytes: report.stats.bytesScanned,
    findings: report.findings.length,
    gone: report.findings.filter((f) => !f.history?.atHead).length,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);
