/**
 * Discovery: walks the given paths and yields the files to scan, each classified once.
 *
 * - nested `.gitignore` files are honoured and ignored directories are pruned, not walked, except
 *   what git tracks all the same (`tracked-ignored.ts`): a committed file is in every clone;
 * - built-in excludes (VCS folders, dependencies, virtualenvs, build output, lock files),
 *   `--exclude` globs and config excludes;
 * - symlinks are never followed: a link inside the root points at something the walk reaches
 *   anyway, one outside the root or in a loop is reported and skipped;
 * - binaries (by name here, by content when read) and files over the size limit (when opened) are
 *   skipped and counted.
 */
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { Ignore } from 'ignore';
import { possiblyIgnored } from './ignore-literals.js';
import { gitignoreRules } from './gitignore.js';
import { BINARY, FOLDER, kindCode, kindOf, LINK, type FolderListing, type FolderListings } from './listings.js';
import { trackedFiles, type TrackedFiles } from './tracked-ignored.js';
import { globMatcher } from '../core/glob.js';
import { classify, isBinaryByName } from './classify.js';
import type { DiscoveredFile, SkippedFile } from '../core/types.js';
import { DEFAULT_MAX_FILE_SIZE } from '../core/source.js';
import { cmp } from '../engine/order.js';

/** Folders that hold dependencies, caches or build output: never the repository's own secrets. */
export const DEFAULT_EXCLUDED_DIRS = [
  '.git', '.hg', '.svn', 'node_modules', 'bower_components', 'jspm_packages',
  '.venv', 'venv', '.virtualenv', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache',
  'site-packages', 'dist', 'build', '.next', '.nuxt', '.svelte-kit', '.turbo', '.parcel-cache', '.cache',
  'coverage', '.nyc_output', 'target', '.gradle', '.terraform', '.serverless', '.aws-sam', 'cdk.out', '.eggs',
];

/** Generated files whose hashes and integrity strings only produce noise. */
export const DEFAULT_EXCLUDED_FILES = [
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'poetry.lock',
  'Pipfile.lock', 'uv.lock', 'Cargo.lock', 'composer.lock', 'Gemfile.lock', 'go.sum', '*.min.js', '*.min.css', '*.map',
];


/** A file's size before it is opened; the reader enforces the limit. */
export const UNKNOWN_SIZE = -1;

const EXCLUDED_FILE_NAMES = new Set(DEFAULT_EXCLUDED_FILES.filter((f) => !f.startsWith('*')));
const EXCLUDED_FILE_SUFFIXES = DEFAULT_EXCLUDED_FILES.filter((f) => f.startsWith('*')).map((f) => f.slice(1));

