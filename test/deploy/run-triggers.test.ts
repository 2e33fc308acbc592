/**
 * deploy/gha-pr-target-checkout on workflow_run: the run followed is another workflow of the folder.
 * When every workflow followed starts only on the repository's own events (push, schedule, a manual
 * run), the head checked out is the repository's code, not a contributor's.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const follower = (names: string) =>
  `name: Previews\non:\n  workflow_run:\n    workflows: [${names}]\n    types: [completed]\npermissions:\n  contents: write\njobs:\n  capture:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: \${{ github.event.workflow_run.head_branch }}\n      - run: npm ci && npm run capture\n        env:\n          API_KEY: \${{ secrets.API_KEY }}\n`;
const followed = (name: string, on: string) => `name: "${name}"\non:\n${on}\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run build\n`;

async function checkouts(files: Record<string, string>): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'deploy/gha-pr-target-checkout').map((f) => `${f.severity} ${f.location.path}`);
}

describe('workflow_run following the repository\'s own runs', () => {
  it('is not reported when the workflow followed starts on pushes and manual runs only', async () => {
    expect(
      await checkouts({
        '.github/workflows/build.yml': followed('Build & Push', '  push:\n    branches: [main]\n  workflow_dispatch:'),
        '.github/workflows/previews.yml': follower('"Build & Push"'),
      }),
    ).toEqual([]);
  });

  it('is reported when a workflow followed also starts on pull requests', async () => {
    expect(
      await checkouts({
        '.github/workflows/build.yml': followed('Build & Push', '  push:\n    branches: [main]'),
        '.github/workflows/ci.yml': followed('CI', '  pull_request:'),
        '.github/workflows/previews.yml': follower('"Build & Push", CI'),
      }),
    ).toEqual(['high .github/workflows/previews.yml']);
  });

  it('is reported when the workflow followed is not in the folder', async () => {
    expect(await checkouts({ '.github/workflows/previews.yml': follower('"Build & Push"') })).toEqual(['high .github/workflows/previews.yml']);
  });
});

describe('a checkout gated by an earlier job\'s decision', () => {
  it('is medium, naming the job whose check it waits for', async () => {
    const gated = follower('CI').replace('  capture:\n    runs-on: ubuntu-latest\n', "  analyze:\n    runs-on: ubuntu-latest\n    outputs:\n      eligible: ${{ steps.gate.outputs.eligible }}\n    steps:\n      - id: gate\n        run: python scripts/gate.py\n  capture:\n    needs: analyze\n    if: needs.analyze.outputs.eligible == 'true'\n    runs-on: ubuntu-latest\n");
    const { report } = await scan({ paths: [tempTree({ '.github/workflows/ci.yml': followed('CI', '  pull_request:'), '.github/workflows/previews.yml': gated })], threads: 1 });
    const [f] = report.findings.filter((x) => x.ruleId === 'deploy/gha-pr-target-checkout');
    expect(f?.severity).toBe('medium');
    expect(f?.message).toMatch(/a check job "analyze" makes first/);
  });
});
