/**
 * The result cache's store of folders' listings (see `discovery/listings.ts`): each folder the last
 * walk read, with its stamp, its `.gitignore`'s stamp and what the walk kept. A listing is reused
 * only while the folder and its `.gitignore` keep their stamps (stamp.ts: a folder changed within
 * `SETTLED_MS` of its walk keeps none). What git tracks although ignored (tracked-ignored.ts) is in
 * git's index, which no folder's stamp follows: the listings stand only while the index keeps its
 * stamp too, and a work tree whose `.git` is a file (a linked worktree, a submodule) keeps none.
 */
import { lstatSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FolderListing, FolderListings } from '../discovery/listings.js';
import { isStamp, sameStamp, settledBefore, stampOf, stampsEqual, type Stamp } from './stamp.js';

/** A folder's stamp, its `.gitignore`'s (`0`: it has none), and the walk's listing of it. */
export type FolderRecord = [stamp: Stamp, ignore: Stamp | 0, items: string[]];

export class FolderStore implements FolderListings {
  /** The listings this walk read or reused: the next pack's. */
  readonly next: Record<string, FolderRecord> = {};
  /** Whether any listing was read anew (the pack is then written again). */
  changed = false;

  private constructor(
    private readonly old: Record<string, FolderRecord>,
    /** The stamp of git's index now (`0`: no index), kept with the listings. */
    readonly index: Stamp | 0,
    private readonly started: number,
  ) {}

  /**
   * The store of a root, from a pack's `folders` and `index` (anything malformed: no listing is
   * reused); undefined where listings cannot be trusted (`.git` is a file).
   */
  static open(root: string, folders: unknown, index: unknown, started: number): FolderStore | undefined {
    const now = indexStamp(root);
    if (now === undefined) return undefined;
    const usable = (index === 0 || isStamp(index)) && stampsEqual(index, now) && isRecords(folders);
    return new FolderStore(usable ? folders : {}, now, started);
  }

  previous(relDir: string, absDir: string): { listing: FolderListing; unchanged: boolean; ignoreUnchanged: boolean } | undefined {
    const record = Object.hasOwn(this.old, relDir) ? this.old[relDir] : undefined;
    if (!record) return undefined;
    const [stamp, ignore, items] = record;
    const st = statSync(absDir, { throwIfNoEntry: false });
    const folderUnchanged = !!st && sameStamp(st, stamp);
    let ignoreUnchanged: boolean;
    // An unchanged folder that had no .gitignore still has none (adding one moves the folder's stamp).
    if (folderUnchanged && ignore === 0) ignoreUnchanged = true;
    else {
      const now = statSync(path.join(absDir, '.gitignore'), { throwIfNoEntry: false });
      ignoreUnchanged = ignore === 0 ? !now : !!now && sameStamp(now, ignore);
    }
    const unchanged = folderUnchanged && ignoreUnchanged;
    if (unchanged) this.next[relDir] = record;
    return { listing: { items, ignore: ignore !== 0 }, unchanged, ignoreUnchanged };
  }

  before(absPath: string): unknown {
    const st = statSync(absPath, { throwIfNoEntry: false });
    return st ? stampOf(st) : null;
  }

  record(relDir: string, stamp: unknown, ignoreStamp: unknown, items: string[]): void {
    this.changed = true;
    if (!this.settled(stamp)) return;
    if (ignoreStamp === undefined) this.next[relDir] = [stamp, 0, items];
    else if (this.settled(ignoreStamp)) this.next[relDir] = [stamp, ignoreStamp, items];
  }

  private settled(stamp: unknown): stamp is Stamp {
    return isStamp(stamp) && settledBefore(stamp, this.started);
  }
}

/** The stamp of the root's git index: `0` without one, undefined when `.git` is not a folder. */
function indexStamp(root: string): Stamp | 0 | undefined {
  const git = lstatSync(path.join(root, '.git'), { throwIfNoEntry: false });
  if (!git) return 0;
  if (!git.isDirectory()) return undefined;
  const index = statSync(path.join(root, '.git', 'index'), { throwIfNoEntry: false });
  return index ? stampOf(index) : 0;
}

function isRecords(x: unknown): x is Record<string, FolderRecord> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  for (const key in x) {
    const r = (x as Record<string, unknown>)[key];
    if (!Array.isArray(r) || r.length !== 3 || !isStamp(r[0]) || (r[1] !== 0 && !isStamp(r[1])) || !Array.isArray(r[2])) return false;
    if (!(r[2] as unknown[]).every((item) => typeof item === 'string' && item.length > 1)) return false;
  }
  return true;
}
