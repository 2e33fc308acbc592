/**
 * Whether a package an MCP config launches with `npx` (or `npm exec`) is a dependency of the project
 * the config belongs to: npx runs the copy the project installed (`node_modules/.bin`), at the
 * version its lockfile fixes, before it would fetch anything. The `package.json` files from the
 * config's folder up to the scanned root are read; each one read is reported through `dependsOn`,
 * so a cached result goes when one changes.
 */
import path from 'node:path';
import { readRootFile, type DependsOn } from '../../core/root-file.js';
import type { SourceFile } from '../../core/source.js';
import { dependencyNames, type DependencyField } from '../code/package-manifest.js';

/** Runners that take an installed copy first (`pnpm dlx`, `yarn dlx`, `bunx` always fetch into a cache of their own). */
export const LOCAL_FIRST_RUNNERS = new Set(['npx', 'npm exec', 'npm x']);

/** The fields whose packages `npm install` puts in `node_modules`. */
const INSTALLED_FIELDS: DependencyField[] = ['dependencies', 'devDependencies', 'optionalDependencies'];

export function installedByProject(file: SourceFile, name: string, dependsOn?: DependsOn): boolean {
  const root = file.root;
  if (root === undefined) return false;
  for (let dir = path.posix.dirname(file.relPath); ; dir = path.posix.dirname(dir)) {
    const text = readRootFile(root, dir === '.' ? 'package.json' : `${dir}/package.json`, dependsOn);
    if (text !== undefined && declares(text, name)) return true;
    if (dir === '.' || dir === '/' || dir === '') return false;
  }
}

function declares(text: string, name: string): boolean {
  const names = dependencyNames(text);
  return INSTALLED_FIELDS.some((field) => names[field].includes(name));
}
