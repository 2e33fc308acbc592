/**
 * deploy/gha-script-injection: outsider-written contexts expanded into run: scripts, rated by the
 * trigger (what the job holds when an outsider starts it) and reported at the expression's line.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';
import { outsiderTextIn } from '../../src/rules/deploy/expression-value.js';

async function injections(workflow: string): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree({ '.github/workflows/w.yml': workflow })], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'deploy/gha-script-injection').map((f) => `${f.severity} ${f.location.startLine} ${f.evidence}`);
}

const job = (on: string, extra = '') =>
  `on:\n${on}\npermissions:\n  contents: write\njobs:\n  j:\n${extra}    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Tag\n        run: |\n          set -e\n          git tag "rc-\${{ github.head_ref }}"\n          echo "\${{ github.event.pull_request.title }}"\n        env:\n          NPM_TOKEN: \${{ secrets.NPM_TOKEN }}\n`;

describe('deploy/gha-script-injection', () => {
  it('is low on pull_request: a fork\'s run holds no secrets and a read-only token', async () => {
    expect(await injections(job('  pull_request:'))).toEqual(['low 13 ${{ github.head_ref }}', 'low 14 ${{ github.event.pull_request.title }}']);
  });

  it('is high on pull_request_target with a write token and secrets, medium behind a gate on who starts it', async () => {
    expect(await injections(job('  pull_request_target:'))).toEqual(['high 13 ${{ github.head_ref }}', 'high 14 ${{ github.event.pull_request.title }}']);
    const gated = await injections(job('  pull_request_target:', "    if: contains(fromJSON('[\"OWNER\",\"MEMBER\"]'), github.event.pull_request.author_association)\n"));
    expect(gated.map((g) => g.split(' ')[0])).toEqual(['medium', 'medium']);
    // A decision an earlier job makes and this one requires (a script's verdict on the author or the head repository).
    const decided = await injections(job('  pull_request_target:', "    needs: [gate]\n    if: needs.gate.outputs.eligible == 'true'\n").replace('jobs:\n', 'jobs:\n  gate:\n    runs-on: ubuntu-latest\n    outputs:\n      eligible: ${{ steps.g.outputs.ok }}\n    steps:\n      - id: g\n        run: ./gate.sh\n'));
    expect(decided.map((g) => g.split(' ')[0])).toEqual(['medium', 'medium']);
    // A skip switch beside it is no gate.
    const skippable = await injections(job('  pull_request_target:', "    needs: [gate]\n    if: needs.gate.outputs.eligible == 'true' || github.event_name == 'pull_request_target'\n").replace('jobs:\n', 'jobs:\n  gate:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./gate.sh\n'));
    expect(skippable.map((g) => g.split(' ')[0])).toEqual(['high', 'high']);
  });

  it('is not reported on triggers only writers cause, nor for values passed through env', async () => {
    expect(await injections(job('  push:\n    branches: [main]'))).toEqual([]);
    expect(await injections('on: issue_comment\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "$BODY" | ./triage.sh ${{ github.event.issue.number }}\n        env:\n          BODY: ${{ github.event.comment.body }}\n')).toEqual([]);
  });
});

describe('what an expression can evaluate to', () => {
  const outsider = (text: string) => /github\.head_ref|github\.event\.pull_request\.(?:title|body|head\.ref)/.exec(text)?.[0];

  it('is only its own literals or a boolean when the outsider text is an argument of a test or a comparison', () => {
    for (const e of [
      " (startsWith(github.head_ref, 'release/') && 'true') || 'false' ",
      " ((github.event_name == 'workflow_dispatch' && inputs.mode != 'x') || (github.event.pull_request.merged == true && startsWith(github.event.pull_request.head.ref, 'release/'))) && 'true' || 'false' ",
      " contains(github.event.pull_request.title, '[skip ci]') ",
      " github.head_ref == 'main' ",
      " !github.event.pull_request.body ",
      " endsWith(github.head_ref, '-rc') && 1 || 0 ",
      // An outsider operand before `||` or `&&` inside a test: every operand is still read.
      " contains(github.event.pull_request.title || '', 'deploy') ",
      " (github.event.pull_request.title || 'none') == 'x' ",
    ]) {
      expect(outsiderTextIn(e, outsider), e).toBeUndefined();
    }
  });

  it('carries the outsider text when it can be the value: an operand of && or ||, or an argument of format, join or toJSON', () => {
    expect(outsiderTextIn(" github.head_ref || 'main' ", outsider)).toBe('github.head_ref');
    expect(outsiderTextIn(" github.event_name == 'pull_request' && github.head_ref || github.ref_name ", outsider)).toBe('github.head_ref');
    expect(outsiderTextIn(" toJSON(github.event.pull_request.body) ", outsider)).toBe('github.event.pull_request.body');
    expect(outsiderTextIn(" format('x-{0}', github.head_ref) ", outsider)).toBe('github.head_ref');
    // Text this reader cannot follow is judged by what it names.
    expect(outsiderTextIn(' github.head_ref ?? "x" ', outsider)).toBe('github.head_ref');
  });
});
