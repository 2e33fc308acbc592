/**
 * Third-party CommonJS libraries that every scan loads (the YAML, JSONC and glob parsers), from the
 * single-file builds `npm run build` makes of them in `dist/vendor/` (scripts/bundle.mjs): one file
 * is read and compiled instead of dozens (the YAML library alone is some seventy), which takes a
 * scanning thread about 30 ms less. Without that build (the package run from `src/`), the installed
 * package itself.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { PACKAGE_ROOT } from './paths.js';

const require = createRequire(import.meta.url);

export function vendored<T>(name: string): T {
  try {
    return require(path.join(PACKAGE_ROOT, 'dist', 'vendor', `${name}.cjs`)) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    return require(name) as T;
  }
}
