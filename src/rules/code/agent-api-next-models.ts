/**
 * code/agent-api-no-auth's repository step for Next.js apps, apart from the analysis of their routes
 * (`agent-api-next.ts`), so a scan served from the result cache loads only this.
 */
import type { InventoryItem, ProjectAnalyzer } from '../../core/rule.js';
import { ID, meta, NEXT_NONE, NEXT_WHERE } from './agent-api-rule.js';

/**
 * The repository step for Next.js apps: the routes of one app that drive an agent or call a model
 * with no authentication, as one low finding at the first of them, naming the others.
 */
export const agentApiNextModels: ProjectAnalyzer = {
  name: 'code/agent-api-next-models',
  rules: [meta],
  finish(facts, ctx) {
    const byApp = new Map<string, InventoryItem[]>();
    for (const item of facts.inventory) {
      if (item.type !== 'next-model-route') continue;
      const app = String(item.data.project);
      byApp.set(app, [...(byApp.get(app) ?? []), item]);
    }
    for (const [app, routes] of byApp) {
      routes.sort((a, b) => (a.location.path < b.location.path ? -1 : a.location.path > b.location.path ? 1 : a.location.startLine - b.location.startLine));
      const first = routes[0]!;
      const named = routes.slice(0, 3).map((r) => `"${String(r.data.route)}" (${String(r.data.via)})`).join(', ');
      const more = routes.length > 3 ? ` and ${routes.length - 3} other${routes.length > 4 ? 's' : ''}` : '';
      const own = routes.every((r) => typeof r.data.ownModel === 'string') ? String(first.data.ownModel) : undefined;
      const spend = own ? `that model's compute (its client is given a stand-in key, ${own})` : "the app's model keys";
      ctx.report({
        ruleId: ID,
        location: first.location,
        message:
          `${NEXT_WHERE}: ${routes.length === 1 ? 'its route' : `${routes.length} of its routes drive an agent or call a model:`} ${named}${more}${routes.length === 1 ? ` drives an agent or calls a model, and ${NEXT_NONE}` : `, and ${NEXT_NONE.replace('the route', 'the routes')}`}, ` +
          `so anyone who reaches the app uses ${spend} through ${routes.length === 1 ? 'it' : 'them'}. A public chat endpoint is often the product itself (so this is rated low); ` +
          'put a sign-in, an API key or a rate limit in front of it if it is not meant to be.',
        key: `next-model-routes:${app}`,
        evidence: String(first.data.via),
        severity: 'low',
        related: routes.slice(1).map((r) => ({ ...r.location, message: `${String(r.data.route)} (${String(r.data.via)})` })),
      });
    }
  },
};
