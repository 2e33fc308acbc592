/**
 * YAML (multi-document) parsed once per file with source ranges. Alias bombs are refused by the
 * alias limit, unknown tags (`!Ref`, `!Sub` …) resolve to their plain values, and duplicate keys
 * are tolerated as real-world files have them.
 *
 * A file is read by the fast path (`yaml-fast.ts`: js-yaml's events, built into the `yaml`
 * package's nodes) and, when that path does not cover it, by the `yaml` package itself; both give
 * the same nodes, ranges and values. `AGENTWARDEN_YAML_FAST=off` reads every file with the package.
 */
import type { Document, Node as YamlNode, Pair } from 'yaml';
import { yamlLib } from './libraries.js';
import { parseYamlFast } from './yaml-fast.js';
import { MAX_ALIAS_COUNT } from './yaml-fast-anchors.js';
import type { SourceFile } from '../core/source.js';
import type { Span } from '../core/rule.js';
import type { ParseOutcome } from './jsonc.js';


export interface YamlDoc {
  /** The document's root node (a null scalar when it is empty). */
  document: { contents: YamlNode | null };
  /** The plain JavaScript value (aliases expanded within the limit). */
  value: unknown;
}

const FAST = process.env.AGENTWARDEN_YAML_FAST !== 'off';

export function parseYaml(file: SourceFile, text = file.text): ParseOutcome<YamlDoc[]> {
  const key = text === file.text ? 'yaml' : `yaml:${text.length}`;
  return file.memo(key, () => parseYamlText(text, file));
}

/** Where an error is, for a text that is no scanned file: not known. */
const NO_POSITIONS = { position: () => ({ line: 0, column: 0 }) };

/**
 * A YAML text by the fast path, or by the `yaml` package when that path does not cover it; not
 * memoised. Without `file` (another file of the folder, read for context) errors carry no position.
 */
export function parseYamlText(text: string, file: { position(offset: number): { line: number; column: number } } = NO_POSITIONS): ParseOutcome<YamlDoc[]> {
  if (FAST) {
    const fast = parseYamlFast(text);
    if (fast.ok) return { ok: true, doc: fast.docs.map((d) => ({ document: { contents: d.contents }, value: d.value })) };
  }
  return parseWithLibrary(file, text);
}

/** The `yaml` package's parse, for what the fast path leaves to it (and for comparing the two). */
export function parseWithLibrary(file: { position(offset: number): { line: number; column: number } }, text: string): ParseOutcome<YamlDoc[]> {
  let documents: Document[];
  try {
    // logLevel 'error': the library's warnings (a mapping as a key, `{{ replicas }}` in an unrendered
    // template) would go to the process's stderr, in the middle of the scan's output.
    documents = yamlLib().parseAllDocuments(text, { lineCounter: new (yamlLib().LineCounter)(), uniqueKeys: false, strict: false, prettyErrors: false, logLevel: 'error' }) as Document[];
  } catch (err) {
    return { ok: false, error: `invalid YAML: ${(err as Error).message.split('\n')[0]}` };
  }
  if (!Array.isArray(documents)) return { ok: true, doc: [] };
  const docs: YamlDoc[] = [];
  for (const document of documents) {
    const e = document.errors[0];
    if (e) {
      const pos = file.position(e.pos[0]);
      return { ok: false, error: `invalid YAML at ${pos.line}:${pos.column}: ${e.message.split('\n')[0]}` };
    }
    try {
      docs.push({ document, value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) });
    } catch (err) {
      return { ok: false, error: `invalid YAML: ${(err as Error).message.split('\n')[0]}` };
    }
  }
  return { ok: true, doc: docs };
}

export type { YamlNode, Pair };

