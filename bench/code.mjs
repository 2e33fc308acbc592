// `npm run bench:code`: agentwarden on code-heavy agent repositories, against reading the files once.
//   node bench/code.mjs [--files 6000] [--runs 5] [--repos dir1,dir2] [--skip-synthetic] [--check-prefilter] [--double] [--fresh]
// For a synthetic langchainjs-like monorepo it generates, and for each public repository checked out
// locally (--repos), it reports throughput, the ratio to the I/O floor (every file read once), peak
// memory and CPU time, cold (no result cache) and warm (a repeat scan of the unchanged tree with the
// cache filled: files vouched for by their stamps, as on a developer's machine; and hashed, as in a CI
// job whose fresh checkout restored the cache, AGENTWARDEN_CACHE_STAMPS=off). Each measurement runs in a fresh process; the floor and a scan are measured in
// pairs, one right after the other, and a ratio is the median of its pairs' ratios, so that both
// sides see the machine in the same state. --check-prefilter also scans with the parse prefilters
// off (AGENTWARDEN_PREFILTER=off) and compares fingerprints; --fresh also measures a repeat scan of a
// fresh checkout (the tree committed to a git repository and cloned anew before each run: every stamp
// is new and git's index is new, as in a CI job that restored the cache); --double also scans the synthetic corpus at
// twice the files and prints both peaks (memory stays flat as the tree grows).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCodeCorpus } from './code-corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const files = Number(opt('--files', 6000));
const runs = Number(opt('--runs', 5));
const repos = (opt('--repos', '') || '').split(',').filter(Boolean).map((r) => path.resolve(r));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes) => bytes / 1024 / 1024;

function measure(mode, dir, extra = [], env = {}) {
  const out = execFileSync(process.execPath, [path.join(here, 'measure.mjs'), mode, dir, ...extra], { maxBuffer: 256 << 20, env: { ...process.env, ...env } });
  return JSON.parse(out.toString());
}

/** Reading every file once with the shell's tools, the way one would measure it by hand (ms, processes included). */
function shellFloor(dir) {
  const t = performance.now();
  execFileSync('sh', ['-c', `find "$1" -type d \\( -name .git -o -name node_modules \\) -prune -o -type f -print0 | xargs -0 cat > /dev/null`, 'sh', dir]);
  return performance.now() - t;
}

/** git, without the user's configuration, committing as a bench identity. */
function git(cwd, gitArgs) {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };
  execFileSync('git', gitArgs, { cwd, env, stdio: 'ignore' });
}

/**
 * A repeat scan of a fresh checkout, as a CI job that restored the cache has: the tree committed once
 * to a repository, cloned anew before each run (new files, new stamps, a new index), the cache filled
 * by a scan of the first clone (the job's first run).
 */
