/**
 * Which assignments of a local name can reach one use of it, inside one Python function. The flow
 * (`python-flow.ts`) binds names flow-insensitively; where an assignment certainly runs before a use
 * and nothing after it can intervene, the earlier ones cannot reach it. That keeps apart the two
 * branches of an `if`/`else` that assign the same name: `path` made by `tempfile` on one branch and
 * taken from the input on the other, then removed under the same test (`if is_video: os.remove(path)`),
 * is only the temporary file there. Sound for the shapes it accepts and silent otherwise: a caller
 * falls back to the flow-insensitive binding when it returns undefined.
 */
import { pyStringValue, type PyNode } from '../../parsers/python.js';
import type { ArgValue } from './model.js';

/** A binding of a name in the function: the node that binds it and the expression it takes. */
export interface Assignment {
  node: PyNode;
  right: PyNode;
  /** A plain `x = …` or `with … as x`: it replaces what the name held (an augmented `x += …` adds to it). */
  replaces: boolean;
}

/**
 * The function's own bindings of each name (not those of a function nested in it), in source order,
 * from the (target, value) pairs the flow binds.
 */
export function ownAssignments(fn: PyNode, pairs: [PyNode, PyNode][], targets: (left: PyNode) => string[]): Map<string, Assignment[]> {
  const own = new Map<string, Assignment[]>();
  for (const [left, right] of pairs) {
    const binder = left.parent;
    if (!binder || nearestFunction(left) !== fn.id) continue;
    const node = binder.type === 'assignment' || binder.type === 'augmented_assignment' || binder.type === 'named_expression' || binder.type === 'as_pattern' ? binder : left;
    // `x[k] = v` and `x.a = v` change part of what `x` holds; only a whole name (or names) is rebound.
    const whole = left.type !== 'subscript' && left.type !== 'attribute' && !left.descendantsOfType(['subscript', 'attribute']).length;
    const replaces = whole && (binder.type === 'assignment' || binder.type === 'as_pattern' || binder.type === 'for_statement' || binder.type === 'for_in_clause');
    for (const name of targets(left)) {
      const list = own.get(name) ?? [];
      list.push({ node, right, replaces });
      own.set(name, list);
    }
  }
  for (const list of own.values()) list.sort((a, b) => a.node.startIndex - b.node.startIndex);
  return own;
}

/** Statements an assignment may sit in and still certainly run when the enclosing block does. */
const STRAIGHT = new Set(['block', 'expression_statement', 'assignment', 'pattern_list', 'tuple_pattern', 'with_statement', 'with_clause', 'with_item', 'as_pattern', 'module']);
const LOOPS = new Set(['for_statement', 'while_statement']);
const SCOPES = new Set(['function_definition', 'lambda', 'class_definition', 'module']);

function contains(outer: PyNode, inner: PyNode): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex && outer !== inner;
}

/** The branch of an `if` a node lies in: its consequence, its `else` (when there is no `elif`), or neither. */
function branchOf(ifs: PyNode, node: PyNode): 'then' | 'else' | undefined {
  const then = ifs.childForFieldName('consequence');
  if (then && (then === node || contains(then, node))) return 'then';
  const alternatives = ifs.childrenForFieldName('alternative').filter((a): a is PyNode => !!a);
  if (alternatives.length === 1 && alternatives[0]!.type === 'else_clause' && contains(alternatives[0]!, node)) return 'else';
  return undefined;
}

/**
 * A test the code makes again with the same outcome: same text, no call (which could answer
 * differently), and none of its names bound between the two tests.
 */
function sameTest(first: PyNode, second: PyNode, bound: (name: string, from: number, to: number) => boolean): boolean {
  const a = first.childForFieldName('condition');
  const b = second.childForFieldName('condition');
  if (!a || !b || a.text !== b.text || a.descendantsOfType(['call', 'await', 'named_expression']).length) return false;
  return !a.descendantsOfType('identifier').some((id) => !!id && bound(id.text, first.startIndex, b.startIndex));
}

/** Whether two nodes sit on different branches of one `if` (then neither runs after the other). */
function exclusive(a: PyNode, b: PyNode): boolean {
  for (let p = a.parent; p; p = p.parent) {
    if (p.type === 'if_statement' && contains(p, b)) {
      const [x, y] = [branchOrClause(p, a), branchOrClause(p, b)];
      return x !== undefined && y !== undefined && x !== y;
    }
    if (contains(p, b)) return false;
  }
  return false;
}

function branchOrClause(ifs: PyNode, node: PyNode): number | undefined {
  for (const c of ifs.namedChildren) if (c && c.type !== 'comment' && c !== ifs.childForFieldName('condition') && contains(c, node)) return c.id;
  return undefined;
}

/**
 * The assignments of `assignments` (one name's, in source order, all in `fn`) that can reach `use`;
 * undefined when no assignment certainly runs before it (the name may still hold a parameter's or an
 * outer scope's value, or whatever a loop left).
 */
