/**
 * The fast YAML path (js-yaml's events built into the `yaml` package's nodes) against the package's
 * own parse: for each construct, the same plain values, the same node tree and the same range[0] and
 * range[1] on every node; a construct it does not cover goes to the package, with the same outcome.
 */
import { describe, expect, it } from 'vitest';
import type { Node as YamlNode } from 'yaml';
import { yamlLib } from '../../src/parsers/libraries.js';
import { parseYamlFast } from '../../src/parsers/yaml-fast.js';
import { parseWithLibrary, parseYaml } from '../../src/parsers/yaml.js';
import { SourceFile } from '../../src/core/source.js';

const Y = yamlLib();

/** A node tree as data: class, range[0..1], scalar value and style, tag, anchor, flow, alias source, children. */
function shape(n: unknown): unknown {
  if (n === null || n === undefined) return n;
  if (Y.isPair(n)) return { key: shape(n.key), value: shape(n.value) };
  const node = n as YamlNode & { items?: unknown[]; flow?: boolean; source?: string; type?: string; value?: unknown };
  const out: Record<string, unknown> = { class: node.constructor.name, range: node.range?.slice(0, 2) };
  if (node.tag) out.tag = node.tag;
  if (node.anchor) out.anchor = node.anchor;
  if (node.flow) out.flow = true;
  if (Y.isScalar(n)) Object.assign(out, { value: node.value, type: node.type });
  if (Y.isAlias(n)) out.source = node.source;
  if (node.items) out.items = node.items.map(shape);
  return out;
}

const file = (text: string): SourceFile => new SourceFile({ absPath: '/x/f.yaml', relPath: 'f.yaml', kind: 'yaml', size: text.length }, text);

/** A parse outcome as data: each document's value and tree, or the error. */
function outcome(r: ReturnType<typeof parseYaml>): unknown {
  return r.ok ? r.doc.map((d) => ({ value: d.value, tree: shape(d.document.contents) })) : r.error;
}

/** Both parses of `text`, as data. */
function both(text: string) {
  const fast = parseYamlFast(text);
  return {
    fast,
    fastDocs: fast.ok ? fast.docs.map((d) => ({ value: d.value, tree: shape(d.contents) })) : undefined,
    libDocs: outcome(parseWithLibrary(file(text), text)),
  };
}

function expectFastAndSame(text: string): void {
  const r = both(text);
  expect(r.fast.ok ? 'fast' : r.fast.fallback).toBe('fast');
  expect(r.fastDocs).toEqual(r.libDocs);
}

const CASES: Record<string, string[]> = {
  'block maps and sequences': [
    'a: 1\nb:\n  - x\n  - y: z\n    w: "q"\nc: end # comment\n',
    '- - a\n  - b\n- - c\n',
    'a:\n- b\n- c\n# end\n',
    'a:\n  b:\n  c:\n',
    '- \n- a\n-\n',
    'key:\n  nested:\n    deeper: 1\n  back: 2\ntop: 3',
  ],
  'flow maps and sequences': [
    'a: [1, 2, 3]\nb: {x: 1, y: [a, b]}\n',
    '{a: 1, b: [x, y], c}',
    '[a: 1, b, "c": d]',
    '[a, b, ]',
    'a: []\nb: {}\nc: { }',
    'k: [a, # c\n  b]\n',
    'args: [\n    "--port",\n    "8080"\n  ]\n',
  ],
  'multi-line and quoted scalars': [
    'a: plain\n  multi\n\n  line\n',
    'a: "multi\n  line"',
    "a: 'it''s'\nb: 'a\n\n  b'",
    'a: "\\u00e9\\x41\\t\\N\\_"\nb: "a\\\n  b"',
    "a: ''\nb: \"\"",
  ],
  'block scalars': [
    'a: |\n  lit\n  two\n\nb: 1',
    'a: |+\n  keep\n\n\nb: 1',
    'a: |-\n  strip\n\n',
    'a: >\n  fold\n   more\n  back\n',
    'a: |2\n   indented\n',
    'a:\n  - |\n    x\n  - y',
    'a: |\n  x',
    'a: |\n\n\n',
    'a: >+\n',
    '--- |\n  text\n',
    'run: |\n  if [ "$x" ]; then\n    echo ? a : b\n  fi\n',
  ],
  'anchors and aliases': [
    'a: &x 1\nb: *x',
    'a: &x {k: v}\nb: *x\nc: *x',
    'base: &b\n  x: 1\nd:\n  <<: *b\n  y: 2',
    'a: &x\nb: *x',
    'a: &x\n  - 1\nb: *x',
  ],
  'core schema values': [
    'a: 0o17\nb: 0x1F\nc: +12\nd: -0\ne: .inf\nf: -.Inf\ng: .nan\nh: 1e3\ni: 1.\nj: 012\nk: 1_000\nl: True\nm: yes\nn: Null\no: ~\np: 2001-12-14',
    'null: 1\ntrue: 2\n1: 3\n~: 4\n"": 5',
    '__proto__: 1\ntoString: 2\nconstructor: 3',
    'a: 1\na: 2\nb: {k: 1, k: 2}',
  ],
  'tags': [
    'a: !Ref foo\nb: !Sub "x"\nc: !GetAtt [a, b]\nd: !If\n  - x\n',
    'a: !!str 1\nb: !!int "2"\nc: !!float 1.5\nd: !!bool true\ne: !!null ~\nf: ! 12',
    'a: !Tag\nb: !Tag {}\nc: !Tag []',
    '!!map\na: 1',
  ],
  'documents': ['', '# only a comment\n', '---\n', '---\na: 1\n---\nb: 2\n', 'a: 1\n...\n---\nb: 2\n', 'a: 1\n---\n', '--- # c\n'],
  'comments': [
    'a: 1\n  # deeper\n# top\nb: 2',
    'x:\n  a: 1\n  # at the nested indentation\nb: 2',
    'x:\n  - a\n  # c\ny: 1',
    'x:\n  y:\n    z: 1\n    # c4\n  # c2\n# c0\nw: 1',
    'a: "x" # c\n  # more\nb: 1',
    'a: [1,\n  2] # c\n    # deeper\nb: 1',
    'a:\n  b: # c\n\nd: 1',
    '- # c\n- b\n-   # c2\n',
    'top:\n  list:\n  - a\n  # c at 2\n  - b\n  # c at 2 end\nnext: 1',
  ],
  'line ends, byte order mark, tabs': [
    'a:\r\n  b: 1\r\n  c: |\r\n    x\r\n\r\n',
    '\ufeffa: 1\nb: 2',
    'a:\tb\nc: d\t# comment',
  ],
};

