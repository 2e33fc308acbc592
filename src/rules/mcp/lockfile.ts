/**
 * The MCP lockfile (`agentwarden-mcp.lock.json`, schema in `schema/agentwarden-mcp-lock.schema.json`):
 * a committed record of every MCP server the repository configures — client, name, launch command,
 * the package and version or image digest it runs — and of the tools each one exposes as far as
 * they can be known offline: from MCP server source in the repository and from `tools/list`
 * responses recorded in session logs. A later change to any of these that the lockfile does not
 * record is a change nobody reviewed: a new package version, or a tool whose description now says
 * something else (a rug pull).
 *
 * Here: the lockfile's model, building it from scan facts, and comparing two of them. Findings
 * are made by `lock-drift.ts`; the file is written by `agentwarden mcp lock`.
 */
import path from 'node:path';
import type { InventoryItem } from '../../core/rule.js';
import { poisoningSignals } from '../code/tool-poisoning.js';
import { cmp } from '../../engine/order.js';

export const LOCKFILE_NAME = 'agentwarden-mcp.lock.json';

export interface LockedPackage {
  ecosystem: 'npm' | 'pypi' | 'oci';
  name: string;
  /** Exact version, or the image tag. */
  version?: string;
  /** `sha256:…` of a container image. */
  digest?: string;
}

export interface LockedTool {
  name: string;
  description?: string;
  /** The JSON Schema of the tool's input, as a recorded `tools/list` gave it. */
  inputSchema?: unknown;
  /** For tools read from source: the parameter names and descriptions the source declares. */
  parameters?: string[];
  /** Where the tool was learned: `code:<file>` or `session:<file>`. */
  from: string;
}

export interface LockedServer {
  /** `config`: configured for an agent client; `code`: an MCP server whose source is in the repository; `session`: seen only in a recorded session. */
  origin: 'config' | 'code' | 'session';
  /** The client (`claude-code`, `cursor` …), `code` or `session`. */
  client: string;
  /** The config file, server source or session file, relative to the lockfile's folder. */
  file: string;
  name: string;
  transport?: string;
  /** Launch command, secrets redacted. */
  command?: string;
  url?: string;
  package?: LockedPackage;
  tools: LockedTool[];
}

export interface Lockfile {
  version: 1;
  servers: LockedServer[];
}

/** A server's identity across versions of the lockfile. */
export function serverKey(s: Pick<LockedServer, 'origin' | 'file' | 'name'>): string {
  return `${s.origin}:${s.file}#${s.name}`;
}

/** What a server runs, from the launch `source` of its inventory item. */
export function packageOf(source: { runner: string; ref: string } | undefined): LockedPackage | undefined {
  if (!source) return undefined;
  const ref = source.ref.trim();
  if (/docker|podman|nerdctl/.test(source.runner)) {
    const [rest, digest] = ref.split('@', 2) as [string, string | undefined];
    const slash = rest.lastIndexOf('/');
    const colon = rest.indexOf(':', slash + 1);
    return { ecosystem: 'oci', name: colon < 0 ? rest : rest.slice(0, colon), ...(colon < 0 ? {} : { version: rest.slice(colon + 1) }), ...(digest ? { digest } : {}) };
  }
  if (/uv|pipx/.test(source.runner)) {
    const m = /^([A-Za-z0-9][\w.-]*(?:\[[^\]]*\])?)\s*(?:===?|@)\s*([^\s,;]+)$/.exec(ref);
    return m ? { ecosystem: 'pypi', name: m[1]!, version: m[2]! } : { ecosystem: 'pypi', name: ref };
  }
  const spec = ref.replace(/^(?:npm|jsr):/, '');
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at < 0 ? { ecosystem: 'npm', name: spec } : { ecosystem: 'npm', name: spec.slice(0, at), version: spec.slice(at + 1) };
}

/** Relative to the lockfile's folder, `/` separators. */
export function relativeTo(lockDir: string, file: string): string {
  return lockDir === '.' || lockDir === '' ? file : path.posix.relative(lockDir, file);
}

/** Whether a file (relative to the scanned root) is in the lockfile's folder or below it. */
export function underLock(lockDir: string, file: string): boolean {
  return lockDir === '.' || lockDir === '' || file.startsWith(`${lockDir}/`);
}

