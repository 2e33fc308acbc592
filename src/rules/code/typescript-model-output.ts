/**
 * Where a model's reply reaches code that runs it, in one TypeScript/JavaScript module: its answers
 * to the questions of `model-output-flow.ts`. A reply enters from an SDK's completion call
 * (`client.chat.completions.create`, `generateText`, `model.invoke`, `ai.models.generateContent`…),
 * a request to a model's HTTP API (`fetch('https://api.openai.com/v1/chat/completions', …)`), or a
 * parameter named for one (`llmOutput`, `assistantReply`), and is followed through closures
 * too: a script's top level is a scope of its own, as agents written as scripts run their calls there.
 */
import { forEachChild } from '../../parsers/typescript.js';
import { alternatives, type ModelSource } from './flow.js';
import type { ArgValue } from './model.js';
import { markModelReplies, type Shapes } from './model-output-flow.js';
import { paramNames, type TsScope } from './typescript-flow.js';
import { functionOf, hasBody, nameOf, parentOf, sourceOf, type Node } from './typescript-syntax.js';
import type { TsCall } from './typescript-tools.js';
import { MODEL_API_URL, MODEL_REPLY_CALL, MODEL_REPLY_PARAM, TS_MODEL_REPLY_CALL } from './vocabulary.js';

/** `llmOutput`, `LLMResponse`, `generatedCode` read as the snake-case names the vocabulary spells. */
const snake = (name: string): string =>
  name
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();

const SOURCE: ModelSource = {
  call: (callee) => MODEL_REPLY_CALL.test(callee) || TS_MODEL_REPLY_CALL.test(callee),
  param: (name) => MODEL_REPLY_PARAM.test(snake(name)),
  request: (url) => MODEL_API_URL.test(url),
};

/** The methods of a `vm.Script` that run it. */
const RUNS_SCRIPT = /^runIn(?:New|This)?Context$/;

export interface TsModuleFlow {
  text: string;
  program: Node;
  functionNodes: Map<string, Node>;
  /** A scope of `fn` (a function, or the program) that follows replies, inside `parent` for a closure. */
  scope: (fn: Node | undefined, parent: TsScope | undefined, shapes: Shapes, source: ModelSource) => TsScope;
}

/** Sets `modelArgs` on the calls of `calls` that run code the model's reply reaches. */
export function markTsModelReplies(calls: TsCall[], flow: TsModuleFlow): void {
  const enclosingFunction = (node: Node): Node => {
    let fn = parentOf(node);
    while (fn && !hasBody(fn)) fn = parentOf(fn);
    return fn ?? flow.program;
  };
  markModelReplies<Node, TsScope>(
    calls,
    {
      language: 'typescript',
      functionNodes: flow.functionNodes,
      // A method is listed by its definition; the flow meets its function.
      key: (fn) => functionOf(fn) ?? fn,
      enclosingFunction,
      params: (fn) => paramNames(fn).map((p) => p[0] ?? ''),
      local: (call) => {
        const plain = call.callee.replace(/^this\./, '');
        return flow.functionNodes.has(plain) && !plain.includes('.') ? plain : undefined;
      },
      buildsOnly: (call) => call.callee === 'vm.Script' && !scriptRuns(call.node, flow.text, enclosingFunction),
      size: (fn) => fn.end - fn.start,
      scope: (fn, shapes, source, outer) => flow.scope(fn, fn && fn !== flow.program ? closureOf(fn, enclosingFunction, flow.program, outer) : undefined, shapes, source),
      returnShapes: (scopeOf) => returnShapes(flow.functionNodes, scopeOf),
    },
    SOURCE,
  );
}

/**
 * The scope of the function a closure sits in. A function declared at the module's top level sees
 * only the module's constants; a callback written inline there (`llm.invoke(q).then((r) => …)`) sees
 * the top level's variables too.
 */
function closureOf(fn: Node, enclosing: (node: Node) => Node, program: Node, outer: (fn: Node) => TsScope): TsScope | undefined {
  const around = enclosing(fn);
  if (around !== program) return outer(around);
  return fn.type === 'ArrowFunctionExpression' || (fn.type === 'FunctionExpression' && fn.parent?.type !== 'MethodDefinition' && fn.parent?.type !== 'Property') ? outer(program) : undefined;
}

/**
 * Whether a `new vm.Script(code)` is run: `.runInContext(…)` on it at once, or on the variable it is
 * bound to. Built and never run, it only checks the code's syntax.
 */
function scriptRuns(node: Node, text: string, enclosing: (node: Node) => Node): boolean {
  const parent = parentOf(node);
  if (parent?.type === 'MemberExpression' && parent.object === node && !parent.computed) return RUNS_SCRIPT.test(nameOf(parent.property) ?? '');
  if (parent?.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return false;
  const name = parent.id.name.replace(/\$/g, '\\$');
  return new RegExp(`(?<![\\w$.])${name}\\s*\\.\\s*runIn(?:New|This)?Context\\s*\\(`).test(sourceOf(text, enclosing(node)));
}

/**
 * The shape of what each function of the module returns, computed on demand (once, guarded against
 * recursion): the alternatives of its `return` values (or of an arrow's expression body).
 */
function returnShapes(functionNodes: Map<string, Node>, scopeOf: (fn: Node, shapes: Shapes) => TsScope): Shapes {
  const known = new Map<string, ArgValue | null>();
  const shapes = (callee: string): ArgValue | undefined => {
    const name = callee.replace(/^this\./, '');
    const fn = name.includes('.') ? undefined : functionNodes.get(name);
    if (!fn) return undefined;
    if (known.has(name)) return known.get(name) ?? undefined;
    known.set(name, null);
    const returned = returnedBy(fn);
    const scope = returned.length ? scopeOf(fn, shapes) : undefined;
    const shape = scope ? alternatives(returned.map((r) => scope.value(r))) : undefined;
    known.set(name, shape ?? null);
    return shape;
  };
  return shapes;
}

/** The expressions a function returns, not those of the functions inside it. */
function returnedBy(fn: Node): Node[] {
  const f = functionOf(fn);
  if (!f?.body) return [];
  if (f.body.type !== 'BlockStatement') return [f.body];
  const out: Node[] = [];
  const stack: Node[] = [f.body];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'ReturnStatement') {
      if (node.argument) out.push(node.argument);
      continue;
    }
    forEachChild(node, (child) => {
      if (functionOf(child) !== child) stack.push(child);
    });
  }
  return out;
}
