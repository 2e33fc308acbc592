/**
 * A `run:` step's folder, as the workflow rules read it: its own `working-directory`, else its job's
 * `defaults.run`, else the workflow's. The pull_request_target rule sees the pull request's code run
 * from a job whose default folder is its checkout; the registry-token rule follows the scripts of
 * the package.json in the workflow's default folder.
 */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const prTarget = (defaults: string, stepDir = '') =>
  'on: pull_request_target\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n' +
  defaults +
  "    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n          path: pr\n          persist-credentials: false\n      - run: npm ci && npm test\n" +
  stepDir +
  "        env: {DEPLOY_TOKEN: '${{ secrets.DEPLOY_TOKEN }}'}\n";

const summary = async (code: string) =>
  (await findings('.github/workflows/pr.yml', code)).filter((f) => f.ruleId === 'deploy/gha-pr-target-checkout').map((f) => `${f.severity} ${/runs/.test(f.message) ? f.message.slice(f.message.indexOf('runs')) : f.message}`);

describe('the folder a run step runs in', () => {
  it('is the step\'s own, else the job\'s default, else the workflow\'s', async () => {
    const own = await summary(prTarget('', '        working-directory: pr\n'));
    expect(own.length).toBe(1);
    expect(await summary(prTarget('    defaults:\n      run:\n        working-directory: pr\n'))).toEqual(own);
    expect(await summary(prTarget('').replace('jobs:\n', 'defaults:\n  run:\n    working-directory: ./pr\njobs:\n'))).toEqual(own);
    // The step's own folder comes first: the base checkout's, where the PR's code is not.
    expect(await summary(prTarget('    defaults:\n      run:\n        working-directory: pr\n', '        working-directory: tools\n'))).not.toEqual(own);
  });

  it('is where a release step\'s package scripts are looked up', async () => {
    const release = (defaults: string) =>
      `on:\n  push:\n    branches: [main]\npermissions:\n  contents: read\n${defaults}jobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run release\n        env:\n          TWINE_PASSWORD: \${{ secrets.PYPI_API_TOKEN }}\n`;
    const files = (defaults: string) => ({
      '.github/workflows/release.yml': release(defaults),
      'packages/py/package.json': JSON.stringify({ scripts: { release: 'twine upload dist/*' } }),
    });
    const tokens = async (defaults: string) => (await scan({ paths: [tempTree(files(defaults))], threads: 1 })).report.findings.filter((f) => f.ruleId === 'deploy/ci-registry-token').length;
    expect(await tokens('')).toBe(0);
    expect(await tokens('defaults:\n  run:\n    working-directory: packages/py\n')).toBe(1);
  });
});
