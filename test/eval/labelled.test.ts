/**
 * The labelled recall set (`fixtures/labelled/`): small agent repositories written for this project,
 * planted with credentials in the syntaxes real code writes them, provider keys and operator
 * problems, and with the look-alikes that must stay quiet. `expected.yaml` labels each case by
 * path and line; this test scans every repository as a user would and measures:
 *
 * - recall: planted cases found by the expected rule (or a prefix: `secrets/*`) at the stated
 *   line and at or above the stated minimum severity;
 * - look-alike false hits: findings above info on a look-alike line (`expect: none` or `info`);
 * - unlabelled findings: anything else the scan reports above info (a new false positive, or a real
 *   case the set forgot to label).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scan } from '../../src/engine/scan.js';
import { severityRank } from '../../src/core/severity.js';
import type { Finding, Severity } from '../../src/core/types.js';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/labelled');

/** The figures this checkout reaches; raise them as the scanner improves, never lower them to pass. */
const RECALL_FLOOR = 1;

interface Case {
  repo: string;
  path: string;
  line: number;
  rule?: string;
  min?: Severity;
  expect?: 'none' | 'info';
  kind: string;
  note: string;
}

const cases: Case[] = parse(readFileSync(path.join(ROOT, 'expected.yaml'), 'utf8')).cases;
const repos = [...new Set(cases.map((c) => c.repo))];

const found = new Map<string, Finding[]>();
for (const repo of repos) {
  const { report } = await scan({ paths: [path.join(ROOT, repo)], threads: 1 });
  found.set(repo, report.findings);
}

const where = (c: Case) => `${c.repo}/${c.path}:${c.line}`;
const describeFinding = (repo: string, f: Finding) => `${repo}/${f.location.path}:${f.location.startLine} ${f.ruleId} ${f.severity}`;
/** A rule id, or a prefix ending in `*`: a family (`secrets/*`) or a rule and its variants (`secrets/aws-secret-access-key*`). */
const ruleMatches = (rule: string, id: string) => (rule.endsWith('*') ? id.startsWith(rule.slice(0, -1)) : id === rule);

function score() {
  const used = new Set<Finding>();
  const misses: string[] = [];
  const planted = cases.filter((c) => c.rule);
  // The strictest expectations first, so a critical finding is not spent on a low one.
  for (const c of [...planted].sort((a, b) => severityRank(b.min!) - severityRank(a.min!))) {
    const candidates = (found.get(c.repo) ?? []).filter(
      (f) => !used.has(f) && f.location.path === c.path && f.location.startLine === c.line && ruleMatches(c.rule!, f.ruleId),
    );
    const hit = candidates.find((f) => severityRank(f.severity) >= severityRank(c.min!));
    if (hit) used.add(hit);
    else {
      const best = candidates.map((f) => `${f.ruleId} ${f.severity}`).join(', ') || 'nothing';
      misses.push(`${where(c)} expected ${c.rule} ≥ ${c.min} (${c.note}); got ${best}`);
    }
  }
  const lookalikes = cases.filter((c) => c.expect);
  const falseHits: string[] = [];
  const quietInfo: string[] = [];
  for (const c of lookalikes) {
    for (const f of found.get(c.repo) ?? []) {
      if (used.has(f) || f.location.path !== c.path || f.location.startLine !== c.line) continue;
      used.add(f);
      if (f.severity !== 'info') falseHits.push(`${describeFinding(c.repo, f)} on a look-alike (${c.note})`);
      else if (c.expect === 'none') quietInfo.push(`${describeFinding(c.repo, f)} (${c.note})`);
    }
  }
  // A weaker or other finding on a planted line is that case's miss, already counted above.
  const plantedLines = new Set(planted.map(where));
  const unlabelled = repos.flatMap((repo) =>
    (found.get(repo) ?? [])
      .filter((f) => !used.has(f) && f.severity !== 'info' && !plantedLines.has(`${repo}/${f.location.path}:${f.location.startLine}`))
      .map((f) => describeFinding(repo, f)),
  );
  const recall = (planted.length - misses.length) / planted.length;
  return { planted: planted.length, lookalikes: lookalikes.length, recall, misses, falseHits, quietInfo, unlabelled };
}

describe('labelled recall set', () => {
  const result = score();

  it('labels lines that exist', () => {
    for (const c of cases) {
      const lines = readFileSync(path.join(ROOT, c.repo, c.path), 'utf8').split('\n');
      expect(c.line, where(c)).toBeLessThanOrEqual(lines.length);
      expect(lines[c.line - 1]?.trim(), where(c)).not.toBe('');
    }
  });

  it(`finds the planted cases (recall ≥ ${RECALL_FLOOR})`, () => {
    const figure = `recall ${result.recall.toFixed(3)} (${result.planted - result.misses.length}/${result.planted})`;
    console.log(`labelled set: ${figure}, ${result.lookalikes} look-alikes, ${result.falseHits.length} false hits`);
    expect(result.recall, `${figure}; misses:\n${result.misses.join('\n')}`).toBeGreaterThanOrEqual(RECALL_FLOOR);
  });

  it('reports nothing above info on a look-alike', () => {
    expect(result.falseHits, result.falseHits.join('\n')).toEqual([]);
  });

  it('reports nothing above info that the set does not label', () => {
    expect(result.unlabelled, result.unlabelled.join('\n')).toEqual([]);
  });
});
