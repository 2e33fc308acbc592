/**
 * How deep a JavaScript/TypeScript syntax tree can nest, estimated from the text alone, before the
 * native parser sees it. oxc-parser recurses on the thread's native stack; past a few thousand
 * levels (about 1,900 nested template substitutions, 3,800 nested brackets or ternaries, 30,000
 * chained `+`, in a 4 MB worker stack) it overflows, and a native stack overflow kills the process
 * instead of throwing. The estimate is a light lexer: strings, comments, regular expressions and
 * template texts are skipped; each open bracket (and `<`, which may open type arguments) and each
 * token that nests the tree (assignments, `?`, `=>`, `if`/`else`, `new`, unary and binary operators,
 * member access) adds its measured cost since the last separator (`;`, `,`, or a line break where
 * a statement can end) at its bracket level.
 */

/** Cost units: one unit is about 1/16,000 of a 4 MB stack, where the parser fails near 64,000. */
export const MAX_NESTING_COST = 32_000;

const BRACKET = 17;
const ANGLE = 27;
const TEMPLATE_SUBSTITUTION = 34;
/** A closed bracket wraps what it follows (a call, an index, a JSX element). */
const CLOSED = 4;
interface Keyword {
  cost: number;
  /** An operand follows: a `/` after it starts a regular expression, and no statement ends before it. */
  operand: boolean;
  /** It continues the expression or statement before a line break. */
  continues: boolean;
  /** `if (…)`: the parenthesis holds a condition, and a statement follows it. */
  control: boolean;
}

const KEYWORDS = new Map<string, Keyword>();
const keyword = (words: string, cost: number, operand: boolean, continues = false, control = false) => {
  for (const w of words.split(' ')) KEYWORDS.set(w, { cost, operand, continues, control });
};
keyword('if for while with switch catch', 20, true, false, true);
keyword('do', 20, true);
keyword('else', 20, true, true);
keyword('new await typeof void delete yield keyof', 9, true);
keyword('throw return async', 4, true);
keyword('in instanceof as satisfies extends', 2, true, true);
keyword('of implements', 0, true, true);
keyword('finally', 0, false, true);
keyword('case export default import const let var infer is readonly unique', 0, true);
const MAX_KEYWORD_LENGTH = 10;

/** Operators by first character, longest first. */
const OPERATORS = new Map<string, string[]>();
for (const op of ['>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=', '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>']) {
  OPERATORS.set(op[0]!, [...(OPERATORS.get(op[0]!) ?? []), op]);
}
const ASSIGNMENTS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**=', '<<=', '>>=', '>>>=', '&&=', '||=', '??=']);

function operatorAt(text: string, i: number): string {
  for (const candidate of OPERATORS.get(text[i]!) ?? []) if (text.startsWith(candidate, i)) return candidate;
  return text[i]!;
}

function operatorCost(op: string): number {
  // `:` ends a label, which nests the statement after it as deep as `if` does.
  if (ASSIGNMENTS.has(op) || op === '=>' || op === '?' || op === ':') return 17;
  if (op === '!' || op === '~' || op === '++' || op === '--') return 4;
  if (op === '.' || op === '?.' || op === '...') return 1;
  return 2;
}

const enum Prev {
  /** Start, operator or keyword: an operand follows. */
  Operand,
  /** An identifier, literal or closing bracket: an expression may end here. */
  End,
  /** The `)` of `if (…)`, `for (…)`, `while (…)`: a statement follows. */
  ControlHead,
}

const enum Level {
  Plain,
  Control,
  Angle,
  Template,
}

const enum Char {
  Other,
  Space,
  LineBreak,
  Identifier,
}

/** Character classes of ASCII; above it, identifiers but for a few spaces and line breaks. */
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 36 || c === 95 || c === 35) ASCII[c] = Char.Identifier;
}
for (const c of [32, 9, 11, 12]) ASCII[c] = Char.Space;
for (const c of [10, 13]) ASCII[c] = Char.LineBreak;

