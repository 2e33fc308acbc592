/**
 * The normalized MCP server: whatever client wrote it (Claude, Cursor, VS Code, Zed, Codex, Goose,
 * OpenCode …), a server is a name, a transport, a command line or a URL, the environment and headers
 * it receives, and whether its tools run without asking. Rules look only at this model.
 */
import type { Span } from '../../core/rule.js';
import { isTrue, pick, scalarText, str, type CNode } from './tree.js';

export type Transport = 'stdio' | 'http' | 'sse' | 'builtin' | 'unknown';

/** A string value and where it is written. */
export interface Val {
  value: string;
  span: Span;
}

export interface Entry {
  key: string;
  value: Val;
  keySpan: Span;
}

export interface AutoApprove {
  /** Field it came from: `alwaysAllow`, `autoApprove`, `trust`, `allowedTools` … */
  field: string;
  /** Tools approved in advance; `*` when every tool is. */
  tools: string[];
  span: Span;
}

export interface McpServer {
  name: string;
  /** Key path inside the file, e.g. `mcpServers.github` or `projects./home/me/app.mcpServers.db`. */
  path: string;
  transport: Transport;
  command?: Val;
  args: Val[];
  url?: Val;
  env: Entry[];
  headers: Entry[];
  /** Names of environment variables passed through by name (Codex `env_vars`, `bearer_token_env_var`). */
  passthrough: Val[];
  autoApprove?: AutoApprove;
  disabled: boolean;
  /** The server's name key, where findings about the server as a whole point. */
  span: Span;
  node: CNode;
}

const URL_KEYS = ['url', 'serverUrl', 'httpUrl', 'uri', 'endpoint'];
const ENV_KEYS = ['env', 'environment', 'envs'];
const HEADER_KEYS = ['headers', 'http_headers', 'requestInit'];
const APPROVE_KEYS = ['alwaysAllow', 'autoApprove', 'auto_approve', 'always_allow'];

/** Whether an entry looks like a server definition at all (used to recognise configs by shape). */
export function looksLikeServer(node: CNode): boolean {
  if (node.type !== 'object') return false;
  return !!pick(node, 'command', 'cmd', ...URL_KEYS) || node.get('type')?.value === 'builtin';
}

/** Reads one server entry, tolerating every client's spelling of the same fields. */
export function readServer(name: string, path: string, node: CNode, nameSpan: Span): McpServer | undefined {
  if (node.type !== 'object') return undefined;
  const server: McpServer = { name, path, transport: 'unknown', args: [], env: [], headers: [], passthrough: [], disabled: false, span: nameSpan, node };

  let command = pick(node, 'command', 'cmd');
  // Zed writes `command: { path, args, env }`; OpenCode writes `command: ["npx", "-y", "pkg"]`.
  if (command?.type === 'object') {
    const inner = command;
    command = pick(inner, 'path', 'command');
    readArgs(server, inner.get('args'));
    readEnv(server, pick(inner, ...ENV_KEYS));
  } else if (command?.type === 'array') {
    const parts = command.items().filter((n) => n.type === 'string');
    command = parts[0];
    for (const p of parts.slice(1)) server.args.push({ value: p.value as string, span: p.span });
  }
  if (command && str(command) !== undefined) server.command = { value: str(command)!, span: command.span };
  readArgs(server, node.get('args'));
  readEnv(server, pick(node, ...ENV_KEYS));

  const url = pick(node, ...URL_KEYS);
  if (str(url)) server.url = { value: str(url)!, span: url!.span };
  let headers = pick(node, ...HEADER_KEYS);
  if (headers?.get('headers')) headers = headers.get('headers'); // Cline requestInit.headers
  for (const [key, v] of headers?.entries() ?? []) {
    const text = scalarText(v);
    if (text !== undefined) server.headers.push({ key, value: { value: text, span: v.span }, keySpan: v.keySpan });
  }
  // Codex: a literal `bearer_token`, or the name of the variable holding it.
  const bearer = node.get('bearer_token');
  if (str(bearer)) server.headers.push({ key: 'Authorization', value: { value: `Bearer ${str(bearer)}`, span: bearer!.span }, keySpan: bearer!.keySpan });
  for (const k of ['bearer_token_env_var']) {
    const v = node.get(k);
    if (str(v)) server.passthrough.push({ value: str(v)!, span: v!.span });
  }
  for (const v of node.get('env_vars')?.items() ?? []) if (str(v)) server.passthrough.push({ value: str(v)!, span: v.span });
  for (const [, v] of node.get('env_http_headers')?.entries() ?? []) if (str(v)) server.passthrough.push({ value: str(v)!, span: v.span });

  server.transport = transportOf(node, server);
  server.disabled = isTrue(node.get('disabled')) || node.get('enabled')?.value === false;

  const approve = pick(node, ...APPROVE_KEYS);
  if (approve) {
    const field = APPROVE_KEYS.find((k) => node.get(k) !== undefined) ?? 'autoApprove';
    const tools =
      approve.type === 'array'
        ? approve.items().map((n) => scalarText(n)).filter((t): t is string => t !== undefined)
        : isTrue(approve)
          ? ['*']
          : [];
    if (tools.length) server.autoApprove = { field, tools, span: approve.keySpan };
  }
  const trust = node.get('trust');
  if (isTrue(trust)) server.autoApprove = { field: 'trust', tools: ['*'], span: trust!.keySpan };
  return server;
}

