/**
 * Text a Python function keeps to a fixed set of characters before it uses it: a filter that keeps
 * only allowed characters (`''.join(c for c in s if c in "0123456789.+-*() ")`, `re.sub(r"[^0-9.+\-*() ]", "", s)`)
 * or a check that returns before anything else gets through (`if not all(c in ALLOWED for c in s): return`).
 * The flow carries the set as `charset`; a sink judges it (`flow.ts`: code kept to digits and
 * operators names nothing, so it runs nothing). A deny-list (`re.sub(r"[;&|]", "", s)`) keeps
 * everything it does not name and gives no set. A check guards the code it dominates only: what
 * follows it in its own block when it returns or raises on a failure, or the branch it opens.
 */
import { pyStringValue, type PyNode } from '../../parsers/python.js';
import { charsetUnion, merge } from './flow.js';
import type { ArgValue } from './model.js';

/**
 * What a name holds, for a set of characters: its constant text (a string the caller still reads),
 * or the characters its one binding gives (`allowed = set("0123…")`).
 */
export type NameChars = (name: string) => string | { chars: string } | undefined;

/** Characters given by a constant: a string, or a list, tuple or set of one-character strings. */
export function constantChars(node: PyNode | null | undefined, constant: NameChars): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string' || node.type === 'concatenated_string') {
    const v = pyStringValue(node);
    return v === undefined || v.includes('{…}') || v.includes('\\') ? undefined : v;
  }
  if (node.type === 'identifier') {
    const c = constant(node.text);
    if (typeof c === 'object') return c.chars;
    return c === undefined || c.includes('{…}') || c.includes('\\') ? undefined : c.startsWith('[') || c.startsWith('(') || c.startsWith('{') ? undefined : c;
  }
  if (node.type === 'list' || node.type === 'tuple' || node.type === 'set') {
    let out = '';
    for (const item of node.namedChildren) {
      if (!item || item.type === 'comment') continue;
      const v = item.type === 'string' ? pyStringValue(item) : undefined;
      if (v === undefined || v.length !== 1 || v === '\\') return undefined;
      out += v;
    }
    return out;
  }
  if (node.type === 'call' && /^(?:set|frozenset|list|tuple)$/.test(node.childForFieldName('function')?.text ?? '')) {
    const args = node.childForFieldName('arguments')?.namedChildren.filter((a) => !!a && a.type !== 'comment') ?? [];
    return args.length === 1 ? constantChars(args[0], constant) : undefined;
  }
  return undefined;
}

/** `c in ALLOWED` (or, with `negated`, `c not in ALLOWED`) on the loop's own variable: the allowed characters. */
function membership(cond: PyNode | null | undefined, loopVar: string, negated: boolean, constant: NameChars): string | undefined {
  if (!cond) return undefined;
  if (cond.type === 'parenthesized_expression') return membership(cond.namedChildren[0], loopVar, negated, constant);
  // `c in A and c != "x"` keeps no more than A; an `or` could let anything through.
  if (!negated && cond.type === 'boolean_operator' && cond.childForFieldName('operator')?.text === 'and') {
    const sets = [cond.childForFieldName('left'), cond.childForFieldName('right')].map((c) => membership(c, loopVar, false, constant));
    const known = sets.filter((s): s is string => s !== undefined);
    return known.length ? known.reduce((a, b) => [...a].filter((ch) => b.includes(ch)).join('')) : undefined;
  }
  if (cond.type !== 'comparison_operator' || cond.namedChildren.length !== 2) return undefined;
  const ops = cond.children.filter((c) => !!c && !c.isNamed).map((c) => c!.text.replace(/\s+/g, ' '));
  if (ops.length !== 1 || ops[0] !== (negated ? 'not in' : 'in')) return undefined;
  const [left, right] = cond.namedChildren;
  if (left?.type !== 'identifier' || left.text !== loopVar) return undefined;
  return constantChars(right, constant);
}

/**
 * A comprehension over the characters of one value that keeps only allowed ones
 * (`c for c in s if c in ALLOWED`): the allowed set, and the value it reads.
 */
