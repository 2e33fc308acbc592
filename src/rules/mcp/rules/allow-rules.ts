/**
 * Allow rules that pre-approve running code: the shell itself (`Bash`, `Bash(*)`), an interpreter,
 * package or task runner left open (`Bash(python:*)`, `Bash(npx:*)`, `Bash(uv run:*)`,
 * `Bash(make:*)`), a command whose options run programs (`Bash(git grep:*)`, `Bash(find:*)`), and
 * the other clients' equivalents. What each command rule allows is decided in `shell-rules.ts`.
 */
import { oneLower } from '../../../core/severity.js';
import { at, str, type CNode } from '../tree.js';
import { defineMcpRule, type McpCheck } from '../rule.js';
import { judgeShellRule, type ShellRuleVerdict } from '../shell-rules.js';

const AGENT_UNRESTRICTED = /^(?:\*|@builtin|execute_bash|execute_cmd|shell|run_shell_command|bash)$/;

interface AllowRule {
  node: CNode;
  rule: string;
  setting: string;
  verdict: ShellRuleVerdict;
}

/**
 * Claude Code's personal settings (`.claude/settings.local.json`), which it keeps out of version control:
 * committed, they are one developer's conveniences for their own machine, not what a shipped agent or the
 * team's shared settings allow. Still applied to whoever runs Claude Code in that folder, so reported one level lower.
 */
const PERSONAL_SETTINGS = /(?:^|\/)\.claude\/settings\.local\.json$/;

const ANY_TOOL: ShellRuleVerdict = { kind: 'any-command', why: 'run any command or tool', severity: 'high' };

/** Claude Code (its settings, and the Agent SDK's `allowed_tools`): `*`, `Bash`, and `Bash(<command rule>)`. */
export function claudeVerdict(rule: string): ShellRuleVerdict | undefined {
  if (rule === '*') return ANY_TOOL;
  if (rule === 'Bash') return judgeShellRule('*');
  const m = /^Bash\((.*)\)$/s.exec(rule);
  return m ? judgeShellRule(m[1]!) : undefined;
}

/** Gemini CLI: `run_shell_command` (every command) or `run_shell_command(git status)`, a prefix. */
function geminiVerdict(rule: string): ShellRuleVerdict | undefined {
  const m = /^(?:run_shell_command|ShellTool)(?:\((.*)\))?$/s.exec(rule);
  if (!m) return undefined;
  return m[1] === undefined ? judgeShellRule('*') : judgeShellRule(`${m[1]}:*`);
}

function allowRules(check: McpCheck): AllowRule[] {
  const { config } = check;
  const out: AllowRule[] = [];
  const scan = (path: string[], judge: (v: string) => ShellRuleVerdict | undefined): void => {
    for (const item of at(config.root, path)?.items() ?? []) {
      const v = str(item)?.trim();
      const verdict = v === undefined ? undefined : judge(v);
      if (verdict) out.push({ node: item, rule: v!, setting: path.join('.'), verdict });
    }
  };
  switch (config.client) {
    case 'claude-code':
      scan(['permissions', 'allow'], claudeVerdict);
      break;
    case 'gemini':
      scan(['tools', 'allowed'], geminiVerdict);
      break;
    case 'amazonq':
    case 'kiro':
      scan(['allowedTools'], (v) => (AGENT_UNRESTRICTED.test(v) ? (v === '*' || v === '@builtin' ? ANY_TOOL : judgeShellRule('*')) : undefined));
      break;
    case 'opencode': {
      const perm = config.root.get('permission');
      const any = judgeShellRule('*')!;
      if (str(perm) === 'allow') out.push({ node: perm!, rule: 'allow', setting: 'permission', verdict: ANY_TOOL });
      const bash = perm?.get('bash');
      if (str(bash) === 'allow') out.push({ node: bash!, rule: 'allow', setting: 'permission.bash', verdict: any });
      for (const [pattern, v] of bash?.entries() ?? []) {
        if (str(v) !== 'allow') continue;
        const verdict = judgeShellRule(pattern === '*' ? '*' : pattern);
        if (verdict) out.push({ node: v, rule: `"${pattern}": "allow"`, setting: 'permission.bash', verdict });
      }
      break;
    }
    default:
      break;
  }
  return out;
}

