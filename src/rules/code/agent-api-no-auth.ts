/**
 * code/agent-api-no-auth: an agent application's own web API (Flask, FastAPI, Express, a raw socket
 * server, a Next.js app's route handlers …) listening on every interface, with a route that drives
 * the agent, runs what it is sent, hands back the app's settings or rewrites them, and nothing that
 * authenticates callers. Anyone who reaches the port uses the agent with its keys and tools. What the
 * file shows is read by `agent-api-listen.ts` (its server) and `agent-api-routes.ts` (what its routes
 * do); what it reads from other modules of the repository (a route handler's call into one, the
 * project's classes a route goes through, included routers, an app another module makes for this
 * file's launcher) by `agent-api-modules.ts`; Next.js route handlers are read by `agent-api-next.ts`.
 * The rule's metadata and messages are in `agent-api-rule.ts`. A test's server is not a report.
 */
import type { AnalyzerContext, FileAnalyzer } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import { contextOf } from '../../discovery/context.js';
import { importsAgentFramework } from './frameworks.js';
import { asgiApps, hasAuthentication, mayBeAsgiApp, mayServeAgentApi, openAgentApis, openListeners, servedApp, type AgentApi } from './agent-api-listen.js';
import { codeText } from './http-listen.js';
import { appExposure, drivesAgent } from './agent-api-routes.js';
import { ID, message, meta, ownModel, severityOf } from './agent-api-rule.js';
import { appModules, type AppModules } from './agent-api-modules.js';
import type { ImportedApp } from './agent-api-imported-app.js';
import { callerKeyOnly, selfHostedOnly } from './agent-api-model-keys.js';
import { analyzeNextRoute } from './agent-api-next.js';
import { corsFinding } from './agent-api-cors.js';
import { analyzeServerActions, mayHoldServerActions } from './agent-api-actions.js';
import { mayBeNextRoute } from './next-routes.js';
import { plainObjects } from './plain-objects.js';


export const agentApiNoAuth: FileAnalyzer = {
  name: ID,
  rules: [meta],
  reportsNoSecrets: true,
  kinds: ['python', 'typescript'],
  applies(file) {
    const lang = language(file);
    if (contextOf(file.relPath) === 'test') return false;
    return mayServeAgentApi(file.text, lang) || (lang === 'python' ? mayBeAsgiApp(file.text) : mayBeNextRoute(file.relPath) || mayHoldServerActions(file.text));
  },
  async analyze(file, ctx) {
    const lang = language(file);
    if (lang === 'typescript' && mayBeNextRoute(file.relPath) && (await analyzeNextRoute(file, ctx))) return;
    if (lang === 'typescript' && mayHoldServerActions(file.text) && (await analyzeServerActions(file, ctx))) return;
    // The listeners first: most servers bind loopback or check a token, and then no tree is needed.
    const { resolveModule } = await import('./modules.js');
    const modules = appModules(file, ctx, resolveModule);
    // An app another module makes, which this file serves (`app = create_app()` after importing the factory).
    const apps = new Map(modules.apps().map((a) => [a.served, a]));
    const listeners = openListeners(file.text, lang, modules.hostElsewhere, apps);
    // A loopback server (listed only when every origin may call it) does not keep a launcher elsewhere from starting the app on every interface.
    if (listeners.every((l) => l.cors)) await recordAsgiApps(file, ctx, modules);
    if (listeners.length === 0) return;
    const context = await routeContext(file, ctx, lang, modules, [...apps.values()].filter((a) => !a.authenticated));
    const apis = openAgentApis(file.text, lang, context, listeners);
    const local = selfHostedOnly(file.text);
    for (const [api, ...also] of byServedApp(file.text, apis)) {
      const own = ownModel(api.exposure, local);
      // The other calls that start the same app (another branch of one launch): places of this one finding.
      const related = also.length ? also.map((a) => ({ ...file.location({ start: a.start, end: a.end }), message: `starts the same app (${a.bind})` })) : undefined;
      if (api.cors) {
        const finding = corsFinding(ID, { ...api, cors: api.cors }, own);
        if (finding) ctx.report({ ...finding, related });
        continue;
      }
      // Routes that only drive an agent on the key each caller sends spend no key of the app's (read in this file only: no included routers).
      const callerKey = !own && api.exposure.kind === 'agent' && !context.routers.length ? callerKeyOnly(file.text, lang) : undefined;
      const app = apps.get(servedApp(file.text.slice(api.start, api.end)) ?? '');
      const where = `${api.server} server on every interface (${api.bind}) with no authentication${app ? `, serving the app ${app.made}` : ''}`;
      const none = app ? `neither this file nor ${app.rel} checks a token, API key, session or login` : undefined;
      ctx.report({
        ruleId: ID,
        message: message(where, api.exposure, own, none, callerKey),
        span: { start: api.start, end: api.end },
        key: `agent-api:${api.call}`,
        evidence: api.call,
        severity: callerKey ? 'low' : severityOf(api.exposure, own),
        related,
      });
    }
  },
};

