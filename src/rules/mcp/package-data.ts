/**
 * Whether a file ships inside the project's Python package as package data (setuptools'
 * `[tool.setuptools.package-data]` in the nearest pyproject.toml above it): a default MCP
 * configuration a client installs with itself and loads on its users' machines, not a file only its
 * own developers run.
 */
import path from 'node:path';
import { readRootFile, type DependsOn } from '../../core/root-file.js';
import { escapeRegExp } from '../../core/regex.js';
import { tomlLib } from '../../parsers/libraries.js';
import type { SourceFile } from '../../core/source.js';

interface Setuptools {
  'package-dir'?: Record<string, unknown>;
  'package-data'?: Record<string, unknown>;
}

export function isPackageData(file: SourceFile, dependsOn?: DependsOn): boolean {
  const root = file.root;
  if (root === undefined) return false;
  const parts = file.relPath.split('/').slice(0, -1);
  for (let n = parts.length; n >= 0; n--) {
    const dir = parts.slice(0, n).join('/');
    const text = readRootFile(root, dir ? `${dir}/pyproject.toml` : 'pyproject.toml', dependsOn);
    if (text === undefined) continue;
    // The nearest project is the one that packages the file: its setuptools tables, or none.
    let setuptools: Setuptools | undefined;
    try {
      setuptools = ((tomlLib().parse(text) as { tool?: { setuptools?: Setuptools } }).tool ?? {}).setuptools;
    } catch {
      return false;
    }
    return shipsAsData(setuptools, path.posix.relative(dir || '.', file.relPath));
  }
  return false;
}

/** Whether `relPath` (from the project's directory) matches a package-data pattern of one of its packages. */
function shipsAsData(setuptools: Setuptools | undefined, relPath: string): boolean {
  const data = setuptools?.['package-data'];
  if (!data || typeof data !== 'object') return false;
  const dirs = setuptools['package-dir'] && typeof setuptools['package-dir'] === 'object' ? setuptools['package-dir'] : {};
  for (const [pkg, patterns] of Object.entries(data)) {
    if (!Array.isArray(patterns)) continue;
    const globs = patterns.filter((p): p is string => typeof p === 'string').map(globRegExp);
    // `"*"` (or `""`) applies to every package: the pattern is read from the file's own folder.
    const home = pkg === '*' || pkg === '' ? undefined : packageFolder(pkg, dirs);
    const inside = home === undefined ? path.posix.basename(relPath) : relPath.startsWith(`${home}/`) ? relPath.slice(home.length + 1) : undefined;
    if (inside !== undefined && globs.some((g) => g.test(inside))) return true;
  }
  return false;
}

/** Where a package's files are, by setuptools' `package-dir` (`{"" = "src"}` puts `pkg` in `src/pkg`). */
function packageFolder(pkg: string, dirs: Record<string, unknown>): string {
  const own = dirs[pkg];
  if (typeof own === 'string') return own.replace(/\/+$/, '');
  const base = typeof dirs[''] === 'string' ? (dirs[''] as string).replace(/\/+$/, '') : '';
  const folder = pkg.replace(/\./g, '/');
  return base && base !== '.' ? `${base}/${folder}` : folder;
}

/** A setuptools glob (`*.json`, `static/**\/*`) as a regular expression over a path. */
function globRegExp(glob: string): RegExp {
  const source = glob
    .split(/(\*\*\/?|\*|\?)/)
    .map((part) => (part.startsWith('**') ? '(?:.*/)?' + (part.endsWith('/') ? '' : '.*') : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : escapeRegExp(part)))
    .join('');
  return new RegExp(`^${source}$`);
}