/** The servers and tools a scan saw, in lockfile form: configured servers, and MCP servers in the code. */
export function serversFromInventory(inventory: InventoryItem[], lockDir = '.'): LockedServer[] {
  const servers: LockedServer[] = [];
  for (const item of inventory) {
    if (item.type !== 'mcp-server' || !underLock(lockDir, item.location.path)) continue;
    const d = item.data;
    servers.push({
      origin: 'config',
      client: String(d.client),
      file: relativeTo(lockDir, item.location.path),
      name: String(d.name),
      transport: d.transport as string | undefined,
      ...(d.command ? { command: String(d.command) } : {}),
      ...(d.url ? { url: String(d.url) } : {}),
      ...(d.source ? { package: packageOf(d.source as { runner: string; ref: string }) } : {}),
      tools: [],
    });
  }
  const code = new Map<string, LockedServer>();
  for (const item of inventory) {
    if (item.type !== 'mcp-tool' || !underLock(lockDir, item.location.path)) continue;
    const file = relativeTo(lockDir, item.location.path);
    let server = code.get(file);
    if (!server) code.set(file, (server = { origin: 'code', client: 'code', file, name: file, tools: [] }));
    const d = item.data as { name: string; description?: string; parameters: string[] };
    server.tools.push({ name: d.name, ...(d.description !== undefined ? { description: d.description } : {}), parameters: d.parameters, from: `code:${file}` });
  }
  return [...servers, ...code.values()];
}

/** Tools recorded in sessions join the configured server of the same name, or stand as their own server. */
export function addSessionTools(servers: LockedServer[], recorded: { server: string; file: string; tools: Omit<LockedTool, 'from'>[] }[]): LockedServer[] {
  for (const r of recorded) {
    const from = `session:${r.file}`;
    const target =
      servers.find((s) => s.origin === 'config' && s.name === r.server) ??
      servers.find((s) => s.origin === 'session' && s.name === r.server) ??
      (servers.push({ origin: 'session', client: 'session', file: r.file, name: r.server, tools: [] }), servers[servers.length - 1]!);
    for (const t of r.tools) {
      const i = target.tools.findIndex((x) => x.name === t.name);
      const tool: LockedTool = { ...t, from };
      if (i < 0) target.tools.push(tool);
      else target.tools[i] = tool; // the last recording wins
    }
  }
  return servers;
}

/** Deterministic order, so the committed file changes only when what it records changes. */
export function normalizeLock(servers: LockedServer[]): Lockfile {
  const byKey = (a: LockedServer, b: LockedServer) => cmp(serverKey(a), serverKey(b));
  const sorted = servers
    .map((s) => ({ ...s, tools: [...s.tools].sort((a, b) => cmp(a.name, b.name)).map((t) => (t.inputSchema === undefined ? t : { ...t, inputSchema: sortKeys(t.inputSchema) })) }))
    .sort(byKey);
  return { version: 1, servers: sorted };
}

function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => cmp(a, b)).map(([k, v]) => [k, sortKeys(v)])) as T;
  }
  return value;
}

export type ChangeKind = 'package' | 'url' | 'new-server' | 'description' | 'schema' | 'new-tool';

export interface LockChange {
  kind: ChangeKind;
  server: LockedServer;
  tool?: LockedTool;
  /** The locked side, for changed items. */
  before?: string;
  after?: string;
  /** Hidden-instruction signals (the tool-poisoning checks) the new description has and the locked one had not. */
  poisoning: string[];
  message: string;
}

/**
 * What `current` has that `locked` does not record. Servers and tools that went away are not
 * changes anyone needs to stop; tools learned only from sessions are compared only when `current`
 * has them (a scan of the repository cannot see them).
 */
