/**
 * A coding agent started by issues, comments, reviews or pull requests from forks, in a job that can
 * write to the repository: the text it reads is written by whoever opens an issue, and a prompt
 * injection in it becomes a push, a release or a leaked token. And agents whose tool results
 * (file contents, command output, environment) are printed to the job log.
 */
import type { Span } from '../../../core/rule.js';
import { deployRule } from '../rule.js';
import { actorGate, agentUses, commandText, jobHasWrites, modelKeyUses, otherSecrets, untrustedTriggers, withholdsJobToken, writeRights, type AgentUse } from './ci-agents.js';
import { jobSpan, stepSpan } from './workflow-util.js';
import { subprocessScrub } from './ci-agent-reach.js';
import { commandSource, type ClaudeProject } from './ci-agent-tools.js';
import { folderDigest, folderKey } from '../../../discovery/folder-digest.js';
import { readRootFile } from '../../../core/root-file.js';
import type { Severity } from '../../../core/types.js';
import { severityRank } from '../../../core/severity.js';
import { unrestrictedFindings } from './ci-agent-unrestricted.js';
import type { DeployCtx } from '../context.js';

const ID = 'deploy/ci-agent-untrusted-input';
const LOG_ID = 'deploy/ci-agent-public-log';

function spanOf(dc: DeployCtx, use: AgentUse): Span | undefined {
  return use.step ? stepSpan(dc, use.step) : jobSpan(dc, use.job);
}

function keyOf(use: AgentUse): string {
  return `job:${use.job.id}/step:${typeof use.step?.value.name === 'string' ? use.step.value.name : use.index}`;
}

