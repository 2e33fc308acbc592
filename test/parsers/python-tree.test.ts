/**
 * The plain copy of a Python syntax tree answers every question the code model asks exactly as
 * tree-sitter's own nodes do, on every Python fixture and on syntax the fixtures may lack.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { mirrorTree, type PlainPyNode } from '../../src/parsers/python-tree.js';
import { pythonModel } from '../../src/rules/code/python-model.js';

const require = createRequire(import.meta.url);
const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

const EXTRA = [
  'x = "caf\u00e9 \u{1F600}" + f"{a!r:>{w}}" if not (a and b) else -y ** 2\n',
  'async def f(*a, b: int = 1, **k) -> None:\n    async with c as (d, e):\n        return [i for i in range(3) if i]\n',
  '@deco(1)\nclass A(B, metaclass=M):\n    def g(self): lambda q: q\n',
  'def broken(:\n    pass\n',
  '',
];

const TYPES = ['call', 'identifier', 'string', 'assignment', 'function_definition', 'ERROR', 'lambda'];

function pythonFixtures(): string[] {
  return readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.py')).map((f) => path.join(FIXTURES, f));
}

async function parser(): Promise<Parser> {
  await Parser.init();
  const p = new Parser();
  p.setLanguage(await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm')));
  return p;
}

function compare(ours: PlainPyNode, theirs: Node): void {
  expect([ours.type, ours.startIndex, ours.endIndex, ours.isNamed, ours.text]).toEqual([theirs.type, theirs.startIndex, theirs.endIndex, theirs.isNamed, theirs.text]);
  expect(ours.children.length).toBe(theirs.childCount);
  expect(ours.namedChildren.map((c) => c.startIndex)).toEqual(theirs.namedChildren.map((c) => c!.startIndex));
  for (let i = 0; i < ours.children.length; i++) {
    const field = theirs.fieldNameForChild(i);
    expect(ours.children[i]!.fieldName).toBe(field);
    if (field) expect(ours.childForFieldName(field)?.startIndex).toBe(theirs.childForFieldName(field)?.startIndex);
    compare(ours.children[i]!, theirs.child(i)!);
  }
}

describe('plain Python syntax tree', () => {
  it('matches tree-sitter node by node: type, range, text, children, fields, descendants by type', async () => {
    const p = await parser();
    const sources = [...EXTRA, ...pythonFixtures().map((f) => readFileSync(f, 'utf8'))];
    expect(sources.length).toBeGreaterThan(40);
    for (const text of sources) {
      const tree = p.parse(text)!;
      try {
        const copy = mirrorTree(tree, text);
        compare(copy.rootNode, tree.rootNode);
        for (const scope of [copy.rootNode, ...copy.rootNode.descendantsOfType('function_definition')]) {
          const theirs = tree.rootNode.descendantForIndex(scope.startIndex, scope.endIndex)!;
          const same = theirs.type === scope.type ? theirs : theirs.parent!;
          expect(scope.descendantsOfType(TYPES).map((n) => [n.type, n.startIndex, n.endIndex])).toEqual(
            same.descendantsOfType(TYPES).map((n) => [n!.type, n!.startIndex, n!.endIndex]),
          );
        }
        const bad = tree.rootNode.descendantsOfType('ERROR')[0];
        if (bad) expect(copy.rootNode.descendantsOfType('ERROR')[0]!.startIndex).toBe(bad.startIndex);
      } finally {
        tree.delete();
      }
    }
  });
});

describe('Python code model', () => {
  it('is the same read from the plain copy or from tree-sitter\'s nodes (files too large to copy)', async () => {
    for (const text of [...EXTRA, ...pythonFixtures().map((f) => readFileSync(f, 'utf8'))]) {
      const copied = await pythonModel(text);
      const direct = await pythonModel(text, -1);
      expect(copied.ok).toBe(true);
      expect(JSON.stringify(copied)).toBe(JSON.stringify(direct));
    }
  });
});
