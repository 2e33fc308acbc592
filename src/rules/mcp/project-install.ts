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

/** Runners that take an installed copy first (`pnpm dlx`, `yarn dlx`, `bunx` always fetch into a cache of their own). */
export const LOCAL_FIRST_RUNNERS = new Set(['npx', 'npm exec', 'npm x']);

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'];

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
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return false;
  }
  if (!pkg || typeof pkg !== 'object') return false;
  return DEPENDENCY_FIELDS.some((field) => {
    const deps = (pkg as Record<string, unknown>)[field];
    return !!deps && typeof deps === 'object' && Object.hasOwn(deps, name);
  });
}
