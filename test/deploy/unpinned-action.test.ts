/** deploy/unpinned-action: a third party's branch is medium, low where the job holds nothing to steal. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const levels = async (code: string) =>
  (await findings('.github/workflows/ci.yml', code)).filter((f) => f.ruleId === 'deploy/unpinned-action').map((f) => f.severity);

describe('deploy/unpinned-action on a branch', () => {
  const workflow = (permissions: string, env = '') =>
    `on: [push, pull_request]\n${permissions}jobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: some-org/setup-toolchain@stable\n${env}`;

  it('is low in a job with a read-only token and no secrets, saying why', async () => {
    expect(await levels(workflow('permissions:\n  contents: read\n'))).toEqual(['low']);
    const [f] = (await findings('.github/workflows/ci.yml', workflow('permissions:\n  contents: read\n'))).filter((x) => x.ruleId === 'deploy/unpinned-action');
    expect(f!.message).toMatch(/read-only token and no secrets/);
  });

  it('stays medium with the default token, a write scope, or a secret in the job', async () => {
    expect(await levels(workflow(''))).toEqual(['medium']);
    expect(await levels(workflow('permissions:\n  contents: write\n'))).toEqual(['medium']);
    expect(await levels(workflow('permissions:\n  contents: read\n', '      - run: make publish\n        env:\n          REGISTRY_TOKEN: ${{ secrets.REGISTRY_TOKEN }}\n'))).toEqual(['medium']);
  });
});
