/**
 * Whether a file ships inside the project's Python package as package data (setuptools'
 * `[tool.setuptools.package-data]` in the nearest pyproject.toml above it): a default MCP
 * configuration a client installs with itself and loads on its users' machines, not a file only its
 * own developers run.
 */
import path from 'node:path';
import { readRootFile, type DependsOn } from '../../core/root-file.js';
import { pathGlobMatcher } from '../../core/glob.js';
import { tomlTable } from '../../parsers/toml.js';
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
    // The nearest project is the one that packages the file: its setuptools tables, or none (not TOML: none).
    const setuptools = (tomlTable(text)?.tool as { setuptools?: Setuptools } | undefined)?.setuptools;
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
    const matches = pathGlobMatcher(patterns.filter((p): p is string => typeof p === 'string'));
    // `"*"` (or `""`) applies to every package: the pattern is read from the file's own folder.
    const home = pkg === '*' || pkg === '' ? undefined : packageFolder(pkg, dirs);
    const inside = home === undefined ? path.posix.basename(relPath) : relPath.startsWith(`${home}/`) ? relPath.slice(home.length + 1) : undefined;
    if (inside !== undefined && matches(inside)) return true;
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
