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

describe('an agent step that empties the job token', () => {
  const triage = (stepEnv: string) =>
    'on: issues\npermissions: {issues: write}\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n' +
    '      - run: claude -p "Pick one label for this issue" --allowedTools Read\n        env:\n          ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}\n' + stepEnv +
    '      - run: gh issue edit "$N" --add-label "$LABEL"\n        env: {GH_TOKEN: "${{ secrets.GITHUB_TOKEN }}"}\n';
  const untrusted = async (code: string) => (await findings('.github/workflows/triage.yml', code)).filter((f) => f.ruleId === 'deploy/ci-agent-untrusted-input');

  it("is low: the agent holds no token of the job's, though later steps act on its answer", async () => {
    const [f, ...rest] = await untrusted(triage("          GITHUB_TOKEN: ''\n"));
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('low');
    expect(f?.message).toMatch(/empties the job token/);
  });

  it("keeps the job's rights when the step passes the token on", async () => {
    const [f] = await untrusted(triage('          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n'));
    expect(f?.severity).toBe('medium');
  });
});

describe('a GitHub App token minted earlier in the job', () => {
  const wf = (agentEnv: string) =>
    'on: issues\npermissions: {contents: read}\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n' +
    '      - id: app\n        uses: actions/create-github-app-token@v2\n        with: {app-id: "${{ vars.APP_ID }}", private-key: "${{ secrets.APP_KEY }}"}\n' +
    '      - run: claude -p "Triage this issue"\n        env:\n          ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}\n' +
    agentEnv;
  const untrusted = async (code: string) => (await findings('.github/workflows/triage.yml', code)).filter((f) => f.ruleId === 'deploy/ci-agent-untrusted-input');

  it("is the agent's when its step is given the token", async () => {
    const [f] = await untrusted(wf('          GH_TOKEN: ${{ steps.app.outputs.token }}\n'));
    expect(f?.message).toMatch(/GitHub App installation token/);
    expect(f?.severity).toBe('high');
  });

  it('is not when the step never names it', async () => {
    expect(await untrusted(wf(''))).toEqual([]);
  });
});

describe('an agent that only merged pull requests start', () => {
  const docs = (condition: string) =>
    'on:\n  pull_request_target:\n    types: [closed]\n  workflow_dispatch:\njobs:\n  docs:\n' +
    `    if: ${condition}\n` +
    '    runs-on: ubuntu-latest\n    permissions: {contents: write}\n    steps:\n' +
    '      - run: claude -p "Update the docs for pull request ${{ github.event.pull_request.number }}" --allowedTools Read,Edit\n' +
    '        env:\n          ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}\n          PUBLISH_TOKEN: ${{ secrets.PUBLISH_TOKEN }}\n';
  const untrusted = async (code: string) => (await findings('.github/workflows/docs.yml', code)).filter((f) => f.ruleId === 'deploy/ci-agent-untrusted-input');

  it('is a step lower: a maintainer reviewed and merged what it reads', async () => {
    const [merged] = await untrusted(docs("github.event_name == 'workflow_dispatch' || github.event.pull_request.merged == true"));
    const [open] = await untrusted(docs("github.event_name == 'workflow_dispatch' || github.event.pull_request.number > 0"));
    expect(merged?.message).toMatch(/merged pull request/);
    expect(['low', 'medium']).toContain(merged?.severity);
    expect(open?.severity).not.toBe(merged?.severity);
    // Another condition beside it that outsiders meet is no gate.
    const [either] = await untrusted(docs("github.event.pull_request.merged == true || github.event.action == 'opened'"));
    expect(either?.message).not.toMatch(/merged pull request/);
  });
});

const dispatched = (trigger: string, steps: number): string =>
  `on: ${trigger}\njobs:\n  implement:\n    runs-on: ubuntu-latest\n    steps:\n` +
  Array.from({ length: steps }, (_, i) => `      - name: pass ${i}\n        run: claude -p "continue" --dangerously-skip-permissions\n        env:\n          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}\n`).join('');

describe('deploy/ci-agent-unrestricted: one finding per job', () => {
  it('reports a job that starts the agent in several steps once, naming the other steps', async () => {
    const found = await unrestricted(dispatched('issues', 3));
    expect(found).toHaveLength(1);
    expect(found[0]!.location.startLine).toBe(6);
    expect(found[0]!.message).toMatch(/in 2 more steps too \(lines 10, 14\)/);
  });

  it('rates a job only maintainers can start, holding only the default token, medium', async () => {
    const [f] = await unrestricted(dispatched('workflow_dispatch', 1));
    expect(f?.severity).toBe('medium');
  });

  it('keeps it high when outsiders can start it, or when it holds other secrets', async () => {
    expect((await unrestricted(dispatched('issues', 1)))[0]?.severity).toBe('high');
    const withSecret = dispatched('workflow_dispatch', 1) + '          DEPLOY_KEY: ${{ secrets.DEPLOY_KEY }}\n';
    expect((await unrestricted(withSecret))[0]?.severity).toBe('high');
  });
});

