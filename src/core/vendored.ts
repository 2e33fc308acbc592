/**
 * Third-party CommonJS libraries that every scan loads (the YAML, JSONC and glob parsers), from the
 * single-file builds `npm run build` makes of them in `dist/vendor/` (scripts/bundle.mjs): one file
 * is read and compiled instead of dozens (the YAML library alone is some seventy), which takes a
 * scanning thread about 30 ms less. Without that build (the package run from `src/`), the installed
 * package itself. They load through the code cache (code-cache.ts), as the bundle does.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from './paths.js';
import { loadCached } from './code-cache.js';

const require = createRequire(import.meta.url);

export function vendored<T>(name: string): T {
  const build = path.join(PACKAGE_ROOT, 'dist', 'vendor', `${name}.cjs`);
  return existsSync(build) ? loadCached<T>(build) : (require(name) as T);
}