export const ciAgentUntrustedInput = deployRule({
  meta: {
    id: ID,
    title: "Coding agent in CI acts on outsiders' text with write rights",
    category: 'oversight.missing-approval',
    severity: 'high',
    confidence: 'medium',
    description:
      'A workflow triggered by issues, comments, reviews or `pull_request_target` runs a coding agent (claude-code-action, the OpenHands resolver, the Continue, Codex, ' +
      'Gemini or aider CLIs …), or a program of its own that it hands a model key (rated a step lower: its tools are not in sight), in a job whose token, PAT or app token can push, comment or release. ' +
      'The issue and pull-request text it reads is written by anyone: ' +
      'instructions hidden there steer the agent, and with write rights nothing stands between them and the repository. A gate on who may start the job ' +
      '(author association, a label only triagers can set, an environment) lowers the risk but the text still comes from outsiders. ' +
      'Low when the job can only comment and label, holds no other secret, and its agent can run no command (claude-code-action, whose agent gets no shell tool unless ' +
      'the step allows one, and no MCP server), when the project it loads from the checkout gives it none either: no shell rule in its `.claude/settings.json` or in the slash command its prompt runs, no skills or subagents). ' +
      'The same holds for the stock claude-code-action setup whose only right to push is the Claude GitHub App token it trades the job\'s OIDC token for (the job\'s own token read-only): ' +
      'with no command tool its agent writes only through the action\'s own comment and commit tools, to a pull request\'s branch or one the action opens; that is rated as comments are (low behind the action\'s own write-access check). ' +
      'A step whose agent also runs with its approvals off is reported once, by deploy/ci-agent-unrestricted, which then says who can start it, unless this rule rates it higher.',
    remediation:
      "Run the agent with `contents: read` and post its result through a separate, non-agent step; gate the job on the author's association (OWNER, MEMBER, COLLABORATOR) " +
      'or a label only triagers can set; never pass a personal access token; give the agent an explicit tool allowlist and land its changes through a reviewed pull request.',
    examples: {
      positive: [
        {
          path: '.github/workflows/resolver.yml',
          code: 'on:\n  issue_comment:\n    types: [created]\npermissions: {contents: write, pull-requests: write, issues: write}\njobs:\n  fix:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python -m openhands.resolver.resolve_issue --issue-number ${{ github.event.issue.number }}\n        env:\n          LLM_API_KEY: ${{ secrets.LLM_API_KEY }}\n',
        },
        {
          path: '.github/workflows/continue.yml',
          code: 'on: issues\npermissions: {contents: write}\njobs:\n  agent:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx @continuedev/cli -p "Fix issue ${{ github.event.issue.number }}" --allow Edit\n        env:\n          CONTINUE_API_KEY: ${{ secrets.CONTINUE_API_KEY }}\n',
        },
        {
          path: '.github/workflows/claude.yml',
          code: 'on: issue_comment\npermissions: {contents: write, pull-requests: write}\njobs:\n  claude:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n          allowed_non_write_users: "*"\n',
        },
        // Agent actions known by name, whatever their inputs are called: Letta Code's, Factory's Droid.
        {
          path: '.github/workflows/letta.yml',
          code: 'on:\n  issue_comment:\n    types: [created]\n  issues:\n    types: [opened]\njobs:\n  letta:\n    runs-on: ubuntu-latest\n    permissions: {contents: write, issues: write, pull-requests: write}\n    steps:\n      - uses: letta-ai/letta-code-action@v0\n        with:\n          letta_api_key: ${{ secrets.LETTA_API_KEY }}\n          github_token: ${{ secrets.GITHUB_TOKEN }}\n',
        },
        {
          path: '.github/workflows/droid.yml',
          code: 'on: issue_comment\npermissions: {contents: write, pull-requests: write}\njobs:\n  droid:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: Factory-AI/droid-action@v1\n        with:\n          factory_api_key: ${{ secrets.FACTORY_API_KEY }}\n',
        },
        {
          path: '.github/workflows/agent.yml',
          code: 'on: issues\njobs:\n  agent:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: some-org/llm-fixer@v2\n        with:\n          openai_api_key: ${{ secrets.OPENAI_API_KEY }}\n          prompt: "Fix the issue"\n          github_token: ${{ secrets.BOT_PAT }}\n',
        },
        {
          // Rated low: the agent can run no command (claude-code-action gives it no shell tool unless allowed) and its token only labels and comments.
          path: '.github/workflows/label.yml',
          code: 'on:\n  issues:\n    types: [opened]\njobs:\n  label:\n    runs-on: ubuntu-latest\n    permissions: {contents: read, issues: write}\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n          allowed_non_write_users: "*"\n          prompt: Label this issue.\n',
        },
        {
          // The project's own program, given a model key, on a fork's pull request with a write token: a step lower than a known agent.
          path: '.github/workflows/review.yml',
          code: 'on: pull_request_target\npermissions: {contents: write, pull-requests: write}\njobs:\n  review:\n    runs-on: ubuntu-latest\n    steps:\n      - run: bun run cli review "${{ github.event.pull_request.number }}"\n        env:\n          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n          ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}\n',
        },
      ],
      negative: [
        {
          path: '.github/workflows/resolver.yml',
          code: 'on: issue_comment\npermissions: {contents: read}\njobs:\n  fix:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python -m openhands.resolver.resolve_issue --issue-number 1\n        env:\n          LLM_API_KEY: ${{ secrets.LLM_API_KEY }}\n',
        },
        {
          path: '.github/workflows/nightly.yml',
          code: 'on:\n  schedule:\n    - cron: "0 3 * * *"\npermissions: {contents: write}\njobs:\n  agent:\n    runs-on: ubuntu-latest\n    steps:\n      - run: claude -p "update the changelog"\n        env:\n          ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}\n',
        },
        {
          // A model key in a job that holds no write right and no other secret: nothing for an injection to take.
          path: '.github/workflows/summary.yml',
          code: 'on: pull_request_target\npermissions: {contents: read}\njobs:\n  summary:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python scripts/summarize.py\n        env:\n          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n          OPENAI_MODEL: gpt-5\n',
        },
        {
          // The project's integration tests, which call the model, are not a model reading the job's text.
          path: '.github/workflows/e2e.yml',
          code: 'on: pull_request_target\npermissions: {contents: write}\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run test:e2e\n        env:\n          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n',
        },
        {
          // A job switched off by hand never runs.
          path: '.github/workflows/autofix.yml',
          code: "on: issue_comment\npermissions: {contents: write}\njobs:\n  fix:\n    if: false && github.event.issue.pull_request\n    runs-on: ubuntu-latest\n    steps:\n      - run: claude -p \"fix it\"\n        env:\n          ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}\n",
        },
        {
          path: '.github/workflows/labels.yml',
          code: 'on: issues\npermissions: {issues: write}\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/labeler@v5\n',
        },
      ],
    },
  },
  workflow(wf, dc, format) {
    if (format !== 'workflow') return;
    const triggers = untrustedTriggers(wf);
    if (triggers.length === 0) return;
    const agents = agentUses(wf);
    const unrestricted = unrestrictedFindings(dc, wf, format);
    for (const use of [...agents, ...modelKeyUses(wf, agents)]) {
      const writes = writeRights(wf, use);
      const secrets = otherSecrets(wf, use.job, use.step);
      // A step that empties the job token for the agent holds nothing of the job's; what the agent
      // answers may still be acted on by later steps (a label, a comment): low.
      const withheld = writes.length === 0 && secrets.length === 0 && withholdsJobToken(use.step) && jobHasWrites(wf, use);
      if (writes.length === 0 && secrets.length === 0 && !withheld) continue;
      const gate = actorGate(wf, use);
      const strongWrites = writes.filter((w) => w.strong);
      // The only right that can push is the Claude App token claude-code-action holds for its own comment and branch.
      const appOnly = strongWrites.length > 0 && strongWrites.every((w) => w.claudeApp);
      // Only comments and labels to write (or the action's own App token), no other secret, and an agent that can run no
      // command: what the text steers is what the action's own tools do; no command can reach the runner, the key or the token.
      const commands = (strongWrites.length === 0 || appOnly) && !withheld && secrets.length === 0 ? commandSource(wf, use.step, use.index, claudeProject(dc)) : undefined;
      const talksOnly = strongWrites.length === 0 && commands === 'none';
      // The stock setup: the App token pushes only through the action's own commit tool, to the branch it opens for its answer.
      const ownBranch = appOnly && commands === 'none';
      const strong = strongWrites.length > 0 && !ownBranch;
      // Pushing code or releases is worse than commenting, labelling or leaking a side secret; a gate on who starts it lowers either by one step.
      const rated: Severity = withheld || talksOnly ? 'low' : strong ? (gate ? 'medium' : 'high') : gate ? 'low' : 'medium';
      // A program that is only known to hold a model key: its tools are not in sight, a step lower.
      const severity: Severity = use.family === 'model' ? (rated === 'high' ? 'medium' : 'low') : rated;
      // The same step reported by deploy/ci-agent-unrestricted at this level or above: that finding says who starts it too (one step, one finding).
      if (unrestricted.some((u) => use.step && u.steps.includes(use.step) && severityRank(u.finding.severity) >= severityRank(severity))) continue;
      const held = withheld
        ? "no token of its own (its step empties the job token), in a job whose later steps act with the job's token"
        : [...writes.map((w) => w.what), secrets.length ? `secrets ${secrets.join(', ')}` : ''].filter(Boolean).join(' and ');
      dc.report({
        ruleId: ID,
        span: spanOf(dc, use),
        key: keyOf(use),
        evidence: `on: ${triggers.join(', ')}; ${held}`,
        message:
          `Job "${use.job.id}" runs ${use.label} on ${triggers.join(', ')} while holding ${held}; ` +
          (gate ? `${gate}, but the issue and pull-request text it reads is still written by outsiders.` : 'anyone who can open an issue or comment can start it and write its instructions.') +
          (talksOnly ? ` It can run no command (${use.label} gives its agent no shell tool unless allowed, and neither the step nor the project's .claude/settings.json allows one): the text can steer only its comments and labels.` : '') +
          (ownBranch
            ? ` It can run no command (${use.label} gives its agent no shell tool unless allowed, and neither the step nor the project's .claude/settings.json allows one), and the job's own token is read-only: the App token writes through the action's own tools: its comment, and commits to the pull request's branch or a branch it opens for its answer, not to the default branch.`
            : '') +
          (commands === 'project' ? " The step allows it no shell tool, but the project's Claude Code files it loads from the checkout (its .claude/settings.json, the slash command its prompt runs, or its skills and subagents) may." : ''),
        severity,
      });
    }
  },
});

