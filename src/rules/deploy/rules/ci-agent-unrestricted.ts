/**
 * Coding agents run in CI with their approval gates off: unrestricted tools, skipped permission
 * prompts, a full-access sandbox. Combined with a write token or secrets, a prompt injection in an
 * issue, a PR or a file becomes a push, a release or a leaked key with nobody asked.
 */
import type { Span } from '../../../core/rule.js';
import { variableIdentity, type DeployCtx } from '../context.js';
import type { Workflow, WorkflowJob, WorkflowStep } from '../formats.js';
import { actorGate, agentUses, commandText, insideFirewall, otherSecrets, untrustedTriggers, writeRights, type AgentUse, type WriteRight } from './ci-agents.js';
import type { ReportDescriptor } from '../../../core/rule.js';
import type { Severity } from '../../../core/types.js';
import { OUTSIDER_WRITE_EVENTS } from '../run-triggers.js';
import { agentInput, eventTextIn, laterSecrets } from './ci-agent-reach.js';
import { deployRule } from '../rule.js';
import { actionName, mintsOidcToken, secretsHeld, stepSpan } from './workflow-util.js';
import { unsafeFlags } from '../../code/agent-cli.js';
import { jobTokenOutOfReach, listedActionReasons, OPTION_ONLY, shellRuleReason } from './ci-agent-tools.js';

const ID = 'deploy/ci-agent-unrestricted';


