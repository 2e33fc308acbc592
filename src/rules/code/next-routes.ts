/**
 * Next.js route handlers, read as routes of the app's own web API: `app/**\/route.ts` exporting
 * `GET`, `POST` …, and `pages/api/**` default-exported handlers, in a project whose package.json
 * (the nearest above the route) depends on `next`. `next start`, `next dev` and the standalone
 * `server.js` listen on every interface unless given a host, so such a route is open to whoever
 * reaches the port unless the route or the project's middleware (`middleware.ts`, or `proxy.ts`
 * since Next.js 16, at the project's root or in `src/`) authenticates callers.
 *
 * The package.json and the middleware are read through the root-file reader (`root-file.ts`), once
 * per app for the scan (`rootFact`): a cached result of a route stands only while they are unchanged.
 */
import path from 'node:path';
import { readRootFile, rootFact, type DependsOn } from '../../core/root-file.js';
import { hasAuthentication } from './agent-api-listen.js';
import { argsAt, codeText, literal, named, splitArgs, stringEnd } from './http-listen.js';
import { jsoncLib } from '../../parsers/libraries.js';

/** A route handler file of the app router, or an API route of the pages router, by its path. */
const APP_ROUTE = /(?:^|\/)app\/(?:[^/]+\/)*route\.(?:[cm]?[jt]s|[jt]sx)$/;
const PAGES_API = /(?:^|\/)pages\/api\/(?:[^/]+\/)*[^/]+(?<!\.d)\.(?:[cm]?[jt]s|[jt]sx)$/;

export function mayBeNextRoute(relPath: string): boolean {
  return APP_ROUTE.test(relPath) || PAGES_API.test(relPath);
}

export interface NextRoute {
  /** The app's folder: where its package.json is, '' at the root. */
  project: string;
  /** The URL path it answers (`/api/config`, `/api/providers/[id]`). */
  path: string;
  router: 'app' | 'pages';
  /** The app's package.json, as text. */
  manifest: string;
}

/**
 * The route a file is, when the package.json nearest above it depends on `next` and the file sits
 * where Next.js reads routes from (`app/` or `src/app/`, `pages/api/` or `src/pages/api/`, at that
 * package's root); undefined otherwise. A private folder (`_lib/route.ts`) holds no route.
 */
export function nextRouteOf(root: string, relPath: string, dependsOn?: DependsOn): NextRoute | undefined {
  const parts = relPath.split('/');
  for (let n = parts.length - 1; n >= 0; n--) {
    const project = parts.slice(0, n).join('/');
    const app = projectAt(root, project, dependsOn);
    if (app === undefined) continue;
    if (!app.next) return undefined;
    const route = urlPath(parts.slice(n).join('/'));
    return route && { project, ...route, manifest: app.manifest };
  }
  return undefined;
}

/** The package.json of a folder ('' for the root) and whether it depends on `next`, read once per scan; undefined when there is none. */
function projectAt(root: string, project: string, dependsOn?: DependsOn): { manifest: string; next: boolean } | undefined {
  return rootFact(root, `next-project:${project}`, dependsOn, (read) => {
    const manifest = readRootFile(root, project ? `${project}/package.json` : 'package.json', read);
    return manifest === undefined ? undefined : { manifest, next: dependsOnNext(manifest) };
  });
}

function dependsOnNext(manifest: string): boolean {
  try {
    const pkg = JSON.parse(manifest) as Record<string, unknown>;
    return ['dependencies', 'devDependencies', 'peerDependencies'].some((field) => {
      const deps = pkg[field];
      return !!deps && typeof deps === 'object' && Object.hasOwn(deps, 'next');
    });
  } catch {
    return false;
  }
}

