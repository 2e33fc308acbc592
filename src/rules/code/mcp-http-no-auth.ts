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
import type { AnalyzerContext, FileAnalyzer, RuleMeta } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import { contextOf } from '../../discovery/context.js';
import { codeText } from './http-listen.js';
import { importsMcp, makesOpenMcpServer, mayServeMcpHttp, openMcpListeners, servesMcpHttpOnGivenHost, type OpenListener } from './mcp-http-listen.js';
import { importedNames, pythonImports } from './agent-api-routes.js';
import { readModule } from './agent-api-rule.js';
import { servedTools } from './mcp-served-tools.js';
import { attachedWebSocketServers, attachesWebSocket, mayOpenWebSocket, openWebSocketServers, partOfMcpServer, type AttachedWebSocket } from './mcp-websocket-listen.js';
import { escapeRegExp } from '../../core/regex.js';

export const ID = 'code/mcp-http-no-auth';

/** What an open server with nothing to protect is still told: the port stays open to whatever it serves next. */
const BEFORE_MORE = ' Add authentication or bind to 127.0.0.1 before it gains a tool that acts, reads files or data, or uses a key.';

export const meta: RuleMeta = {
  id: ID,
  title: 'MCP server over HTTP on every interface with no authentication',
  category: 'transport.insecure',
  severity: 'medium',
  confidence: 'medium',
  description:
    'The code serves an MCP server over HTTP (SSE or Streamable HTTP) bound to every network interface (0.0.0.0, ::, a listener whose ' +
    'default is all interfaces, or a host from an environment variable or command-line option whose default is one), and nothing in the same file authenticates callers: no auth provider ' +
    'or token verifier, no bearer or API-key check. A check of the Host or Origin header (DNS-rebinding protection) is named but does not ' +
    'close a port open to the network: a client there sends an allowed Host. Anyone who can reach the port, or a web page the user ' +
    'visits through DNS rebinding, can list and call its tools, which act with the server\'s own rights and keys. High when the same ' +
    'server has a tool that runs commands or code or writes files; info (an inventory entry, nothing to fix today) when every tool it registers is seen (in the file or, for a helper ' +
    'that serves the server it is handed, in the modules beside it that import it; a low-level server\'s tools through its one call ' +
    'handler) and none of the server\'s modules reads a credential, and the tools either work only on data in memory or return fixed ' +
    'content, or only look data up at public hosts the code names (a public API, a public data service\'s client library), never at a ' +
    'URL the caller gives nor at a host of the server\'s own network: opening such a server grants nothing a caller could not do ' +
    'directly. A file that does not import MCP itself but runs, over an HTTP transport, a server that a function of a module of the repository ' +
    'makes (a command-line entry point serving what `get_server()` returns) is read with that module: reported when neither shows authentication. ' +
    'A server listening over several transports is one finding. A server whose code binds the host it is given (loopback by default, ' +
    'so the file alone shows no open port) is reported, rated as above, when a Dockerfile\'s `CMD`/`ENTRYPOINT` or a shell script of the repository ' +
    '(a container\'s entrypoint) in a folder above it starts it with an HTTP transport and an all-interfaces host option ' +
    '(`--transport=sse --host=0.0.0.0`, `--sse-host=0.0.0.0`), naming that launcher. A WebSocket server (the `ws` package) that an MCP server\'s code ' +
    'opens with no host (every interface) and no check of who connects (no `verifyClient`, no Origin check) is reported too, medium: ' +
    'any host, or a web page the user opens (browsers apply no CORS to WebSockets), can take the place of the client it bridges to. ' +
    'So is one attached to an HTTP server (`server: httpServer`, made in the file or by a WebSocket transport class of a module of the ' +
    'repository that it is handed to) whose `listen` binds every interface, reported at that listen.',
  remediation:
    'Bind to 127.0.0.1 when the server is for the local machine; when it must be reachable, require authentication (the SDK\'s auth ' +
    'settings with a token verifier, `requireBearerAuth`, the fastmcp `auth=` provider or `authenticate` hook, or a bearer/API-key check ' +
    'in middleware) and validate Host and Origin (`enableDnsRebindingProtection` with `allowedHosts`/`allowedOrigins`, `TransportSecuritySettings`).',
  docs: {
    why:
      'The MCP transport specification\'s security warning: servers must validate the Origin header of incoming connections, should ' +
      'bind only to localhost when running locally, and should implement proper authentication for all connections.',
    references: [
      'https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#security-warning',
      'https://modelcontextprotocol.io/specification/2025-06-18/basic/security_best_practices',
    ],
  },
  examples: {
    positive: [
      // The SDK's FastMCP on its loopback host checks the Host header of its app; uvicorn serves it on every interface, where a network client sends `Host: localhost`.
      { path: 'app/server.py', code: 'import uvicorn\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("notes")\nuvicorn.run(mcp.streamable_http_app(), host="0.0.0.0", port=8080)\n' },
      {
        path: 'server/main.py',
        code:
          'import os\nfrom fastmcp import FastMCP\n\nmcp = FastMCP("notes")\n\n@mcp.tool\ndef search(q: str) -> str:\n    return q\n\n' +
          'if __name__ == "__main__":\n    mcp.run(transport="http", host=os.getenv("MCP_HOST", "0.0.0.0"), port=8000)\n',
      },
      // The SDK's FastMCP given an all-interfaces host, its SSE app served by uvicorn; a shell tool makes it high.
      {
        path: 'app/server.py',
        code:
          'import subprocess\nimport uvicorn\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("ops", host="0.0.0.0")\n\n' +
          '@mcp.tool()\ndef sh(cmd: str) -> str:\n    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout\n\n' +
          'uvicorn.run(mcp.sse_app(), host="0.0.0.0", port=8080)\n',
      },
      // An open server whose one tool looks public data up at a host the code names: info, as it grants nothing a caller could not fetch.
      {
        path: 'server/quotes.py',
        code:
          'import httpx\nfrom fastmcp import FastMCP\n\nmcp = FastMCP("quotes")\nBASE = "https://quotes.example.com/v1"\n\n' +
          '@mcp.tool\ndef quote(symbol: str) -> dict:\n    return httpx.get(f"{BASE}/quote", params={"symbol": symbol}).json()\n\n' +
          'mcp.run(transport="http", host="0.0.0.0", port=8000)\n',
      },
      // The same with the server's API key read from its environment: medium, a caller spends the key.
      {
        path: 'server/quotes.py',
        code:
          'import os\nimport httpx\nfrom fastmcp import FastMCP\n\nmcp = FastMCP("quotes")\nKEY = os.getenv("QUOTES_API_KEY")\n\n' +
          '@mcp.tool\ndef quote(symbol: str) -> dict:\n    return httpx.get("https://quotes.example.com/v1/quote", params={"symbol": symbol, "key": KEY}).json()\n\n' +
          'mcp.run(transport="http", host="0.0.0.0", port=8000)\n',
      },
      // The same fetching a URL the caller gives: medium, the server's network is the caller's (SSRF).
      {
        path: 'server/pages.py',
        code:
          'import httpx\nfrom fastmcp import FastMCP\n\nmcp = FastMCP("pages")\n\n' +
          '@mcp.tool\ndef page(url: str) -> str:\n    return httpx.get(url).text\n\nmcp.run(transport="http", host="0.0.0.0", port=8000)\n',
      },
      // Node's listen(port) binds every interface.
      {
        path: 'src/http.ts',
        code:
          "import express from 'express';\nimport { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\n" +
          "import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';\n\n" +
          "const app = express();\napp.use(express.json());\napp.post('/mcp', async (req, res) => {\n  const server = new McpServer({ name: 'notes', version: '1.0.0' });\n" +
          '  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });\n  await server.connect(transport);\n' +
          '  await transport.handleRequest(req, res, req.body);\n});\napp.listen(3000);\n',
      },
      {
        path: 'src/index.ts',
        code:
          "import { FastMCP } from 'fastmcp';\n\nconst server = new FastMCP({ name: 'notes', version: '1.0.0' });\n" +
          "server.start({ transportType: 'httpStream', httpStream: { port: 8080, host: '0.0.0.0' } });\n",
      },
      // A command-line option whose default is every interface (typer with `Annotated`), handed to the server's run.
      {
        path: 'server/cli.py',
        code:
          'from typing import Annotated\nimport typer\nfrom fastmcp import FastMCP\n\nmcp = FastMCP("notes")\napp = typer.Typer()\n\n@app.command()\ndef serve(\n' +
          '    host: Annotated[\n        str, typer.Option("--host", help="Bind address")\n    ] = "0.0.0.0",\n    port: Annotated[int, typer.Option("--port")] = 8000,\n):\n' +
          '    mcp.run(transport="sse", host=host, port=port)\n',
      },
      // A `ws` WebSocket server of an MCP server, given no host: a bridge any host or web page can connect to.
      {
        path: 'src/bridge.ts',
        code:
          "import { WebSocketServer } from 'ws';\nimport { Server } from '@modelcontextprotocol/sdk/server/index.js';\n\n" +
          "export const server = new Server({ name: 'browser', version: '1.0.0' }, { capabilities: { tools: {} } });\n" +
          "export const wss = new WebSocketServer({ port: 9009 });\n",
      },
      // A `ws` server attached to an HTTP server of the MCP server's file, which listens on every interface.
      {
        path: 'src/gateway.ts',
        code:
          "import { createServer } from 'http';\nimport { WebSocketServer } from 'ws';\nimport { Server } from '@modelcontextprotocol/sdk/server/index.js';\n\n" +
          "export const server = new Server({ name: 'gw', version: '1.0.0' }, { capabilities: {} });\nconst httpServer = createServer();\n" +
          "const wss = new WebSocketServer({ server: httpServer });\nhttpServer.listen(8000);\n",
      },
    ],
    negative: [
      // A `ws` server attached to an HTTP server that listens on loopback.
      {
        path: 'src/gateway.ts',
        code:
          "import { createServer } from 'http';\nimport { WebSocketServer } from 'ws';\nimport { Server } from '@modelcontextprotocol/sdk/server/index.js';\n\n" +
          "export const server = new Server({ name: 'gw', version: '1.0.0' }, { capabilities: {} });\nconst httpServer = createServer();\n" +
          "const wss = new WebSocketServer({ server: httpServer });\nhttpServer.listen(8000, '127.0.0.1');\n",
      },
      // The same option defaulting to loopback.
      {
        path: 'server/cli.py',
        code:
          'from typing import Annotated\nimport typer\nfrom fastmcp import FastMCP\n\nmcp = FastMCP("notes")\napp = typer.Typer()\n\n@app.command()\ndef serve(\n' +
          '    host: Annotated[\n        str, typer.Option("--host", help="Bind address")\n    ] = "127.0.0.1",\n    port: Annotated[int, typer.Option("--port")] = 8000,\n):\n' +
          '    mcp.run(transport="sse", host=host, port=port)\n',
      },
      // Loopback, and the libraries' own defaults (127.0.0.1 for FastMCP and uvicorn).
      { path: 'server/main.py', code: 'from fastmcp import FastMCP\n\nmcp = FastMCP("notes")\n\nif __name__ == "__main__":\n    mcp.run(transport="http", port=8000)\n' },
      { path: 'server/main.py', code: 'from fastmcp import FastMCP\n\nmcp = FastMCP("notes")\nmcp.run(transport="sse", host="127.0.0.1")\n' },
      // Bound to all interfaces, but only for stdio.
      { path: 'server/main.py', code: 'from fastmcp import FastMCP\n\nmcp = FastMCP("notes")\nmcp.run(transport="stdio", host="0.0.0.0")\n' },
      // An auth provider on the server.
      {
        path: 'server/main.py',
        code:
          'from fastmcp import FastMCP\nfrom fastmcp.server.auth.providers.jwt import JWTVerifier\n\n' +
          'mcp = FastMCP("notes", auth=JWTVerifier(jwks_uri="https://auth.example.com/jwks"))\nmcp.run(transport="http", host="0.0.0.0")\n',
      },
      // The SDK's FastMCP app served by uvicorn on loopback.
      { path: 'app/server.py', code: 'import uvicorn\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("notes")\nuvicorn.run(mcp.streamable_http_app(), host="127.0.0.1", port=8080)\n' },
      // The bind host comes from configuration with no default here.
      { path: 'server/main.py', code: 'from fastmcp import FastMCP\nfrom .config import settings\n\nmcp = FastMCP("notes")\nmcp.run(transport="http", host=settings.host)\n' },
      // Bearer middleware on the route, and DNS-rebinding protection.
      {
        path: 'src/http.ts',
        code:
          "import express from 'express';\nimport { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';\n" +
          "import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';\n\nconst app = express();\n" +
          "app.post('/mcp', requireBearerAuth({ verifier }), async (req, res) => {\n  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });\n" +
          '  await transport.handleRequest(req, res, req.body);\n});\napp.listen(3000);\n',
      },
      {
        path: 'src/http.ts',
        code:
          "import express from 'express';\nimport { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';\n\nconst app = express();\n" +
          "app.post('/mcp', async (req, res) => {\n  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableDnsRebindingProtection: true, allowedHosts: ['127.0.0.1:3000'] });\n" +
          '  await transport.handleRequest(req, res, req.body);\n});\napp.listen(3000, "127.0.0.1");\n',
      },
      // The SDK's Express app factory checks Host and Origin on its default host.
      {
        path: 'src/http.ts',
        code:
          "import { createMcpExpressApp } from '@modelcontextprotocol/express';\nimport { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';\n\n" +
          "const app = createMcpExpressApp();\napp.post('/mcp', async (req, res) => {\n  const transport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: undefined });\n" +
          '  await transport.handleRequest(req, res, req.body);\n});\napp.listen(3000);\n',
      },
      // The fastmcp package's authenticate hook; and its default host (localhost).
      {
        path: 'src/index.ts',
        code:
          "import { FastMCP } from 'fastmcp';\n\nconst server = new FastMCP({ name: 'notes', version: '1.0.0', authenticate: async (req) => check(req.headers) });\n" +
          "server.start({ transportType: 'httpStream', httpStream: { port: 8080, host: '0.0.0.0' } });\n",
      },
      { path: 'src/index.ts', code: "import { FastMCP } from 'fastmcp';\n\nconst server = new FastMCP({ name: 'notes', version: '1.0.0' });\nserver.start({ transportType: 'httpStream', httpStream: { port: 8080 } });\n" },
      // A run over an HTTP transport of an object made by a function the file imports, that no module of the repository shows to make an MCP server.
      {
        path: 'app/cli.py',
        code: 'import typer\nfrom relay.server import make_server\n\napp = typer.Typer()\n\n@app.command()\ndef serve(port: int = 8008):\n    server = make_server()\n    server.run(transport="sse", host="0.0.0.0", port=port)\n',
      },
      // A test's server.
      { path: 'tests/test_http.py', code: 'from fastmcp import FastMCP\n\nmcp = FastMCP("t")\nmcp.run(transport="http", host="0.0.0.0")\n' },
    ],
  },
};

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
