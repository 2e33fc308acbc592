/**
 * A workflow job that never runs holds no risk: switched off by hand (`if: false`), or waiting for an
 * event the workflow's triggers no longer send. No workflow rule reads it; a reusable workflow sees
 * its caller's event and is read whatever the condition names.
 */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const publish = (on: string, condition: string) =>
  `on:\n${on}\npermissions: {}\njobs:\n  release:\n    if: ${condition}\n    runs-on: ubuntu-latest\n    steps:\n      - uses: some-org/setup-tool@main\n      - run: twine upload dist/*\n        env:\n          TWINE_PASSWORD: \${{ secrets.PYPI_TOKEN }}\n`;
const rules = async (code: string) => [...new Set((await findings('.github/workflows/release.yml', code)).map((f) => f.ruleId))].sort();

describe('jobs that never run', () => {
  it('reports what a live job does', async () => {
    expect(await rules(publish('  release:\n    types: [published]', "github.event_name == 'release'"))).toEqual(['deploy/ci-registry-token', 'deploy/unpinned-action']);
  });

  it('reads nothing in a job switched off by hand', async () => {
    for (const condition of ['false', '${{ false }}', "false && github.event_name == 'release'"]) {
      expect(await rules(publish('  release:\n    types: [published]', condition)), condition).toEqual([]);
    }
  });

  it('reads nothing in a job that needs an event the workflow does not listen to', async () => {
    expect(await rules(publish('  workflow_dispatch:', "github.event_name == 'release' && github.repository == 'acme/app'"))).toEqual([]);
  });

  it('reads a reusable workflow whatever event its condition names', async () => {
    expect(await rules(publish('  workflow_call:', "github.event_name == 'release'"))).toEqual(['deploy/ci-registry-token', 'deploy/unpinned-action']);
  });
});
