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

function isIdentifierChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 36 || c === 95 || c === 35 || c > 127;
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** The estimated nesting cost of the deepest point of `text` (compare with MAX_NESTING_COST). */
export function nestingCost(text: string): number {
  const n = text.length;
  const runs: number[] = [0];
  const bases: number[] = [0];
  const kinds: Level[] = [Level.Plain];
  let prev = Prev.Operand;
  /** The previous token was `if`, `for`, `while`… (its parenthesis holds a condition), or `<` (a `/` after it closes a JSX tag). */
  let control = false;
  let afterAngle = false;
  let lineBreak = false;
  let afterSemicolon = false;
  let max = 0;
  let i = 0;

  const add = (cost: number) => {
    const top = runs.length - 1;
    runs[top]! += cost;
    const depth = bases[top]! + runs[top]!;
    if (depth > max) max = depth;
  };
  const push = (kind: Level, cost: number) => {
    const top = runs.length - 1;
    bases.push(bases[top]! + runs[top]! + cost);
    runs.push(0);
    kinds.push(kind);
    if (bases[top + 1]! > max) max = bases[top + 1]!;
  };
  const pop = (): Level => {
    if (runs.length === 1) return Level.Plain;
    runs.pop();
    bases.pop();
    const kind = kinds.pop()!;
    add(CLOSED);
    return kind;
  };
  /** `<` that a `)`, `]`, `}`, `,` or `;` closes over were comparisons, not type arguments. */
  const dropAngles = () => {
    while (kinds[kinds.length - 1] === Level.Angle) pop();
  };
  /** Skips a template's text from `i` to its end (`i` after the closing backtick) or into a substitution. */
  const template = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 96) {
        i++;
        prev = Prev.End;
        return;
      } else if (c === 36 && text.charCodeAt(i + 1) === 123) {
        i += 2;
        push(Level.Template, TEMPLATE_SUBSTITUTION);
        prev = Prev.Operand;
        return;
      } else i++;
    }
  };
  /** A new token starts: a line break or `;` before it may have ended a statement. */
  const token = (startsStatement: boolean, isElse = false) => {
    if (afterSemicolon && !isElse) runs[runs.length - 1] = 0;
    else if (lineBreak && prev === Prev.End && startsStatement) runs[runs.length - 1] = 0;
    afterSemicolon = false;
    lineBreak = false;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 11 || c === 12 || c === 0xfeff || c === 0xa0) {
      i++;
      continue;
    }
    if (isLineBreak(c)) {
      lineBreak = true;
      i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < n && !isLineBreak(text.charCodeAt(i))) i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      for (let j = i; j < end && !lineBreak; j++) lineBreak = isLineBreak(text.charCodeAt(j));
      i = end;
      continue;
    }
    if (c === 39 || c === 34) {
      token(true);
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === c) {
          i++;
          break;
        } else if (isLineBreak(d)) break;
        else i++;
      }
      prev = Prev.End;
      control = afterAngle = false;
      continue;
    }
    if (c === 96) {
      token(false);
      i++;
      template();
      control = afterAngle = false;
      continue;
    }
    if (isIdentifierChar(c)) {
      const start = i;
      while (i < n && isIdentifierChar(text.charCodeAt(i))) i++;
      // Keywords are short and lower case: only those words are looked up.
      const kw = c >= 97 && c <= 122 && i - start <= MAX_KEYWORD_LENGTH ? KEYWORDS.get(text.slice(start, i)) : undefined;
      token(!kw?.continues, kw !== undefined && text.startsWith('else', start) && i - start === 4);
      if (kw?.cost) add(kw.cost);
      prev = kw?.operand ? Prev.Operand : Prev.End;
      control = kw?.control ?? false;
      continue;
    }
    if (c === 40 || c === 91 || c === 123) {
      token(c === 123);
      push(c === 40 && control ? Level.Control : Level.Plain, BRACKET);
      prev = Prev.Operand;
      control = afterAngle = false;
      i++;
      continue;
    }
    if (c === 41 || c === 93 || c === 125) {
      token(c === 125);
      if (kinds[kinds.length - 1] === Level.Angle) dropAngles();
      const kind = pop();
      i++;
      if (kind === Level.Template) template();
      else prev = kind === Level.Control ? Prev.ControlHead : Prev.End;
      // After a block a statement may follow on the same line (`if (a) {…} foo()`, minified code), as after a line break.
      if (c === 125 && kind !== Level.Template) lineBreak = true;
      control = afterAngle = false;
      continue;
    }
    if (c === 59 || c === 44) {
      if (kinds[kinds.length - 1] === Level.Angle) dropAngles();
      // After `;` the next token resets, unless it is the `else` of `if (a) x; else …`.
      if (c === 44) runs[runs.length - 1] = 0;
      afterSemicolon = c === 59;
      lineBreak = false;
      prev = Prev.Operand;
      control = afterAngle = false;
      i++;
      continue;
    }
    if (c === 47 && prev !== Prev.End && !afterAngle) {
      // A regular expression: to its closing `/` outside a character class, or the end of the line.
      token(false);
      i++;
      let inClass = false;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (isLineBreak(d)) break;
        else {
          i++;
          if (d === 91) inClass = true;
          else if (d === 93) inClass = false;
          else if (d === 47 && !inClass) break;
        }
      }
      prev = Prev.End;
      control = false;
      continue;
    }
    // An operator: the longest one that matches here.
    const op = operatorAt(text, i);
    token(op === '!' || op === '~' || op === '@');
    i += op.length;
    if (op === '<') {
      push(Level.Angle, ANGLE);
      prev = Prev.Operand;
      afterAngle = true;
      continue;
    }
    if (op === '>' || op === '>>' || op === '>>>') {
      let left = op.length;
      while (left > 0 && kinds.length > 1 && kinds[kinds.length - 1] === Level.Angle) {
        pop();
        left--;
      }
      if (left > 0) add(2);
      prev = Prev.End;
      control = afterAngle = false;
      continue;
    }
    add(operatorCost(op));
    if (!((op === '++' || op === '--') && prev === Prev.End)) prev = Prev.Operand;
    control = afterAngle = false;
  }
  return max;
}
