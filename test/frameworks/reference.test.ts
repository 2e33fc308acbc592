/**
 * The catalogs against the reference they were written from (`../shared/reference/frameworks.md`
 * relative to the project root). Skipped where the reference is not present.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getControl, loadFrameworks } from '../../src/frameworks/index.js';

const referencePath = fileURLToPath(new URL('../../../shared/reference/frameworks.md', import.meta.url));
const hasReference = existsSync(referencePath);

interface Row {
  framework: string;
  id: string;
  /** undefined where the reference gives no title (NIST functions). */
  title?: string;
}

/** The body of a section: from the heading that starts with `start` to the next heading of the same or higher level. */
function section(lines: string[], start: string): string[] {
  const s = lines.findIndex((l) => l.startsWith(start));
  if (s < 0) throw new Error(`reference has no section "${start}"`);
  const level = start.indexOf(' ');
  const e = lines.findIndex((l, i) => i > s && /^#+ /.test(l) && l.indexOf(' ') <= level);
  return lines.slice(s + 1, e < 0 ? undefined : e);
}

function tableRows(body: string[]): string[][] {
  return body
    .filter((l) => l.startsWith('|'))
    .map((l) => l.slice(1, l.lastIndexOf('|')).split('|').map((c) => c.trim()))
    .filter((cells, i) => i > 0 && !/^:?-+:?$/.test(cells[0]))
    .filter((cells) => !['ID', 'Layer', 'Section'].includes(cells[0]));
}

const kebab = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function referenceRows(md: string): Row[] {
  const lines = md.split('\n');
  const rows: Row[] = [];
  const simple = (start: string, framework: string) => {
    for (const [id, title] of tableRows(section(lines, start))) rows.push({ framework, id, title });
  };
  simple('## 1.', 'owasp-asi');
  simple('## 2.', 'owasp-agentic-threats');
  simple('## 3.', 'owasp-nhi');
  simple('## 4.', 'owasp-llm');
  simple('### 5a.', 'maestro');
  for (const [layer, title] of tableRows(section(lines, '### 5b.'))) rows.push({ framework: 'maestro', id: `${layer}:${title}`, title });
  for (const [layer, title] of tableRows(section(lines, '### 5c.'))) rows.push({ framework: 'maestro', id: `${layer}:${title}`, title });
  for (const [id] of tableRows(section(lines, '### 6a.'))) rows.push({ framework: 'nist-ai-rmf', id });
  for (const s of ['### 6b.', '### 6c.', '### 6d.', '### 6e.']) simple(s, 'nist-ai-rmf');
  for (const [, title] of tableRows(section(lines, '### 6f.'))) rows.push({ framework: 'nist-ai-rmf', id: `AI-600-1:${kebab(title)}`, title });
  simple('### 7a.', 'mitre-atlas');
  simple('### 7b.', 'mitre-atlas');
  return rows;
}

describe.skipIf(!hasReference)('catalogs match reference/frameworks.md', () => {
  const md = hasReference ? readFileSync(referencePath, 'utf8') : '';
  const rows = hasReference ? referenceRows(md) : [];
  const frameworks = loadFrameworks();

  it('finds the reference tables', () => {
    expect(rows.length).toBeGreaterThan(250);
  });

  it('has every reference entry with its exact id and title', () => {
    const problems: string[] = [];
    for (const row of rows) {
      const c = getControl(row.framework, row.id);
      if (!c) problems.push(`${row.framework} ${row.id}: missing`);
      else if (row.title !== undefined && c.title !== row.title) problems.push(`${row.framework} ${row.id}: "${c.title}" ≠ "${row.title}"`);
    }
    expect(problems).toEqual([]);
  });

  it('has nothing the reference does not name', () => {
    const inTables = new Set(rows.map((r) => `${r.framework}\u0000${r.id}`));
    const problems: string[] = [];
    for (const fw of frameworks) {
      for (const c of fw.controls) {
        if (inTables.has(`${fw.id}\u0000${c.id}`)) continue;
        // Tactics and parent techniques are named in the text ("AML.TA0005 Execution", "sub of AML.T0011 User Execution").
        if (!md.includes(`${c.id} ${c.title}`)) problems.push(`${fw.id} ${c.id} "${c.title}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('matches a sample of titles checked by hand', () => {
    const sample: Array<[string, string, string]> = [
      ['owasp-asi', 'ASI03', 'Identity and Privilege Abuse'],
      ['owasp-asi', 'ASI05', 'Unexpected Code Execution (RCE)'],
      ['owasp-agentic-threats', 'T6', 'Intent Breaking & Goal Manipulation'],
      ['owasp-agentic-threats', 'T17', 'Supply Chain Compromise'],
      ['owasp-nhi', 'NHI7:2025', 'Long-Lived Secrets'],
      ['owasp-llm', 'LLM06:2025', 'Excessive Agency'],
      ['maestro', 'L4', 'Deployment and Infrastructure'],
      ['maestro', 'L4:Infrastructure-as-Code (IaC) Manipulation', 'Infrastructure-as-Code (IaC) Manipulation'],
      ['nist-ai-rmf', 'AI-600-1:harmful-bias-and-homogenization', 'Harmful Bias and Homogenization'],
      ['mitre-atlas', 'AML.T0053', 'AI Agent Tool Invocation'],
      ['mitre-atlas', 'AML.M0029', 'Human In-the-Loop for AI Agent Actions'],
    ];
    for (const [fw, id, title] of sample) {
      expect(getControl(fw, id)?.title, `${fw} ${id}`).toBe(title);
      expect(rows.some((r) => r.framework === fw && r.id === id && r.title === title), `${fw} ${id} in reference`).toBe(true);
    }
  });

  it('keeps the status the reference gives each framework', () => {
    const expected: Record<string, string> = {
      'owasp-asi': 'confirmed-secondary',
      'owasp-agentic-threats': 'confirmed-secondary',
      'owasp-nhi': 'confirmed',
      'owasp-llm': 'confirmed',
      maestro: 'confirmed-secondary',
      'nist-ai-rmf': 'confirmed-secondary',
      'mitre-atlas': 'confirmed',
    };
    for (const fw of frameworks) {
      expect(fw.status, fw.id).toBe(expected[fw.id]);
      for (const c of fw.controls) expect(c.status, `${fw.id} ${c.id}`).toBe(expected[fw.id]);
    }
  });

  it('pins the ATLAS release the reference was checked against', () => {
    const atlas = frameworks.find((f) => f.id === 'mitre-atlas')!;
    expect(md).toContain(`release v${atlas.version}`);
  });

  it('gives the NIST AI 600-1 section numbers of the reference', () => {
    const lines = md.split('\n');
    for (const [sec, title] of tableRows(section(lines, '### 6f.'))) {
      expect(getControl('nist-ai-rmf', `AI-600-1:${kebab(title)}`)?.section).toBe(sec);
    }
  });
});