/** Lock files and minified bundles, by name: checked for every file, so no glob engine. */
function isDefaultExcludedFile(name: string): boolean {
  return EXCLUDED_FILE_NAMES.has(name) || EXCLUDED_FILE_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

export interface WalkOptions {
  /** Absolute root: every relative path is relative to it; nothing outside it is read. */
  root: string;
  /** Absolute paths to walk (files or folders) inside the root. */
  paths: string[];
  exclude?: string[];
  maxFileSize?: number;
  gitignore?: boolean;
  /** Folders' listings from the last walk, reused where a folder is unchanged (one path, the root, only). */
  listings?: FolderListings;
}

export type WalkEntry = { type: 'file'; file: DiscoveredFile } | { type: 'skipped'; skipped: SkippedFile };

interface IgnoreScope {
  /** Folder of the .gitignore, relative to the root ('' for the root). */
  dir: string;
  /** Its text; its rules are built the first time a path may match one (most scopes never need them). */
  text: string;
  rules?: Ignore;
  /** What a path must hold for some rule to match it (see ignore-literals.ts); undefined: any path may. */
  candidates?: RegExp;
}

export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/** Picks the deepest folder holding every given path: the root of the scan. */
export function commonRoot(absPaths: string[]): string {
  const dirs = absPaths.map((p) => {
    try {
      return statSync(p).isDirectory() ? p : path.dirname(p);
    } catch {
      return path.dirname(p);
    }
  });
  let root = dirs[0]!;
  for (const d of dirs.slice(1)) {
    while (!(d === root || d.startsWith(root.endsWith(path.sep) ? root : root + path.sep))) {
      const up = path.dirname(root);
      if (up === root) break;
      root = up;
    }
  }
  return root;
}

export function* walk(options: WalkOptions): Generator<WalkEntry> {
  const root = realpathSync(options.root);
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const useGitignore = options.gitignore !== false;
  const excludedDirs = new Set(DEFAULT_EXCLUDED_DIRS);
  const userExcluded = globMatcher(options.exclude ?? []);
  const isExcluded = (rel: string, name: string): boolean => isDefaultExcludedFile(name) || userExcluded(rel);
  // Only overlapping paths (`scan src src/agents`) can yield a file twice: remember files then only,
  // so a single tree is walked without a set that grows with it.
  const overlapping = options.paths.length > 1;
  const seen = new Set<string>();

  // What git tracks despite an ignore pattern, asked the first time a pattern matches.
  let tracked: TrackedFiles | undefined;
  const ignoredByGit = (scopes: IgnoreScope[], rel: string, isDir: boolean): boolean => {
    for (const scope of scopes) {
      const sub = scope.dir === '' ? rel : rel.slice(scope.dir.length + 1);
      if (scope.candidates && !scope.candidates.test(sub)) continue;
      if (!(scope.rules ??= gitignoreRules(scope.text)).ignores(isDir ? `${sub}/` : sub)) continue;
      tracked ??= trackedFiles(root);
      return !(isDir ? tracked.hasFolder(rel) : tracked.hasFile(rel));
    }
    return false;
  };

  const loadScope = (absDir: string, relDir: string): IgnoreScope | undefined => {
    if (!useGitignore) return undefined;
    try {
      const text = readFileSync(path.join(absDir, '.gitignore'), 'utf8');
      return { dir: relDir, text, candidates: possiblyIgnored(text) };
    } catch {
      return undefined;
    }
  };

  const fileEntry = (abs: string, rel: string, size: number): WalkEntry => {
    if (size !== UNKNOWN_SIZE && size > maxFileSize) return { type: 'skipped', skipped: { path: rel, reason: 'too-large' } };
    if (isBinaryByName(rel)) return { type: 'skipped', skipped: { path: rel, reason: 'binary' } };
    return { type: 'file', file: { absPath: abs, relPath: rel, kind: classify(rel), size } };
  };

  // A folder's listing from the last walk stands for it only when the walk is of the root alone.
  const listings = options.paths.length === 1 && safeRealpath(options.paths[0]!) === root ? options.listings : undefined;
  /** The scopes of a folder's `.gitignore` and its parents', read only when some folder below needs them. */
  type Scopes = () => IgnoreScope[];
  const below = (scopes: Scopes, absDir: string, relDir: string, hasIgnore: boolean): Scopes => {
    if (!hasIgnore) return scopes;
    let active: IgnoreScope[] | undefined;
    return () => {
      if (!active) {
        const own = loadScope(absDir, relDir);
        active = own ? [...scopes(), own] : scopes();
      }
      return active;
    };
  };

  /**
   * `fresh`: no listing below here may stand (a `.gitignore` above changed, or the folder is new
   * to the listings): every folder is read.
   */
  function* walkDir(absDir: string, relDir: string, scopes: Scopes, fresh = false): Generator<WalkEntry> {
    const absPrefix = absDir.endsWith(path.sep) ? absDir : absDir + path.sep;
    const relPrefix = relDir ? `${relDir}/` : '';
    const previous = fresh ? undefined : listings?.previous(relDir, absDir);
    if (previous?.unchanged) {
      yield* fromListing(previous.listing, absPrefix, relPrefix, below(scopes, absDir, relDir, previous.listing.ignore));
      return;
    }
    const stamp = listings?.before(absDir);
    let entries: Dirent[];
    try {
      entries = readdirSync(absDir, { withFileTypes: true });
    } catch {
      yield { type: 'skipped', skipped: { path: relDir || '.', reason: 'unreadable' } };
      return;
    }
    const items: string[] = [];
    const hasIgnore = entries.some((e) => e.name === '.gitignore');
    // A virtualenv (any folder holding pyvenv.cfg) is installed packages, not the repository's code.
    if (relDir && entries.some((e) => e.name === 'pyvenv.cfg')) {
      listings?.record(relDir, stamp, undefined, items);
      return;
    }
    entries.sort((a, b) => cmp(a.name, b.name));
    const ignoreStamp = hasIgnore ? listings?.before(path.join(absDir, '.gitignore')) : undefined;
    const active = below(scopes, absDir, relDir, hasIgnore);
    // Folders below may take their listings only where this folder's rules are as they were.
    const known = previous && previous.ignoreUnchanged ? new Set(previous.listing.items) : undefined;
    for (const entry of entries) {
      const rel = relPrefix + entry.name;
      const abs = absPrefix + entry.name;
      if (entry.isSymbolicLink()) {
        items.push(LINK + entry.name);
        const outcome = symlinkOutcome(abs, root);
        if (outcome) yield { type: 'skipped', skipped: { path: rel, reason: outcome } };
        continue;
      }
      if (entry.isDirectory()) {
        if (excludedDirs.has(entry.name) || userExcluded(rel) || ignoredByGit(active(), rel, true)) continue;
        items.push(FOLDER + entry.name);
        yield* walkDir(abs, rel, active, !known?.has(FOLDER + entry.name));
      } else if (entry.isFile()) {
        if (isExcluded(rel, entry.name) || ignoredByGit(active(), rel, false)) continue;
        if (overlapping) {
          if (seen.has(abs)) continue;
          seen.add(abs);
        }
        // The size is checked when the file is opened (one fstat in the worker, not an lstat here).
        const found = fileEntry(abs, rel, UNKNOWN_SIZE);
        items.push((found.type === 'file' ? kindCode(found.file.kind) : BINARY) + entry.name);
        yield found;
      }
    }
    listings?.record(relDir, stamp, hasIgnore ? ignoreStamp : undefined, items);
  }

  /** What the last walk found in an unchanged folder, without reading it. */
  function* fromListing(listing: FolderListing, absPrefix: string, relPrefix: string, scopes: Scopes): Generator<WalkEntry> {
    for (const item of listing.items) {
      const name = item.slice(1);
      const rel = relPrefix + name;
      const abs = absPrefix + name;
      const code = item[0]!;
      if (code === FOLDER) yield* walkDir(abs, rel, scopes);
      else if (code === LINK) {
        const outcome = symlinkOutcome(abs, root);
        if (outcome) yield { type: 'skipped', skipped: { path: rel, reason: outcome } };
      } else if (code === BINARY) yield { type: 'skipped', skipped: { path: rel, reason: 'binary' } };
      else yield { type: 'file', file: { absPath: abs, relPath: rel, kind: kindOf(code) ?? classify(rel), size: UNKNOWN_SIZE } };
    }
  }

  for (const given of options.paths) {
    let abs: string;
    try {
      abs = realpathSync(given);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const rel = toPosix(path.relative(root, given)) || '.';
      yield { type: 'skipped', skipped: { path: rel, reason: code === 'ELOOP' ? 'symlink-loop' : 'unreadable' } };
      continue;
    }
    const rel = toPosix(path.relative(root, abs));
    if (rel.startsWith('..')) {
      yield { type: 'skipped', skipped: { path: toPosix(given), reason: 'symlink-outside-root' } };
      continue;
    }
    const st = statSync(abs);
    if (st.isDirectory()) {
      // Ignore files of the folders between the root and the given folder apply too.
      const scopes: IgnoreScope[] = [];
      const parts = rel ? rel.split('/') : [];
      for (let i = 0; i < parts.length; i++) {
        const relDir = parts.slice(0, i).join('/');
        const scope = loadScope(path.join(root, relDir), relDir);
        if (scope) scopes.push(scope);
      }
      yield* walkDir(abs, rel, () => scopes);
    } else if (st.isFile() && !seen.has(abs)) {
      // A file named explicitly is scanned even if an ignore rule would skip it.
      seen.add(abs);
      yield fileEntry(abs, rel || path.basename(abs), st.size);
    }
  }
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function symlinkOutcome(abs: string, root: string): SkippedFile['reason'] | undefined {
  let target: string;
  try {
    target = realpathSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ELOOP' ? 'symlink-loop' : undefined; // a dangling link is nothing to scan
  }
  const rel = path.relative(root, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return 'symlink-outside-root';
  return undefined; // inside the root: the walk reaches the target itself
}
