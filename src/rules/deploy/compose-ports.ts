/**
 * A Compose service's ports, read one way for every rule: `ports:` entries in the short syntax
 * `"[ip:][host:]container[/protocol]"` (a number, a range `8000-8010`, `${VAR}` or `${VAR:-default}`
 * in any part, an IPv6 address bare or in brackets) and the long syntax `{ target, published,
 * host_ip, protocol }`, and the container ports `expose:` lists for the other services only. The
 * parts are split as Docker splits them: the container port is the last, the host port the one
 * before it, the address all that comes before those two.
 */
import type { ComposeService } from './formats.js';
import { splitComposeEntry, withDefaults, UNSET } from './compose-values.js';
import { yamlAt, yamlEntries, yamlItems, yamlScalar, type YamlNode } from '../../parsers/yaml.js';

/**
 * Where a published port listens on the host: every interface (no address, `0.0.0.0`, `::`),
 * loopback only, one given address, or an address a variable with no default stands for.
 */
export type PortInterface = 'all' | 'loopback' | 'address' | 'unknown';

export interface ComposePort {
  /** The container port, or the first and last of a range; absent when a variable with no default stands for it. */
  container?: { from: number; to: number };
  /** `ports:` entries publish on the host; `expose:` entries reach only the other services. */
  published: boolean;
  /** Where the host listens, for a published entry. */
  interface?: PortInterface;
  /** The host address as read (a variable's default in its place), for a published entry that names one. */
  address?: string;
  /** The host port as written; absent when Docker picks one. */
  hostPort?: string;
  protocol: string;
  syntax: 'short' | 'long';
  /** The entry as written (short syntax and numbers). */
  text?: string;
  node: YamlNode;
}

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|localhost|::1|0*:(?:0*:)*0*:0*1)$/i;
const ALL = /^(?:0\.0\.0\.0|::|0*:(?:0*:)*0*)?$/;

/** A service's `ports:` and `expose:` entries; entries that cannot be read (a mapping with no `target`, a list) are left out. */
export function composePorts(service: ComposeService): ComposePort[] {
  const out: ComposePort[] = [];
  for (const node of yamlItems(yamlAt(service.node, ['ports']))) {
    const port = portEntry(node);
    if (port) out.push(port);
  }
  for (const node of yamlItems(yamlAt(service.node, ['expose']))) {
    const scalar = yamlScalar(node);
    if (typeof scalar !== 'string' && typeof scalar !== 'number') continue;
    const text = String(scalar).trim();
    const protocol = /\/(\w+)$/.exec(text)?.[1]?.toLowerCase() ?? 'tcp';
    out.push({ container: portRange(withDefaults(text.replace(/\/\w+$/, ''))), published: false, protocol, syntax: 'short', text, node });
  }
  return out;
}

/** Whether the entry's container port, or its range, holds `port`. */
export function holdsPort(entry: ComposePort, port: number): boolean {
  return !!entry.container && entry.container.from <= port && port <= entry.container.to;
}

/** One `ports:` entry, short or long syntax. */
export function portEntry(node: YamlNode): ComposePort | undefined {
  const scalar = yamlScalar(node);
  if (typeof scalar === 'number' || typeof scalar === 'string') return shortSyntax(String(scalar).trim(), node);
  const fields = new Map(yamlEntries(node).map(([k, , v]) => [k, yamlScalar(v)]));
  const target = fields.get('target');
  if (typeof target !== 'string' && typeof target !== 'number') return undefined;
  const published = fields.get('published');
  const hostIp = fields.get('host_ip');
  const address = typeof hostIp === 'string' || typeof hostIp === 'number' ? withDefaults(String(hostIp).trim()) : '';
  const protocol = fields.get('protocol');
  return {
    container: portRange(withDefaults(String(target).trim())),
    published: true,
    interface: interfaceOf(address),
    ...(address && address !== UNSET ? { address } : {}),
    ...(published !== undefined && published !== null && String(published) !== '' ? { hostPort: String(published) } : {}),
    protocol: typeof protocol === 'string' ? protocol.toLowerCase() : 'tcp',
    syntax: 'long',
    node,
  };
}

function shortSyntax(text: string, node: YamlNode): ComposePort {
  return { ...publishSpec(text), published: true, syntax: 'short', text, node };
}

/**
 * A port published in the short syntax Compose shares with `docker run -p`/`--publish`
 * (`[ip:][host:]container[/protocol]`): the container port or range, where the host listens, the
 * address and host port as written, and the protocol.
 */
export function publishSpec(text: string): Pick<ComposePort, 'container' | 'interface' | 'address' | 'hostPort' | 'protocol'> {
  const protocol = /\/(\w+)$/.exec(text)?.[1]?.toLowerCase() ?? 'tcp';
  const parts = splitComposeEntry(text.replace(/\/\w+$/, ''));
  const n = parts.length;
  const address = n >= 3 ? withDefaults(parts.slice(0, n - 2).join(':')).replace(/^\[(.*)\]$/, '$1') : '';
  const hostPort = n >= 2 ? parts[n - 2] : undefined;
  return {
    container: portRange(withDefaults(parts[n - 1] ?? '')),
    interface: interfaceOf(address),
    ...(address && address !== UNSET ? { address } : {}),
    ...(hostPort ? { hostPort } : {}),
    protocol,
  };
}

function portRange(text: string): { from: number; to: number } | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return to >= from ? { from, to } : undefined;
}

function interfaceOf(address: string): PortInterface {
  if (address === UNSET) return 'unknown';
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  if (ALL.test(bare)) return 'all';
  if (LOOPBACK.test(bare)) return 'loopback';
  return 'address';
}
