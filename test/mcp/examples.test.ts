import { describe, expect, it } from 'vitest';
import { checkExamples } from '../../src/engine/examples.js';
import { MCP_RULES } from '../../src/rules/mcp/index.js';
import { analyzer } from './helpers.js';

describe('MCP rule examples', () => {
  it.each(MCP_RULES.map((r) => [r.meta.id, r.meta] as const))('%s', async (_id, meta) => {
    expect(meta.examples?.positive.length).toBeGreaterThan(0);
    expect(meta.examples?.negative.length).toBeGreaterThan(0);
    const failures = (await checkExamples([analyzer], meta))
      .filter((o) => !o.passed)
      .map((o) => `${o.positive ? 'positive' : 'negative'} ${o.example.path}: ${o.example.code.slice(0, 100)} gave [${o.findings.map((f) => f.ruleId).join(', ')}]`);
    expect(failures).toEqual([]);
  });
});
