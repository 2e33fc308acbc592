/**
 * How an MCP server's code serves it over HTTP, read from one source file: the call that starts the
 * listener (a FastMCP `run(transport="sse", host=…)`, uvicorn serving an MCP ASGI app, Node's
 * `listen(port)` behind an SDK transport, the TypeScript `fastmcp` package's `start({ transportType })`),
 * the interface it binds, and whether the file shows any authentication or Host/Origin checking.
 * Text-level: the bind host is followed through the file's own assignments, environment lookups
 * with a default and command-line options with a default, never into another module.
 *
 * Defaults, from the libraries' sources: the Python SDK's FastMCP (`mcp.server.fastmcp`, v2
 * `mcp.server.mcpserver`) binds 127.0.0.1, and since 1.23 its `sse_app()` / `streamable_http_app()`
 * check the Host header against loopback unless the server was given another host (which keeps out a
 * web page's DNS rebinding, not a network client that sends `Host: localhost`); the `fastmcp`
 * package binds 127.0.0.1 and its `http_app()` checks nothing; uvicorn binds 127.0.0.1; the
 * TypeScript SDK's transports check Host/Origin only with `enableDnsRebindingProtection`, and its
 * `createMcpExpressApp()` / `createMcpHonoApp()` check them unless given an all-interfaces host;
 * Node's `listen(port)` and `@hono/node-server`'s `serve()` with no host bind every interface, as
 * does `Bun.serve`; the TypeScript `fastmcp` package binds localhost unless told a host.
 */
import {
  allInterfaces,
  argsAt,
  bindingsOf,
  clip,
  LITERAL,
  literal,
  LOOPBACK_LITERAL,
  named,
  nameRead,
  nestedItems,
  nodeListeners,
  objectItems,
  optionFlag,
  PY_CALLER_AUTH,
  PY_HOST_CHECK,
  splitArgs,
  TS_CALLER_AUTH,
  TS_HOST_CHECK,
  type Listen,
} from './http-listen.js';
import { escapeRegExp } from '../../core/regex.js';
import { gateWords, holdsAny } from './gate-words.js';

export type McpTransport = 'SSE' | 'Streamable HTTP' | 'SSE and Streamable HTTP';

export interface OpenListener extends Listen {
  transport: McpTransport;
  /** The server instance it serves, as the file names it (`mcp`, `self.server`), when the call shows it: listeners of one instance are one server. */
  server?: string;
  /**
   * The Host or Origin header is checked (DNS-rebinding protection), which a client on the network
   * passes by sending an allowed Host: by the file itself (`code`), or by the Python SDK for a server
   * made on its loopback default (`sdk`, from mcp 1.23).
   */
  hostChecked?: 'code' | 'sdk';
}

// ───────────────────────── Python ─────────────────────────

const PY_MCP_IMPORT = /^[ \t]*(?:from|import)[ \t]+(?:mcp|fastmcp)\b/m;
/** The `fastmcp` package (not the SDK's `mcp.server.fastmcp`): its HTTP app checks no Host header. */
const PY_FASTMCP_PACKAGE = /^[ \t]*(?:from[ \t]+fastmcp\b|import[ \t]+fastmcp\b)/m;
const PY_SDK_SERVER = /^[ \t]*from[ \t]+mcp\.server(?:\.fastmcp|\.mcpserver)?[ \t]+import[ \t][^\n]*\b(?:FastMCP|MCPServer)\b/m;
const PY_HTTP_TRANSPORT: Record<string, McpTransport> = { sse: 'SSE', http: 'Streamable HTTP', 'streamable-http': 'Streamable HTTP', streamable_http: 'Streamable HTTP' };

/**
 * A server run over an HTTP transport named by a literal (`server.run(transport="sse", host=…)`): in a
 * file that does not import MCP itself, a server a module of the repository builds (a CLI command
 * that serves what `get_mcp_server()` returns).
 */
