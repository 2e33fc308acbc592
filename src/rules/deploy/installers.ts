/**
 * Vendors' own installer hosts (`rules/deploy/installers.yaml`), loaded once and validated against
 * `schema/installers.schema.json`: a script piped into a shell from one of them over HTTPS is the
 * vendor's documented install, low rather than an unknown script (see `pipe-shell.ts`).
 */
import path from 'node:path';
import { loadValidated } from '../../core/data-file.js';
import { RULES_DIR } from '../../core/paths.js';
import { UsageError } from '../../core/errors.js';

interface InstallersFile {
  version: 1;
  installers: { host: string; vendor: string; example: string }[];
}

export const INSTALLERS_FILE = path.join(RULES_DIR, 'deploy', 'installers.yaml');

let cached: Map<string, string> | undefined;

/** Host → the vendor whose installer it serves. */
export function loadInstallers(file = INSTALLERS_FILE): Map<string, string> {
  if (file === INSTALLERS_FILE && cached) return cached;
  const display = path.relative(process.cwd(), file) || file;
  const { value, lineOf } = loadValidated<InstallersFile>(file, 'installers', undefined, display);
  const hosts = new Map<string, string>();
  value.installers.forEach((i, n) => {
    // The example is there to show the entry is what it says: an HTTPS URL on that very host.
    if (new URL(i.example).hostname !== i.host) throw new UsageError(`${display}:${lineOf(['installers', n, 'example']) ?? '?'}: example ${i.example} is not on host ${i.host}`);
    hosts.set(i.host, i.vendor);
  });
  if (file === INSTALLERS_FILE) cached = hosts;
  return hosts;
}

/** The vendor whose own installer `url` is (HTTPS, on a listed host exactly), if it is one. */
export function vendorInstaller(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' || u.username || u.password || u.port) return undefined;
  return loadInstallers().get(u.hostname.toLowerCase());
}