/** The URL path of a route file, from the app's folder: route groups `(chat)` and slots `@modal` add no segment. */
function urlPath(rest: string): { path: string; router: NextRoute['router'] } | undefined {
  const app = /^(?:src\/)?app\/((?:[^/]+\/)*)route\.[\w]+$/.exec(rest);
  if (app) {
    const segments = app[1]!.split('/').filter(Boolean);
    if (segments.some((s) => s.startsWith('_'))) return undefined;
    const kept = segments.filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith('@')).map((s) => s.replace(/^(?:\(\.+\))+/, ''));
    return { path: `/${kept.join('/')}`, router: 'app' };
  }
  const pages = /^(?:src\/)?pages\/(api\/.+)\.[\w]+$/.exec(rest);
  if (pages) return { path: `/${pages[1]!.replace(/(?:^|\/)index$/, '')}`, router: 'pages' };
  return undefined;
}

// ───────────────────────── handlers ─────────────────────────

export interface NextHandler {
  /** `GET`, `POST` …; `*` for a pages-router handler, which answers every method it does not turn away. */
  method: string;
  /** Offsets of the export in the file. */
  start: number;
  end: number;
  /** The handler's code, with the bodies of the file's own functions it calls. */
  body: string;
}

const METHODS = 'GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS';
/** `export async function POST(`, `export const GET =`: a handler exported under a method's name. */
const EXPORTED_METHOD = new RegExp(String.raw`^[ \t]*export\s+(?:async\s+)?function\s*\*?\s*(${METHODS})\s*\(|^[ \t]*export\s+(?:const|let|var)\s+(${METHODS})\b\s*(?::[^=\n]+)?=`, 'gm');
/** One item of `export { handler as GET, … }`. */
const EXPORTED_AS_METHOD = new RegExp(String.raw`^\s*([\w$]+)\s+as\s+(${METHODS})\s*$`);

/** The handlers a route file exports, read from its text (comment lines blanked). */
export function nextHandlers(code: string, router: NextRoute['router']): NextHandler[] {
  const local = localFunctions(code);
  const withHelpers = (own: string, name?: string): string => withLocal(own, local, name);
  const out: NextHandler[] = [];
  if (router === 'pages') {
    const m = /^[ \t]*export\s+default\s+/m.exec(code);
    if (!m) return [];
    const end = statementEnd(code, m.index + m[0].length);
    out.push({ method: '*', start: m.index, end, body: withHelpers(code.slice(m.index, end)) });
    return out;
  }
  for (const m of code.matchAll(EXPORTED_METHOD)) {
    const end = m[1] ? functionEnd(code, m.index + m[0].length - 1) : statementEnd(code, m.index + m[0].length);
    out.push({ method: (m[1] ?? m[2])!, start: m.index, end, body: withHelpers(code.slice(m.index, end), m[1] ?? m[2]) });
  }
  // `export { handler as GET, handler as POST }`: the file's own function under a method's name.
  for (const m of code.matchAll(/^[ \t]*export\s*\{([^}]*)\}\s*(?!\s*from\b)/gm)) {
    for (const item of m[1]!.split(',')) {
      const e = EXPORTED_AS_METHOD.exec(item);
      const body = e && local.get(e[1]!)?.text;
      if (body) out.push({ method: e[2]!, start: m.index, end: m.index + m[0].length, body: withHelpers(body, e[1]) });
    }
  }
  return out;
}

/*
 * Handlers and the definitions they reach are read from the text here, not from the parsed model
 * (typescript-model.ts), for two reasons. `definitionOf` runs on the text of an imported module inside
 * followImport's synchronous judge, where no model of that module exists (building one is an
 * asynchronous parse). And the text a handler is judged by is comment-blanked code with every local
 * function its text names, called or only passed on (`withAuth(handler)`, `.then(save)`), where the
 * model records calls alone.
 */

/** A function of the module: its text, and the pattern of its name being called or passed on. */
interface LocalFunction {
  text: string;
  named: RegExp;
}

