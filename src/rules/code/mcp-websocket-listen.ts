/**
 * A WebSocket server (the `ws` package's `WebSocketServer`) that an MCP server's code opens on every
 * interface with no check of who connects: the bridge through which a browser-driving MCP server sends
 * the agent's commands to an extension, or a side channel of the server. With no `host` the `ws`
 * package listens on every interface; browsers apply no CORS to WebSockets, so a web page the user
 * opens may connect too unless the server checks the Origin header (`verifyClient`, or a check in
 * its `connection`/`upgrade` handler). The file belongs to an MCP server when it imports what
 * `frameworks.ts` takes for MCP (the SDK, `fastmcp`, `mcp-framework`), or when the package.json
 * nearest above it depends on one (a `ws.ts` beside `server.ts`).
 */
import type { DependsOn } from '../../core/root-file.js';
import { importsTsFramework, tsFramework } from './frameworks.js';
import { dependsOnAny, nearestManifest } from './package-manifest.js';
import { allInterfaces, argsAt, clip, named, objectItems, splitArgs, TS_AUTH, type Listen } from './http-listen.js';

const WS_IMPORT = /(?:from\s+|require\(\s*)['"]ws['"]/;
const WS_SERVER = /\bnew\s+(?:WebSocketServer|(?:WebSocket|ws|WS)\.(?:Server|WebSocketServer))\s*\(/g;
/** A check of who connects: the `ws` hook, or the Origin header read in a handler (an `allowedOrigins` list is in TS_AUTH). */
const CHECKS_CLIENT = /\bverifyClient\b|\bheaders(?:\.origin\b|\[\s*['"`]origin['"`]\s*\])|\borigin\s*(?:!==|===|!=|==)/i;

/** A cheap test before reading a file: the `ws` package and a server built from it. */
export function mayOpenWebSocket(text: string): boolean {
  return WS_IMPORT.test(text) && /WebSocketServer|\.Server\s*\(/.test(text);
}

/**
 * The `ws` servers of a TypeScript/JavaScript file that listen on every interface with no check of
 * the caller: given no `host` (or an all-interfaces one), not attached to another server (`server:`,
 * `noServer: true`: that server's own listen decides), and nothing in the file that verifies the
 * client, checks Origin or authenticates. Read from the file's `codeText` (comment lines blanked).
 */
export function openWebSocketServers(code: string): Listen[] {
  if (!WS_IMPORT.test(code) || CHECKS_CLIENT.test(code) || TS_AUTH.test(code)) return [];
  const out: Listen[] = [];
  for (const m of code.matchAll(WS_SERVER)) {
    const a = argsAt(code, m.index + m[0].length - 1);
    const props = objectItems(a ? splitArgs(a.args)[0] : undefined);
    if (!a || !props || !named(props, 'port', ':') || named(props, 'server', ':') || named(props, 'noServer', ':')) continue;
    const host = named(props, 'host', ':');
    const bind = host ? allInterfaces(host, code, 'typescript') : 'WebSocketServer given no host';
    if (!bind) continue;
    out.push({ start: m.index, end: a.end, call: clip(code.slice(m.index, a.end)), bind });
  }
  return out;
}

/** Whether the file is part of an MCP server: it imports an MCP SDK or framework, or its nearest package.json depends on one. */
export function partOfMcpServer(text: string, root: string | undefined, relPath: string, dependsOn?: DependsOn): boolean {
  if (importsTsFramework(text, 'mcp')) return true;
  const manifest = root ? nearestManifest(root, relPath, dependsOn) : undefined;
  return !!manifest && dependsOnAny(manifest, ['dependencies', 'peerDependencies'], (d) => tsFramework(d) === 'mcp');
}
