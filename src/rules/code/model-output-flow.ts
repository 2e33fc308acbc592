/**
 * Where a model's reply reaches code that runs it, in one module of either language: for each call
 * that executes code (the `code-exec` sinks of `rules/code/risky-sinks.yaml`), the arguments that
 * carry code and that a reply reaches, followed from where it enters (a completion call, a parameter
 * named for a reply, a helper of the module that returns one) through local variables and string
 * handling, and one call back into the same-module callers that hand a reply to the function holding
 * the sink. Only modules with such a call pay for it: their functions get a second scope that follows
 * replies as it follows parameters. Each language says how its syntax answers (`python-model-output.ts`,
 * `typescript-model-output.ts`).
 */
import { MODEL_SOURCE, namesNothing, type ModelSource } from './flow.js';
import type { ArgValue, CallSite, Language } from './model.js';
import { loadTaxonomy } from './sinks.js';

/** What a module's functions hand back, by callee (`self._ask(…)`, `this.ask(…)`). */
export type Shapes = (callee: string) => ArgValue | undefined;

/** A scope that follows replies: the values of a call's arguments, by position, keyword or `self`. */
export interface ReplyScope<N> {
  argv(call: N): Record<string, ArgValue>;
}

/** How one language's syntax answers the questions the flow asks. */
export interface ReplyFlow<N, S extends ReplyScope<N>> {
  language: Language;
  /** The module's functions by name (methods also by bare name). */
  functionNodes: Map<string, N>;
  /** What tells one function from another (syntax nodes may be fresh objects at every read). */
  key(fn: N): unknown;
  /** The function whose body holds a node (for TypeScript, the module itself outside any). */
  enclosingFunction(node: N): N | undefined;
  /** The first name each positional parameter binds. */
  params(fn: N): string[];
  /** The same-module function a call reaches, by the name it has in `functionNodes`. */
  local(call: CallSite & { node: N }): string | undefined;
  /** Whether a code-exec call only builds code that nothing here runs (`compile(…)` to check syntax). */
  buildsOnly(call: CallSite & { node: N }): boolean;
  /** The length of a function's source text: what its scope reads. */
  size(fn: N): number;
  /**
   * A scope of `fn` that follows replies; `outer` gives the scope of an enclosing function, for
   * closures. Without `fn`, an empty scope: one that reads nothing, where no reply enters.
   */
  scope(fn: N | undefined, shapes: Shapes, source: ModelSource, outer: (fn: N) => S): S;
  /** What the module's functions return, each worked out in a scope that `scopeOf` gives. */
  returnShapes(scopeOf: (fn: N, shapes: Shapes) => S): Shapes;
}

/**
 * Source text, in characters, that the scopes following replies may read in one module; past it, a
 * further function's scope is an empty one, and the reply is not followed there. Each scope reads its
 * whole function (in TypeScript, closures included), and a helper it calls starts another: in a
 * bundle whose every call is to a function of the file, that cascades through all of them (100 s of
 * CPU on a 650 kB widget). The functions of an agent that ask for a reply and run it are a few, far
 * below this.
 */
const READ_BUDGET = 200_000;

/** The taxonomy's `code-exec` calls per language, picked once: every call of every module is tested. */
const codeExec = new Map<Language, { call: RegExp; arg?: string[] }[]>();

/**
 * Which arguments of a call carry the code it runs, if it runs code: the sink's `arg` list, or every
 * argument (`[]`) when the taxonomy names none.
 */
export function codeArguments(callee: string, language: Language): string[] | undefined {
  let sinks = codeExec.get(language);
  if (!sinks) {
    sinks = loadTaxonomy().sinks.flatMap((s) => (s.riskClass === 'code-exec' && s.call && (s.language === language || s.language === 'any') ? [{ call: s.call, arg: s.arg }] : []));
    codeExec.set(language, sinks);
  }
  for (const s of sinks) if (s.call.test(callee)) return s.arg ?? [];
  return undefined;
}

/** Code kept to characters that name nothing (a reply filtered down to digits and operators) runs nothing. */
function keptInert(v: ArgValue): boolean {
  return v.charset !== undefined && namesNothing(v.charset);
}

/** Sets `modelArgs` on the calls of `calls` that run code the model's reply reaches. */
export function markModelReplies<N, S extends ReplyScope<N>>(calls: (CallSite & { node: N })[], flow: ReplyFlow<N, S>, source: ModelSource, handOffs: (CallSite & { node: N })[] = []): void {
  const sinks = calls.flatMap((c) => {
    const args = codeArguments(c.callee, flow.language);
    return args && !flow.buildsOnly(c) ? [{ site: c, args }] : [];
  });
  if (!sinks.length && !handOffs.length) return;
  const scopes = new Map<unknown, S>();
  const shapes = flow.returnShapes((fn, own) => scopeOf(fn, own));
  let read = 0;
  function scopeOf(fn: N, own = shapes): S {
    let s = scopes.get(flow.key(fn));
    if (!s) {
      // Counted before the scope reads its function: the helpers it meets on the way see what is left.
      read += flow.size(fn);
      s = flow.scope(read > READ_BUDGET ? undefined : fn, own, source, (outer) => scopeOf(outer));
      scopes.set(flow.key(fn), s);
    }
    return s;
  }
  const replies = (site: CallSite & { node: N }): Record<string, string> => {
    const owner = flow.enclosingFunction(site.node);
    if (!owner) return {};
    const out: Record<string, string> = {};
    for (const [key, v] of Object.entries(scopeOf(owner).argv(site.node))) {
      if (keptInert(v)) continue;
      const from = v.from.find((f) => f.startsWith(MODEL_SOURCE));
      if (from) out[key] = from.slice(MODEL_SOURCE.length);
    }
    return out;
  };
  const names = new Map<unknown, string>();
  for (const [name, fn] of flow.functionNodes) if (!names.has(flow.key(fn)) || !name.includes('.')) names.set(flow.key(fn), name);
  const runs = (args: string[]) => (key: string) => key !== 'self' && (!args.length || args.includes(key));
  for (const { site, args } of sinks) {
    const code = runs(args);
    const found: Record<string, string> = {};
    for (const [key, from] of Object.entries(replies(site))) if (code(key)) found[key] = from;
    // A reply handed to the function that holds the sink, by a caller in this module.
    const owner = flow.enclosingFunction(site.node);
    const name = owner && names.get(flow.key(owner));
    if (owner && name) {
      const params = flow.params(owner);
      for (const [key, v] of Object.entries(site.argv ?? {})) {
        if (found[key] || !code(key) || keptInert(v)) continue;
        for (const caller of calls) {
          if (caller === site || flow.local(caller) !== name) continue;
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
  // A reply handed to a function of another module, whose code sink is judged there (`model-output-callers.ts`).
  for (const site of handOffs) {
    const given = replies(site);
    if (Object.keys(given).length) site.handsReply = given;
  }
}
