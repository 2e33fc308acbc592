/** deploy/unpinned-action: a third party's branch is medium, low where the job holds nothing to steal. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

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

  it('is low with the default token when the job holds no secrets and is granted no write permission, saying so', async () => {
    expect(await levels(workflow(''))).toEqual(['low']);
    const [f] = (await findings('.github/workflows/ci.yml', workflow(''))).filter((x) => x.ruleId === 'deploy/unpinned-action');
    expect(f!.message).toMatch(/no secrets and is granted no write permission \(the workflow declares none/);
  });

  it('stays medium with a write scope (the job\'s own or the workflow\'s), or a secret in the job', async () => {
    expect(await levels(workflow('permissions:\n  contents: write\n'))).toEqual(['medium']);
    expect(await levels(workflow('permissions: write-all\n'))).toEqual(['medium']);
    expect(await levels(workflow('', '      - run: make publish\n        env:\n          REGISTRY_TOKEN: ${{ secrets.REGISTRY_TOKEN }}\n'))).toEqual(['medium']);
  });

  it('stays medium with the default token in a job that pushes or releases with it, and in a composite action (its caller\'s job holds what it holds)', async () => {
    expect(await levels(workflow('', '      - run: git commit -am "docs" && git push\n'))).toEqual(['medium']);
    const action = (await findings('.github/actions/setup/action.yml', "name: setup\nruns:\n  using: composite\n  steps:\n    - uses: some-org/setup-toolchain@stable\n")).filter((f) => f.ruleId === 'deploy/unpinned-action');
    expect(action.map((f) => f.severity)).toEqual(['medium']);
    expect(await levels(workflow('permissions:\n  contents: read\n', '      - run: make publish\n        env:\n          REGISTRY_TOKEN: ${{ secrets.REGISTRY_TOKEN }}\n'))).toEqual(['medium']);
  });
});

describe('deploy/unpinned-action of a sister organisation of the same company (rules/deploy/organisations.yaml)', () => {
  // The workflow names its own organisation in a condition, as the repository's origin would.
  const workflow = (owner: string, uses: string) =>
    `on: pull_request_target\npermissions: {statuses: write}\njobs:\n  check:\n    if: github.repository_owner == '${owner}'\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${uses}\n`;
  const found = async (code: string) => (await findings('.github/workflows/ci.yml', code)).filter((f) => f.ruleId === 'deploy/unpinned-action');

  it("rates its branch low, as the organisation's own, and names the company", async () => {
    const [f] = await found(workflow('microsoft', 'azure/sdk-tools@main'));
    expect(f?.severity).toBe('low');
    expect(f?.message).toMatch(/\(Microsoft's, as the repository is\) follows a branch/);
    expect((await found(workflow('Azure', 'microsoft/tools@main')))[0]?.severity).toBe('low');
  });

  it('keeps its tag low (not info, as the organisation\'s own is), and another company\'s branch medium', async () => {
    expect((await found(workflow('google', 'googleapis/release-tool@v4')))[0]?.severity).toBe('low');
    expect((await found(workflow('microsoft', 'googleapis/release-tool@main')))[0]?.severity).toBe('medium');
    expect((await found(workflow('some-org', 'azure/sdk-tools@main')))[0]?.severity).toBe('medium');
  });
});

describe('deploy/unpinned-action on a release branch', () => {
  it('calls release/v1 a release branch, not a tag, and rates it as a major-version tag', async () => {
    const wf = 'on: push\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: pypa/gh-action-pypi-publish@release/v1\n      - uses: some-org/setup-tool@v2\n';
    const [branch, tag] = (await findings('.github/workflows/ci.yml', wf)).filter((x) => x.ruleId === 'deploy/unpinned-action');
    expect(branch?.message).toMatch(/follows the release branch release\/v1, which its owner moves to each new release/);
    expect(tag?.message).toMatch(/is pinned to the tag v2/);
    expect([branch?.severity, tag?.severity]).toEqual(['low', 'low']);
  });
});

describe('deploy/unpinned-action points at the reference', () => {
  it("reports the step's uses: line, not the name: that opens it, with the same fingerprint", async () => {
    const named = 'on: push\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Set up the tool\n        uses: some-org/setup-tool@v2\n';
    const bare = 'on: push\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: some-org/setup-tool@v2\n';
    const [f] = (await findings('.github/workflows/ci.yml', named)).filter((x) => x.ruleId === 'deploy/unpinned-action');
    const [g] = (await findings('.github/workflows/ci.yml', bare)).filter((x) => x.ruleId === 'deploy/unpinned-action');
    expect(f?.location.startLine).toBe(8);
    expect(f?.snippet).toBe('uses: some-org/setup-tool@v2');
    expect(g?.location.startLine).toBe(7);
    expect(f?.fingerprint).toBe(g?.fingerprint);
  });
});

describe("deploy/unpinned-action of the repository's own action", () => {
  const git = '[remote "origin"]\n\turl = https://github.com/acme/review-action.git\n';
  const workflow = 'on: pull_request\npermissions: {contents: read}\njobs:\n  review:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/review-action@main\n      - uses: acme/other-action@main\n';
  const found = async (files: Record<string, string>) => {
    const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
    return report.findings.filter((f) => f.ruleId === 'deploy/unpinned-action').map((f) => `${f.evidence} ${f.severity}`);
  };

  // In a job with a read-only token and no secrets, the organisation's own branch is info (see below).
  it('does not report the action the repository publishes (known by its origin remote), and keeps another of its organisation', async () => {
    expect(await found({ '.git/config': git, '.github/workflows/dogfood.yml': workflow })).toEqual(['acme/other-action@main info']);
  });

  it('reports it as any other without the origin that names the repository', async () => {
    expect(await found({ '.github/workflows/dogfood.yml': workflow })).toEqual(['acme/review-action@main low', 'acme/other-action@main low']);
  });
});

describe("deploy/unpinned-action: the organisation's own reusable workflow by branch", () => {
  const git = '[remote "origin"]\n\turl = https://github.com/acme/agent.git\n';
  const call = (workflow: string, extra = '', permissions = '') =>
    `on: [push, pull_request]\n${permissions}jobs:\n  lint:\n    uses: acme/meta/.github/workflows/${workflow}@main\n    with:\n      config: .lint.yml\n${extra}`;
  const level = async (code: string) => {
    const { report } = await scan({ paths: [tempTree({ '.git/config': git, '.github/workflows/ci.yml': code })], threads: 1 });
    return report.findings.filter((f) => f.ruleId === 'deploy/unpinned-action').map((f) => f.severity);
  };

  it('is info when the job hands it no secret and grants no write permission: it reaches what a tag of the organisation would', async () => {
    expect(await level(call('lint.yml'))).toEqual(['info']);
    expect(await level(call('lint.yml', '', 'permissions:\n  contents: read\n'))).toEqual(['info']);
  });

  it('stays low when the job hands it secrets (named or inherited), grants a write permission, or calls a release workflow with the default token', async () => {
    expect(await level(call('release.yml', '    secrets:\n      signing_key: ${{ secrets.SIGNING_KEY }}\n'))).toEqual(['low']);
    expect(await level(call('lint.yml', '    secrets: inherit\n'))).toEqual(['low']);
    expect(await level(call('lint.yml', '', 'permissions:\n  contents: write\n'))).toEqual(['low']);
    expect(await level(call('goreleaser.yml'))).toEqual(['low']);
  });

  it('stays low in a job whose outputs other jobs read: an authorisation check decides beyond its own job', async () => {
    const gate =
      'on: issue_comment\npermissions: {contents: read}\njobs:\n  authorize:\n    runs-on: ubuntu-latest\n    outputs:\n      allowed: ${{ steps.check.outputs.allowed }}\n    steps:\n      - id: check\n        uses: acme/tools/permission-check@main\n';
    expect(await level(gate)).toEqual(['low']);
  });

  it("keeps a third party's reusable workflow by branch low with nothing to steal, medium with a secret", async () => {
    const other = (extra: string) => call('lint.yml', extra).replace('acme/meta', 'some-org/meta');
    expect(await level(other(''))).toEqual(['low']);
    expect(await level(other('    secrets:\n      token: ${{ secrets.BOT_TOKEN }}\n'))).toEqual(['medium']);
  });
});