export function compareLocks(locked: Lockfile, current: LockedServer[]): LockChange[] {
  const changes: LockChange[] = [];
  const known = new Map(locked.servers.map((s) => [serverKey(s), s]));
  for (const server of current) {
    const before = known.get(serverKey(server));
    const label = server.origin === 'code' ? `MCP server source ${server.file}` : `MCP server "${server.name}" (${server.file})`;
    if (!before) {
      if (server.origin !== 'code') changes.push({ kind: 'new-server', server, poisoning: [], message: `${label} is not in the lockfile ${LOCKFILE_NAME}.` });
    } else {
      const was = packageText(before.package);
      const now = packageText(server.package);
      if (was !== now) changes.push({ kind: 'package', server, before: was, after: now, poisoning: [], message: `${label} now runs ${now || 'no package'}; the lockfile records ${was || 'no package'}.` });
      if ((before.url ?? '') !== (server.url ?? '')) {
        changes.push({ kind: 'url', server, before: before.url, after: server.url, poisoning: [], message: `${label} now connects to ${server.url ?? 'no URL'}; the lockfile records ${before.url ?? 'no URL'}.` });
      }
    }
    for (const tool of server.tools) {
      const old = before?.tools.find((t) => t.name === tool.name);
      const what = `Tool "${tool.name}" of ${label}`;
      if (!old) {
        const poisoning = newSignals(undefined, tool.description);
        changes.push({ kind: 'new-tool', server, tool, after: tool.description, poisoning, message: withPoisoning(`${what} is not in the lockfile ${LOCKFILE_NAME}.`, poisoning) });
        continue;
      }
      if ((old.description ?? '') !== (tool.description ?? '')) {
        const poisoning = newSignals(old.description, tool.description);
        const message = `${what} has a new description: ${wordDiff(old.description ?? '', tool.description ?? '')}`;
        changes.push({ kind: 'description', server, tool, before: old.description, after: tool.description, poisoning, message: withPoisoning(message, poisoning) });
      }
      const oldSchema = schemaText(old);
      const newSchema = schemaText(tool);
      if (oldSchema !== undefined && newSchema !== undefined && oldSchema !== newSchema) {
        changes.push({ kind: 'schema', server, tool, before: oldSchema, after: newSchema, poisoning: [], message: `${what} has a new input schema: ${wordDiff(oldSchema, newSchema, { json: old.inputSchema !== undefined })}` });
      }
    }
  }
  return changes;
}

/** What the tool-poisoning checks find in the new description and did not find in the locked one. */
function newSignals(before: string | undefined, after: string | undefined): string[] {
  const had = new Set(poisoningSignals(before ?? '').map((s) => s.what));
  return poisoningSignals(after ?? '').map((s) => s.what).filter((w) => !had.has(w));
}

function withPoisoning(message: string, poisoning: string[]): string {
  return poisoning.length ? `${message} The new description carries hidden instructions for the model: ${poisoning.join(', ')}.` : message;
}

export function packageText(p: LockedPackage | undefined): string {
  if (!p) return '';
  return `${p.ecosystem}:${p.name}${p.version ? `@${p.version}` : ''}${p.digest ? ` (${p.digest})` : ''}`;
}

/** The schema as text to compare: the recorded JSON Schema, or the parameters read from source. */
function schemaText(t: LockedTool): string | undefined {
  if (t.inputSchema !== undefined) return JSON.stringify(sortKeys(t.inputSchema));
  if (t.parameters !== undefined) return t.parameters.join(' | ');
  return undefined;
}

/** Beyond this many words a side, the diff shows both texts clipped instead of aligning them. */
const DIFF_MAX_WORDS = 1500;
/** Unchanged words kept around each change. */
const DIFF_CONTEXT = 4;

/**
 * A one-line word diff in the style of `git diff --word-diff`: `[-removed-]{+added+}`, with a few
 * unchanged words around each change and `…` for the rest.
 */
export function wordDiff(before: string, after: string, options: { json?: boolean } = {}): string {
  // JSON has no spaces to split on: its punctuation separates the words.
  const split = options.json ? /(\s+|[{}[\],:])/ : /(\s+)/;
  const a = before.split(split).filter(Boolean);
  const b = after.split(split).filter(Boolean);
  if (a.length > DIFF_MAX_WORDS || b.length > DIFF_MAX_WORDS) return `[-${clip(before)}-]{+${clip(after)}+}`;
  // Longest common subsequence, by dynamic programming on words (bounded above).
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  type Part = { op: '=' | '-' | '+'; text: string };
  const parts: Part[] = [];
  const push = (op: Part['op'], text: string) => {
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) push('=', a[i++]!), j++;
    else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) push('-', a[i++]!);
    else push('+', b[j++]!);
  }
  return parts
    .map((p, k) => {
      if (p.op === '-') return `[-${p.text}-]`;
      if (p.op === '+') return `{+${p.text}+}`;
      const words = p.text.split(split).filter(Boolean);
      if (words.length <= DIFF_CONTEXT * 4) return p.text;
      const head = k > 0 ? words.slice(0, DIFF_CONTEXT * 2).join('') : '';
      const tail = k < parts.length - 1 ? words.slice(-DIFF_CONTEXT * 2).join('') : '';
      return `${head}…${tail}`;
    })
    .join('');
}

function clip(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
