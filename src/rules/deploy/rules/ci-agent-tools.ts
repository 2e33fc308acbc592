/**
 * What a coding agent in CI may run without asking: the shell rules of its tool allowlist
 * (`Bash(uv run:*)`, `run_shell_command(git)`), and, for an agent action that passes its own
 * switches whatever the workflow says (`actions:` of `rules/code/agent-cli.yaml`: run-gemini-cli
 * always runs `gemini --yolo`), what the settings the workflow gives it leave open.
 */
import { valueAt, type Workflow, type WorkflowStep } from '../formats.js';
import { escapeRegExp } from '../../../core/regex.js';
import { actionName } from './workflow-util.js';
import { judgeShellRule } from '../../mcp/shell-rules.js';
import { loadAgentClis, unsafeFlags, type AgentAction } from '../../code/agent-cli.js';

/** How a reason reads when the rule runs code only through an option of a reading command (`git grep -O`): a narrower door than the shell itself. */
export const OPTION_ONLY = ', with which it can ';

/** The reason a shell rule of an allowlist gives (`pattern` as Claude Code writes it: `uv run:*`), when it lets the agent run any command or code. */
export function shellRuleReason(entry: string, pattern: string, where: string): string | undefined {
  const verdict = judgeShellRule(pattern);
  if (!verdict) return undefined;
  return verdict.kind !== 'code-by-option' ? `allows ${entry} in ${where}, so it can ${verdict.why}` : `allows ${entry} in ${where}${OPTION_ONLY}${verdict.why}`;
}

/**
 * Why an agent action of the data runs its agent unrestricted, or nothing: the switches it always
 * passes turn approvals off, and the settings the step gives it either list no allowed tools (so
 * every tool is the agent's, the shell among them, unless they exclude the shell) or allow a shell
 * rule that runs any command or code. A shell rule of Gemini CLI's (`run_shell_command(git)`)
 * allows the command with any arguments, as `git:*` does Claude Code's.
 */
export function listedActionReasons(name: string, step: WorkflowStep): string[] {
  const action = loadAgentClis().actions.get(name);
  if (!action) return [];
  const bypass = unsafeFlags(` ${action.passes}`, action.cli).filter((f) => f.effect === 'bypass');
  if (bypass.length === 0) return [];
  const passed = `${bypass.map((f) => f.why).join(' and ')}, a switch the action always passes`;
  const spec = action.settings;
  if (!spec) return [passed];
  const settings = settingsOf(step.with[spec.input]);
  const where = `${spec.input} ${spec.allow[0]}`;
  if (settings === 'unreadable') {
    // Settings built from expressions the reader cannot follow: an allowlist key in them is taken as narrowing the tools.
    const text = String(step.with[spec.input]);
    return spec.allow.some((k) => new RegExp(`["']${lastKey(k)}["']\\s*:`).test(text)) ? [] : [`${passed}, with no tool allowlist in its ${spec.input} (${spec.allow[0]})`];
  }
  const excluded = spec.exclude?.flatMap((k) => stringsAt(settings, k)) ?? [];
  const noShell = excluded.some((e) => spec.shell.includes(e.trim()));
  const given = spec.allow.map((k) => valueAtPath(settings, k)).filter((v) => v !== undefined);
  const allowed = given.find(Array.isArray) as unknown[] | undefined;
  // An allowlist an expression fills (`"core": ${{ vars.TOOLS }}`) narrows the tools to what this file does not show.
  if (!allowed && given.length > 0) return [];
  if (!allowed) return noShell ? [] : [`${passed}, with no tool allowlist in its ${spec.input} (${spec.allow[0]}): every tool is its to run, any shell command included`];
  if (noShell) return [];
  const reasons = allowed.flatMap((e) => (typeof e === 'string' ? shellEntryReason(e, action, where) ?? [] : []));
  if (reasons.length === 0) return [];
  reasons[reasons.length - 1] += `, none of it asked about (${bypass.map((f) => /\(([^)]*)\)$/.exec(f.why)?.[1] ?? f.why).join(', ')}, which the action always passes)`;
  return reasons;
}

/** The reason one allowlist entry gives when it is the shell tool, bare or with a command prefix that runs anything. */
function shellEntryReason(entry: string, action: AgentAction, where: string): string | undefined {
  const m = /^\s*([\w.-]+)\s*(?:\((.*)\))?\s*$/.exec(entry);
  if (!m || !action.settings!.shell.includes(m[1]!)) return undefined;
  const prefix = (m[2] ?? '').trim();
  return shellRuleReason(entry.trim(), prefix ? `${prefix}:*` : '*', where);
}

/** The settings an input gives as JSON (expressions `${{ … }}` read as null), `{}` without any, or `unreadable`. */
function settingsOf(raw: unknown): Record<string, unknown> | 'unreadable' {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return {};
  if (typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  if (typeof raw !== 'string') return 'unreadable';
  // An expression stands where a value would (`"debug": ${{ fromJSON(vars.DEBUG) }}`); a trailing comma is forgiven.
  const text = raw.replace(/\$\{\{[\s\S]*?\}\}/g, 'null').replace(/,(\s*[}\]])/g, '$1');
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

function lastKey(dotted: string): string {
  return escapeRegExp(dotted.slice(dotted.lastIndexOf('.') + 1));
}

