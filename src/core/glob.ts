/**
 * Path globs as users write them in `--exclude`, config excludes and ignores, with gitignore's
 * convention: a pattern without `/` matches a name at any depth (`*.snap`, `secrets.env`), a
 * pattern with `/` matches the path from the root (`fixtures/**`, `deploy/*.yaml`).
 * (picomatch's `basename` option cannot be used for both kinds at once: it breaks patterns with `/`.)
 */
import type Picomatch from 'picomatch';
import { vendored } from './vendored.js';

let loaded: typeof Picomatch | undefined;
const picomatch: typeof Picomatch = ((patterns: string[], options: Picomatch.PicomatchOptions) =>
  (loaded ??= vendored<typeof Picomatch>('picomatch'))(patterns, options)) as typeof Picomatch;

export function globMatcher(patterns: string[]): (relPath: string) => boolean {
  if (patterns.length === 0) return () => false;
  const byName = patterns.filter((p) => !p.includes('/'));
  const byPath = patterns.filter((p) => p.includes('/')).map((p) => p.replace(/^\.?\//, ''));
  const name = byName.length ? picomatch(byName, { dot: true }) : undefined;
  const full = byPath.length ? picomatch(byPath, { dot: true }) : undefined;
  return (relPath) => {
    if (full?.(relPath)) return true;
    if (!name) return false;
    const slash = relPath.lastIndexOf('/');
    return name(slash < 0 ? relPath : relPath.slice(slash + 1));
  };
}

/**
 * Globs over paths relative to one folder, as packaging tools write them (setuptools'
 * `package-data`: `*.json` is a file of that folder, `static/**\/*` any file below `static/`): no
 * name-at-any-depth convention.
 */
export function pathGlobMatcher(patterns: string[]): (relPath: string) => boolean {
  if (patterns.length === 0) return () => false;
  return picomatch(patterns, { dot: true });
}
