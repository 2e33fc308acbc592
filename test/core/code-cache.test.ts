/** The loader of the command line's bundle: CommonJS with V8's code cache, safe when the cache is missing, stale or refused. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeCachePath, codeCacheVariant, loadCached, setCodeCacheVariant } from '../../src/core/code-cache.js';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { tempTree } from '../helpers/tmp.js';

const BUNDLE = {
  'main.cjs': "const shared = require('./shared.cjs');\nconst path = require('node:path');\nshared.count++;\nexports.join = (a, b) => path.join(a, b);\nexports.shared = shared;\nexports.here = __filename;\n",
  'other.cjs': "const shared = require('./shared.cjs');\nshared.count++;\nexports.shared = shared;\n",
  'shared.cjs': 'exports.count = 0;\nexports.double = (n) => n * 2;\n',
};

/** Loads `file` in a fresh process through the built loader (what the command line and its workers do). */
function loadInChild(file: string, env: Record<string, string> = {}): { refusals: number; value: unknown } {
  const loader = pathToFileURL(path.join(PACKAGE_ROOT, 'dist/core/code-cache.js')).href;
  const script = `const { loadCached, codeCacheRefusals } = await import(${JSON.stringify(loader)});
const m = loadCached(${JSON.stringify(file)});
const value = typeof m.run === 'function' ? await m.run() : m.value;
console.log(JSON.stringify({ refusals: codeCacheRefusals(), value }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { refusals: number; value: unknown };
}

describe('loadCached', () => {
  it("loads a CommonJS file and its own relative requires once per thread, Node's modules and packages as Node does", () => {
    const dir = tempTree(BUNDLE);
    const main = loadCached<{ join(a: string, b: string): string; shared: { count: number; double(n: number): number }; here: string }>(path.join(dir, 'main.cjs'));
    const other = loadCached<{ shared: unknown }>(path.join(dir, 'other.cjs'));
    expect(main.join('a', 'b')).toBe(path.join('a', 'b'));
    expect(main.here).toBe(path.join(dir, 'main.cjs'));
    expect(other.shared).toBe(main.shared);
    expect(main.shared.count).toBe(2);
    expect(loadCached(path.join(dir, 'main.cjs'))).toBe(main);
  });

  it('names a cache file by the V8 flag set in force', () => {
    const before = codeCacheVariant();
    try {
      setCodeCacheVariant('tiered');
      expect(codeCachePath('/x/scan.cjs')).toBe('/x/scan.cjs.tiered.v8cache');
      expect(codeCachePath('/x/scan.cjs', 'default')).toBe('/x/scan.cjs.default.v8cache');
    } finally {
      setCodeCacheVariant(before);
    }
  });

  it('keeps line numbers in stack traces', () => {
    const dir = tempTree({ 'throws.cjs': '\n\nexports.fail = () => { throw new Error("here"); };\n' });
    const { fail } = loadCached<{ fail(): void }>(path.join(dir, 'throws.cjs'));
    let stack = '';
    try {
      fail();
    } catch (err) {
      stack = (err as Error).stack ?? '';
    }
    expect(stack).toContain(`${path.join(dir, 'throws.cjs')}:3:`);
  });
});

describe('the code cache', () => {
  it('is written at exit in write mode and then read without a refusal', () => {
    const dir = tempTree({ ...BUNDLE, 'entry.cjs': "const m = require('./main.cjs');\nexports.value = m.shared.double(21);\n" });
    const entry = path.join(dir, 'entry.cjs');
    expect(loadInChild(entry, { AGENTWARDEN_CODE_CACHE: 'write' }).value).toBe(42);
    for (const f of ['entry.cjs', 'main.cjs', 'shared.cjs']) expect(existsSync(path.join(dir, `${f}.default.v8cache`))).toBe(true);
    expect(loadInChild(entry)).toEqual({ refusals: 0, value: 42 });
  });

  it('costs only a refusal when stale or corrupt: the file compiles from source', () => {
    const dir = tempTree({ 'entry.cjs': 'exports.value = 7;\n' });
    const entry = path.join(dir, 'entry.cjs');
    loadInChild(entry, { AGENTWARDEN_CODE_CACHE: 'write' });
    writeFileSync(entry, 'exports.value = 8;\n');
    expect(loadInChild(entry)).toEqual({ refusals: 1, value: 8 });
    writeFileSync(`${entry}.default.v8cache`, 'not a cache');
    expect(loadInChild(entry)).toEqual({ refusals: 1, value: 8 });
    expect(loadInChild(entry, { AGENTWARDEN_CODE_CACHE: 'off' })).toEqual({ refusals: 0, value: 8 });
  });

  it('is not read for a file that imports dynamically (uncached.json), which Node compiles so that import() works', () => {
    const dir = tempTree({
      'dynamic.cjs': "const shared = require('./shared.cjs');\nexports.run = async () => (await import('node:path')).join('a', String(shared.double(2)));\n",
      'shared.cjs': BUNDLE['shared.cjs'],
      'uncached.json': '["dynamic.cjs"]\n',
    });
    expect(loadInChild(path.join(dir, 'dynamic.cjs'), { AGENTWARDEN_CODE_CACHE: 'write' }).value).toBe(path.join('a', '4'));
    expect(loadInChild(path.join(dir, 'dynamic.cjs')).value).toBe(path.join('a', '4'));
  });
});

describe('the build', () => {
  it('made a cache the command line reads without a refusal, and none for the chunks that import dynamically', () => {
    const bundle = path.join(PACKAGE_ROOT, 'dist/bundle');
    const uncached = JSON.parse(readFileSync(path.join(bundle, 'uncached.json'), 'utf8')) as string[];
    expect(uncached.length).toBeGreaterThan(0);
    for (const name of uncached) {
      expect(existsSync(path.join(bundle, `${name}.default.v8cache`))).toBe(false);
      expect(existsSync(path.join(bundle, `${name}.tiered.v8cache`))).toBe(false);
    }
    expect(existsSync(path.join(bundle, 'cli.cjs.default.v8cache'))).toBe(true);
    // The engine as the benchmark loads it, under V8's own flags: every file it loads is read from the cache.
    expect(loadInChild(path.join(bundle, 'scan.cjs'))).toEqual({ refusals: 0, value: undefined });
  });
});
