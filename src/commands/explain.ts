/**
 * `agentwarden explain <ruleId>`: one rule for a person: what it detects, why it matters, its own
 * example run through the scanner (the real finding, redacted), the fix and the framework references.
 */
import { UsageError } from '../core/errors.js';
import { loadFileAnalyzers } from '../rules/registry.js';
import { ruleDoc, ruleDocMarkdown, ruleDocText } from '../ui/rule-doc.js';
import { chalkFor } from '../ui/terminal.js';
import { useColor } from './output.js';
import { ruleCatalog } from './rules.js';

export async function runExplain(ruleId: string, options: { format?: string; color?: boolean }): Promise<number> {
  const format = options.format ?? 'text';
  if (!['text', 'markdown', 'json'].includes(format)) throw new UsageError('--format must be text, markdown or json for explain');
  const rules = await ruleCatalog();
  const wanted = ruleId.trim();
  const rule = rules.find((r) => r.id === wanted) ?? rules.find((r) => r.id.endsWith(`/${wanted}`));
  if (!rule) {
    const needle = wanted.toLowerCase().replace(/^.*\//, '');
    const near = rules.filter((r) => needle.length >= 3 && r.id.toLowerCase().includes(needle)).slice(0, 8);
    throw new UsageError(`unknown rule "${ruleId}"${near.length ? ` (did you mean: ${near.map((r) => r.id).join(', ')}?)` : ''}; \`agentwarden rules\` lists them all`);
  }
  const doc = await ruleDoc(rule, await loadFileAnalyzers());
  // The raw examples stay out of JSON: they may hold secret-shaped strings; the shown code is redacted.
  if (format === 'json') process.stdout.write(`${JSON.stringify({ ...doc, rule: { ...doc.rule, examples: undefined } }, null, 2)}\n`);
  else if (format === 'markdown') process.stdout.write(ruleDocMarkdown(doc));
  else process.stdout.write(ruleDocText(doc, chalkFor(useColor(options.color))));
  return 0;
}
