/**
 * The git blob each cached file was, so that a fresh checkout is served without reading its files.
 *
 * A CI job that restores the result cache has a new checkout: every file has a new stamp, so stamps
 * vouch for nothing and every file would be read and hashed. But git's index says which blob each
 * tracked file is, for as long as the file keeps the stat git recorded (see
 * `src/discovery/git-index.ts`). The pack keeps, beside each entry, the blob its bytes were when
 * git could vouch for them at the stamp taken after they were read; a later scan serves the entry
 * for a file git vouches is that same blob, with the same size, without reading it.
 *
 * - Recorded only for bytes git vouched for at the stamp taken after reading them, so a file
 *   written during a scan is never recorded as a blob it no longer is.
 * - A blob recorded for bytes that are unchanged (the same hash) stands; changed bytes need git again.
 * - The size must match too: a checkout that converts the blob differently (line endings, Git LFS)
 *   writes other bytes, of another size in every case that changes a finding's line.
 * - git is asked only when it pays: when the stamps asked for are nearly all new (a fresh checkout), on a
 *   first scan, or when many entries have no blob yet; a developer's repeat scan, served by stamps
 *   with a few files changed, does not ask.
 */
import { GitIndex, type FileStat } from '../discovery/git-index.js';

/** New stamps after which the scan asks git, when they are this many times the stamps that vouched (a fresh checkout). */
export const FRESH_STAMPS = 8;
export const FRESH_RATIO = 4;
/** Entries without a blob below which the pack is written without asking git for theirs. */
const RECORD_MIN = 64;

type Pending = [relPath: string, size: number, stat: FileStat];

export class BlobStore {
  private index: GitIndex | undefined | null = null;
  private readonly next = new Map<string, string>();
  private readonly pending: Pending[] = [];
  /** Files served because git vouched they are the blob recorded. */
  hits = 0;

  constructor(
    private readonly root: string,
    private readonly old: Record<string, string> = {},
  ) {}

  /** Whether git's index was asked for (it then stands for the rest of the scan). */
  get asked(): boolean {
    return this.index !== null;
  }

  /** The blob the previous scan recorded for this path. */
  recorded(relPath: string): string | undefined {
    return Object.hasOwn(this.old, relPath) && typeof this.old[relPath] === 'string' ? this.old[relPath] : undefined;
  }

  /** Whether git vouches that the file, now of this size and stat, is the blob the previous scan recorded for it. */
  vouches(relPath: string, size: number, stat: FileStat): boolean {
    const blob = this.recorded(relPath);
    if (!blob || this.gitIndex()?.blobOf(relPath, size, stat) !== blob) return false;
    this.hits++;
    return true;
  }

  /**
   * A file's settled result: its recorded blob stands while its bytes are the ones it was recorded
   * for (`unchanged`); otherwise the stat taken after reading it is kept, to ask git when the pack is written.
   */
  note(relPath: string, unchanged: boolean, size: number, stat: FileStat | undefined): void {
    const blob = unchanged ? this.recorded(relPath) : undefined;
    if (blob) this.next.set(relPath, blob);
    else if (stat) this.pending.push([relPath, size, stat]);
  }

  /** The blobs to write with the pack, and whether they differ from the previous pack's. `cold`: the previous pack had no entry. */
  finish(cold: boolean): { blobs: Record<string, string>; changed: boolean } {
    const ask = this.index !== null || cold || this.pending.length >= RECORD_MIN;
    const index = this.pending.length && ask ? this.gitIndex() : undefined;
    let added = 0;
    if (index) {
      for (const [relPath, size, stat] of this.pending) {
        const blob = index.blobOf(relPath, size, stat);
        if (blob) {
          this.next.set(relPath, blob);
          added++;
        }
      }
    }
    return { blobs: Object.fromEntries(this.next), changed: added > 0 || this.next.size !== Object.keys(this.old).length };
  }

  private gitIndex(): GitIndex | undefined {
    if (this.index === null) this.index = GitIndex.read(this.root);
    return this.index;
  }
}

/** A pack's `blobs` field, or nothing when it is not a map of strings (an older or damaged pack). */
export function readBlobs(x: unknown): Record<string, string> | undefined {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return undefined;
  for (const k in x as Record<string, unknown>) if (typeof (x as Record<string, unknown>)[k] !== 'string') return undefined;
  return x as Record<string, string>;
}
