/** CI findings rated by what the job exposes: a vendor's piped installer low whatever the job holds (its message says what it publishes), write-all by what runs with it. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const job = (extra: string, steps = '') =>
  `on: pull_request\n${extra}jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -LsSf https://astral.sh/uv/install.sh | sh\n      - run: uv run pytest\n${steps}`;

/** The same job piping a script from a host that is no vendor's: rated by what the job holds. */
const other = (extra: string) => job(extra).replace('https://astral.sh/uv/install.sh', 'https://tools.example.net/install.sh');
const severity = async (code: string) => (await findings('.github/workflows/test.yml', code)).find((f) => f.ruleId === 'deploy/pipe-to-shell')?.severity;

describe('a vendor installer piped into a shell in a CI job', () => {
  it('is low in a job that holds only the default token and no secret', async () => {
    expect(await severity(job(''))).toBe('low');
    expect(await severity(job('permissions:\n  contents: read\n'))).toBe('low');
  });

  // The vendor's setup action by tag (astral-sh/setup-uv@v6) is low in a release job: its installer script is the same trust.
  it('is low in a job that publishes too (a registry token, or a step that pushes, uploads a package or deploys), and says so', async () => {
    const message = async (code: string) => (await findings('.github/workflows/test.yml', code)).find((f) => f.ruleId === 'deploy/pipe-to-shell')?.message;
    expect(await severity(job('env:\n  PYPI_TOKEN: ${{ secrets.PYPI_TOKEN }}\n'))).toBe('low');
    expect(await severity(job('permissions:\n  contents: read\n  id-token: write\n', '      - run: uv build && uv publish\n'))).toBe('low');
    expect(await severity(job('permissions:\n  contents: write\n', '      - run: git push origin HEAD:gh-pages\n'))).toBe('low');
    expect(await severity(job('permissions:\n  contents: write\n', '      - uses: softprops/action-gh-release@v2\n'))).toBe('low');
    expect(await message(job('permissions:\n  contents: write\n', '      - run: mike deploy --push 1.0 latest\n'))).toMatch(/in a job that publishes \(/);
  });

  it('says a build job publishes when a job that needs it downloads its artifact and publishes it', async () => {
    const release = (publish: string) =>
      'on: release\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -sSL https://install.python-poetry.org | python3 -\n      - run: poetry build\n' +
      '      - uses: actions/upload-artifact@v4\n        with: {name: package, path: dist/}\n' +
      `  publish:\n    needs: build\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/download-artifact@v4\n        with: {name: package, path: dist/}\n${publish}`;
    const message = async (code: string) => (await findings('.github/workflows/release.yml', code)).find((f) => f.ruleId === 'deploy/pipe-to-shell')?.message;
    expect(await message(release('      - uses: pypa/gh-action-pypi-publish@release/v1\n'))).toMatch(/in a job that publishes \(its artifact is published by job "publish" \(a step runs pypa\/gh-action-pypi-publish\)\)/);
    expect(await message(release('      - run: ls dist/\n'))).toMatch(/in a job that publishes nothing/);
  });

  it('keeps plain HTTP high, and an unlisted host or a script on a code host medium, in a job that publishes', async () => {
    const wf = (url: string) => job('env:\n  PYPI_TOKEN: ${{ secrets.PYPI_TOKEN }}\n').replace('https://astral.sh/uv/install.sh', url);
    expect(await severity(wf('http://astral.sh/uv/install.sh'))).toBe('high');
    for (const url of ['https://tools.example.net/install.sh', 'https://raw.githubusercontent.com/someone/tools/main/install.sh']) expect(await severity(wf(url)), url).toBe('medium');
  });

  it('is low in a job that publishes nothing: contents: write declared for the workflow, or id-token: write to log in to a cloud for its tests', async () => {
    expect(await severity(job('permissions:\n  contents: write\n'))).toBe('low');
    expect(await severity(job('permissions:\n  contents: read\n  id-token: write\n', '      - uses: azure/login@v2\n        with: {client-id: x, tenant-id: y, subscription-id: z}\n'))).toBe('low');
  });

  it("an unlisted host's script is low in a test job whose only secrets are model API keys, medium when another secret is beside them", async () => {
    expect(await severity(other('env:\n  OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n  ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}\n'))).toBe('low');
    expect(await severity(other('env:\n  OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n  AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n'))).toBe('medium');
  });

  it("an unlisted host's script is low in a test job whose other secrets only upload a coverage report or are named for testing", async () => {
    expect(await severity(other('env:\n  CODECOV_TOKEN: ${{ secrets.CODECOV_TOKEN }}\n  OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n'))).toBe('low');
    expect(await severity(other('env:\n  DB_PASSWORD: ${{ secrets.TEST_DB_PASSWORD }}\n'))).toBe('low');
    expect(await severity(other('env:\n  CODECOV_TOKEN: ${{ secrets.CODECOV_TOKEN }}\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n'))).toBe('medium');
    expect(await severity(other('env:\n  TOKEN: ${{ secrets.LATEST_RELEASE_TOKEN }}\n'))).toBe('medium');
  });
});

describe('write-all on a job that only runs pinned actions', () => {
  it('is low when every step is an action pinned to a commit; high when anything else runs on an outsider\'s event', async () => {
    const wf = (steps: string) => `on: [push, issue_comment]\njobs:\n  status:\n    permissions: write-all\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;
    const sev = async (code: string) => (await findings('.github/workflows/status.yml', code)).find((f) => f.ruleId === 'deploy/gha-write-all')?.severity;
    expect(await sev(wf('      - uses: acme/set-commit-status@16037e056d73b2d3c88e37e393ff369047f70886\n'))).toBe('low');
    expect(await sev(wf('      - uses: acme/set-commit-status@v2\n'))).toBe('high');
    expect(await sev(wf('      - uses: acme/set-commit-status@16037e056d73b2d3c88e37e393ff369047f70886\n      - run: make release\n'))).toBe('high');
  });
});

describe('write-all by who can start the workflow', () => {
  const sev = async (on: string) =>
    (await findings('.github/workflows/docs.yml', `on: ${on}\npermissions: write-all\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci && npm run docs\n`)).find((f) => f.ruleId === 'deploy/gha-write-all')?.severity;

  it('is high when an outsider\'s event starts it with the write token (a comment, an issue, pull_request_target, a chained run)', async () => {
    for (const on of ['issue_comment', 'issues', 'pull_request_target', 'workflow_run', '[push, discussion_comment]']) expect(await sev(on), on).toBe('high');
  });

  it("is medium when only the repository's own events start it: a fork's pull request gets a read-only token", async () => {
    for (const on of ['push', 'pull_request', '[push, workflow_dispatch, schedule]', 'pull_request_review']) expect(await sev(on), on).toBe('medium');
  });
});

describe('an untagged image whose name fixes its release line', () => {
  const sev = async (image: string) => (await findings('Dockerfile', `FROM ${image}\nCMD ["app"]\n`)).find((f) => f.ruleId === 'deploy/unpinned-image')?.severity;

  it('is low, as a version tag is (distroless, UBI, a Debian or Ubuntu release in the name)', async () => {
    for (const image of ['gcr.io/distroless/nodejs22-debian12', 'gcr.io/distroless/static-debian12:latest', 'registry.access.redhat.com/ubi9/python-311', 'acme/runner-bookworm']) expect(await sev(image), image).toBe('low');
  });

  it('is medium when nothing in the name or tag fixes a release', async () => {
    for (const image of ['python', 'redis:latest', 'neo4j', 'gcr.io/distroless/base', 'acme/debian12tools']) expect(await sev(image), image).toBe('medium');
  });
});

describe("a vendor's installer in a Dockerfile", () => {
  it('is low in an image build, and an unknown host stays medium', async () => {
    const sev = async (code: string) => (await findings('Dockerfile', code)).filter((f) => f.ruleId === 'deploy/pipe-to-shell').map((f) => f.severity);
    expect(await sev('FROM python:3.12-slim\nRUN curl -LsSf https://astral.sh/uv/install.sh | sh\n')).toEqual(['low']);
    expect(await sev('FROM python:3.12-slim\nRUN curl -LsSf https://tools.example.com/install.sh | sh\n')).toEqual(['medium']);
  });
});

describe("the repository owner's own installer piped into a shell in a CI job", () => {
  const wf = (url: string) =>
    "on: push\njobs:\n  deploy:\n    if: github.repository_owner == 'acme'\n    runs-on: ubuntu-latest\n    steps:\n" +
    `      - run: curl -sSL ${url} | bash\n      - run: acme deploy\n        env:\n          ACME_DEPLOY_KEY: \${{ secrets.ACME_DEPLOY_KEY }}\n`;

  it('is low, saying so, as the project\'s own code in the job is; anyone else\'s stays medium', async () => {
    const [f] = (await findings('.github/workflows/deploy.yml', wf('https://get.acme.dev/install.sh'))).filter((x) => x.ruleId === 'deploy/pipe-to-shell');
    expect(f?.severity).toBe('low');
    expect(f?.message).toMatch(/repository owner's own installer/);
    expect(await severity(wf('https://get.example.dev/install.sh'))).toBe('medium');
  });
});