/**
 * The file's open APIs grouped by the app their call starts (`servedApp`), in the order of the file:
 * `if tls: uvicorn.run(app, ssl_…=…) else: uvicorn.run(app, …)` is one API, reported at its first
 * launch. A loopback listener open to every origin stays apart from one on every interface.
 */
function byServedApp(text: string, apis: AgentApi[]): AgentApi[][] {
  const groups = new Map<string, AgentApi[]>();
  for (const api of apis) {
    const app = servedApp(text.slice(api.start, api.end));
    const key = `${api.cors ? 'cors' : 'open'}:${api.server}:${app ?? `@${api.start}`}`;
    const group = groups.get(key);
    if (group) group.push(api);
    else groups.set(key, [api]);
  }
  return [...groups.values()];
}

/** A route of a Python file's own: a decorated handler or one registered by a call (as `agent-api-routes.ts` reads them). */
const PY_OWN_ROUTE = /^[ \t]*@[\w.]*?\.(?:route|get|post|put|patch|delete|websocket|websocket_route|api_route|on|event)\s*\(|\.add_(?:api_route|url_rule|api_websocket_route)\s*\(/m;

/**
 * What a route handler may reach: the file's own agents (its syntax tree), a module it imports,
 * followed one module on, and the project's classes it goes through, further on. The routes of an
 * app another module makes (`apps`) are read from that module, as routers of the file.
 */
async function routeContext(file: SourceFile, ctx: AnalyzerContext, lang: 'python' | 'typescript', modules: AppModules, apps: ImportedApp[] = []) {
  // The syntax tree says which names are the file's agents, for its own routes: a launcher that only serves an app another module makes has none.
  // Loaded here, not with the module: the launcher join below runs on cached scans and does not need it.
  const analysis = lang === 'typescript' || PY_OWN_ROUTE.test(file.text) ? await (await import('./analysis.js')).analyzeCode(file) : undefined;
  const agentNames = analysis?.ok ? analysis.analysis.model.agents.flatMap((a) => (a.binding ? [a.binding] : [])) : [];
  const plain = analysis?.ok && lang === 'python' ? plainObjects(file.text, analysis.analysis.model, (body) => drivesAgent(body, 'python')) : undefined;
  const code = codeText(file.text, lang);
  const made = [...new Map(apps.map((a) => [a.rel, a])).values()].flatMap((a) => [
    { code: a.code, imported: modules.imported(a.rel, 'python'), reached: modules.reached(a.rel, a.code) },
    ...modules.routers(a.rel, a.code),
  ]);
  return {
    agentNames,
    plain,
    imported: modules.imported(file.relPath, lang),
    reached: lang === 'python' ? modules.reached(file.relPath, code) : undefined,
    routers: [...modules.routers(file.relPath, file.text), ...made],
  };
}

/**
 * A FastAPI or Starlette app that the file does not start on every interface itself, open to
 * callers and with a route that drives an agent, runs commands or returns settings: an `asgi-app`
 * fact, for the launchers of other files (a Dockerfile, a package.json script) that start it.
 */
async function recordAsgiApps(file: SourceFile, ctx: AnalyzerContext, modules: AppModules): Promise<void> {
  if (file.kind !== 'python' || !mayBeAsgiApp(file.text)) return;
  const apps = asgiApps(file.text);
  if (apps.length === 0 || hasAuthentication(file.text, 'python')) return;
  // From the text first: the syntax tree (for the agents the file declares) only when that finds nothing and the file imports an agent framework.
  const byText = appExposure(file.text, 'python', {
    agentNames: [],
    imported: modules.imported(file.relPath, 'python'),
    reached: modules.reached(file.relPath, codeText(file.text, 'python')),
    routers: modules.routers(file.relPath, file.text),
  });
  // A run of an object the text takes for an agent by its name (`agent.run()`) is checked against the module's own classes.
  const exposure =
    byText?.kind === 'agent' && /^\w+\.\w+\(\)$/.test(byText.via)
      ? appExposure(file.text, 'python', await routeContext(file, ctx, 'python', modules))
      : (byText ?? (importsAgentFramework(file.text, 'python') ? appExposure(file.text, 'python', await routeContext(file, ctx, 'python', modules)) : undefined));
  if (!exposure) return;
  const own = ownModel(exposure, selfHostedOnly(file.text));
  for (const app of apps) {
    ctx.inventory({ type: 'asgi-app', span: { start: app.start, end: app.end }, data: { app: app.name, server: app.server, exposure, ...(own ? { ownModel: own } : {}) } });
  }
}

function language(file: SourceFile): 'python' | 'typescript' {
  return file.kind === 'python' ? 'python' : 'typescript';
}
