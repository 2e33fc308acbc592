/**
 * Where the `yaml` package puts a node's boundaries, read from the text around what js-yaml's
 * events say. The package's parser (`yaml/dist/parse/parser.js`) hands the spaces, comment and
 * line break after a value to that value, and a comment line indented deeper than the collection
 * holding it to the value before it; comment lines after a nested block collection's last entry stay
 * with it when one of them is at least as indented as it, else they go to its parent; a block
 * scalar's text ends as its lexer ends it. A collection's range ends where its last entry's does,
 * so these rules decide every range the consumers read. Whatever they do not cover raises
 * `Unsupported`, and the file goes to the `yaml` package.
 */
export class Unsupported {
  constructor(readonly reason: string) {}
}

export function unsupported(reason: string): never {
  throw new Unsupported(reason);
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;

export class YamlText {
  readonly length: number;
  constructor(readonly src: string) {
    this.length = src.length;
  }

  /** Past spaces and tabs. */
  skipBlanks(p: number): number {
    const s = this.src;
    let c = s.charCodeAt(p);
    while (c === SPACE || c === TAB) c = s.charCodeAt(++p);
    return p;
  }

  /** Past a line break at `p` (LF or CRLF), or `p` when there is none. */
  private skipBreak(p: number): number {
    const c = this.src.charCodeAt(p);
    if (c === LF) return p + 1;
    if (c === CR && this.src.charCodeAt(p + 1) === LF) return p + 2;
    return p;
  }

  private toLineEnd(p: number): number {
    const s = this.src;
    let c = s.charCodeAt(p);
    while (p < this.length && c !== LF && c !== CR) c = s.charCodeAt(++p);
    return p;
  }

  /** Past spaces, tabs, line breaks and comments: to the next token in a block or flow context. */
  skipTrivia(p: number): number {
    const s = this.src;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === SPACE || c === TAB || c === LF || c === CR) p++;
      else if (c === HASH) p = this.toLineEnd(p);
      else return p;
    }
  }

  /**
   * Whether a double-quoted scalar between `start` and `end` escapes a line break (`\` at a line's
   * end) followed by an empty line, which the two parsers fold differently.
   */
  escapedBreakBeforeEmptyLine(start: number, end: number): boolean {
    const s = this.src;
    for (let nl = s.indexOf('\n', start); nl >= 0 && nl < end; nl = s.indexOf('\n', nl + 1)) {
      let k = nl - 1;
      if (s.charCodeAt(k) === CR) k--;
      let slashes = 0;
      while (k >= start && s.charCodeAt(k) === 92) {
        slashes++;
        k--;
      }
      if (slashes % 2 === 0) continue;
      const next = this.skipBlanks(nl + 1);
      const c = s.charCodeAt(next);
      if (c === LF || c === CR) return true;
    }
    return false;
  }

  /** Whether a line between `start` and `end` starts with a tab. */
  tabIndentedLine(start: number, end: number): boolean {
    const s = this.src;
    for (let nl = s.indexOf('\n', start); nl >= 0 && nl < end; nl = s.indexOf('\n', nl + 1)) if (s.charCodeAt(nl + 1) === TAB) return true;
    return false;
  }

  /**
   * The indentation the `yaml` package gives a block collection starting at `pos`: the spaces that
   * begin its line, then each `-`, `?` or `:` indicator before it with the spaces after it. A tab in
   * there counts differently in the two parsers.
   */
  indentAt(pos: number): number {
    const s = this.src;
    let k = s.lastIndexOf('\n', pos - 1) + 1;
    const start = k;
    while (s.charCodeAt(k) === SPACE) k++;
    let indent = k - start;
    while (k < pos) {
      const c = s.charCodeAt(k);
      if (c === TAB) unsupported('tab in indentation');
      const next = s.charCodeAt(k + 1);
      if (!((c === 45 || c === 63 || c === 58) && (next === SPACE || next === TAB || next === LF || next === CR))) return indent;
      k++;
      indent++;
      const run = k;
      while (s.charCodeAt(k) === SPACE || s.charCodeAt(k) === TAB) k++;
      if (s.charCodeAt(run) === SPACE) indent += k - run;
      else if (k > run) unsupported('tab in indentation');
    }
    return indent;
  }

  /**
   * The end of a value in a block collection with indentation `indent` (-1: the document's own),
   * counting what the package hands it: spaces, a comment and the line break after it, then each
   * following comment line indented deeper than the collection, with the blank lines before it.
   */
  lineEnd(p: number, indent: number): number {
    const s = this.src;
    p = this.skipBlanks(p);
    if (s.charCodeAt(p) === HASH) p = this.toLineEnd(p);
    const after = this.skipBreak(p);
    if (after === p || indent < 0) return after;
    p = after;
    for (let q = p; q < this.length; ) {
      let k = q;
      while (s.charCodeAt(k) === SPACE) k++;
      const lead = k - q;
      k = this.skipBlanks(k);
      const c = s.charCodeAt(k);
      if (c === LF || c === CR) {
        const next = this.skipBreak(k);
        if (next === k) unsupported('lone carriage return');
        q = next;
      } else if (c === HASH && lead > indent) {
        k = this.toLineEnd(k);
        p = q = this.skipBreak(k);
        if (q === k) break;
      } else break;
    }
    return p;
  }

  /**
   * Where the blank and comment lines from `p` end (the next token's start, or the end of the
   * text), whether they hold a comment, and whether a comment line among them is indented at least
   * `indent`. `midLine`: `p` is inside a line (after an empty value), whose rest is read first.
   */
  trivia(p: number, indent: number, midLine: boolean): { end: number; comment: boolean; deep: boolean } {
    const s = this.src;
    let comment = false;
    let deep = false;
    if (midLine) {
      p = this.skipBlanks(p);
      if (s.charCodeAt(p) === HASH) {
        comment = true;
        p = this.toLineEnd(p);
      }
      const next = this.skipBreak(p);
      if (next === p) return { end: p, comment, deep };
      p = next;
    }
    for (;;) {
      let k = p;
      while (s.charCodeAt(k) === SPACE) k++;
      const lead = k - p;
      k = this.skipBlanks(k);
      const c = s.charCodeAt(k);
      if (c === HASH) {
        comment = true;
        if (lead >= indent) deep = true;
        k = this.toLineEnd(k);
      } else if (c !== LF && c !== CR) return { end: k, comment, deep };
      const next = this.skipBreak(k);
      if (next === k) return { end: k, comment, deep };
      p = next;
    }
  }

  /**
   * Where the package's lexer ends a block scalar whose content js-yaml read from `start` to `end`:
   * trailing lines of spaces shorter than the first content line's indentation are dropped unless
   * the scalar keeps its final line breaks (`|+`).
   */
  blockScalarEnd(start: number, end: number, keep: boolean): number {
    const s = this.src;
    let k = start;
    for (;;) {
      const c = s.charCodeAt(k);
      if (c === SPACE || c === LF || (c === CR && s.charCodeAt(k + 1) === LF)) k++;
      else break;
    }
    if (s.charCodeAt(k) === TAB) unsupported('tab in a block scalar');
    const indent = k - (s.lastIndexOf('\n', k - 1) + 1);
    // The line after the scalar must not start with a tab after its spaces (the lexer takes it in).
    let after = end;
    while (s.charCodeAt(after) === SPACE) after++;
    if (s.charCodeAt(after) === TAB) unsupported('tab after a block scalar');
    if (keep || end <= start) return end;
    // The line break ending the scalar's last line (the end of the text when it has none), then back
    // over lines of at most `indent` spaces, as the lexer does.
    let nl = end === this.length && s.charCodeAt(end - 1) !== LF ? end : end - 1;
    for (;;) {
      let i = nl - 1;
      if (s.charCodeAt(i) === CR) i--;
      const lastChar = i;
      while (s.charCodeAt(i) === SPACE) i--;
      if (i >= start && s.charCodeAt(i) === LF && lastChar - i <= indent) nl = i;
      else break;
    }
    return Math.min(nl + 1, this.length);
  }
}
