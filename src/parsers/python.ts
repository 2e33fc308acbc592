/**
 * Python syntax trees with tree-sitter (web-tree-sitter + the tree-sitter-python grammar as wasm).
 * The runtime and grammar load lazily, once per process (or worker), on the first Python file that
 * needs a tree; nothing is executed. Offsets in the tree are UTF-16 indices into the JS string,
 * the same offsets `SourceFile.position` takes.
 */
import { createRequire } from 'node:module';
import type { Parser as TsParser } from 'web-tree-sitter';
import { mirrorTree, type PyNode } from './python-tree.js';

/**
 * Larger files are read through tree-sitter's own nodes: slower, but a plain copy costs about 150
 * bytes per node (on a 1.3 MB file, 160 MB more at the peak), and such files are few.
 */
const COPY_MAX_CHARS = 256 * 1024;

export type { PyNode } from './python-tree.js';

const require = createRequire(import.meta.url);
let parserPromise: Promise<TsParser> | undefined;

function loadParser(): Promise<TsParser> {
  parserPromise ??= (async () => {
    // Required, not imported: the bundle's code-cached chunks cannot run a dynamic import() (core/code-cache.ts).
    const { Parser, Language } = require('web-tree-sitter') as typeof import('web-tree-sitter');
    await Parser.init();
    const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

export type PythonResult<T> = { ok: true; value: T; syntaxError?: { line: number } } | { ok: false; error: string };

/**
 * Parses `text` and hands the root of its plain copy (see `python-tree.ts`) to `use`; the wasm
 * tree is freed before `use` runs, and the copy once nothing holds it. A file over `copyMaxChars`
 * is handed tree-sitter's own root instead, freed when `use` returns: callers extract plain values
 * and never keep nodes.
 */
export async function withPythonTree<T>(text: string, use: (root: PyNode) => T, copyMaxChars = COPY_MAX_CHARS): Promise<PythonResult<T>> {
  let parser: TsParser;
  try {
    parser = await loadParser();
  } catch (err) {
    parserPromise = undefined;
    return { ok: false, error: `Python parser unavailable: ${(err as Error).message}` };
  }
  const tree = parser.parse(text);
  if (!tree) return { ok: false, error: 'Python parse failed' };
  let root: PyNode;
  let syntaxError: { line: number } | undefined;
  try {
    const wasmRoot = tree.rootNode;
    if (wasmRoot.hasError) {
      const bad = wasmRoot.descendantsOfType('ERROR')[0];
      syntaxError = { line: (bad?.startPosition.row ?? 0) + 1 };
    }
    if (text.length > copyMaxChars) return { ok: true, value: use(wasmRoot), syntaxError };
    root = mirrorTree(tree, text).rootNode;
  } finally {
    tree.delete();
  }
  return { ok: true, value: use(root), syntaxError };
}

/** The string value of a Python string literal node (prefixes and quotes removed, escapes kept). */
export function pyStringValue(node: PyNode): string | undefined {
  if (node.type === 'concatenated_string') {
    return node.namedChildren.map((c) => (c ? pyStringValue(c) ?? '' : '')).join('');
  }
  if (node.type !== 'string') return undefined;
  let out = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_content' || child.type === 'escape_sequence') out += child.text;
    else if (child.type === 'interpolation') out += '{…}';
  }
  return out;
}
