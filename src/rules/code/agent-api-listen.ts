/**
 * An agent application's own web API, read from one Python or TypeScript/JavaScript file: the call
 * that starts its server on every interface (Flask's or Flask-SocketIO's `run(host=…)`, uvicorn,
 * aiohttp's `run_app`, Node's `listen(port)`, @hono/node-server, Bun, a raw TCP socket), whether the
 * file shows any authentication, and the module-level FastAPI or Starlette apps another file may
 * start. What its routes do with a caller's request is read in `agent-api-routes.ts`.
 *
 * Defaults, from the libraries: Flask, Flask-SocketIO, uvicorn and Fastify bind loopback unless given
 * a host; aiohttp's `run_app`, Node's `listen(port)`, @hono/node-server's `serve()` and `Bun.serve`
 * bind every interface. The bind host is resolved as for MCP servers (`http-listen.ts`).
 */
import { allInterfaces, argsAt, clip, codeText, loopbackHost, named, nodeListeners, objectItems, PY_AUTH, splitArgs, TS_AUTH, type HostElsewhere, type Listen } from './http-listen.js';
import { wildcardCors } from './agent-api-cors.js';
import { gateWords, holdsAny } from './gate-words.js';
import type { Language } from './model.js';
import { partDrivesAgent, pythonImports, routeExposure, socketExposure, type Exposure, type RouteContext } from './agent-api-routes.js';
import { A2A_APP, a2aExposure } from './agent-api-served.js';
import { withoutOpenKeyChecks } from './open-key-checks.js';
import { blockEnd } from './python-blocks.js';

export interface AgentApi extends Listen {
  /** The web framework or server that listens (`Flask`, `FastAPI (uvicorn)`, `Express`, `TCP socket`). */
  server: string;
  exposure: Exposure;
  /** A loopback listener's CORS policy that admits every origin. */
  cors?: string;
}

/**
 * Authentication beyond what an MCP server shows: Flask-Login, Flask-HTTPAuth, JWT decorators,
 * FastAPI security dependencies, a session's user, a before-request hook that reads a token, an x402
 * paywall that admits only callers who pay, an app's own auth middleware class (`OAuth2Middleware`,
 * `JWTMiddleware`, `ApiKeyMiddleware`).
 */
