import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const job = (run: string): string =>
  'on: issues\npermissions: {contents: read}\njobs:\n  detection:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n' +
  run.split('\n').map((l) => `          ${l}\n`).join('') +
  '        env:\n          ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}\n          GH_TOKEN: ${{ secrets.GH_AW_TOKEN }}\n';

async function unrestricted(code: string) {
  return (await findings('.github/workflows/detect.lock.yml', code)).filter((f) => f.ruleId === 'deploy/ci-agent-unrestricted');
}

describe('deploy/ci-agent-unrestricted and the agentic-workflow firewall', () => {
  it('rates an agent started inside awf low and says why', async () => {
    const [f] = await unrestricted(job('sudo -E awf --config /tmp/awf.json --exclude-env ANTHROPIC_API_KEY \\\n  -- /bin/bash -c \'node harness.cjs claude --print --allowed-tools Bash,Read "$P"\''));
    expect(f?.severity).toBe('low');
    expect(f?.message).toMatch(/agentic-workflow firewall/);
  });

  it('keeps the same agent outside the firewall high', async () => {
    const [f] = await unrestricted(job('claude --print --allowed-tools Bash,Read "$P"'));
    expect(f?.severity).toBe('high');
    expect(f?.message).not.toMatch(/firewall/);
  });

  it('does not take an awf call before the agent for containment', async () => {
    const [f] = await unrestricted(job('awf --version -- true\nclaude --print --allowed-tools Bash,Read "$P"'));
    expect(f?.severity).toBe('high');
  });
});

const runner = (authorize: boolean): string =>
  'on:\n  issue_comment:\n    types: [created]\njobs:\n' +
  (authorize
    ? '  authorize:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme-labs/devtools/authorization-check@v1\n        with:\n          username: ${{ github.event.comment.user.login }}\n          allowed-roles: maintain,write,admin\n'
    : '') +
  `  agent:\n${authorize ? '    needs: [authorize]\n' : ''}    permissions: {contents: read, id-token: write}\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme-labs/devtools/actions/acme-agent-runner@v1\n        with:\n          aws_role_arn: \${{ secrets.AWS_ROLE_ARN }}\n`;

describe('a project\'s own agent action in CI', () => {
  it('is recognised as a CI agent fed by issue comments', async () => {
    const found = (await findings('.github/workflows/command.yml', runner(false))).filter((f) => f.ruleId === 'deploy/ci-agent-untrusted-input');
    expect(found.map((f) => f.severity)).toEqual(['medium']);
  });

  it('is gated by an earlier job that checks the commenter\'s role', async () => {
    const [f] = (await findings('.github/workflows/command.yml', runner(true))).filter((f) => f.ruleId === 'deploy/ci-agent-untrusted-input');
    expect(f?.severity).toBe('low');
    expect(f?.message).toMatch(/earlier job checks/);
  });

  it('does not take any action with "agent" in its name for one', async () => {
    const code = 'on: issue_comment\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme-labs/user-agent-parser@v1\n';
    expect((await findings('.github/workflows/ua.yml', code)).filter((f) => f.ruleId.startsWith('deploy/ci-agent'))).toEqual([]);
  });
});