function readArgs(server: McpServer, args: CNode | undefined): void {
  if (!args) return;
  if (args.type === 'string') {
    // Some configs write args as one string; split on spaces, keeping the whole span.
    for (const part of (args.value as string).split(/\s+/).filter(Boolean)) server.args.push({ value: part, span: args.span });
    return;
  }
  for (const item of args.items()) {
    const text = scalarText(item);
    if (text !== undefined) server.args.push({ value: text, span: item.span });
  }
}

function readEnv(server: McpServer, env: CNode | undefined): void {
  if (!env) return;
  if (env.type === 'array') {
    // `["KEY=value", …]` or `[{ name, value }]` as some clients write it.
    for (const item of env.items()) {
      const s = str(item);
      if (s !== undefined) {
        const i = s.indexOf('=');
        if (i > 0) server.env.push({ key: s.slice(0, i), value: { value: s.slice(i + 1), span: item.span }, keySpan: item.span });
      } else if (item.type === 'object') {
        const name = str(item.get('name'));
        const value = item.get('value');
        const text = scalarText(value);
        if (name && text !== undefined) server.env.push({ key: name, value: { value: text, span: value!.span }, keySpan: item.span });
      }
    }
    return;
  }
  for (const [key, v] of env.entries()) {
    const text = scalarText(v);
    if (text !== undefined) server.env.push({ key, value: { value: text, span: v.span }, keySpan: v.keySpan });
  }
}

function transportOf(node: CNode, server: McpServer): Transport {
  const declared = (str(pick(node, 'type', 'transport')) ?? '').toLowerCase();
  if (declared === 'builtin' || declared === 'platform') return 'builtin';
  if (declared === 'sse') return 'sse';
  if (/http|remote|streamable/.test(declared)) return 'http';
  if (declared === 'stdio' || declared === 'local') return 'stdio';
  if (server.command) return 'stdio';
  if (server.url) return /\/sse\/?(?:\?|$)/.test(server.url.value) ? 'sse' : 'http';
  return 'unknown';
}

/** The program a server runs, without directory or Windows extension: `npx`, `uvx`, `docker` … */
export function programName(command: string): string {
  const base = command.trim().split(/[\\/]/).pop() ?? '';
  return base.replace(/\.(?:cmd|exe|bat|ps1)$/i, '').toLowerCase();
}

/**
 * The effective command line: Windows wrappers (`cmd /c npx …`) and a command written with its
 * arguments in one string (`"npx -y pkg"`) are unfolded, so rules see `npx` and its arguments.
 */
export function commandLine(server: McpServer): Val[] {
  if (!server.command) return [];
  let parts: Val[] = [server.command, ...server.args];
  if (/\s/.test(server.command.value.trim()) && !/^[A-Za-z]:\\|^\//.test(server.command.value.trim())) {
    const split = server.command.value.trim().split(/\s+/).map((value) => ({ value, span: server.command!.span }));
    parts = [...split, ...server.args];
  }
  const first = programName(parts[0]?.value ?? '');
  if ((first === 'cmd' || first === 'cmd.exe') && /^\/[ck]$/i.test(parts[1]?.value ?? '')) parts = parts.slice(2);
  return parts;
}
