/**
 * code/agent-api-no-auth, what its analyses share: the rule's metadata and examples, how a finding
 * reads (where the API listens, what its routes expose, why that matters) and at which severity, and
 * how a module a route reaches is read. The analyses: `agent-api-no-auth.ts` (servers a file starts),
 * `agent-api-launched.ts` (apps a launcher starts), `agent-api-next.ts` (Next.js route handlers) and
 * `agent-api-next-models.ts` (an app's open model routes, as one finding).
 */
import type { AnalyzerContext, RuleMeta } from '../../core/rule.js';
import type { Severity } from '../../core/types.js';
import { readRootFile } from '../../core/root-file.js';
import type { Exposure } from './agent-api-routes.js';
import { CORS_EXAMPLES, SERVED_EXAMPLES } from './agent-api-examples.js';

export const ID = 'code/agent-api-no-auth';

/** Where a Next.js app's open routes are, and what none of them has. */
export const NEXT_WHERE = "Next.js app on every interface (next start's default) with no authentication";
export const NEXT_NONE = 'neither the route nor a middleware checks a token, API key, session or login';

const MAX_BYTES = 512 * 1024;

const LAUNCHED_APP =
  'from fastapi import FastAPI\nfrom .agents import triage_agent\nfrom agents import Runner\n\napp = FastAPI()\n\n' +
  '@app.post("/chat")\nasync def chat(message: str):\n    result = await Runner.run(triage_agent, message)\n    return {"reply": result.final_output}\n';

const CALLER_COMMAND = 'command: settings.command, args: settings.args';
const NEXT_APP = '{\n  "scripts": { "start": "next start" },\n  "dependencies": { "next": "15.3.0" }\n}\n';
const NEXT_SETTINGS_ROUTE =
  "import { NextResponse } from 'next/server';\nimport { store } from '@/lib/store';\n\nexport async function GET() {\n" +
  '  const current = store.getCurrentConfig();\n  return NextResponse.json({ current });\n}\n';
const NEXT_CHAT_ROUTE =
  "import { streamText } from 'ai';\nimport { openai } from '@ai-sdk/openai';\n\nexport async function POST(req: Request) {\n" +
  "  const { messages } = await req.json();\n  const result = streamText({ model: openai('gpt-4o'), messages });\n  return result.toTextStreamResponse();\n}\n";

/**
 * A `"use server"` module of a Next.js app whose action saves a server's settings and starts it as a
 * stdio MCP server, two calls on; `check` opens the action, `command` is what the transport runs.
 */
function serverAction(check = '', command = CALLER_COMMAND): string {
  return (
    "'use server';\nimport { Client } from '@modelcontextprotocol/sdk/client/index.js';\nimport { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';\n" +
    "import { saveServers } from './store';\n\n" +
    `export async function addServer(name: string, settings: { command: string; args: string[] }) {\n${check}  await saveServers(name, settings);\n  return start(name, settings);\n}\n\n` +
    'async function start(name: string, settings: { command: string; args: string[] }) {\n  const client = await connect(name, settings);\n  return client.listTools();\n}\n\n' +
    `async function connect(id: string, settings: { command: string; args: string[] }) {\n  const transport = new StdioClientTransport({ ${command} });\n` +
    "  const client = new Client({ name: id, version: '1.0.0' });\n  await client.connect(transport);\n  return client;\n}\n"
  );
}

/** A FastAPI app on every interface whose route hands the query to `agent.run()`, an object of the module's own class answering with `answer`. */
function ownAgentApp(imports: string, answer: string): string {
  return (
    `import uvicorn\nfrom fastapi import FastAPI\n${imports}\n\nclass SimpleAgent:\n    def run(self, query: str) -> str:\n        return ${answer}\n\n\n` +
    'app = FastAPI()\nagent = SimpleAgent()\n\n\n@app.post("/run")\nasync def run_agent(query: str):\n    return {"answer": agent.run(query)}\n\n\nuvicorn.run(app, host="0.0.0.0", port=8000)\n'
  );
}

