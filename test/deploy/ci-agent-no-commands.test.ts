/**
 * deploy/ci-agent-untrusted-input: an agent that can run no command and holds only a token that
 * comments and labels is low; the shell tool given by the step or by the project's settings that the
 * agent loads from the checkout keeps it medium.
 */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const analyzers = await loadFileAnalyzers();
const found = async (code: string, settings?: string) =>
  (await runExample(analyzers, { path: '.github/workflows/triage.yml', code, ...(settings ? { with: { '.claude/settings.json': settings } } : {}) }))
    .filter((f) => f.ruleId === 'deploy/ci-agent-untrusted-input')
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
    expect(p?.[1]).toMatch(/project's .claude\/settings.json, which it loads from the checkout, allows shell commands/);
  });

  it('stays as it was with a token that can push', async () => {
    expect((await found(triage('', '{contents: write, issues: write}')))[0]?.[0]).toBe('high');
  });
});
