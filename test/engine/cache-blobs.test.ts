/**
 * A fresh checkout served from the result cache without reading its files: git's index vouches
 * that a file whose stat is the one git recorded is the blob it was, and the pack keeps the blob of
 * each entry (see src/discovery/git-index.ts and src/engine/blob-store.ts). Never for a file git
 * would not vouch for: changed, racily clean, assumed unchanged, untracked.
 */
import { readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GitIndex, parseListing } from '../../src/discovery/git-index.js';
import { ResultCache } from '../../src/engine/cache.js';
import { FRESH_STAMPS } from '../../src/engine/blob-store.js';
import type { QueuedFile } from '../../src/engine/analyze-file.js';
import { scan, type ScanResult } from '../../src/engine/scan.js';
import { SETTLED_MS, stampOf } from '../../src/engine/stamp.js';
import { git, hasCommand, initRepo } from '../dx/git.js';
import { tempTree } from '../helpers/tmp.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');
const MCP = readFileSync(path.join(FIXTURES, 'demo/.cursor/mcp.json'), 'utf8');
const FILES = 20;

/** A repository with a finding and twenty more files, committed. */
function origin(): string {
  const files: Record<string, string> = { '.cursor/mcp.json': MCP, 'Dockerfile': 'FROM node:latest\nUSER root\n' };
  for (let i = 0; i < FILES; i++) files[`src/m${i}.py`] = `value_${i} = ${i}\n`;
  const dir = tempTree(files);
  initRepo(dir);
  must(git(dir, ['add', '-A']));
  must(git(dir, ['commit', '-qm', 'init']));
  return dir;
}

/**
 * A fresh checkout of `from` at `to` (removed first), as a CI job has: new files, a new index. Its
 * files are dated back and the index refreshed, so that no entry is racily clean however fast the
 * file system's clock ticks.
 */
function checkout(from: string, to: string): string {
  rmSync(to, { recursive: true, force: true });
  must(git(path.dirname(to), ['clone', '-q', from, to]));
  const past = new Date(Date.now() - 60_000);
  for (const rel of tracked(to)) utimesSync(path.join(to, rel), past, past);
  must(git(to, ['update-index', '-q', '--refresh']));
  return to;
}

const tracked = (dir: string) => git(dir, ['ls-files', '-z']).stdout.split('\0').filter(Boolean);
const queued = (root: string, relPath: string) => ({ relPath, absPath: path.join(root, relPath) }) as QueuedFile;
const must = (r: { code: number | null; stderr: string }) => {
  if (r.code !== 0) throw new Error(r.stderr);
};
/** A cached file's result as a scan that read it and found its bytes unchanged settles it. */
const hitOf = (cache: ResultCache, root: string, rel: string) => ({ findings: [], errors: [], identities: [], inventory: [], suppressed: 0, bytes: statSync(path.join(root, rel)).size, hash: cache.expected(rel), hit: true });
const fingerprints = (r: ScanResult) => r.report.findings.map((f) => f.fingerprint).sort();

