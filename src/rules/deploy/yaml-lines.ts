/**
 * Reading YAML's block structure from a file's lines, where a rule needs what stands beside or
 * above a value and the parsed document has dropped it (comments, the order of keys, a value's
 * neighbours): the keys that enclose a line, a block's direct children, the entries written beside
 * a line. Indentation decides, as YAML's block structure does; a list item's dash counts as
 * indentation. Shared by the opt-in sections (`opt-in.ts`) and the settings beside a credential
 * (`beside.ts`).
 */
import type { SourceFile } from '../../core/source.js';

/** A line of YAML block structure: its indentation (after a list dash) and its key. */
export interface KeyLine {
  index: number;
  indent: number;
  key: string;
}

const KEY_LINE = /^([ \t]*(?:-[ \t]+)?)([\w.-]+|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]|$)/;
/** `KEY: value` or `- KEY=value` / `- KEY: value`, at the line's indentation. */
const ENTRY = /^([ \t]*)(?:-[ \t]+)?["']?([A-Za-z_][\w.-]*)["']?[ \t]*(?::[ \t]|=|:$)[ \t]*(.*)$/;
const BLANK_OR_COMMENT = /^\s*(?:#.*)?$/;

/** The file's lines, split once per file for every deploy rule that reads them. */
export function fileLines(file: SourceFile): string[] {
  return file.memo('deploy:lines', () => file.text.split('\n'));
}

/** A scalar as written after its key: without a trailing comment and without its quotes. */
function plainValue(text: string): string {
  return text.replace(/\s+#.*$/, '').trim().replace(/^["']|["']$/g, '');
}

function indentOf(line: string): number {
  const m = /^([ \t]*(?:-[ \t]+)?)/.exec(line);
  return m ? m[1]!.length : 0;
}

/** The keys that enclose line `at` (0-based), nearest first. */
export function ancestors(lines: string[], at: number): KeyLine[] {
  const found: KeyLine[] = [];
  let bound = indentOf(lines[at] ?? '');
  for (let i = at - 1; i >= 0 && bound > 0; i--) {
    const m = KEY_LINE.exec(lines[i]!);
    if (!m) continue;
    const indent = m[1]!.length;
    if (indent < bound) {
      found.push({ index: i, indent, key: m[2]!.replace(/^["']|["']$/g, '') });
      bound = indent;
    }
  }
  return found;
}

/** The value of `key` among the direct children of the block that starts at `parent`. */
export function childValue(lines: string[], parent: KeyLine, key: string): string | undefined {
  let depth = -1;
  for (let i = parent.index + 1; i < lines.length; i++) {
    const text = lines[i]!;
    if (BLANK_OR_COMMENT.test(text)) continue;
    const indent = indentOf(text);
    if (indent <= parent.indent) return undefined;
    if (depth < 0) depth = indent;
    if (indent !== depth) continue;
    const m = KEY_LINE.exec(text);
    if (m && m[2] === key) return plainValue(text.slice(m[0].length));
  }
  return undefined;
}

/** The entries written at the same indentation as line `at` (0-based), in the block that holds it. */
export function siblings(lines: string[], at: number): { key: string; value: string }[] {
  const own = ENTRY.exec(lines[at] ?? '');
  if (!own) return [];
  const indent = own[1]!.length;
  const out: { key: string; value: string }[] = [];
  const visit = (i: number): boolean => {
    const text = lines[i]!;
    if (BLANK_OR_COMMENT.test(text)) return true;
    const m = ENTRY.exec(text);
    const depth = m ? m[1]!.length : text.length - text.trimStart().length;
    if (depth < indent) return false;
    if (m && depth === indent) out.push({ key: m[2]!, value: plainValue(m[3]!) });
    return true;
  };
  for (let i = at - 1; i >= 0 && visit(i); i--);
  for (let i = at + 1; i < lines.length && visit(i); i++);
  return out;
}