export function reachingAssignments(use: PyNode, assignments: Assignment[], bound: (name: string, from: number, to: number) => boolean): Assignment[] | undefined {
  const before = assignments.filter((a) => a.node.endIndex <= use.startIndex && !contains(a.node, use));
  let killer: Assignment | undefined;
  /** An `if` passed through because `use` sits under the same test again: its other branch cannot reach. */
  let through: { ifs: PyNode; branch: 'then' | 'else' } | undefined;
  for (let i = before.length - 1; i >= 0 && !killer; i--) {
    const a = before[i]!;
    if (!a.replaces) continue;
    let passed: typeof through;
    let ok = true;
    for (let p = a.node.parent; p && !contains(p, use); p = p.parent) {
      if (STRAIGHT.has(p.type)) continue;
      if (p.type === 'if_statement' && !passed) {
        const branch = branchOf(p, a.node);
        const again = branch && laterSameTest(p, use, branch, bound);
        if (again) {
          passed = { ifs: p, branch };
          continue;
        }
      }
      ok = false;
      break;
    }
    if (ok) {
      killer = a;
      through = passed;
    }
  }
  if (!killer) return undefined;
  const out = [killer];
  for (const a of assignments) {
    if (a === killer || a.node.startIndex < killer.node.endIndex) continue;
    if (through && contains(through.ifs, a.node) && branchOf(through.ifs, a.node) !== through.branch) continue;
    if (a.node.endIndex <= use.startIndex) {
      if (!exclusive(a.node, use)) out.push(a);
    } else if (insideLoopWith(use, a.node)) out.push(a);
  }
  return out;
}

/** `use` sits on `branch` of a later `if` that makes the same test as `ifs`, and runs whenever `ifs` did. */
function laterSameTest(ifs: PyNode, use: PyNode, branch: 'then' | 'else', bound: (name: string, from: number, to: number) => boolean): boolean {
  const block = ifs.parent;
  if (!block || !contains(block, use)) return false;
  for (let p = use.parent; p && p !== block; p = p.parent) {
    if (SCOPES.has(p.type)) return false;
    if (p.type === 'if_statement' && p.startIndex >= ifs.endIndex && branchOf(p, use) === branch && sameTest(ifs, p, bound)) return true;
  }
  return false;
}

/** A loop around `use`, in the same function, that also holds `later`: its next turn brings `later`'s value back. */
function insideLoopWith(use: PyNode, later: PyNode): boolean {
  for (let p = use.parent; p && !SCOPES.has(p.type); p = p.parent) if (LOOPS.has(p.type) && contains(p, later)) return true;
  return false;
}

/** The function (or lambda) a node sits in, by id; undefined at module level. */
export function nearestFunction(node: PyNode): number | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'function_definition' || n.type === 'lambda') return n.id;
  return undefined;
}

/** Every binding in a function's body as (target, value): assignments, `for` targets, `:=` and `as` names. */
export function assignmentPairs(body: PyNode): [PyNode, PyNode][] {
    const assignments: [PyNode, PyNode][] = [];
    for (const a of body.descendantsOfType(['assignment', 'augmented_assignment', 'for_statement', 'named_expression', 'as_pattern', 'for_in_clause'])) {
      if (!a) continue;
      if (a.type === 'assignment' || a.type === 'augmented_assignment') {
        const left = a.childForFieldName('left');
        const right = a.childForFieldName('right');
        if (left && right) assignments.push([left, right]);
      } else if (a.type === 'for_statement' || a.type === 'for_in_clause') {
        const left = a.childForFieldName('left');
        const right = a.childForFieldName('right');
        if (left && right) assignments.push([left, right]);
      } else if (a.type === 'named_expression') {
        const name = a.childForFieldName('name');
        const value = a.childForFieldName('value');
        if (name && value) assignments.push([name, value]);
      } else if (a.type === 'as_pattern') {
        const alias = a.childForFieldName('alias');
        const value = a.namedChildren[0];
        if (alias && value) assignments.push([alias, value]);
      }
    }
  return assignments;
}

/** The names an assignment's left side binds (`a`, `self.x`, each name of `a, (b, c)`). */
export function targets(left: PyNode): string[] {
  if (left.type === 'identifier') return [left.text];
  if (left.type === 'attribute') return [left.text];
  const out: string[] = [];
  for (const id of left.descendantsOfType(['identifier', 'attribute'])) if (id && (id.type === 'attribute' || id.parent?.type !== 'attribute')) out.push(id.text);
  return out;
}

/**
 * The value a binding gives the name it binds: `d["command"] = c` sets one entry of the dict `d`, so
 * it gives `d` what `c` holds under that key (with the other bindings of `d`, `alternatives` keeps
 * each key's values apart). Any other binding gives its value as it is.
 */
export function keyed(left: PyNode | null, v: ArgValue): ArgValue {
  if (left?.type !== 'subscript' || left.childForFieldName('value')?.type !== 'identifier') return v;
  const index = left.childForFieldName('subscript');
  const key = index?.type === 'string' ? pyStringValue(index) : undefined;
  if (key === undefined) return v;
  // The dict holds the value under the key; it is not the value (nor the parameter the value may be).
  const out: ArgValue = { ...v, props: { [key]: v } };
  delete out.param;
  delete out.entry;
  return out;
}