export const ciAgentUnrestricted = deployRule({
  meta: {
    id: ID,
    title: 'Coding agent in CI with approvals off',
    category: 'oversight.missing-approval',
    severity: 'high',
    confidence: 'medium',
    description:
      'A workflow runs a coding agent (Claude Code, Codex, Gemini CLI, aider …) with its permission prompts skipped, unrestricted shell, or a full-access sandbox. ' +
      'An agent action that passes such a switch itself whatever the workflow says (`actions:` of `rules/code/agent-cli.yaml`: run-gemini-cli always runs `gemini --yolo`) is reported ' +
      'when the settings the step gives it list no allowed tools (every tool then is the agent\'s, the shell included) or allow a shell rule that runs anything. ' +
      '`id-token: write` in the job counts as held: the agent\'s commands can mint an OIDC token for any cloud role that trusts the repository. ' +
      'Nobody approves its actions, and text it reads (issues, pull requests, files) can steer it: with a write token or secrets that is code pushed or keys leaked without review. ' +
      'One finding per job, at its first such step. High when the job holds write rights or secrets, or when outsiders\' text (an issue, a comment) steers an agent that can run code ' +
      'in a job whose later steps use a stored secret (files or git hooks the agent leaves on the runner run with it); medium when it holds only the default token and only people ' +
      'with write access can start the workflow; low when only a schedule, a manual run or a push starts it, no outsider\'s text reaches its prompt and its step holds no write right or secret.',
    remediation:
      'Give the agent an explicit tool allowlist (e.g. `--allowedTools "Bash(npm test:*),Edit"`, or run-gemini-cli\'s `settings` `{"tools": {"core": ["run_shell_command(echo)"]}}`), keep the sandbox to `workspace-write` or read-only, grant the job `contents: read` and only the writes it needs, ' +
      'keep secrets out of the agent\'s job, and let its changes land through a pull request that a human reviews (or an environment with required reviewers).',
    examples: {
      positive: [
        {
          path: '.github/workflows/agent.yml',
          code: 'on: issue_comment\npermissions: {contents: write, pull-requests: write}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n          claude_args: "--dangerously-skip-permissions"\n',
        },
        {
          path: '.github/workflows/agent.yml',
          code: 'on: workflow_dispatch\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: codex exec --dangerously-bypass-approvals-and-sandbox "fix the tests"\n        env:\n          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n',
        },
        {
          path: '.github/workflows/claude.yml',
          code: 'on: issue_comment\npermissions: {contents: write}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n          claude_args: --allowedTools "Bash(uv:*),Edit"\n',
        },
        {
          path: '.github/workflows/codex.yml',
          code: 'on: pull_request\npermissions: {contents: read}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: openai/codex-action@v1\n        with:\n          openai-api-key: ${{ secrets.OPENAI_API_KEY }}\n          sandbox: danger-full-access\n',
        },
        // Still reported, but rated low: the agent starts inside the agentic-workflow firewall (awf … -- claude …).
        {
          path: '.github/workflows/triage.lock.yml',
          code: 'on: issues\npermissions: {contents: read}\njobs:\n  detection:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          sudo -E awf --config /tmp/awf.json --exclude-env ANTHROPIC_API_KEY \\\n            -- /bin/bash -c \'node harness.cjs claude --print --allowed-tools Bash,Read "$PROMPT"\'\n        env:\n          ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}\n          GH_TOKEN: ${{ secrets.GH_AW_TOKEN }}\n',
        },
        // High: an issue's title and body go into the prompt of an agent that can run any build target, and a later step of the same job pushes with a stored token.
        {
          path: '.github/workflows/implement.yml',
          code: 'on:\n  issues:\n    types: [labeled]\npermissions: {contents: read}\njobs:\n  implement:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n          github_token: ${{ github.token }}\n          prompt: "Implement: ${{ github.event.issue.title }}"\n          claude_args: --allowedTools "Edit,Bash(make:*)"\n      - run: git commit -am "implement" && git push\n        env:\n          GH_TOKEN: ${{ secrets.BOT_PAT }}\n',
        },
        // Low: a schedule starts it, the prompt is the maintainers' own, and its step holds nothing; the token a later step pushes with is out of outsiders' reach.
        {
          path: '.github/workflows/docs-audit.yml',
          code: 'on:\n  schedule:\n    - cron: "0 6 * * 1"\npermissions: {contents: read}\njobs:\n  audit:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n          prompt: Fix broken links in docs/\n          claude_args: --allowedTools "Edit,Bash(find:*)"\n      - run: git push origin HEAD:docs-fixes\n        env:\n          GH_TOKEN: ${{ secrets.BOT_PAT }}\n',
        },
        // An action that always passes its own approvals-off switch (run-gemini-cli runs `gemini --yolo`), given no tool allowlist in its settings.
        {
          path: '.github/workflows/triage.yml',
          code: "on:\n  issues:\n    types: [opened]\npermissions: {contents: read, issues: write}\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: google-github-actions/run-gemini-cli@v0\n        env:\n          ISSUE_BODY: ${{ github.event.issue.body }}\n        with:\n          gemini_api_key: ${{ secrets.GEMINI_API_KEY }}\n          prompt: Label the issue described in $ISSUE_BODY.\n          settings: |\n            {\"model\": {\"maxSessionTurns\": 20}}\n",
        },
        // Its allowlist names the shell tool with no command: any command. Low: only a maintainer's manual run starts it, and the action is given no token of the job's.
        {
          path: '.github/workflows/fix.yml',
          code: "on: workflow_dispatch\npermissions: {contents: write}\njobs:\n  fix:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: google-github-actions/run-gemini-cli@v0\n        with:\n          gemini_api_key: ${{ secrets.GEMINI_API_KEY }}\n          prompt: Fix the failing tests.\n          settings: '{\"tools\": {\"core\": [\"read_file\", \"run_shell_command\"]}}'\n",
        },
      ],
      negative: [
        {
          path: '.github/workflows/agent.yml',
          code: 'on: issue_comment\npermissions: {contents: read}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n          claude_args: "--allowedTools Bash(npm test:*),Edit"\n',
        },
        // The same action, its tools narrowed to commands that run nothing else (an expression in the settings is read as a value).
        {
          path: '.github/workflows/triage.yml',
          code: "on:\n  issues:\n    types: [opened]\npermissions: {contents: read, issues: write}\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: google-github-actions/run-gemini-cli@v0\n        with:\n          gemini_api_key: ${{ secrets.GEMINI_API_KEY }}\n          prompt: Label the issue.\n          settings: |\n            {\n              \"debug\": ${{ vars.DEBUG || false }},\n              \"tools\": {\"core\": [\"run_shell_command(echo)\", \"run_shell_command(gh issue view)\"]}\n            }\n",
        },
        // No allowlist, but the shell tool excluded.
        {
          path: '.github/workflows/summary.yml',
          code: "on: workflow_dispatch\npermissions: {contents: read}\njobs:\n  sum:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: google-github-actions/run-gemini-cli@v0\n        with:\n          gemini_api_key: ${{ secrets.GEMINI_API_KEY }}\n          prompt: Summarise CHANGELOG.md.\n          settings: '{\"tools\": {\"exclude\": [\"run_shell_command\"]}}'\n",
        },
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "--yolo is a flag we never use"\n' },
      ],
    },
  },
  workflow(wf, dc, format) {
    for (const { job, step } of agentUses(wf)) if (step?.uses && actionName(step.uses)) noteKeys(dc, wf, job, step);
    for (const found of unrestrictedFindings(dc, wf, format)) dc.report(found.finding);
  },
});

/** A job whose agent runs with its approvals off: the steps that start it so, and the one finding for them. */
export interface UnrestrictedJob {
  steps: WorkflowStep[];
  finding: ReportDescriptor & { severity: Severity };
}

/**
 * What this rule reports for a workflow, worked out once per file: deploy/ci-agent-untrusted-input
 * reads it too, and leaves to this finding a step it covers (one step, one finding).
 */
