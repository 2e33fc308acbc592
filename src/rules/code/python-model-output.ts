/**
 * Where a model's reply reaches code that runs it, in one Python module: Python's answers to the
 * questions of `model-output-flow.ts` (its scopes, its helpers' returns, its callers).
 */
import { pyStringValue, type PyNode } from '../../parsers/python.js';
import { MODEL_SOURCE, type ModelSource } from './flow.js';
import type { ArgValue, CallSite } from './model.js';
import { markModelReplies as mark } from './model-output-flow.js';
import { FLOW_STATE, PyScope } from './python-flow.js';
import { graphStateParams, paramsOf } from './python-params.js';
import { nearestFunction } from './python-reaching.js';
import { returnShapes } from './python-shapes.js';
import { ANSWER_METHOD, CALLED_MODEL, DATA_MODEL_AMBIGUOUS_PARAM, MODEL_REPLY_CALL, MODEL_REPLY_PARAM } from './vocabulary.js';

/**
 * Whether a call asks a model: an SDK's completion or a model object's method (`MODEL_REPLY_CALL`),
 * a model object called (`CALLED_MODEL`), or `self.coder.inference(…)` after `self.coder = CoderAgent(…)`:
 * an answering method (`ANSWER_METHOD`) of an agent or LLM class of the project's own (`instanceOf`).
 */
function asker(instanceOf: ModuleFlow['instanceOf']): (callee: string) => boolean {
  return (callee) => {
    if (MODEL_REPLY_CALL.test(callee) || CALLED_MODEL.test(callee)) return true;
    const m = ANSWER_METHOD.exec(callee);
    return !!m && instanceOf(m[1]!) !== undefined;
  };
}

/** Where replies come from; a `model_…` parameter only in a module that calls a model (see `DATA_MODEL_AMBIGUOUS_PARAM`). */
function sourceFor(callsModel: boolean, asks: (callee: string) => boolean): ModelSource {
  return {
    call: asks,
    param: (name) => MODEL_REPLY_PARAM.test(name) && (callsModel || !DATA_MODEL_AMBIGUOUS_PARAM.test(name)),
  };
}

/** `compile()` builds a code object (a syntax check, as often as not); running it is another call. */
const BUILDS_ONLY = /^(?:builtins\.)?compile$/;

type Site = CallSite & { node: PyNode };

export interface ModuleFlow {
  functionNodes: Map<string, PyNode>;
  enclosingFunction: (node: PyNode) => PyNode | undefined;
  /** A scope of `fn` whose lookups of helpers' returns go through `shapes`. */
  scope: (fn: PyNode | null, shapes: (callee: string) => ArgValue | undefined, source: ModelSource) => PyScope;
  /** The module imports every name of another (`from tools import *`). */
  starImports: boolean;
  /** The agent or LLM class a name or `self` attribute is bound to an instance of (`self.coder = CoderAgent(…)` → `CoderAgent`). */
  instanceOf: (name: string) => string | undefined;
  /** Work out `handsReply` on calls into other modules too (`pythonHandOffs`); a model is built without. */
  handOffs?: boolean;
}

/** Sets `modelArgs` on the calls of `calls` that run code the model's reply reaches. */
export function markModelReplies(calls: Site[], flow: ModuleFlow): void {
  let keys: Map<string, string> | undefined;
  const asks = asker(flow.instanceOf);
  const callsModel = calls.some((c) => asks(c.callee));
  const base = sourceFor(callsModel, asks);
  const source: ModelSource = { ...base, stateKey: (key) => (keys ??= stateReplies(flow, base)).get(key) };
  mark(
    calls,
    {
      language: 'python',
      functionNodes: flow.functionNodes,
      key: (fn) => fn.id,
      enclosingFunction: flow.enclosingFunction,
      params: (fn) => paramsOf(fn).params.map((p) => p[0]!),
      local: (call) => call.local,
      buildsOnly: (call) => BUILDS_ONLY.test(call.callee),
      size: (fn) => fn.endIndex - fn.startIndex,
      scope: (fn, shapes, source) => flow.scope(fn ?? null, shapes, source),
      returnShapes: (scopeOf) => returnShapes(flow.functionNodes, scopeOf),
    },
    source,
    // Only a module that asks a model can hand a reply on: its calls into other modules of the repository,
    // and, after a `from X import *`, its calls of names it does not define (which X may).
    callsModel && flow.handOffs ? calls.filter((c) => !c.local && (c.imported || (flow.starImports && /^[A-Za-z_]\w*$/.test(c.callee)))) : [],
  );
}

