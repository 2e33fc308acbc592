/**
 * A WebSocket server (the `ws` package's `WebSocketServer`) that an MCP server's code opens on every
 * interface with no check of who connects: the bridge through which a browser-driving MCP server sends
 * the agent's commands to an extension, or a side channel of the server. With no `host` the `ws`
 * package listens on every interface; browsers apply no CORS to WebSockets, so a web page the user
 * opens may connect too unless the server checks the Origin header (`verifyClient`, or a check in
 * its `connection`/`upgrade` handler). The file belongs to an MCP server when it imports what
 * `frameworks.ts` takes for MCP (the SDK, `fastmcp`, `mcp-framework`), or when the package.json
 * nearest above it depends on one (a `ws.ts` beside `server.ts`).
 * A `ws` server attached to an HTTP server (`server: httpServer`) listens where that server does: it
 * is read at the HTTP server's own `listen`, whether the file makes the `ws` server itself or hands
 * the HTTP server to a class of a module of the repository that makes it (a WebSocket transport for
 * the MCP SDK, which ships none for servers).
 */
import type { DependsOn } from '../../core/root-file.js';
import { importsTsFramework, tsFramework } from './frameworks.js';
import { gateWords, holdsAny } from './gate-words.js';
import { dependsOnAny, nearestManifest } from './package-manifest.js';
import { allInterfaces, argsAt, clip, named, nodeListeners, objectItems, splitArgs, TS_AUTH, type Listen } from './http-listen.js';

const WS_IMPORT = /(?:from\s+|require\(\s*)['"]ws['"]/;
const WS_SERVER = /\bnew\s+(?:WebSocketServer|(?:WebSocket|ws|WS)\.(?:Server|WebSocketServer))\s*\(/g;
/** A check of who connects: the `ws` hook, or the Origin header read in a handler (an `allowedOrigins` list is in TS_AUTH). */
const CHECKS_CLIENT = /\bverifyClient\b|\bheaders(?:\.origin\b|\[\s*['"`]origin['"`]\s*\])|\borigin\s*(?:!==|===|!=|==)/i;

/** The words of `mayOpenWebSocket`: the `ws` package quoted, or a listen call. */
const WS_WORDS = gateWords(["'ws'", '"ws"', '.listen']);

/** A cheap test before reading a file: the `ws` package and a server built from it, or an MCP file that hands a listening HTTP server to a WebSocket class. */
export function mayOpenWebSocket(text: string): boolean {
  if (!holdsAny(text, WS_WORDS)) return false;
  if (WS_IMPORT.test(text)) return /WebSocketServer|\.Server\s*\(/.test(text);
  return /Socket|\bws\b|\bWs[A-Z]/.test(text) && /\.listen\s*\(/.test(text) && importsTsFramework(text, 'mcp');
}

/** A WebSocket server attached to an HTTP server that listens on every interface: the listen call, and the class that makes the socket when it is another module's. */
export interface AttachedWebSocket extends Listen {
  /** `WebSocketServerTransport of src/server/websocket.ts`, for a class of another module. */
  via?: string;
  /** Set when the listen is an HTTP server's that the WebSocket server is attached to, not the WebSocket server's own. */
  attached?: true;
}

/**
 * Whether a module makes a `ws` server from the HTTP server it is handed (`new WebSocketServer({ path,
 * server })` in a transport class) and checks nothing of who connects: the module's text, read by the caller.
 */
export function attachesWebSocket(moduleText: string): boolean {
  if (!WS_IMPORT.test(moduleText) || CHECKS_CLIENT.test(moduleText) || TS_AUTH.test(moduleText)) return false;
  for (const m of moduleText.matchAll(WS_SERVER)) {
    const a = argsAt(moduleText, m.index + m[0].length - 1);
    const props = objectItems(a ? splitArgs(a.args)[0] : undefined);
    if (props && named(props, 'server', ':')) return true;
  }
  return false;
}

/**
 * The WebSocket servers of a file attached to an HTTP server of the file (`server: httpServer`) whose
 * `listen` binds every interface, with nothing in the file that checks the client: a `ws` server made
 * here, or an instance of a class the file imports that `makesSocket` says makes one (given the local
 * name and the import's specifier; the caller reads the module). Reported at the HTTP server's listen.
 */
export function attachedWebSocketServers(code: string, makesSocket: (name: string) => string | undefined): AttachedWebSocket[] {
  if (CHECKS_CLIENT.test(code) || TS_AUTH.test(code)) return [];
  const listeners = nodeListeners(code);
  const out: AttachedWebSocket[] = [];
  const seen = new Set<number>();
  const importsWs = WS_IMPORT.test(code);
  const declarations = new Map<string, number[]>();
  for (const m of code.matchAll(/\bnew\s+((?:[\w$]+\.)?[\w$]+)\s*\(/g)) {
    const a = argsAt(code, m.index + m[0].length - 1);
    const props = objectItems(a ? splitArgs(a.args)[0] : undefined);
    const server = props ? named(props, 'server', ':') : undefined;
    if (!server || !/^[\w$]+(?:\.[\w$]+)*$/.test(server)) continue;
    const own = importsWs && /^(?:WebSocketServer|(?:WebSocket|ws|WS)\.(?:Server|WebSocketServer))$/.test(m[1]!);
    const via = own ? undefined : makesSocket(m[1]!);
    if (!own && !via) continue;
    let declared = declarations.get(server);
    if (!declared) declarations.set(server, (declared = declarationsOf(code, server)));
    const made = lastBefore(declared, m.index);
    for (const l of listeners) {
      if (!l.call.startsWith(`${server}.listen(`) || seen.has(l.start)) continue;
      // The same name declared again in another function (a port probe's `const server = net.createServer()`) is another server.
      if (lastBefore(declared, l.start) !== made) continue;
      seen.add(l.start);
      out.push({ ...l, attached: true, ...(via ? { via } : {}) });
    }
  }
  return out;
}

/** Where each declaration of a variable starts (`const server =`), in order; none for a dotted name (a field) or a parameter. */
function declarationsOf(code: string, name: string): number[] {
  if (!/^[\w$]+$/.test(name)) return [];
  return [...code.matchAll(new RegExp(`\\b(?:const|let|var)\\s+${name.replace(/\$/g, '\\$')}\\s*[=:]`, 'g'))].map((d) => d.index);
}

/** The last of `starts` before `at`, or -1 when none is. */
function lastBefore(starts: readonly number[], at: number): number {
  let found = -1;
  for (const s of starts) if (s < at) found = s;
  return found;
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
