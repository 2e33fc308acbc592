/**
 * Files a workflow's rules read on its behalf (package.json files, the workspace file, a reusable
 * workflow it calls) are read once per scan of the workflow, however many jobs and steps need them.
 */
import { describe, expect, it, vi } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const reads = vi.hoisted(() => new Map<string, number>());
vi.mock('../../src/core/root-file.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/core/root-file.js')>();
  return {
    ...real,
    readRootFile: (root: string, relPath: string, dependsOn?: (p: string, h: string) => void) => {
      // Only the reads on a workflow's behalf: the repository's metadata is also read, for its owner.
      const caller = new Error().stack?.split('\n')[2] ?? '';
      if (/package-scripts|gha-permissions/.test(caller)) reads.set(relPath, (reads.get(relPath) ?? 0) + 1);
      return real.readRootFile(root, relPath, dependsOn);
    },
  };
});

const step = (n: number) => `      - run: pnpm run build-${n}\n        env:\n          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}\n`;
const job = (id: string) => `  ${id}:\n    runs-on: ubuntu-latest\n    steps:\n${[1, 2, 3].map(step).join('')}      - run: pnpm -r run release\n        env:\n          NPM_TOKEN: \${{ secrets.NPM_TOKEN }}\n`;
const caller = (id: string) => `  ${id}:\n    uses: ./.github/workflows/tests.yml\n`;

describe('files read on behalf of a workflow', () => {
  it('reads each package file and each called workflow once, for all of its jobs and steps', async () => {
    const dir = tempTree({
      'package.json': JSON.stringify({ workspaces: ['packages/*'], scripts: { 'build-1': 'tsc', 'build-2': 'tsc', 'build-3': 'tsc', release: 'npm publish' } }),
      'packages/a/package.json': JSON.stringify({ scripts: { release: 'npm publish' } }),
      '.github/workflows/release.yml': `on: push\npermissions:\n  contents: read\njobs:\n${job('one')}${job('two')}${job('three')}`,
      '.github/workflows/ci.yml': `on: push\njobs:\n${caller('a')}${caller('b')}${caller('c')}`,
      '.github/workflows/tests.yml': 'on:\n  workflow_call:\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n',
    });
    reads.clear();
    const { report } = await scan({ paths: [dir], threads: 1 });
    // The reusable workflow narrows nothing: each caller is reported as running with the default token.
    expect(report.findings.filter((f) => f.ruleId === 'deploy/gha-missing-permissions').map((f) => f.location.path)).toEqual(['.github/workflows/ci.yml']);
    expect(reads.get('package.json')).toBe(1);
    expect(reads.get('packages/a/package.json')).toBe(1);
    expect(reads.get('pnpm-workspace.yaml')).toBe(1);
    expect(reads.get('.github/workflows/tests.yml')).toBe(1);
  });
});
