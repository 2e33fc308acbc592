/**
 * A file's stamp, as git's index keeps one: its inode and its modification and change times. A
 * write moves the change time, and nothing short of the system clock sets it back, so an unchanged
 * stamp (and size) vouches for unchanged content. The result cache keeps each file's stamp with its
 * hash, and a repeat scan trusts the stamp instead of reading the file. A stamp is kept only for a
 * file last changed well before its scan began (`SETTLED_MS`): a file written during a scan, or so
 * close before it that the file system's time resolution could hide a second write, is read and
 * hashed the next time. `AGENTWARDEN_CACHE_STAMPS=off` trusts hashes alone.
 */
import type { Stats } from 'node:fs';

/** Longer than any file system's time resolution (FAT's two seconds). */
export const SETTLED_MS = 2000;

export type Stamp = [ino: number, mtimeMs: number, ctimeMs: number];

export function stampOf(st: Stats): Stamp {
  return [st.ino, st.mtimeMs, st.ctimeMs];
}

/** Compared as numbers: a scan of a large tree compares one per file. */
export function sameStamp(st: Stats, stamp: Stamp): boolean {
  return st.ino === stamp[0] && st.mtimeMs === stamp[1] && st.ctimeMs === stamp[2];
}

export function stampsEqual(a: Stamp | 0, b: Stamp | 0): boolean {
  return a === b || (!!a && !!b && a[0] === b[0] && a[1] === b[1] && a[2] === b[2]);
}

export function isStamp(x: unknown): x is Stamp {
  return Array.isArray(x) && x.length === 3 && x.every((n) => typeof n === 'number');
}

export function stampsOn(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.AGENTWARDEN_CACHE_STAMPS !== 'off';
}

/** Whether the file was last changed at least `SETTLED_MS` before `since` (a scan's start). */
export function settledBefore(stamp: Stamp, since: number): boolean {
  return stamp[1] < since - SETTLED_MS && stamp[2] < since - SETTLED_MS;
}
