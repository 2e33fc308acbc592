import { describe, expect, it } from 'vitest';
// The evaluation's matching and metrics are plain ESM modules beside eval/run.mjs.
// @ts-expect-error no type declarations for the .mjs helpers
import { lineHash, matchVerdicts, LINE_TOLERANCE } from '../../eval/lib/match.mjs';
// @ts-expect-error no type declarations for the .mjs helpers
import { computeMetrics } from '../../eval/lib/metrics.mjs';

type Finding = { repo: string; path: string; line: number; ruleId: string; severity: string; fingerprint?: string; lineHash?: string };
type Verdict = Finding & { verdict: 'tp' | 'fp'; fairSeverity?: string; reason: string };

const finding = (over: Partial<Finding>): Finding => ({
  repo: 'acme/agent',
  path: 'src/app.py',
  line: 10,
  ruleId: 'secrets/generic-api-key',
  severity: 'medium',
  ...over,
});
const verdict = (over: Partial<Verdict>): Verdict => ({ ...finding({}), verdict: 'fp', reason: 'made up', ...over });

describe('lineHash', () => {
  it('ignores indentation and inner whitespace runs, but not content', () => {
    expect(lineHash('  api_key = "x"')).toBe(lineHash('api_key  =  "x"\t'));
    expect(lineHash('api_key = "x"')).not.toBe(lineHash('api_key = "y"'));
    expect(lineHash('anything')).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('matchVerdicts', () => {
  it('matches by fingerprint even when the line moved far', () => {
    const v = verdict({ fingerprint: 'f1', line: 10 });
    const f = finding({ fingerprint: 'f1', line: 250 });
    const { matched, unjudged, unmatched } = matchVerdicts([f], [v]);
    expect(matched).toHaveLength(1);
    expect(matched[0].how).toBe('fingerprint');
    expect(unjudged).toHaveLength(0);
    expect(unmatched).toHaveLength(0);
  });

  it('matches by line text when the fingerprint changed and lines were inserted above', () => {
    const h = lineHash('token = load()');
    const v = verdict({ fingerprint: 'old', lineHash: h, line: 10 });
    const f = finding({ fingerprint: 'new', lineHash: h, line: 40 });
    expect(matchVerdicts([f], [v]).matched[0].how).toBe('line-text');
  });

  it('matches a nearby line of the same rule within the tolerance, and not beyond it', () => {
    const v = verdict({ line: 10, lineHash: lineHash('a') });
    const near = finding({ line: 10 + LINE_TOLERANCE, lineHash: lineHash('b') });
    const far = finding({ line: 10 + LINE_TOLERANCE + 1, lineHash: lineHash('b') });
    expect(matchVerdicts([near], [v]).matched[0].how).toBe('nearby');
    expect(matchVerdicts([far], [v]).unjudged).toEqual([far]);
  });

  it('keeps a verdict to one finding and pairs each with the nearest of equal evidence', () => {
    const h = lineHash('same line text');
    const v1 = verdict({ line: 10, lineHash: h, reason: 'first' });
    const v2 = verdict({ line: 30, lineHash: h, reason: 'second' });
    const f1 = finding({ line: 31, lineHash: h });
    const f2 = finding({ line: 12, lineHash: h });
    const { matched } = matchVerdicts([f1, f2], [v1, v2]);
    const reasonOf = (f: Finding) => matched.find((m: { finding: Finding }) => m.finding === f).verdict.reason;
    expect(reasonOf(f1)).toBe('second');
    expect(reasonOf(f2)).toBe('first');
  });

  it('never passes a verdict to another rule, even on the same line', () => {
    const h = lineHash('x = 1');
    const v = verdict({ ruleId: 'secrets/generic-api-key', lineHash: h, fingerprint: 'f1' });
    const split = finding({ ruleId: 'secrets/vendor-project-key', lineHash: h, fingerprint: 'f2' });
    expect(matchVerdicts([split], [v]).unjudged).toEqual([split]);
  });

  it('keeps verdicts of other families with their rule: two deploy rules on one workflow step are two things', () => {
    const h = lineHash('- name: Install tool');
    const v = verdict({ ruleId: 'deploy/unpinned-action', lineHash: h, verdict: 'tp' });
    const f = finding({ ruleId: 'deploy/pipe-to-shell', lineHash: h });
    expect(matchVerdicts([f], [v]).unjudged).toEqual([f]);
  });

  it('never matches across repositories or files', () => {
    const v = verdict({ fingerprint: 'f1' });
    expect(matchVerdicts([finding({ repo: 'other/repo', fingerprint: 'f1' })], [v]).matched).toHaveLength(0);
    expect(matchVerdicts([finding({ path: 'src/other.py' })], [v]).matched).toHaveLength(0);
  });
});

describe('computeMetrics', () => {
  const pair = (sev: string, v: 'tp' | 'fp', ruleId = 'secrets/x', fairSeverity?: string) => ({
    finding: finding({ severity: sev, ruleId }),
    verdict: verdict({ severity: sev, verdict: v, ruleId, fairSeverity }),
    how: 'fingerprint',
  });

  it('gives precision per family, at >= medium and overall', () => {
    const matched = [
      pair('high', 'tp'),
      pair('medium', 'fp'),
      pair('low', 'tp'),
      pair('medium', 'tp', 'code/missing-approval'),
      pair('info', 'fp', 'deploy/unpinned-action'),
    ];
    const m = computeMetrics(matched, [], []);
    expect(m.total.atLeastMedium).toEqual({ right: 2, judged: 3, precision: 2 / 3 });
    expect(m.total.all).toEqual({ right: 3, judged: 5, precision: 3 / 5 });
    expect(m.families.secrets.atLeastMedium).toEqual({ right: 1, judged: 2, precision: 0.5 });
    expect(m.families.code.all.precision).toBe(1);
    expect(m.families.mcp.all).toEqual({ right: 0, judged: 0, precision: null });
  });

  it('counts a true positive that deserves less than medium as wrong at >= medium in the strict figure', () => {
    const m = computeMetrics([pair('medium', 'tp', 'deploy/unpinned-image', 'low'), pair('high', 'tp')], [], []);
    expect(m.total.atLeastMedium.right).toBe(2);
    expect(m.total.atLeastMediumStrict.right).toBe(1);
  });

  it('uses the severity of the current scan, so a finding lowered below medium leaves the >= medium figure', () => {
    const lowered = { finding: finding({ severity: 'low' }), verdict: verdict({ severity: 'medium', verdict: 'fp' }), how: 'nearby' };
    const m = computeMetrics([lowered], [], []);
    expect(m.total.atLeastMedium.judged).toBe(0);
    expect(m.total.all.judged).toBe(1);
  });

  it('counts unjudged findings, weights the estimate by stratum and reports verdicts whose finding is gone', () => {
    const matched = [pair('info', 'tp', 'deploy/unpinned-action'), pair('medium', 'fp')];
    const unjudged = [
      finding({ ruleId: 'deploy/unpinned-action', severity: 'info' }),
      finding({ ruleId: 'deploy/unpinned-action', severity: 'info' }),
      finding({ ruleId: 'identity/shared-credential', severity: 'medium' }),
    ];
    const gone = [
      verdict({ verdict: 'fp', ruleId: 'secrets/x' }),
      verdict({ verdict: 'tp', ruleId: 'secrets/x' }),
      verdict({ verdict: 'fp', ruleId: 'secrets/x' }),
      verdict({ verdict: 'tp', ruleId: 'deploy/rule-of-a-later-build' }),
    ];
    const m = computeMetrics(matched, unjudged, gone);
    expect(m.total.unjudged).toBe(3);
    expect(m.total.unjudgedAtLeastMedium).toBe(1);
    // 3 action findings at precision 1, 1 secret finding at precision 0; the identity stratum has no verdict
    expect(m.estimatedOverall).toEqual({ precision: 3 / 4, findingsCovered: 4, findings: 5 });
    // the last verdict's rule is reported nowhere in this scan: neither a fix nor a recall loss
    expect(m.gone).toEqual({ fp: 2, tp: 1, ruleNotReported: 1 });
  });
});
