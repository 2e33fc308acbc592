/**
 * The quick test in front of the `.gitignore` rules may only say "no" where the `ignore` library
 * says "not ignored": checked on generated rules and paths against the library itself.
 */
import ignore from 'ignore';
import { describe, expect, it } from 'vitest';
import { possiblyIgnored } from '../../src/discovery/ignore-literals.js';

describe('possiblyIgnored', () => {
  it('never rules out a path the library ignores (generated rules and paths)', () => {
    const pieces = ['a', 'b', 'Log', '.', '_', '-', '*', '**', '?', '/', '[ab]', '[!a]', '[a-c]', '\\*', '\\#', '\\!', '\\ ', '#', '!', ' ', '[', 'x.y'];
    const names = ['a', 'b', 'log', 'LOG', '.a', 'a.b', '_x', 'c-d', '*', '#', '!', ' ', 'x.y', '[', 'ab', 'ba', 'alog.b'];
    let seed = 11;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    let ruledOut = 0;
    let checked = 0;
    for (let r = 0; r < 400; r++) {
      const lines: string[] = [];
      for (let l = 1 + next(4); l > 0; l--) {
        let line = '';
        for (let k = 1 + next(5); k > 0; k--) line += pieces[next(pieces.length)];
        lines.push(line);
      }
      const text = lines.join('\n');
      const re = possiblyIgnored(text);
      // As the walk builds them: case-sensitive, as git matches.
      const ig = ignore({ ignorecase: false }).add(text);
      for (let p = 0; p < 40; p++) {
        const parts: string[] = [];
        for (let d = 1 + next(3); d > 0; d--) parts.push(names[next(names.length)]!);
        const path = parts.join('/');
        for (const form of [path, `${path}/`]) {
          let ignored: boolean;
          try {
            ignored = ig.ignores(form);
          } catch {
            continue;
          }
          checked++;
          if (re && !re.test(path)) {
            ruledOut++;
            expect(ignored, `${JSON.stringify(text)} ${JSON.stringify(form)}`).toBe(false);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000);
    expect(ruledOut).toBeGreaterThan(1_000);
  });

  it('reads literals, escapes and classes, and leaves out comments and negations', () => {
    const re = possiblyIgnored('# build output\n/dist/\n*.log\n!keep.log\n\\#notes\n[._]s[a-w][a-z]\nsecret \n')!;
    for (const path of ['dist', 'app/dist', 'a.log', '#notes', 'x/.swp', 'secret']) expect(re.test(path), path).toBe(true);
    for (const path of ['src/index.ts', 'keep', 'notes', 'README.md', 'a.LOG']) expect(re.test(path), path).toBe(false);
  });

  it('knows a glob matches whole path segments', () => {
    const re = possiblyIgnored('lib\n*.js\nbuild*\n')!;
    for (const path of ['lib', 'a/lib/x.ts', 'x.js', 'a/x.js/y', 'build-out', 'a/buildx/y']) expect(re.test(path), path).toBe(true);
    for (const path of ['libs/core/index.ts', 'a/mylib/x.ts', 'x.json', 'rebuild/x.ts']) expect(re.test(path), path).toBe(false);
  });

  it('asks for every stretch of a rule, in order', () => {
    const re = possiblyIgnored('libs/core/src/**/*.d.ts\n**/convex/tsconfig.json\n')!;
    for (const path of ['libs/core/src/a.d.ts', 'libs/core/src/x/y/a.d.ts', 'app/convex/tsconfig.json', 'convex/tsconfig.json']) expect(re.test(path), path).toBe(true);
    for (const path of ['libs/core/src/a.ts', 'libs/other/a.d.ts', 'core/src/a.d.ts', 'app/tsconfig.json', 'convex2/tsconfig.json']) expect(re.test(path), path).toBe(false);
  });

  it('is off when some rule could match any path', () => {
    expect(possiblyIgnored('*.log\n*\n')).toBeUndefined();
    expect(possiblyIgnored('/**/\n')).toBeUndefined();
    expect(possiblyIgnored('[\\]]x\n')).toBeUndefined();
    // Nothing to ignore: every path is ruled out.
    expect(possiblyIgnored('# only a comment\n!back\n')!.test('anything')).toBe(false);
  });
});