export function unrestrictedFindings(dc: DeployCtx, wf: Workflow, format: 'workflow' | 'action'): UnrestrictedJob[] {
  return dc.file.memo(`deploy:ci-agent-unrestricted:${format}`, () => {
    // One finding per job: its token, its secrets and the fix are the job's, however many of its steps start the agent.
    const byJob = new Map<WorkflowJob, Unrestricted[]>();
    for (const use of agentUses(wf)) {
      const { job, step } = use;
      if (!step) continue;
      const name = step.uses ? actionName(step.uses) : undefined;
      const reasons = [...new Set(name ? actionReasons(name, step, use.family) : flagReasons(step.run ?? '', use.family))];
      if (reasons.length === 0) continue;
      const found = byJob.get(job) ?? [];
      found.push({ use, reasons });
      byJob.set(job, found);
    }
    return [...byJob.values()].map((steps) => ({ steps: steps.map((s) => s.use.step!), finding: judge(dc, wf, steps, format) }));
  });
}

interface Unrestricted {
  use: AgentUse;
  reasons: string[];
}

function actionReasons(name: string, step: WorkflowStep, family: string): string[] {
  const w = step.with;
  const text = Object.values(w).filter((v) => typeof v === 'string').join('\n');
  // An action of the data (`rules/code/agent-cli.yaml`) passes switches of its own: what its settings leave open.
  const reasons = [...flagReasons(text, family), ...listedActionReasons(name, step)];
  if (/claude-code/.test(name)) {
    const tools = String(w.allowed_tools ?? w.allowedTools ?? '');
    if (tools.trim() === '*') reasons.push('allows every tool (allowed_tools: *)');
    reasons.push(...toolListReasons(tools, 'allowed_tools'));
    if (/"defaultMode"\s*:\s*"bypassPermissions"/.test(String(w.settings ?? ''))) reasons.push('bypasses permission prompts (settings defaultMode bypassPermissions)');
  }
  if (name === 'openai/codex-action') {
    if (String(w.sandbox ?? '') === 'danger-full-access' && !reasons.some((r) => r.includes('danger-full-access'))) reasons.push('runs with a full-access sandbox (sandbox: danger-full-access)');
    if (String(w['safety-strategy'] ?? '') === 'unsafe') reasons.push('drops its privilege protections (safety-strategy: unsafe)');
  }
  if (/gemini/.test(name) && /"(?:yolo|approvalMode)"\s*:\s*(?:true|"yolo")/.test(String(w.settings ?? ''))) reasons.push('approves every tool call (yolo mode)');
  return [...new Set(reasons)];
}

function flagReasons(text: string, family: string): string[] {
  // Only flags on a line that starts an agent, not prose that mentions them.
  const joined = commandText(text);
  // Switches that turn approvals or the sandbox off (`rules/code/agent-cli.yaml`), as the agent's CLI means them; accepting edits alone is not one here.
  const reasons = unsafeFlags(joined, family).filter((f) => f.effect === 'bypass').map((f) => f.why);
  for (const m of joined.matchAll(/--allowed-?[Tt]ools[ =]+("[^"]*"|'[^']*'|[^\n]*?)(?=\s--|\n|$)/g)) reasons.push(...toolListReasons(m[1]!.replace(/^["']|["']$/g, ''), '--allowedTools'));
  return reasons;
}

/** Shell rules in a tool allowlist (`Bash,Edit`, `Bash(uv run:*),Read`) that let the agent run any command or code. */
function toolListReasons(list: string, where: string): string[] {
  return [...list.matchAll(/\bBash(?:\(([^)]*)\))?/g)].flatMap((m) => shellRuleReason(m[0], m[1] ?? '*', where) ?? []);
}

