import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/tmp.js';
// @ts-expect-error no type declarations for the .mjs helpers
import { lineHash } from '../../eval/lib/match.mjs';

const script = path.resolve(__dirname, '../../eval/run.mjs');
const run = (args: string[]) =>
  spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: { ...process.env, AGENTWARDEN_EVAL_REPOS: '' } });

describe('eval/run.mjs', () => {
  it('skips cleanly when no repositories folder is given or none is checked out', () => {
    const none = run([]);
    expect(none.status).toBe(0);
    expect(none.stdout).toContain('nothing to evaluate');
    const empty = tempTree({ 'README.md': 'x' });
    const absent = run(['--repos', empty]);
    expect(absent.status).toBe(0);
    expect(absent.stdout).toContain('none of the evaluation repositories is present');
  });

  it('scores a saved report against verdicts whose lines moved, and lists what is unjudged', () => {
    // A made-up repository: two lines were inserted above each judged line since judging.
    const source = ['# header', '# inserted', '# inserted', 'KEY = "placeholder"', 'token = read()', 'other = 1'].join('\n');
    const report = {
      findings: [
        { ruleId: 'secrets/generic-api-key', severity: 'medium', fingerprint: 'new1', location: { path: 'app.py', startLine: 4 } },
        { ruleId: 'secrets/generic-token', severity: 'high', fingerprint: 'new2', location: { path: 'app.py', startLine: 5 } },
        { ruleId: 'deploy/unpinned-image', severity: 'low', fingerprint: 'new3', location: { path: 'app.py', startLine: 6 } },
      ],
    };
    const verdicts = {
      verdicts: [
        { repo: 'acme/agent', path: 'app.py', line: 2, ruleId: 'secrets/generic-api-key', severity: 'medium', verdict: 'fp', reason: 'placeholder', fingerprint: 'old1', lineHash: lineHash('KEY = "placeholder"') },
        { repo: 'acme/agent', path: 'app.py', line: 3, ruleId: 'secrets/generic-token', severity: 'high', verdict: 'tp', reason: 'real', fingerprint: 'old2', lineHash: lineHash('token = read()') },
        { repo: 'acme/agent', path: 'gone.py', line: 9, ruleId: 'secrets/generic-token', severity: 'high', verdict: 'fp', reason: 'fixed since' },
      ],
    };
    const dir = tempTree({
      'repos/acme+agent/app.py': source,
      'reports/acme+agent.json': JSON.stringify(report),
      'repos.yaml': 'repositories:\n  - repo: acme/agent\n    commit: 0123456789012345678901234567890123456789\n    kind: framework\n  - repo: acme/absent\n    commit: 0123456789012345678901234567890123456789\n    kind: mcp-server\n',
      'verdicts.yaml': JSON.stringify(verdicts),
    });
    const out = path.join(dir, 'out.json');
    const r = run([
      '--repos', path.join(dir, 'repos'), '--reports', path.join(dir, 'reports'),
      '--repositories', path.join(dir, 'repos.yaml'), '--verdicts', path.join(dir, 'verdicts.yaml'),
      '--json', out, '--list', 'all',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('skip acme/absent');
    expect(r.stdout).toMatch(/unjudged findings:\n {2}acme\/agent app\.py:6 deploy\/unpinned-image low/);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.metrics.total.atLeastMedium).toEqual({ right: 1, judged: 2, precision: 0.5 });
    expect(result.metrics.families.secrets.all.judged).toBe(2);
    expect(result.metrics.matchedBy).toEqual({ 'line-text': 2 });
    expect(result.metrics.gone).toEqual({ fp: 1, tp: 0, ruleNotReported: 0 });
    expect(result.unjudged.map((f: { line: number }) => f.line)).toEqual([6]);
  });
});
