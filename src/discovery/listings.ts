/**
 * What a walk decided in each folder, kept so that the next walk of an unchanged folder takes it
 * instead of reading the folder and testing its names against every `.gitignore` again (git's
 * untracked cache does the same with folders' stamps). Adding, removing or renaming an entry moves
 * a folder's stamp; editing a file does not, and a file's content is the result cache's to check.
 *
 * A listing is the folder's entries the walk kept, in its order, each a one-character code and the
 * name: `d` a folder it walked into, `l` a symbolic link (its target is looked at again each walk),
 * `b` a binary it skipped by name, and for a file to scan its kind (`A` the first of `FILE_KINDS`).
 * Ignored and excluded entries are not in it. The walk decides whether a folder's listing may stand
 * (see `walk.ts`); the store says whether the folder and its `.gitignore` are unchanged.
 */
import { FILE_KINDS, type FileKind } from '../core/types.js';

export interface FolderListings {
  /**
   * The listing the last walk left for this folder (undefined: none), whether the folder kept its
   * stamp since (`unchanged`: the listing stands for it; it also says the folder's `.gitignore` kept
   * its own), and whether its `.gitignore` is as it was (present or absent, and its stamp): when
   * not, no listing below it may stand either.
   */
  previous(relDir: string, absDir: string): { listing: FolderListing; unchanged: boolean; ignoreUnchanged: boolean } | undefined;
  /** A folder's or a `.gitignore`'s stamp taken before it is read (opaque to the walk). */
  before(absPath: string): unknown;
  /** What this walk kept of a folder it read: its stamp and its `.gitignore`'s (undefined: it has none), from `before`. */
  record(relDir: string, stamp: unknown, ignoreStamp: unknown, items: string[]): void;
}

export interface FolderListing {
  items: string[];
  /** Whether the folder holds a `.gitignore`, whose rules apply to the folders below. */
  ignore: boolean;
}

export const FOLDER = 'd';
export const LINK = 'l';
export const BINARY = 'b';
const KIND_BASE = 'A'.charCodeAt(0);

export function kindCode(kind: FileKind): string {
  return String.fromCharCode(KIND_BASE + FILE_KINDS.indexOf(kind));
}

/** The kind a code stands for; undefined for a code that is not a file's. */
export function kindOf(code: string): FileKind | undefined {
  return FILE_KINDS[code.charCodeAt(0) - KIND_BASE];
}
