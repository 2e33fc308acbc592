/**
 * Git as a source of files, for the developer before commit:
 *
 * - `--staged`: the content staged in the index (what the commit will hold), not the working tree.
 *   Paths come from `git diff --cached`, blob ids from `git ls-files -s`, bytes from one
 *   `git cat-file --batch` process; each blob is decoded here into a SourceFile.
 * - `--since <rev>`: the files that changed between a revision and the working tree, plus new
 *   untracked files; they are read from disk by the normal pipeline.
 *
 * Git runs with a fixed argument list (never a shell) and `core.quotePath` off; paths travel NUL-separated.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { globMatcher } from '../core/glob.js';
import { UsageError } from '../core/errors.js';
import { SourceFile } from '../core/source.js';
import type { ScanError, SkippedFile } from '../core/types.js';
import { classify, isBinaryByName } from './classify.js';
import { decode } from './decode.js';
import { DEFAULT_EXCLUDED_DIRS, DEFAULT_EXCLUDED_FILES, toPosix } from './walk.js';
import { DEFAULT_MAX_FILE_SIZE } from '../core/source.js';

/** Output of git commands we read whole (file lists, blobs of one commit): bounded, but generous. */
const MAX_GIT_OUTPUT = 512 * 1024 * 1024;
/** Bytes looked at for a NUL to call a blob binary, as git does. */

function git(cwd: string, args: string[], input?: Buffer): Buffer {
  const r = spawnSync('git', ['-c', 'core.quotePath=false', ...args], { cwd, input, maxBuffer: MAX_GIT_OUTPUT });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? 'git is not installed or not on PATH' : `git ${args[0]}: ${r.error.message}`);
  }
  if (r.status !== 0) {
    const msg = r.stderr.toString('utf8').trim().split('\n').pop() ?? '';
    throw new UsageError(`git ${args[0]} failed: ${msg || `exit ${r.status}`}`);
  }
  return r.stdout;
}

function nulList(buf: Buffer): string[] {
  return buf.toString('utf8').split('\0').filter(Boolean);
}

/** The top folder of the work tree that holds `dir` (a usage error outside a repository). */
export function repoRoot(dir: string): string {
  const start = existsSync(dir) && statSync(dir).isDirectory() ? dir : path.dirname(dir);
  const r = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: start, encoding: 'utf8' });
  if (r.error) throw new UsageError('git is not installed or not on PATH');
  if (r.status !== 0) throw new UsageError(`not inside a git work tree: ${start}`);
  return path.resolve(r.stdout.trim());
}

/** Pathspecs relative to the repository root for the paths the user named (all when none or `.` at the root). */
function pathspecs(root: string, paths: string[]): string[] {
  const specs = paths.map((p) => toPosix(path.relative(root, path.resolve(p))));
  for (const s of specs) if (s.startsWith('..')) throw new UsageError(`path is outside the repository ${root}: ${s}`);
  return specs.filter((s) => s !== '').length === specs.length && specs.length > 0 ? specs.map((s) => `:(literal)${s}`) : [];
}

/** Leaves out what the directory walk leaves out: dependency and build folders, lock files, user excludes. */
export function excludeFilter(exclude: string[] = []): (rel: string) => boolean {
  const dirs = new Set(DEFAULT_EXCLUDED_DIRS);
  const files = globMatcher(DEFAULT_EXCLUDED_FILES);
  const whole = globMatcher(exclude);
  return (rel) => {
    const parts = rel.split('/');
    if (parts.slice(0, -1).some((d) => dirs.has(d))) return false;
    for (let i = 1; i < parts.length; i++) if (whole(parts.slice(0, i).join('/'))) return false;
    return !files(rel) && !whole(rel);
  };
}

export interface StagedOptions {
  /** Paths the user named (files or folders); all staged files when empty. */
  paths: string[];
  exclude?: string[];
  maxFileSize?: number;
}

export interface StagedSources {
  root: string;
  sources: SourceFile[];
  skipped: SkippedFile[];
  errors: ScanError[];
}

/**
 * The files added, copied, modified or renamed in the index, with their staged bytes decoded.
 * Deletions, submodules and symlinks carry no content of their own and are left out.
 */
