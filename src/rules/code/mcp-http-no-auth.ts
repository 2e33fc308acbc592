/**
 * code/mcp-http-no-auth: an MCP server that its own code serves over HTTP (SSE or Streamable HTTP)
 * on every interface, with nothing in the same file that authenticates callers or checks the Host
 * and Origin headers. The MCP specification asks a server to validate Origin, to bind to localhost
 * when it runs locally and to authenticate its connections; here anyone who reaches the port, or a
 * web page the user opens (DNS rebinding), calls its tools with the server's own rights and keys.
 * What the file shows is read by `mcp-http-listen.ts`; a test's server is not a report. The severity
 * follows what the server's tools can do, from the shared tool analysis (`analysis.ts`); a server
 * whose every tool is seen to work in memory, return fixed content or look public data up is an
 * info entry: opening it grants nothing a caller could not do without it, so there is nothing to fix yet.
 */
import type { AnalyzerContext, FileAnalyzer } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import { contextOf } from '../../discovery/context.js';
import { codeText } from './http-listen.js';
import { importsMcp, makesOpenMcpServer, mayServeMcpHttp, openMcpListeners, servesMcpHttpOnGivenHost, type OpenListener } from './mcp-http-listen.js';
import { importedNames, pythonImports } from './agent-api-routes.js';
import { readModule } from './agent-api-rule.js';
import { ID, meta } from './mcp-http-rule.js';
import { servedTools } from './mcp-served-tools.js';
import { attachedWebSocketServers, attachesWebSocket, mayOpenWebSocket, openWebSocketServers, partOfMcpServer, type AttachedWebSocket } from './mcp-websocket-listen.js';
import { escapeRegExp } from '../../core/regex.js';

/** What an open server with nothing to protect is still told: the port stays open to whatever it serves next. */
const BEFORE_MORE = ' Add authentication or bind to 127.0.0.1 before it gains a tool that acts, reads files or data, or uses a key.';

export const mcpHttpNoAuth: FileAnalyzer = {
  name: ID,
  rules: [meta],
  reportsNoSecrets: true,
  kinds: ['python', 'typescript'],
  applies(file) {
    const may = mayServe(file);
    return (may.http || may.ws) && contextOf(file.relPath) !== 'test';
  },
  async analyze(file, ctx) {
    const language = file.kind === 'python' ? 'python' : 'typescript';
    const may = mayServe(file);
    const code = codeText(file.text, language);
    const found = may.http ? openMcpListeners(code, language) : [];
    // A file that does not import MCP serves a server only when a module of the repository built it.
    const makers = language === 'python' && !importsMcp(file.text) ? await serverMakers(file, ctx, code, found) : undefined;
    const listeners = makers ? found.filter((l) => makers.has(l.server ?? '')) : found;
    // A WebSocket server attached to the HTTP server that serves MCP is one more transport at the same listen: one finding.
    if (may.ws) await reportWebSockets(file, code, ctx, new Set(listeners.map((l) => l.start)));
    if (listeners.length === 0) {
      // Served on a host it is given: a launcher elsewhere may open it (`mcp-http-launched.ts`).
      const served = may.http && (language === 'typescript' || importsMcp(file.text)) ? servesMcpHttpOnGivenHost(code, language) : undefined;
      if (!served) return;
      // Rated as an open server of the file is: high with a tool that runs commands or code or changes files, info when there is nothing to protect.
      const { risky, inMemory, publicLookup } = await servedTools(file, ctx);
      const severity = risky ? 'high' : inMemory || publicLookup ? 'info' : 'medium';
      ctx.inventory({ type: 'mcp-http-server', span: { start: served.start, end: served.end }, data: { transport: served.transport, severity, ...(risky ? { risky: `"${risky.tool}", which ${risky.label}` } : {}) } });
      return;
    }
    const tools = await servedTools(file, ctx);
    const { risky, inMemory, publicLookup } = tools;
    for (const [l, ...also] of byServer(listeners)) {
      ctx.report({
        ruleId: ID,
        message:
          `MCP server${makers ? ` (made by ${makers.get(l.server ?? '')})` : ''} served over ${l.transport} on every interface (${l.bind}) with no authentication: ${makers ? 'neither this file nor the module that makes it sets an' : 'this file sets no'} auth provider` +
          (l.hostChecked
            ? ` or token check (${l.hostChecked === 'sdk' ? 'the MCP SDK, from 1.23, checks the Host header against loopback for a server made on its default host' : 'the Host or Origin header is checked'}, which stops a web page's DNS rebinding but not a client on the network, which sends an allowed Host)`
            : ', token check or Host/Origin validation') +
          `, so anyone who reaches the port can call its tools` +
          also.map((o) => ` (also served over ${o.transport} at line ${file.position(o.start).line})`).join('') +
          (risky
            ? `, including "${risky.tool}", which ${risky.label}.`
            : inMemory
              ? `. For information, nothing to protect today: its ${inMemory}, so a caller gets no file, command, network, credential or database access through them.${BEFORE_MORE}`
              : publicLookup
                ? `. For information, nothing to protect today: its ${publicLookup}.${BEFORE_MORE}`
                : '.'),
        span: { start: l.start, end: l.end },
        key: `mcp-http:${l.call}`,
        evidence: l.call,
        severity: risky ? 'high' : inMemory || publicLookup ? 'info' : 'medium',
      });
    }
  },
};

