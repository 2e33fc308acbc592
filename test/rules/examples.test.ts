/**
 * Every rule carries its own positive and negative examples; this runs them all. A rule cannot
 * exist without examples, and an example that stops behaving fails here naming rule and example.
 */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers, loadProjectAnalyzers } from '../../src/rules/registry.js';
import { checkExamples } from '../../src/engine/examples.js';

const analyzers = await loadFileAnalyzers();
// Cross-file rules that declare examples run them too (as a repository of the one example file).
const projectRules = (await loadProjectAnalyzers()).flatMap((a) => a.rules).filter((r) => r.examples);
const rules = [...analyzers.flatMap((a) => a.rules), ...projectRules].filter((r) => !r.id.endsWith('-short-lived'));

describe('rule examples', () => {
  it('every file rule has at least one positive and one negative example', () => {
    const missing = rules.filter((r) => !r.examples?.positive.length || !r.examples?.negative.length).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s', async (_id, rule) => {
    const failures = (await checkExamples(analyzers, rule))
      .filter((o) => !o.passed)
      .map((o) => `${o.positive ? 'positive' : 'negative'} example ${JSON.stringify(o.example.code.slice(0, 120))} gave [${o.findings.map((f) => f.ruleId).join(', ')}]`);
    expect(failures).toEqual([]);
  });
});