export const meta: RuleMeta = {
  id: ID,
  title: "Agent's own web API on every interface with no authentication",
  category: 'transport.insecure',
  severity: 'medium',
  confidence: 'medium',
  description:
    "The code starts the agent application's own web server (Flask, Flask-SocketIO, FastAPI or Starlette under uvicorn, aiohttp, Express, " +
    'Koa, Fastify, Hono, Bun, Node http, or a raw TCP socket server) bound to every network interface (0.0.0.0, ::, or a listener whose ' +
    "default is all interfaces, as Node's listen(port) is), one of its routes runs an agent or calls a model with the app's keys, and " +
    'nothing in the same file authenticates callers: no login, session user, bearer or API-key check, security dependency or auth ' +
    'middleware (a key check that returns early when no key is configured lets everyone in, and does not count). An A2A application ' +
    "(the a2a SDK's A2AStarletteApplication or A2AFastAPIApplication) is such an API when its request handler's agent executor runs an agent or a model. " +
    'Anyone who can reach the port drives the agent with its keys and tools. High when a route (or the socket server) runs ' +
    "what it is sent as a shell command or code, or a route hands back the app's settings, where its provider keys live. Low when the route only " +
    'calls a self-hosted model whose client is given a stand-in key (vLLM, Ollama): callers use its compute, not the app\'s provider keys; ' +
    'also low when every model client the file makes is given the API key the caller sends in the request and the file reads no key of its own. ' +
    'A file that starts one app from several calls (TLS and plain branches) gets one finding, the other calls as related locations. ' +
    'A route counts whether it is an HTTP or a WebSocket route, and it drives the agent also when it reaches it through the ' +
    "project's own objects and classes in other modules (a method of an object another module binds, a class it constructs, " +
    'at most three definitions on); a router or app module authenticates also through a FastAPI dependency the project defines ' +
    'whose own definition authenticates (Depends(verify_member), which depends on get_current_user). ' +
    'A uvicorn launcher that serves an app another module of the repository makes (a factory it ' +
    'imports, as in app = create_app(); the app itself, from pkg.main import app; or a module path, "pkg.main:app") is that ' +
    "app's server: that module's routes and the routers it includes (also through a package that re-exports them) are the " +
    "app's, and its authentication and CORS policy count as the launcher's. " +
      'A FastAPI or Starlette app that does not start itself (made at module level, or by a factory the module calls there: app = create_app()) is reported when a launcher in another file starts it on every interface ' +
      '(a Dockerfile CMD or ENTRYPOINT, a Compose command, a package.json script, a Procfile or shell script running uvicorn module:app --host 0.0.0.0, ' +
      'gunicorn or hypercorn bound to 0.0.0.0 or ::, or fastapi run, whose default host is 0.0.0.0); the finding is at the app and names the launcher. ' +
      'Next.js route handlers (app/**/route.ts exporting GET, POST …, and pages/api/** default exports) are routes of such an API when the ' +
      "nearest package.json depends on next (next start listens on every interface unless given a host); the route's own sign-in check " +
      '(auth(), getServerSession, currentUser, a Supabase user, a token or API-key header) or a middleware.ts or proxy.ts whose matcher covers ' +
      "it and that authenticates counts. High when such a route returns the app's settings, changes them with what the caller sends " +
      "(a provider's base URL pointed elsewhere receives the app's prompts and keys) or runs it as a command; routes that only drive an agent " +
      'or call a model are one low finding per app, as a public chat endpoint is often the product itself, and none behind a rate limit or bot protection. ' +
      'A server action of such an app (an exported function of a "use server" module, or a function that opens with the directive) is an endpoint ' +
      'anyone who reaches the app calls with arguments of their choosing: one that passes them on as the command of a process (spawn, exec, an MCP ' +
      'StdioClientTransport), in its own code or in the functions it calls, is high when neither the module nor a middleware authenticates. ' +
      'A server bound to loopback (127.0.0.1, localhost, or a default that is loopback, as uvicorn, Flask and Fastify given no host) is out of ' +
      "other machines' reach but not of the browser's: when the same file's CORS policy admits every origin (CORSMiddleware allow_origins ['*'] " +
      "or allow_origin_regex '.*', Flask-CORS CORS(app) with no origins or '*', Express, Koa, Hono or Fastify cors() with no origin or '*' / true) " +
      'and nothing authenticates callers, any web page the user opens can drive the agent through the browser and read its answers: medium (high when a route runs what it is sent as a command).',
  remediation:
    "Bind to 127.0.0.1 when the API serves a local UI, and limit its CORS origins to that UI's own; when it must be reachable from other machines, put authentication in front of " +
    'every route (an API key or bearer token checked in middleware, a login session, a FastAPI security dependency, a reverse proxy that ' +
    'authenticates, a Next.js middleware that checks the session on /api/:path*), never return stored provider keys to the client, never let ' +
    'an unauthenticated caller change provider settings, and never run received text as a command.',
  docs: {
    why:
      'An agent reachable over the network with no authentication is driven by whoever reaches it: its model spend, its tools and its ' +
      'credentials become theirs (OWASP Agentic AI: tool misuse and identity spoofing; the API security top 10: broken authentication).',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
      'https://flask.palletsprojects.com/en/stable/api/#flask.Flask.run',
      'https://nodejs.org/api/net.html#serverlistenport-host-backlog-callback',
      'https://nextjs.org/docs/app/api-reference/file-conventions/route',
      'https://nextjs.org/docs/app/api-reference/cli/next#next-start-options',
    ],
  },
  examples: {
    positive: [
      // A GET route hands back the provider keys and a POST route rewrites them.
      {
        path: 'app.py',
        code:
          'from flask import Flask, jsonify, request\n\napp = Flask(__name__)\n\n' +
          '@app.route("/api/config", methods=["GET"])\ndef get_config():\n    return jsonify({"config": read_config_values()})\n\n' +
          '@app.route("/api/config", methods=["POST"])\ndef update_config():\n    payload = request.get_json()\n    write_config_values(payload)\n    return jsonify({"ok": True})\n\n' +
          'app.run(host="0.0.0.0", port=5000)\n',
      },
      // A route registered by a call, whose handler calls the agent object it made.
      {
        path: 'api/app.py',
        code:
          'import uvicorn\nfrom fastapi import FastAPI\nfrom .agent import init_agent\n\napp = FastAPI()\n\n' +
          'async def solve(inputs: str):\n    agent = init_agent()\n    return [step for step in agent(inputs)]\n\n' +
          'app.add_api_route("/solve", solve, methods=["POST"])\nuvicorn.run(app, host="0.0.0.0", port=8002)\n',
      },
      {
        path: 'server/app.py',
        code:
          'from flask import Flask, request, jsonify\nfrom openai import OpenAI\n\napp = Flask(__name__)\nclient = OpenAI()\n\n' +
          '@app.route("/api/ask", methods=["POST"])\ndef ask():\n    q = request.json["question"]\n' +
          '    r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])\n' +
          '    return jsonify({"answer": r.choices[0].message.content})\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", port=5000)\n',
      },
      // Node's listen(port) binds every interface; the route runs an agent.
      {
        path: 'src/api.ts',
        code:
          "import express from 'express';\nimport { Agent, run } from '@openai/agents';\n\nconst agent = new Agent({ name: 'helper', instructions: 'Help.' });\n" +
          "const app = express();\napp.use(express.json());\napp.post('/api/run', async (req, res) => {\n  const result = await run(agent, req.body.input);\n" +
          '  res.json({ output: result.finalOutput });\n});\napp.listen(3000);\n',
      },
      // A route that only calls the app's own self-hosted model, reached with a stand-in key: low (its compute, not provider keys).
      {
        path: 'serving/api.py',
        code:
          'from fastapi import FastAPI\nfrom openai import AsyncOpenAI\nimport uvicorn\n\napp = FastAPI()\nclient = AsyncOpenAI(base_url="http://localhost:8001/v1", api_key="unused")\n\n' +
          '@app.post("/v1/ask")\nasync def ask(q: str):\n    r = await client.chat.completions.create(model="legal-lora", messages=[{"role": "user", "content": q}])\n' +
          '    return {"answer": r.choices[0].message.content}\n\nuvicorn.run(app, host="0.0.0.0", port=8000)\n',
      },
      // A settings route that returns the whole configuration: high.
      {
        path: 'server/app.py',
        code:
          'from flask import Flask, jsonify\nfrom .config import Config\n\napp = Flask(__name__)\nconfig = Config()\n\n' +
          '@app.route("/api/settings", methods=["GET"])\ndef get_settings():\n    return jsonify({"settings": config.get_config()})\n\n' +
          'app.run(host="0.0.0.0", port=8000)\n',
      },
      // A socket server that runs what it receives through a shell: high.
      {
        path: 'sandbox/cmd_server.py',
        code:
          'import socket\nimport subprocess\n\nserver = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\nserver.bind(("0.0.0.0", 9000))\nserver.listen(1)\n' +
          'while True:\n    conn, _ = server.accept()\n    cmd = conn.recv(4096).decode()\n' +
          '    out = subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout\n    conn.send(out.encode())\n',
      },
      // No listener in the file: a package.json script of the UI starts the app on every interface.
      {
        path: 'backend/main.py',
        code: LAUNCHED_APP,
        with: { 'ui/package.json': '{\n  "scripts": {\n    "dev:api": "cd ../backend && uvicorn main:app --reload --host 0.0.0.0 --port 8000"\n  }\n}\n' },
      },
      // A Next.js route handler that hands back the stored configuration: high.
      { path: 'src/app/api/settings/route.ts', code: NEXT_SETTINGS_ROUTE, with: { 'package.json': NEXT_APP } },
      // A Next.js route handler that writes what the caller sends into the app's configuration: high.
      {
        path: 'app/api/preferences/route.ts',
        code:
          "import { store } from '../../../lib/store';\n\nexport async function POST(req: Request) {\n  const { key, value } = await req.json();\n" +
          '  store.updateConfig(key, value);\n  return Response.json({ ok: true });\n}\n',
        with: { 'package.json': NEXT_APP },
      },
      // A pages-router API route that runs what it is sent: high.
      {
        path: 'pages/api/run.ts',
        code: "import { execSync } from 'node:child_process';\n\nexport default function handler(req, res) {\n  res.status(200).send(execSync(req.body.command).toString());\n}\n",
        with: { 'package.json': NEXT_APP },
      },
      // A chat route that calls a model with the app's key and nothing in front: low, one finding for the app.
      { path: 'app/api/chat/route.ts', code: NEXT_CHAT_ROUTE, with: { 'package.json': NEXT_APP } },
      // A server action (callable by anyone who reaches the app) that starts the MCP server command it is sent, two calls on: high.
      { path: 'app/mcp/actions.ts', code: serverAction(), with: { 'package.json': NEXT_APP } },
      // The module's own agent class, whose run calls a model.
      { path: 'server/app.py', code: ownAgentApp('from openai import OpenAI\n\nclient = OpenAI()\n', 'client.responses.create(model="gpt-4o", input=query).output_text') },
      // On loopback, with a CORS policy that admits every origin: see agent-api-cors.ts.
      ...CORS_EXAMPLES.positive,
      // Agents reached through a framework runner, an A2A application or a router another module builds: see agent-api-examples.ts.
      ...SERVED_EXAMPLES.positive,
    ],
    negative: [
      // Routes registered by a call: a function named agent that formats text, and a settings write of the app's own values.
      {
        path: 'api/app.py',
        code:
          'import uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\ndef agent(text):\n    return text.upper()\n\n' +
          'async def shout(inputs: str):\n    return agent(inputs)\n\nasync def reset(inputs: str):\n    save_settings({"theme": "light"})\n    return {"ok": True}\n\n' +
          'app.add_api_route("/shout", shout, methods=["POST"])\napp.add_api_route("/settings/reset", reset, methods=["POST"])\nuvicorn.run(app, host="0.0.0.0", port=9000)\n',
      },
      // Started by a launcher that binds loopback (uvicorn's default when given no host).
      {
        path: 'backend/main.py',
        code: LAUNCHED_APP,
        with: { 'ui/package.json': '{\n  "scripts": {\n    "dev:api": "cd ../backend && uvicorn main:app --reload --port 8000"\n  }\n}\n' },
      },
      // Flask's default host is loopback.
      {
        path: 'server/app.py',
        code:
          'from flask import Flask, request\nfrom openai import OpenAI\n\napp = Flask(__name__)\nclient = OpenAI()\n\n@app.post("/ask")\ndef ask():\n' +
          '    return client.responses.create(model="gpt-4o", input=request.json["q"]).output_text\n\napp.run(port=5000)\n',
      },
      // A FastAPI security dependency checks an API key.
      {
        path: 'server/main.py',
        code:
          'import uvicorn\nfrom fastapi import Depends, FastAPI\nfrom fastapi.security import APIKeyHeader\nfrom .agent import agent\n\n' +
          'app = FastAPI()\nkey = APIKeyHeader(name="X-API-Key")\n\n@app.post("/run")\nasync def run(q: str, k: str = Depends(key)):\n' +
          '    return await agent.run(q)\n\nuvicorn.run(app, host="0.0.0.0", port=8000)\n',
      },
      // Middleware that checks a bearer token.
      {
        path: 'src/api.ts',
        code:
          "import express from 'express';\nimport { generateText } from 'ai';\nimport { openai } from '@ai-sdk/openai';\n\nconst app = express();\n" +
          "app.use((req, res, next) => (req.headers.authorization === `Bearer ${process.env.API_TOKEN}` ? next() : res.status(401).end()));\n" +
          "app.post('/chat', async (req, res) => {\n  const { text } = await generateText({ model: openai('gpt-4o'), prompt: req.body.prompt });\n  res.json({ text });\n});\napp.listen(3000);\n",
      },
      // The host comes from configuration with no default here.
      {
        path: 'server/app.py',
        code:
          'import uvicorn\nfrom fastapi import FastAPI\nfrom .settings import settings\nfrom .graph import graph\n\napp = FastAPI()\n\n' +
          '@app.post("/invoke")\nasync def invoke(q: str):\n    return await graph.ainvoke({"q": q})\n\nuvicorn.run(app, host=settings.host, port=settings.port)\n',
      },
      // An "agent" that is the module's own rule-based class: it routes the query to a calculator, and calls no model.
      { path: 'server/app.py', code: ownAgentApp('import ast\n', 'str(ast.literal_eval(query))') },
      // A server on every interface whose routes never reach a model.
      { path: 'server/app.py', code: 'from flask import Flask\n\napp = Flask(__name__)\n\n@app.get("/health")\ndef health():\n    return "ok"\n\napp.run(host="0.0.0.0")\n' },
      // A test's server.
      {
        path: 'tests/test_api.py',
        code:
          'from flask import Flask, request\n\napp = Flask(__name__)\n\n@app.post("/ask")\ndef ask():\n    return agent.run(request.json["q"])\n\napp.run(host="0.0.0.0")\n',
      },
      // The Next.js chat route checks the signed-in session first.
      {
        path: 'app/api/chat/route.ts',
        code: NEXT_CHAT_ROUTE.replace('  const { messages }', "  const session = await auth();\n  if (!session) return Response.redirect(new URL('/', req.url));\n  const { messages }"),
        with: { 'package.json': NEXT_APP },
      },
      // The project's middleware checks a bearer token on every API route.
      {
        path: 'src/app/api/settings/route.ts',
        code: NEXT_SETTINGS_ROUTE,
        with: {
          'package.json': NEXT_APP,
          'src/middleware.ts':
            "import { NextResponse, type NextRequest } from 'next/server';\n\nexport function middleware(req: NextRequest) {\n" +
            "  if (req.headers.get('authorization') !== `Bearer ${process.env.APP_TOKEN}`) return new NextResponse(null, { status: 401 });\n" +
            "  return NextResponse.next();\n}\n\nexport const config = { matcher: ['/api/:path*'] };\n",
        },
      },
      // Not a Next.js app: its package.json does not depend on next.
      { path: 'src/app/api/settings/route.ts', code: NEXT_SETTINGS_ROUTE, with: { 'package.json': '{ "dependencies": { "express": "^5.0.0" } }\n' } },
      // The server action checks the signed-in session first.
      {
        path: 'app/mcp/actions.ts',
        code: serverAction("  const session = await auth();\n  if (!session) throw new Error('unauthorized');\n"),
        with: { 'package.json': NEXT_APP },
      },
      // The server action starts a fixed command; the caller only names it.
      { path: 'app/mcp/actions.ts', code: serverAction('', "command: 'npx', args: ['-y', '@acme/notes-mcp']"), with: { 'package.json': NEXT_APP } },
      // The action takes only an id, which picks a stored server: what runs is not the caller's.
      {
        path: 'app/mcp/actions.ts',
        code: serverAction().replace(
          /export async function addServer[\s\S]*?\n}\n/,
          'export async function resumeServer(id: string) {\n  const servers = await loadServers();\n  const settings = servers[id];\n  return start(id, settings);\n}\n',
        ),
        with: { 'package.json': NEXT_APP },
      },
      // A rate-limited chat route was meant to be public, within bounds.
      {
        path: 'app/api/chat/route.ts',
        code:
          "import { ratelimit } from '../../../lib/ratelimit';\n" +
          NEXT_CHAT_ROUTE.replace('  const { messages }', "  const { success } = await ratelimit.limit(req.headers.get('x-forwarded-for') ?? 'anon');\n  if (!success) return new Response('slow down', { status: 429 });\n  const { messages }"),
        with: { 'package.json': NEXT_APP },
      },
      // Loopback with CORS limited to named origins, or with a token check; the loopback Flask app above has no CORS policy.
      ...CORS_EXAMPLES.negative,
      ...SERVED_EXAMPLES.negative,
    ],
  },
};

