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
