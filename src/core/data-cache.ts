/**
 * Built-in data (`rules/**.yaml`) is validated YAML; parsing ~0.5 MB of it costs about a second per
 * process and per worker. `npm run build` therefore records each file's validated value as JSON,
 * keyed by a hash of its content and of what it was validated against. At load, a file whose
 * content still hashes to a recorded key is read from that JSON; any other file (edited data, a
 * user's config) takes the full parse-and-validate path. Nothing is written outside a build.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { PACKAGE_ROOT } from './paths.js';

const CACHE_DIR = path.join(PACKAGE_ROOT, 'dist', 'data-cache');
const WRITE = process.env.AGENTWARDEN_BUILD_DATA_CACHE === '1';

/** The value `load(text)` returns, from the build's record when the text is unchanged. */
export function cachedData<T>(text: string, namespace: string, load: (text: string) => T): T {
  const key = createHash('sha256').update(namespace).update('\0').update(text).digest('hex').slice(0, 40);
  const file = path.join(CACHE_DIR, `${key}.json`);
  if (!WRITE && existsSync(file)) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch {
      // A damaged record falls back to the real parse.
    }
  }
  const value = load(text);
  if (WRITE) {
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(file, JSON.stringify(value));
  }
  return value;
}