/** The value at a dotted path (`tools.core`), or undefined. */
function valueAtPath(obj: Record<string, unknown>, dotted: string): unknown {
  return valueAt(obj, dotted.split('.'));
}

function stringsAt(obj: Record<string, unknown>, dotted: string): string[] {
  const v = valueAtPath(obj, dotted);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Whether the job's GITHUB_TOKEN is out of the agent's reach: its action is one of the data's that
 * hands the agent only the token its step gives it (`token: step-only`), the step gives none (no
 * `github.token` or `GITHUB_TOKEN` in its `env:` or inputs), and no checkout before it left the
 * token in .git/config (each sets `persist-credentials: false`). The job's rights are then not the agent's.
 */
export function jobTokenOutOfReach(step: WorkflowStep | undefined, index: number): boolean {
  if (!step?.uses || loadAgentClis().actions.get(actionName(step.uses))?.token !== 'step-only') return false;
  const given = JSON.stringify([step.env, step.with]);
  if (/github\.token|secrets\.GITHUB_TOKEN\b/.test(given)) return false;
  const persisted = step.job.steps
    .slice(0, Math.max(index, 0))
    .some((s) => s.uses !== undefined && actionName(s.uses) === 'actions/checkout' && s.with['persist-credentials'] !== false && String(s.with['persist-credentials'] ?? '').trim() !== 'false');
  return !persisted;
}

/** claude-code-action: its agent gets no shell tool unless the workflow or the project's settings allow one. */
const CLAUDE_ACTION = /^anthropics\/claude-code-(?:base-)?action$/;
/** What gives a Claude Code agent commands to run: its shell tool, every tool, approvals off, MCP servers (whose tools are not in sight). */
const GIVES_COMMANDS = /\bBash\b|bypassPermissions|--mcp-config\b|mcpServers|enableAllProjectMcpServers|enabledMcpjsonServers|"allow"\s*:\s*\[\s*"\*"/;
/** Tools taken away (`--disallowedTools "Bash,Edit"`, `disallowed_tools:`): naming the shell there gives it no command. */
const DISALLOWED = /--disallowed-?[Tt]ools[ =]+(?:"[^"]*"|'[^']*'|\S+)/g;

/** What of the project's own files the agent loads from a checkout: its settings, a slash command's file, whether folders of skills or subagents are there. */
export interface ClaudeProject {
  settings(): string | undefined;
  command(name: string): string | undefined;
  hasFolder(dir: string): boolean;
}

/**
 * What gives the agent of a claude-code-action step commands to run: `none` when nothing does (the
 * action gives its agent no shell tool unless told to, and nothing the step gives it names the shell,
 * every tool, an approvals-off switch or an MCP server), `project` when only the project's files
 * do, which the agent loads from a checkout made before it (`.claude/settings.json`, the slash
 * command its prompt runs, skills and subagents, whose tools are not in sight here), `step` for
 * the step itself; undefined for another agent, or inputs this file does not show (`${{ vars.ARGS }}`).
 */
export function commandSource(wf: Workflow, step: WorkflowStep | undefined, index: number, project: ClaudeProject): 'none' | 'project' | 'step' | undefined {
  if (!step?.uses || !CLAUDE_ACTION.test(actionName(step.uses))) return undefined;
  const env = (name: string): unknown => [step.env, step.job.value.env, wf.value.env].map((e) => (e && typeof e === 'object' ? (e as Record<string, unknown>)[name] : undefined)).find((v) => v !== undefined);
  const inputs = [...Object.entries(step.with), ...Object.entries(step.env)].filter((e): e is [string, string] => typeof e[1] === 'string' && !/^disallowed_?tools$/i.test(e[0]));
  // An expression naming a variable of the workflow stands for its value; another (`${{ vars.ARGS }}`) leaves the tools unknown.
  const resolve = (v: string): string => v.replace(/\$\{\{\s*env\.([A-Za-z_]\w*)\s*\}\}/g, (m, name: string) => { const value = env(name); return typeof value === 'string' ? value : m; });
  const tools = ['claude_args', 'allowed_tools', 'settings'].flatMap((k) => (typeof step.with[k] === 'string' ? [resolve(step.with[k] as string)] : []));
  if (tools.some((t) => t.includes('${{'))) return undefined;
  const given = inputs.map(([, v]) => resolve(v)).join('\n').replace(DISALLOWED, '');
  if (GIVES_COMMANDS.test(given) || /^\s*\*\s*$/m.test(String(step.with.allowed_tools ?? '')) || 'mcp_config' in step.with) return 'step';
  if (unsafeFlags(given, 'claude').some((f) => f.effect === 'bypass')) return 'step';
  const checkedOut = step.job.steps.slice(0, Math.max(index, 0)).some((s) => s.uses !== undefined && actionName(s.uses) === 'actions/checkout');
  if (!checkedOut) return 'none';
  const slash = /^\s*\/([\w:-]+)/.exec(String(step.with.prompt ?? ''))?.[1];
  const fromProject =
    GIVES_COMMANDS.test(project.settings() ?? '') ||
    (slash !== undefined && GIVES_COMMANDS.test(project.command(slash.replace(/:/g, '/')) ?? '')) ||
    project.hasFolder('.claude/skills') ||
    project.hasFolder('.claude/agents');
  return fromProject ? 'project' : 'none';
}
