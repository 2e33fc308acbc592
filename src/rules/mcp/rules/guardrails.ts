/**
 * Oversight the agent controls: Claude Code allow rules that let the agent edit, unasked, the very
 * files that hold its approvals and servers (`.claude/settings*.json`, `.mcp.json`). One prompt
 * injection can then add `Bash(*)` or a new server, and the next session runs with them.
 */
import { at, str } from '../tree.js';
import { defineMcpRule } from '../rule.js';

/** The guardrail files of a Claude Code project, relative to its root. */
export const GUARDRAILS = ['.claude/settings.json', '.claude/settings.local.json', '.mcp.json'];

/**
 * The guardrail files an allow rule lets the agent write (`Edit(.claude/**)` → the two settings
 * files), less those an `ask` or `deny` rule keeps behind a prompt (`Edit(.claude/**)` in deny).
 */
export function guardrailsReached(rule: string, gates: string[]): string[] {
  const m = /^(Edit|Write|MultiEdit)\((.+)\)$/.exec(rule);
  if (!m) return [];
  const test = pathTest(m[2]!);
  const gated = (file: string): boolean =>
    gates.some((d) => {
      const g = /^(?:Edit|Write|MultiEdit)(?:\((.*)\))?$/.exec(d);
      return !!g && (g[1] === undefined || pathTest(g[1])(file));
    });
  return GUARDRAILS.filter((f) => test(f) && !gated(f));
}

/** A Claude Code path pattern (gitignore-like) as a test on project-relative paths. */
function pathTest(pattern: string): (p: string) => boolean {
  const p = pattern.replace(/^(?:\/\/|~\/|\.\/|\/)/, '');
  if (p === '' || p === '**' || p === '*') return () => true;
  const re = new RegExp(
    `^(?:.*/)?${p
      .split(/(\*\*\/?|\*)/)
      .map((part) => (part.startsWith('**') ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
  );
  return (path) => re.test(path);
}

export const guardrailSelfEdit = defineMcpRule({
  meta: {
    id: 'mcp/guardrail-self-edit',
    title: 'Agent allowed to edit its own approval settings',
    category: 'oversight.missing-approval',
    severity: 'high',
    confidence: 'high',
    description:
      'A Claude Code allow rule lets the agent write, without asking, the files that decide what it may do: `.claude/settings.json`, `.claude/settings.local.json` ' +
      'or `.mcp.json`. Text it reads can then have it add `Bash(*)` to its own allow list or a server of the attacker\'s choosing, and oversight is delegated ' +
      'to the system being overseen.',
    remediation:
      'Scope Edit and Write rules to source folders (`Edit(src/**)`), add `Edit(.claude/**)`, `Write(.claude/**)` and `Edit(.mcp.json)` to `permissions.deny`, ' +
      'and keep shared settings in the managed settings file the agent cannot write.',
    examples: {
      positive: [
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["Edit(.claude/**)"] } }' },
        { path: '.claude/settings.local.json', code: '{ "permissions": { "allow": ["Write(**)", "Read"] } }' },
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["Edit(/.mcp.json)"] } }' },
      ],
      negative: [
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["Edit(src/**)", "Write(docs/*.md)", "Read(**)"] } }' },
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["Edit(**)"], "deny": ["Edit(.claude/**)", "Edit(.mcp.json)"] } }' },
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["Write(**)"], "ask": ["Write(.claude/**)", "Write(.mcp.json)"] } }' },
      ],
    },
  },
  check({ config, ctx }) {
    if (config.client !== 'claude-code') return;
    // An ask or deny in this file keeps the file behind a prompt; those in the project's other settings files are joined later (approval-joins.ts).
    const gates = ['ask', 'deny'].flatMap((k) => (at(config.root, ['permissions', k])?.items() ?? []).map((n) => str(n)?.trim() ?? ''));
    for (const item of at(config.root, ['permissions', 'allow'])?.items() ?? []) {
      const rule = str(item)?.trim();
      const reached = rule ? guardrailsReached(rule, gates) : [];
      if (reached.length === 0) continue;
      ctx.report({
        ruleId: this.meta.id,
        message: `${config.label} permissions.allow contains ${JSON.stringify(rule)}: the agent can rewrite ${reached.join(', ')} without asking, and with them its own allow list and servers.`,
        span: item.span,
        evidence: `permissions.allow: ${rule}`,
        key: `setting:permissions.allow/${rule}`,
      });
    }
  },
});