/** The file's own functions by name: `function name(…) {…}`, `const name = async (…) => …`. */
function localFunctions(code: string): Map<string, LocalFunction> {
  const out = new Map<string, LocalFunction>();
  const add = (name: string, text: string): void => {
    out.set(name, { text, named: new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}\\s*[(,)]`) });
  };
  for (const m of code.matchAll(/(?<![\w$.])(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(/g)) {
    if (!out.has(m[1]!)) add(m[1]!, code.slice(m.index, functionEnd(code, m.index + m[0].length - 1)));
  }
  for (const m of code.matchAll(/(?<![\w$.])(?:const|let)\s+([A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>|[\w$]+\s*=>)/g)) {
    if (!out.has(m[1]!)) add(m[1]!, code.slice(m.index, statementEnd(code, m.index + m[0].length)));
  }
  return out;
}

/**
 * The definition of `name` in a module's code (comments blanked): its function, its class (every
 * method), or the function a `const` binds, with the module's own functions it calls; the default
 * export's when the module defines no such name (`import SearchAgent from './search'`).
 */
export function definitionOf(code: string, name: string): string | undefined {
  const local = localFunctions(code);
  let own = local.get(name)?.text;
  if (own === undefined) {
    const cls = new RegExp(`(?<![\\w$.])class\\s+${name.replace(/\$/g, '\\$')}\\b[^{]*\\{`).exec(code);
    const fallback = cls ?? /^[ \t]*export\s+default\s+(?:abstract\s+)?class\b[^{]*\{/m.exec(code);
    if (fallback) own = code.slice(fallback.index, argsAt(code, fallback.index + fallback[0].length - 1)?.end ?? code.length);
  }
  if (own === undefined) {
    const m = /^[ \t]*export\s+default\s+(?:async\s+)?function\b[^(]*\(/m.exec(code);
    if (m) own = code.slice(m.index, functionEnd(code, m.index + m[0].length - 1));
  }
  return own === undefined ? undefined : withLocal(own, local, name);
}

/** A function's text with the bodies of the module's own functions it calls, two calls deep. */
function withLocal(own: string, local: Map<string, LocalFunction>, name?: string): string {
  const seen = new Set<string>(name ? [name] : []);
  let text = own;
  for (let depth = 0; depth < 2; depth++) {
    let more = '';
    for (const [fn, body] of local) {
      if (seen.has(fn) || !body.named.test(text)) continue;
      seen.add(fn);
      more += `\n${body.text}`;
    }
    if (!more) break;
    text += more;
  }
  return text;
}

/** The end of a function whose parameter list opens at `open`: its body's closing brace. */
function functionEnd(code: string, open: number): number {
  const params = argsAt(code, open);
  if (!params) return code.length;
  const brace = code.indexOf('{', params.end);
  return brace < 0 ? params.end : (argsAt(code, brace)?.end ?? code.length);
}

/**
 * The end of the expression statement that starts at `from`: a `;` or a line break outside brackets,
 * where the line does not go on (after `=>`, `=`, `,`, an open bracket, or before `.then`, `?`, `:`).
 */
function statementEnd(code: string, from: number): number {
  let depth = 0;
  for (let i = from; i < code.length && i < from + 100_000; i++) {
    const c = code[i]!;
    if (c === '"' || c === "'" || c === '`') i = stringEnd(code, i);
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth <= 0 && c === ';') return i + 1;
    else if (depth <= 0 && c === '\n') {
      const last = code.slice(from, i).trimEnd().at(-1);
      const next = /^\s*(\S)/.exec(code.slice(i + 1, i + 200))?.[1];
      if (last && !/[=(,>{[?:|&+*-]/.test(last) && !(next && /[.?:|&)]/.test(next))) return i;
    }
  }
  return code.length;
}

// ───────────────────────── what stands in front ─────────────────────────

/**
 * Sign-in checks of Next.js apps: next-auth's `auth()` and `getServerSession`, Clerk's `auth()`,
 * `currentUser()` and `getAuth`, Supabase's `auth.getUser()`, Auth0's `withApiAuthRequired`, a session
 * cookie read through `cookies()`, a redirect to a login page, a webhook's signature checked with its signing secret.
 */
const NEXT_AUTH =
  /(?<![\w$.])auth\s*\(\s*\)|\bauth\s*\(\s*(?:req|request)\b|\b(?:getServerSession|getServerAuthSession|currentUser|getAuth|withApiAuthRequired|withPageAuthRequired|getIronSession|verifySession|getKindeServerSession)\s*\(|\b(?:getSession|getToken)\s*\(\s*(?:\{\s*req|req\b|request\b)|\bvalidateRequest\s*\(\s*\)|\.auth\.(?:getUser|getSession|getClaims)\s*\(|\bcookies\s*\(\s*\)[\s\S]{0,40}?\.get\(\s*['"`][^'"`]*(?:session|token|auth|jwt)|\bcookies\.get\(\s*['"`][^'"`]*(?:session|token|auth|jwt)|['"`]\/(?:login|signin|sign-in|auth\/login)\b|\b(?:verify|validate|check)\w*Signature\b|\bconstructEvent\b|\bsigning_?secret\b|['"`]x-(?:hub-signature|slack-signature|signature)/i;
/** An import from an authentication library or the app's own auth, session or Supabase module. */
const AUTH_IMPORT = /\b(?:import|from)\s*['"][^'"]*(?:auth|clerk|supabase|session|lucia|kinde|stytch|workos)[^'"]*['"]/i;
/**
 * A rate limit or bot protection in front of the route (`ratelimit(ip, …)`, `@upstash/ratelimit`,
 * Vercel BotID's `checkBotId()`, Kasada, Arcjet, a CAPTCHA check): open use was meant, and is bounded.
 */
const LIMITS_USE = /\brate_?limit\w*\s*[.(]|\bRatelimit\b|\blimiter\.\w+\s*\(|@upstash\/ratelimit|\bcheckBotId\s*\(|\bkasada\w*|@arcjet\/|\bturnstile\b|\b[hg]?re?captcha\b/i;

/** Whether a route file shows authentication of its callers. */
export function routeAuthenticates(code: string): boolean {
  return hasAuthentication(code, 'typescript') || NEXT_AUTH.test(code);
}

export function limitsUse(code: string): boolean {
  return LIMITS_USE.test(code);
}

/** A webhook's route (`/api/webhooks/slack`): the platform that calls it signs its requests, and its SDK checks them out of sight. */
export function isWebhook(route: NextRoute): boolean {
  return /\/[^/]*webhooks?(?:\/|$)/i.test(route.path);
}

/**
 * What the project's middleware does for the callers of `route`: a `middleware.ts` or `proxy.ts`
 * (root or `src/`) that exports its handler and whose `matcher` covers the path (no matcher: every
 * path; one that cannot be read: taken to cover it) authenticates them when it does anything that
 * looks like authentication, and limits their use with a rate limit or bot protection. Each file
 * looked for is a dependency of the result.
 */
export function middlewareOf(root: string, route: NextRoute, dependsOn?: DependsOn): { authenticates: boolean; limits: boolean } {
  const front = { authenticates: false, limits: false };
  const sample = samplePath(route.path);
  for (const m of middlewaresOf(root, route.project, dependsOn)) {
    if (!m.covers(sample)) continue;
    if (m.authenticates && m.guards(sample)) front.authenticates = true;
    if (m.limits) front.limits = true;
  }
  return front;
}

/** A middleware (or proxy) file of an app that exports its handler, read once for every route of the app. */
interface Middleware {
  /** Whether its `matcher` covers a path (a sample of a route's, see `samplePath`). */
  covers: (sample: string) => boolean;
  /** Whether the routes it sorts with Clerk's `createRouteMatcher` leave the path guarded. */
  guards: (sample: string) => boolean;
  /** Whether it does anything that looks like authentication. */
  authenticates: boolean;
  limits: boolean;
}

const MIDDLEWARE_NAMES = ['middleware', 'proxy'] as const;
/** How each kind of file exports its handler: `export default`, `export function middleware`, `export { x as proxy }`. */
const MIDDLEWARE_EXPORT = Object.fromEntries(
  MIDDLEWARE_NAMES.map((name) => [name, new RegExp(String.raw`\bexport\s+(?:default\b|(?:async\s+)?function\s+${name}\b|(?:const|let)\s+${name}\b)|\bexport\s*\{\s*default\b|\bas\s+${name}\b`)]),
) as Record<(typeof MIDDLEWARE_NAMES)[number], RegExp>;

/** The middleware files of the app in `project` that export their handler (root or `src/`, `.ts` or `.js`), each looked for a dependency. */
function middlewaresOf(root: string, project: string, dependsOn?: DependsOn): Middleware[] {
  return rootFact(root, `next-middleware:${project}`, dependsOn, (read) => {
    const out: Middleware[] = [];
    for (const name of MIDDLEWARE_NAMES) {
      for (const dir of ['', 'src/']) {
        for (const ext of ['ts', 'js']) {
          const text = readRootFile(root, path.posix.join(project, `${dir}${name}.${ext}`), read);
          if (text === undefined) continue;
          const code = codeText(text, 'typescript');
          if (!MIDDLEWARE_EXPORT[name].test(code)) continue;
          out.push({ covers: matcherOf(code), guards: routeMatchersOf(code), authenticates: routeAuthenticates(code) || AUTH_IMPORT.test(code), limits: limitsUse(code) });
        }
      }
    }
    return out;
  });
}

/**
 * Whether a middleware that sorts routes with Clerk's `createRouteMatcher` guards a path: not when
 * the path is among those it names public (`isPublicRoute = createRouteMatcher(['/api/config(.*)'])`),
 * nor when it names the routes it protects and the path is not one of them. The matchers are read
 * from the code once; the test takes a path's sample.
 */
function routeMatchersOf(code: string): (sample: string) => boolean {
  const sorts: { public: boolean; protected: boolean; patterns: (RegExp | undefined)[] }[] = [];
  for (const m of code.matchAll(/(?<![\w$.])(?:const|let)\s+([\w$]+)\s*=\s*createRouteMatcher\s*\(/g)) {
    const a = argsAt(code, m.index + m[0].length - 1);
    const list = a && splitArgs(a.args)[0];
    if (!list?.startsWith('[')) continue;
    const patterns = splitArgs(list.slice(1, list.lastIndexOf(']'))).map((item) => {
      const pattern = literal(item);
      return pattern === undefined ? undefined : matcherRegex(pattern);
    });
    sorts.push({ public: /public|unprotected|open|ignored|anonymous|bypass|apikey/i.test(m[1]!), protected: /protected|private|secure|auth/i.test(m[1]!), patterns });
  }
  return (sample) => {
    for (const sort of sorts) {
      const matches = sort.patterns.some((re) => re?.test(sample) === true);
      if (sort.public) {
        if (matches) return false;
      } else if (sort.protected && !matches) return false;
    }
    return true;
  };
}

/** A concrete path for a route's URL: each dynamic segment (`[id]`, `[...slug]`) given a value. */
function samplePath(urlPath: string): string {
  return urlPath.replace(/\[\[?(?:\.\.\.)?[^\]]*\]\]?/g, 'x');
}

/**
 * Whether a middleware's `config.matcher` covers a path (no matcher: every path; a pattern that
 * cannot be read: taken to cover it). The patterns are read from the code once; the test takes a path's sample.
 */
function matcherOf(code: string): (sample: string) => boolean {
  const every = (): boolean => true;
  const m = /\bexport\s+const\s+config\s*(?::[^=\n]+)?=\s*\{/.exec(code);
  if (!m) return every;
  const a = argsAt(code, m.index + m[0].length - 1);
  if (!a) return every;
  const matcher = named(splitArgs(a.args), 'matcher', ':');
  if (!matcher) return every;
  const items = matcher.startsWith('[') ? splitArgs(matcher.slice(1, matcher.lastIndexOf(']'))) : [matcher];
  const patterns = items.map((item) => {
    const source = item.startsWith('{') ? named(splitArgs(item.slice(1, item.lastIndexOf('}'))), 'source', ':') : item;
    const pattern = source === undefined ? undefined : literal(source)?.replace(/\\\\/g, '\\');
    return pattern === undefined ? undefined : matcherRegex(pattern);
  });
  return (sample) => patterns.some((re) => !re || re.test(sample));
}

/** A middleware matcher (path-to-regexp: `/api/:path*`, `/((?!_next/static|favicon.ico).*)`) as a regular expression. */
function matcherRegex(pattern: string): RegExp | undefined {
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const rest = pattern.slice(i);
    const param = /^:[A-Za-z_]\w*(\((?:[^()]|\([^()]*\))*\))?([*+?])?/.exec(rest);
    if (param) {
      const one = param[1] ? `(?:${param[1].slice(1, -1)})` : '[^/]+';
      const mod = param[2];
      const slash = out.endsWith('\\/');
      if (slash && (mod === '*' || mod === '?')) out = out.slice(0, -2);
      const lead = slash ? '\\/' : '';
      out += mod === '*' ? `(?:${lead}${one}(?:\\/${one})*)?` : mod === '+' ? `${lead}${one}(?:\\/${one})*` : mod === '?' ? `(?:${lead}${one})?` : `${lead}${one}`;
      i += param[0].length;
    } else if (rest[0] === '(') {
      const group = argsAt(pattern, i);
      if (!group) return undefined;
      out += `(?:${group.args})`;
      i = group.end;
    } else {
      out += rest[0]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i++;
    }
  }
  try {
    return new RegExp(`^${out}\\/?$`);
  } catch {
    return undefined;
  }
}

/** Whether every `next start` of the app's scripts binds a loopback host (`next start -H 127.0.0.1`). */
export function startsOnLoopback(manifest: string): boolean {
  let scripts: unknown;
  try {
    scripts = (JSON.parse(manifest) as { scripts?: unknown }).scripts;
  } catch {
    return false;
  }
  const starts = Object.values(scripts && typeof scripts === 'object' ? scripts : {}).filter((s): s is string => typeof s === 'string' && /\bnext\s+start\b/.test(s));
  return starts.length > 0 && starts.every((s) => /\s(?:-H|--hostname)[\s=]+['"]?(?:127\.0\.0\.1|localhost|::1)\b/.test(s));
}

/**
 * The app's import aliases (`"paths": { "@/*": ["./src/*"] }` of its tsconfig.json or jsconfig.json),
 * as a function from an aliased specifier (`@/lib/agents/search`) to one relative to `from`
 * (`../../../lib/agents/search`); undefined for any other specifier. The aliases are read once per app, when first asked.
 */
export function aliasResolver(root: string, route: NextRoute, from: string, dependsOn?: DependsOn): (spec: string) => string | undefined {
  let paths: [string, string][] | undefined;
  const load = (read: DependsOn): [string, string][] => {
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const text = readRootFile(root, path.posix.join(route.project, name), read);
      if (text === undefined) continue;
      const options = (jsoncLib().parse(text) as { compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined)?.compilerOptions;
      const base = path.posix.join(route.project, typeof options?.baseUrl === 'string' ? options.baseUrl : '.');
      const entries = options?.paths && typeof options.paths === 'object' ? Object.entries(options.paths as Record<string, unknown>) : [];
      return entries.flatMap(([key, targets]) => (Array.isArray(targets) && typeof targets[0] === 'string' ? [[key, path.posix.join(base, targets[0])] as [string, string]] : []));
    }
    return [];
  };
  return (spec) => {
    if (spec.startsWith('.')) return undefined;
    paths ??= rootFact(root, `next-aliases:${route.project}`, dependsOn, load);
    for (const [key, target] of paths) {
      const star = key.indexOf('*');
      const rest = star < 0 ? (spec === key ? '' : undefined) : spec.startsWith(key.slice(0, star)) && spec.endsWith(key.slice(star + 1)) ? spec.slice(star, spec.length - (key.length - star - 1)) : undefined;
      if (rest === undefined) continue;
      const rel = path.posix.relative(path.posix.dirname(from), star < 0 ? target : target.replace('*', rest));
      return rel.startsWith('.') ? rel : `./${rel}`;
    }
    return undefined;
  };
}
