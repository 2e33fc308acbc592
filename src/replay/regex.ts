/**
 * Regular expressions from policies and taxonomies, run on a linear-time engine (RE2 semantics,
 * `re2js`, a pure-JavaScript port of RE2): no backtracking, so no pattern can make a match take
 * more than time proportional to the text. Each evaluation also has a budget: at most
 * `REGEX_INPUT_BUDGET` characters of text are searched.
 *
 * RE2 has no look-around and no back-references; a pattern using them is refused at load with the
 * engine's message. JavaScript flags map to RE2 flags (`i` → case-insensitive, `m` → multi-line,
 * `s` → dot matches newline).
 */
import { RE2JS } from 're2js';

/** Characters of text one pattern evaluation looks at (the rest is not searched). */
export const REGEX_INPUT_BUDGET = 64 * 1024;

export class SafeRegex {
  private readonly re: RE2JS;

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
  }

  private clip(text: string): string {
    return text.length > REGEX_INPUT_BUDGET ? text.slice(0, REGEX_INPUT_BUDGET) : text;
  }

  test(text: string): boolean {
    return this.re.matcher(this.clip(text)).find();
  }

  /** The first match, or undefined. */
  exec(text: string): string | undefined {
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
