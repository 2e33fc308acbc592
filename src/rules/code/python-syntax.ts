/**
 * Small readers over the Python syntax tree shared by the model builder and the tool finders:
 * imports, dotted names, keyword arguments, string texts, docstrings, the name a call is bound to.
 */
import { pyStringValue, type PyNode } from '../../parsers/python.js';
import { pythonFramework } from './frameworks.js';
import type { Option, Text } from './model.js';

/** Imports of the file: name → qualified target; names from relative imports (`from ._x import y`) → `._x`. */
export interface PyImports {
  aliases: Map<string, string>;
  local: Map<string, string>;
  /** Every `from X import Y [as Z]`: Z → { module: X, name: Y } (relative or not); `from X import *` as `*X` → { module: X, name: '*' }. */
  named: Map<string, { module: string; name: string }>;
  /** Local names bound by `import a.b` (`a`) and `import a.b as m` (`m` → `a.b`). */
  modules: Map<string, string>;
  frameworks: Set<string>;
}

export function readImports(root: PyNode): PyImports {
  const out: PyImports = { aliases: new Map(), local: new Map(), named: new Map(), modules: new Map(), frameworks: new Set() };
  for (const imp of root.descendantsOfType(['import_statement', 'import_from_statement'])) if (imp) readImport(imp, out);
  return out;
}

function readImport(imp: PyNode, { aliases, local, named, modules, frameworks }: PyImports): void {
  if (imp.type === 'import_statement') {
    for (const n of imp.namedChildren) {
      if (!n) continue;
      if (n.type === 'dotted_name') {
        aliases.set(n.text.split('.')[0]!, n.text.split('.')[0]!);
        modules.set(n.text.split('.')[0]!, n.text.split('.')[0]!);
        note(n.text, frameworks);
      } else if (n.type === 'aliased_import') {
        const name = n.childForFieldName('name')?.text ?? '';
        const alias = n.childForFieldName('alias')?.text;
        if (alias) {
          aliases.set(alias, name);
          modules.set(alias, name);
        }
        note(name, frameworks);
      }
    }
    return;
  }
  const mod = imp.childForFieldName('module_name')?.text ?? '';
  // `from tools import *`: every public name of the module, kept under a key no name can have.
  if (imp.namedChildren.some((n) => n?.type === 'wildcard_import')) named.set(`*${mod}`, { module: mod, name: '*' });
  for (const n of imp.childrenForFieldName('name')) {
    if (n?.type === 'dotted_name') named.set(n.text, { module: mod, name: n.text });
    else if (n?.type === 'aliased_import') {
      const name = n.childForFieldName('name')?.text ?? '';
      named.set(n.childForFieldName('alias')?.text ?? name, { module: mod, name });
    }
  }
  if (mod.startsWith('.')) {
    for (const n of imp.childrenForFieldName('name')) {
      if (n?.type === 'dotted_name') local.set(n.text, mod);
      else if (n?.type === 'aliased_import') local.set(n.childForFieldName('alias')?.text ?? n.childForFieldName('name')?.text ?? '', mod);
    }
    return;
  }
  note(mod, frameworks);
  for (const n of imp.childrenForFieldName('name')) {
    if (!n) continue;
    if (n.type === 'dotted_name') aliases.set(n.text, `${mod}.${n.text}`);
    else if (n.type === 'aliased_import') {
      const name = n.childForFieldName('name')?.text ?? '';
      const alias = n.childForFieldName('alias')?.text ?? name;
      aliases.set(alias, `${mod}.${name}`);
    }
  }
}

function note(module: string, frameworks: Set<string>): void {
  const fw = pythonFramework(module);
  if (fw) frameworks.add(fw);
}