/**
 * A `ws` WebSocket server of an MCP server's code open on every interface with no check of who
 * connects: its peer is not calling the server's tools but standing in for what the server drives
 * (a browser extension), so it is rated as an open server whose tools are not known (medium).
 * `httpListens`: where the file's open MCP HTTP listeners start; a WebSocket server attached at one
 * of them is that finding's, not another.
 */
async function reportWebSockets(file: SourceFile, code: string, ctx: AnalyzerContext, httpListens: ReadonlySet<number>): Promise<void> {
  const servers: AttachedWebSocket[] = [...openWebSocketServers(code), ...(await attachedSockets(file, code, ctx)).filter((w) => !httpListens.has(w.start))];
  if (servers.length === 0 || !partOfMcpServer(file.text, file.root, file.relPath, ctx.dependsOn)) return;
  for (const w of servers) {
    ctx.report({
      ruleId: ID,
      message:
        `WebSocket server of this MCP server${w.via ? ` (made by ${w.via})` : ''}${w.attached ? ' attached to an HTTP server that listens' : ''} on every interface (${w.bind}) ` +
        `with no Origin check or token (no verifyClient, no check of the ` +
        `Origin header): any host that reaches the port can connect in place of the client it expects (a browser extension, a bridge) and ` +
        `receive the commands the agent sends through it, or answer them with content of its own. Browsers apply no CORS to WebSockets, so ` +
        `a web page the user opens can connect too, even to a loopback port, unless the server checks Origin itself.`,
      span: { start: w.start, end: w.end },
      key: `mcp-ws:${w.call}`,
      evidence: w.call,
      severity: 'medium',
    });
  }
}

/** WebSocket servers attached to an HTTP server of the file, made here or by a class a module of the repository exports. */
async function attachedSockets(file: SourceFile, code: string, ctx: AnalyzerContext): Promise<AttachedWebSocket[]> {
  const imported = importedNames(code, 'typescript');
  const { resolveModule } = await import('./modules.js');
  // A class is asked about once, however many instances the file makes.
  const makers = new Map<string, string | undefined>();
  return attachedWebSocketServers(code, (name) => {
    if (makers.has(name)) return makers.get(name);
    const spec = imported.get(name);
    const rel = spec && file.root ? resolveModule(file.root, file.relPath, spec, 'typescript') : undefined;
    const text = rel ? readModule(file.root!, rel, ctx) : undefined;
    const via = text !== undefined && attachesWebSocket(codeText(text, 'typescript')) ? `${name} of ${rel}` : undefined;
    makers.set(name, via);
    return via;
  });
}

/**
 * The servers a Python file runs that a function of a module of the repository makes
 * (`mcp = get_mcp_server(llm)` after `from app.mcp.service import get_mcp_server`, that module
 * making a `FastMCP` with no authentication): each server's name, with where it is made.
 */
async function serverMakers(file: SourceFile, ctx: AnalyzerContext, code: string, listeners: OpenListener[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!file.root || listeners.length === 0) return out;
  const { resolveModule } = await import('./modules.js');
  const imports = pythonImports(code);
  for (const name of new Set(listeners.flatMap((l) => (l.server ? [l.server] : [])))) {
    const made = new RegExp(`^[ \\t]*${escapeRegExp(name)}\\s*(?::[^=\\n]+)?=\\s*(?:await\\s+)?(\\w+)\\s*\\(`, 'm').exec(code);
    const from = made && imports.get(made[1]!);
    if (!from) continue;
    // `from pkg.service import get_server`: what is called is a function of the module named.
    const rel = resolveModule(file.root, file.relPath, from.spec, 'python');
    const text = rel ? readModule(file.root, rel, ctx) : undefined;
    if (text !== undefined && makesOpenMcpServer(codeText(text, 'python'))) out.set(name, `${made[1]}() of ${rel}`);
  }
  return out;
}

/** What the cheap tests allow of a file (an MCP server over HTTP, a `ws` server), worked out once for applies and analyze. */
function mayServe(file: SourceFile): { http: boolean; ws: boolean } {
  return file.memo(`${ID}:may-serve`, () => {
    const language = file.kind === 'python' ? 'python' : 'typescript';
    return { http: mayServeMcpHttp(file.text, language), ws: language === 'typescript' && mayOpenWebSocket(file.text) };
  });
}

/**
 * The listeners grouped by the server instance they serve, in file order: one server is one finding,
 * at its first listener (whose key the finding keeps), whatever other transports serve it too.
 * A listener that names no instance stands alone.
 */
function byServer(listeners: OpenListener[]): OpenListener[][] {
  const groups: OpenListener[][] = [];
  const of = new Map<string, OpenListener[]>();
  for (const l of [...listeners].sort((a, b) => a.start - b.start)) {
    const group = l.server !== undefined ? of.get(l.server) : undefined;
    if (group) group.push(l);
    else {
      const fresh = [l];
      groups.push(fresh);
      if (l.server !== undefined) of.set(l.server, fresh);
    }
  }
  return groups;
}
