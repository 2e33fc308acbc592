/**
 * deploy/ci-agent-untrusted-input: an agent that can run no command and holds only a token that
 * comments and labels is low; the shell tool given by the step or by the project's settings that the
 * agent loads from the checkout keeps it medium.
 */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const analyzers = await loadFileAnalyzers();
const found = async (code: string, settings?: string, files: Record<string, string> = {}, ruleId = 'deploy/ci-agent-untrusted-input') =>
  (await runExample(analyzers, { path: '.github/workflows/triage.yml', code, with: { ...files, ...(settings ? { '.claude/settings.json': settings } : {}) } }))
    .filter((f) => f.ruleId === ruleId)
    .map((f) => [f.severity, f.message]);

const triage = (inputs: string, permissions = '{contents: read, issues: write}') =>
  `on:\n  issues:\n    types: [opened]\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    permissions: ${permissions}\n    steps:\n      - uses: actions/checkout@v4\n        with: {persist-credentials: false}\n      - uses: anthropics/claude-code-action@v1\n        with:\n          prompt: Label issue #\${{ github.event.issue.number }}.\n          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}\n          allowed_non_write_users: "*"\n${inputs}`;

describe('deploy/ci-agent-untrusted-input and an agent that runs no command', () => {
  it('is low with only issues: write and no shell tool, saying why', async () => {
    const [f] = await found(triage(''));
    expect(f?.[0]).toBe('low');
    expect(f?.[1]).toMatch(/It can run no command/);
    expect((await found(triage('', '{contents: read, issues: write}'), '{"permissions": {"allow": ["WebFetch(domain:docs.example.org)"]}}'))[0]?.[0]).toBe('low');
  });

  it('stays medium when the step or the project settings give it the shell, or an MCP server', async () => {
    expect((await found(triage('          claude_args: --allowedTools "Bash(gh issue edit:*)"\n')))[0]?.[0]).toBe('medium');
    expect((await found(triage('          claude_args: --mcp-config .github/mcp.json\n')))[0]?.[0]).toBe('medium');
    const [p] = await found(triage(''), '{"permissions": {"allow": ["Bash(make test)"]}}');
    expect(p?.[0]).toBe('medium');
    expect(p?.[1]).toMatch(/the project's Claude Code files it loads from the checkout \(its .claude\/settings.json, the slash command its prompt runs, or its skills and subagents\) may/);
  });

  it('reads the slash command its prompt runs, and the workflow variables its arguments name', async () => {
    const slash = triage('').replace('prompt: Label issue #', 'prompt: /triage Label issue #');
    expect((await found(slash, undefined, { '.claude/commands/triage.md': '---\nallowed-tools: Bash(./scripts/label.sh:*)\n---\nLabel the issue.\n' }))[0]?.[0]).toBe('medium');
    expect((await found(slash, undefined, { '.claude/commands/triage.md': '---\nallowed-tools: mcp__github__add_labels\n---\nLabel the issue.\n' }))[0]?.[0]).toBe('low');
    const viaEnv = (args: string) => triage('          claude_args: ${{ env.TRIAGE_ARGS }}\n').replace('jobs:\n', `env:\n  TRIAGE_ARGS: '${args}'\njobs:\n`);
    expect((await found(viaEnv('--allowedTools "mcp__github__add_labels" --disallowedTools "Bash,Edit,Write"')))[0]?.[0]).toBe('low');
    expect((await found(viaEnv('--allowedTools "Bash(gh:*)"')))[0]?.[0]).toBe('medium');
    expect((await found(triage('          claude_args: ${{ vars.TRIAGE_ARGS }}\n')))[0]?.[0]).toBe('medium');
  });

  it('stays as it was with a token that can push', async () => {
    expect((await found(triage('', '{contents: write, issues: write}')))[0]?.[0]).toBe('high');
  });
});

/** The stock @claude workflow: the action's own write-access check, a read-only job token, the App token through id-token: write. */
const mention = (permissions: string, inputs = '') =>
  `on:
  issue_comment:
    types: [created]
  issues:
    types: [opened]
jobs:
  claude:
    if: contains(github.event.comment.body, '@claude')
    runs-on: ubuntu-latest
    permissions: ${permissions}
    steps:
      - uses: actions/checkout@v4
      - uses: anthropics/claude-code-action@v1
        with:
          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
${inputs}`;

describe('deploy/ci-agent-untrusted-input and the Claude App token of the stock setup', () => {
  const readOnly = '{contents: read, pull-requests: read, issues: read, id-token: write}';

  it('is low when the job token is read-only and the agent runs no command: the App token writes through the action\'s own tools', async () => {
    const [f] = await found(mention(readOnly));
    expect(f?.[0]).toBe('low');
    expect(f?.[1]).toMatch(/the App token writes through the action's own tools/);
  });

  it('stays medium when the project or the step gives the agent commands, or the job token can push', async () => {
    expect((await found(mention(readOnly), '{"permissions": {"allow": ["Bash(make test)"]}}'))[0]?.[0]).toBe('medium');
    // A shell rule that runs anything is deploy/ci-agent-unrestricted's finding, which then says who starts the job: one step, one finding.
    const anyScript = mention(readOnly, '          claude_args: --allowedTools "Bash(npm run:*)"\n');
    expect(await found(anyScript)).toEqual([]);
    const [unrestricted] = await found(anyScript, undefined, {}, 'deploy/ci-agent-unrestricted');
    expect(['medium', 'high']).toContain(unrestricted?.[0]);
    expect(unrestricted?.[1]).toMatch(/It starts on issue_comment, issues: claude-code-action requires the actor to have write access, but the issue and pull-request text it reads is still written by outsiders\./);
    expect((await found(mention('{contents: write, pull-requests: write, id-token: write}')))[0]?.[0]).toBe('medium');
  });

  it('is medium when anyone may start it, as a token that comments is', async () => {
    expect((await found(mention(readOnly, '          allowed_non_write_users: "*"\n')))[0]?.[0]).toBe('medium');
  });
});
