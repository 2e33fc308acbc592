// The credential engine alone: every file a scan would read (walked, read and decoded the way the
// scan does it) is loaded into memory first, then `SecretEngine.find` runs over all of them,
// `--passes` times after one warm-up pass. Reports MB/s of CPU time (user + system of this
// process, median of the passes), so figures compare on a busy machine too, and apart from it the
// CPU time of building the engine and of the first pass (what a worker thread pays once: regexes
// compiled on first use, code not yet optimized): run one tree per process to compare those.
//
//   node bench/secrets.mjs [dir ...] [--passes 5] [--dist ../dist] [--json]
//
// With no directory it runs on the synthetic code-heavy corpus (bench/code-corpus.mjs), built
// under the system temp folder on first use. `--dist` points at another build (a starting point
// kept aside) to compare the same files with it.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCodeCorpus } from './code-corpus.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return value;
};
const passes = Number(option('--passes', '5'));
const dist = path.resolve(option('--dist', new URL('../dist', import.meta.url).pathname));
const json = args.includes('--json');
const dirs = args.filter((a) => !a.startsWith('--'));
if (dirs.length === 0) {
  const corpus = path.join(tmpdir(), 'agentwarden-bench-code-corpus');
  buildCodeCorpus(corpus);
  dirs.push(corpus);
}

const load = (rel) => import(pathToFileURL(path.join(dist, rel)).href);
const { walk } = await load('discovery/walk.js');
const { readSource } = await load('engine/analyze-file.js');
const { secretEngine } = await load('rules/registry.js');
const { loadSecretPatternData } = await load('rules/secrets/patterns.js');

// As a worker thread builds it: from pattern data the main thread read and validated.
const data = JSON.parse(JSON.stringify(loadSecretPatternData()));
const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};
const setupStart = cpuMs();
const engine = secretEngine({}, data);
const setupCpuMs = Math.round(cpuMs() - setupStart);
const results = [];
for (const dir of dirs) {
  const root = path.resolve(dir);
  const sources = [];
  let bytes = 0;
  for (const entry of walk({ root, paths: [root] })) {
    if (entry.type !== 'file') continue;
    const { source } = readSource(entry.file);
    if (!source) continue;
    sources.push(source);
    bytes += source.size;
  }
  const run = () => {
    let candidates = 0;
    const start = cpuMs();
    for (const s of sources) candidates += engine.find(s.text, s.bytes).length;
    return { cpuMs: cpuMs() - start, candidates };
  };
  const warm = run();
  const times = [];
  for (let i = 0; i < passes; i++) times.push(run().cpuMs);
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  results.push({
    dir: path.basename(root),
    files: sources.length,
    MB: +(bytes / 1e6).toFixed(2),
    candidates: warm.candidates,
    setupCpuMs: results.length === 0 ? setupCpuMs : undefined,
    firstPassCpuMs: Math.round(warm.cpuMs),
    medianCpuMs: Math.round(median),
    cpuMsPerPass: times.map(Math.round),
    MBps: Math.round(bytes / 1e6 / (median / 1000)),
  });
}
if (json) process.stdout.write(JSON.stringify(results) + '\n');
else {
  console.log(`engine built in ${setupCpuMs} ms of CPU`);
  for (const r of results) console.log(`${r.dir}: ${r.files} files, ${r.MB} MB, ${r.candidates} candidates; CPU ${r.medianCpuMs} ms median of ${passes} (first pass ${r.firstPassCpuMs} ms): ${r.MBps} MB/s`);
}
