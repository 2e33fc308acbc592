/** Inline markers, config rules/ignores/severity overrides, and baselines. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { createBaseline } from '../../src/suppress/baseline.js';
import { tempTree } from '../helpers/tmp.js';

const GH = 'ghp_bQCGVdaImgAuSfzfHoUS74WcAYObHmUspU6L';
const SLACK = 'xoxb-24701050904-231758219729-LFW9NyIAO4bWjAhQnXGWVTO3';

const ids = (findings: { ruleId: string; location: { path: string } }[]) => findings.map((f) => `${f.location.path}:${f.ruleId}`).sort();

describe('suppression', () => {
  it('honours inline markers on the line or the line above, for all rules or the named ones', async () => {
    const root = tempTree({
      'a.py': `T1 = "${GH}"  # agentwarden-ignore\n`,
      'b.py': `# agentwarden-ignore secrets/github-pat -- revoked fixture\nT2 = "${GH}"\n`,
      'c.py': `# agentwarden-ignore secrets/slack-bot-token\nT3 = "${GH}"\n`,
    });
    const { report } = await scan({ paths: [root], threads: 1 });
    expect(ids(report.findings)).toEqual(['c.py:secrets/github-pat']);
    expect(report.stats.findingsSuppressed).toBe(2);
  });

  it("honours other secret scanners' allow markers for secret findings, counted as suppressed", async () => {
    const root = tempTree({
      'gitleaks.py': `T = "${GH}"  # gitleaks:allow\n`,
      'detect.py': `T = "${GH}"  # pragma: allowlist secret\n`,
      'truffle.py': `T = "${GH}"  # trufflehog:ignore\n`,
      'line.ts': `const t = '${GH}'; // secretlint-disable-line\n`,
      'next.ts': `// secretlint-disable-next-line\nconst t = '${GH}';\nconst u = '${SLACK}';\n`,
      'block.test.ts': `// secretlint-disable\nconst demo = \`\nGitHub: ${GH}\n\`;\n// secretlint-enable\nconst live = '${SLACK.replace('VTO3', 'Qk8z')}';\n`,
      'open.ts': `/* secretlint-disable */\nconst t = '${GH}';\n`,
    });
    const { report } = await scan({ paths: [root], threads: 1 });
    expect(ids(report.findings)).toEqual(['block.test.ts:secrets/slack-bot-token', 'next.ts:secrets/slack-bot-token']);
    expect(report.stats.findingsSuppressed).toBe(7);
  });

  it("does not honour other secret scanners' markers for rules that are not about a secret", async () => {
    const root = tempTree({ '.github/workflows/ci.yml': 'on: push\npermissions: write-all # gitleaks:allow\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test # pragma: allowlist secret\n' });
    const { report } = await scan({ paths: [root], threads: 1 });
    expect(report.findings.map((f) => f.ruleId)).toContain('deploy/gha-write-all');
  });

  it('applies config: disabled rules, per-path ignores and severity overrides', async () => {
    const root = tempTree({
      '.agentwarden.yaml': [
        'rules:',
        '  disable: [secrets/slack-*]',
        '  severity: { secrets/github-pat: low }',
        'ignore:',
        '  - paths: ["tests/**"]',
        '    reason: recorded fixtures',
      ].join('\n'),
      'app.env': `GH=${GH}\nSLACK=${SLACK}\n`,
      'tests/data.env': `GH=${GH}\n`,
    });
    const { report } = await scan({ paths: [root], threads: 1 });
    expect(ids(report.findings)).toEqual(['app.env:secrets/github-pat']);
    expect(report.findings[0]!.severity).toBe('low');
  });

  it('reports only findings that are not in the baseline, also after lines move', async () => {
    const root = tempTree({ 'app.env': `GH=${GH}\n` });
    const first = await scan({ paths: [root], threads: 1 });
    const baseline = path.join(tempTree(), 'baseline.json');
    writeFileSync(baseline, JSON.stringify(createBaseline(first.report.findings)));
    writeFileSync(path.join(root, 'app.env'), `# moved down\n\nGH=${GH}\nSLACK=${SLACK}\n`);
    const second = await scan({ paths: [root], baseline, threads: 1 });
    expect(ids(second.report.findings)).toEqual(['app.env:secrets/slack-bot-token']);
    expect(second.report.stats.findingsBaselined).toBe(1);
  });

  it('accepts an earlier JSON report as a baseline, and rejects a file that is neither', async () => {
    const root = tempTree({ 'app.env': `GH=${GH}\n` });
    const first = await scan({ paths: [root], threads: 1 });
    const asReport = path.join(tempTree(), 'report.json');
    writeFileSync(asReport, JSON.stringify(first.report));
    expect((await scan({ paths: [root], baseline: asReport, threads: 1 })).report.findings).toEqual([]);
    const bogus = path.join(tempTree(), 'bogus.json');
    writeFileSync(bogus, '{"nothing": true}');
    await expect(scan({ paths: [root], baseline: bogus, threads: 1 })).rejects.toThrow(/expected a "findings" array/);
  });

  it('gives the same fingerprints in worker threads and in this thread', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 450; i++) files[`f${i}.env`] = i % 50 === 0 ? `GH=${GH}\n` : `N=${i}\n`;
    const root = tempTree(files);
    const inThread = await scan({ paths: [root], threads: 1 });
    const inWorkers = await scan({ paths: [root], threads: 2 });
    expect(inWorkers.report.findings.map((f) => f.fingerprint)).toEqual(inThread.report.findings.map((f) => f.fingerprint));
    expect(inWorkers.report.stats.filesScanned).toBe(450);
  });

  it('gives the same findings when most files are YAML, which this thread takes first and idle workers share', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 900; i++) {
      if (i % 4 === 0) files[`env/f${i}.env`] = i % 100 === 0 ? `GH=${GH}\n` : `N=${i}\n`;
      else files[`ci/f${i}.yaml`] = i % 150 === 1 ? `token: ${GH}\n` : `name: f${i}\nvalue: ${i}\n`;
    }
    const root = tempTree(files);
    const inThread = await scan({ paths: [root], threads: 1 });
    expect(inThread.report.findings.length).toBeGreaterThan(0);
    for (const threads of [2, 3]) {
      const inWorkers = await scan({ paths: [root], threads });
      expect(inWorkers.report.stats.filesScanned).toBe(900);
      expect(inWorkers.report.findings.map((f) => f.fingerprint)).toEqual(inThread.report.findings.map((f) => f.fingerprint));
    }
  });

  it('streams a tree larger than the queue through workers and this thread alike', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 4500; i++) files[`d${i % 30}/f${i}.env`] = i % 500 === 0 ? `GH=${GH}\n` : `N=${i}\n`;
    const root = tempTree(files);
    const { report } = await scan({ paths: [root], threads: 3 });
    expect(report.stats.filesScanned).toBe(4500);
    // the same value in nine files: one finding, the other eight places related
    expect(report.findings.flatMap((f) => [f.location.path, ...(f.related ?? []).map((r) => r.path)]).sort()).toEqual(Array.from({ length: 9 }, (_, k) => `d${(k * 500) % 30}/f${k * 500}.env`).sort());
  });
});
