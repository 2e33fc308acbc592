/**
 * An agent application's own web API, read from one Python or TypeScript/JavaScript file: the call
 * that starts its server on every interface (Flask's or Flask-SocketIO's `run(host=…)`, uvicorn,
 * aiohttp's `run_app`, Node's `listen(port)`, @hono/node-server, Bun, a raw TCP socket), what one of
 * its routes does with a caller's request (drives an agent or a model, runs the text as a command,
 * hands back the app's settings), and whether the file shows any authentication.
 *
 * Defaults, from the libraries: Flask, Flask-SocketIO, uvicorn and Fastify bind loopback unless given
 * a host; aiohttp's `run_app`, Node's `listen(port)`, @hono/node-server's `serve()` and `Bun.serve`
 * bind every interface. The bind host is resolved as for MCP servers (`http-listen.ts`).
 */
import {
  allInterfaces,
  argsAt,
  clip,
  codeText,
  literal,
  named,
  nodeListeners,
  PY_AUTH,
  splitArgs,
  TS_AUTH,
  type Listen,
} from './http-listen.js';
import { changesSettings, returnsSettings } from './route-settings.js';
import { REQUEST_INPUT } from './vocabulary.js';

export type Exposure =
  | { kind: 'agent'; route?: string; via: string }
  | { kind: 'commands'; route?: string; via: string }
  | { kind: 'settings'; route: string; via: string }
  /** A route that rewrites the app's settings with what the caller sent (`via`: the call). */
  | { kind: 'reconfigures'; route?: string; via: string };

export interface AgentApi extends Listen {
  /** The web framework or server that listens (`Flask`, `FastAPI (uvicorn)`, `Express`, `TCP socket`). */
  server: string;
  exposure: Exposure;
}

/** Whether a module of the repository, imported by this file, runs an agent or a model (followed one module away). */
export type ImportedAgent = (spec: string, name: string) => boolean;

type Language = 'python' | 'typescript';

// ───────────────────────── what a route does ─────────────────────────