describe('fast YAML path', () => {
  for (const [name, texts] of Object.entries(CASES)) {
    it(`reads ${name} as the yaml package does`, () => {
      for (const text of texts) expectFastAndSame(text);
    });
  }

  it('leaves to the yaml package what it does not cover, with the same outcome', () => {
    const left: Record<string, string> = {
      'a: !!binary aGVsbG8=': 'tag tag:yaml.org,2002:binary',
      'a: !!float 1': 'tag tag:yaml.org,2002:float',
      '%YAML 1.2\n---\na: 1': 'directive',
      '? a\n: b': 'properties on a first key',
      'x: 1\n? a\n: b': 'explicit key',
      '[a, b]: c': 'complex key',
      'a: &a [*a]': 'alias inside its anchor',
      'a: *nope': 'unresolved alias',
      '&x a: 1': 'properties on a first key',
      // Layouts the two parsers read differently.
      'a: 1\n\ufeffb: 2': 'byte order mark inside',
      "a: 'x\n\t\n  y'": 'tab-indented line in a scalar',
      '  ---\na: 1\n': 'indented document marker',
      'a: "x\\\n\n  \\ y"': 'escaped line break before an empty line',
    };
    for (const [text, reason] of Object.entries(left)) {
      const fast = parseYamlFast(text);
      expect(fast.ok ? 'fast' : fast.fallback, text).toBe(reason);
      const f = file(text);
      expect(outcome(parseYaml(f))).toEqual(outcome(parseWithLibrary(f, text)));
    }
  });

  it('reports broken YAML as the yaml package does (js-yaml refuses it, the package says why)', () => {
    for (const text of ['a: b: c', 'a:\n - x\n- y', 'key: "unterminated', 'a: [1, 2', '{a: 1}}', 'a: @b', 'a:\n  b: 1\n   c: 2', 'a: |\n  x\n b: 1']) {
      expect(parseYamlFast(text)).toEqual({ ok: false, fallback: 'js-yaml refused it' });
      const f = file(text);
      const read = parseYaml(f);
      expect(read.ok).toBe(false);
      expect(outcome(read)).toEqual(outcome(parseWithLibrary(f, text)));
    }
  });

  it('refuses an alias bomb within the same budget as the yaml package', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd']]) lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    const bomb = lines.join('\n');
    expect(parseYamlFast(bomb)).toEqual({ ok: false, fallback: 'alias budget' });
    const read = parseYaml(file(bomb));
    expect(read).toEqual({ ok: false, error: 'invalid YAML: Excessive alias count indicates a resource exhaustion attack' });
    // A hundred aliases of one scalar are within the budget; a hundred and one are not, in both.
    const many = (n: number) => `a: &a 1\nlist:\n${Array(n).fill('  - *a').join('\n')}\n`;
    expectFastAndSame(many(99));
    expect(parseYamlFast(many(100))).toEqual({ ok: false, fallback: 'alias budget' });
    expect(parseWithLibrary(file(many(100)), many(100)).ok).toBe(false);
  });

  it('gives its nodes the yaml package classes and methods the consumers use', () => {
    const fast = parseYamlFast('a: {b: [1, 2]}\nc: *x\n'.replace('*x', '"s"'));
    expect(fast.ok).toBe(true);
    if (!fast.ok) return;
    const root = fast.docs[0]!.contents;
    expect(Y.isMap(root)).toBe(true);
    expect(root).toBeInstanceOf(Y.YAMLMap);
    expect((root as unknown as { toJSON(): unknown }).toJSON()).toEqual({ a: { b: [1, 2] }, c: 's' });
    expect((root as InstanceType<typeof Y.YAMLMap>).get('c')).toBe('s');
  });
});
