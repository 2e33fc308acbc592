/**
 * What a Python module's functions hand back, in shape (`_url(t)` → `{base}/…`, a helper that returns
 * the path it was given), and the module's constants: what the flow (`python-flow.ts`) asks of the
 * module around the function it reads.
 */
import { pyStringValue, type PyNode } from '../../parsers/python.js';
import { alternatives } from './flow.js';
import type { ArgValue } from './model.js';
import type { PyScope } from './python-flow.js';
import { paramsOf } from './python-params.js';
import { nearestFunction } from './python-reaching.js';

/**
 * The shape of what each function of the module returns, computed on demand (once, guarded against
 * recursion): the alternatives of its `return` values, in terms of its own parameters.
 */
export function returnShapes(functionNodes: Map<string, PyNode>, scopeOf: (fn: PyNode, shapes: (callee: string) => ArgValue | undefined) => PyScope): (callee: string) => ArgValue | undefined {
  const known = new Map<string, ArgValue | null>();
  const shapes = (callee: string): ArgValue | undefined => {
    const name = callee.replace(/^(?:self|cls)\./, '');
    const fn = name.includes('.') ? undefined : functionNodes.get(name);
    if (!fn) return undefined;
    if (known.has(name)) return known.get(name) ?? undefined;
    known.set(name, null);
    const scope = scopeOf(fn, shapes);
    const returned = fn
      .descendantsOfType('return_statement')
      .filter((r): r is PyNode => !!r && nearestFunction(r) === fn.id && !!r.namedChildren[0])
      .map((r) => r.namedChildren[0]!);
    const values = returned.map((r) => scope.value(r));
    const shape = values.length ? { ...alternatives(values) } : undefined;
    // Each return hands back one parameter untouched: a call's value is that argument.
    const params = paramsOf(fn).params;
    const passes = values.map((v, i) => (returned[i]!.type === 'identifier' && v.from.length === 1 && v.from[0] === v.text && Object.keys(v).every((k) => k === 'from' || k === 'text' || k === 'param') ? params.findIndex((p) => p.length === 1 && p[0] === v.text) : -1));
    if (shape && passes.length && passes.every((i) => i >= 0)) shape.passes = [...new Set(passes)];
    known.set(name, shape ?? null);
    return shape;
  };
  return shapes;
}

/** Module-level names bound to string literals (`BASE_URL = "https://…"`, `CMD = "free -h"`), and to list, tuple, set or dict literals (as source text). */
export function moduleConstants(root: PyNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const stmt of root.namedChildren) {
    const a = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : null;
    if (a?.type !== 'assignment') continue;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) continue;
    const value = pyStringValue(right);
    if (value !== undefined && !value.includes('{…}')) out.set(left.text, value);
    else if (right.type === 'list' || right.type === 'tuple' || right.type === 'set' || right.type === 'dictionary') out.set(left.text, right.text);
  }
  return out;
}
