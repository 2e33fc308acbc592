/**
 * Stdio MCP servers handed to a call that starts them, written as a server's config in code:
 * HyperAgent's `agent.initializeMCPClient({ servers: [{ command: "npx", args: [...] }] })`, VoltAgent's
 * `new MCPConfiguration({ servers: { fs: { command, args } } })`, LangChain's
 * `MultiServerMCPClient({"kb": {"command": "uvx", ...}})`, Semantic Kernel's
 * `MCPStdioPlugin(command="uvx", args=[...])`, mcp-agent's `MCPServerSettings(command=..., args=...)`.
 * Each SDK names its launch differently, but each names it after MCP or stdio: a call whose own name
 * does (the last segment of its callee), given an object with a `command` and its `args`, or written
 * with them as keyword arguments, is a server's launch. Calls whose name starts with a verb that only
 * reads, checks, writes or shows a config (`validateMcpServerConfig`, `writeMcpConfig`,
 * `renderMcpSnippet`) are not: settings kept or shown, not servers this code starts. Nor is a config a
 * data call around it returns or serialises (`Response.json`, `JSON.stringify`), as for the maps of
 * `mcp-server-maps.ts`.
 */
import type { CallSite, Range } from './model.js';
import { argsAt, stringEnd } from './http-listen.js';
import { returnsData } from './mcp-server-maps.js';

/** A callee's last segment that names MCP or a stdio launch (`initializeMCPClient`, `MCPStdioTool`, `StdIOStatefulClient`). */
const NAMES_LAUNCH = /mcp|stdio/i;
/** First words of a name that reads, checks, keeps or shows a config rather than starting what it says. */
const NOT_A_START = new Set([
  'validate', 'parse', 'detect', 'select', 'is', 'has', 'should', 'can', 'patch', 'merge', 'write', 'save', 'persist', 'store', 'install',
  'uninstall', 'export', 'dump', 'serialize', 'serialise', 'stringify', 'render', 'format', 'print', 'display', 'show', 'describe',
  'normalize', 'normalise', 'check', 'test', 'expect', 'assert', 'to', 'compare', 'diff', 'remove', 'delete', 'update', 'set', 'log',
  'emit', 'track', 'report', 'record', 'warn', 'mock', 'fake', 'stub',
]);
/** A key at the top of an object literal, a dict or a call's keyword arguments: `command:`, `"command":`, `command=`. */
const KEY = /^['"]?([A-Za-z_$][\w$]*)['"]?\s*(?::|=(?!=))/;

/** The words of a name, lower case (`initializeMCPClient` → initialize, mcp, client; `_create_stdio_session` → create, stdio, session). */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether a call, by its name, starts MCP servers from the configs it is given. */
export function startsMcpServers(callee: string): boolean {
  const bare = callee.replace(/^new\s+/, '');
  const name = bare.slice(bare.lastIndexOf('.') + 1);
  if (!NAMES_LAUNCH.test(name)) return false;
  const first = wordsOf(name)[0];
  return first !== undefined && !NOT_A_START.has(first);
}

/** Whether a file may hand such a call a server's config (the analyzer's prefilter): a fetching runner as a literal `command`, and MCP or stdio named. */
export function mayHandServerConfig(text: string): boolean {
  return /\bcommand['"]?\s*[:=]\s*['"`](?:npx|bunx|pnpx|pnpm|yarn|npm|bun|uvx|uv|pipx|deno)\b/.test(text) && NAMES_LAUNCH.test(text);
}

/**
 * The server configs handed to the file's launch calls (`startsMcpServers`): each object literal or dict
 * in a call's arguments with a `command` key of its own, and the call's own arguments when they name
 * `command` as a keyword. `text` is the file's; a config inside a string, or one a data call around it
 * returns or serialises, is left out.
 */
export function serverConfigsInCalls(text: string, calls: CallSite[]): (Range & { text: string; at: number; call: CallSite })[] {
  const out: (Range & { text: string; at: number; call: CallSite })[] = [];
  for (const call of calls) {
    if (!startsMcpServers(call.callee)) continue;
    const from = call.args ? text.indexOf(call.args, call.start) : -1;
    if (from < 0 || from > call.end) continue;
    if (topLevelKeys(call.args).has('command')) out.push({ start: call.start, end: call.end, text: call.args, at: from, call });
    for (const object of objectsIn(text, from, from + call.args.length)) {
      if (!topLevelKeys(object.text.slice(1, -1)).has('command')) continue;
      // The innermost call around the config decides: one that returns it as data keeps it data.
      const around = calls.filter((c) => c.start < object.start && object.end <= c.end);
      const nearest = around.reduce<CallSite | undefined>((a, b) => (!a || b.start >= a.start ? b : a), undefined);
      if (nearest && nearest !== call && returnsData(nearest.callee)) continue;
      out.push({ ...object, at: object.start, call });
    }
  }
  return out;
}

/** Every object literal (`{…}`) between `from` and `to`, outside strings, nested ones too. */
function objectsIn(text: string, from: number, to: number): (Range & { text: string })[] {
  const out: (Range & { text: string })[] = [];
  for (let i = from; i < to; i++) {
    const ch = text[i]!;
    if (ch === '"' || ch === "'" || ch === '`') i = stringEnd(text, i);
    else if (ch === '{') {
      const at = argsAt(text, i);
      if (!at || at.end > to) continue;
      out.push({ start: i, end: at.end, text: text.slice(i, at.end) });
    }
  }
  return out;
}

/** The keys at the top of an object's body or an argument list (nested objects, lists, calls and strings skipped). */
export function topLevelKeys(body: string): Set<string> {
  const keys = new Set<string>();
  let depth = 0;
  let itemStart = true;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (depth === 0 && itemStart && !/\s/.test(ch)) {
      itemStart = false;
      const key = KEY.exec(body.slice(i, i + 80));
      if (key) keys.add(key[1]!);
    }
    if (ch === '"' || ch === "'" || ch === '`') i = stringEnd(body, i);
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) itemStart = true;
  }
  return keys;
}
