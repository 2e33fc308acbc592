/**
 * Which files a replay reads, decided in the parent before anything runs: the session files given
 * and the `.json`/`.jsonl`/`.ndjson` files under the folders given. Every path is resolved with
 * `realpath` first (a session reached through a symlinked file or folder, e.g. macOS `/tmp`, must be
 * granted and opened by its real path), while reports keep showing the path as the user gave it.
 *
 * Nothing is dropped silently: a symlink or a special file inside a folder is listed as skipped
 * (an error with `--strict`), and a file the sandbox cannot be granted (a `*` or `,` in its real
 * path) is an error for that file alone.
 */
import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { ScanError, SkippedFile } from '../core/types.js';
import { relPath, type FileRef } from './engine.js';
import { escapeControl } from '../core/text-safety.js';

export const SESSION_EXTENSIONS = new Set(['.json', '.jsonl', '.ndjson']);
const MAX_WALK_DEPTH = 6;

export class ReplayUsageError extends Error {
  override name = 'ReplayUsageError';
}

export interface Collected {
  files: FileRef[];
  skipped: SkippedFile[];
  /** Files that cannot be evaluated, known before reading: each makes the exit code 2. */
  failed: ScanError[];
}

/** A path as reports show it: relative to the root, control characters escaped. */
export function shownPath(root: string, abs: string): string {
  return escapeControl(relPath(root, abs));
}

/** Paths the permission flags cannot carry (a wildcard or a list separator). */
export function ungrantable(real: string): boolean {
  return /[*,]/.test(real);
}

export function collectSessions(root: string, inputs: string[], opts: { sandbox: boolean; strict?: boolean }): Collected {
  const out: Collected = { files: [], skipped: [], failed: [] };
  const leftOut = (rel: string, reason: SkippedFile['reason'], why: string): void => {
    if (opts.strict) out.failed.push({ path: rel, message: `${why} (--strict)` });
    else out.skipped.push({ path: rel, reason });
  };
  const add = (real: string, shown: string, found: boolean): void => {
    const rel = shownPath(root, shown);
    if (opts.sandbox && ungrantable(real)) {
      out.failed.push({ path: rel, message: `not evaluated: the sandbox cannot grant a path containing "*" or ","; rename the file` });
      return;
    }
    out.files.push(found ? { abs: real, rel, found } : { abs: real, rel });
  };
  /** `real` is the folder's real path, `shown` the same folder as the user reaches it. */
  const walk = (real: string, shown: string, depth: number): void => {
    if (depth > MAX_WALK_DEPTH) return;
    for (const entry of readdirSync(real, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const abs = join(real, entry.name);
      const view = join(shown, entry.name);
      const session = SESSION_EXTENSIONS.has(extname(entry.name).toLowerCase());
      if (entry.isSymbolicLink()) {
        if (session) leftOut(shownPath(root, view), 'symlink', 'a symlink inside a folder is not followed; name its target');
      } else if (entry.isDirectory()) walk(abs, view, depth + 1);
      else if (!session) continue;
      else if (entry.isFile()) add(abs, view, true);
      else leftOut(shownPath(root, view), 'unreadable', 'not a regular file');
    }
  };
  for (const input of inputs) {
    const given = resolve(root, input);
    if (!existsSync(given)) throw new ReplayUsageError(`${escapeControl(input)}: no such file or directory`);
    const real = realpathSync(given);
    const st = statSync(real);
    if (st.isDirectory()) walk(real, given, 0);
    else if (st.isFile()) add(real, given, false);
    else throw new ReplayUsageError(`${escapeControl(input)}: not a regular file`);
  }
  return out;
}

/** A file named on the command line (policy, schema, approvals, taxonomy): a regular file, by its real path. */
export function namedFile(root: string, path: string, what: string): FileRef {
  const given = resolve(root, path);
  let real: string;
  try {
    real = realpathSync(given);
  } catch {
    throw new ReplayUsageError(`${what} ${escapeControl(path)}: no such file`);
  }
  if (!lstatSync(real).isFile()) throw new ReplayUsageError(`${what} ${escapeControl(path)}: not a regular file`);
  return { abs: real, rel: shownPath(root, given) };
}