/** A model client call (OpenAI, Anthropic, LiteLLM, Gemini, Ollama) or an agent framework's run, by its API. */
const PY_CLIENT_CALL =
  /\.chat\.completions\.create\(|\.completions\.create\(|\.messages\.(?:create|stream)\(|\.responses\.(?:create|stream)\(|\blitellm\.a?completion\(|\.generate_content(?:_async)?\(|\bollama\.(?:chat|generate)\(|\bRunner\.run(?:_sync|_streamed)?\(|\.kickoff(?:_async)?\(|\.initiate_chat\(/;
/** A run of an object the code names as an agent, crew, graph, chain, assistant or LLM. */
const PY_AGENT_RUN =
  /\b\w*(?:agent|crew|graph|chain|assistant|llm|swarm|query_engine|chat_engine)\w*\.(?:run|arun|run_sync|run_stream|invoke|ainvoke|stream|astream|astream_events|execute|chat|achat|step|kickoff|generate|agenerate|print_response|query|aquery|subsequent_execute)\(/i;
const TS_CLIENT_CALL = /\.chat\.completions\.create\(|\.messages\.(?:create|stream)\(|\.responses\.(?:create|stream)\(|\.generateContent(?:Stream)?\(/;
/** The AI SDK's calls, only where the file imports it (Hono's `streamText` streams any text). */
const TS_AI_SDK_CALL = /(?<![\w$.])(?:generateText|streamText|generateObject|streamObject)\s*\(/;
const TS_AI_SDK_IMPORT = /\bfrom\s*['"](?:ai|@ai-sdk\/[\w-]+)['"]|\brequire\(\s*['"](?:ai|@ai-sdk\/[\w-]+)['"]\s*\)/;
const TS_AGENT_RUN =
  /(?<![\w$.])run\(\s*[\w$]*agent[\w$]*\s*,|\b[\w$]*(?:agent|crew|graph|chain|assistant|llm|swarm)[\w$]*\.(?:run|invoke|stream|execute|chat|generate|streamText|generateText|streamEvents|step)\s*\(/i;

/** The call in a text (a handler, a module) that runs an agent or a model, if any. */
function agentCall(text: string, language: Language, code: string): RegExpExecArray | null {
  if (language === 'python') return PY_CLIENT_CALL.exec(text) ?? PY_AGENT_RUN.exec(text);
  return TS_CLIENT_CALL.exec(text) ?? (TS_AI_SDK_IMPORT.test(code) ? TS_AI_SDK_CALL.exec(text) : null) ?? TS_AGENT_RUN.exec(text);
}

/** Received text run as a shell command or as code. */
const PY_EXEC = /\bsubprocess\.(?:run|Popen|call|check_call|check_output)\s*\(|(?<![\w.])os\.(?:system|popen)\s*\(|(?<![\w.])(?:exec|eval)\s*\(|\bpexpect\.spawn\s*\(/g;
const TS_EXEC = /(?<![\w$.])(?:exec|execSync)\s*\(|\bchild_process\.(?:exec|execSync)\s*\(|(?<![\w$.])eval\s*\(|\bnew\s+Function\s*\(|(?<![\w$.])(?:spawn|spawnSync)\s*\([^)]*shell\s*:\s*true/g;

/** A route that names the app's settings or keys. */
const SETTINGS_ROUTE = /(?:^|\/)(?:settings|config|configuration|api[-_]?keys|keys|credentials|secrets)(?:\/|$)/i;

/**
 * Authentication beyond what an MCP server shows: Flask-Login, Flask-HTTPAuth, JWT decorators,
 * FastAPI security dependencies, a session's user, a before-request hook that reads a token, an x402
 * paywall that admits only callers who pay.
 */
const PY_AUTH_MORE =
  /\bflask_login\b|\blogin_required\b|\bcurrent_user\.is_authenticated\b|\bjwt_required\b|\btoken_required\b|\brequires?_auth\w*\b|\bflask_httpauth\b|\bHTTPBasicAuth\b|\bHTTPTokenAuth\b|\bOAuth2\w*Bearer\b|\bAPIKey(?:Query|Cookie)\b|(?<![\w.])Security\s*\(|\bDepends\s*\(\s*(?:\w+\.)*(?:oauth2_scheme|get_current_\w+|\w*(?:auth|token|api_key|apikey|user)\w*)\s*\)|\bsession(?:\.get\(\s*|\[\s*)['"](?:user\w*|username|logged_in|token|authenticated|auth\w*)['"]|@\w+\.before_request\b[\s\S]{0,600}?\b(?:token|api_?key|auth\w*|password)\b|\brequire_payment\s*\(/i;
const TS_AUTH_MORE =
  /express-basic-auth|\bpaymentMiddleware\s*\(|\bgetServerSession\b|['"]next-auth|@clerk\/|\bisAuthenticated\b|\breq(?:uest)?\.user\b|\breq(?:uest)?\.session\.\w*user|jsonwebtoken|\b(?:api_?key|token|secret)\s*!==?\s*|!==?\s*(?:process\.env\.)?\w*(?:API_?KEY|TOKEN|SECRET)\b/i;

export function hasAuthentication(code: string, language: Language): boolean {
  return language === 'python' ? PY_AUTH.test(code) || PY_AUTH_MORE.test(code) : TS_AUTH.test(code) || TS_AUTH_MORE.test(code);
}

/** A cheap test before reading a file: a web server or socket, and something that starts it. */
export function mayServeAgentApi(text: string, language: Language): boolean {
  if (language === 'python') {
    return /\b(?:flask|fastapi|starlette|quart|aiohttp|flask_socketio|socket)\b/.test(text) && /\.run\(|run_app\(|\.bind\(/.test(text);
  }
  return /\.listen\s*\(|\bserve\s*\(/.test(text) && /['"](?:express|koa|fastify|hono|@hono\/node-server|(?:node:)?https?|(?:node:)?net)['"]|\bBun\.serve\b/.test(text);
}

/**
 * The servers a file starts on every interface, when nothing in it authenticates callers: read from
 * the text alone, before any syntax tree, so a file with none costs no parse.
 */
export function openListeners(text: string, language: Language): Listener[] {
  const code = codeText(text, language);
  if (hasAuthentication(code, language)) return [];
  return language === 'python' ? pythonListeners(code) : typescriptListeners(code);
}

export function openAgentApis(
  text: string,
  language: Language,
  extra: RouteContext = {},
  listeners: Listener[] = openListeners(text, language),
): AgentApi[] {
  if (listeners.length === 0) return [];
  const code = codeText(text, language);
  const out: AgentApi[] = [];
  for (const l of listeners) {
    const exposure = l.socket ? socketExposure(code, language) : routeExposure(code, language, extra);
    if (exposure) out.push({ start: l.start, end: l.end, call: l.call, bind: l.bind, server: l.server, exposure });
  }
  return out;
}

export interface Listener extends Listen {
  server: string;
  /** A raw socket server: what it receives is not a route's request. */
  socket?: boolean;
}

// ───────────────────────── Python ─────────────────────────

function pythonListeners(code: string): Listener[] {
  const out: Listener[] = [];
  const push = (start: number, end: number, server: string, bind: string | undefined, socket?: boolean): void => {
    if (bind) out.push({ start, end, call: clip(code.slice(start, end)), bind, server, socket });
  };
  const apps = new Map<string, string>();
  for (const m of code.matchAll(/(?<![\w.])(\w+)\s*(?::\s*[\w.]+)?\s*=\s*(?:flask\.|quart\.|flask_socketio\.)?(Flask|Quart|SocketIO)\s*\(/g)) {
    apps.set(m[1]!, m[2] === 'SocketIO' ? 'Flask-SocketIO' : m[2]!);
  }
  // A Flask-SocketIO instance made in another module of the app and imported here (`from .sockets import socketio`).
  if (apps.size && /^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t][^\n]*\bsocketio\b/m.test(code) && !apps.has('socketio')) apps.set('socketio', 'Flask-SocketIO');
  // Flask's `app.run(host, port)` and Flask-SocketIO's `socketio.run(app, host=…)`: loopback unless given a host.
  for (const m of code.matchAll(/(?<![\w.])(\w+)\.run\s*\(/g)) {
    const server = apps.get(m[1]!);
    if (!server) continue;
    const a = argsAt(code, m.index + m[0].length - 1);
    if (!a) continue;
    const items = splitArgs(a.args);
    const positional = server === 'Flask-SocketIO' ? items[1] : items[0];
    const host = named(items, 'host', '=') ?? (positional && !/^\w+\s*=(?!=)/.test(positional) ? positional : undefined);
    push(m.index, a.end, server, host ? allInterfaces(host, code, 'python') : undefined);
  }
  const web = /\bFastAPI\s*\(/.test(code) ? 'FastAPI' : /\bStarlette\s*\(/.test(code) ? 'Starlette' : apps.size ? [...apps.values()][0]! : undefined;
  if (web) {
    for (const m of code.matchAll(/(?<![\w.])uvicorn\.(?:run|Config)\s*\(/g)) {
      const a = argsAt(code, m.index + m[0].length - 1);
      const host = a ? named(splitArgs(a.args), 'host', '=') : undefined;
      if (a) push(m.index, a.end, `${web} (uvicorn)`, host ? allInterfaces(host, code, 'python') : undefined);
    }
  }
  // aiohttp's `web.run_app(app)` binds every interface unless given a host.
  if (/^[ \t]*(?:from|import)[ \t]+aiohttp\b/m.test(code)) {
    for (const m of code.matchAll(/(?<![\w])(?:web\.)?run_app\s*\(/g)) {
      const a = argsAt(code, m.index + m[0].length - 1);
      if (!a) continue;
      const host = named(splitArgs(a.args), 'host', '=');
      push(m.index, a.end, 'aiohttp', host ? allInterfaces(host, code, 'python') : 'run_app() given no host');
    }
  }
  // A raw TCP server: `server.bind(("0.0.0.0", port))` then `accept()`.
  if (/^[ \t]*(?:import[ \t]+socket\b|from[ \t]+socket[ \t]+import)/m.test(code) && /\.accept\s*\(/.test(code)) {
    for (const m of code.matchAll(/(?<![\w])\w+\.bind\s*\(\s*\(/g)) {
      const a = argsAt(code, m.index + m[0].length - 1);
      if (!a) continue;
      const host = splitArgs(a.args)[0];
      const whole = argsAt(code, m.index + m[0].indexOf('('));
      push(m.index, whole?.end ?? a.end, 'TCP socket', host !== undefined ? allInterfaces(host, code, 'python') : undefined, true);
    }
  }
  return out;
}

export interface Route {
  path?: string;
  /** Whether the route answers GET (Flask's default, `@app.get`, `methods=["GET"]`). */
  get: boolean;
  /** Whether it answers POST, PUT or PATCH, and is read for writes to the app's settings (Next.js route handlers). */
  writes?: boolean;
  body: string;
  /** Whether the handler takes the caller's input (parameters, `request.…`). */
  input: boolean;
}

/** Route handlers: a decorated function's body (`@app.route`, `@app.post`, `@router.get`, `@socketio.on`, `@app.websocket`). */
function pythonRoutes(code: string): Route[] {
  const out: Route[] = [];
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([ \t]*)@[\w.]*?\.(route|get|post|put|patch|delete|websocket|api_route|on|event)\s*\((.*)$/.exec(lines[i]!);
    if (!m) continue;
    let j = i + 1;
    while (j < lines.length && !/^[ \t]*(?:async[ \t]+)?def[ \t]/.test(lines[j]!)) {
      if (j > i + 8) break;
      j++;
    }
    const def = lines[j];
    if (!def || !/^[ \t]*(?:async[ \t]+)?def[ \t]/.test(def)) continue;
    const indent = /^[ \t]*/.exec(def)![0].length;
    const body: string[] = [def];
    for (let k = j + 1; k < lines.length; k++) {
      const line = lines[k]!;
      if (line.trim() && /^[ \t]*/.exec(line)![0].length <= indent) break;
      body.push(line);
    }
    const decorator = lines.slice(i, j).join('\n');
    const method = m[2]!;
    const path = literal(splitArgs(m[3]!.replace(/\)\s*$/, ''))[0] ?? '');
    const methods = /methods\s*=\s*\[([^\]]*)\]/.exec(decorator)?.[1];
    const get = method === 'get' || (method === 'route' && (!methods || /['"]GET['"]/i.test(methods))) || method === 'api_route';
    const text = body.join('\n');
    const params = /def[ \t]+\w+\s*\(([^)]*)\)/.exec(def)?.[1]?.replace(/\bself\b,?/, '').trim();
    out.push({ path, get, body: text, input: Boolean(params) || REQUEST_INPUT.python.test(text) });
    i = j;
  }
  return out;
}

// ───────────────────────── TypeScript / JavaScript ─────────────────────────

function typescriptListeners(code: string): Listener[] {
  const server =
    /['"]express['"]/.test(code) ? 'Express'
    : /['"]koa['"]/.test(code) ? 'Koa'
    : /['"]fastify['"]/.test(code) ? 'Fastify'
    : /['"](?:hono|@hono\/node-server)['"]/.test(code) ? 'Hono'
    : /\bBun\.serve\b/.test(code) ? 'Bun'
    : /['"](?:node:)?https?['"]/.test(code) ? 'Node http'
    : /['"](?:node:)?net['"]/.test(code) ? 'TCP socket'
    : undefined;
  if (!server) return [];
  // Fastify's listen() binds localhost unless given a host: only an explicit one counts.
  return nodeListeners(code)
    .filter((l) => server !== 'Fastify' || !/given no host/.test(l.bind))
    .map((l) => ({ ...l, server, socket: server === 'TCP socket' }));
}

/** Route handlers: `app.post('/path', …handlers)`, `router.get(…)`, `app.ws(…)`; the handler text is the call's arguments. */
function typescriptRoutes(code: string): Route[] {
  const out: Route[] = [];
  for (const m of code.matchAll(/(?<![\w$])[\w$]+\.(get|post|put|patch|delete|all|ws|route)\s*\(\s*(['"`])(\/[^'"`]*)\2/g)) {
    const a = argsAt(code, m.index + m[0].indexOf('('));
    if (!a) continue;
    out.push({ path: m[3], get: m[1] === 'get' || m[1] === 'all', body: a.args, input: REQUEST_INPUT.express.test(a.args) });
  }
  return out;
}

// ───────────────────────── exposure ─────────────────────────

/**
 * What the app's routes expose: its own, then those of the routers it includes (`app.include_router(chat.router)`,
 * each read from its module with its own imports followed); a command or settings route first.
 */
function routeExposure(code: string, language: Language, extra: RouteContext): Exposure | undefined {
  const own = fileRouteExposure(code, language, extra);
  if (own && own.kind !== 'agent') return own;
  let found = own;
  for (const router of extra.routers ?? []) {
    const theirs = fileRouteExposure(router.code, language, { imported: router.imported });
    if (theirs && theirs.kind !== 'agent') return theirs;
    found ??= theirs;
  }
  return found;
}

/** A module of the app's routes that the app includes: its code (comments and strings blanked) and how its imports are followed. */
export interface IncludedRouter {
  code: string;
  imported?: ImportedAgent;
}

export interface RouteContext {
  agentNames?: string[];
  imported?: ImportedAgent;
  routers?: IncludedRouter[];
}

function fileRouteExposure(code: string, language: Language, extra: RouteContext): Exposure | undefined {
  return routesExposure(code, language, language === 'python' ? pythonRoutes(code) : typescriptRoutes(code), extra);
}

/** What the given routes of a file (`code`, comments blanked) expose: a command or settings route first, else the first that drives an agent. */
export function routesExposure(code: string, language: Language, routes: Route[], extra: RouteContext): Exposure | undefined {
  const names = (extra.agentNames ?? []).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  // The file's own agents (the shared inventory): `helper.run(…)`, `run(helper, …)`, `Runner.run(helper, …)`.
  const alt = names.join('|');
  const declared = names.length
    ? new RegExp(`(?<![\\w$.])(?:self\\.)?(?:${alt})\\.(?:a?run\\w*|a?invoke|a?stream\\w*|kickoff\\w*|execute|a?chat|generate\\w*|step|print_response)\\s*\\(|(?<![\\w$])run(?:_sync|_streamed)?\\(\\s*(?:${alt})\\s*,`)
    : undefined;
  const imports = extra.imported ? importedNames(code, language) : new Map<string, string>();
  let found: Exposure | undefined;
  for (const r of routes) {
    // Received text run as a command or as code.
    const exec = r.input ? execOfInput(r.body, language) : undefined;
    if (exec) return { kind: 'commands', route: r.path, via: exec };
    const back = r.get && r.path && SETTINGS_ROUTE.test(r.path) ? returnsSettings(r.body, language) : undefined;
    if (back) return { kind: 'settings', route: r.path!, via: back };
    const change = r.writes ? changesSettings(r.body, language) : undefined;
    if (change) return { kind: 'reconfigures', route: r.path, via: change };
    if (found) continue;
    const call = agentCall(r.body, language, code) ?? declared?.exec(r.body);
    if (call) {
      found = { kind: 'agent', route: r.path, via: clip(call[0].replace(/\($/, '()')) };
      continue;
    }
    for (const [name, spec] of imports) {
      const use = usesImported(name, r.body, code, language);
      if (!use) continue;
      if (extra.imported!(spec, name)) {
        found = { kind: 'agent', route: r.path, via: `${name}${use === 'call' ? '()' : ''} from ${spec}` };
        break;
      }
    }
  }
  return found;
}

/**
 * Whether a route handler uses an imported name: calls it (`summarise(…)`), or, in Python, takes a
 * parameter of that class (`server: AirlineServer = Depends(get_server)`) or calls a module-level
 * instance of it (`chat_server = AirlineServer()`, then `chat_server.process(…)`).
 */
function usesImported(name: string, body: string, code: string, language: Language): 'call' | 'instance' | undefined {
  const n = name.replace(/\$/g, '\\$');
  if (new RegExp(`(?<![\\w$.])${n}\\s*\\(`).test(body)) return 'call';
  if (language !== 'python') return undefined;
  if (new RegExp(`(?<![\\w.])\\w+\\s*:\\s*(?:Annotated\\[\\s*)?${n}\\b`).test(body)) return 'instance';
  for (const m of code.matchAll(new RegExp(`^(\\w+)\\s*(?::[^=\\n]+)?=\\s*${n}\\s*\\(`, 'gm'))) {
    if (new RegExp(`(?<![\\w.])${m[1]}\\.\\w+\\s*\\(`).test(body)) return 'instance';
  }
  return undefined;
}

/** A sink in a handler given something other than a plain string: `subprocess.run(cmd, shell=True)`, `exec(code)`, `os.system(…)`. */
function execOfInput(body: string, language: Language): string | undefined {
  const re = new RegExp((language === 'python' ? PY_EXEC : TS_EXEC).source, 'g');
  for (const m of body.matchAll(re)) {
    const a = argsAt(body, m.index + m[0].indexOf('('));
    if (!a) continue;
    const items = splitArgs(a.args);
    const first = items[0];
    if (!first || literal(first) !== undefined || /^\[\s*(['"])[^'"]*\1\s*(?:,\s*(['"])[^'"]*\2\s*)*\]$/.test(first)) continue;
    if (language === 'python' && /^subprocess\./.test(m[0]) && !/shell\s*=\s*True/.test(a.args) && !/['"](?:ba|z)?sh['"]\s*,\s*['"]-c['"]/.test(first)) continue;
    return clip(body.slice(m.index, a.end));
  }
  return undefined;
}

/** What a raw socket server does with what it receives: run it through a shell or as code. */
function socketExposure(code: string, language: Language): Exposure | undefined {
  if (language === 'python' && !/\.recv\s*\(/.test(code)) return undefined;
  if (language === 'typescript' && !/\.on\(\s*['"]data['"]/.test(code)) return undefined;
  const exec = execOfInput(code, language);
  return exec ? { kind: 'commands', via: exec } : undefined;
}

/** Names this file imports from modules of its own repository (relative imports, or a package of the project in Python). */
function importedNames(code: string, language: Language): Map<string, string> {
  const out = new Map<string, string>();
  if (language === 'typescript') {
    // Relative imports, and an app's path aliases (`@/lib/…`, `~/lib/…`), which the caller's lookup may resolve.
    for (const m of code.matchAll(/\bimport\s+(?:([\w$]+)\s*,?\s*)?(?:\{([^}]*)\})?\s*from\s*['"]((?:\.|[@~]\/)[^'"]+)['"]/g)) {
      if (m[1]) out.set(m[1], m[3]!);
      for (const part of (m[2] ?? '').split(',')) {
        const n = /(?:[\w$]+\s+as\s+)?([\w$]+)\s*$/.exec(part.trim())?.[1];
        if (n && !/^type$/.test(n)) out.set(n, m[3]!);
      }
    }
  } else {
    for (const [local, { spec, name }] of pythonImports(code)) if (name) out.set(local, spec);
  }
  return out;
}

/**
 * A Python module's imports by the name they bind: `from .routers import chat as c` binds `c` to
 * `{ spec: '.routers', name: 'chat' }`; `import app.routers.chat as chat` binds `chat` to
 * `{ spec: 'app.routers.chat', name: '' }` (a bare `import a.b` binds `a`).
 */
export function pythonImports(code: string): Map<string, { spec: string; name: string }> {
  const out = new Map<string, { spec: string; name: string }>();
  for (const m of code.matchAll(/^[ \t]*from[ \t]+(\.+[\w.]*|[\w.]+)[ \t]+import[ \t]+\(?([^\n)]*)/gm)) {
    for (const part of m[2]!.split(',')) {
      const p = /^(?:(\w+)\s+as\s+)?(\w+)\s*$/.exec(part.trim());
      if (p) out.set(p[2]!, { spec: m[1]!, name: p[1] ?? p[2]! });
    }
  }
  for (const m of code.matchAll(/^[ \t]*import[ \t]+([\w.]+)(?:[ \t]+as[ \t]+(\w+))?/gm)) {
    out.set(m[2] ?? m[1]!.split('.')[0]!, { spec: m[2] ? m[1]! : m[1]!.split('.')[0]!, name: '' });
  }
  return out;
}

// ───────────────────────── an app started elsewhere ─────────────────────────

/** A module-level FastAPI or Starlette app (`app = FastAPI(…)`), which a launcher in another file may start. */
const ASGI_APP = /^(\w+)\s*(?::\s*[\w.]+)?\s*=\s*(?:fastapi\.|starlette\.applications\.)?(FastAPI|Starlette)\s*\(/gm;

/** A cheap test before reading a file: it imports FastAPI or Starlette and makes an app at module level. */
export function mayBeAsgiApp(text: string): boolean {
  return /^[ \t]*(?:from|import)[ \t]+(?:fastapi|starlette)\b/m.test(text) && /^\w+\s*(?::\s*[\w.]+)?\s*=\s*(?:fastapi\.|starlette\.applications\.)?(?:FastAPI|Starlette)\s*\(/m.test(text);
}

export interface AsgiApp {
  /** The app's name in the module (`app`). */
  name: string;
  server: 'FastAPI' | 'Starlette';
  start: number;
  end: number;
}

/** The module-level FastAPI and Starlette apps of a file. */
export function asgiApps(text: string): AsgiApp[] {
  const code = codeText(text, 'python');
  return [...code.matchAll(ASGI_APP)].map((m) => ({ name: m[1]!, server: m[2] as AsgiApp['server'], start: m.index, end: m.index + m[0].length - 1 }));
}

/** What a file's routes expose (see `openAgentApis`), for an app the file does not start itself. */
export function appExposure(text: string, language: Language, extra: RouteContext = {}): Exposure | undefined {
  return routeExposure(codeText(text, language), language, extra);
}

/** A router module's text as the route reading wants it: comments and strings blanked. */
export function routerCode(text: string, language: Language): string {
  return codeText(text, language);
}

/** Whether a module's text runs an agent or calls a model (for a module a route's handler calls into). */
export function drivesAgent(text: string, language: Language): boolean {
  const code = codeText(text, language);
  return agentCall(code, language, code) !== null;
}

/** Whether one definition of a module (`part`, comments blanked) runs an agent or calls a model; the module's code says what it imports. */
export function partDrivesAgent(part: string, module: string, language: Language): boolean {
  return agentCall(part, language, module) !== null;
}
