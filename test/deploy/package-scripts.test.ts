/**
 * deploy/ci-registry-token through package scripts: a release step that runs a script of the
 * project's package.json (`pnpm run publish`, changesets/action's `publish:` input, `pnpm -r run x`)
 * publishes with whatever that script runs, and the token in the step's env is what it uploads with.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { PackageFiles, scriptsRunBy } from '../../src/rules/deploy/package-scripts.js';
import { tempTree } from '../helpers/tmp.js';
import { MISSING } from '../../src/core/root-file.js';

const workflow = (step: string) =>
  `on:\n  push:\n    branches: [main]\npermissions:\n  contents: write\n  id-token: write\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n${step}`;
const changesets =
  '      - uses: changesets/action@v1\n        with:\n          publish: pnpm run publish\n        env:\n          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n          PYPI_TOKEN: ${{ secrets.PYPI_TOKEN }}\n';
const root = JSON.stringify({ name: 'root', private: true, scripts: { publish: 'pnpm changeset publish && pnpm run -r postPublish' } });
const python = (upload: string) => JSON.stringify({ name: 'sdk-python', private: true, scripts: { postPublish: upload, test: 'poetry run pytest' } });

async function tokens(files: Record<string, string>, cache?: string): Promise<string[]> {
  const { report } = await scan({ paths: [files['.'] ?? tempTree(files)], threads: 1, ...(cache ? { cache } : {}) });
  return report.findings.filter((f) => f.ruleId === 'deploy/ci-registry-token').map((f) => `${f.severity} ${f.location.startLine} ${f.message}`);
}

describe('a publish token that reaches the registry through a package script', () => {
  it('is reported when the script changesets/action runs uploads to PyPI in a workspace package', async () => {
    const found = await tokens({
      '.github/workflows/release.yml': workflow(changesets),
      'package.json': root,
      'pnpm-workspace.yaml': 'packages:\n  - js\n  - python\n',
      'js/package.json': JSON.stringify({ name: 'sdk', scripts: { prepublishOnly: 'pnpm build' } }),
      'python/package.json': python('poetry build && poetry config pypi-token.pypi ${PYPI_TOKEN} && poetry publish --skip-existing'),
    });
    expect(found).toEqual(['medium 12 Job "release" publishes to PyPI (through the script "postPublish" of python/package.json) with a stored token (PYPI_TOKEN = secrets.PYPI_TOKEN) instead of trusted publishing.']);
  });

  it('is reported for a run: step calling the script, in the step\'s working directory', async () => {
    const step = '      - run: npm run release\n        working-directory: packages/cli\n        env:\n          TWINE_PASSWORD: ${{ secrets.PYPI_API_TOKEN }}\n';
    const found = await tokens({
      '.github/workflows/release.yml': workflow(step),
      'packages/cli/package.json': JSON.stringify({ scripts: { release: 'npm run dist && npm run upload', dist: 'python -m build', upload: 'twine upload dist/*' } }),
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/through the script "upload" of packages\/cli\/package\.json/);
  });

  it('is not reported when the scripts the step runs publish nothing with the token', async () => {
    expect(
      await tokens({
        '.github/workflows/release.yml': workflow(changesets),
        'package.json': root,
        'pnpm-workspace.yaml': 'packages:\n  - python\n',
        // The token is handed over, but the script only builds and tests.
        'python/package.json': python('poetry build && poetry run pytest'),
      }),
    ).toEqual([]);
    // A script named like the upload but in a package the command does not reach.
    expect(
      await tokens({
        '.github/workflows/release.yml': workflow(changesets.replace('pnpm run publish', 'pnpm run publish:js')),
        'package.json': JSON.stringify({ scripts: { 'publish:js': 'pnpm --filter sdk run build' } }),
        'tools/package.json': python('twine upload dist/*'),
      }),
    ).toEqual([]);
  });

  it('a cached result is analyzed again when the package script changes', async () => {
    const files = {
      '.github/workflows/release.yml': workflow(changesets),
      'package.json': root,
      'pnpm-workspace.yaml': 'packages:\n  - python\n',
      'python/package.json': python('poetry build'),
    };
    const dir = tempTree(files);
    const cache = tempTree();
    expect(await tokens({ '.': dir }, cache)).toEqual([]);
    writeFileSync(path.join(dir, 'python/package.json'), python('poetry publish --build'));
    expect(await tokens({ '.': dir }, cache)).toHaveLength(1);
  });

  it('is not reported when the script only checks the upload (a dry run), and is when it really uploads', async () => {
    const step = (script: string) => ({
      '.github/workflows/release.yml': workflow('      - run: npm run release\n        env:\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CRATES_TOKEN }}\n'),
      'package.json': JSON.stringify({ scripts: { release: script } }),
    });
    expect(await tokens(step('cargo publish --dry-run'))).toEqual([]);
    expect(await tokens(step('cargo release minor'))).toEqual([]);
    expect(await tokens(step('cargo release minor --execute'))).toHaveLength(1);
    expect(await tokens(step('cargo publish --dry-run && cargo publish'))).toHaveLength(1);
  });

  it('follows recursive runs, lifecycle scripts and nested runs, each script once', () => {
    const dir = tempTree({
      'package.json': JSON.stringify({ workspaces: ['packages/*'], scripts: { release: 'npm run build && npm publish --workspaces', build: 'npm run build' } }),
      'packages/a/package.json': JSON.stringify({ scripts: { prepublishOnly: 'npm run check', check: 'tsc' } }),
      'packages/b/package.json': JSON.stringify({ scripts: { postpublish: 'node notify.js' } }),
    });
    const deps: string[] = [];
    const missing: string[] = [];
    const runs = scriptsRunBy(new PackageFiles(dir, (p, hash) => (hash === MISSING ? missing : deps).push(p)), 'npm run release', '');
    expect(runs.map((r) => `${r.file}#${r.name}`)).toEqual(['package.json#release', 'package.json#build', 'packages/a/package.json#prepublishOnly', 'packages/a/package.json#check', 'packages/b/package.json#postpublish']);
    expect(new Set(deps)).toEqual(new Set(['package.json', 'packages/a/package.json', 'packages/b/package.json']));
    // A file looked for and not there is recorded too: the result stands only while it still is not.
    expect(new Set(missing)).toEqual(new Set(['pnpm-workspace.yaml']));
    expect(scriptsRunBy(undefined, 'npm run release', '')).toEqual([]);
    // Another folder named by a flag, with the flag's value not taken for the script.
    expect(scriptsRunBy(new PackageFiles(dir), 'pnpm -C packages/b run postpublish', '').map((r) => r.file)).toEqual(['packages/b/package.json']);
    expect(scriptsRunBy(new PackageFiles(dir), 'npm --prefix ../elsewhere run postpublish', '')).toEqual([]);
    expect(scriptsRunBy(new PackageFiles(dir), 'pnpm --filter a run check', '').map((r) => `${r.file}#${r.name}`)).toEqual(['packages/a/package.json#check']);
  });
});
