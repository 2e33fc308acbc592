import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const of = async (ruleId: string, code: string) => (await findings('.github/workflows/agent.yml', code)).filter((f) => f.ruleId === ruleId);

/** A claude-code-action step printing its full output, with extra `env:` lines for the step and inputs. */
const loud = (on: string, env = '', inputs = '') =>
  `on: ${on}\npermissions: {contents: read}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n` +
  (env ? `        env:\n${env}` : '') +
  '        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n          show_full_output: true\n' +
  inputs;

describe('deploy/ci-agent-public-log and the documented subprocess scrub', () => {
  it('stays medium without the scrub', async () => {
    const [f] = await of('deploy/ci-agent-public-log', loud('issue_comment'));
    expect(f?.severity).toBe('medium');
    expect(f?.message).not.toMatch(/SCRUB/);
  });

  it('is low when the step, its job or the workflow sets CLAUDE_CODE_SUBPROCESS_ENV_SCRUB, and says so', async () => {
    const [f] = await of('deploy/ci-agent-public-log', loud('issue_comment', '          CLAUDE_CODE_SUBPROCESS_ENV_SCRUB: "1"\n'));
    expect(f?.severity).toBe('low');
    expect(f?.message).toMatch(/CLAUDE_CODE_SUBPROCESS_ENV_SCRUB=1.*no secrets from the environment/);
    const workflowEnv = loud('schedule').replace('jobs:\n', 'env:\n  CLAUDE_CODE_SUBPROCESS_ENV_SCRUB: true\njobs:\n');
    expect((await of('deploy/ci-agent-public-log', workflowEnv))[0]?.severity).toBe('low');
  });

  it('takes the CLI started with the variable set in its script', async () => {
    const cli = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: CLAUDE_CODE_SUBPROCESS_ENV_SCRUB=1 claude -p "review" --verbose --output-format stream-json\n';
    expect((await of('deploy/ci-agent-public-log', cli))[0]?.severity).toBe('low');
  });

  it('takes allowed_non_write_users, with which the action turns the scrub on, unless the workflow turns it off', async () => {
    const open = loud('issues', '', '          allowed_non_write_users: "*"\n');
    const [on] = await of('deploy/ci-agent-public-log', open);
    expect(on?.severity).toBe('low');
    expect(on?.message).toMatch(/allowed_non_write_users/);
    const off = loud('issues', '          CLAUDE_CODE_SUBPROCESS_ENV_SCRUB: "0"\n', '          allowed_non_write_users: "*"\n');
    expect((await of('deploy/ci-agent-public-log', off))[0]?.severity).toBe('medium');
  });

  it('does not take the variable switched off, or another agent, for the scrub', async () => {
    expect((await of('deploy/ci-agent-public-log', loud('push', '          CLAUDE_CODE_SUBPROCESS_ENV_SCRUB: "0"\n')))[0]?.severity).toBe('medium');
    const codex = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      CLAUDE_CODE_SUBPROCESS_ENV_SCRUB: "1"\n    steps:\n      - run: codex exec --json "review"\n';
    expect((await of('deploy/ci-agent-public-log', codex))[0]?.severity).toBe('medium');
  });
});

/** An agent that can run any build target (`Bash(make:*)`), holding a read-only token, then a step that pushes with a stored token. */
const implement = (on: string, prompt: string, before = '') =>
  `on:\n${on}permissions: {contents: read}\njobs:\n  implement:\n    runs-on: ubuntu-latest\n    steps:\n${before}` +
  '      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n          github_token: ${{ github.token }}\n' +
  `          prompt: "${prompt}"\n          claude_args: --allowedTools "Edit,Bash(make:*)"\n` +
  '      - run: git commit -am "implement" && git push\n        env:\n          GH_TOKEN: ${{ secrets.BOT_PAT }}\n';

describe('deploy/ci-agent-unrestricted: who steers the agent, and what later steps hold', () => {
  it('is high when an issue\'s text goes into the prompt and a later step pushes with a stored token', async () => {
    const [f] = await of('deploy/ci-agent-unrestricted', implement('  issues:\n    types: [labeled]\n', 'Implement: ${{ github.event.issue.title }} ${{ github.event.issue.body }}'));
    expect(f?.severity).toBe('high');
    expect(f?.message).toMatch(/github\.event\.issue\.title, github\.event\.issue\.body go into its prompt/);
    expect(f?.message).toMatch(/A later step of the job uses BOT_PAT: files or git hooks the agent leaves on the runner run with it/);
  });

  it('is medium on the same event when no later step holds a secret', async () => {
    const code = implement('  issues:\n    types: [labeled]\n', 'Implement issue ${{ github.event.issue.number }}').replace(/      - run: git commit[\s\S]*$/, '');
    expect((await of('deploy/ci-agent-unrestricted', code))[0]?.severity).toBe('medium');
  });

  it('is low when only a schedule or a manual run starts it and its step holds nothing, whatever later steps hold', async () => {
    const [f] = await of('deploy/ci-agent-unrestricted', implement('  schedule:\n    - cron: "0 6 * * 1"\n  workflow_dispatch:\n', 'Fix broken links in docs/'));
    expect(f?.severity).toBe('low');
    expect(f?.message).toMatch(/only schedule and workflow_dispatch start it, and no outsider's text reaches its prompt/);
  });

  it('is medium when an earlier step of the scheduled job upgrades dependencies the agent then reads and runs', async () => {
    const upgrade = '      - run: |\n          uv lock --upgrade\n          pnpm update --recursive\n';
    const [f] = await of('deploy/ci-agent-unrestricted', implement('  schedule:\n    - cron: "0 6 * * 1"\n', 'Fix what the upgrade broke', upgrade));
    expect(f?.severity).toBe('medium');
    expect(f?.message).toMatch(/an earlier step upgrades dependencies \(`uv lock --upgrade`\)/);
  });
});

describe('deploy/ci-agent-unrestricted: text carried into a scheduled agent, and composite actions', () => {
  it('is not low when the prompt takes a value naming free text (a pull request\'s title), even on a schedule', async () => {
    const [f] = await of('deploy/ci-agent-unrestricted', implement('  schedule:\n    - cron: "0 6 * * 1"\n', 'Document #${{ matrix.pr_number }} ${{ matrix.pr_title }}'));
    expect(f?.severity).toBe('medium');
    expect(f?.message).toMatch(/its prompt takes `matrix\.pr_title`/);
    // A manual run's own inputs are the maintainer's.
    const [g] = await of('deploy/ci-agent-unrestricted', implement('  workflow_dispatch:\n', 'Do: ${{ inputs.description }}'));
    expect(g?.severity).toBe('low');
  });

  it('does not rate a composite action low: it runs on its callers\' events', async () => {
    const action = 'name: review\nruns:\n  using: composite\n  steps:\n    - run: cn -p "review this change" --allow Bash\n      shell: bash\n';
    const [f] = (await findings('.github/actions/review/action.yml', action)).filter((x) => x.ruleId === 'deploy/ci-agent-unrestricted');
    expect(f?.severity).toBe('medium');
  });
});