export function keptChars(node: PyNode, constant: NameChars): { chars: string; source: PyNode } | undefined {
  if (node.type !== 'generator_expression' && node.type !== 'list_comprehension') return undefined;
  const body = node.childForFieldName('body');
  const clauses = node.namedChildren.filter((c): c is PyNode => !!c && c.type !== 'comment' && c !== body);
  const loop = clauses.find((c) => c.type === 'for_in_clause');
  const ifs = clauses.filter((c) => c.type === 'if_clause');
  if (clauses.length !== 1 + ifs.length || !loop || ifs.length !== 1) return undefined;
  const v = loop.childForFieldName('left');
  const source = loop.childForFieldName('right');
  if (body?.type !== 'identifier' || v?.type !== 'identifier' || body.text !== v.text || !source) return undefined;
  const chars = membership(ifs[0]!.namedChildren[0], v.text, false, constant);
  return chars === undefined ? undefined : { chars, source };
}

/**
 * A condition that holds a name to a set of characters: `all(c in A for c in s)`, `set(s) <= set(A)`,
 * `set(s).issubset(A)` hold it when true; `any(c not in A for c in s)`, `set(s) - set(A)`,
 * `set(s).difference(A)` when false; `not` turns one into the other.
 */
export function guardedChars(cond: PyNode | null | undefined, constant: NameChars): { chars: string; name: string; whenTrue: boolean } | undefined {
  if (!cond) return undefined;
  if (cond.type === 'parenthesized_expression') return guardedChars(cond.namedChildren[0], constant);
  if (cond.type === 'not_operator') {
    const inner = guardedChars(cond.childForFieldName('argument'), constant);
    return inner && { ...inner, whenTrue: !inner.whenTrue };
  }
  if (cond.type === 'call') {
    const fn = cond.childForFieldName('function');
    const quantifier = fn?.text === 'all' || fn?.text === 'any' ? quantified(cond, fn.text === 'any', constant) : undefined;
    if (quantifier) return { ...quantifier, whenTrue: fn?.text === 'all' };
    // `set(s).issubset(A)` / `set(s).difference(A)`
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    const args = cond.childForFieldName('arguments')?.namedChildren.filter((a) => !!a && a.type !== 'comment') ?? [];
    if ((method === 'issubset' || method === 'difference') && args.length === 1) {
      const name = charsOf(fn!.childForFieldName('object'));
      const chars = constantChars(args[0], constant);
      return name && chars !== undefined ? { chars, name, whenTrue: method === 'issubset' } : undefined;
    }
    return undefined;
  }
  const [left, right] = [cond.childForFieldName('left') ?? cond.namedChildren[0], cond.childForFieldName('right') ?? cond.namedChildren[1]];
  const ops = cond.children.filter((c) => !!c && !c.isNamed).map((c) => c!.text);
  if (cond.type === 'comparison_operator' && cond.namedChildren.length === 2 && ops.length === 1 && (ops[0] === '<=' || ops[0] === '>=')) {
    const [small, big] = ops[0] === '<=' ? [left, right] : [right, left];
    const name = charsOf(small);
    const chars = constantChars(big, constant);
    return name && chars !== undefined ? { chars, name, whenTrue: true } : undefined;
  }
  if (cond.type === 'binary_operator' && cond.childForFieldName('operator')?.text === '-') {
    const name = charsOf(left);
    const chars = constantChars(right, constant);
    return name && chars !== undefined ? { chars, name, whenTrue: false } : undefined;
  }
  return undefined;
}

/**
 * Where a check dominates: the branch it opens when it holds there, the `else` branch or the rest of
 * its own block when it returns or raises on a failure; undefined when it guards nothing for certain.
 */
export function guardedRange(stmt: PyNode, whenTrue: boolean): { from: number; to: number } | undefined {
  const rest = stmt.parent ? { from: stmt.endIndex, to: stmt.parent.endIndex } : undefined;
  if (stmt.type === 'assert_statement') return whenTrue ? rest : undefined;
  const branch = stmt.childForFieldName('consequence');
  if (whenTrue) return branch ? { from: branch.startIndex, to: branch.endIndex } : undefined;
  const alternatives = stmt.childrenForFieldName('alternative');
  if (alternatives.length === 1 && alternatives[0]?.type === 'else_clause') {
    const body = alternatives[0].childForFieldName('body');
    return body ? { from: body.startIndex, to: body.endIndex } : undefined;
  }
  const last = branch?.namedChildren.filter((c) => !!c && c.type !== 'comment').pop();
  return !alternatives.length && (last?.type === 'return_statement' || last?.type === 'raise_statement') ? rest : undefined;
}

