// One measurement in a fresh process, printed as JSON: `io <dir>` reads every file once (the floor),
// `scan <dir> [threads]` runs the agentwarden pipeline. maxRSS covers every thread of the process.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [mode, dir, threads] = process.argv.slice(2);
const started = performance.now();
let out;
if (mode === 'io') {
  let files = 0;
  let bytes = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        bytes += readFileSync(p).length;
        files++;
      }
    }
  };
  walk(dir);
  out = { files, bytes };
} else {
  const { scan } = await import('../dist/engine/scan.js');
  const { report } = await scan({ paths: [dir], threads: threads ? Number(threads) : undefined });
  out = { files: report.stats.filesScanned, bytes: report.stats.bytesScanned, findings: report.findings.length, paths: [...new Set(report.findings.map((f) => f.location.path))] };
}
out.ms = performance.now() - started;
out.maxRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(out));
