import { describe, it, expect } from 'vitest';
import { CATEGORIES, type Category } from '../../src/core/types.js';
import {
  FRAMEWORK_ORDER,
  OWASP_FRAMEWORKS,
  controlTitle,
  frameworksFor,
  getCatalog,
  getControl,
  loadFrameworks,
  loadMapping,
  shortTags,
} from '../../src/frameworks/index.js';

describe('framework catalogs', () => {
  const frameworks = loadFrameworks();

  it('loads the seven frameworks in the fixed order', () => {
    expect(frameworks.map((f) => f.id)).toEqual([...FRAMEWORK_ORDER]);
  });

  it('has the expected number of controls per framework', () => {
    const counts = Object.fromEntries(frameworks.map((f) => [f.id, f.controls.length]));
    expect(counts).toEqual({
      'owasp-asi': 10,
      'owasp-agentic-threats': 17,
      'owasp-nhi': 10,
      'owasp-llm': 10,
      maestro: 7 + 50 + 5,
      'nist-ai-rmf': 4 + 19 + 72 + 12,
      'mitre-atlas': 13 + 40 + 11,
    });
  });

  it('counts NIST AI RMF 1.0 as 4 functions, 19 categories and 72 subcategories', () => {
    const nist = frameworks.find((f) => f.id === 'nist-ai-rmf')!;
    const byKind = (k: string) => nist.controls.filter((c) => c.kind === k).length;
    expect([byKind('function'), byKind('category'), byKind('subcategory'), byKind('risk')]).toEqual([4, 19, 72, 12]);
    expect(getControl('nist-ai-rmf', 'GOVERN 1.1')?.parent).toBe('GOVERN 1');
    expect(getControl('nist-ai-rmf', 'GOVERN 1')?.parent).toBe('GOVERN');
    expect(getControl('nist-ai-rmf', 'MAP 3.5')?.titleKind).toBe('paraphrase');
  });

  it('gives every parent and tactic as a control of the same framework', () => {
    for (const fw of frameworks) {
      const ids = new Set(fw.controls.map((c) => c.id));
      expect(ids.size, fw.id).toBe(fw.controls.length);
      for (const c of fw.controls) {
        if (c.parent) expect(ids.has(c.parent), `${fw.id} ${c.id} → ${c.parent}`).toBe(true);
        for (const t of c.tactics ?? []) expect(getControl(fw.id, t)?.kind, `${c.id} tactic ${t}`).toBe('tactic');
      }
    }
  });

  it('hangs every MAESTRO threat under its layer, except cross-layer threats', () => {
    const maestro = frameworks.find((f) => f.id === 'maestro')!;
    for (const c of maestro.controls.filter((x) => x.kind === 'threat')) {
      if (c.id.startsWith('Cross-layer:')) expect(c.parent).toBeUndefined();
      else expect(c.id.startsWith(`${c.parent}:`), c.id).toBe(true);
    }
  });

  it('pins the ATLAS version', () => {
    const atlas = frameworks.find((f) => f.id === 'mitre-atlas')!;
    expect(atlas.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('keeps the status marks to the three known values', () => {
    for (const fw of frameworks) {
      for (const c of fw.controls) expect(['confirmed', 'confirmed-secondary', 'unconfirmed']).toContain(c.status);
    }
  });
});

describe('category mapping', () => {
  const mapping = loadMapping();

  it('maps every category and only known categories', () => {
    expect(Object.keys(mapping.categories).sort()).toEqual([...CATEGORIES].sort());
  });

  it('uses only ids that exist in their catalog', () => {
    const check = (refs: Record<string, string[]>, where: string) => {
      for (const [fw, ids] of Object.entries(refs)) {
        for (const id of ids) expect(getControl(fw, id), `${where}: ${fw} ${id}`).toBeDefined();
      }
    };
    for (const [cat, refs] of Object.entries(mapping.categories)) check(refs, cat);
    for (const o of mapping.rules) {
      check(o.add, `rules ${o.pattern} add`);
      check(o.remove, `rules ${o.pattern} remove`);
      check(o.replace, `rules ${o.pattern} replace`);
    }
  });

  it.each([...CATEGORIES])('%s cites OWASP, a MAESTRO layer or threat and a NIST AI RMF subcategory', (cat) => {
    const refs = mapping.categories[cat];
    expect(OWASP_FRAMEWORKS.some((fw) => (refs[fw]?.length ?? 0) > 0)).toBe(true);
    expect(refs.maestro?.length ?? 0).toBeGreaterThan(0);
    expect(refs['nist-ai-rmf']?.some((id) => getControl('nist-ai-rmf', id)?.kind === 'subcategory')).toBe(true);
  });

  it('cites ATLAS for every category but transport.insecure (no technique fits)', () => {
    const without = CATEGORIES.filter((c) => !(mapping.categories[c]['mitre-atlas']?.length));
    expect(without).toEqual(['transport.insecure']);
  });

  it('reports no coverage gaps', () => {
    expect(getCatalog().coverageGaps()).toEqual([]);
  });

  it('follows the reference mapping for the primary entries', () => {
    const has = (cat: Category, fw: string, id: string) => expect(mapping.categories[cat][fw], `${cat} ${fw}`).toContain(id);
    has('credential.long-lived', 'owasp-asi', 'ASI03');
    has('credential.long-lived', 'owasp-nhi', 'NHI7:2025');
    has('credential.broad-scope', 'owasp-nhi', 'NHI5:2025');
    has('credential.broad-scope', 'owasp-llm', 'LLM06:2025');
    has('identity.shared-account', 'owasp-nhi', 'NHI9:2025');
    has('oversight.missing-approval', 'mitre-atlas', 'AML.M0029');
    has('oversight.missing-audit', 'owasp-agentic-threats', 'T8');
    has('oversight.missing-audit', 'maestro', 'L5');
    has('supply-chain.unpinned', 'owasp-asi', 'ASI04');
    has('mcp.tool-poisoning', 'mitre-atlas', 'AML.T0110');
    has('runtime.intent-drift', 'owasp-asi', 'ASI01');
    has('runtime.secret-exfiltration', 'mitre-atlas', 'AML.T0086');
    has('runtime.after-revocation', 'nist-ai-rmf', 'MANAGE 2.4');
  });
});

describe('frameworksFor', () => {
  it('returns the category mapping with keys in the fixed order and ids in catalog order', () => {
    const refs = frameworksFor('secrets/github-pat', 'credential.long-lived');
    expect(Object.keys(refs)).toEqual(FRAMEWORK_ORDER.filter((fw) => fw in refs));
    expect(refs['owasp-asi']).toEqual(['ASI03']);
    expect(refs['owasp-nhi']).toEqual(['NHI2:2025', 'NHI7:2025']);
    expect(refs['owasp-agentic-threats']).toEqual(['T3', 'T9']);
    for (const [fw, ids] of Object.entries(refs)) {
      const order = getCatalog().framework(fw)!.controls.map((c) => c.id);
      expect([...ids].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(ids);
    }
  });

  it('leaves out frameworks with nothing to cite', () => {
    const refs = frameworksFor('agent/no-approval', 'oversight.missing-approval');
    expect(refs['owasp-nhi']).toBeUndefined();
  });

  it('adds the MCP supply-chain techniques for MCP rules only', () => {
    const mcp = frameworksFor('mcp/unpinned-server', 'supply-chain.unpinned');
    const npm = frameworksFor('deps/unpinned-package', 'supply-chain.unpinned');
    expect(mcp['mitre-atlas']).toContain('AML.T0010.005');
    expect(npm['mitre-atlas']).not.toContain('AML.T0010.005');
    expect(npm['mitre-atlas']).toContain('AML.T0010');
  });

  it('applies a rule override only to the categories it names', () => {
    const other = frameworksFor('mcp/plain-http', 'transport.insecure');
    expect(other['mitre-atlas']).toBeUndefined();
    const ci = frameworksFor('deploy/ci-static-cloud-key', 'credential.long-lived');
    expect(ci['owasp-nhi']).toContain('NHI6:2025');
    expect(frameworksFor('deploy/unpinned-action', 'supply-chain.unpinned')['owasp-nhi']).toEqual(['NHI3:2025']);
    expect(frameworksFor('deploy/literal-secret', 'credential.long-lived')['owasp-nhi']).not.toContain('NHI6:2025');
  });

  it('returns a fresh object each time', () => {
    const a = frameworksFor('secrets/github-pat', 'credential.long-lived');
    a['owasp-asi'].push('ASI10');
    expect(frameworksFor('secrets/github-pat', 'credential.long-lived')['owasp-asi']).toEqual(['ASI03']);
  });
});

describe('controlTitle and shortTags', () => {
  it('gives catalog titles', () => {
    expect(controlTitle('owasp-asi', 'ASI03')).toBe('Identity and Privilege Abuse');
    expect(controlTitle('owasp-nhi', 'NHI7:2025')).toBe('Long-Lived Secrets');
    expect(controlTitle('maestro', 'L7:Agent Tool Misuse')).toBe('Agent Tool Misuse');
    expect(controlTitle('mitre-atlas', 'AML.T0053')).toBe('AI Agent Tool Invocation');
    expect(controlTitle('mitre-atlas', 'AML.T9999')).toBeUndefined();
    expect(controlTitle('nope', 'ASI03')).toBeUndefined();
  });

  it('writes one concise tag per control, deduplicated', () => {
    expect(
      shortTags({
        'owasp-asi': ['ASI03'],
        'owasp-agentic-threats': ['T3'],
        'owasp-nhi': ['NHI2:2025'],
        'owasp-llm': ['LLM06:2025'],
        maestro: ['L6', 'L7:Agent Identity Attack', 'L7:Repudiation', 'Cross-layer:Privilege Escalation'],
        'nist-ai-rmf': ['MEASURE 2.7', 'AI-600-1:information-security'],
        'mitre-atlas': ['AML.T0055', 'AML.M0027'],
      }),
    ).toEqual([
      'ASI03',
      'OWASP-T3',
      'NHI2',
      'LLM06',
      'MAESTRO-L6',
      'MAESTRO-L7',
      'MAESTRO-CROSS-LAYER',
      'NIST-MEASURE-2.7',
      'NIST-GAI-information-security',
      'AML.T0055',
      'AML.M0027',
    ]);
  });

  it('has no spaces in any tag of any mapped control', () => {
    for (const cat of CATEGORIES) {
      for (const tag of shortTags(frameworksFor('x/y', cat))) expect(tag).not.toMatch(/\s/);
    }
  });
});
