import { describe, it, expect } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATEGORIES } from '../../src/core/types.js';
import {
  CatalogError,
  FrameworkCatalog,
  frameworksDir,
  loadCatalogFrom,
  matchesRulePattern,
  parseYaml,
  validateFramework,
  validateMapping,
  type Framework,
} from '../../src/frameworks/index.js';

function framework(overrides: Record<string, unknown> = {}, controls?: unknown[]): Record<string, unknown> {
  return {
    id: 'owasp-asi',
    name: 'Test framework',
    version: '2026',
    url: 'https://example.org/fw',
    status: 'confirmed',
    controls: controls ?? [
      { id: 'ASI01', title: 'Agent Goal Hijack', kind: 'risk', status: 'confirmed' },
      { id: 'ASI02', title: 'Tool Misuse and Exploitation', kind: 'risk', status: 'confirmed-secondary' },
    ],
    ...overrides,
  };
}

/** The CatalogError thrown by fn; fails the test when fn does not throw one. */
function catalogError(fn: () => unknown): CatalogError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogError);
    return err as CatalogError;
  }
  throw new Error('expected a CatalogError');
}

describe('validateFramework', () => {
  it('accepts a valid catalog and fills defaults', () => {
    const fw = validateFramework(framework(), 'rules/frameworks/owasp-asi.yaml');
    expect(fw.titleKind).toBe('verbatim');
    expect(fw.sources).toEqual([]);
    expect(fw.controls.map((c) => c.id)).toEqual(['ASI01', 'ASI02']);
    expect(fw.controls[0].titleKind).toBe('verbatim');
  });

  it('names the file and the field of a missing title', () => {
    const err = catalogError(() =>
      validateFramework(framework({}, [{ id: 'ASI01', kind: 'risk', status: 'confirmed' }]), 'rules/frameworks/owasp-asi.yaml'),
    );
    expect(err.issues).toEqual([{ file: 'rules/frameworks/owasp-asi.yaml', field: 'controls[0] (ASI01).title', message: 'is required' }]);
    expect(err.message).toContain('rules/frameworks/owasp-asi.yaml: controls[0] (ASI01).title: is required');
  });

  it('rejects an unknown status, kind and field, and lists every problem', () => {
    const err = catalogError(() =>
      validateFramework(
        framework({ colour: 'red' }, [{ id: 'ASI01', title: 'x', kind: 'entry', status: 'maybe', extra: 1 }]),
        'f.yaml',
      ),
    );
    const fields = err.issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['colour', 'controls[0] (ASI01).extra', 'controls[0] (ASI01).kind', 'controls[0] (ASI01).status']));
    expect(err.message).toMatch(/status: must be one of confirmed, confirmed-secondary, unconfirmed, got "maybe"/);
    expect(err.message).toMatch(/\(4 problems\)/);
  });

  it('asks for quotes around a version written as a number', () => {
    const err = catalogError(() => validateFramework(framework({ version: 2026 }), 'f.yaml'));
    expect(err.issues[0].field).toBe('version');
    expect(err.issues[0].message).toMatch(/expected a string, got number 2026 \(quote numbers and dates\)/);
  });

  it('rejects duplicate ids, unknown parents and unknown tactics', () => {
    const err = catalogError(() =>
      validateFramework(
        framework({}, [
          { id: 'A', title: 'a', kind: 'technique', status: 'confirmed', tactics: ['TA1'] },
          { id: 'A', title: 'a again', kind: 'technique', status: 'confirmed' },
          { id: 'B.1', title: 'b', kind: 'sub-technique', status: 'confirmed', parent: 'B' },
        ]),
        'f.yaml',
      ),
    );
    expect(err.issues.map((i) => `${i.field}: ${i.message}`)).toEqual([
      'controls[0] (A).tactics[0]: unknown tactic "TA1" (must be a control of kind tactic defined earlier)',
      'controls[1] (A).id: duplicate id "A"',
      'controls[2] (B.1).parent: unknown parent "B" (a parent must be defined earlier in the file)',
    ]);
  });

  it('rejects a document that is not a mapping, and an empty control list', () => {
    expect(catalogError(() => validateFramework(['x'], 'f.yaml')).message).toMatch(/f\.yaml: expected a mapping/);
    expect(catalogError(() => validateFramework(framework({ controls: [] }), 'f.yaml')).issues[0].field).toBe('controls');
  });

  it('rejects a bad id and url', () => {
    const err = catalogError(() => validateFramework(framework({ id: 'OWASP ASI', url: 'example.org' }), 'f.yaml'));
    expect(err.issues.map((i) => i.field)).toEqual(['id', 'url']);
  });
});

