/** Every deployment rule's own examples, run against the deployment analyzer alone. */
import { describe, expect, it } from 'vitest';
import { checkExamples } from '../../src/engine/examples.js';
import { DEPLOY_RULES } from '../../src/rules/deploy/rules/all.js';
import { analyzer } from './helpers.js';

describe('deployment rule examples', () => {
  it.each(DEPLOY_RULES.map((r) => [r.meta.id, r.meta] as const))('%s', async (_id, meta) => {
    expect(meta.examples?.positive.length).toBeGreaterThan(0);
    expect(meta.examples?.negative.length).toBeGreaterThan(0);
    const failures = (await checkExamples([analyzer], meta))
      .filter((o) => !o.passed)
      .map((o) => `${o.positive ? 'positive' : 'negative'} ${o.example.path}: ${JSON.stringify(o.example.code.slice(0, 100))} gave [${o.findings.map((f) => f.ruleId).join(', ')}]`);
    expect(failures).toEqual([]);
  });
});
