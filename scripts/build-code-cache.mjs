// Part of `npm run build`, last: V8's code cache for the bundle and the parser libraries (see
// src/core/code-cache.ts). It runs the command line as users do, on this package's own fixtures, with
// AGENTWARDEN_CODE_CACHE=write: each run adds the functions it ran to the cache of each file it
// loaded under the V8 flags in force at its end. With V8's own flags: a cold scan (kept to them by
// AGENTWARDEN_V8_TIERING=default), then a repeat scan the result cache serves. With the flags
// core/tiering.ts sets: `tools`, a cold scan that sets them before the engine loads, as a scan's
// workers load it, then a cold scan, whose analyzers load after it sets them. One thread where it
// can be said: a worker is stopped, not ended, so only the scanning thread records (it loads every
// chunk a worker does). A chunk that imports dynamically (dist/bundle/uncached.json) gets none.
// Nothing here can fail the build: without a cache the command line compiles from source.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dirs = ['dist/bundle', 'dist/vendor'].map((d) => path.join(root, d));
const caches = () => dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.v8cache')).map((f) => path.join(d, f)));
for (const f of caches()) rmSync(f);

const results = mkdtempSync(path.join(os.tmpdir(), 'agentwarden-build-'));
const run = (args, env = {}) =>
  execFileSync(process.execPath, [path.join(root, 'bin/agentwarden.js'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
const fixtures = path.join(root, 'fixtures');
const scan = (extra, env) => run(['scan', fixtures, '--threads', '1', '-q', '-f', 'json', '-o', os.devNull, '--fail-on', 'none', ...extra], env);
const write = { AGENTWARDEN_CODE_CACHE: 'write' };
try {
  scan(['--cache', results]);
  scan(['--no-cache'], { ...write, AGENTWARDEN_V8_TIERING: 'default' });
  scan(['--cache', results], write);
  run(['tools', fixtures, '-f', 'json', '-o', os.devNull], write);
  scan(['--no-cache'], write);
} catch (err) {
  console.log(`code cache: not made (${String(err.stderr ?? err.message).split('\n')[0]}); the command line compiles from source`);
} finally {
  rmSync(results, { recursive: true, force: true });
}
const uncached = JSON.parse(readFileSync(path.join(root, 'dist/bundle/uncached.json'), 'utf8'));
for (const f of caches()) if (uncached.some((u) => path.basename(f).startsWith(`${u}.`))) rmSync(f);
const made = caches();
const bytes = made.reduce((n, f) => n + readFileSync(f).length, 0);
console.log(`code cache: ${made.length} files, ${(bytes / 1024).toFixed(0)} kB`);
