/** The code rules' own examples, run against the code analyzer alone (independent of other domains). */
import { describe, expect, it } from 'vitest';
import { checkExamples } from '../../src/engine/examples.js';
import { codeAnalyzer, CODE_RULES } from '../../src/rules/code/index.js';

describe('code rule examples', () => {
  const analyzers = [codeAnalyzer()];
  it.each(CODE_RULES.map((r) => [r.meta.id, r.meta] as const))('%s', async (_id, meta) => {
    expect(meta.examples?.positive.length).toBeGreaterThan(0);
    expect(meta.examples?.negative.length).toBeGreaterThan(0);
    const failures = (await checkExamples(analyzers, meta))
      .filter((o) => !o.passed)
      .map((o) => `${o.positive ? 'positive' : 'negative'} ${o.example.path}: ${o.example.code.slice(0, 80)} → [${o.findings.map((f) => f.ruleId).join(', ')}]`);
    expect(failures).toEqual([]);
  });
});