function classOf(c: number): Char {
  if (c < 128) return ASCII[c] as Char;
  if (c === 0x2028 || c === 0x2029) return Char.LineBreak;
  if (c === 0xa0 || c === 0xfeff) return Char.Space;
  return Char.Identifier;
}

/** The bracket levels open at a point: the cost run since the last separator at each, and the cost below each. */
class Levels {
  runs: number[] = [0];
  bases: number[] = [0];
  kinds: Level[] = [Level.Plain];
  top = 0;
  max = 0;

  add(cost: number): void {
    const run = (this.runs[this.top] as number) + cost;
    this.runs[this.top] = run;
    const depth = (this.bases[this.top] as number) + run;
    if (depth > this.max) this.max = depth;
  }

  push(kind: Level, cost: number): void {
    const base = (this.bases[this.top] as number) + (this.runs[this.top] as number) + cost;
    this.top++;
    this.bases[this.top] = base;
    this.runs[this.top] = 0;
    this.kinds[this.top] = kind;
    if (base > this.max) this.max = base;
  }

  pop(): Level {
    if (this.top === 0) return Level.Plain;
    const kind = this.kinds[this.top] as Level;
    this.top--;
    this.add(CLOSED);
    return kind;
  }

  /** `<` that a `)`, `]`, `}`, `,` or `;` closes over were comparisons, not type arguments. */
  dropAngles(): void {
    while (this.top > 0 && this.kinds[this.top] === Level.Angle) this.pop();
  }

  reset(): void {
    this.runs[this.top] = 0;
  }
}

/** Index after the template text that starts at `i`: after its closing backtick, or after the `${` that opens a substitution. */
function templateEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 92) i += 2;
    else if (c === 96) return i + 1;
    else if (c === 36 && text.charCodeAt(i + 1) === 123) return i + 2;
    else i++;
  }
  return n;
}

/** Index after the string whose quote is at `i`: after its closing quote, or at the end of its line. */
function stringEnd(text: string, i: number, quote: number): number {
  const n = text.length;
  for (i++; i < n; i++) {
    const d = text.charCodeAt(i);
    if (d === 92) i++;
    else if (d === quote) return i + 1;
    else if (classOf(d) === Char.LineBreak) return i;
  }
  return n;
}

/** Index after the regular expression whose `/` is at `i`: after its closing `/` outside a class, or at the end of its line. */
function regexEnd(text: string, i: number): number {
  const n = text.length;
  let inClass = false;
  for (i++; i < n; i++) {
    const d = text.charCodeAt(i);
    if (d === 92) i++;
    else if (classOf(d) === Char.LineBreak) return i;
    else if (d === 91) inClass = true;
    else if (d === 93) inClass = false;
    else if (d === 47 && !inClass) return i + 1;
  }
  return n;
}

/** Whether a new token resets the run: a `;` before it (unless it is the `else` of `if (a) x; else …`), or a line break where a statement can end. */
function endsStatement(afterSemicolon: boolean, lineBreak: boolean, prev: Prev, startsStatement: boolean, isElse: boolean): boolean {
  return afterSemicolon ? !isElse : lineBreak && prev === Prev.End && startsStatement;
}

