/**
 * The host a URI's `user:password@` is sent to, and whether it is a public service: a name under a
 * public top-level domain or a public address, not this machine, a private network, a single-label
 * name (a Compose service, a cluster's service) or a name reserved for examples, tests and local
 * networks (example.com, .test, .invalid, .local, .internal …). A password for a public service works
 * from anywhere, whatever folder the file sits in.
 */
import { PRIVATE_TLDS, RESERVED_TLDS } from '../../core/host-names.js';

/** The host right after the `@` that follows a URI's password (`end` is where the password ends). */
export function uriHost(text: string, end: number): string | undefined {
  return /^@([A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]*\])/.exec(text.slice(end, end + 256))?.[1]?.replace(/\.$/, '').toLowerCase();
}

/** Top-level domains no public service is reached by: reserved or used only inside networks. */
const LOCAL_TLD = new Set<string>([...RESERVED_TLDS, ...PRIVATE_TLDS]);

/** Second-level names reserved for documentation (RFC 2606). */
const EXAMPLE_DOMAIN = /(?:^|\.)example\.(?:com|org|net|edu)$/;

export function isPublicHost(host: string): boolean {
  if (host.startsWith('[')) return isPublicIPv6(host.slice(1, -1));
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host)) return isPublicIPv4(host);
  const labels = host.split('.');
  // A single label is a name only a local resolver knows: a Compose or cluster service, a host in /etc/hosts.
  if (labels.length < 2 || labels.some((l) => l === '')) return false;
  const tld = labels[labels.length - 1]!;
  if (!/^[a-z]{2,24}$/.test(tld) && !/^xn--[a-z0-9-]+$/.test(tld)) return false;
  return !LOCAL_TLD.has(tld) && !EXAMPLE_DOMAIN.test(host);
}

function isPublicIPv4(address: string): boolean {
  const [a, b, c] = address.split('.').map(Number) as [number, number, number, number];
  if ([a, b, c].some((n) => n > 255)) return false;
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 169 && b === 254) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  // The documentation ranges (RFC 5737).
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return false;
  return true;
}

function isPublicIPv6(address: string): boolean {
  const a = address.toLowerCase();
  if (a === '' || a === '::' || a === '::1') return false;
  // Unique local (fc00::/7), link-local (fe80::/10), documentation (2001:db8::/32), IPv4-mapped.
  return !/^(?:f[cd]|fe[89ab]|2001:db8:|::ffff:)/.test(a);
}

/**
 * Words a URI's user or host is named with when the URI is made up to fail or to stand in
 * (`mongodb+srv://invalid:…@invalid.mongodb.net`, `postgres://fake_user:…@nonexistent-host`): a
 * document's failed-connection example or a test of the error path. Whole words of the user and of
 * the host's labels only: `fakeit.io` is a host like any other.
 */
const MADE_UP_WORD = /^(?:invalid|wrong|bogus|fake|dummy|mock|nonexistent|notreal|incorrect|placeholder)$/i;

/** Whether the password at text[start, end) is a URI's (`scheme://user:password@host`) whose user or host says it is made up. */
export function isMadeUpUri(text: string, start: number, end: number): boolean {
  if (text.charAt(end) !== '@' || text.charAt(start - 1) !== ':') return false;
  const scheme = text.lastIndexOf('://', start);
  if (scheme < 0 || scheme < text.lastIndexOf('\n', start)) return false;
  const user = text.slice(scheme + 3, start - 1);
  const host = uriHost(text, end) ?? '';
  return [...user.split(/[-_.]/), ...host.split(/[-_.]/)].some((word) => MADE_UP_WORD.test(word));
}
