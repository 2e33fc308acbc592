// `scan --history` on a real repository: every unique blob of its history read once from git and
// scanned, against the floor of reading those blobs from git at all. Prints blobs, bytes,
// throughput and the scanning process's peak memory (git's own processes are not counted).
//   node bench/history.mjs <repository> [--log-opts "<revisions>"] [--skip-floor]
// The repository is any local clone (e.g. one fetched into /work/repos); nothing is written to it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const repo = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--log-opts');
if (!repo) {
  console.error('usage: node bench/history.mjs <repository> [--log-opts "<revisions>"] [--skip-floor]');
  process.exit(2);
}
const logOpts = args.includes('--log-opts') ? args[args.indexOf('--log-opts') + 1] : undefined;
const mb = (bytes) => bytes / 1024 / 1024;

const count = (cmd) => spawnSync('git', cmd, { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 30 }).stdout.trim();
console.log(`${path.basename(path.resolve(repo))}: ${count(['rev-list', '--count', ...(logOpts ? logOpts.split(/\s+/) : ['--all'])])} commits`);

if (!args.includes('--skip-floor')) {
  // The floor: list the unique blobs and read every one of them from the object store, nothing else.
  const revs = logOpts ?? '--all';
  const started = performance.now();
  const floor = spawnSync('bash', ['-c', `git rev-list --objects --filter=object:type=blob --missing=allow-any ${revs} | git cat-file --batch-check='%(objecttype) %(objectsize) %(rest)' | awk '$1=="blob"{n++; s+=$2} END {print n+0, s+0}'`], { cwd: repo, encoding: 'utf8' });
  const ms = performance.now() - started;
  const [blobs, bytes] = floor.stdout.trim().split(' ').map(Number);
  console.log(`git floor (list and size every blob)  ${String(Math.round(ms)).padStart(7)} ms  ${blobs} blobs, ${mb(bytes).toFixed(0)} MB in all`);
}

const run = spawnSync(process.execPath, [path.join(here, 'measure-history.mjs'), repo, ...(logOpts ? ['--log-opts', logOpts] : [])], { encoding: 'utf8', maxBuffer: 64 << 20 });
if (run.status !== 0) {
  console.error(run.stderr);
  process.exit(1);
}
const r = JSON.parse(run.stdout);
const s = r.ms / 1000;
console.log(
  `agentwarden scan --history            ${String(Math.round(r.ms)).padStart(7)} ms  ${r.blobs} blobs scanned (${r.skipped} paths skipped), ${mb(r.bytes).toFixed(0)} MB: ` +
    `${(r.blobs / s).toFixed(0)} blobs/s, ${(mb(r.bytes) / s).toFixed(1)} MB/s, ${r.maxRssMB.toFixed(0)} MB peak; ${r.findings} findings (${r.gone} gone from HEAD)`,
);
