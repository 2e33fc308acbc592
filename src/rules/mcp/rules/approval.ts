/**
 * Human approval turned off: tools pre-approved per server, client-wide modes that skip every
 * confirmation (Claude Code `bypassPermissions`, Codex `approval_policy = "never"`, Goose `auto`,
 * Zed `always_allow_tool_actions`, Gemini `yolo`, VS Code `chat.tools.autoApprove`), and allow
 * rules so broad that they amount to the same (`Bash(*)`, `*`).
 */
import type { Severity } from '../../../core/types.js';
import { at, isTrue, scalarText, str, type CNode } from '../tree.js';
import { defineMcpRule, serverKey, type McpCheck } from '../rule.js';

/** Tool names that act rather than read: writes, execution, messages, money. */
const ACTING_TOOL = /write|edit|delete|remove|exec|run|shell|command|bash|terminal|push|merge|create|update|send|post|publish|deploy|drop|kill|install|move|rename|upload|transfer|pay|refund|commit|apply|invoke|query/i;
/** Tools named as reads: pre-approving them is the recommended narrow form, not a finding. */
const READ_VERB = 'list|get|read|search|find|fetch|describe|show|view|lookup|retrieve|resolve|browse|count|status|inspect';
const READING_TOOL = new RegExp(`^(?:${READ_VERB})(?:[_-]|$)`, 'i');
/** The same in camelCase (`getDiagnostics`): case matters there, or `getaway` would read. */
const READING_TOOL_CAMEL = new RegExp(`^(?:${READ_VERB})[A-Z]`);
/** Tools that only say who or what is there (`whoami`, `ping`, `version`, `health`): nothing to read but the server and the caller. */
const REPORTING_TOOL = /^(?:who_?am_?i|ping|version|health(?:_?check)?|info|about|help|capabilities)$/i;
export const isReadingTool = (tool: string): boolean => READING_TOOL.test(tool) || READING_TOOL_CAMEL.test(tool) || REPORTING_TOOL.test(tool);

