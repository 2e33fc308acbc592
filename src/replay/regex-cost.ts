/**
 * A vetted bound on the backtracking of a regular expression, for running it on V8's own engine
 * (an order of magnitude faster than RE2 in JavaScript) only when that is provably safe.
 *
 * Conservative: a pattern is accepted only if it has no unbounded repetition (`*`, `+`, `{n,}`),
 * no repeated group (a group may only be optional, `(…)?`: so no nested or overlapping
 * quantifiers, no repeated alternation), no
 * back-reference and no look-around, and the number of ways one start position can be matched
 * (the product, over the sequence, of each quantifier's range and each group's sum of branches) is
 * at most `MAX_PATHS` (50: a search over the 64 KiB budget then costs a few million steps at worst;
 * 10,000 would allow seconds). Then a search costs at most `MAX_PATHS` steps per character: linear.
 * Anything else runs on RE2 (`regex.ts`).
 */
export const MAX_PATHS = 50;

/** Paths per start position, or undefined when the pattern is not provably bounded. */
export function backtrackPaths(source: string): number | undefined {
  let i = 0;
  const n = source.length;

  /** A sequence of alternatives up to `)` or the end: the sum of the branches' products. */
  const alternation = (): number | undefined => {
    let sum = 0;
    for (;;) {
      const branch = sequence();
      if (branch === undefined) return undefined;
      sum += branch;
      if (sum > MAX_PATHS) return undefined;
      if (source[i] === '|') {
        i++;
        continue;
      }
      return sum;
    }
  };

  const sequence = (): number | undefined => {
    let product = 1;
    while (i < n && source[i] !== '|' && source[i] !== ')') {
      const c = source[i]!;
      let atomIsGroup = false;
      let cost = 1;
      if (c === '\\') {
        const next = source[i + 1];
        if (next === undefined || /[1-9k]/.test(next)) return undefined; // back-reference
        i += 2;
        if (next === 'x') i += 2;
        else if (next === 'u') i += source[i] === '{' ? source.indexOf('}', i) - i + 1 : 4;
        else if (next === 'p' || next === 'P') i += source[i] === '{' ? source.indexOf('}', i) - i + 1 : 0;
      } else if (c === '[') {
        i++;
        if (source[i] === '^') i++;
        if (source[i] === ']') i++;
        while (i < n && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
        if (i >= n) return undefined;
        i++;
      } else if (c === '(') {
        i++;
        if (source[i] === '?') {
          const kind = source[i + 1];
          if (kind === ':') i += 2;
          else if (kind === '<' && source[i + 2] !== '=' && source[i + 2] !== '!') {
            const end = source.indexOf('>', i);
            if (end < 0) return undefined;
            i = end + 1;
          } else return undefined; // look-around or an unknown group
        }
        const inner = alternation();
        if (inner === undefined || source[i] !== ')') return undefined;
        i++;
        cost = inner;
        atomIsGroup = true;
      } else if (c === '*' || c === '+' || c === '?' || c === '{') {
        return undefined; // a quantifier with nothing to repeat
      } else i++;
      // quantifier
      const q = source[i];
      if (q === '*' || q === '+') return undefined;
      if (atomIsGroup && q === '?') {
        // an optional group is tried once or skipped: no repetition
        i++;
        if (source[i] === '?') i++;
        cost += 1;
      } else if (q === '?' || q === '{') {
        if (atomIsGroup) return undefined;
        let range = 2;
        if (q === '{') {
          const m = /^\{(\d{1,4})(?:,(\d{0,4}))?\}/.exec(source.slice(i, i + 12));
          if (!m) return undefined;
          if (m[2] === '') return undefined; // {n,}: unbounded
          const lo = Number(m[1]);
          const hi = m[2] === undefined ? lo : Number(m[2]);
          if (hi < lo) return undefined;
          range = hi - lo + 1;
          i += m[0].length;
        } else i++;
        if (source[i] === '?') i++; // lazy
        cost *= range;
      }
      product *= cost;
      if (product > MAX_PATHS) return undefined;
    }
    return product;
  };

  const total = alternation();
  return total !== undefined && i === n ? total : undefined;
}
