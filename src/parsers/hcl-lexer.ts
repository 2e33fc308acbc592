/**
 * A lexer for HCL that finds, without building a tree, the pieces a Terraform file's values are
 * made of: every quoted string and heredoc (as the parser's evaluation reads it, see `hcl.ts`),
 * every name outside strings and comments, every number. It skips comments and follows
 * interpolations (`${ … }`, `%{ … }`) into nested strings, and counts brackets. What it cannot
 * follow (an unterminated string, heredoc or comment, unbalanced brackets, deep nesting, a
 * template's `{{` or `{%` in code) makes the text `malformed`: the caller then parses it, so the
 * parser reports the error.
 */
import { heredocValue, unquoteHcl } from './hcl.js';

export interface HclLexVisitor {
  /** A quoted string or heredoc: its value and source range. Returning true stops the lexer. */
  string(value: string, start: number, end: number): boolean | void;
  /** An identifier outside strings and comments (`resource`, `password`, each part of `var.x`). */
  name(name: string, start: number, end: number): boolean | void;
  /** A number literal, as written. */
  number(text: string): boolean | void;
}

export type HclLexOutcome = 'complete' | 'stopped' | 'malformed';

/** Deeper than this, the lexer gives up (the parser refuses such files too). */
const MAX_DEPTH = 200;

const [HASH, SLASH, STAR, QUOTE, LT, BACKSLASH, NEWLINE, DOLLAR, PERCENT, ZERO, NINE] = ['#', '/', '*', '"', '<', '\\', '\n', '$', '%', '0', '9'].map((c) => c.charCodeAt(0)) as [number, number, number, number, number, number, number, number, number, number, number];
const [LBRACE, RBRACE, LBRACKET, RBRACKET, LPAREN, RPAREN] = ['{', '}', '[', ']', '(', ')'].map((c) => c.charCodeAt(0)) as [number, number, number, number, number, number];
const [DOT, LOWER_E, UPPER_E, PLUS, MINUS] = ['.', 'e', 'E', '+', '-'].map((c) => c.charCodeAt(0)) as [number, number, number, number, number];

class Stop extends Error {}
class Malformed extends Error {}

export function lexHcl(text: string, visit: HclLexVisitor): HclLexOutcome {
  const lexer = new Lexer(text, visit);
  try {
    lexer.code(0, undefined, 0);
    return 'complete';
  } catch (err) {
    if (err instanceof Stop) return 'stopped';
    if (err instanceof Malformed) return 'malformed';
    throw err;
  }
}

class Lexer {
  constructor(
    private readonly text: string,
    private readonly visit: HclLexVisitor,
  ) {}

  /** Code from `i` to the `}` that closes an interpolation (`closer`), or to the end of the text; returns the index after it. */
  code(i: number, closer: number | undefined, depth: number): number {
    const t = this.text;
    const n = t.length;
    const stack: number[] = [];
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === HASH || (c === SLASH && t.charCodeAt(i + 1) === SLASH)) {
        const nl = t.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
      } else if (c === SLASH && t.charCodeAt(i + 1) === STAR) {
        const close = t.indexOf('*/', i + 2);
        if (close < 0) throw new Malformed();
        i = close + 2;
      } else if (c === QUOTE) {
        i = this.quoted(i, depth + 1);
      } else if (c === LT && t.charCodeAt(i + 1) === LT) {
        i = this.heredoc(i);
      } else if (c === LBRACE || c === LBRACKET || c === LPAREN) {
        // `{{` and `{%` start no HCL (an object key is never an object): a template's placeholder or
        // statement (`{{ cookiecutter.region }}`, `{% if … %}`), which the parser reports.
        if (c === LBRACE && (t.charCodeAt(i + 1) === LBRACE || t.charCodeAt(i + 1) === PERCENT)) throw new Malformed();
        if (stack.length + depth >= MAX_DEPTH) throw new Malformed();
        stack.push(c === LPAREN ? RPAREN : c + 2); // `{`→`}`, `[`→`]`
        i++;
      } else if (c === RBRACE || c === RBRACKET || c === RPAREN) {
        if (stack.length === 0) {
          if (c === closer) return i + 1;
          throw new Malformed();
        }
        if (stack.pop() !== c) throw new Malformed();
        i++;
      } else if (isNameStart(c)) {
        let j = i + 1;
        while (j < n && isNamePart(t.charCodeAt(j))) j++;
        if (this.visit.name(t.slice(i, j), i, j)) throw new Stop();
        i = j;
      } else if (isDigit(c)) {
        const j = numberEnd(t, i, Math.min(n, i + MAX_NUMBER));
        if (this.visit.number(t.slice(i, j))) throw new Stop();
        i = j;
      } else i++;
    }
    if (closer !== undefined || stack.length) throw new Malformed();
    return i;
  }

  /** A quoted string or template from its opening quote; returns the index after the closing quote. */
  private quoted(start: number, depth: number): number {
    const t = this.text;
    let i = start + 1;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === BACKSLASH) i += 2;
      else if (c === QUOTE) {
        if (this.visit.string(unquoteHcl(t.slice(start, i + 1)), start, i + 1)) throw new Stop();
        return i + 1;
      } else if (c === NEWLINE) throw new Malformed();
      else if ((c === DOLLAR || c === PERCENT) && t.charCodeAt(i + 1) === c && t.charCodeAt(i + 2) === LBRACE) i += 3;
      else if ((c === DOLLAR || c === PERCENT) && t.charCodeAt(i + 1) === LBRACE) {
        if (depth >= MAX_DEPTH) throw new Malformed();
        i = this.code(i + 2, RBRACE, depth + 1);
      } else i++;
    }
    throw new Malformed();
  }

  /** A heredoc from its `<<`; returns the index after its closing marker (or after `<<` when it is none). */
  private heredoc(start: number): number {
    const t = this.text;
    const m = HEREDOC_START.exec(t.slice(start, start + 256));
    if (!m) return start + 2;
    const marker = m[1]!;
    let lineStart = start + m[0].length;
    while (lineStart < t.length) {
      let lineEnd = t.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = t.length;
      if (t.slice(lineStart, lineEnd).trim() === marker) {
        if (this.visit.string(heredocValue(t.slice(start, lineEnd)), start, lineEnd)) throw new Stop();
        return lineEnd;
      }
      lineStart = lineEnd + 1;
    }
    throw new Malformed();
  }
}

const HEREDOC_START = /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/;
/** A number is read this many characters at most: a longer run of digits is read as several. */
const MAX_NUMBER = 64;

/** The end of the number literal (`\d+(\.\d+)?([eE][+-]?\d+)?`) that starts with the digit at `i`, read up to `limit`. */
function numberEnd(t: string, i: number, limit: number): number {
  let j = digitsEnd(t, i + 1, limit);
  if (t.charCodeAt(j) === DOT && j + 1 < limit && isDigit(t.charCodeAt(j + 1))) j = digitsEnd(t, j + 2, limit);
  const e = t.charCodeAt(j);
  if (j < limit && (e === LOWER_E || e === UPPER_E)) {
    let k = j + 1;
    const sign = t.charCodeAt(k);
    if (k < limit && (sign === PLUS || sign === MINUS)) k++;
    if (k < limit && isDigit(t.charCodeAt(k))) j = digitsEnd(t, k + 1, limit);
  }
  return j;
}

function digitsEnd(t: string, i: number, limit: number): number {
  while (i < limit && isDigit(t.charCodeAt(i))) i++;
  return i;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || isDigit(c) || c === 45;
}
