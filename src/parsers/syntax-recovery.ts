/**
 * Analysing a broken file where it parses. oxc-parser gives up on the first error it cannot recover
 * from and returns an empty program, where the TypeScript compiler used to return a tree around
 * the damage. So the damage is blanked (replaced by spaces, line breaks and offsets kept) and the
 * file parsed again: first the construct the error points at, from where it was opened to where it
 * failed; if that is not enough, whole top-level statements (a line starting at column 0 starts
 * one), found by bisection, each removal costing a few parses of the file. Bounded: a file that
 * still fails after MAX_PARSES parses is left as it was.
 */

export interface Attempt<T> {
  result: T;
  /** Where the first error lies (the failing token, and where its construct was opened), when the program came back empty. */
  failure?: { start: number; end: number }[];
}

const MAX_PARSES = 48;
const CONSTRUCT_RETRIES = 2;

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

function blank(text: string): string {
  return text.replace(/[^\r\n\u2028\u2029]/g, ' ');
}

/** `text` with the whole lines from `start` to `end` replaced by spaces. */
function blankLines(text: string, start: number, end: number): string {
  let from = Math.max(0, Math.min(start, text.length));
  let to = Math.min(Math.max(end - 1, from), text.length);
  while (from > 0 && !isLineBreak(text.charCodeAt(from - 1))) from--;
  while (to < text.length && !isLineBreak(text.charCodeAt(to))) to++;
  return text.slice(0, from) + blank(text.slice(from, to)) + text.slice(to);
}

type Range = [number, number];

/** `text` with the given ranges blanked, in one pass. */
function withBlanks(text: string, ranges: Range[]): string {
  const sorted = ranges.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let out = '';
  let at = 0;
  for (const [a, b] of sorted) {
    if (b <= at) continue;
    const from = Math.max(a, at);
    out += text.slice(at, from) + blank(text.slice(from, b));
    at = b;
  }
  return out + text.slice(at);
}

/**
 * Offsets of the lines that start in code, not inside a template literal or a block comment (a
 * prompt in a template often has lines at column 0). A light scan: strings end at their line.
 */
function codeLineStarts(text: string): Set<number> {
  const out = new Set<number>([0]);
  /** 0: code, 1: template text; a `{` in code pushes 0, `${` pushes 0 over 1. */
  const stack: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isLineBreak(c)) {
      if (stack[stack.length - 1] === 0) out.add(i + 1);
      continue;
    }
    if (stack[stack.length - 1] === 1) {
      if (c === 92) i++;
      else if (c === 96) stack.pop();
      else if (c === 36 && text.charCodeAt(i + 1) === 123) {
        stack.push(0);
        i++;
      }
      continue;
    }
    if (c === 96) stack.push(1);
    else if (c === 123) stack.push(0);
    else if (c === 125) {
      if (stack.length > 1) stack.pop();
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i + 1 < text.length && !isLineBreak(text.charCodeAt(i + 1))) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (c === 39 || c === 34) {
      for (i++; i < text.length && text.charCodeAt(i) !== c && !isLineBreak(text.charCodeAt(i)); i++) if (text.charCodeAt(i) === 92) i++;
      if (isLineBreak(text.charCodeAt(i))) i--;
    }
  }
  return out;
}

/** Start offset and indentation of each line in [from, to) that starts a statement (in code, not blank, not a closing bracket). */
function statementLines(text: string, from: number, to: number, code: Set<number>): { start: number; indent: number }[] {
  const out: { start: number; indent: number }[] = [];
  for (let i = from; i < to; i++) {
    if (i > 0 && !isLineBreak(text.charCodeAt(i - 1))) continue;
    if (!code.has(i)) continue;
    let j = i;
    while (j < to && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
    const c = text.charCodeAt(j);
    if (j >= to || isLineBreak(c) || c === 125 || c === 41 || c === 93) continue;
    out.push({ start: i, indent: j - i });
  }
  return out;
}

/** Statements at the shallowest indentation of [from, to), as ranges; the last ends where that indentation is left. */
function chunksOf(text: string, from: number, to: number, code: Set<number>): Range[] {
  const lines = statementLines(text, from, to, code);
  if (!lines.length) return [];
  const level = Math.min(...lines.map((l) => l.indent));
  const heads = lines.filter((l) => l.indent === level).map((l) => l.start);
  let end = to;
  // Inside a block, the closing line (`}` at a lower indentation) is not part of the last statement.
  for (let i = heads[heads.length - 1]! + 1; i < to; i++) {
    if (!isLineBreak(text.charCodeAt(i - 1)) || !code.has(i)) continue;
    let j = i;
    while (j < to && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
    if (j < to && !isLineBreak(text.charCodeAt(j)) && j - i < level) {
      end = i;
      break;
    }
  }
  return heads.map((h, k) => [h, k + 1 < heads.length ? heads[k + 1]! : end]);
}

export function recover<T>(text: string, parse: (text: string) => Attempt<T>): T {
  let parses = 1;
  const first = parse(text);
  let attempt = first;
  if (!attempt.failure) return attempt.result;
  // The construct the error points at.
  let blanked = text;
  for (let retry = 0; retry < CONSTRUCT_RETRIES && attempt.failure?.length; retry++) {
    const spans = attempt.failure;
    blanked = blankLines(blanked, Math.min(...spans.map((s) => s.start)), Math.max(...spans.map((s) => s.end)));
    attempt = parse(blanked);
    parses++;
  }
  if (!attempt.failure) return attempt.result;
  // Whole statements: the first whose addition breaks the parse (by bisection) is dropped, or,
  // when its own inner statements can be dropped instead (a method of a class, a statement of a
  // function), the first of those that breaks it.
  const dropped: Range[] = [];
  const fails = (ranges: Range[]): boolean => {
    parses++;
    return parse(withBlanks(text, [...dropped, ...ranges])).failure !== undefined;
  };
  /** The first of `chunks` whose addition makes the parse fail, with the ranges of `after` blanked. */
  const firstBad = (chunks: Range[], after: Range[]): number => {
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi && parses < MAX_PARSES) {
      const mid = (lo + hi) >> 1;
      if (fails([[chunks[mid + 1]![0], chunks[chunks.length - 1]![1]], ...after])) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const code = codeLineStarts(text);
  const top = chunksOf(text, 0, text.length, code);
  /** Top-level statements already blamed once: blamed again, an inner one did not carry the blame, so they go whole. */
  const blamed = new Set<number>();
  while (top.length && parses < MAX_PARSES) {
    // Nothing dropped yet: that is the whole text, already parsed first.
    if (dropped.length) {
      attempt = parse(withBlanks(text, dropped));
      parses++;
    } else attempt = first;
    if (!attempt.failure) return attempt.result;
    let chunks = top;
    // What follows the statement under suspicion at each level (its later siblings), blanked while testing it.
    let after: Range[] = [];
    let index = firstBad(chunks, after);
    const descend = !blamed.has(index);
    blamed.add(index);
    // Descend while the statement's inner statements can carry the blame.
    while (descend) {
      const bad = chunks[index]!;
      const inner = chunksOf(text, text.indexOf('\n', bad[0]) + 1 || bad[1], bad[1], code);
      const innerAfter: Range[] = [...after, [bad[1], chunks[chunks.length - 1]![1]]];
      if (!inner.length || parses >= MAX_PARSES || fails([[inner[0]![0], inner[inner.length - 1]![1]], ...innerAfter])) break;
      chunks = inner;
      after = innerAfter;
      index = firstBad(chunks, after);
    }
    dropped.push(chunks[index]!);
  }
  return attempt.result;
}
