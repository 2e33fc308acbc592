/** The HCL lexer the Terraform prefilter reads strings, names and numbers with. */
import { describe, expect, it } from 'vitest';
import { lexHcl } from '../../src/parsers/hcl-lexer.js';

describe('HCL lexer', () => {
  function lex(text: string) {
    const out = { strings: [] as string[], names: [] as string[], numbers: [] as string[] };
    const outcome = lexHcl(text, {
      string: (v) => void out.strings.push(v),
      name: (n) => void out.names.push(n),
      number: (n) => void out.numbers.push(n),
    });
    return { outcome, ...out };
  }

  it('reads strings as the parser evaluates them, heredocs, interpolations, names and numbers; skips comments', () => {
    const r = lex('a = "x\\ty" # "not a string"\n// "nor this"\n/* "nor" */ b = "p-${lookup(m, "k")}-$${lit}"\nc = <<-EOT\n    one\n      two\n  EOT\nd = 1.5e3\n');
    expect(r.outcome).toBe('complete');
    expect(r.strings).toEqual(['x\ty', 'k', 'p-${lookup(m, "k")}-$${lit}', 'one\n  two\n']);
    expect(r.names).toEqual(['a', 'b', 'lookup', 'm', 'c', 'd']);
    expect(r.numbers).toEqual(['1.5e3']);
  });

  it('calls what it cannot follow malformed, and stops when asked', () => {
    expect(lex('a = "open\n').outcome).toBe('malformed');
    expect(lex('a = [1, 2\n').outcome).toBe('malformed');
    expect(lex('a = (1]\n').outcome).toBe('malformed');
    expect(lex('/* open\n').outcome).toBe('malformed');
    expect(lex('a = <<EOF\nbody\n').outcome).toBe('malformed');
    expect(lex(`a = ${'['.repeat(500)}${']'.repeat(500)}\n`).outcome).toBe('malformed');
    // A template's placeholder or statement in code (the parser reports it); in a string it is text.
    expect(lex('variable "r" {\n  default = {{ cookiecutter.region }}\n}\n').outcome).toBe('malformed');
    expect(lex('resource "a" "b" {\n  {%- if on %}\n  x = 1\n  {% endif %}\n}\n').outcome).toBe('malformed');
    expect(lex('a = "{{ name }}-{% raw %}"\nb = { for k, v in m : k => { v = v } }\nc = "${ {x = 1} }"\n').outcome).toBe('complete');
    expect(lexHcl('a = "x"\nb = "y"\n', { string: () => true, name: () => undefined, number: () => undefined })).toBe('stopped');
  });

  it('reads a number literal as written, 64 characters at most, with its fraction and exponent only when digits follow', () => {
    expect(lex('a = 1.5e3 + 2. + 3.e4 + 4e+ + 5E-6 + 07.25\n').numbers).toEqual(['1.5e3', '2', '3', '4', '5E-6', '07.25']);
    const long = '1'.repeat(150);
    expect(lex(`a = ${long}\n`).numbers).toEqual(['1'.repeat(64), '1'.repeat(64), '1'.repeat(22)]);
    // Against the grammar read by a regular expression on the next 64 characters, over generated runs
    // of digits, dots, exponents and signs (a letter starts a name, which swallows digits and dashes).
    const NUMBER = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;
    const expected = (token: string): string[] => {
      const out: string[] = [];
      for (let i = 0; i < token.length; ) {
        const c = token[i]!;
        if (/\d/.test(c)) {
          const m = NUMBER.exec(token.slice(i, i + 64))![0];
          out.push(m);
          i += m.length;
        } else if (/[eE]/.test(c)) {
          i++;
          while (i < token.length && /[\w-]/.test(token[i]!)) i++;
        } else i++;
      }
      return out;
    };
    let seed = 7;
    const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const alphabet = '0123456789000111..eE+-';
    for (let run = 0; run < 2000; run++) {
      const length = 1 + next(run % 10 === 0 ? 140 : 16);
      // Every third run ends its first number near the 64th character.
      let token = run % 3 === 0 ? '1'.repeat(56 + next(9)) : '';
      for (let k = 0; k < length; k++) token += alphabet[next(alphabet.length)];
      expect(lex(`a = ${token}\n`).numbers, token).toEqual(expected(token));
    }
  });
});
