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

describe('deploy/gha-write-all on a job that calls a reusable workflow of the repository', () => {
  const release = 'on: workflow_dispatch\njobs:\n  publish:\n    uses: ./.github/workflows/publish.yml\n    permissions: write-all\n    secrets: inherit\n';
  const writeAll = async (files: Record<string, string>) => {
    const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
    return report.findings.filter((f) => f.ruleId === 'deploy/gha-write-all').map((f) => `${f.location.path}:${f.location.startLine} ${f.severity}`);
  };

  it('is not reported when every job of the workflow called declares its own, narrower permissions', async () => {
    expect(await writeAll({ '.github/workflows/release.yml': release, '.github/workflows/publish.yml': reusable('    permissions: {contents: read, id-token: write}\n') })).toEqual([]);
  });

  it('is reported when a job of the workflow called takes the caller\'s token, or the workflow is another repository\'s', async () => {
    expect(await writeAll({ '.github/workflows/release.yml': release, '.github/workflows/publish.yml': reusable() })).toEqual(['.github/workflows/release.yml:3 medium']);
    const remote = release.replace('./.github/workflows/publish.yml', 'acme/workflows/.github/workflows/publish.yml@0123456789abcdef0123456789abcdef01234567');
    expect(await writeAll({ '.github/workflows/release.yml': remote })).toEqual(['.github/workflows/release.yml:3 medium']);
  });
});

describe('deploy/gha-missing-permissions on a workflow only pull requests start', () => {
  const severity = async (on: string) => {
    const { report } = await scan({ paths: [tempTree({ '.github/workflows/tests.yml': `on: ${on}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n` })], threads: 1 });
    return report.findings.find((f) => f.ruleId === 'deploy/gha-missing-permissions')?.severity;
  };

  it("is info: a fork's pull request gets a read-only token whatever the default", async () => {
    expect(await severity('[pull_request]')).toBe('info');
    expect(await severity('pull_request')).toBe('info');
  });

  it('stays low when a push, a manual run or pull_request_target starts it too', async () => {
    expect(await severity('[push, pull_request]')).toBe('low');
    expect(await severity('[pull_request, workflow_dispatch]')).toBe('low');
    expect(await severity('pull_request_target')).toBe('low');
    expect(await severity('\n  pull_request:\n    types: [closed]\n    branches: [main]')).toBe('low');
  });
});
