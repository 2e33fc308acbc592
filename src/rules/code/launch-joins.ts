/**
 * The join the repository steps of code/agent-api-no-auth and code/mcp-http-no-auth share: what a
 * file serves (an app, an MCP server: an inventory fact) and the launchers of the repository that
 * start it on every interface (another fact, from a Dockerfile or a script), as one finding per
 * served thing naming its first launcher and how many more.
 */
import type { InventoryItem, ProjectFacts } from '../../core/rule.js';

/** Each served item of `servedType` with the launches of `launchType` that start it (`starts`), when at least one does. */
export function launchedItems(facts: ProjectFacts, servedType: string, launchType: string, starts: (launch: InventoryItem, served: InventoryItem) => boolean): { served: InventoryItem; by: InventoryItem[] }[] {
  const served = facts.inventory.filter((i) => i.type === servedType);
  if (served.length === 0) return [];
  const launches = facts.inventory.filter((i) => i.type === launchType);
  return served.flatMap((item) => {
    const by = launches.filter((l) => starts(l, item));
    return by.length ? [{ served: item, by }] : [];
  });
}

/** ` and 2 other launchers` after the first one named, or nothing. */
export function otherLaunchers(by: InventoryItem[]): string {
  return by.length > 1 ? ` and ${by.length - 1} other launcher${by.length > 2 ? 's' : ''}` : '';
}
