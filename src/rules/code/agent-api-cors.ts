/**
 * code/agent-api-no-auth, the loopback case: an agent API bound to loopback is out of other
 * machines' reach, but not out of the browser's. When the same file's CORS policy admits every
 * origin (FastAPI/Starlette `CORSMiddleware` with `allow_origins=['*']` or `allow_origin_regex='.*'`,
 * Flask-CORS `CORS(app)` with no origins or `'*'`, the `cors()` middleware of Express, Koa or Hono
 * with no origin or `'*'` / `true`, `@fastify/cors` the same) and nothing authenticates callers, any
 * web page the user opens can call the local agent and read what it answers. Read from the text of
 * one file; its listeners are found by `agent-api-listen.ts`.
 */
import type { ReportDescriptor } from '../../core/rule.js';
import type { Language } from './model.js';
import { argsAt, bindingsOf, clip, firstItem, named, nameRead, objectItems, splitArgs } from './http-listen.js';
import type { Exposure } from './agent-api-routes.js';

/** A string literal that is the wildcard origin (`'*'`), anywhere in an origins value (`["*"]`, `os.getenv("ORIGINS", "*")`). */
const STAR = /(['"`])\*\1/;
/** A regex that matches every origin: `'.*'`, `r"^.*$"`, `'.+'`. */
const ANY_REGEX = /^r?(['"])\^?\.[*+]\$?\1$/;

/**
 * Whether an origins value admits every origin: a `'*'` literal in it (`true` too, for the Node
 * middlewares, which reflect the caller's origin), or a name the file gives such a value.
 */
function admitsAll(expr: string, code: string, language: Language, node: boolean): boolean {
  const e = expr.trim();
  if (STAR.test(e) || (node && e === 'true')) return true;
  const name = nameRead(e);
  return !!name && bindingsOf(name, code, language).some((v) => nameRead(v) !== name && (STAR.test(v) || (node && v.trim() === 'true')));
}

/** The wildcard CORS policy the file sets, as evidence (`CORSMiddleware allow_origins=['*']`), or undefined. */
export function wildcardCors(code: string, language: Language): string | undefined {
  return language === 'python' ? pythonCors(code) : nodeCors(code);
}

function pythonCors(code: string): string | undefined {
  // `app.add_middleware(CORSMiddleware, …)` and Starlette's `Middleware(CORSMiddleware, …)`.
  for (const m of code.matchAll(/(?:\badd_middleware|(?<![\w.])Middleware)\s*\(\s*CORSMiddleware\b/g)) {
    const a = argsAt(code, code.indexOf('(', m.index));
    if (!a) continue;
    const items = splitArgs(a.args);
    const origins = named(items, 'allow_origins', '=');
    const regex = named(items, 'allow_origin_regex', '=');
    if (origins && admitsAll(origins, code, 'python', false)) return clip(`CORSMiddleware allow_origins=${origins}`);
    if (regex && ANY_REGEX.test(regex.trim())) return clip(`CORSMiddleware allow_origin_regex=${regex}`);
  }
  // Flask-CORS: `CORS(app)` admits every origin unless given `origins` (or resources naming some), or configured by CORS_ORIGINS.
  if (!/^[ \t]*(?:from|import)[ \t]+flask_cors\b/m.test(code)) return undefined;
  for (const m of code.matchAll(/(?<![\w.])CORS\s*\(/g)) {
    const a = argsAt(code, m.index + m[0].length - 1);
    if (!a) continue;
    const items = splitArgs(a.args);
    const origins = named(items, 'origins', '=');
    const resources = named(items, 'resources', '=');
    const inResources = resources && /(['"])origins\1\s*:\s*/.exec(resources);
    const value = origins ?? (inResources ? firstItem(resources!, inResources.index + inResources[0].length) : undefined);
    if (value ? admitsAll(value, code, 'python', false) : !/\bCORS_ORIGINS\b/.test(code)) return clip(code.slice(m.index, a.end));
  }
  return undefined;
}

function nodeCors(code: string): string | undefined {
  if (!/['"](?:cors|@koa\/cors|hono\/cors|@fastify\/cors)['"]/.test(code)) return undefined;
  // `cors()`, `cors({ origin: '*' })`, `cors(corsOptions)`; `fastify.register(cors, { origin: true })`.
  for (const m of code.matchAll(/(?<![\w$.])cors\s*\(|\.register\s*\(\s*(?:cors|fastifyCors)\s*(?=[,)])/gi)) {
    const register = m[0].startsWith('.');
    const a = argsAt(code, code.indexOf('(', m.index));
    if (!a) continue;
    const given = splitArgs(a.args)[register ? 1 : 0];
    if (given === undefined) return clip(code.slice(m.index, a.end));
    const options = /^[\w$]+$/.test(given) ? bindingsOf(given, code, 'typescript').find((v) => v.startsWith('{')) : given;
    const items = objectItems(options);
    if (!items) continue;
    const origin = named(items, 'origin', ':');
    // The middlewares' default origin is every origin (`*`, or the caller's own for Koa).
    if (!origin || admitsAll(origin, code, 'typescript', true)) return clip(code.slice(m.index, a.end));
  }
  return undefined;
}

/**
 * What a page reaches through a route: the agent, or commands on the host. A settings route is left
 * to the every-interface case: told by its path alone, on a local tool it is as often a UI's own
 * preferences as the provider keys.
 */
const DOES: Partial<Record<Exposure['kind'], string>> = {
  agent: 'drives the agent',
  commands: 'runs what the caller sends as a command or code',
};

export interface CorsApi {
  server: string;
  bind: string;
  call: string;
  start: number;
  end: number;
  cors: string;
  exposure: Exposure;
}

/**
 * The finding for an agent API on loopback whose CORS policy admits every origin: medium, low when it
 * only reaches a self-hosted model, high when a page runs commands through it; none for other routes.
 */
export function corsFinding(ruleId: string, api: CorsApi, own: string | undefined): ReportDescriptor | undefined {
  const e = api.exposure;
  const does = DOES[e.kind];
  if (!does) return undefined;
  const route = e.route ? `its route "${e.route}"` : 'a route';
  const compute = own ? `; its model client calls a self-hosted model with a stand-in key (${own}), so a page uses that model's compute, not the app's provider keys` : '';
  return {
    ruleId,
    message:
      `${api.server} server on loopback (${api.bind}) with no authentication and a CORS policy that admits every origin (${api.cors}): ${route} ${does} (${e.via})${compute}, ` +
      `so any web page the user opens can ${e.kind === 'commands' ? 'run commands on the host' : 'drive the agent'} through the browser and read what it answers.`,
    span: { start: api.start, end: api.end },
    key: `agent-api-cors:${api.call}`,
    evidence: api.call,
    severity: e.kind === 'commands' ? 'high' : own ? 'low' : 'medium',
  };
}