export function stagedSources(cwd: string, options: StagedOptions): StagedSources {
  const root = repoRoot(options.paths[0] ?? cwd);
  const specs = pathspecs(root, options.paths.length ? options.paths : []);
  const keep = excludeFilter(options.exclude);
  const changed = nulList(git(root, ['diff', '--cached', '--name-only', '-z', '--no-renames', '--diff-filter=ACMRT', '--', ...specs])).filter(keep);
  const result: StagedSources = { root, sources: [], skipped: [], errors: [] };
  if (changed.length === 0) return result;

  // mode, blob id and stage of each path in the index (`<mode> <oid> <stage>\t<path>`).
  const entries = new Map<string, { mode: string; oid: string }>();
  for (const line of nulList(git(root, ['ls-files', '-s', '-z', '--', ...changed.map((p) => `:(literal)${p}`)]))) {
    const tab = line.indexOf('\t');
    const [mode, oid, stage] = line.slice(0, tab).split(' ');
    if (stage === '0' || !entries.has(line.slice(tab + 1))) entries.set(line.slice(tab + 1), { mode: mode!, oid: oid! });
  }
  const wanted: { rel: string; oid: string }[] = [];
  for (const rel of changed) {
    const entry = entries.get(rel);
    if (!entry || entry.mode === '160000' || entry.mode === '120000') continue;
    if (isBinaryByName(rel)) result.skipped.push({ path: rel, reason: 'binary' });
    else wanted.push({ rel, oid: entry.oid });
  }
  const blobs = catBlobs(root, wanted.map((w) => w.oid));
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  for (const { rel, oid } of wanted) {
    const buf = blobs.get(oid);
    if (!buf) {
      result.errors.push({ path: rel, message: `staged blob ${oid.slice(0, 12)} could not be read from the index` });
      continue;
    }
    if (buf.length > maxFileSize) {
      result.skipped.push({ path: rel, reason: 'too-large' });
      continue;
    }
    const decoded = decode(buf);
    if (decoded.binary) {
      result.skipped.push({ path: rel, reason: 'binary' });
      continue;
    }
    if (decoded.note) result.errors.push({ path: rel, message: decoded.note });
    result.sources.push(new SourceFile({ absPath: path.join(root, rel), relPath: rel, kind: classify(rel), size: buf.length }, decoded.text, buf));
  }
  return result;
}

/** Reads many blobs through one `git cat-file --batch`: `<oid> <type> <size>\n<bytes>\n` each. */
function catBlobs(root: string, oids: string[]): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  const unique = [...new Set(oids)];
  if (unique.length === 0) return blobs;
  const out = git(root, ['cat-file', '--batch'], Buffer.from(`${unique.join('\n')}\n`));
  let pos = 0;
  while (pos < out.length) {
    const nl = out.indexOf(10, pos);
    if (nl < 0) break;
    const header = out.subarray(pos, nl).toString('utf8').split(' ');
    pos = nl + 1;
    if (header[1] === 'missing' || header.length < 3) continue;
    const size = Number(header[2]);
    if (header[1] === 'blob') blobs.set(header[0]!, out.subarray(pos, pos + size));
    pos += size + 1;
  }
  return blobs;
}

/**
 * Files that differ between `rev` and the working tree (added, copied, modified, renamed, type
 * changed), plus untracked files that .gitignore does not hide; absolute paths, existing files only.
 */
export function changedSince(cwd: string, rev: string, paths: string[], exclude: string[] = []): { root: string; files: string[] } {
  const root = repoRoot(paths[0] ?? cwd);
  if (rev.startsWith('-')) throw new UsageError(`--since: not a revision: ${rev}`);
  const verify = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: root, encoding: 'utf8' });
  if (verify.status !== 0) throw new UsageError(`--since: unknown revision "${rev}"`);
  const specs = pathspecs(root, paths);
  const keep = excludeFilter(exclude);
  const changed = nulList(git(root, ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=ACMRT', rev, '--', ...specs]));
  const untracked = nulList(git(root, ['ls-files', '--others', '--exclude-standard', '-z', '--', ...specs]));
  const files = [...new Set([...changed, ...untracked])]
    .filter(keep)
    .sort()
    .map((rel) => path.join(root, rel))
    .filter((abs) => {
      try {
        return statSync(abs).isFile();
      } catch {
        return false;
      }
    });
  return { root, files };
}