describe('deploy/ci-static-cloud-key: one finding per job and cloud', () => {
  it("reports a job whose download and upload steps both hold the stored key once, naming the other step", async () => {
    const wf =
      'on: schedule\njobs:\n  perf:\n    runs-on: ubuntu-latest\n    steps:\n' +
      '      - name: download\n        run: aws s3 cp s3://bucket/in.json .\n        env:\n          AWS_ACCESS_KEY_ID: ${{ secrets.DEV_KEY_ID }}\n          AWS_SECRET_ACCESS_KEY: ${{ secrets.DEV_KEY }}\n' +
      '      - name: upload\n        run: aws s3 cp out.json s3://bucket/\n        env:\n          AWS_ACCESS_KEY_ID: ${{ secrets.DEV_KEY_ID }}\n          AWS_SECRET_ACCESS_KEY: ${{ secrets.DEV_KEY }}\n';
    const found = (await findings('.github/workflows/perf.yml', wf)).filter((f) => f.ruleId === 'deploy/ci-static-cloud-key');
    expect(found).toHaveLength(1);
    expect(found[0]!.location.startLine).toBe(6);
    expect(found[0]!.message).toMatch(/1 more step of the job does the same \(line 11\)/);
  });
});

describe('agent actions known by name', () => {
  const triage = (uses: string, inputs: string) =>
    `on:\n  issue_comment:\n    types: [created]\n  issues:\n    types: [opened, assigned]\njobs:\n  agent:\n    runs-on: ubuntu-latest\n    permissions: {contents: write, issues: write, pull-requests: write}\n    steps:\n      - uses: ${uses}\n        with:\n${inputs}`;
  const untrusted = async (code: string) => (await findings('.github/workflows/agent.yml', code)).filter((f) => f.ruleId === 'deploy/ci-agent-untrusted-input').map((f) => `${f.severity} ${f.message}`);

  it('rates letta-code-action like claude-code-action: its own write-access check is a gate, the text it reads is still outsiders\'', async () => {
    const letta = await untrusted(triage('letta-ai/letta-code-action@v0', '          letta_api_key: ${{ secrets.LETTA_API_KEY }}\n          github_token: ${{ secrets.GITHUB_TOKEN }}\n'));
    const claude = await untrusted(triage('anthropics/claude-code-action@v1', '          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n          github_token: ${{ secrets.GITHUB_TOKEN }}\n'));
    expect(claude.map((f) => f.split(' ')[0])).toEqual(['medium']);
    expect(letta).toHaveLength(1);
    expect(letta[0]).toMatch(/^medium .*letta-ai\/letta-code-action.*letta-code-action requires the actor to have write access/);
    // Opened to every commenter, it is high.
    const open = await untrusted(triage('letta-ai/letta-code-action@v0', '          letta_api_key: ${{ secrets.LETTA_API_KEY }}\n          allowed_non_write_users: "*"\n'));
    expect(open.map((f) => f.split(' ')[0])).toEqual(['high']);
  });

  it('knows the other vendors\' agent actions too', async () => {
    // Each step is reported once: run-gemini-cli, which always runs in yolo mode, by deploy/ci-agent-unrestricted, which then says who starts it.
    for (const uses of ['google-github-actions/run-gemini-cli@v0', 'openai/codex-action@v1', 'Factory-AI/droid-action@v1']) {
      const all = (await findings('.github/workflows/agent.yml', triage(uses, '          api_key: ${{ secrets.MODEL_KEY }}\n'))).filter((f) => /^deploy\/ci-agent-(?:untrusted-input|unrestricted)$/.test(f.ruleId));
      expect(all, uses).toHaveLength(1);
      expect(all[0]!.message, uses).toMatch(/issue_comment, issues/);
    }
  });
});

describe("an agent's reusable workflow that checks who starts it", () => {
  const caller = (workflow: string): string =>
    'on:\n  issue_comment:\n    types: [created]\n  issues:\n    types: [labeled]\npermissions:\n  contents: write\n  issues: write\njobs:\n  resolve:\n' +
    `    uses: OpenHands/OpenHands/.github/workflows/${workflow}@main\n    secrets:\n      LLM_API_KEY: \${{ secrets.LLM_API_KEY }}\n`;
  const untrusted = async (code: string) => (await findings('.github/workflows/resolver.yml', code)).filter((f) => f.ruleId === 'deploy/ci-agent-untrusted-input');

  it("is gated: the OpenHands resolver acts only on a label or an owner's, member's or collaborator's comment", async () => {
    const [f] = await untrusted(caller('openhands-resolver.yml'));
    expect(f?.severity).toBe('medium');
    expect(f?.message).toContain('the OpenHands resolver workflow it calls acts only on a label');
    expect(f?.message).toContain('still written by outsiders');
  });

  it('another workflow of the same project is not known to check, and stays high', async () => {
    const [f] = await untrusted(caller('agent-on-comment.yml'));
    expect(f?.severity).toBe('high');
  });
});
