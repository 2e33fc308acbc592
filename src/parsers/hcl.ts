/**
 * HCL (Terraform, `.tfvars`, generic `.hcl`) parsed once per file by the tree-sitter HCL grammar
 * (`@tree-sitter-grammars/tree-sitter-hcl`, wasm through `web-tree-sitter`: offline, no native
 * build). Every block and attribute keeps its character range, so findings point at the line.
 *
 * Expressions are evaluated only as far as a static scanner can: literals, objects, tuples,
 * quoted and heredoc templates, and `jsonencode(...)` of a literal value. Anything that needs
 * Terraform state or variables (references, other function calls, conditionals, for
 * expressions) evaluates to its source text wrapped as `${…}`, the convention of Terraform's own
 * JSON syntax, so `isReference()` recognises it as "not a literal".
 */
import { createRequire } from 'node:module';
import type { Language as TsLanguage, Node as TsNode, Parser as TsParser } from 'web-tree-sitter';
import type { SourceFile } from '../core/source.js';
import type { Span } from '../core/rule.js';
import type { ParseOutcome } from './jsonc.js';

/** A file deeper than this is refused rather than walked (hostile input). */
const MAX_DEPTH = 200;

export interface HclAttribute {
  name: string;
  /** Range of the whole `name = expr`. */
  span: { start: number; end: number };
  /** Range of the expression alone. */
  valueSpan: { start: number; end: number };
  /** Statically evaluated value (see module comment). */
  value: unknown;
  /** Source text of the expression. */
  source: string;
  node: TsNode;
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

export interface HclBlock extends HclBody {
  type: string;
  labels: string[];
  /** Range of the whole block; its first line is the header `type "label" "label" {`. */
  span: { start: number; end: number };
}

export interface HclFile extends HclBody {}

let parserPromise: Promise<TsParser> | undefined;

async function loadParser(): Promise<TsParser> {
  const require = createRequire(import.meta.url);
  // Required, not imported: the bundle's code-cached chunks cannot run a dynamic import() (core/code-cache.ts).
  const { Parser, Language } = require('web-tree-sitter') as typeof import('web-tree-sitter');
  await Parser.init();
  const language: TsLanguage = await Language.load(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'));
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** The file's HCL structure (memoised); broken HCL yields an error naming line and column. */
export async function parseHcl(file: SourceFile): Promise<ParseOutcome<HclFile>> {
  return file.memo('hcl', async () => {
    parserPromise ??= loadParser();
    let parser: TsParser;
    try {
      parser = await parserPromise;
    } catch (err) {
      return { ok: false, error: `HCL parser unavailable: ${(err as Error).message.split('\n')[0]}` };
    }
    const tree = parser.parse(withoutJinjaLines(file.text));
    if (!tree) return { ok: false, error: 'invalid HCL: the parser gave no tree' };
    try {
      const root = tree.rootNode;
      if (root.hasError) {
        const bad = firstError(root);
        const pos = file.position(bad ? bad.startIndex : 0);
        const what = bad?.isMissing ? `missing "${bad.type}"` : `unexpected ${JSON.stringify(clipText(bad?.text ?? ''))}`;
        return { ok: false, error: `invalid HCL at ${pos.line}:${pos.column}: ${what}` };
      }
      const body = root.namedChildren.find((c) => c?.type === 'body');
      return { ok: true, doc: body ? readBody(body, 0) : { attributes: [], blocks: [] } };
    } catch (err) {
      return { ok: false, error: `invalid HCL: ${(err as Error).message.split('\n')[0]}` };
    } finally {
      tree.delete();
    }
  });
}

/**
 * A project template's control lines (`{% if cookiecutter.data_ingestion %}`, `{%- endif %}`: Jinja,
 * as cookiecutter and copier write them) read as blank lines, so the Terraform around them parses and
 * offsets stay put. HCL's own directives start `%{`, never `{%`.
 */
function withoutJinjaLines(text: string): string {
  return text.includes('{%') ? text.replace(/^[ \t]*\{%.*%\}[ \t]*$/gm, (line) => ' '.repeat(line.length)) : text;
}

function clipText(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

function firstError(node: TsNode): TsNode | undefined {
  if (node.isError || node.isMissing) return node;
  for (const child of node.children) {
    if (child && (child.hasError || child.isMissing || child.isError)) {
      const found = firstError(child);
      if (found) return found;
    }
  }
  return undefined;
}

function readBody(body: TsNode, depth: number): HclBody {
  if (depth > MAX_DEPTH) throw new Error('nesting too deep');
  const out: HclBody = { attributes: [], blocks: [] };
  for (const child of body.namedChildren) {
    if (!child) continue;
    if (child.type === 'attribute') {
      const name = child.namedChildren.find((c) => c?.type === 'identifier')?.text ?? '';
      const expr = child.namedChildren.find((c) => c?.type === 'expression');
      if (!expr) continue;
      out.attributes.push({
        name,
        span: { start: child.startIndex, end: child.endIndex },
        valueSpan: { start: expr.startIndex, end: expr.endIndex },
        value: evaluate(expr, depth + 1),
        source: expr.text,
        node: expr,
      });
    } else if (child.type === 'block') {
      const named = child.namedChildren.filter((c): c is TsNode => !!c);
      const type = named[0]?.text ?? '';
      const labels = named
        .slice(1)
        .filter((c) => c.type === 'string_lit' || c.type === 'identifier')
        .map((c) => (c.type === 'string_lit' ? unquote(c) : c.text));
      const inner = named.find((c) => c.type === 'body');
      const b = inner ? readBody(inner, depth + 1) : { attributes: [], blocks: [] };
      out.blocks.push({ type, labels, span: { start: child.startIndex, end: child.endIndex }, ...b });
    }
  }
  return out;
}

/** A static value of an expression; unknowns become `${source}`. */
export function evaluate(node: TsNode, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new Error('nesting too deep');
  switch (node.type) {
    case 'expression':
    case 'literal_value':
    case 'collection_value':
    case 'template_expr': {
      const named = node.namedChildren.filter((c): c is TsNode => !!c);
      if (named.length === 1) return evaluate(named[0]!, depth + 1);
      return unknown(node);
    }
    case 'numeric_lit':
      return Number(node.text);
    case 'bool_lit':
      return node.text === 'true';
    case 'null_lit':
      return null;
    case 'string_lit':
    case 'quoted_template':
      return unquote(node);
    case 'heredoc_template':
      return heredoc(node);
    case 'tuple':
      return node.namedChildren.filter((c): c is TsNode => c?.type === 'expression').map((c) => evaluate(c, depth + 1));
    case 'object': {
      const obj: Record<string, unknown> = {};
      for (const elem of node.namedChildren) {
        if (elem?.type !== 'object_elem') continue;
        const key = elem.childForFieldName('key');
        const val = elem.childForFieldName('val');
        if (!key || !val) continue;
        obj[objectKey(key)] = evaluate(val, depth + 1);
      }
      return obj;
    }
    case 'function_call': {
      const name = node.namedChildren.find((c) => c?.type === 'identifier')?.text;
      const args = node.namedChildren.find((c) => c?.type === 'function_arguments');
      const first = args?.namedChildren.find((c) => c?.type === 'expression');
      if (name === 'jsonencode' && first) {
        const inner = evaluate(first, depth + 1);
        return JSON.stringify(inner);
      }
      return unknown(node);
    }
    default:
      return unknown(node);
  }
}

function unknown(node: TsNode): string {
  return `\${${node.text}}`;
}

/** Object keys: a bare identifier is its name; a quoted key its string; anything else its text. */
function objectKey(key: TsNode): string {
  const v = evaluate(key);
  if (typeof v === 'string' && v.startsWith('${') && v.endsWith('}')) {
    const inner = v.slice(2, -1);
    if (/^[A-Za-z_][\w-]*$/.test(inner)) return inner;
  }
  return String(v);
}

/** The text of a quoted string or template, escapes resolved, interpolations kept as `${…}`. */
function unquote(node: TsNode): string {
  return unquoteHcl(node.text);
}

/** A quoted string or template's source (with or without its quotes) as its value: escapes resolved, interpolations kept. */
export function unquoteHcl(raw: string): string {
  const inner = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
  if (!inner.includes('\\')) return inner;
  return inner.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (_m, e: string) => {
    if (e === 'n') return '\n';
    if (e === 't') return '\t';
    if (e === 'r') return '\r';
    if (e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    return e;
  });
}

function heredoc(node: TsNode): string {
  return heredocValue(node.text);
}

/** A heredoc's source (`<<EOF` … `EOF`) as its value: the lines between the markers; `<<-` strips common indentation. */
export function heredocValue(text: string): string {
  const firstNl = text.indexOf('\n');
  const lastNl = text.lastIndexOf('\n');
  if (firstNl < 0 || lastNl <= firstNl) return '';
  const lines = text.slice(firstNl + 1, lastNl + 1).split('\n');
  lines.pop();
  if (text.startsWith('<<-')) {
    const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
    const strip = indents.length ? Math.min(...indents) : 0;
    return lines.map((l) => l.slice(strip)).join('\n') + '\n';
  }
  return lines.join('\n') + '\n';
}

/** Helpers for analyzers. */
export function hclAttr(body: HclBody, name: string): HclAttribute | undefined {
  return body.attributes.find((a) => a.name === name);
}

export function hclBlocks(body: HclBody, type: string): HclBlock[] {
  return body.blocks.filter((b) => b.type === type);
}

export function hclSpan(range: { start: number; end: number }): Span {
  return { start: range.start, end: range.end };
}

/** A value that is a Terraform expression we did not evaluate (`${…}` as a whole). */
export function isHclUnknown(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('${') && value.endsWith('}');
}
