/**
 * code/agent-api-no-auth: an agent application's own web API (Flask, FastAPI, Express, a raw socket
 * server …) listening on every interface, with a route that drives the agent, runs what it is sent or
 * hands back the app's settings, and nothing in the file that authenticates callers. Anyone who
 * reaches the port uses the agent with its keys and tools. What the file shows is read by
 * `agent-api-listen.ts`; a route handler's call into another module of the repository is followed
 * one module on. A test's server is not a report.
 */
import type { AnalyzerContext, FileAnalyzer, InventoryItem, ProjectAnalyzer, RuleMeta } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import type { Severity } from '../../core/types.js';
import { readRootFile } from '../../core/root-file.js';
import { contextOf } from '../../discovery/context.js';
import { importsAgentFramework } from './frameworks.js';
import { appExposure, asgiApps, drivesAgent, hasAuthentication, mayBeAsgiApp, mayServeAgentApi, openAgentApis, openListeners, pythonImports, routerCode, type Exposure, type IncludedRouter } from './agent-api-listen.js';

export const ID = 'code/agent-api-no-auth';

const MAX_BYTES = 512 * 1024;

const LAUNCHED_APP =
  'from fastapi import FastAPI\nfrom .agents import triage_agent\nfrom agents import Runner\n\napp = FastAPI()\n\n' +
  '@app.post("/chat")\nasync def chat(message: str):\n    result = await Runner.run(triage_agent, message)\n    return {"reply": result.final_output}\n';

const meta: RuleMeta = {
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
    'middleware. Anyone who can reach the port drives the agent with its keys and tools. High when a route (or the socket server) runs ' +
    "what it is sent as a shell command or code, or a route hands back the app's settings, where its provider keys live. Low when the route only " +
    'calls a self-hosted model whose client is given a stand-in key (vLLM, Ollama): callers use its compute, not the app\'s provider keys. ' +
      'A FastAPI or Starlette app that does not start itself is reported when a launcher in another file starts it on every interface ' +
      '(a Dockerfile CMD or ENTRYPOINT, a Compose command, a package.json script, a Procfile or shell script running uvicorn module:app --host 0.0.0.0, ' +
      'gunicorn or hypercorn bound to 0.0.0.0 or ::, or fastapi run, whose default host is 0.0.0.0); the finding is at the app and names the launcher.',
  remediation:
    'Bind to 127.0.0.1 when the API serves a local UI; when it must be reachable from other machines, put authentication in front of ' +
    'every route (an API key or bearer token checked in middleware, a login session, a FastAPI security dependency, a reverse proxy that ' +
    'authenticates), never return stored provider keys to the client, and never run received text as a command.',
  docs: {
    why:
      'An agent reachable over the network with no authentication is driven by whoever reaches it: its model spend, its tools and its ' +
      'credentials become theirs (OWASP Agentic AI: tool misuse and identity spoofing; the API security top 10: broken authentication).',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
      'https://flask.palletsprojects.com/en/stable/api/#flask.Flask.run',
      'https://nodejs.org/api/net.html#serverlistenport-host-backlog-callback',
    ],
  },
  examples: {
    positive: [
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
    ],
    negative: [
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
      // A server on every interface whose routes never reach a model.
      { path: 'server/app.py', code: 'from flask import Flask\n\napp = Flask(__name__)\n\n@app.get("/health")\ndef health():\n    return "ok"\n\napp.run(host="0.0.0.0")\n' },
      // A test's server.
      {
        path: 'tests/test_api.py',
        code:
          'from flask import Flask, request\n\napp = Flask(__name__)\n\n@app.post("/ask")\ndef ask():\n    return agent.run(request.json["q"])\n\napp.run(host="0.0.0.0")\n',
      },
    ],
  },
};

