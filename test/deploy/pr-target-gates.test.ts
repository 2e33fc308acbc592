/** deploy/gha-pr-target-checkout: what a gate before a job that runs the pull request's code is worth. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const workflow = (gate: string, run: string, env = "        env: {API_KEY: '${{ secrets.API_KEY }}'}\n") =>
  `on: pull_request_target\npermissions: {contents: read}\njobs:\n  test:\n    runs-on: ubuntu-latest\n${gate}    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: \${{ github.event.pull_request.head.ref }}\n          repository: \${{ github.event.pull_request.head.repo.full_name }}\n          path: fork\n      - working-directory: fork/backend\n        run: ${run}\n${env}`;
const found = async (code: string) => (await findings('.github/workflows/test.yml', code)).filter((f) => f.ruleId === 'deploy/gha-pr-target-checkout');

describe('deploy/gha-pr-target-checkout gates', () => {
  it('keeps a job that installs and runs the pull request with secrets high behind an environment alone, saying why', async () => {
    const [f] = await found(workflow('    environment: test\n', 'pip install -r requirements.txt'));
    expect(f?.severity).toBe('high');
    expect(f?.message).toMatch(/Gated by environment "test": make sure it requires reviewers, a repository setting not shown here; without them the contributor's code runs with the secrets/);
  });

  it('lowers it to medium behind an environment chosen per pull request, or one named for approval, saying to check its reviewers', async () => {
    const routed = await found(workflow('    needs: authorize\n    environment: ${{ needs.authorize.outputs.environment }}\n', 'pip install -r requirements.txt'));
    expect(routed[0]?.severity).toBe('medium');
    expect(routed[0]?.message).toMatch(/Gated by an environment chosen per pull request by the check job "authorize" .*make sure the one outsiders' pull requests get requires reviewers/);
    const byAssociation = workflow("    environment: ${{ github.event.pull_request.author_association == 'MEMBER' && 'ci' || 'external-approval' }}\n", 'pip install -r requirements.txt');
    expect((await found(byAssociation))[0]?.message).toMatch(/chosen per pull request by the author's association/);
    expect((await found(workflow('    environment: manual-approval\n', 'pip install -r requirements.txt')))[0]?.severity).toBe('medium');
    expect((await found(workflow("    environment: {name: 'eval-gate'}\n", 'npm ci && npm test')))[0]?.severity).toBe('medium');
  });

  it('does not take a preview deployment environment for an approval', async () => {
    expect((await found(workflow('    environment: preview\n', 'npm ci && npm run build')))[0]?.severity).toBe('high');
  });

  it('names id-token: write for what it is, not a write token', async () => {
    const oidc = workflow('    permissions: {contents: read, pull-requests: read, id-token: write}\n', 'pip install -r requirements.txt', '');
    const [f] = await found(oidc);
    expect(f?.message).not.toMatch(/write token/);
    expect(f?.message).toMatch(/id-token: write \(it can mint an OIDC token for any cloud role that trusts this repository\)/);
    expect(f?.severity).toBe('high');
    const [g] = await found(workflow('    permissions: {contents: write}\n', 'pip install -r requirements.txt', ''));
    expect(g?.message).toMatch(/a write token left in \.git\/config/);
  });

  it('lowers it for a label gate, and for an environment when no secret is held', async () => {
    const label = "    if: contains(github.event.pull_request.labels.*.name, 'safe to test')\n";
    expect((await found(workflow(label, 'pip install -r requirements.txt')))[0]?.severity).toBe('medium');
    const noSecrets = workflow('    environment: test\n    permissions: {contents: write}\n', 'pip install -r requirements.txt', '');
    expect((await found(noSecrets))[0]?.severity).toBe('medium');
  });

  it('leaves an environment-gated job that only reads the checkout alone', async () => {
    expect(await found(workflow('    environment: test\n', 'git diff --stat'))).toEqual([]);
  });
});
