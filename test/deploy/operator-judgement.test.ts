/** Deployment and CI findings weighed by their real gates, rights and owners. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const wf = (on: string, perms: string, job: string): string => `on: ${on}\npermissions: ${perms}\njobs:\n  j:\n${job}`;
const sev = async (path: string, code: string, rule: string): Promise<string[]> => (await findings(path, code)).filter((f) => f.ruleId === rule).map((f) => f.severity);

describe('pull_request_target judged with its gates', () => {
  const checkout = '      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n';
  it('runs the PR code with secrets: high; behind a label: medium; only lists files: low', async () => {
    const runs = wf('pull_request_target', '{contents: read}', `    runs-on: ubuntu-latest\n    steps:\n${checkout}      - run: npm ci && npm test\n        env:\n          API_KEY: \${{ secrets.API_KEY }}\n`);
    expect(await sev('.github/workflows/t.yml', runs, 'deploy/gha-pr-target-checkout')).toEqual(['high']);
    const labelled = runs.replace('    runs-on:', "    if: contains(github.event.pull_request.labels.*.name, 'safe to test')\n    runs-on:");
    expect(await sev('.github/workflows/t.yml', labelled, 'deploy/gha-pr-target-checkout')).toEqual(['medium']);
    const lists = wf('pull_request_target', '{pull-requests: write}', `    runs-on: ubuntu-latest\n    steps:\n${checkout}      - uses: tj-actions/changed-files@v44\n      - run: echo done\n`);
    expect(await sev('.github/workflows/t.yml', lists, 'deploy/gha-pr-target-checkout')).toEqual(['low']);
  });

  it('quotes the command that runs the PR code with any credential in it masked', async () => {
    const token = `ghp_${'R8k2Vx9Q'.repeat(4)}Zt7w`;
    const code = wf('pull_request_target', '{contents: write}', `    runs-on: ubuntu-latest\n    steps:\n${checkout}      - run: ./deploy.sh ${token} && make\n`);
    const [f] = (await findings('.github/workflows/t.yml', code)).filter((x) => x.ruleId === 'deploy/gha-pr-target-checkout');
    expect(f!.message).toContain('./deploy.sh ghp_');
    expect(JSON.stringify(f)).not.toContain(token);
    expect(JSON.stringify(f)).not.toContain(token.slice(0, 30));
  });
});

describe('unpinned actions: first party and own organisation apart', () => {
  it('a third-party branch is medium, the own organisation\'s branch low', async () => {
    const code = "on: push\npermissions: {contents: write}\njobs:\n  j:\n    if: github.repository == 'acme/app'\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/setup@main\n      - uses: other/tool@main\n";
    const found = (await findings('.github/workflows/ci.yml', code)).filter((f) => f.ruleId === 'deploy/unpinned-action').map((f) => `${f.evidence} ${f.severity}`);
    expect(found.sort()).toEqual(['acme/setup@main low', 'other/tool@main medium']);
  });
});

describe('coding agents in CI', () => {
  it('ungated with a push token: high; gated by association: medium; only issues: write and gated: low', async () => {
    const agent = '    runs-on: ubuntu-latest\n    steps:\n      - run: npx @continuedev/cli -p "fix ${{ github.event.issue.title }}"\n';
    expect(await sev('.github/workflows/a.yml', wf('issues', '{contents: write}', agent), 'deploy/ci-agent-untrusted-input')).toEqual(['high']);
    const gated = agent.replace('    runs-on:', "    if: github.event.issue.author_association == 'MEMBER'\n    runs-on:");
    expect(await sev('.github/workflows/a.yml', wf('issues', '{contents: write}', gated), 'deploy/ci-agent-untrusted-input')).toEqual(['medium']);
    expect(await sev('.github/workflows/a.yml', wf('issues', '{issues: write}', gated), 'deploy/ci-agent-untrusted-input')).toEqual(['low']);
  });

  it('an app token from create-github-app-token and allowed_non_write_users "*" is high', async () => {
    const job =
      '    runs-on: ubuntu-latest\n    steps:\n      - id: app\n        uses: actions/create-github-app-token@v2\n        with:\n          app-id: ${{ vars.APP_ID }}\n          private-key: ${{ secrets.APP_KEY }}\n' +
      '      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n          github_token: ${{ steps.app.outputs.token }}\n          allowed_non_write_users: "*"\n          claude_args: --allowedTools "Bash(gh api:*)"\n';
    expect(await sev('.github/workflows/triage.yml', wf('issues', '{contents: read}', job), 'deploy/ci-agent-untrusted-input')).toEqual(['high']);
  });
});

describe('the same installer piped into a shell in every job', () => {
  it('is one finding at its most exposed job, with the other steps related', async () => {
    const job = (name: string, env: string): string =>
      `  ${name}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -LsSf https://tools.example.com/install.sh | sh\n${env}`;
    const code = `on: push\npermissions: {contents: read}\njobs:\n${job('a', '')}${job('b', '')}${job('c', '        env:\n          API_KEY: ${{ secrets.API_KEY }}\n')}`;
    const found = (await findings('.github/workflows/ci.yml', code)).filter((f) => f.ruleId === 'deploy/pipe-to-shell');
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('medium');
    expect(found[0]!.message).toContain('job "c"');
    expect(found[0]!.related?.map((r) => r.message)).toEqual(['the same script in job "a"', 'the same script in job "b"']);
  });
});

describe('an installer piped into a shell in a Dockerfile, by the stage it runs in', () => {
  const install = 'RUN curl -LsSf https://tools.example.com/install.sh | sh\n';
  it('is low in a builder stage the final image does not build on, medium in the final image and in what it builds on', async () => {
    const builder = `FROM python:3.12 AS requirements\n${install}RUN tool compile -o requirements.txt\nFROM python:3.12-slim\nCOPY --from=requirements /requirements.txt /app/\n`;
    expect(await sev('Dockerfile', builder, 'deploy/pipe-to-shell')).toEqual(['low']);
    const final = `FROM python:3.12-slim\n${install}`;
    expect(await sev('Dockerfile', final, 'deploy/pipe-to-shell')).toEqual(['medium']);
    const base = `FROM python:3.12-slim AS base\n${install}FROM base\nCMD ["app"]\n`;
    expect(await sev('Dockerfile', base, 'deploy/pipe-to-shell')).toEqual(['medium']);
  });
});
