/**
 * Stub implementations handed to a built-in tool: `computerTool({ computer })` where `computer` is
 * an object literal of empty methods (`click: async () => {}`, `screenshot: async () => ''`), as
 * documentation snippets write them to show the tool's shape, or an AI SDK provider tool whose
 * `execute` logs the command and answers with canned output (a listing, a saved screenshot) or
 * edits a string it holds in memory. Such a tool controls nothing.
 */
import { forEachChild } from '../../parsers/typescript.js';
import { functionOf, parentOf, type Node } from './typescript-syntax.js';

/** The option that carries what a built-in tool drives, by the tool's risk class. */
const IMPLEMENTATION_OPTIONS = ['computer', 'shell', 'editor'];

/** Nodes that do something: a method of a stub has none of them (a `throw new Error(…)` aside). */
const ACTIONS = new Set([
  'CallExpression',
  'NewExpression',
  'ImportExpression',
  'AwaitExpression',
  'YieldExpression',
  'AssignmentExpression',
  'UpdateExpression',
  'TaggedTemplateExpression',
  'Identifier',
]);

/** Children that hold types, not what runs: annotations, type parameters and arguments. */
const TYPE_NODES = new Set(['TSTypeAnnotation', 'TSTypeParameterDeclaration', 'TSTypeParameterInstantiation']);

/**
 * Whether the implementation option of a built-in tool call (`computer`, `shell`, `editor`) is an
 * object literal, given inline or bound once by a `const` of the same module, whose methods all
 * return constants; or whether its `execute` (AI SDK provider tools) only logs and answers with
 * canned output (see `isInert`).
 */
export function isStubImplementation(props: Map<string, Node>, call: Node): boolean {
  const execute = props.get('execute');
  const run = execute && functionOf(execute);
  if (run) return run.body !== null && isInert(run.body);
  const impl = IMPLEMENTATION_OPTIONS.map((k) => props.get(k)).find((n) => n !== undefined);
  if (!impl) return false;
  const obj = impl.type === 'Identifier' ? constObject(call, impl.name) : unwrap(impl);
  if (obj?.type !== 'ObjectExpression' || obj.properties.length === 0) return false;
  return obj.properties.every((p) => {
    if (p.type !== 'Property' || p.kind !== 'init' || p.computed) return false;
    const fn = p.method ? functionOf(p) : p.value.type === 'ArrowFunctionExpression' || p.value.type === 'FunctionExpression' ? p.value : undefined;
    // A constant that is not a function (`environment: 'browser'`, `dimensions: [1024, 768]`).
    if (!fn) return isConstant(p.value);
    return fn.body !== null && isConstant(fn.body);
  });
}

/** The object literal a module-level `const name = {…}` binds (through `as` / `satisfies`). */
function constObject(from: Node, name: string): Node | undefined {
  let root: Node = from;
  for (let p = parentOf(root); p; p = parentOf(root)) root = p;
  if (root.type !== 'Program') return undefined;
  for (const stmt of root.body) {
    const decl = stmt.type === 'ExportNamedDeclaration' ? stmt.declaration : stmt;
    if (decl?.type !== 'VariableDeclaration' || decl.kind !== 'const') continue;
    for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.id.name === name && d.init) return unwrap(d.init);
  }
  return undefined;
}

function unwrap(node: Node): Node {
  let n = node;
  while (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'ParenthesizedExpression' || n.type === 'TSNonNullExpression') n = n.expression;
  return n;
}

/** A subtree that computes a constant: no call, await, assignment or variable read (an `Error` thrown aside). */
function isConstant(node: Node, inThrow = false): boolean {
  if (ACTIONS.has(node.type) && !(inThrow && (node.type === 'NewExpression' || node.type === 'Identifier'))) return false;
  const throwing = inThrow || node.type === 'ThrowStatement';
  let constant = true;
  forEachChild(node, (child) => {
    // A name (a property's key) or a type is not something that runs.
    if (!constant || TYPE_NODES.has(child.type) || ('key' in node && node.key === child)) return;
    constant = isConstant(child, throwing);
  });
  return constant;
}

/**
 * Calls a canned answer may make: logging, formatting, and reading a file the code names itself
 * (a screenshot kept beside the example, `fs.readFileSync('./data/screen.png')`).
 */
function isInertCall(call: Node & { type: 'CallExpression' }): boolean {
  const callee = call.callee;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'Identifier') {
    if (callee.object.name === 'console' || callee.object.name === 'JSON') return true;
    if (/^(?:fs|fsp|promises)$/.test(callee.object.name) && callee.property.type === 'Identifier' && /^readFile(?:Sync)?$/.test(callee.property.name)) {
      return call.arguments[0]?.type === 'Literal' && typeof call.arguments[0].value === 'string';
    }
  }
  // A method of what such a call returned: `.toString('base64')`.
  if (callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'CallExpression') return isInertCall(callee.object);
  // A string's own methods on a value held in memory (`editorContent.replace(old, new)`).
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && STRING_METHODS.has(callee.property.name)) {
    return callee.object.type === 'Identifier' || callee.object.type === 'TemplateLiteral' || (callee.object.type === 'Literal' && typeof callee.object.value === 'string');
  }
  return false;
}

/** Methods of a string that compute a new one, reading and writing nothing else. */
const STRING_METHODS = new Set(['replace', 'replaceAll', 'slice', 'substring', 'split', 'trim', 'trimStart', 'trimEnd', 'toUpperCase', 'toLowerCase', 'padStart', 'padEnd', 'includes', 'startsWith', 'endsWith', 'indexOf', 'concat', 'repeat']);

/**
 * A body that acts on nothing: it logs what the model asked, branches on it, and returns constants,
 * files of its own or a string it keeps in memory (a text editor's buffer); no other call, and no
 * assignment but to a plain variable.
 */
function isInert(node: Node): boolean {
  if (node.type === 'CallExpression' && !isInertCall(node)) return false;
  if (node.type === 'AssignmentExpression' && node.left.type !== 'Identifier') return false;
  if (node.type === 'NewExpression' || node.type === 'ImportExpression' || node.type === 'YieldExpression' || node.type === 'UpdateExpression' || node.type === 'TaggedTemplateExpression') return false;
  let inert = true;
  forEachChild(node, (child) => {
    if (!inert || TYPE_NODES.has(child.type)) return;
    inert = isInert(child);
  });
  return inert;
}
