/** deploy/ci-registry-token: a token that can only publish to TestPyPI is rated low. */
import { describe, expect, it } from 'vitest';
import { analyzer, findings } from './helpers.js';
import { runExample } from '../../src/engine/examples.js';

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

describe('deploy/ci-registry-token through a Makefile target, with the token set for the whole workflow', () => {
  const wf = (run: string) =>
    "on:\n  push:\n    tags: ['*']\nenv:\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n" + `      - run: ${run}\n`;
  const makefile = 'release: npm-publish\nnpm-publish: copy ## Publish the packages\n\t@for d in npm/*; do (cd $$d && npm publish); done\ncopy:\n\tcp build/* npm/\n.PHONY: release npm-publish copy\n';
  const found = async (run: string, files: Record<string, string>) =>
    (await runExample([analyzer], { path: '.github/workflows/release.yml', code: wf(run), with: files })).filter((f) => f.ruleId === 'deploy/ci-registry-token');

  it('follows make into the target and the targets it needs, and says the token reaches every step', async () => {
    const [f, ...rest] = await found('make release', { Makefile: makefile });
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('medium');
    expect(f?.message).toMatch(/through the target "npm-publish" of Makefile/);
    expect(f?.message).toMatch(/set in the workflow's env:, so every step of every job receives it/);
    expect(await found('make -C js npm-publish', { 'js/Makefile': makefile })).toHaveLength(1);
  });

  it('finds nothing when no target the step makes publishes', async () => {
    expect(await found('make copy', { Makefile: makefile })).toEqual([]);
    expect(await found('cmake --build . && make', { Makefile: makefile })).toEqual([]);
  });
});

describe('deploy/ci-registry-token for crates.io logins, NuGet.org pushes and release preparation', () => {
  const messages = async (code: string) =>
    (await findings('.github/workflows/publish.yml', code)).filter((f) => f.ruleId === 'deploy/ci-registry-token').map((f) => f.message);

  it('reads `cargo login` with the token in its arguments or on its input, only where the job publishes', async () => {
    expect(await levels(job('      - run: cargo login ${{ secrets.CRATES_TOKEN }}\n      - run: cargo publish\n'))).toEqual(['medium']);
    expect(await levels(job('      - run: echo "${{ secrets.CRATES_TOKEN }}" | cargo login\n      - run: cargo publish -p core\n'))).toEqual(['medium']);
    expect(await levels(job('      - run: cargo login ${{ secrets.CRATES_TOKEN }}\n      - run: cargo build --release\n'))).toEqual([]);
  });

  it('reads a NuGet.org push with an API key from a secret or a variable set from one, not a push to a private feed', async () => {
    expect(await levels(job('      - run: dotnet nuget push out/*.nupkg -k $NUGET_KEY -s https://api.nuget.org/v3/index.json\n        env:\n          NUGET_KEY: ${{ secrets.NUGET_API_KEY }}\n'))).toEqual(['medium']);
    expect(await levels(job('      - run: |\n          dotnet nuget push out/*.nupkg \\\n            --api-key ${{ secrets.NUGET_API_KEY }}\n'))).toEqual(['medium']);
    expect(await levels(job('      - run: dotnet nuget push out/*.nupkg --source https://pkgs.dev.azure.com/acme/_packaging/feed/nuget/v3/index.json --api-key ${{ secrets.FEED_KEY }}\n'))).toEqual([]);
  });

  it('says a job that only prepares the release does not publish, and does not take the installer of the tool for its release', async () => {
    const env = '        env:\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO_REGISTRY_TOKEN }}\n';
    const [prepared] = await messages(job(`      - run: cargo install --locked release-plz\n      - run: release-plz release-pr\n${env}`));
    expect(prepared).toMatch(/is given a stored crates\.io token .* though it publishes nothing: `release-plz release-pr` only prepares the release/);
    const [released] = await messages(job(`      - run: cargo install --locked release-plz\n      - run: release-plz release\n${env}`));
    expect(released).toMatch(/publishes to crates\.io with a stored token/);
    expect(await messages(job(`      - run: cargo install --locked release-plz\n      - run: cargo test\n${env}`))).toEqual([]);
  });
});

describe('deploy/ci-registry-token and an npm token written to .npmrc', () => {
  const msgs = async (code: string) => (await findings('.github/workflows/publish.yml', code)).filter((f) => f.ruleId === 'deploy/ci-registry-token').map((f) => f.message);
  const npmrc = '      - run: echo "//registry.npmjs.org/:_authToken=${{ secrets.NPM_TOKEN }}" > .npmrc\n';

  it('reads the publish of a later step, options before the command included, and says every step after the write can read it', async () => {
    const [m] = await msgs(job(`${npmrc}      - run: pnpm build\n      - run: pnpm --filter @acme/agent-core publish --access public\n`));
    expect(m).toMatch(/publishes to npm with a stored token \(\.npmrc _authToken = secrets\.NPM_TOKEN\)/);
    expect(m).toMatch(/written to \.npmrc by a step of its own/);
    expect(await levels(job(`${npmrc}      - run: pnpm -r publish\n`))).toEqual(['medium']);
    expect(await levels(job(`${npmrc}      - run: npm --workspace agent publish\n`))).toEqual(['medium']);
  });

  it('does not report the token when the job publishes nothing, or only checks the package', async () => {
    expect(await levels(job(`${npmrc}      - run: pnpm install && pnpm build\n`))).toEqual([]);
    expect(await levels(job(`${npmrc}      - run: pnpm --filter @acme/agent-core publish --dry-run\n`))).toEqual([]);
  });
});
