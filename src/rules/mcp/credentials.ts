/**
 * Where a server receives credentials (env entries, headers, command-line flags, URL query strings
 * and user-info) and how each one is written: a reference to a variable or a prompted input (the
 * good pattern), a placeholder, or a literal. Shared by the credential rules, the identity graph
 * and the inventory.
 */
import { isDeadJwt } from '../secrets/jwt.js';
import { isCredentialKey, isPlaceholder, isReference } from '../secrets/values.js';
import type { McpServer, Val } from './model.js';

export type SlotWhere = 'env' | 'header' | 'arg' | 'query' | 'userinfo' | 'passthrough';

export interface CredentialSlot {
  where: SlotWhere;
  /** Variable, header, flag or parameter name. */
  key: string;
  /** The value as written (for headers, with its scheme word). */
  value: Val;
  /** The credential itself: the value without `Bearer `/`Basic `, the password of a URL. */
  token: string;
}

/** Names that end like credentials but are not secret (public keys, ids, paths, switches). */
const NOT_SECRET_NAME = /(?:^|[_.-])(?:public|publishable|pub)(?:[_.-]|$)|(?:^|[_.-])(?:id|path|file|dir|name|type|mode|enabled|timeout|length|size|count|env|var|variable|header|url|uri|endpoint|host|region|ttl|expiry|expires)$|^(?:sort|partition|primary|cache|idempotency)[_-]?key$/i;

export function isCredentialName(key: string): boolean {
  // Flags are spelled with dashes (`--search-key`); judge them as the variable they stand for.
  const k = key.trim().replace(/^-+/, '').replace(/-/g, '_');
  if (/webhook[_-]?url$/i.test(k)) return true;
  // PGPASSWORD, MYSQL_PWD, REDISCLI_AUTH: suffixes written without a separator.
  return (isCredentialKey(k) || /(?:password|passwd|secret|token|apikey)$/i.test(k)) && !NOT_SECRET_NAME.test(k);
}

export type ValueKind = 'reference' | 'input' | 'placeholder' | 'literal';

/** What judges a stand-in (`ANTHROPIC_API_KEY_HERE`, `your-token`, `<key>`, `xxxxxxxx`): the secret engine, as for every other rule. */
export interface StandInJudge {
  isStandIn(value: string): boolean;
}

/** How a credential is written. `${input:x}` (VS Code) and `{env:X}` (OpenCode) are references too. */
export function valueKind(value: string, judge: StandInJudge): ValueKind {
  const v = value.trim();
  if (/^\$\{input:[^}]+\}$/.test(v) || /^\w+\s+\$\{input:[^}]+\}$/.test(v)) return 'input';
  if (isReference(v) || /^(?:\w+\s+)?\{(?:env|file):[^}]+\}$/.test(v)) return 'reference';
  if (referencedVariables(v).length > 0 && !/[A-Za-z0-9+/_-]{20,}/.test(v.replace(/\$\{[^}]*\}|\$[A-Za-z_]\w*/g, ''))) return 'reference';
  const token = stripScheme(v);
  if (isPlaceholder(token) || /^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:\\)/.test(v) || judge.isStandIn(token)) return 'placeholder';
  // A sample or expired JWT authenticates nobody, as the JWT patterns judge it.
  if (isDeadJwt(token)) return 'placeholder';
  return 'literal';
}

