/** One credential, one finding: the same value in many places is reported once with every place related. */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const GH = 'ghp_bQCGVdaImgAuSfzfHoUS74WcAYObHmUspU6L';

describe('repeated secrets', () => {
  it('folds the same value in several files and lines into one finding at its most severe place', async () => {
    const root = tempTree({
      'src/a.py': `TOKEN = "${GH}"\n`,
      'tests/golden/b.yaml': `token: ${GH}\nagain: ${GH}\n`,
      'tests/golden/c.yaml': `token: ${GH}\n`,
    });
    const { report } = await scan({ paths: [root], threads: 1 });
    const gh = report.findings.filter((f) => f.ruleId === 'secrets/github-pat');
    expect(gh).toHaveLength(1);
    expect(gh[0]!.location.path).toBe('src/a.py');
    expect(gh[0]!.related?.map((r) => `${r.path}:${r.startLine}`)).toEqual(['tests/golden/b.yaml:1', 'tests/golden/b.yaml:2', 'tests/golden/c.yaml:1']);
    expect(gh[0]!.message).toMatch(/3 more places in 2 other files/);
    expect(JSON.stringify(report)).not.toContain(GH);
  });

  it('keeps different values apart', async () => {
    const root = tempTree({ 'a.py': `A = "${GH}"\nB = "ghp_Zq8Lw3nR7kP2vX9yB4mC6dF1gJ0sA8eT5uWq"\n` });
    const { report } = await scan({ paths: [root], threads: 1 });
    expect(report.findings.filter((f) => f.ruleId === 'secrets/github-pat')).toHaveLength(2);
  });
});

describe('repeated public keys', () => {
  it('folds a public-by-design key repeated in several files into one info finding', async () => {
    const key = 'phc_Hq8ZtLw3nR7kP2vX9yB4mC6dF1gJ0sA8eT5uWq7Lk2N';
    const root = tempTree({ 'a/telemetry.ts': `const K = "${key}";\n`, 'b/telemetry.py': `K = "${key}"\n` });
    const { report } = await scan({ paths: [root], threads: 1 });
    const found = report.findings.filter((f) => f.ruleId === 'secrets/posthog-project-key');
    expect(found.map((f) => [f.location.path, f.severity, f.related?.length])).toEqual([['a/telemetry.ts', 'info', 1]]);
  });
});
