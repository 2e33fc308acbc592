/**
 * deploy/gha-missing-permissions and reusable workflows: a workflow started only by `workflow_call`
 * runs with the token its caller grants, so the calling job is judged, not the workflow called.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const reusable = (jobPermissions = '') =>
  `name: Run Tests\non:\n  workflow_call:\n    inputs:\n      image: {type: string, required: true}\njobs:\n  run-tests:\n    runs-on: ubuntu-22.04\n${jobPermissions}    steps:\n      - uses: actions/checkout@v4\n      - run: pytest tests\n`;
const caller = (jobPermissions = '') =>
  `name: Build and Test\non:\n  push:\njobs:\n  test:\n    uses: ./.github/workflows/tests.yml\n${jobPermissions}    with:\n      image: app:dev\n`;

async function missing(files: Record<string, string>): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'deploy/gha-missing-permissions').map((f) => `${f.location.path}:${f.location.startLine}`);
}

describe('reusable workflows and the token their caller grants', () => {
  it('does not report a workflow started only by workflow_call when its caller grants permissions', async () => {
    expect(
      await missing({
        '.github/workflows/tests.yml': reusable(),
        '.github/workflows/build.yml': caller('    permissions:\n      contents: read\n      packages: read\n'),
      }),
    ).toEqual([]);
  });

  it('reports the calling job when it grants nothing and the workflow called narrows nothing', async () => {
    expect(await missing({ '.github/workflows/tests.yml': reusable(), '.github/workflows/build.yml': caller() })).toEqual(['.github/workflows/build.yml:5']);
  });

  it('does not report the calling job when the workflow called declares permissions on every job', async () => {
    expect(await missing({ '.github/workflows/tests.yml': reusable('    permissions: {contents: read}\n'), '.github/workflows/build.yml': caller() })).toEqual([]);
  });

  it('still reports a reusable workflow that can also be started by hand', async () => {
    const both = reusable().replace('on:\n  workflow_call:', 'on:\n  workflow_dispatch:\n  workflow_call:');
    expect(await missing({ '.github/workflows/tests.yml': both })).toEqual(['.github/workflows/tests.yml:8']);
  });
});