/** The estimated nesting cost of the deepest point of `text` (compare with MAX_NESTING_COST). */
export function nestingCost(text: string): number {
  const n = text.length;
  const levels = new Levels();
  let prev = Prev.Operand;
  /** The previous token was `if`, `for`, `while`… (its parenthesis holds a condition), or `<` (a `/` after it closes a JSX tag). */
  let control = false;
  let afterAngle = false;
  let lineBreak = false;
  let afterSemicolon = false;
  let i = 0;

  while (i < n) {
    const c = text.charCodeAt(i);
    const cls = classOf(c);
    if (cls === Char.Space) {
      i++;
      continue;
    }
    if (cls === Char.LineBreak) {
      lineBreak = true;
      i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < n && classOf(text.charCodeAt(i)) !== Char.LineBreak) i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      for (let j = i; j < end && !lineBreak; j++) lineBreak = classOf(text.charCodeAt(j)) === Char.LineBreak;
      i = end;
      continue;
    }
    // Every other character starts a token.
    let startsStatement = false;
    let isElse = false;
    let keyword: Keyword | undefined;
    let end = i + 1;
    if (cls === Char.Identifier) {
      while (end < n && classOf(text.charCodeAt(end)) === Char.Identifier) end++;
      // Keywords are short and lower case: only those words are looked up.
      keyword = c >= 97 && c <= 122 && end - i <= MAX_KEYWORD_LENGTH ? KEYWORDS.get(text.slice(i, end)) : undefined;
      startsStatement = !keyword?.continues;
      isElse = keyword !== undefined && end - i === 4 && text.startsWith('else', i);
    } else startsStatement = c === 39 || c === 34 || c === 123 || c === 125 || (c === 33 && text.charCodeAt(i + 1) !== 61) || c === 126 || c === 64;
    if (c !== 59 && c !== 44) {
      if (endsStatement(afterSemicolon, lineBreak, prev, startsStatement, isElse)) levels.reset();
      afterSemicolon = false;
      lineBreak = false;
    }

    if (cls === Char.Identifier) {
      if (keyword?.cost) levels.add(keyword.cost);
      prev = keyword?.operand ? Prev.Operand : Prev.End;
      control = keyword?.control ?? false;
      i = end;
    } else if (c === 39 || c === 34) {
      i = stringEnd(text, i, c);
      prev = Prev.End;
      control = afterAngle = false;
    } else if (c === 96) {
      i = templateEnd(text, i + 1);
      if (text.charCodeAt(i - 1) === 123 && text.charCodeAt(i - 2) === 36) {
        levels.push(Level.Template, TEMPLATE_SUBSTITUTION);
        prev = Prev.Operand;
      } else prev = Prev.End;
      control = afterAngle = false;
    } else if (c === 40 || c === 91 || c === 123) {
      levels.push(c === 40 && control ? Level.Control : Level.Plain, BRACKET);
      prev = Prev.Operand;
      control = afterAngle = false;
      i++;
    } else if (c === 41 || c === 93 || c === 125) {
      levels.dropAngles();
      const kind = levels.pop();
      i++;
      if (kind === Level.Template) {
        i = templateEnd(text, i);
        if (text.charCodeAt(i - 1) === 123 && text.charCodeAt(i - 2) === 36 && i <= n) {
          levels.push(Level.Template, TEMPLATE_SUBSTITUTION);
          prev = Prev.Operand;
        } else prev = Prev.End;
      } else {
        prev = kind === Level.Control ? Prev.ControlHead : Prev.End;
        // After a block a statement may follow on the same line (`if (a) {…} foo()`, minified code), as after a line break.
        if (c === 125) lineBreak = true;
      }
      control = afterAngle = false;
    } else if (c === 59 || c === 44) {
      levels.dropAngles();
      // After `;` the next token resets, unless it is the `else` of `if (a) x; else …`.
      if (c === 44) levels.reset();
      afterSemicolon = c === 59;
      lineBreak = false;
      prev = Prev.Operand;
      control = afterAngle = false;
      i++;
    } else if (c === 47 && prev !== Prev.End && !afterAngle) {
      i = regexEnd(text, i);
      prev = Prev.End;
      control = false;
    } else {
      // An operator: the longest one that matches here.
      const op = operatorAt(text, i);
      i += op.length;
      if (op === '<') {
        levels.push(Level.Angle, ANGLE);
        prev = Prev.Operand;
        afterAngle = true;
      } else if (op === '>' || op === '>>' || op === '>>>') {
        let left = op.length;
        while (left > 0 && levels.top > 0 && levels.kinds[levels.top] === Level.Angle) {
          levels.pop();
          left--;
        }
        if (left > 0) levels.add(2);
        prev = Prev.End;
        control = afterAngle = false;
      } else {
        levels.add(operatorCost(op));
        if (!((op === '++' || op === '--') && prev === Prev.End)) prev = Prev.Operand;
        control = afterAngle = false;
      }
    }
  }
  return levels.max;
}
