/**
 * Every rule that exists (file and project analyzers of every domain, and every replay check) cites
 * the minimum this project promises: one OWASP entry, one MAESTRO layer or threat, one NIST AI RMF
 * subcategory; and every id it cites exists in its catalog. Runs over whatever rules exist today.
 */
import { describe, expect, it } from 'vitest';
import { OWASP_FRAMEWORKS, getCatalog } from '../../src/frameworks/index.js';
import { loadRuleSet } from '../../src/audit/rules.js';

describe('framework mapping of every rule', async () => {
  const { rules, replayLoaded } = await loadRuleSet();
  const catalog = getCatalog();

  it('finds rules of every domain, and the replay checks when replay is present', () => {
    expect(rules.length).toBeGreaterThan(10);
    const domains = new Set(rules.map((r) => r.id.split('/')[0]));
    expect(domains.has('secrets')).toBe(true);
    expect(domains.has('identity')).toBe(true);
    if (replayLoaded) expect(domains.has('replay')).toBe(true);
  });

  it('maps each rule to an OWASP entry, a MAESTRO layer or threat and a NIST AI RMF subcategory', () => {
    const gaps: string[] = [];
    for (const rule of rules) {
      const refs = rule.frameworks ?? {};
      if (!OWASP_FRAMEWORKS.some((fw) => (refs[fw]?.length ?? 0) > 0)) gaps.push(`${rule.id}: no OWASP entry`);
      if (!refs.maestro?.some((id) => ['layer', 'threat'].includes(catalog.control('maestro', id)?.kind ?? ''))) {
        gaps.push(`${rule.id}: no MAESTRO layer or threat`);
      }
      if (!refs['nist-ai-rmf']?.some((id) => catalog.control('nist-ai-rmf', id)?.kind === 'subcategory')) {
        gaps.push(`${rule.id}: no NIST AI RMF subcategory`);
      }
    }
    expect(gaps).toEqual([]);
  });

  it('cites only ids that exist in their catalogs', () => {
    const unknown: string[] = [];
    for (const rule of rules) {
      for (const [fw, ids] of Object.entries(rule.frameworks ?? {})) {
        if (!catalog.framework(fw)) unknown.push(`${rule.id}: unknown framework ${fw}`);
        for (const id of ids) if (!catalog.control(fw, id)) unknown.push(`${rule.id}: ${fw} ${id} is not in the catalog`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('gives every category the minimum, so a new rule of any category is covered', () => {
    expect(catalog.coverageGaps()).toEqual([]);
  });

  it('has no rule override in mapping.yaml that matches no rule', () => {
    // An override that matches no rule is a typo or a leftover.
    expect(catalog.unmatchedRuleOverrides(rules.map((r) => r.id))).toEqual([]);
  });

  it('cites NHI6 (static keys where workload identity exists) for CI and IaC static cloud keys', () => {
    for (const id of ['deploy/ci-static-cloud-key', 'deploy/iac-static-key']) {
      const rule = rules.find((r) => r.id === id);
      if (rule) expect(rule.frameworks?.['owasp-nhi'], id).toContain('NHI6:2025');
    }
  });
});
