/**
 * code/mcp-http-no-auth's metadata and examples, apart from its analyses (`mcp-http-no-auth.ts`, the
 * file; `mcp-http-launched.ts`, the repository step), so the repository step loads without them.
 */
import type { RuleMeta } from '../../core/rule.js';

export const ID = 'code/mcp-http-no-auth';

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
