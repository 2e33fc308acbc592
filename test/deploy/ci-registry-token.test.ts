/** deploy/ci-registry-token: a token that can only publish to TestPyPI is rated low. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const levels = async (code: string) =>
  (await findings('.github/workflows/publish.yml', code)).filter((f) => f.ruleId === 'deploy/ci-registry-token').map((f) => f.severity);

const job = (steps: string, env = '') => `on: push\npermissions: {contents: read}\njobs:\n  publish:\n    runs-on: ubuntu-latest\n${env}    steps:\n${steps}`;

describe('deploy/ci-registry-token and TestPyPI', () => {
  it('is low when every upload goes to TestPyPI', async () => {
    expect(await levels(job('      - run: |\n          uv publish \\\n            --publish-url https://test.pypi.org/legacy/ \\\n            dist/*\n        env:\n          UV_PUBLISH_TOKEN: ${{ secrets.TEST_PYPI_TOKEN }}\n'))).toEqual(['low']);
    expect(await levels(job('      - run: twine upload --repository testpypi dist/*\n        env:\n          TWINE_PASSWORD: ${{ secrets.TEST_PYPI_TOKEN }}\n'))).toEqual(['low']);
    expect(await levels(job('      - uses: pypa/gh-action-pypi-publish@release/v1\n        with:\n          repository-url: https://test.pypi.org/legacy/\n          password: ${{ secrets.TEST_PYPI_TOKEN }}\n'))).toEqual(['low']);
    expect(await levels(job('      - run: uv publish dist/*\n', '    env:\n      UV_PUBLISH_URL: https://test.pypi.org/legacy/\n      UV_PUBLISH_TOKEN: ${{ secrets.TEST_PYPI_TOKEN }}\n'))).toEqual(['low']);
  });

  it('keeps medium when any upload goes to PyPI, whatever the secret is called', async () => {
    expect(await levels(job('      - run: |\n          twine upload --repository testpypi dist/*\n          twine upload dist/*\n        env:\n          TWINE_PASSWORD: ${{ secrets.PYPI_TOKEN }}\n'))).toEqual(['medium']);
    expect(await levels(job('      - run: uv publish dist/*\n        env:\n          UV_PUBLISH_TOKEN: ${{ secrets.TEST_PYPI_TOKEN }}\n'))).toEqual(['medium']);
  });

  it("reads a token handed on the command line to each Python tool's upload, rye's too", async () => {
    expect(await levels(job('      - run: rye publish --token ${{ secrets.PYPI_API_TOKEN }} --yes --skip-existing\n'))).toEqual(['medium']);
    expect(await levels(job('      - run: uv publish --token ${{ secrets.PYPI_API_TOKEN }}\n'))).toEqual(['medium']);
    // Built, not uploaded.
    expect(await levels(job('      - run: rye build\n        env:\n          PYPI_TOKEN: ${{ secrets.PYPI_API_TOKEN }}\n'))).toEqual([]);
  });

  it('leaves a private index alone', async () => {
    expect(await levels(job('      - uses: pypa/gh-action-pypi-publish@release/v1\n        with:\n          repository-url: https://pypi.acme.internal/legacy/\n          password: ${{ secrets.INDEX_TOKEN }}\n'))).toEqual([]);
  });
});
