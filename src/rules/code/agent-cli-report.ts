/**
 * How code/agent-cli-approvals-off words and rates a start of an agent CLI with its approvals off,
 * wherever it was found (a configuration, code that spawns it, a shell script), and the signs it
 * reads around one: a sandbox the command line runs in, a path that says it runs unattended.
 */
import type { AnalyzerContext } from '../../core/rule.js';
import type { RelatedLocation, Severity } from '../../core/types.js';
import type { UnsafeFlag } from './agent-cli.js';

export const ID = 'code/agent-cli-approvals-off';

/** A name as settings, tests and options spell it alike: `skip_permissions`, `skipPermissions`, `--skip-permissions`. */
export const settingName = (name: string): string => name.replace(/[-_]/g, '').toLowerCase();

/** A command line that runs the agent inside a container or sandbox. */
const SANDBOX = /\b(?:docker|podman|nerdctl|sandbox|bwrap|firejail|nsjail|devcontainer|container|e2b|daytona)\b/i;
/** Signs the agent is started unattended: a loop, a daemon or worker, a server or MCP tool. */
export const UNATTENDED_PATH = /(?:^|[/_.-])(?:loop|loops|daemon|worker|workers|scheduler|cron|server|autopilot|ralph)(?:[/_.-]|$)/i;

export function insideSandbox(commandLine: string): boolean {
  // The agent's own switches (`--sandbox danger-full-access`, `…-and-sandbox`) do not say it runs in one.
  return SANDBOX.test(commandLine.replace(/(?:^|[\s'"`,(\[])--?[\w-]+(?:[ =]+['"]?danger-full-access)?/g, ' '));
}

// ─── Reporting ──────────────────────────────────────────────────────────────

/** How a switch passed only on request ends its message (a default that asks for it rewords it: `agent-cli-settings.ts`). */
export const CHOICE_TAIL = ' The switch is passed only when its user asks for it.';
export const UNATTENDED_TAIL = ' It runs unattended (a loop, a server or a tool), so nobody is there to notice what it does.';

export function report(
  ctx: AnalyzerContext,
  r: {
    cli: string;
    flags: UnsafeFlag[];
    span: { start: number; end: number } | { startLine: number; startColumn: number } | undefined;
    key: string;
    where: string;
    unattended?: boolean;
    choice?: boolean;
    related?: RelatedLocation[];
  },
): void {
  const bypass = r.flags.some((f) => f.effect === 'bypass');
  const reasons = [...new Set(r.flags.map((f) => f.why))];
  const severity: Severity = !bypass || r.choice ? 'low' : r.unattended ? 'high' : 'medium';
  const tail = !bypass ? ' Commands still ask, but every file edit lands without review.' : r.choice ? CHOICE_TAIL : r.unattended ? UNATTENDED_TAIL : '';
  ctx.report({
    ruleId: ID,
    span: r.span,
    key: r.key,
    evidence: reasons.map((w) => /\(([^)]*)\)\s*$/.exec(w)?.[1] ?? w).join(', '),
    message: bypass
      ? `${r.where} with a switch that ${reasons.join(' and ')}: whatever the model decides runs on the host without anyone approving it.${tail}`
      : `${r.where} with a switch that ${reasons.join(' and ')}.${tail}`,
    severity,
    ...(r.related?.length ? { related: r.related } : {}),
  });
}
