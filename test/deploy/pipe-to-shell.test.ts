/** deploy/pipe-to-shell in CI: what a swapped installer could take decides the severity. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const job = (extra: string) =>
  `on: pull_request\n${extra}jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -LsSf https://astral.sh/uv/install.sh | sh\n      - run: uv run pytest\n`;

const severity = async (code: string) => (await findings('.github/workflows/test.yml', code)).find((f) => f.ruleId === 'deploy/pipe-to-shell')?.severity;

describe('a vendor installer piped into a shell in a CI job', () => {
  it('is low in a job that holds only the default token and no secret', async () => {
    expect(await severity(job(''))).toBe('low');
    expect(await severity(job('permissions:\n  contents: read\n'))).toBe('low');
  });

  it('is medium in a job given write rights or a secret', async () => {
    expect(await severity(job('permissions:\n  contents: write\n'))).toBe('medium');
    expect(await severity(job('env:\n  PYPI_TOKEN: ${{ secrets.PYPI_TOKEN }}\n'))).toBe('medium');
  });
});