export function yamlSpan(node: YamlNode | undefined | null): Span | undefined {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

/** The node at a key path inside a document (maps by key, sequences by index). */
export function yamlAt(node: unknown, path: (string | number)[]): YamlNode | undefined {
  let current: unknown = node;
  for (const seg of path) {
    if (yamlLib().isMap(current)) {
      const pair = current.items.find((p) => scalarKey(p) === String(seg));
      current = pair?.value;
    } else if (yamlLib().isSeq(current)) {
      current = current.items[Number(seg)];
    } else return undefined;
  }
  return (current ?? undefined) as YamlNode | undefined;
}

/**
 * Entries of a mapping node with its merge keys expanded (`<<: *defaults`, `<<: [*a, *b]`, as Compose
 * files merge their `x-` extension fields): its own entries, then those of each mapping merged in
 * that it does not have already (the first merged mapping wins over the next). `root` is the
 * document's root, where an alias's anchor is looked up.
 */
export function yamlMergedEntries(node: unknown, root: unknown, within: ReadonlySet<unknown> = new Set()): [string, YamlNode, YamlNode | undefined][] {
  const own = yamlEntries(node).filter(([k]) => k !== '<<');
  const merge = yamlLib().isMap(node) ? yamlAt(node, ['<<']) : undefined;
  if (!merge) return own;
  const seen = new Set(own.map(([k]) => k));
  const out = [...own];
  // A mapping merged into itself (an alias to an anchor it lies inside) is read once.
  const inside = new Set([...within, node]);
  const sources = yamlLib().isSeq(merge) ? (merge.items as YamlNode[]) : [merge];
  for (const source of sources) {
    const target = yamlLib().isAlias(source) ? anchored(root, source.source, startOf(source)) : source;
    if (inside.has(target)) continue;
    for (const entry of yamlMergedEntries(target, root, inside)) {
      if (seen.has(entry[0])) continue;
      seen.add(entry[0]);
      out.push(entry);
    }
  }
  return out;
}

/**
 * The same for a plain value (a document's `value`, aliases already expanded): every mapping in it
 * with its merge keys applied, its own keys first.
 */
export function yamlMergedValue(value: unknown, depth = 0): unknown {
  if (depth > 64 || !value || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => yamlMergedValue(v, depth + 1));
  const map = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) if (k !== '<<') out[k] = yamlMergedValue(v, depth + 1);
  const merge = map['<<'];
  for (const source of Array.isArray(merge) ? merge : [merge]) {
    const merged = yamlMergedValue(source, depth + 1);
    if (!merged || typeof merged !== 'object' || Array.isArray(merged)) continue;
    for (const [k, v] of Object.entries(merged)) if (!Object.hasOwn(out, k)) out[k] = v;
  }
  return out;
}

/** Where a node starts in the text (Infinity when it has no range). */
function startOf(node: unknown): number {
  return (node as { range?: [number, number, number] } | undefined)?.range?.[0] ?? Infinity;
}

/** Each document's anchored nodes by anchor, in document order: gathered once per document. */
const anchorsOf = new WeakMap<object, Map<string, YamlNode[]>>();

/** The node an alias names: the last node with that anchor before it (a later anchor of the same name redefines it). */
function anchored(root: unknown, anchor: string, before: number): YamlNode | undefined {
  if (!root || typeof root !== 'object') return undefined;
  let anchors = anchorsOf.get(root);
  if (!anchors) {
    const found = new Map<string, YamlNode[]>();
    const visit = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const name = (node as { anchor?: string }).anchor;
      if (name) found.set(name, [...(found.get(name) ?? []), node as YamlNode]);
      if (yamlLib().isMap(node) || yamlLib().isSeq(node)) {
        for (const item of (node as { items: unknown[] }).items) {
          if (yamlLib().isPair(item)) {
            visit(item.key);
            visit(item.value);
          } else visit(item);
        }
      }
    };
    visit(root);
    anchors = found;
    anchorsOf.set(root, anchors);
  }
  return anchors.get(anchor)?.filter((n) => startOf(n) < before).pop();
}

/** Entries of a mapping node as [key, keyNode, valueNode]. */
export function yamlEntries(node: unknown): [string, YamlNode, YamlNode | undefined][] {
  if (!yamlLib().isMap(node)) return [];
  return node.items.flatMap((p): [string, YamlNode, YamlNode | undefined][] => {
    const k = scalarKey(p);
    return k === undefined ? [] : [[k, p.key as YamlNode, (p.value ?? undefined) as YamlNode | undefined]];
  });
}

export function yamlItems(node: unknown): YamlNode[] {
  return yamlLib().isSeq(node) ? (node.items as YamlNode[]) : [];
}

export function yamlScalar(node: unknown): string | number | boolean | null | undefined {
  if (yamlLib().isScalar(node)) return node.value as string | number | boolean | null;
  return undefined;
}

function scalarKey(p: unknown): string | undefined {
  if (!yamlLib().isPair(p)) return undefined;
  const key = p.key;
  if (yamlLib().isScalar(key)) return String(key.value);
  if (yamlLib().isAlias(key)) return undefined;
  return undefined;
}
