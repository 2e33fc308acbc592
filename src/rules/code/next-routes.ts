/**
 * Next.js route handlers, read as routes of the app's own web API: `app/**\/route.ts` exporting
 * `GET`, `POST` …, and `pages/api/**` default-exported handlers, in a project whose package.json
 * (the nearest above the route) depends on `next`. `next start`, `next dev` and the standalone
 * `server.js` listen on every interface unless given a host, so such a route is open to whoever
 * reaches the port unless the route or the project's middleware (`middleware.ts`, or `proxy.ts`
 * since Next.js 16, at the project's root or in `src/`) authenticates callers.
 *
 * The package.json is the nearest one above the route (`package-manifest.ts`), read once per app for
 * the scan: a cached result of a route stands only while it is unchanged. What stands in front
 * of a route (its own authentication, the app's middleware) is next-middleware.ts's.
 */
import path from 'node:path';
import { readRootFile, rootFact, type DependsOn } from '../../core/root-file.js';
import { dependsOnAny, nearestManifest, type PackageManifest } from './package-manifest.js';
import { argsAt, stringEnd } from './http-listen.js';
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
  const app = nextAppOf(root, relPath, dependsOn);
  if (!app) return undefined;
  const route = urlPath(app.project ? relPath.slice(app.project.length + 1) : relPath);
  return route && { project: app.project, ...route, manifest: app.text };
}

/** The package.json nearest above a file, when it is a Next.js app's (it depends on `next`). */
export function nextAppOf(root: string, relPath: string, dependsOn?: DependsOn): PackageManifest | undefined {
  const app = nearestManifest(root, relPath, dependsOn);
  return app && dependsOnAny(app, ['dependencies', 'devDependencies', 'peerDependencies'], (d) => d === 'next') ? app : undefined;
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
      const body = e && local.get(e[1]!);
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

/** A name called, or passed on, in code: `name(`, `name,`, `name)`. */
const NAMED = /(?<![\w$.])([A-Za-z_$][\w$]*)\s*[(,)]/g;

/** The file's own functions' text by name: `function name(…) {…}`, `const name = async (…) => …`. */
export function localFunctions(code: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of code.matchAll(/(?<![\w$.])(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(/g)) {
    if (!out.has(m[1]!)) out.set(m[1]!, code.slice(m.index, functionEnd(code, m.index + m[0].length - 1)));
  }
  for (const m of code.matchAll(/(?<![\w$.])(?:const|let)\s+([A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>|[\w$]+\s*=>)/g)) {
    if (!out.has(m[1]!)) out.set(m[1]!, code.slice(m.index, statementEnd(code, m.index + m[0].length)));
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
  let own = local.get(name);
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
function withLocal(own: string, local: Map<string, string>, name?: string): string {
  const seen = new Set<string>(name ? [name] : []);
  let text = own;
  for (let depth = 0; depth < 2; depth++) {
    let more = '';
    // A name inside a string names nothing: `"Allow-Methods": "POST, OPTIONS"` calls no `POST`.
    const named = new Set<string>();
    for (const m of withoutStringText(text).matchAll(NAMED)) named.add(m[1]!);
    for (const [fn, body] of local) {
      if (seen.has(fn) || !named.has(fn)) continue;
      seen.add(fn);
      more += `\n${body}`;
    }
    if (!more) break;
    text += more;
  }
  return text;
}

/** The code with the text of its string literals blanked; the `${…}` of a template literal is kept, being code. */
function withoutStringText(code: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c !== '"' && c !== "'" && c !== '`') continue;
    const end = stringEnd(code, i);
    const inner = code.slice(i + 1, end);
    const kept = c === '`' ? inner.replace(/\$\{[^`]*?\}|[^$]+|\$/g, (part) => (part.startsWith('${') ? part : ' '.repeat(part.length))) : ' '.repeat(inner.length);
    out += code.slice(from, i + 1) + kept;
    from = end;
    i = end;
  }
  return out + code.slice(from);
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
