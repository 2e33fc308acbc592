/** deploy/ci-pr-trigger on GitHub Actions: a pull request's code run on a self-hosted runner, forks not kept out. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const ID = 'deploy/ci-pr-trigger';
const found = async (code: string) => (await findings('.github/workflows/ci.yml', code)).filter((f) => f.ruleId === ID);
const job = (runsOn: string, steps: string, extra = '') =>
  `on:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n${extra}    runs-on: ${runsOn}\n    steps:\n${steps}`;
const checkoutAndTest = '      - uses: actions/checkout@v4\n      - run: pip install -r requirements.txt\n      - run: pytest\n';

describe('deploy/ci-pr-trigger and self-hosted runners', () => {
  it('reports a pull_request job that checks out and runs the code on a self-hosted runner, at the runs-on line', async () => {
    for (const runsOn of ['self-hosted', '[self-hosted, linux, x64]', '{group: gpu, labels: [self-hosted, gpu]}']) {
      const [f] = await found(job(runsOn, checkoutAndTest));
      expect(f?.severity, runsOn).toBe('medium');
      expect(f?.location.startLine).toBe(7);
      expect(f?.message).toMatch(/self-hosted runner/);
    }
  });

  it('names the environment the job waits on as a gate only if it requires a reviewer', async () => {
    const [f] = await found(job('self-hosted', checkoutAndTest, '    environment: testci\n'));
    expect(f?.message).toMatch(/environment "testci", a gate only if that environment requires a reviewer/);
  });

  it('does not report hosted runners, forks kept out, push-only jobs, or jobs that run none of the checkout', async () => {
    expect(await found(job('ubuntu-latest', checkoutAndTest))).toEqual([]);
    expect(await found(job('self-hosted', checkoutAndTest, "    if: github.event.pull_request.head.repo.fork == false\n"))).toEqual([]);
    expect(await found(job('self-hosted', checkoutAndTest, "    if: github.event_name == 'push'\n"))).toEqual([]);
    expect(await found(job('self-hosted', '      - uses: actions/checkout@v4\n      - uses: some-org/lint-action@8f4b7f84864484a7bf31766abe9204da3cbe65b3\n'))).toEqual([]);
    expect(await found(job('self-hosted', '      - run: echo "no checkout"\n'))).toEqual([]);
    expect(await found(job('self-hosted', checkoutAndTest).replace('  pull_request:\n', ''))).toEqual([]);
  });
});
