// `npm run bench`: throughput of agentwarden against the I/O floor and secretlint, on one machine,
// in one run, on a deterministic synthetic corpus; then peak memory on a corpus twice the size.
//   node bench/run.mjs [--files 20000] [--runs 5] [--skip-double] [--skip-secretlint]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCorpus } from './corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const files = opt('--files', 20000);
const runs = opt('--runs', 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes) => bytes / 1024 / 1024;

function measure(mode, dir, extra = []) {
  const out = execFileSync(process.execPath, [path.join(here, 'measure.mjs'), mode, dir, ...extra], { maxBuffer: 64 << 20 });
  return JSON.parse(out.toString());
}

function series(mode, dir, n) {
  return summary(Array.from({ length: n }, () => measure(mode, dir)));
}

function summary(results) {
  return { ...results[0], ms: median(results.map((r) => r.ms)), maxRssMB: median(results.map((r) => r.maxRssMB)), all: results.map((r) => Math.round(r.ms)) };
}

function line(label, r) {
  const s = r.ms / 1000;
  return `${label.padEnd(34)} ${String(Math.round(r.ms)).padStart(7)} ms  ${(r.files / s).toFixed(0).padStart(8)} files/s  ${(mb(r.bytes) / s).toFixed(1).padStart(7)} MB/s  ${r.maxRssMB.toFixed(0).padStart(5)} MB peak`;
}

const corpusDir = path.join(here, '.corpus', `c${files}`);
console.log(`building corpus: ${files} files in ${path.relative(root, corpusDir)} …`);
const planted = buildCorpus(corpusDir, { files });
measure('io', corpusDir); // warm the page cache
// The floor and the scan are measured in pairs, one right after the other, so that both see the
// machine in the same state; the ratio reported is the median of the pairs' ratios.
const ioRuns = [];
const scanRuns = [];
for (let i = 0; i < runs; i++) {
  ioRuns.push(measure('io', corpusDir));
  scanRuns.push(measure('scan', corpusDir));
}
const io = summary(ioRuns);
const scan = summary(scanRuns);
const ratio = median(scanRuns.map((r, i) => r.ms / ioRuns[i].ms));
const found = new Set(scan.paths);
const recall = planted.filter((p) => found.has(p)).length;
console.log(`\ncorpus: ${io.files} files, ${mb(io.bytes).toFixed(0)} MB, ${planted.length} planted secrets; medians of ${runs} paired runs`);
console.log(line('I/O floor (read every file once)', io));
console.log(line('agentwarden scan (all cores)', scan));
console.log(`  → ${ratio.toFixed(2)}× the I/O floor (pairs: ${scanRuns.map((r, i) => (r.ms / ioRuns[i].ms).toFixed(2)).join(' ')}); planted secrets found in ${recall}/${planted.length} files; ${scan.findings} findings`);

if (!args.includes('--skip-secretlint')) {
  // secretlint takes seconds per MB: measure it on a subset and compare throughput.
  const subset = path.join(corpusDir, 'pkg0');
  const subsetBytes = sizeOf(subset);
  const subsetFiles = countFiles(subset);
  const rc = path.join(here, '.corpus', 'secretlintrc.json');
  writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  const bin = path.join(root, 'node_modules', '.bin', 'secretlint');
  if (existsSync(bin)) {
    const times = [];
    for (let i = 0; i < Math.min(runs, 3); i++) {
      const t = performance.now();
      spawnSync(bin, ['--secretlintrc', rc, '--format', 'json', `${subset}/**/*`], { maxBuffer: 256 << 20 });
      times.push(performance.now() - t);
    }
    const sl = { ms: median(times), files: subsetFiles, bytes: subsetBytes, maxRssMB: 0 };
    const slMBs = mb(sl.bytes) / (sl.ms / 1000);
    const awMBs = mb(scan.bytes) / (scan.ms / 1000);
    console.log(line(`secretlint (recommended), ${subsetFiles} files`, sl).replace(/\s+0 MB peak$/, ''));
    console.log(`  → agentwarden is ${(awMBs / slMBs).toFixed(0)}× secretlint's throughput`);
  } else console.log('secretlint not installed: npm ci installs it as a dev dependency');
}

for (const extra of ['replay.mjs']) {
  const script = path.join(here, extra);
  if (existsSync(script)) {
    console.log('');
    execFileSync(process.execPath, [script], { stdio: 'inherit' });
  }
}

if (!args.includes('--skip-double')) {
  const doubleDir = path.join(here, '.corpus', `c${files * 2}`);
  console.log(`\nbuilding corpus twice the size: ${files * 2} files …`);
  buildCorpus(doubleDir, { files: files * 2 });
  measure('io', doubleDir);
  const big = series('scan', doubleDir, Math.min(runs, 3));
  console.log(line('agentwarden scan, corpus ×2', big));
  console.log(`  → peak memory ${scan.maxRssMB.toFixed(0)} MB → ${big.maxRssMB.toFixed(0)} MB (${((big.maxRssMB / scan.maxRssMB - 1) * 100).toFixed(0)}%) when the corpus doubles`);
}

function sizeOf(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n += statSync(path.join(e.parentPath ?? e.path, e.name)).size;
  return n;
}
function countFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).length;
}
void mkdirSync;