const PY_AUTH_MORE =
  /\bflask_login\b|\blogin_required\b|\bcurrent_user\.is_authenticated\b|\bjwt_required\b|\btoken_required\b|\brequires?_auth\w*\b|\bflask_httpauth\b|\bHTTPBasicAuth\b|\bHTTPTokenAuth\b|\bOAuth2\w*Bearer\b|\bAPIKey(?:Query|Cookie)\b|(?<![\w.])Security\s*\(|\bDepends\s*\(\s*(?:\w+\.)*(?:oauth2_scheme|get_current_\w+|\w*(?:auth|token|api_key|apikey|user)\w*)\s*\)|\bsession(?:\.get\(\s*|\[\s*)['"](?:user\w*|username|logged_in|token|authenticated|auth\w*)['"]|@\w+\.before_request\b[\s\S]{0,600}?\b(?:token|api_?key|auth\w*|password)\b|\brequire_payment\s*\(|\b\w*(?:Auth|JWT|Jwt|Token|Api[Kk]ey|APIKey|Bearer)\w*Middleware\b/i;
const TS_AUTH_MORE =
  /express-basic-auth|\bpaymentMiddleware\s*\(|\bgetServerSession\b|['"]next-auth|@clerk\/|\bisAuthenticated\b|\breq(?:uest)?\.user\b|\breq(?:uest)?\.session\.\w*user|jsonwebtoken|\b(?:api_?key|token|secret)\s*!==?\s*|!==?\s*(?:process\.env\.)?\w*(?:API_?KEY|TOKEN|SECRET)\b/i;

export function hasAuthentication(code: string, language: Language): boolean {
  if (language !== 'python') return TS_AUTH.test(code) || TS_AUTH_MORE.test(code);
  // A key check that admits everyone while no key is set is no authentication of a server started as it ships.
  const checked = withoutOpenKeyChecks(code);
  return PY_AUTH.test(checked) || PY_AUTH_MORE.test(checked);
}

/** The words of `mayServeAgentApi`: what starts a server. */
const PY_START_WORDS = gateWords(['.run(', 'run_app(', '.bind(']);
const TS_START_WORDS = gateWords(['.listen', 'serve']);

/** A cheap test before reading a file: a web server or socket (or uvicorn, which may serve an app another module makes), and something that starts it. */
export function mayServeAgentApi(text: string, language: Language): boolean {
  if (!holdsAny(text, language === 'python' ? PY_START_WORDS : TS_START_WORDS)) return false;
  if (language === 'python') {
    return /\b(?:flask|fastapi|starlette|quart|aiohttp|flask_socketio|socket|a2a|uvicorn)\b/.test(text) && /\.run\(|run_app\(|\.bind\(/.test(text);
  }
  return /\.listen\s*\(|\bserve\s*\(/.test(text) && /['"](?:express|koa|fastify|hono|@hono\/node-server|(?:node:)?https?|(?:node:)?net)['"]|\bBun\.serve\b/.test(text);
}

/**
 * An app another module of the repository makes (a factory it imports, `app = create_app()`, or the
 * app itself), served by this file's uvicorn call (`agent-api-imported-app.ts`): what that module shows.
 */
export interface AppElsewhere {
  server: 'FastAPI' | 'Starlette';
  /** Whether the module that makes it authenticates callers. */
  authenticated: boolean;
  /** Its CORS policy, when that admits every origin. */
  cors?: string;
}

/**
 * The servers a file starts on every interface, when nothing in it authenticates callers: read from
 * the text alone, before any syntax tree, so a file with none costs no parse. When the file also
 * admits every origin in its CORS policy, its loopback servers too (marked with that policy): a web
 * page the user opens reaches them through the browser. A uvicorn call that serves an app another
 * module makes (`apps`, by the app as the call names it) is that app's server: the module's
 * authentication and CORS policy count as the file's own.
 */
export function openListeners(text: string, language: Language, elsewhere?: HostElsewhere, apps: ReadonlyMap<string, AppElsewhere> = new Map()): Listener[] {
  const code = codeText(text, language);
  if (hasAuthentication(code, language)) return [];
  const cors = wildcardCors(code, language);
  if (language !== 'python') return typescriptListeners(code, cors !== undefined).map((l) => (l.loopback ? { ...l, cors } : l));
  const local = cors !== undefined || [...apps.values()].some((a) => a.cors !== undefined);
  return pythonListeners(code, elsewhere, local, apps).flatMap((l) => {
    const app = apps.get(servedApp(code.slice(l.start, l.end)) ?? '');
    if (app?.authenticated) return [];
    if (!l.loopback) return [l];
    const policy = cors ?? app?.cors;
    return policy ? [{ ...l, cors: policy }] : [];
  });
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
    const exposure = l.socket ? socketExposure(code, language) : (routeExposure(code, language, extra) ?? servedExposure(code, language, extra));
    if (exposure) out.push({ start: l.start, end: l.end, call: l.call, bind: l.bind, server: l.server, exposure, ...(l.cors ? { loopback: true, cors: l.cors } : {}) });
  }
  return out;
}

/**
 * The app a server call starts, as the call names it: uvicorn's or aiohttp's first argument
 * (`uvicorn.run(app, …)`, `uvicorn.run("main:app", …)`), the object a `run`/`listen` is called on
 * (`app.run(…)`, `server.listen(…)`), the handler `serve({ fetch: app.fetch })` is given. Two
 * calls naming the same app (the TLS and plain branches of one launch) start one API. Undefined when
 * the call names none (a raw socket's `bind`).
 */
export function servedApp(call: string): string | undefined {
  const open = call.indexOf('(');
  if (open < 0) return undefined;
  const callee = call.slice(0, open).trim();
  const first = splitArgs(argsAt(call, open)?.args ?? '')[0]?.trim();
  if (/(?:^|\.)(?:uvicorn\.(?:run|Config)|run_app)$/.test(callee)) return first && !/^\w+\s*=(?!=)/.test(first) ? first : undefined;
  if (/(?:^|\.)serve$/.test(callee)) return named(objectItems(first) ?? [], 'fetch', ':');
  return /^([\w$.]+)\.(?:run|listen)$/.exec(callee)?.[1];
}

/** An app whose routes a protocol library defines (an A2A application, `agent-api-served.ts`): what it serves. */
function servedExposure(code: string, language: Language, extra: RouteContext): Exposure | undefined {
  if (language !== 'python') return undefined;
  return a2aExposure(code, { imported: extra.imported, imports: pythonImports(code), drives: (part) => partDrivesAgent(part, code, 'python') });
}

export interface Listener extends Listen {
  server: string;
  /** A raw socket server: what it receives is not a route's request. */
  socket?: boolean;
  /** A loopback listener's CORS policy that admits every origin (`CORSMiddleware allow_origins=['*']`). */
  cors?: string;
}

// ───────────────────────── Python ─────────────────────────

/** With `local`, loopback listeners too (marked `loopback`): a loopback host, or none for Flask and uvicorn, whose default is loopback. */
function pythonListeners(code: string, elsewhere?: HostElsewhere, local = false, elsewhereApps: ReadonlyMap<string, AppElsewhere> = new Map()): Listener[] {
  const out: Listener[] = [];
  const push = (start: number, end: number, server: string, bind: string | undefined, socket?: boolean, host?: string | null): void => {
    const loopback = !bind && local && !socket && host !== undefined ? (host === null ? 'given no host' : loopbackHost(host, code, 'python')) : undefined;
    if (bind || loopback) out.push({ start, end, call: clip(code.slice(start, end)), bind: (bind ?? loopback)!, server, socket, ...(loopback ? { loopback: true } : {}) });
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
    push(m.index, a.end, server, host ? allInterfaces(host, code, 'python', elsewhere) : undefined, false, host ?? null);
  }
  const web = /\bFastAPI\s*\(/.test(code) ? 'FastAPI' : /\bStarlette\s*\(/.test(code) ? 'Starlette' : apps.size ? [...apps.values()][0]! : A2A_APP.exec(code)?.[1];
  if (web || elsewhereApps.size) {
    for (const m of code.matchAll(/(?<![\w.])uvicorn\.(?:run|Config)\s*\(/g)) {
      const a = argsAt(code, m.index + m[0].length - 1);
      if (!a) continue;
      const server = elsewhereApps.get(servedApp(code.slice(m.index, a.end)) ?? '')?.server ?? web;
      const host = named(splitArgs(a.args), 'host', '=');
      if (server) push(m.index, a.end, `${server} (uvicorn)`, host ? allInterfaces(host, code, 'python', elsewhere) : undefined, false, host ?? null);
    }
  }
  // aiohttp's `web.run_app(app)` binds every interface unless given a host.
  if (/^[ \t]*(?:from|import)[ \t]+aiohttp\b/m.test(code)) {
    for (const m of code.matchAll(/(?<![\w])(?:web\.)?run_app\s*\(/g)) {
      const a = argsAt(code, m.index + m[0].length - 1);
      if (!a) continue;
      const host = named(splitArgs(a.args), 'host', '=');
      push(m.index, a.end, 'aiohttp', host ? allInterfaces(host, code, 'python', elsewhere) : 'run_app() given no host', false, host);
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

// ───────────────────────── TypeScript / JavaScript ─────────────────────────

function typescriptListeners(code: string, local = false): Listener[] {
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
  // Fastify's listen() binds localhost unless given a host: only an explicit one counts as every interface.
  // A browser cannot speak to a raw socket: its loopback listeners are not listed.
  if (server === 'TCP socket' && local) return typescriptListeners(code);
  return nodeListeners(code, local).flatMap((l): Listener[] =>
    server !== 'Fastify' || !/given no host/.test(l.bind) ? [{ ...l, server, socket: server === 'TCP socket' }]
    : local ? [{ ...l, bind: 'listen() given no host', loopback: true, server }]
    : [],
  );
}

// ───────────────────────── an app started elsewhere ─────────────────────────

/** A module-level FastAPI or Starlette app (`app = FastAPI(…)`), which a launcher in another file may start. */
const ASGI_APP = /^(\w+)\s*(?::\s*[\w.]+)?\s*=\s*(?:fastapi\.|starlette\.applications\.)?(FastAPI|Starlette)\s*\(/gm;

/** An app made anywhere in a module: at module level, or in a function (`def create_app():`). */
const APP_MADE = /\b(?:fastapi\.|starlette\.applications\.)?(FastAPI|Starlette)\s*\(/;
/** A module-level name bound to a call (`app = create_app()`), perhaps of the module's own app factory. */
const FACTORY_CALL = /^(\w+)\s*(?::\s*[\w.]+)?\s*=\s*(\w+)\s*\(/gm;
/** A module-level function's line (`def create_app() -> FastAPI:`). */
const TOP_DEF = /^(?:async[ \t]+)?def[ \t]+(\w+)[ \t]*\(/;

/**
 * A cheap test before reading a file: it imports FastAPI or Starlette and makes an app, at module
 * level or in a factory the module calls at module level (`app = create_app()`).
 */
export function mayBeAsgiApp(text: string): boolean {
  return /^[ \t]*(?:from|import)[ \t]+(?:fastapi|starlette)\b/m.test(text) && APP_MADE.test(text);
}

/**
 * Module-level apps a factory of the module makes (`app = create_app()` after `def create_app() ->
 * FastAPI:` whose body makes a FastAPI or Starlette app and returns it), as FastAPI's templates do.
 */
function factoryApps(code: string): AsgiApp[] {
  const lines = code.split('\n');
  const defs = topFunctions(lines);
  const out: AsgiApp[] = [];
  for (const m of code.matchAll(FACTORY_CALL)) {
    const at = defs.get(m[2]!);
    const server = at === undefined ? undefined : factoryServer(lines, at);
    if (server) out.push({ name: m[1]!, server, start: m.index, end: m.index + m[0].length - 1 });
  }
  return out;
}

/** Each module-level function by name, with the line it opens on (the first definition wins). */
function topFunctions(lines: readonly string[]): Map<string, number> {
  const defs = new Map<string, number>();
  lines.forEach((line, i) => {
    const name = TOP_DEF.exec(line)?.[1];
    if (name && !defs.has(name)) defs.set(name, i);
  });
  return defs;
}

/** The app the module-level function opening at `lines[at]` makes and returns, if it is an app factory. */
function factoryServer(lines: readonly string[], at: number): AsgiApp['server'] | undefined {
  const body = lines.slice(at + 1, blockEnd(lines, at)).join('\n');
  const made = APP_MADE.exec(body);
  return made && /^[ \t]+return[ \t]+\w/m.test(body) ? (made[1] as AsgiApp['server']) : undefined;
}

/**
 * The app a module of the repository makes under `name` (its code, comment lines blanked): a
 * factory function of the module that makes a FastAPI or Starlette app and returns it (`factory`),
 * or a module-level app (`app = FastAPI(…)`, `app = create_app()`).
 */
export function madeApp(code: string, name: string, factory: boolean): AsgiApp['server'] | undefined {
  if (factory) {
    const lines = code.split('\n');
    const at = topFunctions(lines).get(name);
    return at === undefined ? undefined : factoryServer(lines, at);
  }
  return asgiApps(code).find((a) => a.name === name)?.server;
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
  const direct = [...code.matchAll(ASGI_APP)].map((m): AsgiApp => ({ name: m[1]!, server: m[2] as AsgiApp['server'], start: m.index, end: m.index + m[0].length - 1 }));
  return direct.length ? direct : factoryApps(code);
}
