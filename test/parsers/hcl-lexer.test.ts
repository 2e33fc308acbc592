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
    expect(lexHcl('a = "x"\nb = "y"\n', { string: () => true, name: () => undefined, number: () => undefined })).toBe('stopped');
  });
});
