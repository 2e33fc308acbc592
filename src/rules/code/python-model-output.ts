/**
 * Where a model's reply reaches code that runs it, in one Python module: for each call that executes
 * code (the `code-exec` sinks of `rules/code/risky-sinks.yaml`), the arguments that carry a reply,
 * followed from where it enters (a completion call, a parameter named for a reply, a helper of the
 * module that returns one) through local variables and string handling, and one call back into the
 * same-module callers that hand a reply to the function holding the sink. Only modules with such a
 * call pay for it: their functions get a second scope that follows replies as it follows parameters.
 */
import type { PyNode } from '../../parsers/python.js';
import type { ArgValue, CallSite } from './model.js';
import { MODEL_SOURCE, paramsOf, PyScope, returnShapes, type ModelSource } from './python-flow.js';
import { loadTaxonomy } from './sinks.js';
import { MODEL_REPLY_CALL, MODEL_REPLY_PARAM } from './vocabulary.js';

const SOURCE: ModelSource = {
  call: (callee) => MODEL_REPLY_CALL.test(callee),
  param: (name) => MODEL_REPLY_PARAM.test(name),
};

/** `compile()` builds a code object (a syntax check, as often as not); running it is another call. */
const BUILDS_ONLY = /^(?:builtins\.)?compile$/;

/** The taxonomy's Python `code-exec` calls, picked once: every call of every Python module is tested. */
let codeExecCalls: RegExp[] | undefined;

/** Whether a Python call executes the code it is given (`eval`, `exec`, a REPL's `run`). */
export function runsCode(callee: string): boolean {
  if (BUILDS_ONLY.test(callee)) return false;
  codeExecCalls ??= loadTaxonomy().sinks.flatMap((s) => (s.riskClass === 'code-exec' && s.call && s.language !== 'typescript' ? [s.call] : []));
  return codeExecCalls.some((call) => call.test(callee));
}

type Site = CallSite & { node: PyNode };

export interface ModuleFlow {
  functionNodes: Map<string, PyNode>;
  enclosingFunction: (node: PyNode) => PyNode | undefined;
  /** A scope of `fn` whose lookups of helpers' returns go through `shapes`. */
  scope: (fn: PyNode, shapes: (callee: string) => ArgValue | undefined, source: ModelSource) => PyScope;
}

/** Sets `modelArgs` on the calls of `calls` that run code the model's reply reaches. */
export function markModelReplies(calls: Site[], flow: ModuleFlow): void {
  const sinks = calls.filter((c) => runsCode(c.callee));
  if (!sinks.length) return;
  const scopes = new Map<number, PyScope>();
  const shapes = returnShapes(flow.functionNodes, (fn, own) => scopeOf(fn, own));
  function scopeOf(fn: PyNode, own = shapes): PyScope {
    let s = scopes.get(fn.id);
    if (!s) {
      s = flow.scope(fn, own, SOURCE);
      scopes.set(fn.id, s);
    }
    return s;
  }
  const replies = (site: Site): Record<string, string> => {
    const owner = flow.enclosingFunction(site.node);
    if (!owner) return {};
    const out: Record<string, string> = {};
    for (const [key, v] of Object.entries(scopeOf(owner).argv(site.node))) {
      const from = v.from.find((f) => f.startsWith(MODEL_SOURCE));
      if (from) out[key] = from.slice(MODEL_SOURCE.length);
    }
    return out;
  };
  const names = new Map<number, string>();
  for (const [name, fn] of flow.functionNodes) if (!names.has(fn.id) || !name.includes('.')) names.set(fn.id, name);
  for (const site of sinks) {
    const found = replies(site);
    // A reply handed to the function that holds the sink, by a caller in this module.
    const owner = flow.enclosingFunction(site.node);
    const name = owner && names.get(owner.id);
    if (owner && name) {
      const params = paramsOf(owner).params.map((p) => p[0]!);
      for (const [key, v] of Object.entries(site.argv ?? {})) {
        if (found[key]) continue;
        for (const caller of calls) {
          if (caller.local !== name || caller === site) continue;
          const given = replies(caller);
          const hit = params.findIndex((p, i) => v.from.includes(p) && (given[String(i)] ?? given[p]));
          if (hit >= 0) {
            found[key] = `${given[String(hit)] ?? given[params[hit]!]} through ${name}()`;
            break;
          }
        }
      }
    }
    if (Object.keys(found).length) site.modelArgs = found;
  }
}
