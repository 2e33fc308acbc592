/**
 * What stands in front of a Next.js route: authentication or a rate limit in the route file itself,
 * or in the app's middleware (`middleware.ts`, or `proxy.ts` since Next.js 16, at the project's root
 * or in `src/`) whose `matcher` covers the route's path. The middleware files are read through the
 * root-file reader, once per app for the scan (`rootFact`).
 */
import path from 'node:path';
import { readRootFile, rootFact, type DependsOn } from '../../core/root-file.js';
import { hasAuthentication } from './agent-api-listen.js';
import { argsAt, codeText, literal, named, splitArgs } from './http-listen.js';
import type { NextRoute } from './next-routes.js';

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
