/**
 * TypeScript/JavaScript syntax trees, syntax only, from oxc-parser: a native parser that returns an
 * ESTree / TS-ESTree tree (offsets in UTF-16 code units, as JavaScript strings index). It loads in
 * milliseconds, where the TypeScript compiler cost a thread about 350 ms to load and as much again
 * to warm up. Loaded lazily on the first file that needs it. Each node gets its `parent`; the tree
 * is dropped after the file's model is built, so memory stays flat.
 */
import { createRequire } from 'node:module';
import type { Node, OxcError, ParserOptions, Program } from 'oxc-parser';
import { MAX_NESTING_COST, nestingCost } from './nesting.js';
import { recover } from './syntax-recovery.js';

type Oxc = typeof import('oxc-parser');
let oxcPromise: Promise<Oxc> | undefined;
/** Which properties of each node type hold its children, in source order (from oxc, set when it loads: every tree comes from it). */
let keys: Record<string, string[]> | undefined;

function loadOxc(): Promise<Oxc> {
  // Required, not imported: the bundle's code-cached chunks cannot run a dynamic import() (core/code-cache.ts).
  oxcPromise ??= Promise.resolve().then(() => {
    const oxc = createRequire(import.meta.url)('oxc-parser') as Oxc;
    keys = oxc.visitorKeys;
    return oxc;
  });
  return oxcPromise;
}

export type TypeScriptResult = { ok: true; program: Program; syntaxError?: { line: number; message: string } } | { ok: false; error: string };

/** JSX is read in every JavaScript file, as the TypeScript compiler did; the module kind follows the extension. */
function optionsFor(fileName: string, rawTransfer: boolean): ParserOptions {
  const lower = fileName.toLowerCase();
  const ext = lower.slice(lower.lastIndexOf('.') + 1);
  const options: ParserOptions & { experimentalRawTransfer?: boolean } = rawTransfer ? { experimentalRawTransfer: true } : {};
  if (ext === 'js' || ext === 'mjs' || ext === 'cjs' || ext === 'jsx') {
    options.lang = 'jsx';
    options.sourceType = ext === 'mjs' ? 'module' : ext === 'cjs' ? 'commonjs' : 'unambiguous';
  } else if (ext === 'tsx') options.lang = 'tsx';
  else {
    // Declaration files too: oxc's `dts` mode adds checks (initializers in ambient contexts) that the
    // TypeScript compiler makes only when type checking, not when parsing.
    options.lang = 'ts';
    options.sourceType = ext === 'mts' ? 'module' : ext === 'cts' ? 'commonjs' : 'unambiguous';
  }
  return options;
}

export async function parseTypeScript(fileName: string, text: string): Promise<TypeScriptResult> {
  let oxc: Oxc;
  try {
    oxc = await loadOxc();
  } catch (err) {
    oxcPromise = undefined;
    return { ok: false, error: `TypeScript parser unavailable: ${(err as Error).message}` };
  }
  // A native stack overflow cannot be caught: refuse what could nest that deep before parsing.
  if (nestingCost(text) > MAX_NESTING_COST) return { ok: false, error: 'too deeply nested to parse' };
  try {
    const options = optionsFor(fileName, oxc.rawTransferSupported());
    let first: OxcError | undefined;
    const result = recover(text, (attempt) => {
      const parsed = oxc.parseSync(fileName, attempt, options);
      first ??= parsed.errors.find((e) => e.severity === 'Error');
      // An error oxc cannot recover from leaves the program empty.
      const failed = !parsed.program.body.length && parsed.errors.length > 0;
      return { result: parsed, ...(failed ? { failure: parsed.errors[0]!.labels } : {}) };
    });
    const program = result.program;
    linkParents(program);
    const syntaxError = first ? { line: lineAt(text, first.labels[0]?.start ?? 0), message: withoutQuotedText(first.message) } : undefined;
    return { ok: true, program, syntaxError };
  } catch (err) {
    return { ok: false, error: err instanceof RangeError ? 'too deeply nested to parse' : `TypeScript parse failed: ${(err as Error).message}` };
  }
}

/** Sets `parent` on every node, walking iteratively. A `ChainExpression` (`a?.b()`) is see-through: its child's parent is its own. */
function linkParents(program: Program): void {
  const stack: Node[] = [program];
  while (stack.length) {
    const node = stack.pop()!;
    const parent = node.type === 'ChainExpression' ? node.parent : node;
    forEachChild(node, (child) => {
      child.parent = parent;
      stack.push(child);
    });
  }
}

/** Calls `fn` with each child of `node`, in source order. */
export function forEachChild(node: Node, fn: (child: Node) => void): void {
  const names = keys?.[node.type];
  if (!names) return;
  const record = node as unknown as Record<string, unknown>;
  for (const name of names) {
    const value = record[name];
    if (!value || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item === 'object' && 'type' in item) fn(item as Node);
    } else if ('type' in value) fn(value as Node);
  }
}

/** Every node under `root` (itself included), depth first in source order, without recursion. */
export function walk(root: Node, visit: (node: Node) => void): void {
  const stack: Node[] = [root];
  const push = (c: Node) => {
    stack.push(c);
  };
  while (stack.length) {
    const node = stack.pop()!;
    visit(node);
    // Children go on the stack in source order, then that stretch is reversed, so the first is taken first.
    let lo = stack.length;
    forEachChild(node, push);
    for (let hi = stack.length - 1; lo < hi; lo++, hi--) {
      const t = stack[lo]!;
      stack[lo] = stack[hi]!;
      stack[hi] = t;
    }
  }
}

/**
 * oxc's messages quote source text (`` Duplicate import attribute key `…` ``, a JSX tag's name): a
 * quote long enough to hold a value is shown as `…`; short ones (`` `}` ``, `` `string` ``) stay.
 */
function withoutQuotedText(message: string): string {
  return message.replace(/`[^`]{9,}`|'[^']{9,}'|"[^"]{9,}"/g, '`…`');
}

/** 1-based line of a UTF-16 offset (line breaks as the TypeScript compiler counted them). */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 0x2028 || c === 0x2029 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}
