/**
 * What pre-approving an MCP server costs, judged from its declaration alone: what it can do (from
 * `rules/mcp/server-capabilities.yaml`: a shell, file writes, pushes, cloud changes …, or read-only
 * by design or by flag), what it holds (credentials), and where it comes from (an unpinned package,
 * a remote server over plain HTTP). The file analyzer records this on each server's inventory item;
 * the approval joins (`approval-joins.ts`) read it there.
 */
import path from 'node:path';
import { loadValidated } from '../../core/data-file.js';
import { UsageError } from '../../core/errors.js';
import { RULES_DIR } from '../../core/paths.js';
import type { Severity } from '../../core/types.js';
import { launchOf } from './launch.js';
import { commandLine, type McpServer } from './model.js';

interface CapabilityFile {
  version: 1;
  capabilities: Record<string, { label: string; severity: Severity }>;
  servers: { capability: string; match: string; readOnly?: boolean; examples: Examples }[];
  readOnly: { match: string; examples: Examples }[];
}

interface Examples {
  match: string[];
  miss: string[];
}

export interface Capabilities {
  labels: Map<string, { label: string; severity: Severity }>;
  servers: { capability: string; match: RegExp; readOnly: boolean; examples: Examples }[];
  readOnly: { match: RegExp; examples: Examples }[];
}

/** One reason pre-approving a server is risky. */
export interface RiskFactor {
  kind: string;
  /** What it lets the model do or what it costs, as a clause: `runs shell commands`, `holds GITHUB_TOKEN`. */
  why: string;
  severity: Severity;
}

export interface ServerRisk {
  /** Read-only by design or by a read-only switch: its capabilities and credentials do not count. */
  readOnly: boolean;
  /** Whether what it can do is known (a server in the capability data), not guessed. */
  known: boolean;
  factors: RiskFactor[];
}

export const CAPABILITIES_FILE = path.join(RULES_DIR, 'mcp', 'server-capabilities.yaml');

let cached: Capabilities | undefined;

export function loadCapabilities(file = CAPABILITIES_FILE): Capabilities {
  if (file === CAPABILITIES_FILE && cached) return cached;
  const display = path.relative(process.cwd(), file) || file;
  const { value, lineOf } = loadValidated<CapabilityFile>(file, 'mcp-server-capabilities', undefined, display);
  const compile = (source: string, where: (string | number)[]): RegExp => {
    try {
      return new RegExp(source, 'i');
    } catch (err) {
      throw new UsageError(`${display}:${lineOf(where) ?? '?'}: match is not a valid regular expression: ${(err as Error).message}`);
    }
  };
  const labels = new Map(Object.entries(value.capabilities));
  const out: Capabilities = {
    labels,
    servers: value.servers.map((s, i) => {
      if (!labels.has(s.capability)) throw new UsageError(`${display}:${lineOf(['servers', i]) ?? '?'}: unknown capability "${s.capability}"`);
      return { capability: s.capability, match: compile(s.match, ['servers', i, 'match']), readOnly: s.readOnly === true, examples: s.examples };
    }),
    readOnly: value.readOnly.map((r, i) => ({ match: compile(r.match, ['readOnly', i, 'match']), examples: r.examples })),
  };
  if (file === CAPABILITIES_FILE) cached = out;
  return out;
}

/** The text capability patterns read: `<name> <command line> <url>`. */
export function serverText(server: McpServer): string {
  return `${server.name} ${commandLine(server).map((v) => v.value).join(' ')} ${server.url?.value ?? ''}`;
}

/** Credentials a server is handed, by name (already judged by the inventory: literal, reference or input). */
export interface HeldCredential {
  name: string;
  form: string;
}

const LOOPBACK = /^https?:\/\/(?:localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)(?::\d+)?(?:[/?#]|$)/i;

export function serverRisk(server: McpServer, credentials: HeldCredential[], caps = loadCapabilities()): ServerRisk {
  const text = serverText(server);
  const settings = [...commandLine(server).slice(1).map((v) => v.value.trim()), ...server.env.map((e) => `${e.key}=${e.value.value.trim()}`)];
  const flagged = settings.some((s) => caps.readOnly.some((r) => r.match.test(s)));
  const matched = new Map<string, boolean>();
  for (const s of caps.servers) if (!matched.has(s.capability) && s.match.test(text)) matched.set(s.capability, s.readOnly);
  const byDesign = matched.size > 0 && [...matched.values()].every((ro) => ro);
  const readOnly = flagged || byDesign;
  const factors: RiskFactor[] = [];
  if (!readOnly) {
    for (const [id, ro] of matched) {
      if (ro) continue;
      const c = caps.labels.get(id)!;
      factors.push({ kind: id, why: c.label, severity: c.severity });
    }
    const held = credentials.filter((c) => c.form !== 'placeholder').map((c) => c.name);
    if (held.length) factors.push({ kind: 'credentials', why: `acts with ${held.slice(0, 3).join(', ')}${held.length > 3 ? ', …' : ''}`, severity: 'medium' });
  }
  const launch = launchOf(server);
  if (launch && launch.kind !== 'other' && !launch.pin.pinned) {
    const ref = launch.kind === 'container' ? launch.image.value : launch.spec.value;
    factors.push({ kind: 'unpinned', why: `runs whatever version of ${ref} is published next (not pinned)`, severity: 'medium' });
  }
  const url = server.url?.value.trim();
  if (url && /^http:\/\//i.test(url) && !LOOPBACK.test(url)) factors.push({ kind: 'plain-http', why: `is reached over plain HTTP (${hostOf(url)})`, severity: 'medium' });
  return { readOnly, known: matched.size > 0 || flagged, factors };
}

/** `http://host:port`, without credentials, path or query (which may hold a token). */
function hostOf(url: string): string {
  const m = /^(https?:\/\/)(?:[^@/?#]*@)?([^/?#]*)/i.exec(url);
  return m ? `${m[1]}${m[2]}` : 'http://…';
}
