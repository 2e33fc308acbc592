/**
 * A file's text as the analyzers see it: read once, decoded once, with a lazily built line index
 * and a per-file cache so each parser runs at most once per file whichever analyzers ask.
 */
import path from 'node:path';
import type { DiscoveredFile, FileKind, Location } from './types.js';
import type { Span } from './rule.js';

/** Files larger than this are skipped, not read (the config's `maxFileSize` overrides it). */
export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

export interface Position {
  line: number;
  column: number;
}

export class SourceFile implements DiscoveredFile {
  readonly absPath: string;
  readonly relPath: string;
  readonly kind: FileKind;
  readonly size: number;
  readonly text: string;
  /**
   * The bytes the text was decoded from, kept only when each byte is one character (ASCII or
   * Latin-1), so that byte offsets are text offsets: a search may run on them instead of the string.
   */
  readonly bytes?: Uint8Array;
  private lineStartsCache?: Int32Array;
  private readonly cache = new Map<string, unknown>();

  constructor(file: DiscoveredFile, text: string, bytes?: Uint8Array) {
    this.absPath = file.absPath;
    this.relPath = file.relPath;
    this.kind = file.kind;
    this.size = file.size;
    this.text = text;
    if (bytes && bytes.length === text.length) this.bytes = bytes;
  }

  /**
   * The root of the scan this file belongs to: its absolute path without its relative one (no
   * trailing separator); undefined for a file whose path does not end with its relative path (a
   * staged blob, an in-memory example).
   */
  get root(): string | undefined {
    const abs = this.absPath.split(path.sep).join('/');
    if (!abs.endsWith(`/${this.relPath}`)) return undefined;
    return abs.slice(0, abs.length - this.relPath.length - 1) || '/';
  }

  /** Lower-case base name, e.g. `.mcp.json`. */
  get baseName(): string {
    const i = this.relPath.lastIndexOf('/');
    return (i < 0 ? this.relPath : this.relPath.slice(i + 1)).toLowerCase();
  }

  get lineStarts(): Int32Array {
    if (!this.lineStartsCache) {
      const starts: number[] = [0];
      const t = this.text;
      let i = t.indexOf('\n');
      while (i !== -1) {
        starts.push(i + 1);
        i = t.indexOf('\n', i + 1);
      }
      this.lineStartsCache = Int32Array.from(starts);
    }
    return this.lineStartsCache;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 1-based line and column of a character offset. */
  position(offset: number): Position {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  /** Character offset of a 1-based line and column. */
  offset(line: number, column = 1): number {
    const starts = this.lineStarts;
    const l = Math.min(Math.max(line, 1), starts.length);
    return starts[l - 1]! + column - 1;
  }

  /** Text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.lineStarts;
    if (line < 1 || line > starts.length) return '';
    const start = starts[line - 1]!;
    let end = line < starts.length ? starts[line]! - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(start, end);
  }

  /** Where a span is, as a report location (no span: the first line). */
  location(span: Span | undefined): Location {
    if (!span) return { path: this.relPath, startLine: 1, startColumn: 1, endLine: 1, endColumn: this.lineText(1).length + 1 };
    if ('start' in span) {
      const s = this.position(span.start);
      const e = this.position(Math.max(span.start, span.end));
      return { path: this.relPath, startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
    }
    const endLine = span.endLine ?? span.startLine;
    return { path: this.relPath, startLine: span.startLine, startColumn: span.startColumn, endLine, endColumn: span.endColumn ?? this.lineText(endLine).length + 1 };
  }

  /** Memoise a per-file computation (a parse tree, a decoded document) under a key. */
  memo<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = compute();
    this.cache.set(key, value);
    return value;
  }
}
