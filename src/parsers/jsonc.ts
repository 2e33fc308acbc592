/**
 * JSON with comments and trailing commas (VS Code, Zed, OpenCode configs…), parsed once per file
 * with positions. Analyzers walk the tree and point findings at the exact value.
 */
import type { Node, ParseError } from 'jsonc-parser';
import { jsoncLib } from './libraries.js';
import type { SourceFile } from '../core/source.js';
import type { Span } from '../core/rule.js';

export type JsonNode = Node;

export interface JsonDoc {
  root: JsonNode;
  value: unknown;
}

export type ParseOutcome<T> = { ok: true; doc: T } | { ok: false; error: string };

/** The file's JSON tree (memoised); broken JSON yields an error message with line and column. */
export function parseJsonc(file: SourceFile): ParseOutcome<JsonDoc> {
  return file.memo('jsonc', () => {
    const errors: ParseError[] = [];
    let root: JsonNode | undefined;
    try {
      root = jsoncLib().parseTree(file.text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
    } catch (err) {
      return { ok: false, error: err instanceof RangeError ? 'invalid JSON: nesting too deep' : `invalid JSON: ${(err as Error).message}` };
    }
    if (errors.length > 0) {
      const e = errors[0]!;
      const pos = file.position(e.offset);
      return { ok: false, error: `invalid JSON at ${pos.line}:${pos.column}: ${jsoncLib().printParseErrorCode(e.error)}` };
    }
    if (!root) return { ok: false, error: 'empty JSON document' };
    let value: unknown;
    try {
      value = jsoncLib().getNodeValue(root);
    } catch {
      return { ok: false, error: 'invalid JSON: nesting too deep' };
    }
    return { ok: true, doc: { root, value } };
  });
}

export function jsonSpan(node: JsonNode): Span {
  return { start: node.offset, end: node.offset + node.length };
}

export function jsonAt(root: JsonNode, path: (string | number)[]): JsonNode | undefined {
  return jsoncLib().findNodeAtLocation(root, path);
}

/** Children of an object node as [key, keyNode, valueNode]. */
export function jsonEntries(node: JsonNode | undefined): [string, JsonNode, JsonNode][] {
  if (!node || node.type !== 'object') return [];
  const out: [string, JsonNode, JsonNode][] = [];
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (k && v) out.push([String(k.value), k, v]);
  }
  return out;
}

export function jsonItems(node: JsonNode | undefined): JsonNode[] {
  return node?.type === 'array' ? (node.children ?? []) : [];
}

export function jsonValue(node: JsonNode | undefined): unknown {
  if (!node) return undefined;
  try {
    return jsoncLib().getNodeValue(node);
  } catch {
    return undefined;
  }
}
