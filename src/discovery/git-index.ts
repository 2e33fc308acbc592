/**
 * What git's index knows of each tracked file: the blob it holds, and the stat git took of the file
 * when it last found the file to be that blob. A file whose stat is still that one is that blob, as
 * `git status` decides without reading it. The result cache uses this to serve a fresh checkout (a
 * CI job that restored the cache), whose files all have new stamps, without reading them (see
 * `src/engine/blob-store.ts`).
 *
 * Asked of git (`git ls-files --stage --debug`), which reads every index version and extension, so
 * nothing here parses the index file. Only in a work tree's top with its own `.git` folder. Not
 * trusted, as git does not trust them either or cannot vouch for them:
 * - an entry changed no earlier than the index was written ("racily clean": a write in the same
 *   tick would leave its stat unchanged; git compares such a file by content);
 * - entries marked assume-unchanged or skip-worktree (git no longer compares them), unmerged
 *   entries, links and submodules, and the empty blob (an intent-to-add entry carries it whatever
 *   the file holds);
 * - the whole listing, when the index changed while git listed it, or git's output has another shape.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';

/** The stat of a file as the result cache keeps it (see `src/engine/stamp.ts`): inode, modification and change times in ms. */
export type FileStat = readonly [ino: number, mtimeMs: number, ctimeMs: number];

interface Tracked {
  oid: string;
  size: number;
  ino: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** Some 250 bytes an entry: a million tracked files; a larger index is not vouched for. */
const MAX_OUTPUT = 256 * 1024 * 1024;
const EMPTY_BLOBS = new Set(['e69de29bb2d1d6434b8b29ae775ad8c2e48c5391', '473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813']);
/** The index keeps sizes and inodes in 32 bits. */
const U32 = 2 ** 32;
/**
 * One entry of `git ls-files -v --stage --debug -z`: the tag (`H` tracked; lowercase when assumed
 * unchanged, `S` skip-worktree), mode, blob, stage and path, then the stat git recorded.
 */
const ENTRY = /([A-Za-z?]) (\d{6}) ([0-9a-f]{40}|[0-9a-f]{64}) (\d)\t([^\0]*)\0 {2}ctime: (\d+):(\d+)\n {2}mtime: (\d+):(\d+)\n {2}dev: \d+\tino: (\d+)\n {2}uid: \d+\tgid: \d+\n {2}size: (\d+)\tflags: [0-9a-f]+\n/y;

export class GitIndex {
  private constructor(private readonly tracked: Map<string, Tracked>) {}

  /** The index of the work tree whose top is `root`, or undefined (no git, not a work tree's top, a listing it cannot trust). */
  static read(root: string): GitIndex | undefined {
    const indexFile = path.join(root, '.git', 'index');
    const before = statOrUndefined(indexFile);
    if (!before || !statOrUndefined(path.join(root, '.git'))?.isDirectory()) return undefined;
    const r = spawnSync('git', ['-c', 'core.quotePath=false', 'ls-files', '-v', '--stage', '--debug', '-z'], { cwd: root, maxBuffer: MAX_OUTPUT, timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] });
    if (r.error || r.status !== 0 || !r.stdout) return undefined;
    const after = statOrUndefined(indexFile);
    if (!after || after.mtimeMs !== before.mtimeMs || after.ctimeMs !== before.ctimeMs || after.ino !== before.ino || after.size !== before.size) return undefined;
    const tracked = parseListing(r.stdout.toString('utf8'), before.mtimeMs);
    return tracked && new GitIndex(tracked);
  }

  /** The blob the file at `relPath` is, when its size and stat are those git recorded for it; else undefined. */
  blobOf(relPath: string, size: number, stat: FileStat): string | undefined {
    const t = this.tracked.get(relPath);
    if (!t || t.size !== size % U32 || t.ino !== stat[0] % U32 || t.mtimeMs !== stat[1] || t.ctimeMs !== stat[2]) return undefined;
    return t.oid;
  }

  get size(): number {
    return this.tracked.size;
  }
}

/** The entries git can vouch for, or undefined when the listing is not in the shape expected. */
export function parseListing(text: string, indexMtimeMs: number): Map<string, Tracked> | undefined {
  const tracked = new Map<string, Tracked>();
  ENTRY.lastIndex = 0;
  while (ENTRY.lastIndex < text.length) {
    const m = ENTRY.exec(text);
    if (!m) return undefined;
    const [, tag, mode, oid, stage, relPath, cs, cns, ms, mns, ino, size] = m;
    if (tag !== 'H' || stage !== '0' || (mode !== '100644' && mode !== '100755') || EMPTY_BLOBS.has(oid)) continue;
    const mtimeMs = msOf(ms, mns);
    // Racily clean: git would compare this one by content.
    if (mtimeMs >= indexMtimeMs) continue;
    tracked.set(relPath, { oid, size: Number(size), ino: Number(ino), mtimeMs, ctimeMs: msOf(cs, cns) });
  }
  return tracked;
}

/** Seconds and nanoseconds to ms, computed as Node.js computes a stat's `mtimeMs`, so that equal times compare equal. */
function msOf(sec: string, nsec: string): number {
  return Number(sec) * 1e3 + Number(nsec) / 1e6;
}

function statOrUndefined(p: string) {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}
