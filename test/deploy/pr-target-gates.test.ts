/** deploy/gha-pr-target-checkout: what a gate before a job that runs the pull request's code is worth. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const workflow = (gate: string, run: string, env = "        env: {API_KEY: '${{ secrets.API_KEY }}'}\n") =>
  `on: pull_request_target\npermissions: {contents: read}\njobs:\n  test:\n    runs-on: ubuntu-latest\n${gate}    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: \${{ github.event.pull_request.head.ref }}\n          repository: \${{ github.event.pull_request.head.repo.full_name }}\n          path: fork\n      - working-directory: fork/backend\n        run: ${run}\n${env}`;
const found = async (code: string) => (await findings('.github/workflows/test.yml', code)).filter((f) => f.ruleId === 'deploy/gha-pr-target-checkout');

describe('deploy/gha-pr-target-checkout gates', () => {
  it('keeps a job that installs and runs the pull request with secrets high behind an environment alone, saying why', async () => {
    const [f] = await found(workflow('    environment: test\n', 'pip install -r requirements.txt'));
    expect(f?.severity).toBe('high');
    expect(f?.message).toMatch(/only if it requires reviewers, a repository setting not shown here/);
  });

  it('lowers it for a label gate, and for an environment when no secret is held', async () => {
    const label = "    if: contains(github.event.pull_request.labels.*.name, 'safe to test')\n";
    expect((await found(workflow(label, 'pip install -r requirements.txt')))[0]?.severity).toBe('medium');
    const noSecrets = workflow('    environment: test\n    permissions: {contents: write}\n', 'pip install -r requirements.txt', '');
    expect((await found(noSecrets))[0]?.severity).toBe('medium');
  });

  it('leaves an environment-gated job that only reads the checkout alone', async () => {
    expect(await found(workflow('    environment: test\n', 'git diff --stat'))).toEqual([]);
  });
});
