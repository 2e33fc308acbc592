/**
 * The code tests' words (`gate-words.ts`) skip work, never a match: on every text a test's own
 * expression accepts, the test answers the same with its words as without them
 * (`AGENTWARDEN_PREFILTER=off` turns the words off), across each written form the expressions take.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gateWords, holdsAny } from '../../src/rules/code/gate-words.js';
import { mayRunModelReply } from '../../src/rules/code/markers.js';
import { mayTurnTlsOff } from '../../src/rules/code/tls-off-sites.js';
import { mayOpenWebSocket } from '../../src/rules/code/mcp-websocket-listen.js';
import { mayServeMcpHttp } from '../../src/rules/code/mcp-http-listen.js';
import { mayServeAgentApi } from '../../src/rules/code/agent-api-listen.js';
import { mayLaunchMcpServer } from '../../src/rules/code/mcp-code-launch.js';

type Language = 'python' | 'typescript';
const GATES: Record<string, (text: string, language: Language) => boolean> = {
  mayRunModelReply,
  mayTurnTlsOff,
  mayOpenWebSocket: (text, language) => language === 'typescript' && mayOpenWebSocket(text),
  mayServeMcpHttp,
  mayServeAgentApi,
  mayLaunchMcpServer: (text) => mayLaunchMcpServer(text),
};

function withoutWords<T>(run: () => T): T {
  process.env.AGENTWARDEN_PREFILTER = 'off';
  try {
    return run();
  } finally {
    delete process.env.AGENTWARDEN_PREFILTER;
  }
}

/** Each gate's answer with its words and without, on one text. */
function answers(text: string, language: Language): { on: Record<string, boolean>; off: Record<string, boolean> } {
  const on: Record<string, boolean> = {};
  const off: Record<string, boolean> = {};
  for (const [name, gate] of Object.entries(GATES)) {
    on[name] = gate(text, language);
    off[name] = withoutWords(() => gate(text, language));
  }
  return { on, off };
}

/** Texts each gate's expression accepts, in the forms they may be written (case, spacing, quoting). */
const ACCEPTED: Array<[Language, string, string]> = [
  ['python', 'mayRunModelReply', 'import openai\nresult = eval(llm.invoke(q))\n'],
  ['python', 'mayRunModelReply', 'from code import InteractiveInterpreter\nchat = 1\n'],
  ['python', 'mayRunModelReply', 'import runpy\nmodel = 1\n'],
  ['python', 'mayRunModelReply', 'def run(code):\n    exec (code, {})\n'],
  ['typescript', 'mayRunModelReply', 'const reply = await model.invoke(q);\nnew Function (reply)();\n'],
  ['typescript', 'mayRunModelReply', 'const out = await chat(q);\neval  (out);\n'],
  ['typescript', 'mayRunModelReply', "import vm from 'node:vm';\nconst code = await llm(q);\nvm.runInNewContext(code);\n"],
  ['typescript', 'mayRunModelReply', "const s = new vm.Script (await agent.run(q));\n"],
  ['python', 'mayTurnTlsOff', 'requests.get(url, verify = False)\n'],
  ['python', 'mayTurnTlsOff', 'aiohttp.TCPConnector(ssl=False)\n'],
  ['python', 'mayTurnTlsOff', 'ctx.verify_mode = ssl.CERT_NONE\n'],
  ['python', 'mayTurnTlsOff', 'ssl._create_default_https_context = ssl._create_unverified_context\n'],
  ['python', 'mayTurnTlsOff', 'os.environ["PYTHONHTTPSVERIFY"] = "0"\n'],
  ['typescript', 'mayTurnTlsOff', 'new https.Agent({ rejectUnauthorized: false });\n'],
  ['typescript', 'mayTurnTlsOff', 'process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";\n'],
  ['typescript', 'mayTurnTlsOff', "app.on('certificate-error', (e, w, u, err, cert, cb) => cb(true));\n"],
  ['typescript', 'mayTurnTlsOff', "session.setCertificateVerifyProc((req, cb) => cb(0));\n"],
  ['typescript', 'mayTurnTlsOff', "app.commandLine.appendSwitch('ignore-certificate-errors');\n"],
  ['typescript', 'mayTurnTlsOff', 'request({ url, strictSSL: false });\n'],
  ['typescript', 'mayOpenWebSocket', "import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 8080 });\n"],
  ['typescript', 'mayOpenWebSocket', 'const WebSocket = require("ws");\nnew WebSocket.Server({ server });\n'],
  ['typescript', 'mayOpenWebSocket', "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nconst t = new WsTransport(http);\nhttp.listen (3000);\n"],
  ['python', 'mayServeMcpHttp', 'from mcp.server.fastmcp import FastMCP\nmcp.run(transport="sse")\n'],
  ['python', 'mayServeMcpHttp', 'from app import build\nbuild().run(transport="streamable-http", host="0.0.0.0")\n'],
  ['typescript', 'mayServeMcpHttp', "import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';\n"],
  ['typescript', 'mayServeMcpHttp', 'import { FastMCP } from "fastmcp";\nserver.start({ transportType: "httpStream" });\n'],
  ['python', 'mayServeAgentApi', 'from flask import Flask\napp.run(host="0.0.0.0")\n'],
  ['python', 'mayServeAgentApi', 'from aiohttp import web\nweb.run_app(app)\n'],
  ['python', 'mayServeAgentApi', 'import socket\ns.bind(("0.0.0.0", 80))\n'],
  ['typescript', 'mayServeAgentApi', "import express from 'express';\napp.listen (3000);\n"],
  ['typescript', 'mayServeAgentApi', 'import { serve } from "@hono/node-server";\nserve({ fetch: app.fetch });\n'],
  ['typescript', 'mayServeAgentApi', 'Bun.serve({ fetch });\nserve(app);\n"net";\n'],
  ['python', 'mayLaunchMcpServer', 'params = StdioServerParameters(command="npx", args=["x"])\n'],
  ['typescript', 'mayLaunchMcpServer', 'new StdioClientTransport({ command: "npx", args: ["x"] });\n'],
  ['python', 'mayLaunchMcpServer', 'agent = Agent(mcp_servers = {"fs": {"command": "npx"}})\n'],
  ['typescript', 'mayLaunchMcpServer', 'const config = { "mcpServers": { fs: { command: "npx" } } };\n'],
  ['typescript', 'mayLaunchMcpServer', "startMcpServer({ command: 'uvx', args: ['x'] });\n"],
];

