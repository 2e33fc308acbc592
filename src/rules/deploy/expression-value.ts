/**
 * What a GitHub Actions expression (`${{ … }}`) can evaluate to, as far as whose text it carries: a
 * comparison or a test (`startsWith(github.head_ref, 'release/')`, `a == 'b'`, `!x`) is a boolean,
 * a literal is itself, `a && b` and `a || b` are one of their operands, and `format()`, `join()`,
 * `toJSON()` and `fromJSON()` pass their arguments' text on. So
 * `${{ (startsWith(github.head_ref, 'x') && 'true') || 'false' }}` can only ever be `true` or `false`:
 * the branch name decides which, but none of its characters reach the script.
 */

/** Functions whose result is a boolean or a digest, whatever their arguments hold. */
const BOOLEAN_FUNCTIONS = new Set(['contains', 'startswith', 'endswith', 'success', 'always', 'cancelled', 'failure', 'hashfiles']);

export type Token = { kind: 'str' | 'num' | 'ref' | 'op' | 'call'; text: string };

const TOKEN =
  /\s*(?:('(?:[^']|'')*')|(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|0x[0-9a-f]+)\b|([A-Za-z_][\w-]*(?:\.\*|\.[A-Za-z_][\w-]*|\[[^\]]*\])*)(\s*\()?|(==|!=|<=|>=|&&|\|\||[<>!(),]))/iy;

export function tokenize(text: string): Token[] | undefined {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(text);
    if (!m) return undefined;
    if (m[1] !== undefined) out.push({ kind: 'str', text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'num', text: m[2] });
    else if (m[3] !== undefined) out.push({ kind: m[4] ? 'call' : 'ref', text: m[3] });
    else out.push({ kind: 'op', text: m[5]! });
  }
  return out;
}

/**
 * The outsider context whose text the expression's value may carry (`isOutsider` names one for a
 * context reference), or undefined when its value can only be one of its literals, a boolean or
 * other contexts' text. An expression this reader cannot follow is judged by its text alone.
 */
export function outsiderTextIn(expression: string, isOutsider: (ref: string) => string | undefined): string | undefined {
  const tokens = tokenize(expression);
  if (tokens) {
    let i = 0;
    const peek = (): Token | undefined => tokens[i];
    const op = (text: string): boolean => peek()?.kind === 'op' && peek()!.text === text && (i++, true);
    // Each level returns the outsider context its value may carry ('' for none), or throws when the text is not an expression.
    // `||` and `&&` give one of their operands: the value may carry what any of them carries. Every
    // operand is read, whatever the one before carried: the parse must reach the end.
    const chain = (operator: string, operand: () => string) => (): string => {
      let v = operand();
      while (op(operator)) {
        const right = operand();
        v = v || right;
      }
      return v;
    };
    const or = chain('||', () => and());
    const and = chain('&&', () => comparison());
    const comparison = (): string => {
      const v = unary();
      for (const o of ['==', '!=', '<=', '>=', '<', '>']) {
        if (op(o)) {
          unary();
          return '';
        }
      }
      return v;
    };
    const unary = (): string => {
      if (op('!')) {
        unary();
        return '';
      }
      return primary();
    };
    const primary = (): string => {
      const t = tokens[i++];
      if (!t) throw new Error('end');
      if (t.kind === 'str' || t.kind === 'num') return '';
      if (t.kind === 'ref') return isOutsider(t.text) ?? '';
      if (t.kind === 'call') {
        const args: string[] = [];
        if (!op(')')) {
          do args.push(or());
          while (op(','));
          if (!op(')')) throw new Error('call');
        }
        return BOOLEAN_FUNCTIONS.has(t.text.toLowerCase()) ? '' : (args.find(Boolean) ?? '');
      }
      if (t.text === '(') {
        const v = or();
        if (!op(')')) throw new Error('paren');
        return v;
      }
      throw new Error('token');
    };
    try {
      const v = or();
      if (i === tokens.length) return v || undefined;
    } catch {
      // not an expression this reader follows: judged by its text below
    }
  }
  return isOutsider(expression);
}
