/** Small readers of TypeScript/JavaScript syntax (ESTree shape) shared by the code model's builders. */
import type { ArrowFunctionExpression, CallExpression, Function as FunctionNode, ImportExpression, NewExpression, Node, ObjectExpression, ObjectProperty, StringLiteral, TemplateLiteral } from 'oxc-parser';

export type { Node };
export type Call = CallExpression | NewExpression;
/** A call as the TypeScript compiler counted them: `import('x')` too, whose callee reads as `?`. */
export type CallLike = Call | ImportExpression;
type FunctionLike = FunctionNode | ArrowFunctionExpression;

/** Source text of a node. */
export function sourceOf(text: string, node: Node): string {
  return text.slice(node.start, node.end);
}

export function isStringLiteral(node: Node | null | undefined): node is StringLiteral {
  return node?.type === 'Literal' && typeof node.value === 'string';
}

/** A template without substitutions (`` `text` ``). */
function isPlainTemplate(node: Node | null | undefined): node is TemplateLiteral {
  return node?.type === 'TemplateLiteral' && node.expressions.length === 0;
}

export function templateText(node: TemplateLiteral, index: number): string {
  const quasi = node.quasis[index]!.value;
  return quasi.cooked ?? quasi.raw;
}

/** The value of a string literal or of a template without substitutions. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (isStringLiteral(node)) return node.value;
  if (isPlainTemplate(node)) return templateText(node, 0);
  return undefined;
}

export function isCall(node: Node | null | undefined): node is Call {
  return node?.type === 'CallExpression' || node?.type === 'NewExpression';
}

export function argumentsOf(node: CallLike): Node[] {
  if (node.type !== 'ImportExpression') return node.arguments;
  return node.options ? [node.source, node.options] : [node.source];
}

/** A name as written: an identifier, or a string in `import { "a-b" as c }` / `{ 'key': … }`. */
export function nameOf(node: Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'PrivateIdentifier') return `#${node.name}`;
  if (isStringLiteral(node)) return node.value;
  return undefined;
}

/** The name of an object property or class member, unless computed (`[key]: …`). */
export function propName(prop: { key: Node; computed: boolean }): string | undefined {
  return prop.computed ? undefined : nameOf(prop.key);
}

/** A plain `key: value` property (not a method, accessor or shorthand). */
export function isPlainProperty(node: Node): node is ObjectProperty {
  return node.type === 'Property' && node.kind === 'init' && !node.method && !node.shorthand;
}

/**
 * Properties of an object literal by name: the value of `key: value` and of shorthand `key`, and
 * for a method (`execute(args) { … }`) the property itself, whose value is its function.
 */
export function objectProps(obj: ObjectExpression): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const p of obj.properties) {
    if (p.type !== 'Property' || p.kind !== 'init') continue;
    const n = propName(p);
    if (!n) continue;
    out.set(n, p.method ? p : p.value);
  }
  return out;
}

/** The function of a function-like node: itself, or the value of a method (class or object literal). */
export function functionOf(node: Node): FunctionLike | undefined {
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'TSDeclareFunction':
    case 'TSEmptyBodyFunctionExpression':
    case 'ArrowFunctionExpression':
      return node;
    case 'MethodDefinition':
    case 'TSAbstractMethodDefinition':
      return node.value;
    case 'Property':
      return node.method ? (node.value as FunctionNode) : undefined;
    default:
      return undefined;
  }
}

/** A function node with a body (what the data flow of a call sits in). */
export function hasBody(node: Node): boolean {
  const fn = functionOf(node);
  return fn !== undefined && fn === node && fn.body !== null;
}

/** `if (require.main === module)`, `if (import.meta.main)`: a script's entry point, run whenever the script is. */
const ENTRY_GUARD = /^(?:require\.main\s*===?\s*module|module\s*===?\s*require\.main|import\.meta\.main)$/;

/**
 * Whether `node` runs only on one branch of a condition inside its function: an `if` or `else`, a
 * `switch` case, either side of `?:`, the right of `&&`/`||`/`??`. A script's entry-point guard is
 * not such a condition.
 */
export function onOneBranch(node: Node, text: string): boolean {
  for (let child = node, p = node.parent; p; child = p, p = p.parent) {
    if (functionOf(p) === p) return false;
    switch (p.type) {
      case 'IfStatement':
        if (child !== p.test && !ENTRY_GUARD.test(sourceOf(text, p.test).trim())) return true;
        break;
      case 'ConditionalExpression':
        if (child !== p.test) return true;
        break;
      case 'SwitchCase':
        return true;
      case 'LogicalExpression':
        if (child === p.right) return true;
        break;
    }
  }
  return false;
}

/** The parent of a node (`undefined` at the root). */
export function parentOf(node: Node): Node | undefined {
  return node.parent ?? undefined;
}

/** Skips the transparent `a?.b` wrapper. */
export function unchain(node: Node): Node {
  return node.type === 'ChainExpression' ? node.expression : node;
}
