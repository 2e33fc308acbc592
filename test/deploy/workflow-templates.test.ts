/**
 * Workflows kept outside `.github/workflows/` for readers to copy (a template in an example or docs
 * folder): read as workflows, their findings in the example's context; other YAML with `on:` and
 * `jobs:` keys, or a workflow-shaped file elsewhere in the tree, is not.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const template =
  'on:\n  issues:\n    types: [opened]\npermissions: {contents: read, issues: write, id-token: write}\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n' +
  '      - uses: google-github-actions/run-gemini-cli@v0\n        env:\n          ISSUE_BODY: ${{ github.event.issue.body }}\n        with:\n          gemini_api_key: ${{ secrets.GEMINI_API_KEY }}\n          prompt: Label the issue.\n';

async function found(files: Record<string, string>): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
  return report.findings.filter((f) => f.ruleId.startsWith('deploy/')).map((f) => `${f.ruleId} ${f.location.path} ${f.severity} ${f.context}`);
}

describe('workflow templates outside .github/workflows', () => {
  it('reads one in an examples folder as a workflow, in the example context', async () => {
    expect(await found({ 'examples/workflows/issue-triage/triage.yml': template })).toEqual([
      'deploy/ci-agent-unrestricted examples/workflows/issue-triage/triage.yml medium example',
      'deploy/unpinned-action examples/workflows/issue-triage/triage.yml info example',
    ]);
  });

  it('leaves a workflow-shaped file outside example and docs folders, and YAML whose jobs do not run on a runner', async () => {
    expect(await found({ 'scripts/ci/triage.yml': template })).toEqual([]);
    expect(await found({ 'examples/scheduler.yml': 'on: startup\njobs:\n  nightly:\n    cron: "0 3 * * *"\n    command: backup\n' })).toEqual([]);
  });
});