export const serverAutoApprove = defineMcpRule({
  meta: {
    id: 'mcp/server-auto-approve',
    title: 'MCP server tools approved in advance',
    category: 'oversight.missing-approval',
    severity: 'high',
    confidence: 'high',
    description:
      'The client runs some or all of this server\'s tools without asking (`alwaysAllow`, `autoApprove`, Gemini `trust: true`, ' +
      'Claude Code `permissions.allow` entries such as `mcp__github` or `mcp__github__push_files`). ' +
      'A prompt injection in any content the agent reads can then trigger those tools with no human in the loop.',
    remediation:
      'Remove the auto-approval, or limit it to read-only tools by name; keep confirmation for tools that write, execute, send or pay, ' +
      'and never approve `*` or trust a whole server.',
    examples: {
      positive: [
        { path: 'cline_mcp_settings.json', code: '{ "mcpServers": { "gh": { "command": "gh-mcp", "alwaysAllow": ["create_pull_request", "push_files"] } } }' },
        { path: '.gemini/settings.json', code: '{ "mcpServers": { "shell": { "command": "shell-mcp", "trust": true } } }' },
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["mcp__github", "Read"] } }' },
        { path: '.claude/settings.local.json', code: '{ "permissions": { "allow": ["mcp__github__create_pull_request", "mcp__github__get_issue"] } }' },
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["mcp__*"] } }' },
      ],
      negative: [
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["mcp__docs__search_docs", "mcp__docs__get_page", "mcp__ide__getDiagnostics"], "deny": ["mcp__github"] } }' },
        { path: 'cline_mcp_settings.json', code: '{ "mcpServers": { "gh": { "command": "gh-mcp", "alwaysAllow": [] } } }' },
        { path: '.gemini/settings.json', code: '{ "mcpServers": { "shell": { "command": "shell-mcp", "trust": false } } }' },
        { path: '.kiro/settings/mcp.json', code: '{ "mcpServers": { "docs": { "command": "docs-mcp", "autoApprove": ["search_docs", "get_page"] } } }' },
        // Tools that only say who the caller is or whether the server is up.
        { path: '.claude/settings.json', code: '{ "permissions": { "allow": ["mcp__tracker__whoami", "mcp__tracker__ping", "mcp__tracker__version"] } }' },
      ],
    },
  },
  check({ config, ctx }) {
    for (const a of claudeMcpAllows(config)) {
      const all = a.tools.includes('*');
      const acting = a.tools.filter((t) => !isReadingTool(t) && ACTING_TOOL.test(t));
      const unread = a.tools.filter((t) => !isReadingTool(t));
      if (!all && unread.length === 0) continue;
      const severity: Severity = all || acting.length ? 'high' : 'low';
      ctx.report({
        ruleId: this.meta.id,
        message:
          `${config.label} permissions.allow ${all ? 'pre-approves every tool of' : `pre-approves ${unread.length} tool${unread.length > 1 ? 's' : ''} of`} ${a.server === '*' ? 'every MCP server' : `MCP server "${a.server}"`}` +
          `${all ? '' : `: ${unread.slice(0, 8).join(', ')}${unread.length > 8 ? ', …' : ''}`}. ` +
          (all
            ? 'Whatever tools it offers, now or after an update, run with no human confirmation.'
            : severity === 'high'
              ? 'They run with no human confirmation, including tools that act.'
              : 'They run with no human confirmation.'),
        span: a.node.span,
        evidence: `permissions.allow: ${a.rules.slice(0, 8).join(', ')}`,
        key: `setting:permissions.allow/mcp__${a.server}`,
        severity,
      });
    }
    for (const server of config.servers) {
      const auto = server.autoApprove;
      if (!auto || server.disabled) continue;
      const all = auto.tools.some((t) => t === '*' || t === 'true');
      const unread = auto.tools.filter((t) => !isReadingTool(t));
      if (!all && unread.length === 0) continue;
      const acting = unread.filter((t) => ACTING_TOOL.test(t));
      // Tools named neither as reads nor as actions (`sequentialthinking`): reported, but low.
      const severity: Severity = all || acting.length ? 'high' : 'low';
      const what = all
        ? auto.field === 'trust'
          ? 'trusts every tool of'
          : 'auto-approves every tool of'
        : `auto-approves ${auto.tools.length} tool${auto.tools.length > 1 ? 's' : ''} of`;
      const list = all ? '' : `: ${auto.tools.slice(0, 8).join(', ')}${auto.tools.length > 8 ? ', …' : ''}`;
      ctx.report({
        ruleId: this.meta.id,
        message:
          `${config.label} ${what} MCP server "${server.name}" (${auto.field})${list}. ` +
          (severity === 'high' ? 'They run with no human confirmation, including tools that act.' : 'They run with no human confirmation.'),
        span: auto.span,
        evidence: `${auto.field}: ${all ? '*' : auto.tools.slice(0, 8).join(', ')}`,
        key: serverKey(server, auto.field),
        severity,
      });
    }
  },
});

/** Claude Code allow rules naming MCP tools (`mcp__server`, `mcp__server__*`, `mcp__server__tool`), grouped by server. */
function claudeMcpAllows(config: McpCheck['config']): { server: string; tools: string[]; rules: string[]; node: CNode }[] {
  if (config.client !== 'claude-code') return [];
  const byServer = new Map<string, { server: string; tools: string[]; rules: string[]; node: CNode }>();
  for (const item of at(config.root, ['permissions', 'allow'])?.items() ?? []) {
    const rule = str(item)?.trim();
    // `mcp__*` is every tool of every server.
    const m = rule ? /^mcp__(\*|[A-Za-z0-9-]+(?:_[A-Za-z0-9-]+)*?)(?:__(.+))?$/.exec(rule) : null;
    if (!m) continue;
    const server = m[1]!;
    const entry = byServer.get(server) ?? { server, tools: [], rules: [], node: item };
    entry.tools.push(m[2] === undefined || m[2] === '*' ? '*' : m[2]);
    entry.rules.push(rule!);
    byServer.set(server, entry);
  }
  return [...byServer.values()];
}

