/**
 * code/agent-api-no-auth's repository step for apps a launcher starts, apart from the file analysis
 * (`agent-api-no-auth.ts`), so a scan served from the result cache loads only this.
 */
import type { InventoryItem, ProjectAnalyzer } from '../../core/rule.js';
import type { Exposure } from './agent-api-routes.js';
import { ID, message, meta, severityOf } from './agent-api-rule.js';
import { launchedItems, otherLaunchers } from './launch-joins.js';

/**
 * The repository step: an app recorded by `recordAsgiApps` that a launcher in another file starts on
 * every interface (a `server-launch` fact, `deploy/launch-facts.ts`) is reported at the app, naming
 * the launcher. One finding per app, whatever the number of launchers.
 */
export const agentApiLaunched: ProjectAnalyzer = {
  name: 'code/agent-api-launched',
  rules: [meta],
  finish(facts, ctx) {
    const launched = launchedItems(facts, 'asgi-app', 'server-launch', (l, app) => (l.data.apps as string[]).includes(String(app.data.app)) && starts(l, app.location.path));
    for (const { served: app, by } of launched) {
      const name = String(app.data.app);
      const first = by[0]!;
      const exposure = app.data.exposure as Exposure;
      const own = typeof app.data.ownModel === 'string' ? app.data.ownModel : undefined;
      const launcher = `${first.location.path}:${first.location.startLine}`;
      const label = typeof first.data.label === 'string' ? `${first.data.label}: ` : '';
      const more = otherLaunchers(by);
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
