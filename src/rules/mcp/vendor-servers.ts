/**
 * MCP servers their vendor publishes itself (`rules/mcp/vendor-servers.yaml`), loaded once and
 * validated against `schema/mcp-vendor-servers.schema.json`: an npm scope only the vendor owns
 * (`@brave/`), or a package name its own repository publishes. Unpinned, such a server moves with the
 * vendor's own releases, the party the user already trusts with the service and its key, so
 * mcp/unpinned-package rates it a step below a third party's package.
 */
import path from 'node:path';
import { loadValidated } from '../../core/data-file.js';
import { RULES_DIR } from '../../core/paths.js';
import { UsageError } from '../../core/errors.js';

interface VendorFile {
  version: 1;
  vendors: { vendor: string; packages: string[]; examples: { match: string[]; miss: string[] } }[];
}

interface Vendors {
  /** npm scope (`@brave/`) → vendor. */
  scopes: Map<string, string>;
  /** Exact package name (normalised) → vendor. */
  names: Map<string, string>;
}

export const VENDOR_SERVERS_FILE = path.join(RULES_DIR, 'mcp', 'vendor-servers.yaml');

let cached: Vendors | undefined;

export function loadVendorServers(file = VENDOR_SERVERS_FILE): Vendors {
  if (file === VENDOR_SERVERS_FILE && cached) return cached;
  const display = path.relative(process.cwd(), file) || file;
  const { value, lineOf } = loadValidated<VendorFile>(file, 'mcp-vendor-servers', undefined, display);
  const vendors: Vendors = { scopes: new Map(), names: new Map() };
  value.vendors.forEach((v, n) => {
    for (const p of v.packages) (p.endsWith('/') ? vendors.scopes : vendors.names).set(p.endsWith('/') ? p : normalise(p), v.vendor);
    // The examples show each entry is what it says: its names recognised, look-alikes anyone could publish not.
    const wrong = [...v.examples.match.filter((m) => vendorIn(vendors, m) !== v.vendor), ...v.examples.miss.filter((m) => vendorIn(vendors, m) !== undefined)];
    if (wrong.length) throw new UsageError(`${display}:${lineOf(['vendors', n, 'examples']) ?? '?'}: example ${wrong[0]} is ${v.examples.miss.includes(wrong[0]!) ? 'recognised but listed under miss' : `not recognised as ${v.vendor}'s`}`);
  });
  if (file === VENDOR_SERVERS_FILE) cached = vendors;
  return vendors;
}

/** The vendor that publishes package `name` (npm or PyPI) itself, if it is listed. */
export function serverVendor(name: string): string | undefined {
  return vendorIn(loadVendorServers(), name);
}

function vendorIn(vendors: Vendors, name: string): string | undefined {
  const n = name.trim().toLowerCase();
  const scope = /^@[^/]+\//.exec(n)?.[0];
  return (scope ? vendors.scopes.get(scope) : undefined) ?? vendors.names.get(normalise(n));
}

/** PyPI treats runs of `-`, `_` and `.` alike; npm names are lower case. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
