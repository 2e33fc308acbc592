/**
 * code/mcp-http-no-auth on `fixtures/mcp-http/`: each positive server is reported on the line its
 * `expect:` comment names, at that severity; no negative server is reported.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { expectedFindings, reportedFindings } from '../helpers/expect-comments.js';
import { allInterfaces, splitArgs } from '../../src/rules/code/http-listen.js';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/mcp-http');
const ID = 'code/mcp-http-no-auth';

describe(ID, () => {
  it('reports every positive server where its expect comment says, at that severity', async () => {
    const expected = expectedFindings(path.join(ROOT, 'positive'), ID);
    expect(expected.length).toBeGreaterThanOrEqual(9);
    expect(await reportedFindings(path.join(ROOT, 'positive'), ID)).toEqual(expected);
  });

  it('names the transport, the interface and what is missing', async () => {
    const { report } = await scan({ paths: [path.join(ROOT, 'positive', 'notes_http.py')], threads: 1 });
    const f = report.findings.find((x) => x.ruleId === ID)!;
    expect(f.message).toContain('Streamable HTTP');
    expect(f.message).toContain('the default "0.0.0.0" of NOTES_HOST');
    expect(f.message).toMatch(/no auth provider, token check or Host\/Origin validation/);
    expect(f.evidence).toMatch(/^mcp\.run\(transport="http"/);
    expect(f.category).toBe('transport.insecure');
  });

  it('says of a server that checks only the Host or Origin header that a client on the network passes it', async () => {
    const { report } = await scan({ paths: [path.join(ROOT, 'positive', 'rebinding_only.ts')], threads: 1 });
    const f = report.findings.find((x) => x.ruleId === ID)!;
    expect(f.message).toContain('no auth provider or token check (the Host or Origin header is checked, which stops a web page');
    expect(f.message).not.toContain('Host/Origin validation');
  });

  it("names the Python SDK's own loopback Host check of a server made on its default host, however it is served", async () => {
    for (const name of ['sdk_settings_host.py', 'sdk_default_app.py']) {
      const { report } = await scan({ paths: [path.join(ROOT, 'positive', name)], threads: 1 });
      const f = report.findings.find((x) => x.ruleId === ID)!;
      expect(f.message, name).toContain('(the MCP SDK, from 1.23, checks the Host header against loopback for a server made on its default host, which stops a web page');
      expect(f.message, name).not.toContain('Host/Origin validation');
    }
  });

  it('names the high-risk tool that makes it high', async () => {
    const { report } = await scan({ paths: [path.join(ROOT, 'positive', 'shell_server.py')], threads: 1 });
    expect(report.findings.find((x) => x.ruleId === ID)!.message).toContain('"run_command", which runs shell commands');
  });

  it('says why an open server with in-memory tools is info (nothing to protect), and where its tools are registered', async () => {
    const { report } = await scan({ paths: [path.join(ROOT, 'positive', 'served_helper')], threads: 1 });
    const f = report.findings.find((x) => x.ruleId === ID)!;
    expect(f.severity).toBe('info');
    expect(f.message).toContain('nothing to protect today');
    expect(f.message).toContain('before it gains a tool that acts');
    expect(f.message).toMatch(/2 tools \("show-swatch", "swatch-help", registered in (?:[\w/-]+\/)?main\.ts\) work on data in memory/);
  });

  it('keeps a server medium when a tool reads files, whatever the model steers', async () => {
    const { report } = await scan({ paths: [path.join(ROOT, 'positive', 'served_helper_files')], threads: 1 });
    expect(report.findings.filter((x) => x.ruleId === ID).map((x) => x.severity)).toEqual(['medium']);
  });

  it('says why an open server whose tools only look data up at public hosts the code names is info', async () => {
    const { report } = await scan({ paths: [path.join(ROOT, 'positive', 'public_lookup_helper.py')], threads: 1 });
    const f = report.findings.find((x) => x.ruleId === ID)!;
    expect(f.severity).toBe('info');
    expect(f.message).toMatch(/2 tools \("search", "country"\) only look data up at public hosts the code names, never at a URL the caller gives, and the server reads no credential/);
  });

  it('keeps such a server medium when it reads an API key, when a tool hands a caller\'s URL to the helper that fetches, or when the host is on its own network', async () => {
    for (const name of ['public_lookup_key.py', 'public_lookup_url.py', 'internal_lookup.py', 'sdk_host.py']) {
      const { report } = await scan({ paths: [path.join(ROOT, 'positive', name)], threads: 1 });
      expect(report.findings.filter((x) => x.ruleId === ID).map((x) => x.severity), name).toEqual(['medium']);
    }
  });

  it('sees a low-level server\'s tools through its call handler, unless the handler routes through a table of functions', async () => {
    const { report } = await scan({ paths: [path.join(ROOT, 'positive', 'lowlevel_public.ts'), path.join(ROOT, 'positive', 'lowlevel_dispatch.py')], threads: 1 });
    const bySeverity = Object.fromEntries(report.findings.filter((x) => x.ruleId === ID).map((x) => [x.location.path, x.severity]));
    expect(bySeverity).toEqual({ 'lowlevel_public.ts': 'info', 'lowlevel_dispatch.py': 'medium' });
  });

  it('reports one server served over two transports once, naming the other; another server of the file apart', async () => {
    const { report } = await scan({ paths: [path.join(ROOT, 'positive', 'two_transports.py')], threads: 1 });
    const found = report.findings.filter((x) => x.ruleId === ID).sort((a, b) => a.location.startLine - b.location.startLine);
    expect(found.map((x) => x.evidence)).toEqual(['mcp.run(transport="sse")', 'admin.run(transport="streamable-http")']);
    expect(found[0]!.message).toContain('(also served over Streamable HTTP at line 27)');
    expect(found[1]!.message).not.toContain('also served');
  });

  it('names the module that makes a server a command-line entry point serves', async () => {
    const { report } = await scan({ paths: [path.join(ROOT, 'positive', 'made_elsewhere')], threads: 1 });
    const f = report.findings.find((x) => x.ruleId === ID)!;
    expect(f.message).toContain('made by make_server() of relay/server.py');
    expect(f.message).toContain('neither this file nor the module that makes it sets an auth provider');
  });

  it('reports no negative server', async () => {
    const { report } = await scan({ paths: [path.join(ROOT, 'negative')], threads: 1 });
    expect(report.findings.filter((f) => f.ruleId === ID).map((f) => `${f.location.path}:${f.location.startLine}`)).toEqual([]);
  });
});

describe('bind hosts', () => {
  const py = 'import os\nHOST = os.getenv("H", "::")\nLOCAL = "127.0.0.1"\n';
  it.each([
    ['"0.0.0.0"', '0.0.0.0'],
    ["'::'", '::'],
    ['HOST', 'the default "::" of H'],
    ['os.environ.get("BIND") or "0.0.0.0"', 'the default "0.0.0.0" of BIND'],
  ])('%s binds every interface', (expr, how) => expect(allInterfaces(expr, py, 'python')).toBe(how));
  it.each(['"127.0.0.1"', 'LOCAL', 'settings.host', '"0.0.0.0" if docker else "127.0.0.1"', 'os.getenv("H")'])('%s does not', (expr) =>
    expect(allInterfaces(expr, py, 'python')).toBeUndefined(),
  );
  it('asks another module once for a host the file binds to its own attribute read (HOST = settings.HOST)', () => {
    const code = 'from config import settings\nHOST = settings.HOST\nuvicorn.run(app, host=HOST)\n';
    const asked: string[] = [];
    const elsewhere = (imported: string, attribute: string) => (asked.push(`${imported}.${attribute}`), '0.0.0.0, settings.HOST in config.py');
    expect(allInterfaces('HOST', code, 'python', elsewhere)).toBe('0.0.0.0, settings.HOST in config.py');
    expect(asked).toEqual(['settings.HOST']);
    asked.length = 0;
    expect(allInterfaces('HOST', code, 'python', () => (asked.push('x'), undefined))).toBeUndefined();
    expect(asked).toEqual(['x']);
  });
  it('splits arguments at top-level commas only', () => {
    expect(splitArgs('app, host=os.getenv("H", "0.0.0.0"), port=f(1, 2)')).toEqual(['app', 'host=os.getenv("H", "0.0.0.0")', 'port=f(1, 2)']);
  });
});

describe('an HTTP transport and a WebSocket server on one HTTP server', () => {
  it('is one finding at the listen, not one per transport', async () => {
    const { loadFileAnalyzers } = await import('../../src/rules/registry.js');
    const { runExample } = await import('../../src/engine/examples.js');
    const code = [
      "import express from 'express';",
      "import { createServer } from 'http';",
      "import { WebSocketServer } from 'ws';",
      "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
      "import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';",
      '',
      'const app = express();',
      'const httpServer = createServer(app);',
      "const server = new McpServer({ name: 'notes', version: '1.0.0' });",
      "app.get('/sse', async (req, res) => {",
      "  const transport = new SSEServerTransport('/messages', res);",
      '  await server.connect(transport);',
      '});',
      'const wss = new WebSocketServer({ server: httpServer });',
      'httpServer.listen(3000);',
    ].join('\n');
    const findings = (await runExample(await loadFileAnalyzers(), { code, path: 'src/server.ts' })).filter((f) => f.ruleId === ID);
    expect(findings.map((f) => f.location.startLine)).toEqual([15]);
  });
});