function freshCheckout(dir, start) {
  const base = mkdtempSync(path.join(tmpdir(), 'agentwarden-bench-fresh-'));
  const cache = mkdtempSync(path.join(tmpdir(), 'agentwarden-bench-cache-'));
  const origin = path.join(base, 'origin');
  const work = path.join(base, 'work');
  const clone = () => {
    rmSync(work, { recursive: true, force: true });
    git(base, ['clone', '-q', origin, work]);
  };
  try {
    cpSync(dir, origin, { recursive: true, filter: (src) => !/[\\/](\.git|node_modules)$/.test(src) });
    git(origin, ['init', '-q']);
    git(origin, ['add', '-A', '-f']);
    git(origin, ['commit', '-q', '-m', 'tree']);
    clone();
    measure('scan', work, ['', cache]);
    const io = [];
    const fresh = [];
    const freshHashed = [];
    for (let i = 0; i < runs; i++) {
      clone();
      io.push(measure('io', work));
      fresh.push(measure('scan', work, ['', cache]));
      // The same checkout state without git's index or stamps: every file read and hashed.
      clone();
      measure('io', work);
      freshHashed.push(measure('scan', work, ['', cache], { AGENTWARDEN_CACHE_STAMPS: 'off' }));
    }
    return { io, fresh, freshHashed, plus: fresh.map((r, i) => r.ms / (io[i].ms + start[i].ms)), plusHashed: freshHashed.map((r, i) => r.ms / (io[i].ms + start[i].ms)) };
  } finally {
    rmSync(base, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
}

function same(a, b) {
  return a.fingerprints.length === b.fingerprints.length && a.fingerprints.every((f, i) => f === b.fingerprints[i]);
}

function bench(label, dir) {
  const cache = mkdtempSync(path.join(tmpdir(), 'agentwarden-bench-cache-'));
  try {
    measure('io', dir); // warm the page cache
    const primed = measure('scan', dir, ['', cache]); // fills the result cache
    const io = [];
    const cold = [];
    const io2 = [];
    const warm = [];
    const io3 = [];
    const hashed = [];
    const start = [];
    for (let i = 0; i < runs; i++) {
      io.push(measure('io', dir));
      cold.push(measure('scan', dir));
      io2.push(measure('io', dir));
      warm.push(measure('scan', dir, ['', cache]));
      io3.push(measure('io', dir));
      hashed.push(measure('scan', dir, ['', cache], { AGENTWARDEN_CACHE_STAMPS: 'off' }));
      start.push(measure('start', dir));
    }
    const floor = median([...io, ...io2].map((r) => r.ms));
    const shell = median(Array.from({ length: runs }, () => shellFloor(dir)));
    const startMs = median(start.map((r) => r.ms));
    const bytes = cold[0].bytes;
    // MB/s of the text scanned (files read and analyzed, binaries and oversized files left out), and
    // of the whole tree the floor reads (how the speed of a scan of a repository is usually quoted).
    const row = (name, rs, ratios, extra = '') =>
      `  ${name.padEnd(26)} ${String(Math.round(median(rs.map((r) => r.ms)))).padStart(6)} ms ${(mb(bytes) / (median(rs.map((r) => r.ms)) / 1000)).toFixed(1).padStart(7)} MB/s ` +
      `(tree ${(mb(io[0].bytes) / (median(rs.map((r) => r.ms)) / 1000)).toFixed(1)} MB/s) ` +
      `${median(ratios).toFixed(2).padStart(6)}× floor (pairs ${ratios.map((x) => x.toFixed(2)).join(' ')})  ${median(rs.map((r) => r.maxRssMB)).toFixed(0).padStart(4)} MB peak  ${(median(rs.map((r) => r.cpuMs)) / 1000).toFixed(2)} s CPU${extra}`;
    console.log(`\n${label}: ${cold[0].files} files, ${mb(bytes).toFixed(1)} MB scanned (floor reads ${mb(io[0].bytes).toFixed(1)} MB), ${cold[0].findings} findings; medians of ${runs} paired runs`);
    console.log(`  ${'I/O floor (read once)'.padEnd(26)} ${String(Math.round(floor)).padStart(6)} ms ${(mb(io[0].bytes) / (floor / 1000)).toFixed(1).padStart(7)} MB/s; process start-up ${Math.round(startMs)} ms`);
    console.log(`  ${'floor, find | xargs cat'.padEnd(26)} ${String(Math.round(shell)).padStart(6)} ms (processes included); cold scan ${(median(cold.map((r) => r.ms)) / shell).toFixed(2)}× this floor`);
    console.log(row('scan, cold (no cache)', cold, cold.map((r, i) => r.ms / io[i].ms)));
    const hits = warm[0].cache ? `; ${warm[0].cache.hits} files from the cache, ${warm[0].cache.misses} analyzed` : '';
    console.log(row('scan, warm (cache filled)', warm, warm.map((r, i) => r.ms / io2[i].ms), hits));
    const plus = warm.map((r, i) => r.ms / (io2[i].ms + start[i].ms));
    console.log(`  ${''.padEnd(26)} warm vs floor + start-up: ${median(plus).toFixed(2)}× (pairs ${plus.map((x) => x.toFixed(2)).join(' ')})`);
    console.log(row('scan, warm, every file hashed', hashed, hashed.map((r, i) => r.ms / io3[i].ms)));
    const plusHashed = hashed.map((r, i) => r.ms / (io3[i].ms + start[i].ms));
    console.log(`  ${''.padEnd(26)} hashed vs floor + start-up: ${median(plusHashed).toFixed(2)}× (pairs ${plusHashed.map((x) => x.toFixed(2)).join(' ')})`);
    let fresh = [];
    let freshHashed = [];
    if (args.includes('--fresh')) {
      const f = freshCheckout(dir, start);
      fresh = f.fresh;
      freshHashed = f.freshHashed;
      console.log(row('scan, fresh checkout', f.fresh, f.fresh.map((r, i) => r.ms / f.io[i].ms), `; ${f.fresh[0].cache.hits} files from the cache, ${f.fresh[0].cache.misses} analyzed`));
      console.log(`  ${''.padEnd(26)} fresh checkout vs floor + start-up: ${median(f.plus).toFixed(2)}× (pairs ${f.plus.map((x) => x.toFixed(2)).join(' ')})`);
      console.log(row('fresh checkout, hashed', f.freshHashed, f.freshHashed.map((r, i) => r.ms / f.io[i].ms), ' (stamps and git off: every file read and hashed)'));
      console.log(`  ${''.padEnd(26)} fresh, hashed vs floor + start-up: ${median(f.plusHashed).toFixed(2)}× (pairs ${f.plusHashed.map((x) => x.toFixed(2)).join(' ')})`);
    }
    // The same against reading the files with the shell's tools, the floor as one would measure it by hand.
    const byShell = [['warm', warm], ['hashed', hashed], ...(fresh.length ? [['fresh', fresh], ['fresh hashed', freshHashed]] : [])]
      .map(([name, rs]) => `${name} ${(median(rs.map((r) => r.ms)) / (shell + startMs)).toFixed(2)}×`);
    console.log(`  ${''.padEnd(26)} repeat scans vs find | xargs cat + start-up: ${byShell.join(', ')}`);
    const identical = [primed, ...warm, ...hashed, ...fresh, ...freshHashed].every((r) => same(r, cold[0]));
    console.log(`  findings identical cold, primed, warm, hashed${fresh.length ? ' and fresh' : ''}: ${identical ? 'yes' : 'NO'}`);
    if (args.includes('--check-prefilter')) {
      const off = measure('scan', dir, [], { AGENTWARDEN_PREFILTER: 'off' });
      console.log(`  findings identical with the parse prefilters off: ${same(off, cold[0]) ? 'yes' : 'NO'} (${off.findings} vs ${cold[0].findings}; ${(off.cpuMs / 1000).toFixed(2)} vs ${(median(cold.map((r) => r.cpuMs)) / 1000).toFixed(2)} s CPU)`);
    }
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

if (!args.includes('--skip-synthetic')) {
  const dir = path.join(here, '.corpus', `code${files}`);
  console.log(`building code-heavy corpus: ${files} files in ${path.relative(process.cwd(), dir)} …`);
  buildCodeCorpus(dir, { files });
  bench('synthetic agent monorepo', dir);
  if (args.includes('--double')) {
    // Memory as the tree grows: the same corpus at twice the files, cold, against the first.
    const doubleDir = path.join(here, '.corpus', `code${files * 2}`);
    buildCodeCorpus(doubleDir, { files: files * 2 });
    const at = (d) => median(Array.from({ length: Math.min(runs, 3) }, () => measure('scan', d).maxRssMB));
    const one = at(dir);
    const two = at(doubleDir);
    console.log(`\npeak memory, cold: ${one.toFixed(0)} MB at ${files} files, ${two.toFixed(0)} MB at ${files * 2} (${((two / one - 1) * 100).toFixed(0)}%)`);
  }
}
for (const repo of repos) bench(path.basename(repo), repo);