const PY_RUN_HTTP = /\.run\w*\s*\([^)]*\btransport\s*=\s*['"](?:sse|http|streamable-http|streamable_http)['"]/;

/** A server run over an HTTP transport given as the first argument (`mcp.run("streamable-http")`), where no `transport` is written. */
const PY_RUN_POSITIONAL = /\.run\s*\(\s*['"](?:sse|http|streamable-http|streamable_http)['"]/;

/** The words of `mayServeMcpHttp`: an MCP import (Python), a transport named; the SDK's or FastMCP's package (TypeScript). */
const PY_MCP_HTTP_WORDS = gateWords(['mcp', 'transport']);
const TS_MCP_HTTP_WORDS = gateWords(['@modelcontextprotocol/', 'fastmcp']);

/** A cheap test before reading a file: an MCP import and something that serves HTTP, or a server run over HTTP whose maker is imported. */
export function mayServeMcpHttp(text: string, language: 'python' | 'typescript'): boolean {
  if (!holdsAny(text, language === 'python' ? PY_MCP_HTTP_WORDS : TS_MCP_HTTP_WORDS)) return false;
  if (language === 'python') {
    return (PY_MCP_IMPORT.test(text) && (/transport|_app\s*\(|SseServerTransport|StreamableHTTPSessionManager|run_(?:http|sse|streamable_http)_async/.test(text) || PY_RUN_POSITIONAL.test(text))) || PY_RUN_HTTP.test(text);
  }
  return (
    /@modelcontextprotocol\/|['"]fastmcp['"]/.test(text) &&
    /StreamableHTTPServerTransport|SSEServerTransport|createMcp(?:Express|Hono)App|transportType/.test(text)
  );
}

/**
 * The MCP HTTP listeners open on every interface, read from a file's `codeText` (comment lines
 * blanked), with no authentication of callers. A Host/Origin check (DNS-rebinding protection) does not
 * close a port open to the network: a client there sends an allowed Host (`hostChecked` says so).
 */
export function openMcpListeners(code: string, language: 'python' | 'typescript'): OpenListener[] {
  if ((language === 'python' ? PY_CALLER_AUTH : TS_CALLER_AUTH).test(code)) return [];
  const listeners = language === 'python' ? pythonListeners(code) : typescriptListeners(code);
  return (language === 'python' ? PY_HOST_CHECK : TS_HOST_CHECK).test(code) ? listeners.map((l) => ({ ...l, hostChecked: 'code' as const })) : listeners;
}

interface PyServer {
  name: string;
  /** Keyword arguments of its constructor. */
  items: string[];
}

/** Whether a Python module imports MCP itself (the SDK or the `fastmcp` package). */
export function importsMcp(text: string): boolean {
  return PY_MCP_IMPORT.test(text);
}

/** A module that makes an MCP server (`FastMCP(…)`) and shows no authentication: neither an `auth=` on the server nor anything `PY_CALLER_AUTH` reads. */
export function makesOpenMcpServer(code: string): boolean {
  if (!PY_MCP_IMPORT.test(code) || PY_CALLER_AUTH.test(code)) return false;
  const servers = pythonServers(code);
  const made = servers.length > 0 || /(?<![\w.])(?:\w+\.)*(?:FastMCP|MCPServer)\s*\(/.test(code);
  return made && !servers.some((s) => { const v = named(s.items, 'auth', '='); return v !== undefined && v !== 'None'; });
}

function pythonServers(code: string): PyServer[] {
  const out: PyServer[] = [];
  for (const m of code.matchAll(/(?<![\w.])((?:self\.)?\w+)\s*(?::\s*[\w\[\]|. ]+)?=\s*(?:\w+\.)*(?:FastMCP|MCPServer)\s*\(/g)) {
    const a = argsAt(code, m.index + m[0].length - 1);
    if (a) out.push({ name: m[1]!, items: splitArgs(a.args) });
  }
  return out;
}

/**
 * Whether the SDK's FastMCP checks the Host header of this server: from 1.23 it does when the server
 * is made on its loopback default (no `host=`, or a loopback one), decided at construction, so a
 * `settings.host` set afterwards leaves the check on. Code that touches `transport_security` decides
 * for itself. The `fastmcp` package checks nothing.
 */
function sdkChecksHost(code: string, server: PyServer | undefined): boolean {
  if (!server || !PY_SDK_SERVER.test(code) || PY_FASTMCP_PACKAGE.test(code) || /\btransport_security\b/.test(code)) return false;
  const host = named(server.items, 'host', '=');
  return host === undefined || LOOPBACK_LITERAL.test(host);
}

function pythonListeners(code: string): OpenListener[] {
  const out: OpenListener[] = [];
  const servers = pythonServers(code);
  // A server given `auth=` at construction authenticates its HTTP transports.
  if (servers.some((s) => { const v = named(s.items, 'auth', '='); return v !== undefined && v !== 'None'; })) return [];
  const serverHost = (receiver: string): string | undefined => {
    const s = servers.find((x) => x.name === receiver);
    const ctor = s ? named(s.items, 'host', '=') : undefined;
    if (ctor) return ctor;
    const set = new RegExp(`(?<![\\w.])${escapeRegExp(receiver)}\\.settings\\.host\\s*=(?!=)\\s*([^\\n]+)`).exec(code);
    return set?.[1]?.trim();
  };

  // 1. The server runs its own HTTP transport: `mcp.run(transport="sse", host=…)`, `run_http_async(…)`.
  for (const m of code.matchAll(/(?<![\w.])((?:self\.)?\w+(?:\(\s*\))?)\.(run|run_async|run_http_async|run_sse_async|run_streamable_http_async)\s*\(/g)) {
    const a = argsAt(code, m.index + m[0].length - 1);
    if (!a) continue;
    const items = splitArgs(a.args);
    const method = m[2]!;
    let transportExpr = named(items, 'transport', '=') ?? (items[0] && !items[0].includes('=') ? items[0] : undefined);
    let transport: McpTransport | undefined;
    if (method === 'run_sse_async') transport = 'SSE';
    else if (method === 'run_streamable_http_async') transport = 'Streamable HTTP';
    else if (method === 'run_http_async') transport = PY_HTTP_TRANSPORT[literal(transportExpr ?? '') ?? 'http'] ?? 'Streamable HTTP';
    else if (transportExpr) {
      transport = PY_HTTP_TRANSPORT[literal(transportExpr) ?? ''];
      if (!transport && !LITERAL.test(transportExpr)) transport = PY_HTTP_TRANSPORT[literal(defaultOf(transportExpr, code) ?? '') ?? ''] ?? httpChoice(transportExpr, code);
    }
    if (!transport) continue;
    const host = named(items, 'host', '=') ?? serverHost(m[1]!);
    const bind = host ? allInterfaces(host, code, 'python') : undefined;
    if (!bind) continue;
    const checked = sdkChecksHost(code, servers.find((x) => x.name === m[1]));
    out.push({ start: m.index, end: a.end, call: clip(code.slice(m.index, a.end)), transport, bind, server: m[1]!, ...(checked ? { hostChecked: 'sdk' as const } : {}) });
  }

  // 2. An ASGI server serves the MCP app the file builds: `uvicorn.run(mcp.sse_app(), host="0.0.0.0")`.
  const app = asgiApp(code, servers);
  if (app) {
    for (const m of code.matchAll(/(?<![\w.])uvicorn\.(?:run|Config)\s*\(/g)) {
      const a = argsAt(code, m.index + m[0].length - 1);
      if (!a) continue;
      const items = splitArgs(a.args);
      const host = named(items, 'host', '=');
      const bind = host ? allInterfaces(host, code, 'python') : undefined;
      if (!bind) continue;
      // `uvicorn.run(mcp.sse_app(), …)`: the server whose app it serves.
      const served = /^((?:self\.)?\w+)\.(?:sse_app|streamable_http_app|http_app)\s*\(/.exec(items[0] ?? '')?.[1];
      out.push({ start: m.index, end: a.end, call: clip(code.slice(m.index, a.end)), transport: app.transport, bind, ...(served ? { server: served } : {}), ...(app.hostChecked ? { hostChecked: 'sdk' as const } : {}) });
    }
  }
  return out;
}

/** The value a name or option holds by default in this file, when there is exactly one literal. */
function defaultOf(expr: string, code: string): string | undefined {
  const name = nameRead(expr);
  if (!name) return undefined;
  const literals = bindingsOf(name, code, 'python').filter((v) => LITERAL.test(v));
  return literals.length === 1 ? literals[0] : undefined;
}

/**
 * The HTTP transport a command-line option offers for a name (`--transport` with
 * `click.Choice(["stdio", "streamable-http"])` or argparse `choices=[…]`): whatever its default, a user
 * who picks it serves the server over HTTP on the host the code gives. Streamable HTTP when offered, else SSE.
 */
function httpChoice(expr: string, code: string): McpTransport | undefined {
  const name = nameRead(expr);
  if (!name) return undefined;
  const kinds = new Set<McpTransport>();
  for (const m of code.matchAll(new RegExp(`['"]--${optionFlag(name)}['"]`, 'g'))) {
    const open = code.lastIndexOf('(', m.index);
    const call = open >= 0 ? argsAt(code, open) : undefined;
    if (!call || open + call.args.length + 1 < m.index) continue;
    const choices = /\b(?:Choice\(\s*|choices\s*=\s*)[[(]([^\])]*)[\])]/.exec(call.args)?.[1] ?? '';
    for (const c of choices.matchAll(/(['"])([\w-]+)\1/g)) {
      const kind = PY_HTTP_TRANSPORT[c[2]!];
      if (kind) kinds.add(kind);
    }
  }
  return kinds.has('Streamable HTTP') ? 'Streamable HTTP' : kinds.has('SSE') ? 'SSE' : undefined;
}

/**
 * The MCP transport of an ASGI app the file builds: the `fastmcp` package's apps, the SDK's low-level
 * transports, or the SDK's FastMCP apps. `hostChecked` when every one is the SDK's FastMCP app made
 * on its default host, which checks the Host header against loopback (see `sdkChecksHost`): served on
 * every interface, it keeps out a web page's DNS rebinding, not a client on the network, which sends
 * `Host: localhost`.
 */
function asgiApp(code: string, servers: PyServer[]): { transport: McpTransport; hostChecked: boolean } | undefined {
  const kinds = new Set<McpTransport>();
  let unchecked = false;
  const fastmcpPackage = PY_FASTMCP_PACKAGE.test(code);
  const sdk = PY_SDK_SERVER.test(code);
  for (const m of code.matchAll(/(?<![\w.])((?:self\.)?\w+)\.(sse_app|streamable_http_app|http_app)\s*\(/g)) {
    const a = argsAt(code, m.index + m[0].length - 1);
    const items = a ? splitArgs(a.args) : [];
    const kind: McpTransport = m[2] === 'sse_app' || literal(named(items, 'transport', '=') ?? '') === 'sse' ? 'SSE' : 'Streamable HTTP';
    if (m[2] === 'http_app' || (fastmcpPackage && !sdk)) {
      kinds.add(kind);
      unchecked = true;
      continue;
    }
    const server = servers.find((s) => s.name === m[1]);
    if (!sdk || !server) continue;
    kinds.add(kind);
    if (!sdkChecksHost(code, server)) unchecked = true;
  }
  if (/(?<![\w.])SseServerTransport\s*\(/.test(code)) {
    kinds.add('SSE');
    unchecked = true;
  }
  if (/(?<![\w.])StreamableHTTPSessionManager\s*\(/.test(code)) {
    kinds.add('Streamable HTTP');
    unchecked = true;
  }
  const transport = joinKinds(kinds);
  return transport ? { transport, hostChecked: !unchecked } : undefined;
}

function joinKinds(kinds: Set<McpTransport>): McpTransport | undefined {
  if (kinds.size === 0) return undefined;
  if (kinds.size > 1) return 'SSE and Streamable HTTP';
  return [...kinds][0];
}

// ───────────────────────── TypeScript / JavaScript ─────────────────────────

function typescriptListeners(code: string): OpenListener[] {
  const out: OpenListener[] = [];
  const kinds = new Set<McpTransport>();
  for (const m of code.matchAll(/\bnew\s+(?:[\w$]+\.)?(StreamableHTTPServerTransport|SSEServerTransport|NodeStreamableHTTPServerTransport|WebStandardStreamableHTTPServerTransport)\s*\(/g)) {
    kinds.add(m[1] === 'SSEServerTransport' ? 'SSE' : 'Streamable HTTP');
  }
  const transport = joinKinds(kinds);
  // The SDK's app factories check Host and Origin unless given an all-interfaces host.
  let factoryOpen = false;
  for (const m of code.matchAll(/\bcreateMcp(?:Express|Hono)App\s*\(/g)) {
    const a = argsAt(code, m.index + m[0].length - 1);
    const host = named(objectItems(a ? splitArgs(a.args)[0] : undefined) ?? [], 'host', ':');
    if (!host || !allInterfaces(host, code, 'typescript')) return [];
    factoryOpen = true;
  }
  if (transport) {
    for (const l of nodeListeners(code)) out.push({ ...l, transport });
  } else if (factoryOpen) {
    return [];
  }
  // The `fastmcp` package: `server.start({ transportType: 'httpStream', httpStream: { port, host: '0.0.0.0' } })`.
  if (/from\s+['"]fastmcp['"]|require\(\s*['"]fastmcp['"]\s*\)/.test(code)) {
    for (const m of code.matchAll(/(?<=(?<![\w$.])((?:this\.)?[\w$]+))\.start\s*\(/g)) {
      const a = argsAt(code, m.index + m[0].length - 1);
      if (!a) continue;
      const items = nestedItems(a.args);
      const type = literal(named(items, 'transportType', ':') ?? '');
      if (type !== 'httpStream' && type !== 'sse') continue;
      const hostExpr = named(items, 'host', ':');
      const bind = hostExpr ? allInterfaces(hostExpr, code, 'typescript') : undefined;
      if (!bind) continue;
      out.push({ start: m.index, end: a.end, call: clip(code.slice(m.index, a.end)), transport: type === 'sse' ? 'SSE' : 'Streamable HTTP', bind, server: m[1]! });
    }
  }
  return out;
}

/** Where a file serves MCP over HTTP whatever host it binds: a transport it makes, or a server it runs over one. */
const TS_SERVES_HTTP = /\bnew\s+(?:\w+\.)?(?:(?:Node)?StreamableHTTPServerTransport|SSEServerTransport)\s*\(|\btransportType\s*:\s*['"`](?:httpStream|sse)['"`]/;
const PY_SERVES_HTTP = /\.(?:run_sse_async|run_streamable_http_async|run_http_async|sse_app|streamable_http_app|http_app)\s*\(|\.run\w*\s*\([^)]*\btransport\s*=\s*['"](?:sse|http|streamable-http|streamable_http)['"]/;
/** A loopback host written where the server is bound (`host="127.0.0.1"`, `listen(port, 'localhost')`): an option elsewhere cannot move it. */
const PY_FIXED_LOOPBACK = /\bhost\s*=\s*['"](?:127\.0\.0\.1|localhost|::1)['"]/;
const TS_FIXED_LOOPBACK = /\.listen\s*\(\s*[^,()]+,\s*['"`](?:127\.0\.0\.1|localhost|::1)['"`]|\bhost\s*:\s*['"`](?:127\.0\.0\.1|localhost|::1)['"`]/;

/**
 * A file of an MCP server that serves it over HTTP on a host it is given (no open listener in the code
 * alone, no loopback written where it binds) and shows no authentication: where, and over which
 * transport. A launcher elsewhere (a Dockerfile's `--host=0.0.0.0`) decides whether it is open.
 */
export function servesMcpHttpOnGivenHost(code: string, language: 'python' | 'typescript'): { start: number; end: number; transport: string } | undefined {
  if (language === 'python') {
    if (!PY_MCP_IMPORT.test(code) || PY_CALLER_AUTH.test(code) || PY_FIXED_LOOPBACK.test(code)) return undefined;
    if (pythonServers(code).some((s) => { const v = named(s.items, 'auth', '='); return v !== undefined && v !== 'None'; })) return undefined;
  } else if (TS_CALLER_AUTH.test(code) || TS_FIXED_LOOPBACK.test(code)) return undefined;
  const m = (language === 'python' ? PY_SERVES_HTTP : TS_SERVES_HTTP).exec(code);
  if (!m) return undefined;
  return { start: m.index, end: m.index + m[0].length, transport: /sse/i.test(m[0]) ? 'SSE' : 'Streamable HTTP' };
}