export const unrestrictedPermission = defineMcpRule({
  meta: {
    id: 'mcp/unrestricted-permission',
    title: 'Allow rule that lets the model run any command or code without approval',
    category: 'oversight.missing-approval',
    severity: 'high',
    confidence: 'high',
    description:
      'An allow rule pre-approves the shell or a command that runs whatever code the model names: Claude Code `Bash`, `Bash(*)`, an interpreter ' +
      '(`Bash(python:*)`, `Bash(node:*)`, `Bash(bash -c:*)`), a package runner (`Bash(npx:*)`, `Bash(uvx:*)`), a task runner left open ' +
      '(`Bash(uv run:*)`, `Bash(npm run:*)`, `Bash(make:*)`), or a command with an option that runs programs (`Bash(git grep:*)` with ' +
      '`--open-files-in-pager`, `Bash(find:*)` with `-exec`); Gemini `tools.allowed: ["run_shell_command"]`, Amazon Q/Kiro `allowedTools: ["*"]`, ' +
      'OpenCode `permission.bash: "allow"`. Any code the model is talked into, or writes itself, then runs unasked.',
    remediation:
      'Allow the exact commands the work needs (`Bash(npm run test:*)`, `Bash(uv run pytest:*)`, `Bash(git status)`), keep shells, interpreters, ' +
      'package runners and open task runners behind a prompt, and deny network and credential tools (`curl`, `aws`, `gh auth`) explicitly.',
    examples: {
      positive: [
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["Bash(*)", "Read"] } }' },
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["Bash(uv run:*)"] } }' },
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["Bash(make:*)"] } }' },
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["Bash(npx:*)"] } }' },
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["Bash(npm run:*)"] } }' },
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["Bash(python3:*)"] } }' },
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["Bash(node -e:*)"] } }' },
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["Bash(bash -c:*)"] } }' },
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["Bash(uv run python:*)"] } }' },
        { path: '.claude/settings.local.json', code: '{ "permissions": { "allow": ["Bash(git grep:*)"] } }' },
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["Bash(find . -name:*)"] } }' },
        { path: '.gemini/settings.json', code: '{ "tools": { "allowed": ["run_shell_command(python)"] } }' },
        { path: '.amazonq/cli-agents/dev.json', code: '{ "name": "dev", "mcpServers": {}, "allowedTools": ["*"] }' },
      ],
      negative: [
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["Bash(npm run test:*)", "Read"] } }' },
        {
          path: '.claude/settings.json',
          code: '{ "permissions": { "allow": ["Bash(git status)", "Bash(git diff:*)", "Bash(ls:*)", "Bash(uv run pytest:*)", "Bash(make test)", "Bash(npx prettier:*)", "Bash(python -m pytest:*)", "Bash(grep:*)"] } }',
        },
        { path: '.gemini/settings.json', code: '{ "tools": { "allowed": ["run_shell_command(git status)"] } }' },
        { path: '.amazonq/cli-agents/dev.json', code: '{ "name": "dev", "mcpServers": {}, "allowedTools": ["fs_read"] }' },
      ],
    },
  },
  check(check) {
    const personal = PERSONAL_SETTINGS.test(check.file.relPath);
    for (const r of allowRules(check)) {
      const severity = personal ? oneLower(r.verdict.severity) : r.verdict.severity;
      const whose = personal ? ' This is a personal settings file, committed: it applies to whoever runs Claude Code in this folder.' : '';
      check.ctx.report({
        ruleId: this.meta.id,
        message: `${check.config.label} ${r.setting} contains ${JSON.stringify(r.rule)}: the model can ${r.verdict.why} without approval.${whose}`,
        span: r.node.span,
        evidence: `${r.setting}: ${r.rule}`,
        key: `setting:${r.setting}/${r.rule}`,
        severity,
        confidence: r.verdict.kind === 'code-by-option' ? 'medium' : 'high',
      });
    }
  },
});