/** A model of its own (a vLLM or Ollama server the client reaches with a stand-in key): the stand-in key, when every route's model call is to it. */
export function ownModel(exposure: Exposure, local: string | undefined): string | undefined {
  return exposure.kind === 'agent' && /\.(?:completions|messages|responses)\.(?:create|stream)\(/.test(exposure.via) && local ? local : undefined;
}

export function severityOf(exposure: Exposure, own: string | undefined): Severity {
  return own ? 'low' : exposure.kind === 'agent' ? 'medium' : 'high';
}

/** The finding's message: where the server listens (`FastAPI (uvicorn) server on every interface (0.0.0.0) …`), then what its routes expose. */
export function message(where: string, e: Exposure, own: string | undefined, none = 'this file checks no token, API key, session or login', callerKey?: string): string {
  if (e.kind === 'commands' && !e.route) {
    return `${where}: it runs what it receives through a shell or as code (${e.via}), so anyone who reaches the port runs commands on the host.`;
  }
  const route = e.route ? `its route "${e.route}"` : 'a route';
  if (e.kind === 'commands') return `${where}: ${route} runs what the caller sends as a command or code (${e.via}), and ${none}, so anyone who reaches the port runs commands on the host.`;
  if (e.kind === 'settings') return `${where}: ${route} returns the app's settings (${e.via}), where its provider keys are kept, and ${none}, so anyone who reaches the port reads them.`;
  if (e.kind === 'reconfigures') {
    return `${where}: ${route} changes the app's settings with what the caller sends (${e.via}), and ${none}, so anyone who reaches the port can point a model provider at a server of theirs, which then receives the app's prompts and keys.`;
  }
  const drives = `${where}: ${route} drives the agent (${e.via}), and ${none}`;
  if (own) return `${drives}; its model client calls a self-hosted model with a stand-in key (${own}), so anyone who reaches the port uses that model's compute, not the app's provider keys.`;
  if (callerKey) return `${drives}; every model client it makes is given the API key the caller sends (${callerKey}), so a caller runs the agent on their own key, not the app's.`;
  return `${drives}, so anyone who reaches the port runs the agent with its keys and tools.`;
}

export type ResolveModule = (root: string, from: string, spec: string, lang: 'python' | 'typescript') => string | undefined;

/** A module's text, recorded as a dependency (see root-file.ts); undefined when it cannot be read or is too large. */
export function readModule(root: string, rel: string, ctx: AnalyzerContext): string | undefined {
  const text = readRootFile(root, rel, ctx.dependsOn?.bind(ctx));
  return text !== undefined && Buffer.byteLength(text) <= MAX_BYTES ? text : undefined;
}

/**
 * Follows a route handler's call into the module it imports, one module on: `judge` says whether that
 * module's text (or, with `byName`, the definition of the imported name in it) drives an agent. Each
 * module, or module and name, is read and judged once per file.
 */
export function followImport(
  root: string | undefined,
  relPath: string,
  ctx: AnalyzerContext,
  lang: 'python' | 'typescript',
  resolveModule: ResolveModule,
  judge: (text: string, name: string) => boolean,
  byName = false,
): (spec: string, name: string) => boolean {
  const seen = new Map<string, boolean>();
  return (spec, name) => {
    if (!root) return false;
    const rel = resolveModule(root, relPath, spec, lang);
    if (!rel) return false;
    const key = byName ? `${rel}\0${name}` : rel;
    let result = seen.get(key);
    if (result === undefined) {
      const text = readModule(root, rel, ctx);
      result = text !== undefined && judge(text, name);
      seen.set(key, result);
    }
    return result;
  };
}
