/**
 * The result cache: a repeat scan gives what an uncached one gives, analyzes only changed files,
 * recomputes cross-file findings from cached facts, survives a broken pack and concurrent scans,
 * and never stores a secret.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { scan, type ScanResult } from '../../src/engine/scan.js';
import { defaultCacheDir, ResultCache } from '../../src/engine/cache.js';
import { SETTLED_MS, stampOf, type Stamp } from '../../src/engine/stamp.js';
import type { FileResult, QueuedFile } from '../../src/engine/analyze-file.js';
import { secretEngine } from '../../src/rules/registry.js';
import { Hasher } from '../../src/engine/hasher.js';
import { contentHash } from '../../src/core/fingerprint.js';
import { tempTree } from '../helpers/tmp.js';
import { walk } from '../../src/discovery/walk.js';
import { readBytes } from '../../src/engine/read-file.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

const essence = (r: ScanResult) => ({
  findings: r.report.findings,
  errors: r.report.errors,
  skipped: r.report.skipped,
  files: [r.report.stats.filesScanned, r.report.stats.filesSkipped, r.report.stats.bytesScanned],
  identities: r.facts.identities,
  inventory: r.facts.inventory,
});

const packs = (dir: string) => readdirSync(path.join(dir, 'v2')).map((f) => path.join(dir, 'v2', f));

// Two MCP configs share the demo's (fake) GitHub token: the shared-identity finding is cross-file.
const MCP = readFileSync(path.join(FIXTURES, 'demo/.cursor/mcp.json'), 'utf8');
const shared = (): Record<string, string> => ({
  'svc-a/.cursor/mcp.json': MCP,
  'svc-b/.cursor/mcp.json': MCP,
  'svc-c/notes.md': 'nothing here\n',
});
const isShared = (r: ScanResult) => r.report.findings.some((f) => f.ruleId === 'identity/shared-credential' && /GitHub/.test(f.message));

describe('result cache', () => {
  it('the fixtures give the same findings, errors and facts uncached, cold and warm', async () => {
    const cache = tempTree();
    const plain = await scan({ paths: [FIXTURES], threads: 1 });
    const cold = await scan({ paths: [FIXTURES], threads: 1, cache });
    const warm = await scan({ paths: [FIXTURES], threads: 1, cache });
    expect(plain.report.findings.length).toBeGreaterThan(50);
    expect(essence(cold)).toEqual(essence(plain));
    expect(essence(warm)).toEqual(essence(plain));
    expect(cold.cache).toMatchObject({ hits: 0 });
    expect(warm.cache!.misses).toBe(0);
    expect(warm.cache!.hits).toBe(cold.cache!.misses);
  }, 60_000);

  it('tells the caller before the first file whether the cache will serve the scan', async () => {
    const root = tempTree(shared());
    const cache = tempTree();
    const plans: boolean[] = [];
    const onStart = (plan: { warm: boolean }) => plans.push(plan.warm);
    await scan({ paths: [root], threads: 1, onStart });
    await scan({ paths: [root], threads: 1, cache, onStart });
    await scan({ paths: [root], threads: 1, cache, onStart });
    expect(plans).toEqual([false, false, true]);
  });

  it('with worker threads too', async () => {
    const files: Record<string, string> = shared();
    for (let i = 0; i < 700; i++) files[`pkg${i % 7}/mod${i}.py`] = `import os\nVALUE_${i} = os.environ.get("X_${i}")\n`;
    const root = tempTree(files);
    const cache = tempTree();
    const plain = await scan({ paths: [root], threads: 2 });
    const cold = await scan({ paths: [root], threads: 2, cache });
    const warm = await scan({ paths: [root], threads: 2, cache });
    expect(essence(cold)).toEqual(essence(plain));
    expect(essence(warm)).toEqual(essence(plain));
    expect(warm.cache).toMatchObject({ hits: 703, misses: 0 });
    // Many changed files: unchanged ones are served as the walk finds them, the rest go to the workers.
    for (let i = 0; i < 500; i++) writeFileSync(path.join(root, `pkg${i % 7}/mod${i}.py`), `import os\nVALUE_${i} = os.environ.get("Y_${i}")\n`);
    const changed = await scan({ paths: [root], threads: 2, cache });
    expect(changed.cache).toMatchObject({ hits: 203, misses: 500 });
    expect(essence(changed)).toEqual(essence(await scan({ paths: [root], threads: 2 })));
  }, 60_000);

  it('a large tree served from the cache, one file changed, gives the same as one uncached', async () => {
    const files: Record<string, string> = shared();
    for (let i = 0; i < 2100; i++) files[`d${i % 30}/f${i}.txt`] = i % 500 === 0 ? `token = "ghp_${'R8k2'.repeat(9)}"\n` : `line ${i}\n`;
    const root = tempTree(files);
    const cache = tempTree();
    const plain = await scan({ paths: [root], threads: 2 });
    await scan({ paths: [root], threads: 2, cache });
    writeFileSync(path.join(root, 'd7/f7.txt'), 'changed\n');
    const warm = await scan({ paths: [root], threads: 2, cache });
    expect(warm.cache).toMatchObject({ hits: 2102, misses: 1 });
    expect(essence(warm)).toEqual(essence(await scan({ paths: [root], threads: 2 })));
    expect(essence(warm).findings.length).toBe(plain.report.findings.length);
  }, 60_000);

  it('analyzes only changed files, and recomputes cross-file findings from the facts', async () => {
    const root = tempTree(shared());
    const cache = tempTree();
    const first = await scan({ paths: [root], threads: 1, cache });
    expect(isShared(first)).toBe(true);
    // Same size, another token: the hash decides, not the size or the time.
    writeFileSync(path.join(root, 'svc-b/.cursor/mcp.json'), MCP.replace('ghp_R8', 'ghp_S8'));
    const second = await scan({ paths: [root], threads: 1, cache });
    expect(second.cache).toMatchObject({ hits: 2, misses: 1 });
    expect(essence(second)).toEqual(essence(await scan({ paths: [root], threads: 1 })));
    expect(isShared(second)).toBe(false);
  });

  it('a workflow result that read the project metadata is analyzed again when the metadata changes', async () => {
    const workflow = 'on: push\npermissions: {contents: write}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme-labs/setup@main\n';
    const root = tempTree({ '.github/workflows/ci.yml': workflow, 'package.json': '{"repository": "acme-labs/tool"}' });
    const cache = tempTree();
    const severity = (r: ScanResult) => r.report.findings.filter((f) => f.ruleId === 'deploy/unpinned-action').map((f) => f.severity);
    const first = await scan({ paths: [root], threads: 1, cache });
    writeFileSync(path.join(root, 'package.json'), '{"repository": "other-org/tool"}');
    const second = await scan({ paths: [root], threads: 1, cache });
    expect(severity(second)).toEqual(severity(await scan({ paths: [root], threads: 1 })));
    expect(severity(second)).not.toEqual(severity(first));
  });

  it('a result that looked for a file that was not there is analyzed again when it appears', async () => {
    const workflow = 'on: push\npermissions: {contents: write}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme-labs/setup@main\n';
    const root = tempTree({ '.github/workflows/ci.yml': workflow });
    const cache = tempTree();
    const severity = (r: ScanResult) => r.report.findings.filter((f) => f.ruleId === 'deploy/unpinned-action').map((f) => f.severity);
    const first = await scan({ paths: [root], threads: 1, cache });
    writeFileSync(path.join(root, 'package.json'), '{"repository": "acme-labs/tool"}');
    const second = await scan({ paths: [root], threads: 1, cache });
    expect(severity(second)).toEqual(severity(await scan({ paths: [root], threads: 1 })));
    expect(severity(second)).not.toEqual(severity(first));
  });

  it('a result that followed the modules beside a file is analyzed again when another module of that folder starts importing it', async () => {
    const helper = path.join(FIXTURES, 'mcp-http/positive/served_helper');
    const files = path.join(FIXTURES, 'mcp-http/positive/served_helper_files');
    const root = tempTree({ 'srv/serve.ts': readFileSync(path.join(helper, 'serve.ts'), 'utf8'), 'srv/main.ts': readFileSync(path.join(helper, 'main.ts'), 'utf8') });
    const cache = tempTree();
    const severity = (r: ScanResult) => r.report.findings.filter((f) => f.ruleId === 'code/mcp-http-no-auth').map((f) => f.severity);
    const first = await scan({ paths: [root], threads: 1, cache });
    writeFileSync(path.join(root, 'srv/docs.ts'), readFileSync(path.join(files, 'main.ts'), 'utf8'));
    const second = await scan({ paths: [root], threads: 1, cache });
    expect(severity(first)).toEqual(['info']);
    expect(severity(second)).toEqual(severity(await scan({ paths: [root], threads: 1 })));
    expect(severity(second)).toEqual(['medium']);
  });

  it('a broken or foreign pack is ignored, never half-used', async () => {
    const root = tempTree(shared());
    const cache = tempTree();
    const plain = essence(await scan({ paths: [root], threads: 1 }));
    await scan({ paths: [root], threads: 1, cache });
    const [pack] = packs(cache);
    const text = readFileSync(pack!, 'utf8');
    for (const broken of [text.slice(0, text.length / 2), '', '{"format":2,"scope":"x","entries":{}}', text.replace(/"findings":\[/, '"findings":7,"x":[')]) {
      writeFileSync(pack!, broken);
      const r = await scan({ paths: [root], threads: 1, cache });
      expect(r.cache!.hits).toBe(0);
      expect(essence(r)).toEqual(plain);
    }
  });

  it('two scans at once both finish right and leave one whole pack, no temporary file', async () => {
    const root = tempTree(shared());
    const cache = tempTree();
    const plain = essence(await scan({ paths: [root], threads: 1 }));
    const both = await Promise.all([scan({ paths: [root], threads: 1, cache }), scan({ paths: [root], threads: 1, cache })]);
    for (const r of both) expect(essence(r)).toEqual(plain);
    expect(packs(cache)).toHaveLength(1);
    expect(JSON.parse(readFileSync(packs(cache)[0]!, 'utf8')).format).toBe(2);
    expect(essence(await scan({ paths: [root], threads: 1, cache }))).toEqual(plain);
  });

  it('another configuration is another pack', async () => {
    const root = tempTree(shared());
    const cache = tempTree();
    await scan({ paths: [root], threads: 1, cache });
    writeFileSync(path.join(root, '.agentwarden.yaml'), 'maxFileSize: 100000\n');
    const r = await scan({ paths: [root], threads: 1, cache });
    expect(r.cache!.hits).toBe(0);
    expect(packs(cache)).toHaveLength(2);
  });

  it('stores no secret: not the planted ones, not the demo’s', async () => {
    const cache = tempTree();
    const roots = [tempTree(shared()), path.join(FIXTURES, 'demo')];
    for (const root of roots) await scan({ paths: [root], threads: 1, cache });
    const stored = packs(cache).map((p) => readFileSync(p, 'utf8')).join('\n');
    const engine = secretEngine();
    const secrets = new Set<string>();
    for (const root of roots) {
      for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
        if (!e.isFile()) continue;
        for (const c of engine.find(readFileSync(path.join(e.parentPath, e.name), 'utf8'))) secrets.add(c.secret);
      }
    }
    expect(secrets.size).toBeGreaterThan(5);
    for (const s of secrets) expect(stored.includes(s), `secret of ${s.length} characters stored`).toBe(false);
  });

  it('lives in $XDG_CACHE_HOME/agentwarden, else ~/.cache/agentwarden', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe(path.join('/x/cache', 'agentwarden'));
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'relative' })).toMatch(/\.cache[\\/]agentwarden$/);
    expect(existsSync(defaultCacheDir({}).replace(/agentwarden$/, ''))).toBeTypeOf('boolean');
  });
});

describe('stamps', () => {
  const result = (hash: string, bytes: number, stamp?: Stamp): FileResult => ({ findings: [], errors: [], identities: [], inventory: [], bytes, suppressed: 0, hash, stamp });
  /** A scan of `root` that cached `a.txt` with its stamp, begun `lateBy` ms after the file was written; the pack is saved. */
  const cached = (root: string, dir: string, lateBy: number) => {
    const abs = path.join(root, 'a.txt');
    const first = ResultCache.open(dir, { root, paths: [root], config: {} }, Date.now() + lateBy);
    first.settle('a.txt', result('h1', statSync(abs).size, stampOf(statSync(abs))));
    expect(first.save()).toBeUndefined();
    return { abs, file: { relPath: 'a.txt', absPath: abs } as QueuedFile, reopen: () => ResultCache.open(dir, { root, paths: [root], config: {} }, Date.now() + lateBy) };
  };

  it('serves a file whose size and stamp are unchanged without reading it, and reads it when either changed', () => {
    const root = tempTree({ 'a.txt': 'hello' });
    const { abs, file, reopen } = cached(root, tempTree(), SETTLED_MS + 1000);
    const hit = reopen().unchangedByStamp(file);
    expect(hit).toMatchObject({ hash: 'h1', hit: true, bytes: 5 });
    // Same size, new content: the change time moved, the file is read and hashed.
    writeFileSync(abs, 'jello');
    expect(reopen().unchangedByStamp(file)).toBeUndefined();
  });

  it('keeps no stamp for a file written during its scan or just before (the file system may not tell a second write apart)', () => {
    const root = tempTree({ 'a.txt': 'hello' });
    const { file, reopen } = cached(root, tempTree(), 0);
    expect(reopen().unchangedByStamp(file)).toBeUndefined();
  });

  it('trusts hashes alone with AGENTWARDEN_CACHE_STAMPS=off', () => {
    const root = tempTree({ 'a.txt': 'hello' });
    const { file, reopen } = cached(root, tempTree(), SETTLED_MS + 1000);
    process.env.AGENTWARDEN_CACHE_STAMPS = 'off';
    try {
      expect(reopen().unchangedByStamp(file)).toBeUndefined();
    } finally {
      delete process.env.AGENTWARDEN_CACHE_STAMPS;
    }
  });

  it('a scan with stamps off leaves the stamps and folder listings it found to the next scan that trusts them', () => {
    const root = tempTree({ 'a.txt': 'hello', 'sub/b.txt': 'bye' });
    const dir = tempTree();
    const scope = { root, paths: [root], config: {} };
    const later = Date.now() + SETTLED_MS + 1000;
    const { file, abs } = cached(root, dir, SETTLED_MS + 1000);
    const first = ResultCache.open(dir, scope, later);
    for (const _ of walk({ root, paths: [root], listings: first.folders })) void _;
    first.settle('a.txt', result('h1', statSync(abs).size, stampOf(statSync(abs))));
    expect(first.save()).toBeUndefined();
    process.env.AGENTWARDEN_CACHE_STAMPS = 'off';
    try {
      const hashed = ResultCache.open(dir, scope, later);
      hashed.settle('a.txt', { ...result('h1', 5, stampOf(statSync(abs))), stamp: undefined, hit: true });
      hashed.settle('sub/b.txt', result('h2', 3, stampOf(statSync(path.join(root, 'sub/b.txt')))));
      expect(hashed.save()).toBeUndefined();
    } finally {
      delete process.env.AGENTWARDEN_CACHE_STAMPS;
    }
    const again = ResultCache.open(dir, scope, later);
    expect(again.unchangedByStamp(file)).toMatchObject({ hash: 'h1', hit: true });
    expect(again.folders!.previous('', root)).toMatchObject({ unchanged: true });
  });

  it('reading a hashed file takes its stamp after its bytes; with stamps off none is taken', () => {
    const root = tempTree({ 'a.txt': 'hello' });
    const { abs, file, reopen } = cached(root, tempTree(), SETTLED_MS + 1000);
    writeFileSync(abs, 'jello');
    const read = readBytes(file, 1024, true, Buffer.alloc(64));
    expect(read).toMatchObject({ stamp: stampOf(statSync(abs)) });
    process.env.AGENTWARDEN_CACHE_STAMPS = 'off';
    try {
      const unstamped = { ...file };
      expect(reopen().unchangedByStamp(unstamped)).toBeUndefined();
      expect(unstamped.stamp).toBe(0);
    } finally {
      delete process.env.AGENTWARDEN_CACHE_STAMPS;
    }
  });

  it('a file served with a new stamp (a fresh checkout) is written back whole: the next scan reads the pack', () => {
    const root = tempTree({ 'a.txt': 'hello' });
    const dir = tempTree();
    const { abs, reopen } = cached(root, dir, SETTLED_MS + 1000);
    const later = reopen();
    const moved: Stamp = [stampOf(statSync(abs))[0] + 1, 1, 1];
    expect(later.settle('a.txt', { ...result('h1', 5, moved), hit: true })).toMatchObject({ bytes: 5, findings: [] });
    expect(later.save()).toBeUndefined();
    const pack = JSON.parse(readFileSync(packs(dir)[0]!, 'utf8'));
    expect(pack.entries['a.txt']).toEqual(['h1', 5, moved]);
    expect(reopen().size).toBe(1);
  });

  it('stops asking for stamps once the first files all had new ones (a fresh checkout), not when some matched', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 80; i++) files[`f${i}.txt`] = `file ${i}`;
    const root = tempTree(files);
    const dir = tempTree();
    const started = Date.now() + SETTLED_MS + 1000;
    const first = ResultCache.open(dir, { root, paths: [root], config: {} }, started);
    const queued = (i: number) => ({ relPath: `f${i}.txt`, absPath: path.join(root, `f${i}.txt`) }) as QueuedFile;
    // Every file cached with a stamp it no longer has, but the first, whose stamp is its own.
    for (let i = 0; i < 80; i++) {
      const st = stampOf(statSync(queued(i).absPath));
      first.settle(`f${i}.txt`, result(`h${i}`, `file ${i}`.length, i === 0 ? st : [st[0], 1, 1]));
    }
    expect(first.save()).toBeUndefined();
    const fresh = ResultCache.open(dir, { root, paths: [root], config: {} }, started);
    const asked = Array.from({ length: 79 }, (_, i) => queued(i + 1));
    for (const file of asked) expect(fresh.unchangedByStamp(file)).toBeUndefined();
    expect(fresh.stampsAsked).toBe(64);
    // Nor is one taken when those files are read: it would serve no later scan of this checkout's kind.
    expect(asked.slice(0, 64).every((file) => file.stamp === undefined)).toBe(true);
    expect(asked.slice(64).every((file) => file.stamp === 0)).toBe(true);
    // One stamp that vouched: the scan keeps asking.
    const mixed = ResultCache.open(dir, { root, paths: [root], config: {} }, started);
    expect(mixed.unchangedByStamp(queued(0))).toMatchObject({ hit: true });
    for (let i = 1; i < 80; i++) mixed.unchangedByStamp(queued(i));
    expect(mixed.stampsAsked).toBe(80);
  });

  it('after a fresh checkout in which nothing changed, the pack is not written again; a changed file writes it, and a checkout that stays has its stamps the scan after', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 80; i++) files[`f${i}.txt`] = `file ${i}`;
    const root = tempTree(files);
    const dir = tempTree();
    const scope = { root, paths: [root], config: {} };
    const started = Date.now() + SETTLED_MS + 1000;
    const queued = (i: number) => ({ relPath: `f${i}.txt`, absPath: path.join(root, `f${i}.txt`) }) as QueuedFile;
    const first = ResultCache.open(dir, scope, started);
    // Cached with stamps this checkout's files do not have, as a pack restored into a CI job.
    for (let i = 0; i < 80; i++) first.settle(`f${i}.txt`, result(`h${i}`, `file ${i}`.length, [1, 1, 1]));
    expect(first.save()).toBeUndefined();
    const written = readFileSync(packs(dir)[0]!, 'utf8');
    // As the scan does: a file whose stamp vouched is served, any other is read, with its stamp unless told not to take one.
    const repeat = (changed?: number) => {
      const fresh = ResultCache.open(dir, scope, started);
      for (let i = 0; i < 80; i++) {
        const file = queued(i);
        const served = fresh.unchangedByStamp(file);
        if (served) fresh.settle(file.relPath, served);
        else {
          const own = file.stamp === 0 ? undefined : stampOf(statSync(file.absPath));
          fresh.settle(file.relPath, i === changed ? result('new', 3, own) : { ...result(`h${i}`, `file ${i}`.length, own), hit: true });
        }
      }
      expect(fresh.save()).toBeUndefined();
    };
    const pack = () => JSON.parse(readFileSync(packs(dir)[0]!, 'utf8'));
    repeat();
    expect(readFileSync(packs(dir)[0]!, 'utf8')).toBe(written);
    repeat(5);
    expect(pack().entries['f5.txt'][0]).toBe('new');
    expect(pack().entries['f6.txt'][2]).toEqual(stampOf(statSync(queued(6).absPath)));
    expect(pack().entries['f70.txt'][2]).toBe(0);
    // The checkout stayed: the next scan reads the files that have no stamp, takes theirs and keeps them.
    repeat();
    expect(pack().entries['f70.txt'][2]).toEqual(stampOf(statSync(queued(70).absPath)));
  });

  it('a file that is gone is not served', () => {
    const root = tempTree({ 'a.txt': 'hello' });
    const { file, reopen } = cached(root, tempTree(), SETTLED_MS + 1000);
    expect(reopen().unchangedByStamp({ ...file, absPath: path.join(root, 'gone.txt') })).toBeUndefined();
  });
});