interface Setting {
  node: CNode;
  setting: string;
  value: string;
  severity: Severity;
  why: string;
}

/** Client-wide approval modes, per client. */
function approvalModes(check: McpCheck): Setting[] {
  const { config } = check;
  const root = config.root;
  const out: Setting[] = [];
  const add = (path: string[], test: (v: string) => boolean, severity: Severity, why: string): void => {
    const node = at(root, path);
    const v = scalarText(node);
    if (node && v !== undefined && test(v)) out.push({ node, setting: path.join('.'), value: v, severity, why });
  };
  switch (config.client) {
    case 'claude-code':
      add(['permissions', 'defaultMode'], (v) => v === 'bypassPermissions', 'critical', 'every tool call, shell commands included, runs without a prompt');
      break;
    case 'gemini':
      add(['general', 'defaultApprovalMode'], (v) => v.toLowerCase() === 'yolo', 'high', 'every tool call runs without confirmation (YOLO mode)');
      add(['approvalMode'], (v) => v.toLowerCase() === 'yolo', 'high', 'every tool call runs without confirmation (YOLO mode)');
      break;
    case 'goose':
      add(['GOOSE_MODE'], (v) => v.toLowerCase() === 'auto', 'high', 'Goose runs every extension tool without asking');
      break;
    case 'zed':
      for (const scope of ['agent', 'assistant']) add([scope, 'always_allow_tool_actions'], (v) => v === 'true', 'high', 'the agent runs every tool action without confirmation');
      break;
    case 'vscode':
      add(['chat', 'tools', 'autoApprove'], (v) => v === 'true', 'high', 'Copilot agent mode runs every tool without confirmation');
      add(['chat', 'tools', 'global', 'autoApprove'], (v) => v === 'true', 'high', 'Copilot agent mode runs every tool without confirmation');
      break;
    case 'codex':
      out.push(...codexModes(root));
      break;
    default:
      break;
  }
  return out;
}

/** Codex: `approval_policy` and `sandbox_mode` at the top level and in each profile (profiles inherit the top level). */
function codexModes(root: CNode): Setting[] {
  const out: Setting[] = [];
  const scopes: [string, CNode][] = [['', root], ...(root.get('profiles')?.entries() ?? []).map(([n, p]): [string, CNode] => [`profiles.${n}.`, p])];
  const topPolicy = str(root.get('approval_policy'));
  const topSandbox = str(root.get('sandbox_mode'));
  for (const [prefix, scope] of scopes) {
    if (scope.type !== 'object') continue;
    const policyNode = scope.get('approval_policy');
    const sandboxNode = scope.get('sandbox_mode');
    const policy = str(policyNode) ?? topPolicy;
    const sandbox = str(sandboxNode) ?? topSandbox;
    const fullAccess = sandbox === 'danger-full-access';
    if (policyNode && str(policyNode) === 'never') {
      out.push({
        node: policyNode,
        setting: `${prefix}approval_policy`,
        value: 'never',
        severity: fullAccess ? 'critical' : 'high',
        why: fullAccess
          ? 'Codex never asks before running a command, and `sandbox_mode = "danger-full-access"` removes the sandbox: commands run unconfined with the user\'s rights'
          : 'Codex never asks before running a command; only the sandbox limits what it does',
      });
    } else if (sandboxNode && fullAccess && policy !== 'untrusted') {
      out.push({
        node: sandboxNode,
        setting: `${prefix}sandbox_mode`,
        value: sandbox,
        severity: policy === 'never' ? 'critical' : 'medium',
        why: `the sandbox is off and approval is \`${policy ?? 'on-request'}\`, so the model decides which unconfined commands to ask about`,
      });
    }
  }
  return out;
}

