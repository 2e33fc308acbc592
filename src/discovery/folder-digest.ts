/**
 * A dependency on a folder rather than a file: a result that looked for the files of one kind in a
 * folder (the modules beside a helper that import it) stands only while that folder holds the same
 * such files with the same bytes. Recorded under a key of its own (`folder:<kind>:<dir>`), which the
 * result cache checks with `folderDigest` as it checks a file's hash. The kind `any` stands for
 * whether the folder holds files at all: their names, whatever their kind, and not their bytes.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FileKind } from '../core/types.js';
import { contentHash } from '../core/fingerprint.js';
import { classify } from './classify.js';

const PREFIX = 'folder:';

/** The dependency key of the files of `kind` (`any`: the names of all) directly in `dir` (relative to the root, posix; `.` for the root). */
export function folderKey(kind: FileKind | 'any', dir: string): string {
  return `${PREFIX}${kind}:${dir}`;
}

/** Whether a dependency key names a folder (see `folderKey`). */
export function isFolderKey(key: string): boolean {
  return key.startsWith(PREFIX);
}

/** The names and bytes of the folder's files of that kind, as one digest; `''` when the folder cannot be read. */
export function folderDigest(root: string, key: string): string {
  const [kind, ...rest] = key.slice(PREFIX.length).split(':');
  const dir = rest.join(':');
  let names: string[];
  try {
    names = readdirSync(path.join(root, dir), { withFileTypes: true })
      .filter((e) => e.isFile() && (kind === 'any' || classify(dir === '.' ? e.name : `${dir}/${e.name}`) === kind))
      .map((e) => e.name)
      .sort();
  } catch {
    return '';
  }
  const digest = createHash('sha256');
  for (const name of names) {
    if (kind === 'any') {
      digest.update(`${name}\n`);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(root, dir, name));
    } catch {
      continue;
    }
    digest.update(`${name}\0${contentHash(bytes)}\n`);
  }
  return digest.digest('base64url').slice(0, 32);
}