/** Variables a value points at: `${GITHUB_TOKEN}`, `$TOKEN`, `${env:TOKEN}`, `{env:TOKEN}`, `%TOKEN%`. */
export function referencedVariables(value: string): string[] {
  const out = new Set<string>();
  for (const m of value.matchAll(/\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::?-[^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)|\{env:([A-Za-z_][A-Za-z0-9_]*)\}|%([A-Za-z_][A-Za-z0-9_]*)%/g)) {
    out.add((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  }
  return [...out];
}

function stripScheme(value: string): string {
  const m = /^(?:bearer|basic|token|apikey|api-key)\s+(\S+)$/i.exec(value.trim());
  return m ? m[1]! : value.trim();
}

/** Every place a server is handed something under a credential-like name. */
export function credentialSlots(server: McpServer): CredentialSlot[] {
  const slots: CredentialSlot[] = [];
  for (const e of server.env) if (isCredentialName(e.key)) slots.push({ where: 'env', key: e.key, value: e.value, token: e.value.value.trim() });
  for (const h of server.headers) {
    if (isCredentialName(h.key) || /^(?:authorization|cookie|x-[\w-]*(?:key|token|secret|auth)[\w-]*)$/i.test(h.key)) {
      slots.push({ where: 'header', key: h.key, value: h.value, token: stripScheme(h.value.value) });
    }
  }
  const args = server.command ? server.args : [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = a.value;
    const header = /^(?:--header|-H)(?:=(.*))?$/.exec(v);
    if (header) {
      const text = header[1] ?? args[i + 1]?.value ?? '';
      const m = /^\s*([\w-]+)\s*:\s*(.+)$/.exec(text);
      if (m && (isCredentialName(m[1]!) || /^authorization$/i.test(m[1]!))) {
        slots.push({ where: 'header', key: m[1]!, value: { value: m[2]!.trim(), span: header[1] !== undefined ? a.span : args[i + 1]!.span }, token: stripScheme(m[2]!) });
      }
      if (header[1] === undefined) i++;
      continue;
    }
    const flag = /^--?([A-Za-z][\w.-]*)(?:=(.*))?$/.exec(v);
    if (flag && isCredentialName(flag[1]!)) {
      const value = flag[2] ?? (args[i + 1] && !args[i + 1]!.value.startsWith('-') ? args[i + 1]!.value : undefined);
      if (value !== undefined) {
        slots.push({ where: 'arg', key: v.split('=')[0]!, value: { value, span: flag[2] !== undefined ? a.span : args[i + 1]!.span }, token: value });
        if (flag[2] === undefined) i++;
      }
      continue;
    }
    const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(v);
    if (assign && isCredentialName(assign[1]!)) slots.push({ where: 'env', key: assign[1]!, value: { value: assign[2]!, span: a.span }, token: assign[2]! });
  }
  for (const url of urlsOf(server)) slots.push(...urlSlots(url));
  // Connection strings with a password (`postgresql://app:pw@db/app`) given on the command line.
  for (const a of args) {
    if (!/^https?:/i.test(a.value) && /^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]+:[^/@\s]+@/i.test(a.value)) slots.push(...urlSlots(a));
  }
  for (const p of server.passthrough) slots.push({ where: 'passthrough', key: p.value, value: { value: `$\{${p.value}}`, span: p.span }, token: '' });
  return slots;
}

/** The server's URL and URLs given to it on the command line (`mcp-remote https://…`). */
export function urlsOf(server: McpServer): Val[] {
  const urls: Val[] = server.url ? [server.url] : [];
  for (const a of server.command ? server.args : []) {
    const m = /(?:^|=)(https?:\/\/\S+)/i.exec(a.value);
    if (m) urls.push({ value: m[1]!, span: a.span });
  }
  return urls;
}

function urlSlots(url: Val): CredentialSlot[] {
  const out: CredentialSlot[] = [];
  const userinfo = /^[a-z][\w+.-]*:\/\/([^/@\s:]+):([^/@\s]+)@([^/:?#\s]+)/i.exec(url.value);
  if (userinfo && !isLocalDefault(userinfo[1]!, decodeSafe(userinfo[2]!), userinfo[3]!)) {
    out.push({ where: 'userinfo', key: `password of ${userinfo[1]}`, value: url, token: decodeSafe(userinfo[2]!) });
  }
  const q = url.value.indexOf('?');
  if (q >= 0) {
    for (const pair of url.value.slice(q + 1).split('#')[0]!.split('&')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = decodeSafe(pair.slice(0, eq));
      if (isCredentialName(name) || /^(?:key|apikey|api_key|access_token|token|auth|sig|signature)$/i.test(name)) {
        out.push({ where: 'query', key: name, value: url, token: decodeSafe(pair.slice(eq + 1)) });
      }
    }
  }
  return out;
}

/** `postgres://postgres:postgres@localhost/dev`: a throwaway local database's default login, not a credential worth a finding. */
function isLocalDefault(user: string, password: string, host: string): boolean {
  const local = /^(?:localhost|127\.\d+\.\d+\.\d+|\[?::1\]?|0\.0\.0\.0|host\.docker\.internal)$/i.test(host);
  return local && (password === user || /^(?:postgres|password|root|admin|mysql|guest|test|dev|secret|pass|changeme)$/i.test(password));
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Stdio bridges whose URL argument is the remote MCP server they relay to. */
const BRIDGE = /(?:^|[\s/@])(?:mcp-remote|supergateway|mcp-proxy|mcp-server-proxy|@modelcontextprotocol\/inspector|mcp-bridge)(?:@[\w.^~-]+)?(?:\s|$)/i;

/**
 * The URLs the MCP conversation itself travels over: the server's URL, or the URL a stdio bridge
 * (`mcp-remote https://…`) relays to. A URL given to an ordinary stdio server (`--api-url
 * http://grafana:3000`, a backend in its env) is where that server's own backend lives, not its transport.
 */
export function transportUrls(server: McpServer): Val[] {
  if (server.url) return [server.url];
  const line = [server.command?.value ?? '', ...server.args.map((a) => a.value)].join(' ');
  return BRIDGE.test(` ${line} `) ? urlsOf(server) : [];
}

/** Whether the server talks to something remote (a URL, or a stdio bridge to a URL). */
export function isRemote(server: McpServer): boolean {
  return server.url !== undefined || urlsOf(server).length > 0;
}

export function describeSlot(slot: CredentialSlot): string {
  switch (slot.where) {
    case 'env':
      return `environment variable ${slot.key}`;
    case 'header':
      return `header ${slot.key}`;
    case 'arg':
      return `command-line flag ${slot.key}`;
    case 'query':
      return `URL parameter ${slot.key}`;
    case 'userinfo':
      return `URL (${slot.key})`;
    case 'passthrough':
      return `variable ${slot.key}`;
  }
}

/** How a slot's credential is written (for URLs, judged on the parameter or password alone). */
export function slotKind(slot: CredentialSlot, judge: StandInJudge): ValueKind {
  return valueKind(slot.where === 'query' || slot.where === 'userinfo' ? slot.token : slot.value.value, judge);
}
