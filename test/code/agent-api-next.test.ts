/**
 * code/agent-api-no-auth for Next.js route handlers: a route of an app whose package.json depends on
 * next, with nothing in the route or the project's middleware that authenticates callers. Settings
 * handed back or rewritten and commands run are high, one per handler; routes that only call a model
 * are one low finding per app; a signed-in check, a middleware that covers the route, a loopback
 * start, masked keys, a rate limit, a webhook or a project that is not a Next.js app report nothing.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { changesSettings, returnsSettings } from '../../src/rules/code/route-settings.js';
import { forgetRootFacts } from '../../src/core/root-file.js';
import { nextHandlers, nextRouteOf } from '../../src/rules/code/next-routes.js';
import { middlewareOf } from '../../src/rules/code/next-middleware.js';
import { tempTree } from '../helpers/tmp.js';

const ID = 'code/agent-api-no-auth';
const NEXT_APP = JSON.stringify({ scripts: { dev: 'next dev', start: 'next start' }, dependencies: { next: '15.3.0', react: '19.0.0' } });

const SETTINGS =
  "import { NextResponse } from 'next/server';\nimport settings from '@/lib/settings';\n\n" +
  'export const GET = async () => {\n  const values = settings.getCurrentConfig();\n  return NextResponse.json({ values });\n};\n\n' +
  'export const POST = async (req: Request) => {\n  const body = await req.json();\n  settings.updateConfig(body.key, body.value);\n  return Response.json({ ok: true });\n};\n';
const CHAT =
  "import { streamText } from 'ai';\nimport { anthropic } from '@ai-sdk/anthropic';\n\nexport async function POST(req: Request) {\n" +
  "  const { messages } = await req.json();\n  return streamText({ model: anthropic('claude-sonnet-4-5'), messages }).toUIMessageStreamResponse();\n}\n";
const HEALTH = "export function GET() {\n  return Response.json({ ok: true });\n}\n";

async function found(files: Record<string, string>, options: { cache?: string } = {}) {
  const root = tempTree(files);
  const { report } = await scan({ paths: [root], threads: 1, ...options });
  return report.findings
    .filter((f) => f.ruleId === ID)
    .map((f) => ({ at: `${f.location.path}:${f.location.startLine}`, severity: f.severity, message: f.message, evidence: f.evidence, related: (f.related ?? []).map((r) => `${r.path}:${r.startLine}`) }));
}

describe('Next.js route handlers', () => {
  it('a settings route that returns the configuration and takes any key: high, at each handler', async () => {
    const r = await found({ 'package.json': NEXT_APP, 'src/app/api/config/route.ts': SETTINGS });
    expect(r.map((x) => `${x.at} ${x.severity}`)).toEqual(['src/app/api/config/route.ts:4 high', 'src/app/api/config/route.ts:9 high']);
    expect(r[0]!.message).toMatch(/^Next\.js app on every interface \(next start's default\) with no authentication: its route "GET \/api\/config" returns the app's settings \(NextResponse\.json\(\{ values \}\)\)/);
    expect(r[0]!.message).toContain('neither the route nor a middleware checks a token, API key, session or login');
    expect(r[1]!.message).toContain('"POST /api/config" changes the app\'s settings with what the caller sends (settings.updateConfig(body.key, body.value))');
    expect(r[1]!.evidence).toBe('settings.updateConfig(body.key, body.value)');
  });

  it('a key written in the code a message quotes is masked there', async () => {
    const key = 'sk-proj-Zq8mW2vLx9Tk4Rb7Yc3Nd6Hf1Jg5Ps0A';
    const inline =
      "import { NextResponse } from 'next/server';\nimport settings from '@/lib/settings';\n\n" +
      `export const GET = async () => {\n  return NextResponse.json({ ...settings.getCurrentConfig(), apiKey: '${key}' });\n};\n`;
    const r = await found({ 'package.json': NEXT_APP, 'src/app/api/config/route.ts': inline });
    expect(r.map((x) => x.severity)).toEqual(['high']);
    expect(JSON.stringify(r)).not.toContain(key);
  });

  it('a provider updated from the fields of the body, under a dynamic segment and a route group', async () => {
    const route =
      "export async function PATCH(req: Request, { params }: { params: Promise<{ id: string }> }) {\n  const { id } = await params;\n" +
      '  const { name, config } = await req.json();\n  return Response.json(await registry.updateProvider(id, name, config));\n}\n';
    const r = await found({ 'package.json': NEXT_APP, 'app/(admin)/api/providers/[id]/route.ts': route });
    expect(r.map((x) => `${x.at} ${x.severity}`)).toEqual(['app/(admin)/api/providers/[id]/route.ts:1 high']);
    expect(r[0]!.message).toContain('"PATCH /api/providers/[id]"');
  });

  it('routes that call a model are one low finding for the app, naming the others', async () => {
    const r = await found({ 'package.json': NEXT_APP, 'app/api/chat/route.ts': CHAT, 'app/api/title/route.ts': CHAT, 'app/api/health/route.ts': HEALTH });
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ at: 'app/api/chat/route.ts:4', severity: 'low', related: ['app/api/title/route.ts:4'] });
    expect(r[0]!.message).toContain('2 of its routes drive an agent or call a model: "POST /api/chat" (streamText()), "POST /api/title" (streamText())');
    expect(r[0]!.message).toContain("anyone who reaches the app uses the app's model keys through them");
  });

  it('follows a route into the class it makes from an aliased module, not into a helper that only reads a stream', async () => {
    const tsconfig = '{\n  // comments are allowed here\n  "compilerOptions": { "paths": { "@/*": ["./src/*"] } },\n}\n';
    const agent =
      "import OpenAI from 'openai';\n\nexport function toStream(run: ReadableStream) {\n  return run;\n}\n\nexport default class Researcher {\n" +
      '  client = new OpenAI();\n  async answer(q: string) {\n    return this.client.responses.create({ model: "gpt-4o", input: q });\n  }\n}\n';
    const files = { 'package.json': NEXT_APP, 'tsconfig.json': tsconfig, 'src/lib/researcher.ts': agent };
    const ask = "import Researcher from '@/lib/researcher';\n\nexport async function POST(req: Request) {\n  const { q } = await req.json();\n  return Response.json(await new Researcher().answer(q));\n}\n";
    const stream = "import { toStream } from '@/lib/researcher';\n\nexport async function GET(req: Request) {\n  return new Response(toStream(new ReadableStream()));\n}\n";
    const r = await found({ ...files, 'src/app/api/ask/route.ts': ask, 'src/app/api/stream/route.ts': stream });
    expect(r.map((x) => `${x.at} ${x.severity}`)).toEqual(['src/app/api/ask/route.ts:3 low']);
    expect(r[0]!.message).toContain('"POST /api/ask" (Researcher() from @/lib/researcher) drives an agent or calls a model');
  });

  it('a pages-router API route that runs what it is sent: high', async () => {
    const handler = "import { exec } from 'child_process';\n\nexport default async function handler(req, res) {\n  exec(req.body.cmd, (err, out) => res.json({ out }));\n}\n";
    const r = await found({ 'web/package.json': NEXT_APP, 'web/src/pages/api/shell.ts': handler });
    expect(r.map((x) => `${x.at} ${x.severity}`)).toEqual(['web/src/pages/api/shell.ts:3 high']);
    expect(r[0]!.message).toContain('its route "/api/shell" runs what the caller sends as a command or code');
  });

  it.each([
    ['a middleware that does not cover the route', { 'middleware.ts': "export { auth as middleware } from './auth';\nexport const config = { matcher: ['/dashboard/:path*'] };\n" }],
    ['an auth middleware whose matcher leaves the API out', { 'middleware.ts': "export { auth as middleware } from './auth';\nexport const config = { matcher: ['/((?!api|_next/static|_next/image|favicon.ico).*)'] };\n" }],
    [
      'a Clerk middleware that names the route public',
      {
        'middleware.ts':
          "import { clerkMiddleware, createRouteMatcher } from '@clerk/nextjs/server';\nconst isPublicRoute = createRouteMatcher(['/', '/sign-in(.*)', '/api/settings(.*)']);\n" +
          'export default clerkMiddleware(async (auth, req) => {\n  if (!isPublicRoute(req)) await auth.protect();\n});\n',
      },
    ],
    [
      'a Clerk middleware that protects other routes only',
      {
        'middleware.ts':
          "import { clerkMiddleware, createRouteMatcher } from '@clerk/nextjs/server';\nconst isProtectedRoute = createRouteMatcher(['/dashboard(.*)']);\n" +
          'export default clerkMiddleware(async (auth, req) => {\n  if (isProtectedRoute(req)) await auth.protect();\n});\n',
      },
    ],
    ['a middleware that authenticates nothing', { 'middleware.ts': "import { NextResponse } from 'next/server';\nexport function middleware() {\n  return NextResponse.next();\n}\n" }],
    ['a proxy.ts that exports no proxy', { 'proxy.ts': "export const proxy_url = process.env.HTTP_PROXY;\nexport const token = getToken({ req });\n" }],
  ])('still reported with %s', async (_name, extra) => {
    const r = await found({ 'package.json': NEXT_APP, 'app/api/settings/route.ts': SETTINGS, ...extra });
    expect(r.map((x) => x.severity)).toEqual(['high', 'high']);
  });

  it.each([
    ['a next-auth session check in the route', { 'app/api/settings/route.ts': SETTINGS.replace(/(async \(\) => \{|async \(req: Request\) => \{)/g, '$1\n  if (!(await getServerSession(authOptions))) return Response.redirect("/");') }],
    ["Clerk's auth() in the route", { 'app/api/settings/route.ts': `import { auth } from '@clerk/nextjs/server';\n${SETTINGS.replace('const values', 'const { userId } = await auth();\n  if (!userId) return Response.redirect("/");\n  const values')}` }],
    ['a Supabase user in the route', { 'app/api/settings/route.ts': SETTINGS.replace('const values', 'const { data } = await supabase.auth.getUser();\n  if (!data.user) return Response.redirect("/");\n  const values') }],
    ['a middleware that checks a session cookie on every path', { 'middleware.ts': "import { NextResponse } from 'next/server';\nexport function middleware(req) {\n  if (!req.cookies.get('session_id')) return NextResponse.redirect(new URL('/signin', req.url));\n  return NextResponse.next();\n}\n" }],
    ['a middleware.js from an auth library, its matcher covering the API', { 'middleware.js': "export { default } from 'next-auth/middleware';\nexport const config = { matcher: ['/((?!_next/static|favicon.ico).*)'] };\n" }],
    ["Next.js 16's proxy.ts calling the app's Supabase session helper", { 'proxy.ts': "import { updateSession } from '@/lib/supabase/middleware';\nexport async function proxy(request) {\n  return await updateSession(request);\n}\nexport const config = { matcher: '/api/:path*' };\n" }],
    [
      'a Clerk middleware that protects every route but its sign-in pages',
      {
        'middleware.ts':
          "import { clerkMiddleware, createRouteMatcher } from '@clerk/nextjs/server';\nconst isPublicRoute = createRouteMatcher(['/sign-in(.*)', '/sign-up(.*)']);\n" +
          "export default clerkMiddleware(async (auth, req) => {\n  if (!isPublicRoute(req)) await auth.protect();\n});\nexport const config = { matcher: ['/((?!_next|.*\\\\..*).*)', '/(api|trpc)(.*)'] };\n",
      },
    ],
    ['a start script bound to loopback', { 'package.json': JSON.stringify({ scripts: { start: 'next start -H 127.0.0.1 -p 3000' }, dependencies: { next: '15.3.0' } }) }],
    ['a package.json without next', { 'package.json': JSON.stringify({ dependencies: { express: '^5.0.0' } }) }],
    ['a route in a private folder', { 'app/api/settings/route.ts': HEALTH, 'app/api/_lib/route.ts': SETTINGS }],
    ['a route file outside app/', { 'app/api/settings/route.ts': HEALTH, 'lib/app-router/route.ts': SETTINGS }],
    ['keys masked before they go back', { 'app/api/settings/route.ts': SETTINGS.replace('return NextResponse.json({ values });', 'return NextResponse.json({ values: maskSecrets(values) });').replace(/export const POST[\s\S]*$/, '') }],
    ['a route of a test app', { 'app/api/settings/route.ts': HEALTH, 'e2e/app/app/api/settings/route.ts': SETTINGS, 'e2e/app/package.json': NEXT_APP }],
  ])('nothing with %s', async (_name, extra) => {
    expect(await found({ 'package.json': NEXT_APP, 'app/api/settings/route.ts': SETTINGS, ...extra })).toEqual([]);
  });

  it('no model-route finding behind a middleware that rate-limits it, and still one for a settings route there', async () => {
    const middleware = "import { NextResponse } from 'next/server';\nimport { Ratelimit } from '@upstash/ratelimit';\nconst limit = new Ratelimit({ limiter: Ratelimit.slidingWindow(5, '1 m') });\n" +
      'export async function middleware(req) {\n  const { success } = await limit.limit(req.ip ?? "anon");\n  return success ? NextResponse.next() : new NextResponse(null, { status: 429 });\n}\n';
    const r = await found({ 'package.json': NEXT_APP, 'middleware.ts': middleware, 'app/api/chat/route.ts': CHAT, 'app/api/settings/route.ts': SETTINGS });
    expect(r.map((x) => `${x.at} ${x.severity}`)).toEqual(['app/api/settings/route.ts:4 high', 'app/api/settings/route.ts:9 high']);
  });

  it.each([
    ['a rate limit', CHAT.replace('  const { messages }', "  if (!(await ratelimit(req.headers.get('x-forwarded-for')))) return new Response('later', { status: 429 });\n  const { messages }")],
    ['a webhook route', CHAT],
  ])('no model-route finding with %s', async (name, route) => {
    const at = name === 'a webhook route' ? 'app/api/webhooks/slack/route.ts' : 'app/api/chat/route.ts';
    expect(await found({ 'package.json': NEXT_APP, [at]: route })).toEqual([]);
  });

  it('the result cache: a middleware added later, or the next dependency dropped, takes the findings of every route away', async () => {
    // Two routes of one app: the files they share are read once per scan, and each route's result depends on them.
    const root = tempTree({ 'package.json': NEXT_APP, 'app/api/config/route.ts': SETTINGS, 'app/api/settings/route.ts': SETTINGS });
    const cache = path.join(root, '.cache');
    const run = async () => (await scan({ paths: [root], threads: 1, cache })).report.findings.filter((f) => f.ruleId === ID).length;
    expect(await run()).toBe(4);
    writeFileSync(path.join(root, 'middleware.ts'), "export { auth as middleware } from './auth';\n");
    expect(await run()).toBe(0);
    writeFileSync(path.join(root, 'middleware.ts'), '// no middleware yet\n');
    expect(await run()).toBe(4);
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { express: '^5.0.0' } }));
    expect(await run()).toBe(0);
  });
});

describe('reading Next.js routes and settings', () => {
  it("an app's package.json and middleware are read once per scan for all of its routes, and each route hears of them", () => {
    const root = tempTree({ 'package.json': NEXT_APP, 'middleware.ts': "export function middleware() {}\nexport const config = { matcher: ['/dashboard/:path*'] };\n" });
    const heard = (rel: string) => {
      const deps = new Map<string, string>();
      const route = nextRouteOf(root, rel, (p, h) => deps.set(p, h));
      const front = route && middlewareOf(root, route, (p, h) => deps.set(p, h));
      return { route, front, deps };
    };
    forgetRootFacts();
    const first = heard('app/api/config/route.ts');
    // Changed on disk mid-scan: the second route is judged by the files as the first read them, and hears of the same hashes.
    writeFileSync(path.join(root, 'package.json'), '{}');
    writeFileSync(path.join(root, 'middleware.ts'), "export { auth as middleware } from './auth';\n");
    const second = heard('app/api/keys/route.ts');
    expect(second.route).toMatchObject({ path: '/api/keys' });
    expect(second.front).toEqual(first.front);
    for (const shared of ['package.json', 'middleware.ts']) {
      expect(first.deps.get(shared)).toBeTruthy();
      expect(second.deps.get(shared)).toBe(first.deps.get(shared));
    }
    // The next scan reads them again.
    forgetRootFacts();
    expect(heard('app/api/keys/route.ts').route).toBeUndefined();
  });

  it('the URL path of a route file, from the nearest package.json that depends on next', () => {
    const root = tempTree({ 'package.json': '{}', 'apps/web/package.json': NEXT_APP });
    expect(nextRouteOf(root, 'apps/web/src/app/(chat)/api/chat/[id]/stream/route.ts')).toMatchObject({ project: 'apps/web', path: '/api/chat/[id]/stream', router: 'app' });
    expect(nextRouteOf(root, 'apps/web/pages/api/items/index.js')).toMatchObject({ path: '/api/items', router: 'pages' });
    expect(nextRouteOf(root, 'apps/web/app/@modal/(.)photo/route.ts')).toMatchObject({ path: '/photo' });
    expect(nextRouteOf(root, 'packages/app/route.ts')).toBeUndefined();
  });

  it('handlers in their export forms, with the file helpers they call', () => {
    const code =
      'async function answer(q) {\n  return client.responses.create({ input: q });\n}\n' +
      'export async function POST(req) {\n  return answer((await req.json()).q);\n}\n' +
      'export const GET = withAuth(async () => Response.json({}))\n' +
      'const handler = () => new Response("x");\nexport { handler as DELETE };\n';
    const handlers = nextHandlers(code, 'app');
    expect(handlers.map((h) => h.method)).toEqual(['POST', 'GET', 'DELETE']);
    expect(handlers[0]!.body).toContain('client.responses.create');
    expect(handlers[1]!.body).toBe('export const GET = withAuth(async () => Response.json({}))');
  });

  it("a handler's body takes only the functions it calls, not a method named in a string (a CORS header)", () => {
    const code =
      "import { streamText } from 'ai';\n" +
      "function cors() {\n  return { 'Access-Control-Allow-Methods': 'POST, OPTIONS', 'X-Route': `${label('GET')}` };\n}\n" +
      "function label(m) {\n  return m;\n}\n" +
      'export async function OPTIONS() {\n  return new Response(null, { status: 204, headers: cors() });\n}\n' +
      'export async function POST(req) {\n  const { messages } = await req.json();\n  return streamText({ model, messages }).toUIMessageStreamResponse();\n}\n';
    const [options, post] = nextHandlers(code, 'app');
    expect(options!.body).toContain('function cors()');
    expect(options!.body).toContain('function label(m)');
    expect(options!.body).not.toContain('streamText');
    expect(post!.body).toContain('streamText');
  });

  it.each([
    ['const config = await loadConfig();\nreturn NextResponse.json(config);', true],
    ['return Response.json({ ...getSettings() });', true],
    ['return res.status(200).json(process.env);', true],
    ['return NextResponse.json({ models: config.models.map((m) => m.name) });', false],
    ['const config = { openaiConfigured: !!process.env.OPENAI_API_KEY };\nreturn NextResponse.json(config);', false],
    ["const values = getConfig();\nreturn Response.json({ values: redactKeys(values) });", false],
  ])('%s returns the settings: %s', (body, expected) => {
    expect(Boolean(returnsSettings(body, 'typescript'))).toBe(expected);
  });

  it.each([
    ['const { key, value } = await req.json();\nupdateConfig(key, value);', 'updateConfig(key, value)'],
    ['const body = await request.json();\nconst parsed = schema.parse(body);\nawait configStore.saveSettings(parsed);', 'configStore.saveSettings(parsed)'],
    ['await saveConfig(await req.json());', 'saveConfig(await req.json())'],
    ["updateConfig('theme', 'dark');", undefined],
    ['const { title } = await req.json();\nawait db.updateChat(id, title);', undefined],
  ])('%s changes the settings: %s', (body, expected) => {
    expect(changesSettings(body, 'typescript')).toBe(expected);
  });

  it('a key written beside what the caller sent is masked in the call a message quotes', () => {
    const key = 'sk-proj-Zq8mW2vLx9Tk4Rb7Yc3Nd6Hf1Jg5Ps0A';
    const py = changesSettings(`def update():\n    payload = request.get_json()\n    save_settings({**payload, "openai_api_key": "${key}"})\n`, 'python');
    const ts = changesSettings(`const body = await req.json();\nsaveSettings(body, { apiKey: '${key}' });`, 'typescript');
    const back = returnsSettings(`const config = await loadConfig();\nreturn NextResponse.json({ ...config, apiKey: '${key}' });`, 'typescript');
    for (const quoted of [py, ts, back]) {
      expect(quoted).toBeDefined();
      expect(quoted).not.toContain(key);
    }
    expect(py).toMatch(/^save_settings\(\{\*\*payload, "openai_api_key": "sk-p…/);
  });
});