/** Source text, in characters, that the search for replies written to a graph's state may read. */
const STATE_READ_BUDGET = 200_000;

/**
 * The keys of a graph's shared state under which a node of the module hands back a model's reply
 * (`return {"generation": code_gen_chain.invoke(…)}`; LangGraph merges it into the state the next
 * node reads; a CrewAI flow's method sets `self.state.generation` for the next step), each with where the reply comes from. Worked out with scopes that do not read the
 * state themselves, so a node that passes the key on does not count.
 */
function stateReplies(flow: ModuleFlow, source: ModelSource): Map<string, string> {
  const out = new Map<string, string>();
  const scopes = new Map<number, PyScope>();
  let read = 0;
  const scopeOf = (fn: PyNode, own: (callee: string) => ArgValue | undefined): PyScope => {
    let s = scopes.get(fn.id);
    if (!s) {
      read += fn.endIndex - fn.startIndex;
      s = flow.scope(read > STATE_READ_BUDGET ? null : fn, own, source);
      scopes.set(fn.id, s);
    }
    return s;
  };
  const shapes = returnShapes(flow.functionNodes, scopeOf);
  const seen = new Set<number>();
  for (const fn of flow.functionNodes.values()) {
    if (seen.has(fn.id)) continue;
    seen.add(fn.id);
    const returned = fn.descendantsOfType('return_statement').flatMap((r) => {
      const value = r?.namedChildren[0];
      return r && value?.type === 'dictionary' && nearestFunction(r) === fn.id ? [value] : [];
    });
    // A CrewAI flow's method writes its state for the next step to read (`self.state.generation = result.pydantic`);
    // a step that is handed the state dict writes into it (`state["generated_code"] = self.ask(state)`) for the steps it is passed on to.
    const stateParams = graphStateParams(fn);
    const assigned = fn.descendantsOfType('assignment').flatMap((a) => {
      const right = a?.childForFieldName('right');
      if (!a || !right || nearestFunction(a) !== fn.id) return [];
      const left = a.childForFieldName('left');
      const key = FLOW_STATE.exec(left?.text ?? '')?.[1];
      if (key) return [{ key: `self.state.${key}`, right }];
      const written = left?.type === 'subscript' ? stateWrite(left, stateParams) : undefined;
      return written ? [{ key: written, right }] : [];
    });
    if (!returned.length && !assigned.length) continue;
    const scope = scopeOf(fn, shapes);
    const note = (key: string, value: ArgValue) => {
      const from = value.from.find((f) => f.startsWith(MODEL_SOURCE));
      if (from && !out.has(key)) out.set(key, from.slice(MODEL_SOURCE.length));
    };
    for (const dict of returned) for (const [key, value] of Object.entries(scope.value(dict).props ?? {})) note(key, value);
    for (const { key, right } of assigned) note(key, scope.value(right));
  }
  return out;
}

/** The key of `state["key"]` when `state` is one of the function's state parameters. */
function stateWrite(target: PyNode, stateParams: string[]): string | undefined {
  const base = target.childForFieldName('value');
  const index = target.childForFieldName('subscript');
  if (base?.type !== 'identifier' || !stateParams.includes(base.text) || index?.type !== 'string') return undefined;
  return pyStringValue(index);
}
