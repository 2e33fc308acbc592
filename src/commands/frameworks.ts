/**
 * `agentwarden frameworks [--framework X] [--format text|json]`: every control of every framework
 * and the rules that test it (static rules and replay checks), from `rules/frameworks/` data.
 */
import { UsageError } from '../core/errors.js';
import type { RuleMeta } from '../core/rule.js';
import { getCatalog, type Framework } from '../frameworks/index.js';
import { resolveFramework } from '../audit/framework-option.js';
import { displayRules } from '../audit/format.js';
import { loadRuleSet } from '../audit/rules.js';
import { writeOutput } from './output.js';

export interface FrameworksCommandOptions {
  /** Only this framework: an id (`owasp-nhi`) or a short name (`nhi`, `atlas`, `nist`). */
  framework?: string;
  /** text (default) or json; one format. */
  format?: string[];
  /** File to write instead of stdout. */
  output?: string[];
}

export interface FrameworkListing {
  id: string;
  name: string;
  version: string;
  url: string;
  status: string;
  titleKind: string;
  controls: {
    id: string;
    title: string;
    kind: string;
    status: string;
    parent?: string;
    /** Rule ids that cite this control, sorted. */
    rules: string[];
  }[];
}

export function listFrameworks(rules: RuleMeta[], only?: string): FrameworkListing[] {
  const catalog = getCatalog();
  const frameworks: readonly Framework[] = only ? catalog.frameworks.filter((f) => f.id === only) : catalog.frameworks;
  return frameworks.map((fw) => {
    const byControl = new Map<string, string[]>();
    for (const r of rules) {
      for (const id of r.frameworks?.[fw.id] ?? []) {
        const list = byControl.get(id) ?? [];
        list.push(r.id);
        byControl.set(id, list);
      }
    }
    return {
      id: fw.id,
      name: fw.name,
      version: fw.version,
      url: fw.url,
      status: fw.status,
      titleKind: fw.titleKind,
      controls: fw.controls.map((c) => ({
        id: c.id,
        title: c.title,
        kind: c.kind,
        status: c.status,
        ...(c.parent && { parent: c.parent }),
        rules: [...new Set(byControl.get(c.id) ?? [])].sort(),
      })),
    };
  });
}

const MARK: Record<string, string> = { confirmed: '✓', 'confirmed-secondary': '≈', unconfirmed: '?' };

export function frameworksText(listing: FrameworkListing[]): string {
  const out: string[] = [];
  for (const fw of listing) {
    const tested = fw.controls.filter((c) => c.rules.length).length;
    out.push(`${fw.name} ${fw.version} (${fw.id})`);
    out.push(`  ${fw.url} · ${fw.controls.length} controls, ${tested} tested by at least one rule`);
    const depth = new Map<string, number>();
    for (const c of fw.controls) {
      const d = c.parent ? (depth.get(c.parent) ?? 0) + 1 : 0;
      depth.set(c.id, d);
      const indent = '  '.repeat(d + 1);
      out.push(`${indent}${c.id} ${MARK[c.status] ?? ''} ${c.title}${c.kind === 'layer' || c.kind === 'function' || c.kind === 'tactic' ? ` [${c.kind}]` : ''}`);
      out.push(`${indent}    ${c.rules.length ? displayRules(c.rules).join(', ') : '(no rule tests this)'}`);
    }
    out.push('');
  }
  out.push('✓ confirmed in the publisher\'s text · ≈ confirmed from secondary sources · ? unconfirmed');
  return `${out.join('\n')}\n`;
}

export async function runFrameworks(options: FrameworksCommandOptions = {}): Promise<number> {
  const formats = (options.format ?? []).flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
  if (formats.length > 1) throw new UsageError('frameworks takes one --format (text or json)');
  const format = formats[0] ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}" for frameworks (expected text or json)`);
  if ((options.output?.length ?? 0) > 1) throw new UsageError('frameworks takes one --output');
  const only = options.framework !== undefined ? resolveFramework(options.framework) : undefined;
  const { rules } = await loadRuleSet();
  const listing = listFrameworks(rules, only);
  const body = format === 'json' ? `${JSON.stringify({ frameworks: listing }, null, 2)}\n` : frameworksText(listing);
  writeOutput(options.output?.[0], body);
  return 0;
}
