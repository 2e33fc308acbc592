/**
 * Builds the `yaml` package's nodes from js-yaml's events for the fast YAML path (`yaml-fast.ts`):
 * each event becomes the node the package would compose (scalars with their resolved values, aliases
 * resolved through the anchors, block and flow maps and sequences) with the range the package gives
 * it, and the plain value of each document. What it cannot build exactly throws `Unsupported`.
 */
import type { AliasEvent, Event, MappingEvent, ScalarEvent, SequenceEvent } from 'js-yaml';
import type { Alias, Node as YamlNode, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { jsYamlLib, yamlLib } from './libraries.js';
import { nodeMakers } from './yaml-fast-nodes.js';
import { unsupported, YamlText } from './yaml-fast-text.js';
import { addPair, resolvePlain, resolveTagged, tagName } from './yaml-fast-values.js';
import { Anchors } from './yaml-fast-anchors.js';

/** One document: its root node and the plain value the package's `toJS` gives. */
export interface FastDoc {
  contents: YamlNode;
  value: unknown;
}

// js-yaml's event and style numbers (EVENT_ID, SCALAR_STYLE, COLLECTION_STYLE, CHOMPING_MODE).
const DOCUMENT = 1;
const SEQUENCE = 2;
const MAPPING = 3;
const SCALAR = 4;
const ALIAS = 5;
const FLOW = 2;
const KEEP = 3;
const SCALAR_TYPES = ['', 'PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const;

/** Where a node sits, which decides where its range ends and where an empty one is. */
const enum At {
  Root,
  Key,
  MapValue,
  SeqItem,
  Flow,
  FlowValue,
}

export class Builder {
  private readonly text: YamlText;
  private k = 0;
  /** The plain value of the node `build` returned last. */
  private value: unknown;
  private readonly anchors = new Anchors(yamlLib());
  private readonly make = nodeMakers();
  /** Start and end of each scalar that may span lines, in order. */
  private readonly multiline: number[] = [];

  constructor(
    private readonly src: string,
    private readonly events: Event[],
  ) {
    this.text = new YamlText(src);
  }

  documents(): FastDoc[] {
    const docs: FastDoc[] = [];
    let from = 0;
    while (this.k < this.events.length) {
      const ev = this.events[this.k++]!;
      if (ev.type !== DOCUMENT) unsupported('event order');
      if (ev.directives.length) unsupported('directive');
      this.anchors.clear();
      const contents = this.build(At.Root, -1, from);
      this.pop();
      docs.push({ contents, value: this.value });
      from = (contents.range as number[])[2]!;
    }
    return docs;
  }

  /** Whether `pos` is inside a scalar that may span lines (they are recorded in order, apart: a binary search). */
  inMultilineScalar(pos: number): boolean {
    const m = this.multiline;
    let lo = 0;
    let hi = m.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (pos < m[2 * mid]!) hi = mid - 1;
      else if (pos >= m[2 * mid + 1]!) lo = mid + 1;
      else return true;
    }
    return false;
  }

  private pop(): void {
    if (this.events[this.k++]?.type !== 6) unsupported('event order');
  }

  private peekPop(): boolean {
    return this.events[this.k]?.type === 6;
  }

  /**
   * The node of the next event. `indent`: the indentation of the block collection it is in (-1 at
   * the root); `from`: where its own text can start (after the key of a map value, after the
   * previous item of a sequence, after the previous document).
   */
  private build(at: At, indent: number, from: number): YamlNode {
    const ev = this.events[this.k++]!;
    switch (ev.type) {
      case SCALAR:
        return this.scalar(ev, at, indent, from);
      case ALIAS:
        return this.alias(ev, at, indent);
      case MAPPING:
        if (at === At.Key) unsupported('complex key');
        return ev.style === FLOW ? this.flowMap(ev, at, indent) : this.blockMap(ev);
      case SEQUENCE:
        if (at === At.Key) unsupported('complex key');
        return ev.style === FLOW ? this.flowSeq(ev, at, indent) : this.blockSeq(ev);
      default:
        return unsupported('event order');
    }
  }

  private scalar(ev: ScalarEvent, at: At, indent: number, from: number): Scalar {
    const src = this.src;
    const empty = ev.valueStart < 0;
    const tag = ev.tagStart < 0 ? undefined : tagName(src.slice(ev.tagStart, ev.tagEnd));
    let start: number;
    let end: number;
    let source = '';
    if (empty) {
      if (at === At.Key) unsupported('empty key');
      start = end = this.emptyAt(ev, at, from);
    } else {
      source = jsYamlLib().getScalarValue(src, ev);
      if (!ev.fast) {
        this.multiline.push(ev.valueStart, ev.valueEnd);
        if (ev.style === 3 && this.text.escapedBreakBeforeEmptyLine(ev.valueStart, ev.valueEnd)) unsupported('escaped line break before an empty line');
        // A line of a plain or quoted scalar starting with a tab: the package refuses what js-yaml folds.
        if (ev.style <= 3 && this.text.tabIndentedLine(ev.valueStart, ev.valueEnd)) unsupported('tab-indented line in a scalar');
      }
      switch (ev.style) {
        case 1:
          start = ev.valueStart;
          end = ev.valueEnd;
          break;
        case 2:
        case 3:
          start = ev.valueStart - 1;
          end = ev.valueEnd + 1;
          break;
        default: {
          if (at === At.Key || at === At.Flow || at === At.FlowValue) unsupported('block scalar in a key or flow');
          start = this.text.skipTrivia(Math.max(this.indicatorEnd(at, from), ev.anchorEnd, ev.tagEnd));
          const c = src.charCodeAt(start);
          if (c !== 124 && c !== 62) unsupported('block scalar header');
          end = this.text.blockScalarEnd(ev.valueStart, ev.valueEnd, ev.chomping === KEEP);
        }
      }
    }
    const value = tag === undefined ? (ev.style === 1 ? resolvePlain(source) : source) : resolveTagged(tag, source);
    const node = this.make.scalar(value, [start, end, empty || ev.style > 3 ? end : this.endOf(end, at, indent)], source, SCALAR_TYPES[empty ? 1 : ev.style]!);
    if (tag !== undefined) node.tag = tag;
    this.value = value;
    if (ev.anchorStart >= 0) this.anchors.define(this.src.slice(ev.anchorStart, ev.anchorEnd), node, value, false);
    return node;
  }

  /** Where the package puts an empty node: after its indicator (`:`, `-`, `---`) or its properties, and the spaces after them. */
  private emptyAt(ev: ScalarEvent, at: At, from: number): number {
    const props = Math.max(ev.anchorEnd, ev.tagEnd);
    return this.text.skipBlanks(props >= 0 ? props : this.indicatorEnd(at, from));
  }

  /** Just past the indicator that introduces a node at `from`: a map value's `:`, an item's `-`, a document's `---`. */
  private indicatorEnd(at: At, from: number): number {
    const s = this.src;
    switch (at) {
      case At.MapValue:
      case At.FlowValue: {
        const p = at === At.MapValue ? this.text.skipBlanks(from) : this.text.skipTrivia(from);
        return s.charCodeAt(p) === 58 ? p + 1 : unsupported('no value indicator');
      }
      case At.SeqItem: {
        const p = this.text.skipTrivia(from);
        return s.charCodeAt(p) === 45 ? p + 1 : unsupported('no item indicator');
      }
      case At.Root: {
        // Past the previous document's `...` end markers, to this one's `---`.
        for (let p = this.text.skipTrivia(from); ; p = this.text.skipTrivia(p + 3)) {
          const marker = s.startsWith('...', p) ? 1 : s.startsWith('---', p) ? 2 : 0;
          const c = s.charCodeAt(p + 3);
          if (!marker || (p > 0 && s.charCodeAt(p - 1) !== 10) || !(c !== c || c === 32 || c === 9 || c === 10 || c === 13)) return p;
          if (marker === 2) return p + 3;
        }
      }
      default:
        return unsupported('empty node');
    }
  }

  /** A node's range[2]: in a block collection, what the package hands it after its value. */
  private endOf(end: number, at: At, indent: number): number {
    if (at === At.MapValue || at === At.SeqItem) return this.text.lineEnd(end, indent);
    if (at === At.Root) return this.text.lineEnd(end, -1);
    return end;
  }

  private alias(ev: AliasEvent, at: At, indent: number): Alias {
    if (at === At.Key) unsupported('alias key');
    const name = this.src.slice(ev.anchorStart, ev.anchorEnd);
    if (name.endsWith(':')) unsupported('alias ending in a colon');
    const node = this.make.alias(name, [ev.anchorStart - 1, ev.anchorEnd, this.endOf(ev.anchorEnd, at, indent)]);
    this.value = this.anchors.resolve(node);
    return node;
  }

  /** A collection's anchor and tag. */
  private collectionProps(ev: MappingEvent | SequenceEvent, node: YAMLMap | YAMLSeq, res: unknown, own: string): void {
    if (ev.tagStart >= 0) {
      const tag = tagName(this.src.slice(ev.tagStart, ev.tagEnd));
      if (tag === '!' || tag === own) node.tag = own;
      else if (tag.startsWith('tag:yaml.org,2002:')) unsupported(`tag ${tag}`);
      else node.tag = tag;
    }
    if (ev.anchorStart >= 0) this.anchors.define(this.src.slice(ev.anchorStart, ev.anchorEnd), node, res, true);
  }

  private blockMap(ev: MappingEvent): YAMLMap {
    const map = this.make.map(false);
    const obj: Record<string, unknown> = {};
    const indent = this.text.indentAt(ev.start);
    this.collectionProps(ev, map, obj, MAP_TAG);
    let end = ev.start;
    let last: YamlNode | undefined;
    while (!this.peekPop()) {
      const key = this.build(At.Key, indent, end);
      if (map.items.length === 0 && rangeOf(key)[0] !== ev.start) unsupported('properties on a first key');
      const keyValue = this.value;
      last = this.build(At.MapValue, indent, rangeOf(key)[1]);
      map.items.push(this.make.pair(key, last));
      addPair(obj, keyValue, this.value);
      end = rangeOf(last)[2];
    }
    this.pop();
    this.anchors.close(map);
    map.range = this.blockRange(ev.start, end, indent, last, -1);
    this.value = obj;
    return map;
  }

  private blockSeq(ev: SequenceEvent): YAMLSeq {
    const seq = this.make.seq(false);
    const arr: unknown[] = [];
    const indent = this.text.indentAt(ev.start);
    this.collectionProps(ev, seq, arr, SEQ_TAG);
    let end = ev.start;
    let before = end;
    let last: YamlNode | undefined;
    while (!this.peekPop()) {
      before = end;
      last = this.build(At.SeqItem, indent, end);
      seq.items.push(last);
      arr.push(this.value);
      end = rangeOf(last)[2];
    }
    this.pop();
    this.anchors.close(seq);
    seq.range = this.blockRange(ev.start, end, indent, last, before);
    this.value = arr;
    return seq;
  }

  /**
   * A block collection's range: to its last entry's end, then over the blank and comment lines
   * after it when one of them is indented at least as deep as it. An empty last entry holds those
   * lines itself, and its range ends after them when they hold a comment (for a sequence item, also
   * one between the previous item and its `-`: `before`, -1 for a map).
   */
  private blockRange(start: number, end: number, indent: number, last: YamlNode | undefined, before: number): [number, number, number] {
    if (last && isEmptyScalar(last)) {
      const range = rangeOf(last);
      const rest = this.text.trivia(range[0], 0, true);
      if (rest.comment || (before >= 0 && this.text.trivia(before, 0, false).comment)) range[2] = rest.end;
      return [start, range[2], range[2]];
    }
    if (indent === 0) return [start, end, end];
    const t = this.text.trivia(end, indent, false);
    return [start, end, t.deep ? t.end : end];
  }

  private flowMap(ev: MappingEvent, at: At, indent: number): YAMLMap {
    const map = this.make.map(true);
    const obj: Record<string, unknown> = {};
    this.collectionProps(ev, map, obj, MAP_TAG);
    let end = ev.start + 1;
    while (!this.peekPop()) {
      const key = this.build(At.Key, -1, end);
      const keyValue = this.value;
      const next = this.events[this.k]!;
      let value: YamlNode | null;
      if (next.type === SCALAR && next.valueStart < 0 && next.anchorStart < 0 && next.tagStart < 0 && this.src.charCodeAt(this.text.skipTrivia(rangeOf(key)[1])) !== 58) {
        // `{a, b}`: a key with no `:` has no value node.
        this.k++;
        value = null;
        this.value = null;
      } else value = this.build(At.FlowValue, -1, rangeOf(key)[1]);
      map.items.push(this.make.pair(key, value));
      addPair(obj, keyValue, this.value);
      end = rangeOf(value ?? key)[1];
    }
    this.pop();
    this.anchors.close(map);
    map.range = this.flowRange(ev.start, end, 125, at, indent);
    this.value = obj;
    return map;
  }

  private flowSeq(ev: SequenceEvent, at: At, indent: number): YAMLSeq {
    const seq = this.make.seq(true);
    const arr: unknown[] = [];
    this.collectionProps(ev, seq, arr, SEQ_TAG);
    let end = ev.start + 1;
    while (!this.peekPop()) {
      const next = this.events[this.k]!;
      const item = next.type === MAPPING && next.style === FLOW && this.src.charCodeAt(next.start) !== 123 ? this.flowPair(end) : this.build(At.Flow, -1, end);
      seq.items.push(item);
      arr.push(this.value);
      end = rangeOf(item)[1];
    }
    this.pop();
    this.anchors.close(seq);
    seq.range = this.flowRange(ev.start, end, 93, at, indent);
    this.value = arr;
    return seq;
  }

  /** `[key: value]`: a single pair in a flow sequence is a map of its own, from its key to its value. */
  private flowPair(from: number): YAMLMap {
    const ev = this.events[this.k++] as MappingEvent;
    if (ev.anchorStart >= 0 || ev.tagStart >= 0) unsupported('properties on a flow pair');
    const key = this.build(At.Key, -1, from);
    const keyValue = this.value;
    const value = this.build(At.FlowValue, -1, rangeOf(key)[1]);
    this.pop();
    const map = this.make.map(true);
    map.items.push(this.make.pair(key, value));
    const obj: Record<string, unknown> = {};
    addPair(obj, keyValue, this.value);
    map.range = [rangeOf(key)[0], rangeOf(value)[1], rangeOf(value)[2]];
    this.value = obj;
    return map;
  }

  /** A flow collection's range: to its closing bracket (after any trailing comma), then what follows it in a block. */
  private flowRange(start: number, end: number, close: number, at: At, indent: number): [number, number, number] {
    let p = end;
    for (;;) {
      p = this.text.skipTrivia(p);
      const c = this.src.charCodeAt(p);
      if (c === 44) p++;
      else if (c === close) break;
      else unsupported('flow collection end');
    }
    return [start, p + 1, this.endOf(p + 1, at, indent)];
  }
}

const MAP_TAG = 'tag:yaml.org,2002:map';
const SEQ_TAG = 'tag:yaml.org,2002:seq';

function rangeOf(node: YamlNode): [number, number, number] {
  return node.range as [number, number, number];
}

function isEmptyScalar(node: YamlNode): boolean {
  return (node as Scalar).source === '' && (node as Scalar).type === 'PLAIN';
}