describe('validateMapping', () => {
  const frameworks: Framework[] = [validateFramework(framework(), 'asi.yaml')];
  const allCategories = (refs: unknown = { 'owasp-asi': ['ASI01'] }) =>
    Object.fromEntries(CATEGORIES.map((c) => [c, refs]));

  it('accepts a complete mapping', () => {
    const m = validateMapping({ version: 1, categories: allCategories() }, frameworks, 'mapping.yaml');
    expect(m.categories['mcp.tool-poisoning']).toEqual({ 'owasp-asi': ['ASI01'] });
    expect(m.rules).toEqual([]);
  });

  it('rejects an id that is not in its catalog, naming file and field', () => {
    const categories = allCategories();
    categories['credential.long-lived'] = { 'owasp-asi': ['ASI99'] };
    const err = catalogError(() => validateMapping({ version: 1, categories }, frameworks, 'rules/frameworks/mapping.yaml'));
    expect(err.message).toBe(
      'Invalid framework data: rules/frameworks/mapping.yaml: categories["credential.long-lived"].owasp-asi[0]: unknown control "ASI99": not in the owasp-asi catalog',
    );
  });

  it('rejects unknown frameworks, unknown and missing categories, duplicates', () => {
    const categories: Record<string, unknown> = allCategories();
    delete categories['runtime.intent-drift'];
    categories['credential.forever'] = { 'owasp-asi': ['ASI01'] };
    categories['credential.expiring'] = { 'owasp-xyz': ['X'] };
    categories['credential.broad-scope'] = { 'owasp-asi': ['ASI01', 'ASI01'] };
    const err = catalogError(() => validateMapping({ version: 2, categories }, frameworks, 'mapping.yaml'));
    expect(err.issues.map((i) => i.field)).toEqual([
      'version',
      'categories["credential.expiring"].owasp-xyz',
      'categories["credential.broad-scope"].owasp-asi[1]',
      'categories["credential.forever"]',
      'categories["runtime.intent-drift"]',
    ]);
    expect(err.issues[1].message).toMatch(/unknown framework "owasp-xyz" \(known: owasp-asi\)/);
  });

  it('validates rule overrides: pattern, fields, categories and ids', () => {
    const err = catalogError(() =>
      validateMapping(
        {
          version: 1,
          categories: allCategories(),
          rules: {
            'mcp/{a,b': { add: { 'owasp-asi': ['ASI01'] } },
            'mcp/x': { categories: ['nope'], add: { 'owasp-asi': ['ASI42'] }, drop: {} },
            'mcp/y': {},
          },
        },
        frameworks,
        'mapping.yaml',
      ),
    );
    expect(err.issues.map((i) => i.field)).toEqual([
      'rules["mcp/{a,b"]',
      'rules["mcp/x"].drop',
      'rules["mcp/x"].categories[0]',
      'rules["mcp/x"].add.owasp-asi[0]',
      'rules["mcp/y"]',
    ]);
  });
});

