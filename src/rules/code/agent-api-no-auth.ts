/**
 * code/agent-api-no-auth: an agent application's own web API (Flask, FastAPI, Express, a raw socket
 * server, a Next.js app's route handlers …) listening on every interface, with a route that drives
 * the agent, runs what it is sent, hands back the app's settings or rewrites them, and nothing that
 * authenticates callers. Anyone who reaches the port uses the agent with its keys and tools. What the
 * file shows is read by `agent-api-listen.ts` (its server) and `agent-api-routes.ts` (what its routes
 * do); a route handler's call into another module of the repository is followed one module on;
 * Next.js route handlers are read by `agent-api-next.ts`. The rule's metadata and messages are in
 * `agent-api-rule.ts`. A test's server is not a report.
 */
import type { AnalyzerContext, FileAnalyzer, InventoryItem, ProjectAnalyzer } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import { contextOf } from '../../discovery/context.js';
import { importsAgentFramework } from './frameworks.js';
import { asgiApps, hasAuthentication, mayBeAsgiApp, mayServeAgentApi, openAgentApis, openListeners, servedApp, type AgentApi } from './agent-api-listen.js';
import { allInterfaces, codeText, type HostElsewhere } from './http-listen.js';
import { appExposure, drivesAgent, pythonImports, routerCode, type Exposure, type IncludedRouter } from './agent-api-routes.js';
import { followImport, ID, message, meta, ownModel, readModule, severityOf, type ResolveModule } from './agent-api-rule.js';
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
    const listeners = openListeners(file.text, lang, hostElsewhere(file, ctx, resolveModule));
    // A loopback server (listed only when every origin may call it) does not keep a launcher elsewhere from starting the app on every interface.
    if (listeners.every((l) => l.cors)) await recordAsgiApps(file, ctx);
    if (listeners.length === 0) return;
    const context = await routeContext(file, ctx, lang);
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
      ctx.report({
        ruleId: ID,
        message: message(`${api.server} server on every interface (${api.bind}) with no authentication`, api.exposure, own, undefined, callerKey),
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

/** What a route handler may reach: the file's own agents (its syntax tree), and a module it imports, followed one module on. */
async function routeContext(file: SourceFile, ctx: AnalyzerContext, lang: 'python' | 'typescript') {
  // Loaded here, not with the module: the launcher join below runs on cached scans and needs neither.
  const [{ analyzeCode }, { resolveModule }] = await Promise.all([import('./analysis.js'), import('./modules.js')]);
  const analysis = await analyzeCode(file);
  const agentNames = analysis.ok ? analysis.analysis.model.agents.flatMap((a) => (a.binding ? [a.binding] : [])) : [];
  const plain = analysis.ok && lang === 'python' ? plainObjects(file.text, analysis.analysis.model, (body) => drivesAgent(body, 'python')) : undefined;
  return { agentNames, plain, imported: importedDrivesAgent(file.root, file.relPath, ctx, lang, resolveModule), routers: includedRouters(file, ctx, resolveModule) };
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
  const byText = appExposure(file.text, 'python', { agentNames: [], imported: importedDrivesAgent(file.root, file.relPath, ctx, 'python', resolveModule), routers: includedRouters(file, ctx, resolveModule) });
  // A run of an object the text takes for an agent by its name (`agent.run()`) is checked against the module's own classes.
  const exposure =
    byText?.kind === 'agent' && /^\w+\.\w+\(\)$/.test(byText.via)
      ? appExposure(file.text, 'python', await routeContext(file, ctx, 'python'))
      : (byText ?? (importsAgentFramework(file.text, 'python') ? appExposure(file.text, 'python', await routeContext(file, ctx, 'python')) : undefined));
  if (!exposure) return;
  const own = ownModel(exposure, selfHostedOnly(file.text));
  for (const app of apps) {
    ctx.inventory({ type: 'asgi-app', span: { start: app.start, end: app.end }, data: { app: app.name, server: app.server, exposure, ...(own ? { ownModel: own } : {}) } });
  }
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

function language(file: SourceFile): 'python' | 'typescript' {
  return file.kind === 'python' ? 'python' : 'typescript';
}

/**
 * A bind host read from an object another module of the app defines (`from config import settings`,
 * `host=settings.HOST`): that module's own binding of the attribute (a settings class's default).
 * Several listeners may read the same attribute: the file's imports are read once, and each
 * attribute's module resolved and read once.
 */
function hostElsewhere(file: SourceFile, ctx: AnalyzerContext, resolveModule: ResolveModule): HostElsewhere {
  // Asked only about this file's code: its imports and each attribute's answer stand for the file.
  let imports: ReturnType<typeof pythonImports> | undefined;
  const answers = new Map<string, string | undefined>();
  const lookUp = (imported: string, attribute: string, code: string): string | undefined => {
    imports ??= pythonImports(code);
    const from = imports.get(imported);
    if (!from || !file.root) return undefined;
    const inner = from.name ? (from.spec.endsWith('.') ? `${from.spec}${from.name}` : `${from.spec}.${from.name}`) : undefined;
    const rel = (inner && resolveModule(file.root, file.relPath, inner, 'python')) ?? resolveModule(file.root, file.relPath, from.spec, 'python');
    const text = rel && readModule(file.root, rel, ctx);
    const bind = text ? allInterfaces(attribute, codeText(text, 'python'), 'python') : undefined;
    return bind && `${bind}, ${imported}.${attribute} in ${rel}`;
  };
  return (imported, attribute, code) => {
    const key = `${imported}.${attribute}`;
    if (!answers.has(key)) answers.set(key, lookUp(imported, attribute, code));
    return answers.get(key);
  };
}

/** Follows a route handler's call one module on: whether the imported module runs an agent or a model. */
function importedDrivesAgent(root: string | undefined, relPath: string, ctx: AnalyzerContext, lang: 'python' | 'typescript', resolveModule: ResolveModule): (spec: string, name: string) => boolean {
  return followImport(root, relPath, ctx, lang, resolveModule, (text) => drivesAgent(text, lang));
}


/** Routers an app includes, read from the modules that hold them, at most this many. */
const MAX_ROUTERS = 16;

/** The imported function whose result a router name holds (`acp_router = configure_adapter(…)`, then `app.include_router(acp_router)`). */
function routerMaker(name: string, text: string): string | undefined {
  if (!/^\w+$/.test(name)) return undefined;
  return new RegExp(`^[ \\t]*${name}[ \\t]*(?::[^=\\n]+)?=(?!=)[ \\t]*(?:await[ \\t]+)?(\\w+)\\s*\\(`, 'm').exec(text)?.[1];
}

/** How many routers deep includes are followed (`app` → `v1_router` → `agents_router`). */
const MAX_ROUTER_DEPTH = 3;

/**
 * The router modules a FastAPI app includes (`app.include_router(chat.router)` after `from .routers
 * import chat`, `app.include_router(chat_router)` after `from .routers.chat import router as
 * chat_router`, or `app.include_router(acp_router)` after `acp_router = configure_adapter(…)` and `from .adapter import
 * configure_adapter`), found through the file's imports, and the routers those include in turn (a
 * versioned router gathering the others: `v1_router.include_router(agents_router)`); a router whose
 * module authenticates its callers (a security dependency on the router) is left out, with what it
 * includes. Each module read is a dependency of the result.
 */
function includedRouters(file: SourceFile, ctx: AnalyzerContext, resolveModule: ResolveModule): IncludedRouter[] {
  const root = file.root;
  if (file.kind !== 'python' || !root) return [];
  const out: IncludedRouter[] = [];
  const seen = new Set<string>([file.relPath]);
  const collect = (relPath: string, text: string, depth: number): void => {
    if (!/\.include_router\s*\(/.test(text)) return;
    const imports = pythonImports(routerCode(text, 'python'));
    for (const m of text.matchAll(/\.include_router\s*\(\s*([\w.]+)/g)) {
      if (out.length >= MAX_ROUTERS) return;
      const imp = imports.get(m[1]!.split('.')[0]!) ?? imports.get(routerMaker(m[1]!, text) ?? '');
      if (!imp) continue;
      // `from .routers import chat` names a module (`.routers.chat`); `from .routers.chat import router` names a value of one.
      const specs = imp.name ? [imp.spec.endsWith('.') ? `${imp.spec}${imp.name}` : `${imp.spec}.${imp.name}`, imp.spec] : [imp.spec];
      for (const spec of specs) {
        const rel = resolveModule(root, relPath, spec, 'python');
        if (!rel) continue;
        if (!seen.has(rel)) {
          seen.add(rel);
          const routerText = readModule(root, rel, ctx);
          if (routerText !== undefined && !hasAuthentication(routerCode(routerText, 'python'), 'python')) {
            out.push({ code: routerCode(routerText, 'python'), imported: importedDrivesAgent(root, rel, ctx, 'python', resolveModule) });
            if (depth < MAX_ROUTER_DEPTH) collect(rel, routerText, depth + 1);
          }
        }
        break;
      }
    }
  };
  collect(file.relPath, file.text, 1);
  return out;
}
