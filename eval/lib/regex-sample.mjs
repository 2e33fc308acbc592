/**
 * One string a regular expression matches, drawn with a seeded generator: what gitleaks' example
 * generators (`secrets.NewSecret(regex)`) produce, reproducibly. Covers the subset their examples
 * use: literals and escapes, classes and ranges, groups (capturing, `(?:`, named, flags), `|`, and
 * the quantifiers `?` `*` `+` `{n}` `{n,}` `{n,m}`. Anchors and `\b` match nothing.
 */

import { rng } from '../../bench/corpus.mjs';

/** mulberry32: the benchmark corpus's small deterministic PRNG. */
export const prng = rng;

const range = (from, to) => Array.from({ length: to.charCodeAt(0) - from.charCodeAt(0) + 1 }, (_, i) => String.fromCharCode(from.charCodeAt(0) + i));
const DIGITS = range('0', '9');
const LOWER = range('a', 'z');
const UPPER = range('A', 'Z');
const WORD = [...DIGITS, ...LOWER, ...UPPER, '_'];
const SPACE = [' '];
const PRINTABLE = range('!', '~');

/** Parses `source` into a tree; throws on syntax it does not know. */
function parse(source) {
  let i = 0;
  const peek = () => source[i];
  function alternation() {
    const options = [sequence()];
    while (peek() === '|') {
      i++;
      options.push(sequence());
    }
    return options.length === 1 ? options[0] : { type: 'alt', options };
  }
  function sequence() {
    const items = [];
    while (i < source.length && peek() !== '|' && peek() !== ')') {
      let atom = primary();
      if (atom === null) continue;
      atom = quantified(atom);
      items.push(atom);
    }
    return { type: 'seq', items };
  }
  function quantified(atom) {
    for (;;) {
      const c = peek();
      let min;
      let max;
      if (c === '?') [min, max] = [0, 1];
      else if (c === '*') [min, max] = [0, 3];
      else if (c === '+') [min, max] = [1, 3];
      else if (c === '{' && /^\{\d+(?:,\d*)?\}/.test(source.slice(i))) {
        const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(source.slice(i));
        min = Number(m[1]);
        max = m[2] ? (m[3] ? Number(m[3]) : min + 3) : min;
        i += m[0].length - 1;
      } else return atom;
      i++;
      if (peek() === '?' || peek() === '+') i++; // lazy or possessive: same strings
      atom = { type: 'rep', atom, min, max };
    }
  }
  function primary() {
    const c = source[i++];
    if (c === '(') {
      if (peek() === '?') {
        i++;
        if (peek() === ':') i++;
        else if (peek() === 'P' || peek() === '<') {
          if (peek() === 'P') i++;
          if (source[i + 1] === '=' || source[i + 1] === '!') throw new Error('lookbehind');
          i = source.indexOf('>', i) + 1;
        } else if (peek() === '=' || peek() === '!') throw new Error('lookahead');
        else {
          // flags: (?i) or (?i:…) or (?-i:…)
          const m = /^[-imsU]+/.exec(source.slice(i));
          if (!m) throw new Error(`group syntax at ${i}`);
          i += m[0].length;
          if (peek() === ')') {
            i++;
            return null;
          }
          if (peek() !== ':') throw new Error(`group syntax at ${i}`);
          i++;
        }
      }
      const inner = alternation();
      if (source[i++] !== ')') throw new Error('unclosed group');
      return inner;
    }
    if (c === '[') return charClass();
    if (c === '^' || c === '$') return null;
    if (c === '.') return { type: 'set', chars: PRINTABLE };
    if (c === '\\') return escape(false);
    return { type: 'lit', text: c };
  }
  function escape(inClass) {
    const c = source[i++];
    switch (c) {
      case 'd':
        return { type: 'set', chars: DIGITS };
      case 'w':
        return { type: 'set', chars: WORD };
      case 's':
        return { type: 'set', chars: SPACE };
      case 'b':
      case 'B':
      case 'A':
      case 'z':
        if (inClass) throw new Error('\\b in class');
        return null;
      case 'n':
        return { type: 'lit', text: '\n' };
      case 't':
        return { type: 'lit', text: '\t' };
      case 'r':
        return { type: 'lit', text: '\r' };
      case 'x': {
        const m = /^(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{2}))/.exec(source.slice(i));
        if (!m) throw new Error('\\x');
        i += m[0].length;
        return { type: 'lit', text: String.fromCodePoint(parseInt(m[1] ?? m[2], 16)) };
      }
      case 'p':
      case 'P':
      case 'D':
      case 'W':
      case 'S':
        throw new Error(`\\${c}`);
      default:
        return { type: 'lit', text: c };
    }
  }
  function charClass() {
    let negate = false;
    if (peek() === '^') {
      negate = true;
      i++;
    }
    const chars = new Set();
    let first = true;
    while (i < source.length && (peek() !== ']' || first)) {
      first = false;
      let from;
      if (source.startsWith('[:', i)) {
        const end = source.indexOf(':]', i);
        const name = source.slice(i + 2, end);
        i = end + 2;
        const named = { alnum: [...DIGITS, ...LOWER, ...UPPER], alpha: [...LOWER, ...UPPER], digit: DIGITS, lower: LOWER, upper: UPPER, xdigit: [...DIGITS, ...range('a', 'f')], word: WORD }[name];
        if (!named) throw new Error(`[:${name}:]`);
        for (const ch of named) chars.add(ch);
        continue;
      }
      if (peek() === '\\') {
        i++;
        const e = escape(true);
        if (e.type === 'set') {
          for (const ch of e.chars) chars.add(ch);
          continue;
        }
        from = e.text;
      } else from = source[i++];
      if (peek() === '-' && source[i + 1] !== ']') {
        i++;
        let to = source[i++];
        if (to === '\\') to = escape(true).text;
        for (const ch of range(from, to)) chars.add(ch);
      } else chars.add(from);
    }
    if (source[i++] !== ']') throw new Error('unclosed class');
    const list = negate ? PRINTABLE.filter((ch) => !chars.has(ch) && ch !== '"' && ch !== "'" && ch !== '`') : [...chars];
    if (list.length === 0) throw new Error('empty class');
    return { type: 'set', chars: list };
  }
  const tree = alternation();
  if (i < source.length) throw new Error(`unexpected ${source[i]} at ${i}`);
  return tree;
}

/** A string `regex` matches, drawn with `random` (a function returning [0, 1)). */
export function sampleRegex(regex, random) {
  const tree = parse(regex);
  const pick = (n) => Math.floor(random() * n);
  const gen = (node) => {
    switch (node.type) {
      case 'lit':
        return node.text;
      case 'set':
        return node.chars[pick(node.chars.length)];
      case 'seq':
        return node.items.map(gen).join('');
      case 'alt':
        return gen(node.options[pick(node.options.length)]);
      case 'rep': {
        const n = node.min + pick(node.max - node.min + 1);
        let out = '';
        for (let k = 0; k < n; k++) out += gen(node.atom);
        return out;
      }
    }
    throw new Error(`node ${node.type}`);
  };
  return gen(tree);
}
