/** `agentwarden frameworks`: every control of every framework and the rules that test it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { frameworksText, listFrameworks, runFrameworks } from '../../src/commands/frameworks.js';
import { UsageError } from '../../src/core/errors.js';
import { getCatalog } from '../../src/frameworks/index.js';
import { loadRuleSet } from '../../src/audit/rules.js';
import { tempTree } from '../helpers/tmp.js';

describe('frameworks command', async () => {
  const { rules } = await loadRuleSet();

  it('lists every control of every framework with the rules that cite it', () => {
    const listing = listFrameworks(rules);
    const catalog = getCatalog();
    expect(listing.map((f) => f.id)).toEqual(catalog.frameworks.map((f) => f.id));
    for (const fw of listing) expect(fw.controls.length).toBe(catalog.framework(fw.id)!.controls.length);
    const asi03 = listing[0]!.controls.find((c) => c.id === 'ASI03')!;
    expect(asi03.rules).toContain('identity/shared-credential');
    for (const fw of listing) {
      for (const c of fw.controls) {
        for (const id of c.rules) expect(rules.find((r) => r.id === id)!.frameworks![fw.id]).toContain(c.id);
      }
    }
  });

  it('includes the replay checks among the rules', () => {
    if (!rules.some((r) => r.id.startsWith('replay/'))) return;
    const asi01 = listFrameworks(rules, 'owasp-asi')[0]!.controls.find((c) => c.id === 'ASI01')!;
    expect(asi01.rules.some((r) => r.startsWith('replay/'))).toBe(true);
  });

  it('prints text with every control and marks those no rule tests', () => {
    const text = frameworksText(listFrameworks(rules, 'owasp-asi'));
    for (let i = 1; i <= 10; i++) expect(text).toContain(`ASI${String(i).padStart(2, '0')}`);
    expect(text).toMatch(/\(no rule tests this\)|\bASI\d\d\b/);
  });

  it('writes JSON for one framework to a file, by short name', async () => {
    const file = path.join(tempTree(), 'fw.json');
    expect(await runFrameworks({ framework: 'atlas', format: ['json'], output: [file] })).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.frameworks.map((f: { id: string }) => f.id)).toEqual(['mitre-atlas']);
    expect(doc.frameworks[0].version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('rejects unknown frameworks and formats with a usage error', async () => {
    await expect(runFrameworks({ framework: 'soc2' })).rejects.toThrow(UsageError);
    await expect(runFrameworks({ format: ['sarif'] })).rejects.toThrow(/text or json/);
  });
});