describe.skipIf(!hasCommand('git'))('git vouches for a fresh checkout', () => {
  it('for a tracked file whose stat is the one git recorded, and not once it changed, is assumed unchanged or untracked', () => {
    const root = checkout(origin(), path.join(tempTree(), 'repo'));
    const blob = (rel: string) => git(root, ['rev-parse', `HEAD:${rel}`]).stdout.trim();
    const stat = (rel: string) => stampOf(statSync(path.join(root, rel)));
    const size = (rel: string) => statSync(path.join(root, rel)).size;
    const index = GitIndex.read(root)!;
    expect(index.blobOf('src/m1.py', size('src/m1.py'), stat('src/m1.py'))).toBe(blob('src/m1.py'));
    // Another size or stat is another file.
    expect(index.blobOf('src/m1.py', size('src/m1.py') + 1, stat('src/m1.py'))).toBeUndefined();
    writeFileSync(path.join(root, 'src/m2.py'), 'value_2 = 9\n');
    writeFileSync(path.join(root, 'src/m3.py'), 'value_3 = 9\n');
    must(git(root, ['update-index', '--assume-unchanged', 'src/m3.py']));
    writeFileSync(path.join(root, 'untracked.py'), 'x = 1\n');
    const again = GitIndex.read(root)!;
    expect(again.blobOf('src/m2.py', size('src/m2.py'), stat('src/m2.py'))).toBeUndefined();
    expect(again.blobOf('src/m3.py', size('src/m3.py'), stat('src/m3.py'))).toBeUndefined();
    expect(again.blobOf('untracked.py', size('untracked.py'), stat('untracked.py'))).toBeUndefined();
    expect(again.blobOf('src/m4.py', size('src/m4.py'), stat('src/m4.py'))).toBe(blob('src/m4.py'));
    // Only at a work tree's top.
    expect(GitIndex.read(path.join(root, 'src'))).toBeUndefined();
    expect(GitIndex.read(tempTree({ 'a.txt': 'a' }))).toBeUndefined();
  });

  it('not for an entry changed no earlier than the index was written, nor for a listing of another shape', () => {
    const oid = 'a'.repeat(40);
    const entry = (mtime: string) => `H 100644 ${oid} 0\tsrc/a.py\0  ctime: 100:5\n  mtime: ${mtime}\n  dev: 1\tino: 7\n  uid: 0\tgid: 0\n  size: 3\tflags: 0\n`;
    expect(parseListing(entry('100:5'), 100_001)!.get('src/a.py')).toMatchObject({ oid, size: 3, ino: 7, mtimeMs: 100_000.000005 });
    expect(parseListing(entry('100:5'), 100_000.000005)!.has('src/a.py')).toBe(false);
    expect(parseListing(entry('101:0'), 100_001)!.has('src/a.py')).toBe(false);
    expect(parseListing(entry('100:5').replace('H ', 'h '), 100_001)!.size).toBe(0);
    expect(parseListing(entry('100:5').replace(' 0\t', ' 2\t'), 100_001)!.size).toBe(0);
    expect(parseListing(entry('100:5').replace('100644', '120000'), 100_001)!.size).toBe(0);
    expect(parseListing(entry('100:5').replace('  uid', 'uid'), 100_001)).toBeUndefined();
  });

  it('serves a fresh checkout from the cache without reading its files, once its first stamps were all new', async () => {
    const from = origin();
    const dir = tempTree();
    const root = checkout(from, path.join(tempTree(), 'repo'));
    // The scope a scan of the tree uses: no configuration file, nothing excluded.
    const scope = { root, paths: [root], config: { exclude: [] } };
    const cold = await scan({ paths: [root], threads: 1, cache: dir });
    expect(cold.cache!.misses).toBe(FILES + 2);
    const pack = JSON.parse(readFileSync(path.join(dir, 'v2', readdirSync(path.join(dir, 'v2'))[0]!), 'utf8'));
    expect(pack.blobs['src/m1.py']).toBe(git(root, ['rev-parse', 'HEAD:src/m1.py']).stdout.trim());

    checkout(from, root);
    const cache = ResultCache.open(dir, scope);
    const served = tracked(root).filter((rel) => cache.unchangedByStamp(queued(root, rel)));
    // The first stamps asked for are read as any new stamp is; from then on git vouches for every
    // file asked (a result that followed other files is not asked: it is hashed with them).
    expect(served.length).toBe(cache.vouching.stamps - FRESH_STAMPS);
    expect(served.length).toBeGreaterThanOrEqual(FILES - FRESH_STAMPS);
    expect(cache.vouching.git).toBe(served.length);
  });

  it('asks git too when a few stamps of the checkout already vouch (files a scan of it read), not when most do', async () => {
    const from = origin();
    const dir = tempTree();
    const root = checkout(from, path.join(tempTree(), 'repo'));
    const scope = { root, paths: [root], config: { exclude: [] } };
    await scan({ paths: [root], threads: 1, cache: dir });
    checkout(from, root);
    // A scan of this checkout that read two files keeps their new stamps.
    const later = Date.now() + SETTLED_MS + 1000;
    const first = ResultCache.open(dir, scope, later);
    const read = ['src/m0.py', 'src/m1.py'];
    for (const rel of tracked(root)) first.settle(rel, { ...hitOf(first, root, rel), ...(read.includes(rel) ? { stamp: stampOf(statSync(path.join(root, rel))) } : {}) });
    expect(first.save()).toBeUndefined();
    const mixed = ResultCache.open(dir, scope, later);
    const served = ['src/m0.py', 'src/m1.py', ...tracked(root).filter((rel) => !read.includes(rel))].filter((rel) => mixed.unchangedByStamp(queued(root, rel)));
    expect(mixed.vouching.git).toBeGreaterThanOrEqual(FILES - FRESH_STAMPS - 2);
    expect(served.length).toBe(mixed.vouching.git + 2);
  });

  it('a fresh checkout served by git gives what an uncached scan gives, and a file changed after checkout is read', async () => {
    const from = origin();
    const dir = tempTree();
    const root = checkout(from, path.join(tempTree(), 'repo'));
    await scan({ paths: [root], threads: 1, cache: dir });
    checkout(from, root);
    const plain = await scan({ paths: [root], threads: 1 });
    const served = await scan({ paths: [root], threads: 1, cache: dir });
    expect(served.cache).toMatchObject({ hits: FILES + 2, misses: 0 });
    expect(fingerprints(served)).toEqual(fingerprints(plain));
    expect(plain.report.findings.length).toBeGreaterThan(2);

    // The same size, another content, written after the checkout: git no longer vouches for it.
    checkout(from, root);
    const last = `src/m${FILES - 1}.py`;
    const before = readFileSync(path.join(root, last), 'utf8');
    writeFileSync(path.join(root, last), 'x'.repeat(before.length - 1) + '\n');
    writeFileSync(path.join(root, 'Dockerfile'), 'FROM node:latest\nUSER user\n'.slice(0, readFileSync(path.join(root, 'Dockerfile')).length));
    const changed = await scan({ paths: [root], threads: 1, cache: dir });
    expect(changed.cache).toMatchObject({ misses: 2 });
    expect(fingerprints(changed)).toEqual(fingerprints(await scan({ paths: [root], threads: 1 })));
  });

  it('a pack whose blobs were recorded is written back with them; stamps off leaves them as they were', async () => {
    const from = origin();
    const dir = tempTree();
    const root = checkout(from, path.join(tempTree(), 'repo'));
    await scan({ paths: [root], threads: 1, cache: dir });
    const packFile = () => path.join(dir, 'v2', readdirSync(path.join(dir, 'v2'))[0]!);
    const blobs = JSON.parse(readFileSync(packFile(), 'utf8')).blobs;
    expect(Object.keys(blobs).length).toBe(FILES + 2);
    process.env.AGENTWARDEN_CACHE_STAMPS = 'off';
    try {
      checkout(from, root);
      writeFileSync(path.join(root, 'src/m0.py'), 'value_0 = 10\n');
      await scan({ paths: [root], threads: 1, cache: dir });
    } finally {
      delete process.env.AGENTWARDEN_CACHE_STAMPS;
    }
    expect(JSON.parse(readFileSync(packFile(), 'utf8')).blobs).toEqual(blobs);
  });
});
