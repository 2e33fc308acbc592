/**
 * code/mcp-http-no-auth's repository step: an MCP server whose code serves it over HTTP on the host
 * it is given, with no authentication in the file (an `mcp-http-server` fact), that a Dockerfile or
 * a container's entrypoint script of the repository starts on every interface (an `mcp-http-launch`
 * fact, `deploy/mcp-http-launch.ts`: `--transport=sse --host=0.0.0.0`). The code's own default is
 * loopback, so the file alone shows no open port; the launch opens it. Reported at the server's
 * transport, naming the launcher, and rated as an open server of the file is (by what its tools can
 * do); a launch counts for the servers under the folder it is in.
 */
import type { InventoryItem, ProjectAnalyzer } from '../../core/rule.js';
import type { Severity } from '../../core/types.js';
import { ID, meta } from './mcp-http-rule.js';
import { launchedItems, otherLaunchers } from './launch-joins.js';

export const mcpHttpLaunched: ProjectAnalyzer = {
  name: 'code/mcp-http-launched',
  rules: [meta],
  finish(facts, ctx) {
    for (const { served: server, by } of launchedItems(facts, 'mcp-http-server', 'mcp-http-launch', (l, s) => covers(l, s.location.path))) {
      const first = by[0]!;
      const more = otherLaunchers(by);
      ctx.report({
        ruleId: ID,
        location: server.location,
        message:
          `MCP server served over ${String(server.data.transport)} on the host it is given is started on every interface (${String(first.data.bind)}) by ` +
          `${first.location.path}:${first.location.startLine} (${String(first.data.command)})${more}, and this file sets no auth provider, token check or ` +
          'Host/Origin validation: its own default host is not what runs, and anyone who reaches the port can call its tools' +
          (typeof server.data.risky === 'string' ? `, including ${server.data.risky}.` : '.'),
        key: `mcp-http-launch:${server.location.path}`,
        evidence: String(first.data.command),
        severity: (server.data.severity as Severity | undefined) ?? 'medium',
        related: by.map((l) => ({ ...l.location, message: `starts it on every interface (${String(l.data.bind)}, transport ${String(l.data.transport)})` })),
      });
    }
  },
};

/** Whether a launch may start the server of the file at `path`: the launcher's folder holds it. */
function covers(launch: InventoryItem, path: string): boolean {
  const under = String(launch.data.under ?? '');
  return under === '' || path.startsWith(`${under}/`);
}
