/** Workflows below the repository's root: GitHub never runs them, unless their folder is a repository of its own. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const WORKFLOW = 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -fsSL https://example.com/install.sh | sh\n';
const pipes = async (root: string) =>
  (await scan({ paths: [root], threads: 1 })).report.findings.filter((f) => f.ruleId === 'deploy/pipe-to-shell').map((f) => `${f.location.path} ${f.severity}`);

describe('workflows below the root', () => {
  it("are info in a vendored folder, saying GitHub never runs them; the root's own keep their level", async () => {
    const root = tempTree({ '.github/workflows/ci.yml': WORKFLOW, 'skills/tool/.github/workflows/ci.yml': WORKFLOW });
    expect((await pipes(root)).sort()).toEqual(['.github/workflows/ci.yml low', 'skills/tool/.github/workflows/ci.yml info']);
    const { report } = await scan({ paths: [root], threads: 1 });
    expect(report.findings.find((f) => f.location.path.startsWith('skills/'))?.message).toMatch(/GitHub never runs it/);
  });

  it('keep their level in a folder that is a repository of its own (a checkout, a submodule)', async () => {
    const root = tempTree({ 'repo-a/.github/workflows/ci.yml': WORKFLOW, 'repo-b/.github/workflows/ci.yml': WORKFLOW, 'repo-b/.git': 'gitdir: ../.git/modules/repo-b\n' });
    mkdirSync(path.join(root, 'repo-a/.git'));
    writeFileSync(path.join(root, 'repo-a/.git/HEAD'), 'ref: refs/heads/main\n');
    expect((await pipes(root)).sort()).toEqual(['repo-a/.github/workflows/ci.yml low', 'repo-b/.github/workflows/ci.yml low']);
  });

  it('are judged again by a repeat scan when their folder becomes a repository', async () => {
    const root = tempTree({ 'tool/.github/workflows/ci.yml': WORKFLOW });
    const cache = tempTree();
    const first = (await scan({ paths: [root], threads: 1, cache })).report.findings.filter((f) => f.ruleId === 'deploy/pipe-to-shell');
    mkdirSync(path.join(root, 'tool/.git'));
    writeFileSync(path.join(root, 'tool/.git/HEAD'), 'ref: refs/heads/main\n');
    const second = (await scan({ paths: [root], threads: 1, cache })).report.findings.filter((f) => f.ruleId === 'deploy/pipe-to-shell');
    expect(first.map((f) => f.severity)).toEqual(['info']);
    expect(second.map((f) => f.severity)).toEqual(['low']);
  });
});
