/**
 * code/mcp-http-no-auth: an MCP server that its own code serves over HTTP (SSE or Streamable HTTP)
 * on every interface, with nothing in the same file that authenticates callers or checks the Host
 * and Origin headers. The MCP specification asks a server to validate Origin, to bind to localhost
 * when it runs locally and to authenticate its connections; here anyone who reaches the port, or a
 * web page the user opens (DNS rebinding), calls its tools with the server's own rights and keys.
 * What the file shows is read by `mcp-http-listen.ts`; a test's server is not a report. The severity
 * follows what the server's tools can do, from the shared tool analysis (`analysis.ts`).
 */
import path from 'node:path';
import type { AnalyzerContext, FileAnalyzer, RuleMeta } from '../../core/rule.js';
import { contextOf } from '../../discovery/context.js';
import { analyzeCode, type ToolAssessment } from './analysis.js';
import { importedModules, siblingImporters, type Module } from './modules.js';
import { folderDigest, folderKey } from '../../discovery/folder-digest.js';
import { mayServeMcpHttp, openMcpListeners } from './mcp-http-listen.js';

export const ID = 'code/mcp-http-no-auth';

/** Risks of a tool that make an open server a high finding: it runs commands or code, or changes files. */
const HIGH_RISK = new Set(['shell', 'code-exec', 'computer-use', 'file-write', 'file-delete']);

const meta: RuleMeta = {
  id: ID,
  title: 'MCP server over HTTP on every interface with no authentication',
  category: 'transport.insecure',
  severity: 'medium',
  confidence: 'medium',
  description:
    'The code serves an MCP server over HTTP (SSE or Streamable HTTP) bound to every network interface (0.0.0.0, ::, or a listener whose ' +
    'default is all interfaces), and nothing in the same file authenticates callers or checks the Host and Origin headers: no auth provider ' +
    'or token verifier, no bearer or API-key check, no DNS-rebinding protection. Anyone who can reach the port, or a web page the user ' +
    'visits through DNS rebinding, can list and call its tools, which act with the server\'s own rights and keys. High when the same ' +
    'server has a tool that runs commands or code or writes files; low when every tool it registers is seen (in the file or, for a helper ' +
    'that serves the server it is handed, in the modules beside it that import it) and works only on data in memory or returns fixed ' +
    'content: no file, process, network, database or environment access.',
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
    ],
    negative: [
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
      // The SDK's FastMCP left on its loopback host checks the Host header of its app, wherever uvicorn binds.
      { path: 'app/server.py', code: 'import uvicorn\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("notes")\nuvicorn.run(mcp.streamable_http_app(), host="0.0.0.0", port=8080)\n' },
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
    const language = file.kind === 'python' ? 'python' : 'typescript';
    return mayServeMcpHttp(file.text, language) && contextOf(file.relPath) !== 'test';
  },
  async analyze(file, ctx) {
    const language = file.kind === 'python' ? 'python' : 'typescript';
    const listeners = openMcpListeners(file.text, language);
    if (listeners.length === 0) return;
    const tools = await servedTools(file, ctx);
    const risky = tools.risky;
    const inMemory = !risky && tools.inMemory;
    for (const l of listeners) {
      ctx.report({
        ruleId: ID,
        message:
          `MCP server served over ${l.transport} on every interface (${l.bind}) with no authentication: this file sets no auth provider, token check or ` +
          `Host/Origin validation, so anyone who reaches the port can call its tools` +
          (risky
            ? `, including "${risky.tool}", which ${risky.label}.`
            : inMemory
              ? `. Low: its ${inMemory}, so a caller gets no file, command, network, credential or database access through them.`
              : '.'),
        span: { start: l.start, end: l.end },
        key: `mcp-http:${l.call}`,
        evidence: l.call,
        severity: risky ? 'high' : inMemory ? 'low' : 'medium',
      });
    }
  },
};

/**
 * What the served MCP server's tools can do, from the shared tool analysis: the tools of this file
 * or, when it registers none (a helper that serves whatever server it is handed), of the modules
 * beside it that import it, or else of the modules it imports (the server made and its tools
 * registered in `tools.py`, run by `server.py`). `risky` names a tool that runs commands or code or changes files;
 * `inMemory` says, for the message, which tools were seen when every one has a body and reaches
 * nothing past the process (no sink, steered or not, and no file, network, database or environment).
 */
async function servedTools(file: Parameters<FileAnalyzer['analyze']>[0], ctx: Parameters<FileAnalyzer['analyze']>[1]): Promise<{ risky?: { tool: string; label: string }; inMemory?: string }> {
  const own = await analyzeCode(file);
  if (!own.ok) return {};
  let tools = own.analysis.tools.filter((a) => a.tool.framework === 'mcp');
  let where = '';
  if (tools.length === 0 && file.root) {
    // Which modules beside it import it may change with any file of the folder: the result follows the folder.
    const folder = folderKey(file.kind, path.posix.dirname(file.relPath));
    ctx.dependsOn?.(folder, folderDigest(file.root, folder));
    ({ tools, where } = await mcpToolsOf(await siblingImporters(file), ctx));
  }
  // Or the server it runs is made in a module it imports (`from tools import mcp`), where the tools are registered.
  if (tools.length === 0) ({ tools, where } = await mcpToolsOf(await importedModules(file, own.analysis.model), ctx));
  for (const a of tools) {
    const risk = a.risks.find((r) => HIGH_RISK.has(r.riskClass));
    if (risk) return { risky: { tool: a.tool.name, label: risk.label } };
  }
  if (tools.length === 0 || !tools.every(inMemoryOnly)) return {};
  const names = tools.slice(0, 3).map((a) => `"${a.tool.name}"`).join(', ') + (tools.length > 3 ? ` and ${tools.length - 3} more` : '');
  const one = tools.length === 1;
  return { inMemory: `${one ? 'only tool' : `${tools.length} tools`} (${names}${where ? `, registered in ${where}` : ''}) ${one ? 'works' : 'work'} on data in memory or ${one ? 'returns' : 'return'} fixed content` };
}

/** The MCP tools other modules register, each module that has some recorded as a dependency, and where they are (for the message). */
async function mcpToolsOf(mods: Module[], ctx: AnalyzerContext): Promise<{ tools: ToolAssessment[]; where: string }> {
  const tools: ToolAssessment[] = [];
  const where: string[] = [];
  for (const mod of mods) {
    // Read, whether or not it registers tools: one it does not may start to.
    ctx.dependsOn?.(mod.relPath, mod.hash);
    const theirs = await analyzeCode(mod.file);
    if (!theirs.ok) continue;
    const found = theirs.analysis.tools.filter((a) => a.tool.framework === 'mcp');
    if (found.length === 0) continue;
    for (const [dep, hash] of theirs.analysis.dependencies) ctx.dependsOn?.(dep, hash);
    tools.push(...found);
    where.push(mod.relPath);
  }
  return { tools, where: where.join(', ') };
}

/** A tool whose body is seen and reaches nothing past the process. */
function inMemoryOnly(a: ToolAssessment): boolean {
  return !!a.tool.body && !a.tool.builtinRisk && a.risks.length === 0 && a.contained.length === 0 && !a.outside;
}