export const agentApiNoAuth: FileAnalyzer = {
  name: ID,
  rules: [meta],
  reportsNoSecrets: true,
  kinds: ['python', 'typescript'],
  applies(file) {
    const lang = language(file);
    return (mayServeAgentApi(file.text, lang) || (lang === 'python' && mayBeAsgiApp(file.text))) && contextOf(file.relPath) !== 'test';
  },
  async analyze(file, ctx) {
    const lang = language(file);
    // The listeners first: most servers bind loopback or check a token, and then no tree is needed.
    const listeners = openListeners(file.text, lang);
    if (listeners.length === 0) return recordAsgiApps(file, ctx);
    const apis = openAgentApis(file.text, lang, await routeContext(file, ctx, lang), listeners);
    const local = selfHostedOnly(file.text);
    for (const api of apis) {
      const own = ownModel(api.exposure, local);
      ctx.report({
        ruleId: ID,
        message: message(`${api.server} server on every interface (${api.bind}) with no authentication`, api.exposure, own),
        span: { start: api.start, end: api.end },
        key: `agent-api:${api.call}`,
        evidence: api.call,
        severity: severityOf(api.exposure, own),
      });
    }
  },
};

/** What a route handler may reach: the file's own agents (its syntax tree), and a module it imports, followed one module on. */
async function routeContext(file: SourceFile, ctx: AnalyzerContext, lang: 'python' | 'typescript') {
  // Loaded here, not with the module: the launcher join below runs on cached scans and needs neither.
  const [{ analyzeCode }, { resolveModule }] = await Promise.all([import('./analysis.js'), import('./modules.js')]);
  const analysis = await analyzeCode(file);
  const agentNames = analysis.ok ? analysis.analysis.model.agents.flatMap((a) => (a.binding ? [a.binding] : [])) : [];
  return { agentNames, imported: importedDrivesAgent(file.root, file.relPath, ctx, lang, resolveModule), routers: includedRouters(file, ctx, resolveModule) };
}

/**
 * A FastAPI or Starlette app that the file does not start on every interface itself, open to
 * callers and with a route that drives an agent, runs commands or returns settings: an `asgi-app`
 * fact, for the launchers of other files (a Dockerfile, a package.json script) that start it.
 */
async function recordAsgiApps(file: SourceFile, ctx: AnalyzerContext): Promise<void> {
  if (file.kind !== 'python' || !mayBeAsgiApp(file.text)) return;
  const apps = asgiApps(file.text);
  if (apps.length === 0 || hasAuthentication(file.text, 'python')) return;
  // From the text first: the syntax tree (for the agents the file declares) only when that finds nothing and the file imports an agent framework.
  const { resolveModule } = await import('./modules.js');
  const exposure =
    appExposure(file.text, 'python', { agentNames: [], imported: importedDrivesAgent(file.root, file.relPath, ctx, 'python', resolveModule), routers: includedRouters(file, ctx, resolveModule) }) ??
    (importsAgentFramework(file.text, 'python') ? appExposure(file.text, 'python', await routeContext(file, ctx, 'python')) : undefined);
  if (!exposure) return;
  const own = ownModel(exposure, selfHostedOnly(file.text));
  for (const app of apps) {
    ctx.inventory({ type: 'asgi-app', span: { start: app.start, end: app.end }, data: { app: app.name, server: app.server, exposure, ...(own ? { ownModel: own } : {}) } });
  }
}