/** `a.b.c` for identifiers and attribute chains; a call in the chain becomes `f()`. */
export function dotted(node: PyNode | null | undefined): string {
  if (!node) return '?';
  switch (node.type) {
    case 'identifier':
      return node.text;
    case 'attribute':
      return `${dotted(node.childForFieldName('object'))}.${node.childForFieldName('attribute')?.text ?? '?'}`;
    case 'call':
      return `${dotted(node.childForFieldName('function'))}()`;
    case 'subscript':
      return `${dotted(node.childForFieldName('value'))}[]`;
    case 'parenthesized_expression':
      return dotted(node.namedChildren[0]);
    // The grammar reads a list that opens with `*Toolkit().get_tools()` as `(*Toolkit)().get_tools()`:
    // the unpacking is of the whole call chain, so the callee is what it unpacks.
    case 'list_splat':
      return dotted(node.namedChildren[0]);
    case 'string':
      return 'str';
    default:
      return '?';
  }
}

export function enclosingClass(node: PyNode): string | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'class_definition') return p.childForFieldName('name')?.text;
    if (p.type === 'function_definition') return undefined;
  }
  return undefined;
}

/** `if __name__ == "__main__":`: a script's entry point, run whenever the script is. */
const MAIN_GUARD = /^__name__\s*==\s*['"]__main__['"]$|^['"]__main__['"]\s*==\s*__name__$/;

/**
 * Whether `node` runs only on one branch of a condition inside its function: an `if`, `elif` or
 * `else` block, a `match` case, either side of a conditional expression. The `__main__` guard is not
 * such a condition.
 */
export function onOneBranch(node: PyNode): boolean {
  for (let child = node, p = node.parent; p; child = p, p = p.parent) {
    switch (p.type) {
      case 'function_definition':
      case 'lambda':
      case 'module':
        return false;
      case 'if_statement': {
        const condition = p.childForFieldName('condition');
        if (condition && child.id !== condition.id && !MAIN_GUARD.test(condition.text.trim())) return true;
        break;
      }
      case 'elif_clause':
      case 'else_clause':
      case 'case_clause':
        return true;
      case 'conditional_expression':
        // `a if cond else b`: the first and last children are the two branches.
        if (child.id !== p.namedChildren[1]?.id) return true;
        break;
    }
  }
  return false;
}

export function keywordArgs(args: PyNode): Map<string, PyNode> {
  const out = new Map<string, PyNode>();
  for (const a of args.namedChildren) {
    if (a?.type !== 'keyword_argument') continue;
    const name = a.childForFieldName('name')?.text;
    const value = a.childForFieldName('value');
    if (name && value) out.set(name, value);
  }
  return out;
}

export function optionsOf(kwargs: Map<string, PyNode>): Map<string, Option> {
  const out = new Map<string, Option>();
  for (const [name, value] of kwargs) out.set(name, { value: value.text, start: value.parent!.startIndex, end: value.parent!.endIndex });
  return out;
}

export function textOf(node: PyNode | null | undefined): Text | undefined {
  if (!node) return undefined;
  const value = pyStringValue(node);
  return value === undefined ? undefined : { text: value, start: node.startIndex, end: node.endIndex };
}

export function docstring(body: PyNode | null): Text | undefined {
  const first = body?.namedChildren[0];
  if (first?.type !== 'expression_statement') return undefined;
  return textOf(first.namedChildren[0]);
}

export function collectStrings(node: PyNode, out: Text[]): void {
  for (const s of node.type === 'string' ? [node] : node.descendantsOfType('string')) {
    if (!s) continue;
    const value = pyStringValue(s);
    if (value !== undefined) out.push({ text: value, start: s.startIndex, end: s.endIndex });
  }
}

/** `shell = FunctionTool(run)` → shell; `self.x = Agent(…)` → x; undefined when the call is not assigned. */
export function bindingOfCall(node: PyNode): string | undefined {
  const parent = node.parent;
  if (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === node.id) return parent.childForFieldName('left')?.text.replace(/^(?:self|cls)\./, '');
  return undefined;
}
