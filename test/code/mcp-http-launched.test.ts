/**
 * code/mcp-http-no-auth for an MCP server whose code binds the host it is given (loopback by
 * default) and that a Dockerfile or a container's entrypoint script starts over HTTP on every
 * interface: reported at the server's transport, naming the launcher; not when the server
 * authenticates, binds a loopback it writes itself, runs over stdio, or the launcher binds loopback
 * or sits in another server's folder.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const ID = 'code/mcp-http-no-auth';

/** A TypeScript server whose HTTP transport listens on the host its constructor is given; `extra` goes before the listen. */
const tsServer = (extra = '') =>
  "import express from 'express';\nimport { Server } from '@modelcontextprotocol/sdk/server/index.js';\n" +
  "import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';\n\n" +
  'export class HttpTransport {\n  private app = express();\n  constructor(private host: string = "localhost", private port: number = 3000) {}\n\n' +
  '  async start(server: Server) {\n    this.app.post("/mcp", async (req, res) => {\n' +
  '      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });\n      await server.connect(transport);\n' +
  `      await transport.handleRequest(req, res, req.body);\n    });\n${extra}    this.app.listen(this.port, this.host);\n  }\n}\n`;

const DOCKERFILE = (cmd: string) => `FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nEXPOSE 3000\nCMD ${cmd}\n`;

/** A Python server whose SSE host comes from a command-line option defaulting to localhost; its one tool runs the model's SQL on a database, or (`echo`) only hands text back. */
const pyServer = (echo = false) =>
  `import argparse\nimport asyncio\nimport sqlite3\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("db")\n\n\n@mcp.tool()\ndef query(sql: str) -> str:\n    return ${echo ? 'sql' : 'str(sqlite3.connect("app.db").execute(sql).fetchall())'}\n\n\n` +
  'async def main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--transport", default="stdio")\n    parser.add_argument("--sse-host", default="localhost")\n' +
  '    args = parser.parse_args()\n    if args.transport == "sse":\n        mcp.settings.host = args.sse_host\n        await mcp.run_sse_async()\n    else:\n        await mcp.run_stdio_async()\n\n\nasyncio.run(main())\n';

const ENTRYPOINT =
  '#!/bin/bash\nargs=("$@")\nhas_sse=false\nfor arg in "${args[@]}"; do\n  if [[ "$arg" == "--transport=sse" ]]; then has_sse=true; fi\ndone\n' +
  'if [[ "$has_sse" == true ]]; then\n  echo "adding --sse-host=0.0.0.0" >&2\n  args+=("--sse-host=0.0.0.0")\nfi\nexec "${args[@]}"\n';

async function found(files: Record<string, string>) {
  const root = tempTree(files);
  const { report } = await scan({ paths: [root], threads: 1 });
  return report.findings.filter((f) => f.ruleId === ID).map((f) => ({ at: `${f.location.path}:${f.location.startLine}`, severity: f.severity, message: f.message, related: f.related }));
}

describe('an MCP server opened by its launcher', () => {
  it("a Dockerfile's CMD passing an HTTP transport and every interface", async () => {
    const r = await found({ 'src/transports/http.ts': tsServer(), Dockerfile: DOCKERFILE('["node", "build/index.js", "--transport=http", "--host=0.0.0.0", "--port=3000"]') });
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ at: 'src/transports/http.ts:11', severity: 'medium' });
    expect(r[0]!.message).toContain('started on every interface (--host=0.0.0.0) by Dockerfile:6 (node build/index.js --transport=http --host=0.0.0.0 --port=3000)');
    expect(r[0]!.related?.[0]).toMatchObject({ path: 'Dockerfile', startLine: 6 });
  });

  it('an entrypoint script that adds the host when SSE is asked for, shown where it passes it (not where it prints it)', async () => {
    const r = await found({ 'src/db_mcp/server.py': pyServer(), 'docker-entrypoint.sh': ENTRYPOINT });
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ at: 'src/db_mcp/server.py:21', severity: 'medium' });
    expect(r[0]!.message).toContain('served over SSE on the host it is given is started on every interface (--sse-host=0.0.0.0) by docker-entrypoint.sh:9 (args+=("--sse-host=0.0.0.0"))');
  });

  it('rated by what its tools can do, as an open server of the file is: info when its one tool only hands text back', async () => {
    const r = await found({ 'src/db_mcp/server.py': pyServer(true), 'docker-entrypoint.sh': ENTRYPOINT });
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ at: 'src/db_mcp/server.py:21', severity: 'info' });
  });

  it('not when the server authenticates, fixes loopback itself, or the launch binds loopback, runs stdio, or belongs to another folder', async () => {
    const open = DOCKERFILE('["node", "build/index.js", "--transport=http", "--host=0.0.0.0"]');
    expect(await found({ 'src/http.ts': tsServer('    this.app.use(requireBearerAuth({ verifier }));\n'), Dockerfile: open })).toEqual([]);
    expect(await found({ 'src/http.ts': tsServer().replace('this.app.listen(this.port, this.host)', "this.app.listen(this.port, '127.0.0.1')"), Dockerfile: open })).toEqual([]);
    expect(await found({ 'src/http.ts': tsServer(), Dockerfile: DOCKERFILE('["node", "build/index.js", "--transport=http", "--host=127.0.0.1"]') })).toEqual([]);
    expect(await found({ 'src/http.ts': tsServer(), Dockerfile: DOCKERFILE('["node", "build/index.js", "--transport=stdio", "--host=0.0.0.0"]') })).toEqual([]);
    expect(await found({ 'servers/notes/src/http.ts': tsServer(), 'servers/files/Dockerfile': open })).toEqual([]);
  });
});
