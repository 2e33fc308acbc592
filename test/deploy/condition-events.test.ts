import { describe, expect, it } from 'vitest';
import { followsInsiderEventsOnly, pinnedValues, runEvents } from '../../src/rules/deploy/condition-events.js';
import { findings } from './helpers.js';

const set = (v: Set<string> | 'any') => (v === 'any' ? v : [...v].sort());

describe('events an if: condition pins', () => {
  it('reads ==, && and || soundly', () => {
    expect(set(pinnedValues("github.event_name == 'push'", 'github.event_name'))).toEqual(['push']);
    expect(set(pinnedValues("${{ github.event_name == 'push' || github.event_name == 'Release' }}", 'github.event_name'))).toEqual(['push', 'release']);
    expect(set(pinnedValues("github.event_name == 'issues' && github.event.label.name == 'x'", 'github.event_name'))).toEqual(['issues']);
    // One alternative that does not pin the event lets every event through.
    expect(pinnedValues("github.event_name == 'push' || github.event.label.name == 'x'", 'github.event_name')).toBe('any');
    expect(set(pinnedValues("contains(fromJSON('[\"push\", \"schedule\"]'), github.event_name)", 'github.event_name'))).toEqual(['push', 'schedule']);
  });

  it('takes what it cannot follow for any event', () => {
    for (const c of ["github.event_name != 'push'", "!(github.event_name == 'push')", "startsWith(github.event_name, 'pu')", 'always()', true, undefined, "github.event_name == 'push' &&"]) {
      expect(pinnedValues(c, 'github.event_name'), String(c)).toBe('any');
    }
  });

  it('narrows the triggers and tells a workflow_run that follows insiders\' runs', () => {
    const cond = "github.event_name == 'workflow_dispatch' || (github.event.workflow_run.conclusion == 'success' && github.event.workflow_run.event == 'release')";
    expect(runEvents(['workflow_run', 'workflow_dispatch', 'issues'], [cond])).toEqual(['workflow_run', 'workflow_dispatch', 'issues']);
    expect(runEvents(['workflow_run', 'issues'], ["github.event_name == 'workflow_run'"])).toEqual(['workflow_run']);
    // On a workflow_run the first alternative is false: only runs that follow a release are left.
    expect(followsInsiderEventsOnly([cond])).toBe(true);
    expect(followsInsiderEventsOnly(["github.event_name == 'workflow_run' || github.event.workflow_run.event == 'release'"])).toBe(false);
    expect(followsInsiderEventsOnly(["github.event.workflow_run.event == 'release'"])).toBe(true);
    expect(followsInsiderEventsOnly(["github.event.workflow_run.event == 'pull_request'"])).toBe(false);
  });
});

describe('deploy/gha-script-injection and the events a job is pinned to', () => {
  const homebrew = (jobIf: string) =>
    'on:\n  workflow_run:\n    workflows: [Build]\n    types: [completed]\n  workflow_dispatch:\npermissions: {contents: write}\njobs:\n  update:\n' +
    `    if: ${jobIf}\n` +
    '    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.workflow_run.head_branch }}"\n';
  const injection = async (code: string) => (await findings('.github/workflows/formula.yml', code)).filter((f) => f.ruleId === 'deploy/gha-script-injection');

  it('drops a workflow_run the job pins to runs of a release', async () => {
    expect(await injection(homebrew("github.event_name == 'workflow_dispatch' || (github.event.workflow_run.conclusion == 'success' && github.event.workflow_run.event == 'release')"))).toEqual([]);
    expect(await injection(homebrew("github.event.workflow_run.event == 'release'"))).toEqual([]);
    expect(await injection(homebrew("github.event.workflow_run.event == 'release' && github.event.workflow_run.conclusion == 'success'"))).toEqual([]);
  });

  it('keeps it when a pull request\'s run can start it', async () => {
    expect(await injection(homebrew("github.event.workflow_run.conclusion == 'success'"))).toHaveLength(1);
    expect(await injection(homebrew("github.event.workflow_run.event == 'release' || github.event.workflow_run.event == 'pull_request'"))).toHaveLength(1);
  });

  it('drops a step pinned to a manual run on an issue workflow, and keeps its sibling', async () => {
    const code =
      'on: [issues, workflow_dispatch]\npermissions: {issues: write}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n' +
      "      - if: github.event_name == 'workflow_dispatch'\n        run: echo \"${{ github.event.issue.title }}\"\n" +
      '      - run: echo "${{ github.event.issue.body }}"\n';
    const found = await injection(code);
    expect(found.map((f) => f.evidence)).toEqual(['${{ github.event.issue.body }}']);
  });
});
