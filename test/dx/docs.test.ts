/** docs/rules/ is generated from rule metadata (`npm run docs`); this fails when it is stale. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/cli.js';
import { listMarkdown, renderDocs, ruleCatalog } from '../../src/commands/rules.js';

const DOCS = path.join(PROJECT_ROOT, 'docs', 'rules');

describe('docs/rules', () => {
  it('has exactly one current page per rule, and the index (run `npm run docs` to refresh)', async () => {
    const expected = await renderDocs();
    const rules = await ruleCatalog();
    expect(expected.size).toBe(rules.length + 1);
    const onDisk = listMarkdown(DOCS);
    const missing = [...expected.keys()].filter((p) => !onDisk.includes(p));
    const extra = onDisk.filter((p) => !expected.has(p));
    const stale = [...expected].filter(([p, text]) => onDisk.includes(p) && readFileSync(path.join(DOCS, p), 'utf8') !== text).map(([p]) => p);
    expect({ missing, extra, stale }).toEqual({ missing: [], extra: [], stale: [] });
  });

  it('never prints a whole secret from a rule example', async () => {
    const rules = await ruleCatalog();
    const docs = await renderDocs(rules.filter((r) => r.id === 'secrets/github-pat'));
    const page = docs.get('secrets/github-pat.md')!;
    expect(page).toContain('## Example');
    expect(page).toContain('Reported as:');
    // The negative example is a documented dummy token; the positive one must be redacted.
    const example = page.slice(page.indexOf('## Example'), page.indexOf('## Not reported'));
    expect(example).toContain('ghp_…');
    expect(example).not.toMatch(/ghp_[A-Za-z0-9]{36}/);
  });
});