afterEach(() => {
  delete process.env.AGENTWARDEN_PREFILTER;
});

describe('gate words', () => {
  it('are found anywhere, case aside, and only when present', () => {
    const words = gateWords(['rejectUnauthorized', '.listen']);
    expect(holdsAny('agent: new Agent({ REJECTUNAUTHORIZED: false })', words)).toBe(true);
    expect(holdsAny('server.listen(1)', words)).toBe(true);
    expect(holdsAny('const listen = 1; // reject unauthorized', words)).toBe(false);
    // Past the length searched in WebAssembly, and past Latin-1.
    const long = `${'é'.repeat(3000)}\n${'x'.repeat(70_000)} srv.listen(3)`;
    expect(holdsAny(long, words)).toBe(true);
    expect(holdsAny(long.replace('.listen', '.lis ten'), words)).toBe(false);
    // With prefilters off every text holds every test's words.
    process.env.AGENTWARDEN_PREFILTER = 'off';
    expect(holdsAny('nothing here', words)).toBe(true);
  });

  it('a word registered after a search is found from then on', () => {
    const first = gateWords(['alpha-word']);
    expect(holdsAny('alpha-word beta-word', first)).toBe(true);
    const later = gateWords(['beta-word']);
    expect(holdsAny('alpha-word beta-word', later)).toBe(true);
    expect(holdsAny('alpha-word', later)).toBe(false);
  });

  it('each test accepts what its expression accepts, in every written form', () => {
    for (const [language, gate, text] of ACCEPTED) {
      expect(withoutWords(() => GATES[gate]!(text, language)), `${gate} (expression): ${text}`).toBe(true);
      expect(GATES[gate]!(text, language), `${gate} (with words): ${text}`).toBe(true);
    }
  });

  it("answer alike with and without their words on every code file of the project's fixtures", () => {
    const root = path.resolve(import.meta.dirname, '../../fixtures');
    let files = 0;
    let accepted = 0;
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(?:py|[cm]?[jt]sx?)$/.test(e.name)) {
          const text = readFileSync(p, 'utf8');
          const { on, off } = answers(text, e.name.endsWith('.py') ? 'python' : 'typescript');
          expect(on, p).toEqual(off);
          files++;
          accepted += Object.values(on).filter(Boolean).length;
        }
      }
    };
    walk(root);
    expect(files).toBeGreaterThan(200);
    expect(accepted).toBeGreaterThan(50);
  });
});
