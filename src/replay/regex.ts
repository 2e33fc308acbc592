/**
 * Regular expressions from policies and taxonomies, run on a linear-time engine (RE2 semantics,
 * `re2js`, a pure-JavaScript port of RE2): no backtracking, so no pattern can make a match take
 * more than time proportional to the text. Each evaluation also has a budget: at most
 * `REGEX_INPUT_BUDGET` characters of text are searched.
 *
 * A pattern whose backtracking is provably bounded (`regex-cost.ts`: bounded repetition of single
 * atoms only, as the built-in taxonomy is written) runs on V8's engine instead, which is an order
 * of magnitude faster; every pattern is still compiled by RE2, so both accept the same syntax.
 *
 * RE2 has no look-around and no back-references; a pattern using them is refused at load with the
 * engine's message. JavaScript flags map to RE2 flags (`i` → case-insensitive, `m` → multi-line,
 * `s` → dot matches newline).
 */
import { RE2JS } from 're2js';
import { backtrackPaths } from './regex-cost.js';

/** Characters of text one pattern evaluation looks at (the rest is not searched). */
export const REGEX_INPUT_BUDGET = 64 * 1024;

export class SafeRegex {
  private readonly re: RE2JS;
  /** V8's engine, for a pattern with bounded backtracking. */
  private readonly native?: RegExp;

  /** @throws Error with the engine's message when the pattern is not valid RE2. */
  constructor(
    readonly source: string,
    readonly flags = '',
  ) {
    let f = 0;
    if (flags.includes('i')) f |= RE2JS.CASE_INSENSITIVE;
    if (flags.includes('m')) f |= RE2JS.MULTILINE;
    if (flags.includes('s')) f |= RE2JS.DOTALL;
    this.re = RE2JS.compile(source, f);
    if (backtrackPaths(source) !== undefined) {
      try {
        this.native = new RegExp(source, flags.replace(/[^ims]/g, ''));
      } catch {
        /* RE2-only syntax: RE2 it is */
      }
    }
  }

  /** Which engine runs the pattern (for tests and the README's figures). */
  get engine(): 'v8-bounded' | 're2' {
    return this.native ? 'v8-bounded' : 're2';
  }

  private clip(text: string): string {
    return text.length > REGEX_INPUT_BUDGET ? text.slice(0, REGEX_INPUT_BUDGET) : text;
  }

  test(text: string): boolean {
    if (this.native) return this.native.test(this.clip(text));
    return this.re.matcher(this.clip(text)).find();
  }

  /** The first match, or undefined. */
  exec(text: string): string | undefined {
    if (this.native) return this.native.exec(this.clip(text))?.[0];
    const m = this.re.matcher(this.clip(text));
    return m.find() ? (m.group() ?? '') : undefined;
  }

  toString(): string {
    return `/${this.source}/${this.flags}`;
  }
}

/** Compile, or give the reason it is refused. */
export function compileSafe(source: string, flags = ''): SafeRegex | string {
  try {
    return new SafeRegex(source, flags);
  } catch (e) {
    return `not a supported regular expression (RE2 syntax: no look-around, no back-references): ${(e as Error).message.replace(/^error parsing regexp: /, '').slice(0, 160)}`;
  }
}
