/**
 * `agentwarden rules [--category C] [--framework F] [--format text|json] [--docs DIR]`: every rule
 * the scanner and the replay know, from their own metadata. `--docs DIR` writes one Markdown page
 * per rule plus an index (what `npm run docs` does for docs/rules/).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import type { RuleMeta } from '../core/rule.js';
import { CATEGORIES, SEVERITIES } from '../core/types.js';
import { frameworksFor, getCatalog } from '../frameworks/index.js';
import { allRules, loadFileAnalyzers } from '../rules/registry.js';
import { useColor } from './output.js';
import { chalkFor } from '../ui/terminal.js';
import { cmp } from '../engine/order.js';

export interface RulesOptions {
  category?: string;
  framework?: string;
  format?: string;
  docs?: string;
  color?: boolean;
}

/** Scanner rules and replay checks, with framework references, sorted by id. */
export async function ruleCatalog(): Promise<RuleMeta[]> {
  const rules = await allRules();
  const replay = await replayRules();
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const r of replay) if (!byId.has(r.id)) byId.set(r.id, { ...r, frameworks: frameworksFor(r.id, r.category) });
  return [...byId.values()].sort((a, b) => cmp(a.id, b.id));
}

async function replayRules(): Promise<RuleMeta[]> {
  // A variable specifier keeps `rules` working in a build without the replay module.
  const specifier = '../replay/rules.js';
  try {
    const mod = (await import(specifier)) as { replayRules?: RuleMeta[] };
    return Array.isArray(mod.replayRules) ? mod.replayRules : [];
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return [];
    throw err;
  }
}

/** `credential` matches every `credential.*`; `runtime.*` works too; otherwise an exact category. */
export function categoryFilter(value: string): (r: RuleMeta) => boolean {
  const v = value.trim().replace(/\.\*$/, '');
  const known = CATEGORIES.filter((c) => c === v || c.startsWith(`${v}.`));
  if (known.length === 0) throw new UsageError(`unknown category "${value}" (expected one of: ${CATEGORIES.join(', ')})`);
  return (r) => (known as readonly string[]).includes(r.category);
}

/** A framework id (`owasp-asi`), a control id (`ASI03`, `AML.T0051`), `framework:control`, or a short tag (`MAESTRO-L7`). */
export function frameworkFilter(value: string): (r: RuleMeta) => boolean {
  const v = value.trim().toLowerCase();
  const catalog = getCatalog();
  const matches = (fw: string, id: string): boolean =>
    fw.toLowerCase() === v || id.toLowerCase() === v || `${fw}:${id}`.toLowerCase() === v || catalog.shortTag(fw, id).toLowerCase() === v;
  const knownFramework = catalog.frameworks.some((f) => f.id.toLowerCase() === v || f.controls.some((c) => matches(f.id, c.id)));
  if (!knownFramework) {
    throw new UsageError(`unknown framework or control "${value}" (frameworks: ${catalog.frameworks.map((f) => f.id).join(', ')})`);
  }
  return (r) => Object.entries(r.frameworks ?? {}).some(([fw, ids]) => ids.some((id) => matches(fw, id)));
}

export async function runRules(options: RulesOptions): Promise<number> {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json for rules`);
  let rules = await ruleCatalog();
  if (options.category) rules = rules.filter(categoryFilter(options.category));
  if (options.framework) rules = rules.filter(frameworkFilter(options.framework));
  if (options.docs) {
    const files = await renderDocs(rules);
    writeDocs(options.docs, files, !options.category && !options.framework);
    process.stderr.write(`agentwarden: wrote ${files.size} pages to ${options.docs}\n`);
    return 0;
  }
  if (format === 'json') {
    const out = rules.map((r) => ({
      id: r.id,
      title: r.title,
      category: r.category,
      severity: r.severity,
      confidence: r.confidence ?? 'high',
      description: r.description,
      remediation: r.remediation,
      frameworks: r.frameworks ?? {},
      docs: `docs/rules/${r.id}.md`,
    }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(rulesText(rules, useColor(options.color)));
  return 0;
}

export function rulesText(rules: RuleMeta[], color: boolean): string {
  const c = chalkFor(color);
  if (rules.length === 0) return 'no rule matches\n';
  const idWidth = Math.max(...rules.map((r) => r.id.length));
  const catWidth = Math.max(...rules.map((r) => r.category.length));
  const sevColor = { critical: c.red.bold, high: c.red, medium: c.yellow, low: c.cyan, info: c.gray } as const;
  const out: string[] = [];
  let domain = '';
  for (const r of rules) {
    const d = r.id.split('/')[0]!;
    if (d !== domain) {
      if (domain) out.push('');
      out.push(c.bold.underline(d));
      domain = d;
    }
    out.push(`  ${r.id.padEnd(idWidth)}  ${sevColor[r.severity](r.severity.padEnd(8))}  ${c.dim(r.category.padEnd(catWidth))}  ${r.title}`);
  }
  const bySeverity = SEVERITIES.map((s) => `${rules.filter((r) => r.severity === s).length} ${s}`).join(', ');
  out.push('', `${rules.length} rules (${bySeverity}) · agentwarden explain <rule-id> for details`);
  return `${out.join('\n')}\n`;
}

/** Every docs page (path under the docs folder → Markdown), the index included. */
export async function renderDocs(rules?: RuleMeta[]): Promise<Map<string, string>> {
  const { ruleDoc, ruleDocMarkdown } = await import('../ui/rule-doc.js');
  const list = rules ?? (await ruleCatalog());
  const analyzers = await loadFileAnalyzers();
  const files = new Map<string, string>();
  for (const rule of list) files.set(`${rule.id}.md`, ruleDocMarkdown(await ruleDoc(rule, analyzers)));
  files.set('README.md', docsIndex(list));
  return files;
}

function docsIndex(rules: RuleMeta[]): string {
  const out = [
    '<!-- Generated by `npm run docs` from the rules\' metadata. -->',
    '# Rules',
    '',
    `agentwarden has ${rules.length} rules. \`agentwarden rules\` lists them in a terminal (\`--category\`, \`--framework\`, \`--format json\`), and \`agentwarden explain <rule-id>\` shows one with its example run live.`,
    '',
  ];
  const domains = [...new Set(rules.map((r) => r.id.split('/')[0]!))];
  for (const d of domains) {
    out.push(`## ${d}`, '', '| rule | title | category | severity |', '| --- | --- | --- | --- |');
    for (const r of rules.filter((x) => x.id.split('/')[0] === d)) out.push(`| [\`${r.id}\`](${r.id}.md) | ${r.title.replace(/\|/g, '\\|')} | \`${r.category}\` | ${r.severity} |`);
    out.push('');
  }
  return out.join('\n');
}

/** Writes the pages; with `prune`, removes pages of rules that no longer exist. */
function writeDocs(dir: string, files: Map<string, string>, prune: boolean): void {
  if (prune) {
    for (const rel of listMarkdown(dir)) if (!files.has(rel)) rmSync(path.join(dir, rel));
  }
  for (const [rel, text] of files) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
}

/** Markdown files under a folder, relative, `/` separators (empty when the folder is missing). */
export function listMarkdown(dir: string): string[] {
  const out: string[] = [];
  const visit = (abs: string, rel: string) => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) visit(path.join(abs, e.name), r);
      else if (e.name.endsWith('.md')) out.push(r);
    }
  };
  visit(dir, '');
  return out.sort();
}
