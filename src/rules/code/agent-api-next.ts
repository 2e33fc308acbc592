/**
 * code/agent-api-no-auth for Next.js apps: a route handler (`next-routes.ts`) of an app whose
 * routes nothing authenticates. `next start`, `next dev` and the standalone server listen on every
 * interface unless given a host, so the route is open to whoever reaches the port.
 */
import type { AnalyzerContext } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import { partDrivesAgent, routesExposure, type Exposure } from './agent-api-routes.js';
import { followImport, ID, message, NEXT_NONE, NEXT_WHERE, ownModel, type ResolveModule } from './agent-api-rule.js';
import { selfHostedOnly } from './agent-api-model-keys.js';
import { codeText } from './http-listen.js';
import { REQUEST_INPUT } from './vocabulary.js';
import { aliasResolver, definitionOf, nextHandlers, nextRouteOf, startsOnLoopback } from './next-routes.js';
import { isWebhook, limitsUse, middlewareOf, routeAuthenticates } from './next-middleware.js';


/**
 * A Next.js route handler (`next-routes.ts`) of an app whose routes nothing authenticates: a handler
 * that runs what it is sent, returns the app's settings or rewrites them is reported here, high; one
 * that only drives an agent or a model is a `next-model-route` fact, for one low finding per app
 * (`agentApiNextModels`): a public chat endpoint is often the product itself. A route behind a rate
 * limit or bot protection (its own or its middleware's) was meant to be open, within bounds, and a
 * webhook's caller is a platform that signs its requests: both are left out of those. False when the file is no route of a Next.js app (a `route.ts` of
 * another kind of project), which is then read as any other file.
 */
export async function analyzeNextRoute(file: SourceFile, ctx: AnalyzerContext): Promise<boolean> {
  const root = file.root;
  if (!root) return false;
  const dependsOn = ctx.dependsOn?.bind(ctx);
  const route = nextRouteOf(root, file.relPath, dependsOn);
  if (!route) return false;
  const code = codeText(file.text, 'typescript');
  if (routeAuthenticates(code) || startsOnLoopback(route.manifest)) return true;
  const { resolveModule } = await import('./modules.js');
  const alias = aliasResolver(root, route, file.relPath, dependsOn);
  const resolve: ResolveModule = (r, from, spec, lang) => resolveModule(r, from, alias(spec) ?? spec, lang);
  const extra = { imported: importedDefinitionDrivesAgent(root, file.relPath, ctx, resolve) };
  const exposed = nextHandlers(code, route.router).flatMap((h) => {
    const label = h.method === '*' ? route.path : `${h.method} ${route.path}`;
    const r = { path: route.path, get: /^(?:GET|\*)$/.test(h.method), writes: /^(?:POST|PUT|PATCH|\*)$/.test(h.method), body: h.body, input: REQUEST_INPUT.next.test(h.body) };
    const exposure = routesExposure(code, 'typescript', [r], extra);
    return exposure ? [{ handler: h, exposure: { ...exposure, route: label } as Exposure }] : [];
  });
  const open = exposed.filter((x) => x.exposure.kind !== 'agent' || !(limitsUse(code) || isWebhook(route)));
  const front = open.length ? middlewareOf(root, route, dependsOn) : undefined;
  if (!front || front.authenticates) return true;
  const reported = open.filter((x) => x.exposure.kind !== 'agent' || !front.limits);
  const own = selfHostedOnly(file.text);
  for (const { handler, exposure } of reported) {
    const span = { start: handler.start, end: handler.start + /^[^\n]*/.exec(code.slice(handler.start))![0].length };
    if (exposure.kind === 'agent') {
      ctx.inventory({ type: 'next-model-route', span, data: { project: route.project, route: exposure.route, via: exposure.via, ...(ownModel(exposure, own) ? { ownModel: ownModel(exposure, own) } : {}) } });
      continue;
    }
    ctx.report({ ruleId: ID, message: message(NEXT_WHERE, exposure, undefined, NEXT_NONE), span, key: `next-route:${exposure.route}`, evidence: exposure.via, severity: 'high' });
  }
  return true;
}

/**
 * Follows a Next.js handler's call one module on, to the definition it calls (`new SearchAgent(…)`:
 * the class `SearchAgent` of `@/lib/agents/search`, every method): whether that runs an agent or a
 * model. Narrower than the module as a whole: a route that only reads a run's stream through a helper
 * of the agent's module does not drive the agent.
 */
function importedDefinitionDrivesAgent(root: string, relPath: string, ctx: AnalyzerContext, resolveModule: ResolveModule): (spec: string, name: string) => boolean {
  return followImport(
    root,
    relPath,
    ctx,
    'typescript',
    resolveModule,
    (text, name) => {
      const code = codeText(text, 'typescript');
      const part = definitionOf(code, name);
      return part !== undefined && partDrivesAgent(part, code, 'typescript');
    },
    true,
  );
}