describe('a second thread shares the hashing of a repeat scan', () => {
  it('serves the files whose bytes hash as expected and hands back every other one', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`f${i}.txt`] = `file ${i}\n`;
    files['big.txt'] = 'x'.repeat(2000);
    const root = tempTree(files);
    const hasher = new Hasher(1000);
    const queued = (rel: string, known: string): QueuedFile => ({ relPath: rel, absPath: path.join(root, rel), kind: 'other', size: 0, known });
    const taken: QueuedFile[] = [];
    for (let i = 0; i < 300; i++) {
      const known = i % 50 === 7 ? 'changed' : contentHash(Buffer.from(`file ${i}\n`));
      const file = queued(`f${i}.txt`, known);
      if (hasher.take(file, i + 1)) taken.push(file);
    }
    for (const file of [queued('gone.txt', 'x'), queued('big.txt', contentHash(Buffer.from('x'.repeat(2000))))]) if (hasher.take(file, 302)) taken.push(file);
    const { served, misses } = await hasher.drain();
    // The first few are left to the scanning thread; the thread takes the rest as it keeps up.
    expect(taken.length).toBeGreaterThan(0);
    expect(served.length + misses.length).toBe(taken.length);
    for (const { file, result } of served) {
      expect(file.known).not.toBe('changed');
      expect(result).toMatchObject({ hit: true, hash: file.known, bytes: readFileSync(file.absPath).length });
      expect(result.stamp).toEqual(stampOf(statSync(file.absPath)));
    }
    expect(misses.every((f) => f.known === 'changed' || f.relPath === 'gone.txt' || f.relPath === 'big.txt')).toBe(true);
    expect(misses.length).toBe(taken.filter((f) => f.known === 'changed' || f.relPath === 'gone.txt' || f.relPath === 'big.txt').length);
  });

  it('starts no thread when the files to hash are few among many (results that followed other files, stamps vouching for the rest)', async () => {
    const hasher = new Hasher(1000);
    // One file in twenty needs hashing: far from a fresh checkout.
    for (let i = 0; i < 2000; i += 20) expect(hasher.take({ relPath: `f${i}.txt`, absPath: `/nowhere/f${i}.txt`, kind: 'other', size: 0, known: 'h' }, i + 1)).toBe(false);
    expect(await hasher.drain()).toEqual({ served: [], misses: [] });
  });

  it('a thread that stops part way costs only speed: what it had not judged is handed back to analyze', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`f${i}.txt`] = `file ${i}\n`;
    const root = tempTree(files);
    const hasher = new Hasher(1000);
    const taken: QueuedFile[] = [];
    for (let i = 0; i < 300; i++) {
      const file: QueuedFile = { relPath: `f${i}.txt`, absPath: path.join(root, `f${i}.txt`), kind: 'other', size: 0, known: contentHash(Buffer.from(`file ${i}\n`)) };
      if (hasher.take(file, i + 1)) taken.push(file);
    }
    await (hasher as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    const { served, misses } = await hasher.drain();
    expect(taken.length).toBeGreaterThan(0);
    expect(served.length + misses.length).toBe(taken.length);
    expect(new Set([...served.map((s) => s.file), ...misses])).toEqual(new Set(taken));
    // Once it is gone, this thread hashes everything itself.
    expect(hasher.take({ relPath: 'f0.txt', absPath: path.join(root, 'f0.txt'), kind: 'other', size: 0, known: 'x' }, 301)).toBe(false);
  });

  it('a large tree hashed file by file (a fresh checkout) gives what an uncached scan gives', async () => {
    const files: Record<string, string> = shared();
    // Large enough for the second thread (see hasher.ts); plain text, so the uncached scans stay quick.
    for (let i = 0; i < 10_100; i++) files[`d${i % 60}/f${i}.txt`] = i % 2500 === 0 ? `token = "ghp_${'R8k2'.repeat(9)}"\n` : `line ${i}\n`;
    const root = tempTree(files);
    const cache = tempTree();
    await scan({ paths: [root], threads: 2, cache });
    for (let i = 0; i < 10_100; i += 101) writeFileSync(path.join(root, `d${i % 60}/f${i}.txt`), `changed ${i}\n`);
    process.env.AGENTWARDEN_CACHE_STAMPS = 'off';
    const take = vi.spyOn(Hasher.prototype, 'take');
    try {
      const warm = await scan({ paths: [root], threads: 2, cache });
      // The second thread took a share.
      expect(take.mock.results.filter((r) => r.value === true).length).toBeGreaterThan(0);
      take.mockRestore();
      expect(warm.cache).toMatchObject({ hits: 10_003, misses: 100 });
      expect(essence(warm)).toEqual(essence(await scan({ paths: [root], threads: 2 })));
      expect(isShared(warm)).toBe(true);
    } finally {
      take.mockRestore();
      delete process.env.AGENTWARDEN_CACHE_STAMPS;
    }
  }, 120_000);
});