/** A model of its own (a vLLM or Ollama server the client reaches with a stand-in key): the stand-in key, when every route's model call is to it. */
function ownModel(exposure: Exposure, local: string | undefined): string | undefined {
  return exposure.kind === 'agent' && /\.(?:completions|messages|responses)\.(?:create|stream)\(/.test(exposure.via) && local ? local : undefined;
}

function severityOf(exposure: Exposure, own: string | undefined): Severity {
  return own ? 'low' : exposure.kind === 'agent' ? 'medium' : 'high';
}

/**
 * The repository step: an app recorded by `recordAsgiApps` that a launcher in another file starts on
 * every interface (a `server-launch` fact, `deploy/launch-facts.ts`) is reported at the app, naming
 * the launcher. One finding per app, whatever the number of launchers.
 */
export const agentApiLaunched: ProjectAnalyzer = {
  name: 'code/agent-api-launched',
  rules: [meta],
  finish(facts, ctx) {
    const apps = facts.inventory.filter((i) => i.type === 'asgi-app');
    if (apps.length === 0) return;
    const launches = facts.inventory.filter((i) => i.type === 'server-launch');
    for (const app of apps) {
      const name = String(app.data.app);
      const by = launches.filter((l) => (l.data.apps as string[]).includes(name) && starts(l, app.location.path));
      if (by.length === 0) continue;
      const first = by[0]!;
      const exposure = app.data.exposure as Exposure;
      const own = typeof app.data.ownModel === 'string' ? app.data.ownModel : undefined;
      const launcher = `${first.location.path}:${first.location.startLine}`;
      const label = typeof first.data.label === 'string' ? `${first.data.label}: ` : '';
      const more = by.length > 1 ? ` and ${by.length - 1} other launcher${by.length > 2 ? 's' : ''}` : '';
      ctx.report({
        ruleId: ID,
        location: app.location,
        message: message(
          `${String(app.data.server)} app "${name}" started by ${String(first.data.server)} on every interface (${String(first.data.bind)}) from ${launcher} (${label}${String(first.data.command)})${more}, with no authentication`,
          exposure,
          own,
        ),
        key: `agent-api-launch:${name}`,
        evidence: String(first.data.command),
        severity: severityOf(exposure, own),
        related: by.map((l) => ({ ...l.location, message: `starts it on every interface (${String(l.data.bind)})` })),
      });
    }
  },
};

/** Whether a launch starts the app of the module at `appPath`: by its path from the root, or, in a container, by its ending under the image's folder. */
function starts(launch: InventoryItem, appPath: string): boolean {
  if ((launch.data.files as string[] | undefined)?.includes(appPath)) return true;
  const under = launch.data.under;
  if (typeof under !== 'string' || (under && !appPath.startsWith(`${under}/`))) return false;
  const rest = under ? appPath.slice(under.length + 1) : appPath;
  return ((launch.data.suffixes as string[] | undefined) ?? []).some((s) => rest === s || rest.endsWith(`/${s}`));
}

/** A model client made with an API key (`OpenAI(base_url=…, api_key=…)`, `new OpenAI({ apiKey: … })`). */
const CLIENT = /\b(?:Async|Chat)?(?:OpenAI|AzureOpenAI|Anthropic|Groq|Mistral\w*)\s*\(\s*\{?([^()]*(?:\([^()]*\)[^()]*)*)\)/g;
/** The stand-in keys self-hosted OpenAI-compatible servers (vLLM, Ollama, LM Studio, llama.cpp) are given: they check none. */
const STAND_IN_KEY = /\bapi_?[kK]ey\s*[=:]\s*['"](unused|empty|none|not[-_ ]?needed|no[-_]?key|sk-no-key-required|ollama|lm-studio|dummy|fake|x+)['"]/i;

/**
 * The stand-in key when every model client of the file is made with one (a self-hosted model the
 * app serves through its routes); undefined when any client takes a real key or none is made here.
 */
function selfHostedOnly(text: string): string | undefined {
  let key: string | undefined;
  for (const m of text.matchAll(CLIENT)) {
    const stand = STAND_IN_KEY.exec(m[1]!);
    if (!stand) return undefined;
    key ??= `api_key "${stand[1]}"`;
  }
  return key;
}

function language(file: SourceFile): 'python' | 'typescript' {
  return file.kind === 'python' ? 'python' : 'typescript';
}

/** The finding's message: where the server listens (`FastAPI (uvicorn) server on every interface (0.0.0.0) …`), then what its routes expose. */
function message(where: string, e: Exposure, own: string | undefined): string {
  const none = 'this file checks no token, API key, session or login';
  if (e.kind === 'commands' && !e.route) {
    return `${where}: it runs what it receives through a shell or as code (${e.via}), so anyone who reaches the port runs commands on the host.`;
  }
  const route = e.route ? `its route "${e.route}"` : 'a route';
  if (e.kind === 'commands') return `${where}: ${route} runs what the caller sends as a command or code (${e.via}), and ${none}, so anyone who reaches the port runs commands on the host.`;
  if (e.kind === 'settings') return `${where}: ${route} returns the app's settings, where its provider keys are kept, and ${none}, so anyone who reaches the port reads them.`;
  const drives = `${where}: ${route} drives the agent (${e.via}), and ${none}`;
  if (own) return `${drives}; its model client calls a self-hosted model with a stand-in key (${own}), so anyone who reaches the port uses that model's compute, not the app's provider keys.`;
  return `${drives}, so anyone who reaches the port runs the agent with its keys and tools.`;
}

/** Follows a route handler's call one module on: whether the imported module runs an agent or a model. */
function importedDrivesAgent(
  root: string | undefined,
  relPath: string,
  ctx: AnalyzerContext,
  lang: 'python' | 'typescript',
  resolveModule: ResolveModule,
): (spec: string, name: string) => boolean {
  const seen = new Map<string, boolean>();
  return (spec) => {
    if (!root) return false;
    const rel = resolveModule(root, relPath, spec, lang);
    if (!rel) return false;
    let result = seen.get(rel);
    if (result === undefined) {
      const text = readModule(root, rel, ctx);
      result = text !== undefined && drivesAgent(text, lang);
      seen.set(rel, result);
    }
    return result;
  };
}

type ResolveModule = (root: string, from: string, spec: string, lang: 'python' | 'typescript') => string | undefined;

/** Routers an app includes, read from the modules that hold them, at most this many. */
const MAX_ROUTERS = 16;

/**
 * The router modules a FastAPI app includes (`app.include_router(chat.router)` after `from .routers
 * import chat`, `app.include_router(chat_router)` after `from .routers.chat import router as
 * chat_router`), found through the file's imports; a router whose module authenticates its callers
 * (a security dependency on the router) is left out. Each module read is a dependency of the result.
 */
function includedRouters(file: SourceFile, ctx: AnalyzerContext, resolveModule: ResolveModule): IncludedRouter[] {
  const root = file.root;
  if (file.kind !== 'python' || !root || !/\.include_router\s*\(/.test(file.text)) return [];
  const imports = pythonImports(routerCode(file.text, 'python'));
  const out: IncludedRouter[] = [];
  const seen = new Set<string>();
  for (const m of file.text.matchAll(/\.include_router\s*\(\s*([\w.]+)/g)) {
    if (out.length >= MAX_ROUTERS) break;
    const imp = imports.get(m[1]!.split('.')[0]!);
    if (!imp) continue;
    // `from .routers import chat` names a module (`.routers.chat`); `from .routers.chat import router` names a value of one.
    const specs = imp.name ? [imp.spec.endsWith('.') ? `${imp.spec}${imp.name}` : `${imp.spec}.${imp.name}`, imp.spec] : [imp.spec];
    for (const spec of specs) {
      const rel = resolveModule(root, file.relPath, spec, 'python');
      if (!rel) continue;
      if (!seen.has(rel)) {
        seen.add(rel);
        const text = readModule(root, rel, ctx);
        if (text !== undefined && !hasAuthentication(routerCode(text, 'python'), 'python')) {
          out.push({ code: routerCode(text, 'python'), imported: importedDrivesAgent(root, rel, ctx, 'python', resolveModule) });
        }
      }
      break;
    }
  }
  return out;
}

/** A module's text, recorded as a dependency (see root-file.ts); undefined when it cannot be read or is too large. */
function readModule(root: string, rel: string, ctx: AnalyzerContext): string | undefined {
  const text = readRootFile(root, rel, ctx.dependsOn?.bind(ctx));
  return text !== undefined && Buffer.byteLength(text) <= MAX_BYTES ? text : undefined;
}