describe('parseYaml and loadCatalogFrom', () => {
  it('reports YAML syntax errors with the file', () => {
    const err = catalogError(() => parseYaml('id: [unclosed\n', 'rules/frameworks/x.yaml'));
    expect(err.issues[0].file).toBe('rules/frameworks/x.yaml');
    expect(err.message).toMatch(/invalid YAML/);
  });

  it('rejects duplicate keys', () => {
    expect(catalogError(() => parseYaml('id: a\nid: b\n', 'x.yaml')).message).toMatch(/x\.yaml: invalid YAML/);
  });

  it('names the broken catalog file in a copy of the real folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentwarden-fw-'));
    try {
      cpSync(frameworksDir(), dir, { recursive: true });
      expect(loadCatalogFrom(dir).frameworks).toHaveLength(7);

      const nhi = join(dir, 'owasp-nhi.yaml');
      writeFileSync(nhi, readFileSync(nhi, 'utf8').replace('    title: Secret Leakage\n', ''));
      const err = catalogError(() => loadCatalogFrom(dir));
      expect(err.issues).toHaveLength(1);
      expect(err.issues[0].file).toMatch(/owasp-nhi\.yaml$/);
      expect(err.issues[0].field).toBe('controls[1] (NHI2:2025).title');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a mapping id missing from its catalog and a file named after another id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentwarden-fw-'));
    try {
      cpSync(frameworksDir(), dir, { recursive: true });
      const mapping = join(dir, 'mapping.yaml');
      writeFileSync(mapping, readFileSync(mapping, 'utf8').replace('owasp-nhi: [NHI9:2025]', 'owasp-nhi: [NHI09]'));
      const err = catalogError(() => loadCatalogFrom(dir));
      expect(err.issues[0].file).toMatch(/mapping\.yaml$/);
      expect(err.issues[0].field).toBe('categories["identity.shared-account"].owasp-nhi[0]');

      cpSync(join(dir, 'owasp-llm.yaml'), join(dir, 'extra.yaml'));
      expect(catalogError(() => loadCatalogFrom(dir)).message).toMatch(/extra\.yaml: id: is "owasp-llm" but the file is named extra\.yaml/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('rule overrides', () => {
  const fw = validateFramework(
    framework({}, [
      { id: 'ASI01', title: 'a', kind: 'risk', status: 'confirmed' },
      { id: 'ASI02', title: 'b', kind: 'risk', status: 'confirmed' },
      { id: 'ASI03', title: 'c', kind: 'risk', status: 'confirmed' },
      { id: 'ASI10', title: 'd', kind: 'risk', status: 'confirmed' },
    ]),
    'asi.yaml',
  );
  const atlas = validateFramework(
    {
      id: 'mitre-atlas',
      name: 'ATLAS',
      version: '5.6.1',
      url: 'https://atlas.mitre.org/',
      status: 'confirmed',
      controls: [{ id: 'AML.T0055', title: 'Unsecured Credentials', kind: 'technique', status: 'confirmed' }],
    },
    'mitre-atlas.yaml',
  );
  const categories = Object.fromEntries(CATEGORIES.map((c) => [c, { 'owasp-asi': ['ASI02'] }]));
  const mapping = validateMapping(
    {
      version: 1,
      categories,
      rules: {
        // listed most specific first, to show that file order does not decide
        'mcp/tool-poisoning-hidden': { replace: { 'owasp-asi': ['ASI10'] } },
        'mcp/tool-poisoning-*': { remove: { 'owasp-asi': ['ASI03'] }, add: { 'owasp-asi': ['ASI01'] } },
        'mcp/*': { add: { 'owasp-asi': ['ASI03'], 'mitre-atlas': ['AML.T0055'] } },
        '{ci,iac}/*': { categories: ['credential.long-lived'], add: { 'owasp-asi': ['ASI10', 'ASI01'] } },
        'secrets/*': { replace: { 'mitre-atlas': [], 'owasp-asi': [] } },
      },
    },
    [atlas, fw],
    'mapping.yaml',
  );
  const catalog = new FrameworkCatalog([atlas, fw], mapping);

  it('keeps the category mapping when no override matches', () => {
    expect(catalog.frameworksFor('agent/x', 'credential.long-lived')).toEqual({ 'owasp-asi': ['ASI02'] });
  });

  it('adds from a glob, in fixed framework order', () => {
    const refs = catalog.frameworksFor('mcp/unpinned-server', 'supply-chain.unpinned');
    expect(Object.keys(refs)).toEqual(['owasp-asi', 'mitre-atlas']);
    expect(refs).toEqual({ 'owasp-asi': ['ASI02', 'ASI03'], 'mitre-atlas': ['AML.T0055'] });
  });

  it('applies more specific entries after less specific ones', () => {
    expect(catalog.frameworksFor('mcp/tool-poisoning-unicode', 'mcp.tool-poisoning')['owasp-asi']).toEqual(['ASI01', 'ASI02']);
    expect(catalog.frameworksFor('mcp/tool-poisoning-hidden', 'mcp.tool-poisoning')['owasp-asi']).toEqual(['ASI10']);
    expect(catalog.overridesFor('mcp/tool-poisoning-hidden', 'mcp.tool-poisoning').map((o) => o.pattern)).toEqual([
      'mcp/*',
      'mcp/tool-poisoning-*',
      'mcp/tool-poisoning-hidden',
    ]);
  });

  it('sorts ids in catalog order, not in the order they were added', () => {
    expect(catalog.frameworksFor('ci/static-keys', 'credential.long-lived')['owasp-asi']).toEqual(['ASI01', 'ASI02', 'ASI10']);
  });

  it('honours the category filter of an override', () => {
    expect(catalog.frameworksFor('ci/unpinned-action', 'supply-chain.unpinned')['owasp-asi']).toEqual(['ASI02']);
  });

  it('drops a framework replaced by an empty list', () => {
    expect(catalog.frameworksFor('secrets/github-pat', 'credential.long-lived')).toEqual({});
  });

  it('lists overrides that match no known rule', () => {
    expect(catalog.unmatchedRuleOverrides(['mcp/unpinned-server', 'ci/static-keys'])).toEqual([
      'mcp/tool-poisoning-hidden',
      'mcp/tool-poisoning-*',
      'secrets/*',
    ]);
  });

  it('matches globs segment by segment', () => {
    expect(matchesRulePattern('mcp/*', 'mcp/unpinned-server')).toBe(true);
    expect(matchesRulePattern('mcp/*', 'mcpx/unpinned-server')).toBe(false);
    expect(matchesRulePattern('*', 'mcp/unpinned-server')).toBe(false);
    expect(matchesRulePattern('*/*image*', 'k8s/unpinned-image')).toBe(true);
    expect(matchesRulePattern('{ci,iac}/*', 'iac/aws-access-key')).toBe(true);
    expect(matchesRulePattern('secrets/github.pat', 'secrets/githubxpat')).toBe(false);
  });
});