export const approvalDisabled = defineMcpRule({
  meta: {
    id: 'mcp/approval-disabled',
    title: 'Agent client set to run tools without approval',
    category: 'oversight.missing-approval',
    severity: 'high',
    confidence: 'high',
    description:
      'A client-wide setting turns off human confirmation for tool calls: Claude Code `defaultMode: "bypassPermissions"`, Codex ' +
      '`approval_policy = "never"` (worse with `sandbox_mode = "danger-full-access"`), Goose `GOOSE_MODE: auto`, Zed ' +
      '`always_allow_tool_actions`, Gemini CLI YOLO mode, VS Code `chat.tools.autoApprove`. Shell commands, file writes and every MCP tool ' +
      'then run on the model\'s word alone, so one prompt injection is enough to act.',
    remediation:
      'Keep the default approval mode in shared config (Claude Code `default`/`acceptEdits`, Codex `on-request` or `untrusted` with ' +
      '`workspace-write`, Goose `smart_approve`), and allow specific safe commands by rule instead; use bypass modes only in a disposable sandbox.',
    examples: {
      positive: [
        { path: '.claude/settings.json', code: '{ "permissions": { "defaultMode": "bypassPermissions" } }' },
        { path: '.codex/config.toml', code: 'approval_policy = "never"\nsandbox_mode = "danger-full-access"\n' },
        { path: '.config/goose/config.yaml', code: 'GOOSE_MODE: auto\nextensions:\n  developer:\n    type: builtin\n    enabled: true\n' },
      ],
      negative: [
        { path: '.claude/settings.json', code: '{ "permissions": { "defaultMode": "acceptEdits", "allow": ["Bash(npm test)"] } }' },
        { path: '.codex/config.toml', code: 'approval_policy = "on-request"\nsandbox_mode = "workspace-write"\n' },
        { path: '.config/goose/config.yaml', code: 'GOOSE_MODE: smart_approve\n' },
      ],
    },
  },
  check(check) {
    for (const s of approvalModes(check)) {
      check.ctx.report({
        ruleId: this.meta.id,
        message: `${check.config.label} setting ${s.setting} = ${s.node.type === 'string' ? JSON.stringify(s.value) : s.value}: ${s.why}.`,
        span: s.node.keySpan,
        evidence: `${s.setting} = ${s.value}`,
        key: `setting:${s.setting}`,
        severity: s.severity,
      });
    }
  },
});

export const projectServersAutoEnabled = defineMcpRule({
  meta: {
    id: 'mcp/project-servers-auto-enabled',
    title: 'Every project MCP server enabled without review',
    category: 'oversight.missing-approval',
    severity: 'medium',
    confidence: 'high',
    description:
      'Claude Code `enableAllProjectMcpServers: true` starts every server a repository\'s `.mcp.json` declares, without asking. A cloned or ' +
      'pulled repository can then run any command as an MCP server on the developer\'s machine with their credentials.',
    remediation: 'Remove `enableAllProjectMcpServers`; approve project servers one by one, or list the reviewed ones in `enabledMcpjsonServers`.',
    examples: {
      positive: [{ path: '.claude/settings.json', code: '{ "enableAllProjectMcpServers": true }' }],
      negative: [{ path: '.claude/settings.json', code: '{ "enableAllProjectMcpServers": false, "enabledMcpjsonServers": ["github"] }' }],
    },
  },
  check({ config, ctx }) {
    if (config.client !== 'claude-code') return;
    const node = config.root.get('enableAllProjectMcpServers');
    if (!isTrue(node)) return;
    ctx.report({
      ruleId: this.meta.id,
      message: `${config.label} enableAllProjectMcpServers is true: every MCP server in a project's .mcp.json starts without being approved.`,
      span: node!.keySpan,
      evidence: 'enableAllProjectMcpServers: true',
      key: 'setting:enableAllProjectMcpServers',
    });
  },
});
