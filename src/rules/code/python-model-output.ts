/**
 * Where a model's reply reaches code that runs it, in one Python module: Python's answers to the
 * questions of `model-output-flow.ts` (its scopes, its helpers' returns, its callers).
 */
import type { PyNode } from '../../parsers/python.js';
import type { ModelSource } from './flow.js';
import type { ArgValue, CallSite } from './model.js';
import { markModelReplies as mark } from './model-output-flow.js';
import { paramsOf, PyScope, returnShapes } from './python-flow.js';
import { MODEL_REPLY_CALL, MODEL_REPLY_PARAM } from './vocabulary.js';

const SOURCE: ModelSource = {
  call: (callee) => MODEL_REPLY_CALL.test(callee),
  param: (name) => MODEL_REPLY_PARAM.test(name),
};

/** `compile()` builds a code object (a syntax check, as often as not); running it is another call. */
const BUILDS_ONLY = /^(?:builtins\.)?compile$/;

type Site = CallSite & { node: PyNode };

export interface ModuleFlow {
  functionNodes: Map<string, PyNode>;
  enclosingFunction: (node: PyNode) => PyNode | undefined;
  /** A scope of `fn` whose lookups of helpers' returns go through `shapes`. */
  scope: (fn: PyNode | null, shapes: (callee: string) => ArgValue | undefined, source: ModelSource) => PyScope;
}

/** Sets `modelArgs` on the calls of `calls` that run code the model's reply reaches. */
export function markModelReplies(calls: Site[], flow: ModuleFlow): void {
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
    SOURCE,
  );
}