/** The job's first step that starts the agent unrestricted is the finding; the others are named in its message, their reasons and rights joined to its own. */
function judge(dc: DeployCtx, wf: Workflow, steps: Unrestricted[], format: 'workflow' | 'action'): ReportDescriptor & { severity: Severity } {
  const { use } = steps[0]!;
  const { job, step } = use;
  const reasons = [...new Set(steps.flatMap((s) => s.reasons))];
  // The job's token, where the agent's action neither is given it nor finds it left by a checkout, is not the agent's.
  const rights = steps.flatMap((s) => writeRights(wf, s.use, format).filter((r) => !(r.jobToken && jobTokenOutOfReach(s.use.step, s.use.index))));
  const writes = [...new Set(rights.map((w) => w.what))];
  const secrets = [...new Set(steps.flatMap((s) => otherSecrets(wf, job, s.use.step)))];
  // `id-token: write` hands every step the means to mint an OIDC token: the agent's commands can log in to any cloud role that trusts the repository.
  // (A composite action's job is its caller's; Claude's App token through it is named already.)
  const oidc = format === 'workflow' && mintsOidcToken(wf, job) && !writes.some((w) => w.includes('id-token'));
  const held = [...writes, oidc ? 'id-token: write (its commands can mint an OIDC token for any cloud role that trusts this repository)' : '', secrets.length ? `secrets ${secrets.join(', ')}` : '']
    .filter(Boolean)
    .join(' and ');
  const input = agentInput(wf, use);
  const later = laterSecrets(wf, use).filter((s) => !secrets.includes(s));
  const span: Span | undefined = step ? stepSpan(dc, step) : undefined;
  // Started inside the agentic-workflow firewall, the agent reaches only allow-listed domains and never sees the excluded keys.
  const contained = steps.every((s) => insideFirewall(s.use.step));
  const why = contained ? ' It runs inside the agentic-workflow firewall (awf): its network is limited to an allow-list and excluded keys stay outside its container, so this is contained.' : '';
  const more = steps.slice(1).map((s) => dc.file.location(stepSpan(dc, s.use.step!)).startLine);
  const also = more.length ? ` The job starts it so in ${more.length} more step${more.length > 1 ? 's' : ''} too (line${more.length > 1 ? 's' : ''} ${more.join(', ')}).` : '';
  // An option that turns a reading command into a runner (`git grep -O`) is a narrower door than the shell itself.
  const runsCode = reasons.some((r) => !r.includes(OPTION_ONLY));
  // Secrets of later steps are within reach of whoever steers the agent: outsiders, on events whose runs hold the repository's secrets.
  const steered = later.length > 0 && wf.triggers.some((t) => OUTSIDER_WRITE_EVENTS.has(t));
  const severity = contained
    ? 'low'
    : input.kind === 'insiders' && !held
      ? 'low'
      : runsCode && (held || steered) && !insidersOnly(wf, rights, secrets)
        ? 'high'
        : 'medium';
  return {
    ruleId: ID,
    span,
    key: `job:${job.id}/step:${typeof step?.value.name === 'string' ? step.value.name : use.index}`,
    evidence: reasons.join('; '),
    message:
      `Job "${job.id}" runs ${use.label} that ${reasons.join(' and ')}${held ? `, while holding ${held}` : ''}; no human approves what it does.${also}${why}` +
      startNote(wf, use, format) +
      inputNote(input, use) +
      (later.length ? ` A later step of the job uses ${later.join(', ')}: files or git hooks the agent leaves on the runner run with ${later.length > 1 ? 'them' : 'it'}.` : ''),
    severity,
  };
}

/**
 * Who can start the job, when issues, comments or reviews do: what deploy/ci-agent-untrusted-input
 * would say of the same step, said here once (that rule leaves a step this finding covers).
 */
function startNote(wf: Workflow, use: AgentUse, format: 'workflow' | 'action'): string {
  const triggers = format === 'workflow' ? untrustedTriggers(wf) : [];
  if (triggers.length === 0) return '';
  const gate = actorGate(wf, use);
  return ` It starts on ${triggers.join(', ')}: ${gate ? `${gate}, but the issue and pull-request text it reads is still written by outsiders` : 'anyone who can open an issue or comment can start it and write its instructions'}.`;
}

/** What the message says of who steers the agent: the event text in its prompt, packages an earlier step upgraded, or the maintainers alone. */
function inputNote(input: ReturnType<typeof agentInput>, use: AgentUse): string {
  if (input.kind === 'insiders') return ` Nothing outsiders write steers it: ${input.why}.`;
  if (input.kind === 'third-party') return ` Only maintainers start it, but ${input.why}.`;
  const text = eventTextIn(use.step);
  if (text) return ` Outsiders write what steers it: ${text} ${text.includes(',') ? 'go' : 'goes'} into its prompt.`;
  return input.carried ? ` Only maintainers start it, but ${input.why}.` : '';
}

/**
 * Only the default token, no other secret, and only people with write access can start the workflow
 * (no issue, comment or pull_request_target trigger): what steers the agent is the maintainers' own
 * input, and the token may well be read-only (the default for repositories made since 2023).
 */
function insidersOnly(wf: Workflow, rights: WriteRight[], secrets: string[]): boolean {
  return secrets.length === 0 && rights.every((r) => r.defaultToken) && !wf.triggers.some((t) => OUTSIDER_WRITE_EVENTS.has(t));
}

/** The agent's model key is a credential identity of this workflow job. */
function noteKeys(dc: DeployCtx, wf: Workflow, job: WorkflowJob, step: WorkflowStep): void {
  const consumer = `workflow ${dc.file.baseName} job "${job.id}"`;
  for (const name of secretsHeld(wf, job, step)) if (/KEY|TOKEN|SECRET/i.test(name)) variableIdentity(dc, name, consumer, stepSpan(dc, step));
}