/** Settings and flags that print every message of the agent, tool results included. */
const FULL_OUTPUT_FLAG = /--output-format[ =]+["']?stream-json\b[^\n]*--verbose\b|--verbose\b[^\n]*--output-format[ =]+["']?stream-json\b|codex\s+(?:exec|e)\b[^\n]*\s--json\b/m;

export const ciAgentPublicLog = deployRule({
  meta: {
    id: LOG_ID,
    title: 'Coding agent in CI prints its tool results to the job log',
    category: 'credential.long-lived',
    severity: 'medium',
    confidence: 'medium',
    description:
      'The agent is told to print every message it exchanges (claude-code-action `show_full_output: true`, `claude -p --verbose --output-format stream-json`, ' +
      '`codex exec --json`). Tool results include file contents, command output and environment values; in a public repository the job log is ' +
      'public, and GitHub masks only the secrets it was given, not what the agent reads or derives. Low when the agent runs its commands without the ' +
      "job's secrets in their environment, as its documentation offers (Claude Code's `CLAUDE_CODE_SUBPROCESS_ENV_SCRUB=1`, which claude-code-action also " +
      'sets for `allowed_non_write_users`): the log then shows what the agent reads, not what the job holds.',
    remediation: 'Keep the default, summarised output in CI; write the full transcript to an artifact with restricted retention if it is needed for debugging.',
    examples: {
      positive: [
        {
          path: '.github/workflows/claude.yml',
          code: 'on: issue_comment\npermissions: {contents: read}\njobs:\n  c:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n          show_full_output: true\n',
        },
        {
          path: '.github/workflows/agent.yml',
          code: 'on: push\npermissions: {contents: read}\njobs:\n  c:\n    runs-on: ubuntu-latest\n    steps:\n      - run: claude -p "review" --verbose --output-format stream-json\n',
        },
        // Rated low: the commands the agent runs get no secrets from the environment (Claude Code's documented scrub).
        {
          path: '.github/workflows/audit.yml',
          code: 'on: schedule\npermissions: {contents: read}\njobs:\n  c:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        env:\n          CLAUDE_CODE_SUBPROCESS_ENV_SCRUB: "1"\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n          show_full_output: true\n          prompt: Audit the docs\n',
        },
      ],
      negative: [
        {
          path: '.github/workflows/claude.yml',
          code: 'on: issue_comment\npermissions: {contents: read}\njobs:\n  c:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n          show_full_output: false\n',
        },
        { path: '.github/workflows/agent.yml', code: 'on: push\npermissions: {contents: read}\njobs:\n  c:\n    runs-on: ubuntu-latest\n    steps:\n      - run: claude -p "review" --output-format json > review.json\n' },
      ],
    },
  },
  workflow(wf, dc) {
    for (const use of agentUses(wf)) {
      const step = use.step;
      if (!step) continue;
      let why: string | undefined;
      const full = step.with.show_full_output;
      if (full === true || String(full).trim() === 'true') why = 'show_full_output: true';
      else {
        const text = commandText([step.run ?? '', ...Object.values(step.with).filter((v) => typeof v === 'string')].join('\n'));
        const m = FULL_OUTPUT_FLAG.exec(text);
        if (m) why = m[0].trim();
      }
      if (!why) continue;
      // With the documented scrub on, the commands it runs hold none of the job's secrets: the log shows what the agent reads.
      const scrub = subprocessScrub(wf, use);
      dc.report({
        ruleId: LOG_ID,
        span: spanOf(dc, use),
        key: `${keyOf(use)}/output`,
        evidence: why,
        message: scrub
          ? `Job "${use.job.id}" runs ${use.label} with ${why}: every tool result it sees is printed to the job log, but it runs with ${scrub}, so the commands it runs get no secrets from the environment; ` +
            "what the log can show is what the agent reads (the repository, the event's text), and GitHub masks the secrets the job was given."
          : `Job "${use.job.id}" runs ${use.label} with ${why}: every tool result it sees (file contents, command output, environment values) is printed to the job log.`,
        ...(scrub ? { severity: 'low' as const } : {}),
      });
    }
  },
});

/** The project's own Claude Code files, which claude-code-action's agent loads from the checkout (read once per file, recorded for the cache). */
function claudeProject(dc: DeployCtx): ClaudeProject {
  const root = dc.file.root;
  const read = (relPath: string): string | undefined => (root === undefined ? undefined : readRootFile(root, relPath, dc.ctx.dependsOn?.bind(dc.ctx)));
  return {
    settings: () => dc.file.memo('deploy:claude-project-settings', () => ({ text: read('.claude/settings.json') })).text,
    command: (name) => read(`.claude/commands/${name}.md`),
    hasFolder: (dir) => {
      if (root === undefined) return false;
      const key = folderKey('any', dir);
      const digest = folderDigest(root, key);
      dc.ctx.dependsOn?.(key, digest);
      return digest !== '';
    },
  };
}
