/**
 * One read-only view over the three config languages agent clients use (JSON/JSONC, YAML, TOML),
 * so that the server model is built by one reader whatever the file's syntax. Every node knows its
 * plain value and where it sits in the file; TOML has no positions in its parser, so its nodes find
 * their line through `tomlKeyLine` on demand.
 */
import { yamlLib } from '../../parsers/libraries.js';
import type { Span } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import { jsonEntries, jsonItems, jsonSpan, jsonValue, type JsonNode } from '../../parsers/jsonc.js';
import { yamlEntries, yamlItems, yamlSpan, type YamlNode } from '../../parsers/yaml.js';
import { tomlKeyLine } from '../../parsers/toml.js';

export type NodeType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'other';

export interface CNode {
  readonly type: NodeType;
  /** The plain JavaScript value. */
  readonly value: unknown;
  /** Where the value is in the file. */
  readonly span: Span;
  /** Where its key is (the value span when it has no key). */
  readonly keySpan: Span;
  entries(): [string, CNode][];
  items(): CNode[];
  get(key: string): CNode | undefined;
}

/** The string of a node, or undefined when it is not a string (numbers and booleans are not coerced). */
export function str(node: CNode | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}

/** A scalar as text (strings, numbers, booleans), for values clients accept in either form. */
export function scalarText(node: CNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return node.value as string;
  if (node.type === 'number' || node.type === 'boolean') return String(node.value);
  return undefined;
}

export function isTrue(node: CNode | undefined): boolean {
  return node?.value === true || (node?.type === 'string' && /^(?:true|yes|on|1)$/i.test(node.value as string));
}

/** First child present among several accepted spellings of a key. */
export function pick(node: CNode | undefined, ...keys: string[]): CNode | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (const k of keys) {
    const child = node.get(k);
    if (child) return child;
  }
  return undefined;
}

/** Follows a key path; a dotted key written flat (VS Code `"mcp.servers"`, `"chat.tools.autoApprove"`) is also found. */
export function at(node: CNode | undefined, path: string[]): CNode | undefined {
  if (!node || path.length === 0) return node;
  if (node.type !== 'object') return undefined;
  for (let n = path.length; n >= 1; n--) {
    const child = node.get(path.slice(0, n).join('.'));
    if (!child) continue;
    const found = at(child, path.slice(n));
    if (found) return found;
  }
  return undefined;
}

function typeOf(value: unknown): NodeType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return value instanceof Date ? 'string' : 'object';
    default:
      return 'other';
  }
}

// ---------------------------------------------------------------- JSON

export function fromJson(node: JsonNode, keyNode?: JsonNode): CNode {
  const type: NodeType =
    node.type === 'object' || node.type === 'array' || node.type === 'string' || node.type === 'number' || node.type === 'boolean' || node.type === 'null'
      ? node.type
      : 'other';
  let value: unknown;
  let entries: [string, CNode][] | undefined;
  return {
    type,
    get value() {
      if (value === undefined) value = jsonValue(node);
      return value;
    },
    span: jsonSpan(node),
    keySpan: keyNode ? jsonSpan(keyNode) : jsonSpan(node),
    entries() {
      entries ??= jsonEntries(node).map(([k, kn, vn]) => [k, fromJson(vn, kn)]);
      return entries;
    },
    items: () => jsonItems(node).map((n) => fromJson(n)),
    get(key) {
      return this.entries().find(([k]) => k === key)?.[1];
    },
  };
}

// ---------------------------------------------------------------- YAML

const NO_SPAN: Span = { startLine: 1, startColumn: 1 };

export function fromYaml(node: YamlNode | undefined, keyNode?: YamlNode): CNode {
  let type: NodeType = 'null';
  let value: unknown = null;
  if (yamlLib().isMap(node)) type = 'object';
  else if (yamlLib().isSeq(node)) type = 'array';
  else if (yamlLib().isScalar(node)) {
    value = node.value;
    type = typeOf(value);
  } else if (node) type = 'other';
  const span = yamlSpan(node) ?? yamlSpan(keyNode) ?? NO_SPAN;
  let entries: [string, CNode][] | undefined;
  return {
    type,
    get value() {
      if (type === 'object' || type === 'array') {
        try {
          return (node as { toJSON(): unknown }).toJSON();
        } catch {
          return undefined;
        }
      }
      return value;
    },
    span,
    keySpan: yamlSpan(keyNode) ?? span,
    entries() {
      entries ??= yamlEntries(node).map(([k, kn, vn]) => [k, fromYaml(vn, kn)]);
      return entries;
    },
    items: () => yamlItems(node).map((n) => fromYaml(n)),
    get(key) {
      return this.entries().find(([k]) => k === key)?.[1];
    },
  };
}

// ---------------------------------------------------------------- TOML

/** A TOML value at a key path; positions are found by line, then narrowed to the value's text. */
export function fromToml(file: SourceFile, value: unknown, path: string[] = []): CNode {
  const type = typeOf(value);
  let span: Span | undefined;
  const locate = (): Span => {
    span ??= tomlSpan(file, path, type === 'string' ? (value as string) : undefined);
    return span;
  };
  return {
    type,
    value,
    get span() {
      return locate();
    },
    get keySpan() {
      return locate();
    },
    entries: () =>
      type === 'object' ? Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromToml(file, v, [...path, k])]) : [],
    items: () => (type === 'array' ? (value as unknown[]).map((v) => fromToml(file, v, path)) : []),
    get(key) {
      if (type !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
      return fromToml(file, (value as Record<string, unknown>)[key], [...path, key]);
    },
  };
}

function tomlSpan(file: SourceFile, path: string[], text?: string): Span {
  // The key in its own table, else its table header, else the nearest ancestor that has a line.
  for (let n = path.length; n > 0; n--) {
    const line = tomlKeyLine(file, path.slice(0, n - 1), path[n - 1]) ?? tomlKeyLine(file, path.slice(0, n));
    if (line === undefined) continue;
    const lineText = file.lineText(line);
    const col = text ? lineText.indexOf(text) : -1;
    if (col >= 0 && n === path.length) {
      return { startLine: line, startColumn: col + 1, endLine: line, endColumn: col + 1 + text!.length };
    }
    const indent = lineText.length - lineText.trimStart().length;
    return { startLine: line, startColumn: indent + 1, endLine: line, endColumn: lineText.trimEnd().length + 1 };
  }
  return NO_SPAN;
}
