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
