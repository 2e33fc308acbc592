/**
 * code/approval-bypassed: an agent or session configured to skip approval altogether —
 * Strands `BYPASS_TOOL_CONSENT=true` with the `strands_tools` that ask before acting,
 * Claude Agent SDK `bypassPermissions` or an `allowed_tools` list that pre-approves any command (`Bash`), AutoGen `human_input_mode="NEVER"` on an agent that executes
 * code on the host (not in a Docker or remote executor), Codex `danger-full-access` with approvals off, hosted MCP tools with `requireApproval: 'never'`.
 */
import type { CodeModel, Setting } from './model.js';
import type { CodeRule } from './rule.js';
import { CONSENT_BYPASS_ENV } from './vocabulary.js';
import { claudeVerdict } from '../mcp/rules/allow-rules.js';

const ID = 'code/approval-bypassed';

export const approvalBypassed: CodeRule = {
  meta: {
    id: ID,
    title: 'Agent configured to skip approval',
    category: 'oversight.missing-approval',
    severity: 'high',
    confidence: 'high',
    description:
      'The agent\'s own settings turn human approval off: every tool call, shell command or code execution runs as soon as the ' +
      'model asks for it. One prompt injection in anything the agent reads is then enough to act.',
    remediation:
      'Keep the approval mode on (permission_mode "default" or "acceptEdits" with a can_use_tool callback, human_input_mode ' +
      '"ALWAYS", approvalPolicy "on-request", BYPASS_TOOL_CONSENT unset), and run unattended agents only in a disposable sandbox with no credentials.',
    examples: {
      positive: [
        // The SDK's pre-approved tools give the model an unrestricted shell next to web search, as `Bash` in .claude/settings.json would.
        {
          path: 'agents/chief.py',
          code: 'from claude_agent_sdk import ClaudeAgentOptions, query\n\noptions = ClaudeAgentOptions(allowed_tools=["Read", "Bash", "WebSearch"])\n',
        },
        // Given in a dict the code unpacks into the options later.
        {
          path: 'agents/chief.py',
          code: 'from claude_code_sdk import ClaudeCodeOptions\n\nsettings = {"allowed_tools": ["Task", "Write", "Bash(python:*)"], "permission_mode": "acceptEdits"}\noptions = ClaudeCodeOptions(**settings)\n',
        },
        {
          path: 'src/agent.ts',
          code: "import { query } from '@anthropic-ai/claude-agent-sdk';\n\nexport const run = (prompt: string) => query({ prompt, options: { allowedTools: ['Read', 'Bash'] } });\n",
        },
        // The PreToolUse hook checks writes only: the pre-approved shell runs unasked.
        {
          path: 'agents/guarded.py',
          code: 'from claude_agent_sdk import ClaudeAgentOptions, HookMatcher\n\noptions = ClaudeAgentOptions(\n    allowed_tools=["Write", "Bash"],\n    hooks={"PreToolUse": [HookMatcher(matcher="Write", hooks=[check_path])]},\n)\n',
        },
        {
          path: 'agents/coder.py',
          code: 'from claude_agent_sdk import ClaudeAgentOptions, query\n\noptions = ClaudeAgentOptions(allowed_tools=["Bash", "Write"], permission_mode="bypassPermissions")\n',
        },
        {
          path: 'agents/autogen_coder.py',
          code: 'from autogen import UserProxyAgent\n\nrunner = UserProxyAgent("runner", human_input_mode="NEVER", code_execution_config={"work_dir": "out", "use_docker": False})\n',
        },
        // A local executor given by name: the code runs on the host.
        {
          path: 'agents/autogen_local.py',
          code:
            'from autogen import UserProxyAgent\nfrom autogen.coding import LocalCommandLineCodeExecutor\n\nlocal = LocalCommandLineCodeExecutor(work_dir="out")\n' +
            'runner = UserProxyAgent("runner", human_input_mode="NEVER", code_execution_config={"executor": local})\n',
        },
        {
          path: 'src/agent.ts',
          code: "import { query } from '@anthropic-ai/claude-agent-sdk';\n\nfor await (const m of query({ prompt, options: { permissionMode: 'bypassPermissions' } })) console.log(m);\n",
        },
        // The enabling switch with the bypass mode itself given beside it.
        {
          path: 'src/unattended.ts',
          code:
            "import { query } from '@anthropic-ai/claude-agent-sdk';\n\nconst options = { allowDangerouslySkipPermissions: true, permissionMode: 'bypassPermissions' as const };\n" +
            'for await (const m of query({ prompt, options })) console.log(m);\n',
        },
        // Strands' shipped file and shell tools with their consent prompt switched off.
        {
          path: 'agents/strands_writer.py',
          code: 'import os\nfrom strands import Agent\nfrom strands_tools import file_write, shell\n\nos.environ["BYPASS_TOOL_CONSENT"] = "true"\nagent = Agent(tools=[file_write, shell])\n',
        },
        // The same switch in a module that imports only the shipped tools (the agent is made elsewhere).
        {
          path: 'agents/strands_tools_setup.py',
          code: 'import os\n\nfrom strands_tools import python_repl\n\nos.environ["BYPASS_TOOL_CONSENT"] = "TRUE"\nTOOLS = [python_repl]\n',
        },
      ],
      negative: [
        // A PreToolUse hook beside the list checks each command before it runs.
        {
          path: 'agents/guarded.py',
          code: 'from claude_agent_sdk import ClaudeAgentOptions, HookMatcher\n\noptions = ClaudeAgentOptions(\n    allowed_tools=["Bash"],\n    hooks={"PreToolUse": [HookMatcher(matcher="Bash", hooks=[check_command])]},\n)\n',
        },
        // Scoped shell rules run only the commands they name.
        {
          path: 'agents/chief.py',
          code: 'from claude_agent_sdk import ClaudeAgentOptions\n\noptions = ClaudeAgentOptions(allowed_tools=["Read", "Bash(git status:*)", "Bash(npm run test:*)", "WebSearch"])\n',
        },
        {
          path: 'src/agent.ts',
          code: "import { query } from '@anthropic-ai/claude-agent-sdk';\n\nexport const run = (prompt: string) => query({ prompt, options: { allowedTools: ['Read', 'Grep', 'Bash(git diff:*)'] } });\n",
        },
        // A dict of the options handed to a telemetry call records a session; it starts none.
        {
          path: 'bot/handler.py',
          code: 'import sentry_sdk\nfrom claude_agent_sdk import ClaudeAgentOptions\n\noptions = ClaudeAgentOptions(allowed_tools=["Read"])\nsentry_sdk.set_context("bot", {"allowed_tools": ["Read", "Bash"]})\n',
        },
        // Another framework's allowed_tools list is not the Claude SDK's.
        {
          path: 'agents/other.py',
          code: 'from acme_agents import Agent\n\nagent = Agent(allowed_tools=["*"])\n',
        },
        {
          path: 'agents/coder.py',
          code: 'from claude_agent_sdk import ClaudeAgentOptions, query\n\noptions = ClaudeAgentOptions(allowed_tools=["Read"], permission_mode="default")\n',
        },
        // Strands' shipped tools keep their confirmation: the switch is off, or left unset.
        {
          path: 'agents/strands_writer.py',
          code: 'import os\nfrom strands import Agent\nfrom strands_tools import file_write, shell\n\nos.environ["BYPASS_TOOL_CONSENT"] = "false"\nagent = Agent(tools=[file_write, shell])\n',
        },
        {
          path: 'agents/strands_writer.py',
          code: 'from strands import Agent\nfrom strands_tools import file_write\n\nagent = Agent(tools=[file_write])\n',
        },
        // The switch on, but no shipped tool that asks is in use.
        {
          path: 'agents/strands_math.py',
          code: 'import os\nfrom strands import Agent\nfrom strands_tools import calculator\n\nos.environ["BYPASS_TOOL_CONSENT"] = "true"\nagent = Agent(tools=[calculator])\n',
        },
        {
          path: 'agents/autogen_coder.py',
          code: 'from autogen import UserProxyAgent\n\nrunner = UserProxyAgent("runner", human_input_mode="NEVER", code_execution_config=False)\n',
        },
        // The executing agent's code runs in a Docker container: inline, or through a Docker executor bound to a name.
        {
          path: 'agents/autogen_team.py',
          code:
            'from autogen import UserProxyAgent\n\nexecutor = UserProxyAgent(\n    "executor",\n    human_input_mode="NEVER",\n' +
            '    code_execution_config={"last_n_messages": 3, "work_dir": "out", "use_docker": True},\n)\n',
        },
        {
          path: 'agents/autogen_docker.py',
          code:
            'from autogen import UserProxyAgent\nfrom autogen.coding import DockerCommandLineCodeExecutor\n\nsandbox = DockerCommandLineCodeExecutor(image="python:3.12-slim", work_dir="out")\n' +
            'runner = UserProxyAgent("runner", human_input_mode="NEVER", code_execution_config={"executor": sandbox})\n',
        },
      ],
    },
  },
  check(file, analysis, ctx) {
    const { settings, agents, tools } = analysis.model;
    const report = (s: Setting, message: string, confidence: 'high' | 'medium' = 'high', severity?: 'high' | 'medium' | 'low') =>
      ctx.report({
        ruleId: ID,
        message: s.conditional ? `${message} ${CONDITIONAL}` : message,
        span: s,
        key: `setting:${s.owner}/${s.name}`,
        evidence: `${s.name}=${clipValue(s.value)}`,
        confidence,
        // A mode the code selects at run time (a flag, a setting, its caller's choice) is one it offers, not one it always takes.
        severity: s.conditional ? 'low' : severity,
      });
    const value = (s: Setting) => s.value.trim().replace(/^(['"`])(.*)\1$/s, '$2');
    for (const s of settings) {
      const v = value(s);
      if ((s.name === 'permission_mode' || s.name === 'permissionMode') && v === 'bypassPermissions') {
        report(s, `The agent session runs with ${s.name} "bypassPermissions": every tool call (shell, file writes, network) runs without asking.`);
      } else if (/^allow_?[dD]angerously_?[sS]kip_?[pP]ermissions$/.test(s.name) && /^(?:True|true)$/.test(v)) {
        // The Claude Agent SDK's switch only lets the session select "bypassPermissions"; the mode given beside it decides.
        const mode = settings.find((m) => (m.name === 'permission_mode' || m.name === 'permissionMode') && s.group !== undefined && m.group === s.group);
        if (mode && value(mode) === 'bypassPermissions' && !mode.conditional) report(s, `${s.name} is on with permission mode "bypassPermissions": permission checks are skipped for every tool call.`);
        else report(s, `${s.name} is on: the session may be switched to "bypassPermissions", where tool calls run without asking; ${mode ? `the mode it starts in is ${clipValue(mode.value)}` : 'no permission mode is given with it'}. Check what selects the mode and that the default asks.`, 'medium', 'low');
      } else if (s.name === 'dangerously_skip_permissions' && /^(?:True|true)$/.test(v)) {
        report(s, `${s.name} is on: permission checks are skipped for every tool call.`);
      } else if (s.name === 'human_input_mode' && v === 'NEVER') {
        const inside = agents.find((a) => a.start <= s.start && s.end <= a.end);
        const executesCode =
          settings.some(
            (c) => c.name === 'code_execution_config' && !/^(?:False|None)$/.test(c.value.trim()) && (!inside || (inside.start <= c.start && c.end <= inside.end)) && !containedExecution(c.value, file.text),
          ) ||
          tools.some((t) => t.builtinRisk === 'code-exec' || t.builtinRisk === 'shell');
        if (executesCode) report(s, 'human_input_mode="NEVER" on an agent that executes code: generated code runs with no human reply in between.');
      } else if ((s.name === 'sandbox_mode' || s.name === 'sandboxMode') && v === 'danger-full-access') {
        const never = settings.some((o) => (o.name === 'approval_policy' || o.name === 'approvalPolicy') && value(o) === 'never');
        report(
          s,
          never
            ? 'The coding agent runs with sandbox "danger-full-access" and approval policy "never": unrestricted commands with no approval.'
            : 'The coding agent runs with sandbox "danger-full-access": commands are not confined to the workspace.',
          never ? 'high' : 'medium',
          never ? 'high' : 'medium',
        );
      } else if ((s.name === 'requireApproval' || s.name === 'require_approval') && v === 'never' && /hostedMcpTool|HostedMCPTool/i.test(s.owner)) {
        report(s, 'Hosted MCP tool with requireApproval "never": every tool of the remote MCP server runs without approval.', 'high', 'medium');
      } else if ((s.name === 'allowed_tools' || s.name === 'allowedTools') && claudeSdk(analysis.model)) {
        // Pre-approved as in .claude/settings.json: an entry that runs any command (`Bash`, `Bash(python:*)`) runs unasked.
        // A session already in bypassPermissions is reported for that, once.
        const bypassed = settings.some((m) => (m.name === 'permission_mode' || m.name === 'permissionMode') && m.group === s.group && value(m) === 'bypassPermissions');
        // A PreToolUse hook given with it sees the calls of the tools it matches, pre-approved ones included, and can refuse them
        // (can_use_tool is not asked about pre-approved tools); a hook for Write leaves Bash unasked.
        const hooks = settings.filter((h) => h.name === 'hooks' && h.group === s.group).map((h) => h.value);
        const guarded = (rule: string) => hooks.some((h) => preToolUseCovers(h, rule.replace(/\(.*$/s, '')));
        const open = bypassed ? [] : listedStrings(s.value).flatMap((rule) => { const verdict = guarded(rule) ? undefined : claudeVerdict(rule); return verdict ? [{ rule, verdict }] : []; });
        if (open.length) {
          const worst = open.find((o) => o.verdict.severity === 'high') ?? open[0]!;
          report(
            s,
            `The Claude Agent SDK session pre-approves ${open.map((o) => JSON.stringify(o.rule)).join(', ')} in ${s.name}: the model can ${worst.verdict.why} without approval.`,
            worst.verdict.kind === 'code-by-option' ? 'medium' : 'high',
            worst.verdict.severity === 'critical' || worst.verdict.severity === 'info' ? undefined : worst.verdict.severity,
          );
        }
      } else if (s.owner === 'os.environ' && Object.hasOwn(CONSENT_BYPASS_ENV, s.name) && /^true$/i.test(v)) {
        const bypass = CONSENT_BYPASS_ENV[s.name]!;
        // Only the framework's own tools that ask are affected: the switch matters where the file uses one.
        const asking = [...analysis.model.imports.values()].filter((i) => (i.module === bypass.module || i.module.startsWith(`${bypass.module}.`)) && Object.hasOwn(bypass.tools, i.name));
        const named = [...new Set(asking.map((i) => `${i.name} (${bypass.tools[i.name]})`))];
        if (named.length) report(s, `${s.name} is "${v}": ${bypass.framework}' tools ${named.join(', ')} run without the confirmation prompt they show by default.`);
      }
    }
  },
};

/** AutoGen's code execution in a container: `"use_docker": True` (or an image name), or an executor that runs code in a container or a remote sandbox. */
const USE_DOCKER = /["']use_docker["']\s*:\s*(?:True|["'][^"']+["']|\[)|\buse_docker\s*=\s*(?:True|["'][^"']+["']|\[)/;
const CONTAINED_EXECUTOR = /\b(?:Docker\w*Executor|DockerJupyterServer|ACADynamicSessionsCodeExecutor|AzureContainer\w*Executor|E2B\w*Executor|Modal\w*Executor|Daytona\w*Executor)\b/;

/**
 * Whether a `code_execution_config` runs the generated code away from the host: in Docker (AutoGen
 * then fails rather than fall back when Docker is missing) or in a remote sandbox, given inline or
 * by a name the file binds to such an executor (`"executor": executor` after `executor = DockerCommandLineCodeExecutor(…)`).
 */
function containedExecution(config: string, text: string): boolean {
  if (USE_DOCKER.test(config) || CONTAINED_EXECUTOR.test(config)) return true;
  const name = /["']executor["']\s*:\s*([A-Za-z_]\w*)\s*[,}]/.exec(config)?.[1];
  if (!name) return false;
  // A notebook's text is its JSON: each source line a string.
  const bound = new RegExp(`^[ \\t]*"?${name}\\s*(?::[^=\\n]+)?=\\s*(?:[\\w.]+\\.)?(\\w+)\\s*\\(`, 'm').exec(text)?.[1];
  return bound !== undefined && CONTAINED_EXECUTOR.test(bound);
}

/** Hook events after `PreToolUse` in a hooks map: where its entry ends. */
const LATER_EVENT = /["']?(?:PostToolUse|PostToolUseFailure|UserPromptSubmit|Stop|SubagentStop|SubagentStart|PreCompact|Notification|SessionStart|SessionEnd|PermissionRequest)["']?\s*:/;

/**
 * Whether a hooks map (as written) has a `PreToolUse` entry whose matcher takes `tool`: no matcher,
 * `None`, `""` or `"*"` take every tool; otherwise the matcher is the pattern Claude Code tests
 * the tool's name against (`"Bash"`, `"Write|Edit"`).
 */
function preToolUseCovers(hooks: string, tool: string): boolean {
  const at = hooks.indexOf('PreToolUse');
  if (at < 0) return false;
  const rest = hooks.slice(at + 'PreToolUse'.length);
  const end = rest.search(LATER_EVENT);
  const entry = end < 0 ? rest : rest.slice(0, end);
  const matchers = [...entry.matchAll(/\bmatcher["']?\s*[=:]\s*(?:(["'])(.*?)\1|None|null|undefined)/g)].map((m) => m[2]);
  if (!matchers.length) return !/\bmatcher\b/.test(entry);
  return matchers.some((m) => {
    if (m === undefined || m === '' || m === '*') return true;
    try {
      return new RegExp(`^(?:${m})$`).test(tool);
    } catch {
      return m === tool;
    }
  });
}

/** The Claude Agent SDK (or the Claude Code SDK before it) is imported: `allowed_tools` is its list of pre-approved tools. */
function claudeSdk(model: CodeModel): boolean {
  const sdk = /^(?:claude_agent_sdk|claude_code_sdk|@anthropic-ai\/claude-agent-sdk|@anthropic-ai\/claude-code)(?:$|[./])/;
  return [...model.imports.values()].some((i) => sdk.test(i.module)) || [...(model.packages ?? [])].some((p) => sdk.test(p));
}

/** The string entries of a list literal as written (`["Read", "Bash"]`, `['Bash(git status:*)']`). */
function listedStrings(value: string): string[] {
  return [...value.matchAll(/(["'`])((?:(?!\1)[^\\\n])*)\1/g)].map((m) => m[2]!.trim());
}

const CONDITIONAL = 'It is set on one branch of a condition: the code selects this mode at run time (a flag, a setting, its caller\'s choice); check what selects it and that the default keeps approval on.';

function clipValue(v: string): string {
  const one = v.replace(/\s+/g, ' ');
  return one.length > 60 ? one.slice(0, 57) + '…' : one;
}