/** `set(s)`: the name whose characters it holds. */
function charsOf(node: PyNode | null | undefined): string | undefined {
  if (node?.type !== 'call' || node.childForFieldName('function')?.text !== 'set') return undefined;
  const args = node.childForFieldName('arguments')?.namedChildren.filter((a) => !!a && a.type !== 'comment') ?? [];
  return args.length === 1 && args[0]!.type === 'identifier' ? args[0]!.text : undefined;
}

/** `all(c in A for c in s)` (or, with `negated`, `any(c not in A for c in s)`): the allowed set and the name checked. */
function quantified(call: PyNode, negated: boolean, constant: NameChars): { chars: string; name: string } | undefined {
  const gen = call.childForFieldName('arguments');
  if (gen?.type !== 'generator_expression') return undefined;
  const body = gen.childForFieldName('body');
  const clauses = gen.namedChildren.filter((c): c is PyNode => !!c && c.type !== 'comment' && c !== body);
  const loop = clauses[0];
  if (clauses.length !== 1 || loop?.type !== 'for_in_clause') return undefined;
  const v = loop.childForFieldName('left');
  const source = loop.childForFieldName('right');
  if (v?.type !== 'identifier' || source?.type !== 'identifier') return undefined;
  const chars = membership(body, v.text, negated, constant);
  return chars === undefined ? undefined : { chars, name: source.text };
}

/** `\w` read as ASCII: Python's also keeps other scripts' letters and digits, which name no operator or separator either. */
const CLASS_ESCAPES: Record<string, string> = {
  d: '0123456789', s: ' \t\n\r\f\v', t: '\t', n: '\n', r: '\r',
  w: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_',
};

/**
 * The characters a regular expression of one negated class keeps when what it matches is removed
 * (`[^0-9.+\-*() ]` or the same with `+`): the class's own characters. Undefined for anything else.
 */
export function negatedClassChars(pattern: string): string | undefined {
  const m = /^\[\^((?:\\.|[^\]\\])+)\][+*]?$/s.exec(pattern);
  if (!m) return undefined;
  const body = m[1]!;
  const singles: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\') {
      const e = body[++i]!;
      if (CLASS_ESCAPES[e]) {
        singles.push(...CLASS_ESCAPES[e]!);
        continue;
      }
      if (/[A-Za-z0-9]/.test(e)) return undefined; // \W, \S, \x41, \u…: not read
      singles.push(e);
      continue;
    }
    if (ch === '[') return undefined;
    if (body[i + 1] === '-' && i + 2 < body.length && body[i + 2] !== '\\') {
      const to = body[i + 2]!;
      if (to.charCodeAt(0) < ch.charCodeAt(0) || to.charCodeAt(0) - ch.charCodeAt(0) > 200) return undefined;
      for (let c = ch.charCodeAt(0); c <= to.charCodeAt(0); c++) singles.push(String.fromCharCode(c));
      i += 2;
      continue;
    }
    singles.push(ch);
  }
  return charsetUnion(singles.join(''));
}

/**
 * A value kept to a set of characters by the call that makes it: `''.join(c for c in s if c in A)`,
 * `re.sub(r"[^A]", "", s)`. Undefined for any other call.
 */
export function keptBy(callee: string, fnNode: PyNode | null, receiver: ArgValue, args: (PyNode | null)[], values: ArgValue[], text: string, constant: NameChars): ArgValue | undefined {
  if (fnNode?.type === 'attribute' && fnNode.childForFieldName('attribute')?.text === 'join' && receiver.constant !== undefined && !receiver.from.length && args.length === 1) {
    const kept = args[0] ? keptChars(args[0], constant) : undefined;
    if (kept) return { ...merge(values, text), charset: charsetUnion(kept.chars, receiver.constant) };
  }
  if (callee === 're.sub' && args.length >= 3 && values[0]?.constant !== undefined && values[1]?.constant !== undefined && !values[0].from.length && !values[1].from.length) {
    const chars = negatedClassChars(values[0].constant);
    if (chars !== undefined && !values.slice(3).some((x) => x.from.length)) return { ...merge([values[2]!], text), charset: charsetUnion(chars, values[1].constant) };
  }
  return undefined;
}

/** The characters text joined from `parts` can hold, when each tainted part is held to a set (constants add their own). */
export function joinedCharset(parts: ArgValue[]): string | undefined {
  if (!parts.some((p) => p.from.length) || parts.some((p) => p.from.length && p.charset === undefined)) return undefined;
  if (parts.some((p) => !p.from.length && p.constant === undefined)) return undefined;
  return charsetUnion(...parts.map((p) => (p.from.length ? p.charset! : p.constant!)));
}
