/**
 * How a tool's inputs travel through the bodies `reach.ts` walks: a body's parameters bound to
 * what the caller passed (in terms of tool inputs), a value restated in those terms, and which
 * inputs decide a sink's argument.
 */
import { argvControl, CONTROLS, merge } from './flow.js';
import type { ArgValue, Body, CallSite } from './model.js';
import type { Sink } from './sinks.js';

/**
 * Binding of a body's parameters to what the tool's inputs make of them: the value passed, already
 * in terms of tool inputs (so a helper's `cmd` keeps the argv shape the tool built).
 */
export type Binding = Map<string, ArgValue>;

/**
 * A value of a body in terms of tool inputs: a bare parameter takes the shape bound to it; anything
 * else keeps its own shape with its parameters replaced by the inputs that reach them.
 */
export function translate(v: ArgValue, binding: Binding): ArgValue {
  const whole = v.param ?? (v.text === v.from[0] ? v.from[0] : undefined);
  if (v.from.length === 1 && whole === v.from[0] && !v.items && !v.prefix && !v.underFixedDir && !v.ownFile) {
    const bound = binding.get(whole!);
    // An entry of a dict parameter: the caller's entry of that key, when it built the dict with it.
    const picked = v.entry === undefined ? bound : bound?.props && Object.hasOwn(bound.props, v.entry) ? bound.props[v.entry] : undefined;
    if (v.entry === undefined || picked) {
      if (!picked) return { from: [], text: v.text };
      const out: ArgValue = { ...picked, text: v.text };
      delete out.param;
      delete out.entry;
      // The body kept the parameter to a set of characters (`re.sub(r"[^0-9]", "", p)` in place): it holds no more.
      if (v.charset !== undefined) out.charset = picked.charset === undefined ? v.charset : [...v.charset].filter((c) => picked.charset!.includes(c)).join('');
      return out;
    }
  }
  const inputs = (params: string[] | undefined) => [...new Set((params ?? []).flatMap((p) => binding.get(p)?.from ?? []))];
  const quoted = [...new Set([...inputs(v.quoted), ...(v.quoted ?? []).flatMap((p) => binding.get(p)?.quoted ?? []), ...v.from.flatMap((p) => binding.get(p)?.quoted ?? [])])];
  const out: ArgValue = { ...v, from: inputs(v.from) };
  delete out.param;
  delete out.entry;
  if (quoted.length) out.quoted = quoted;
  else delete out.quoted;
  // It starts with a parameter: what the caller passed there starts it (a URL handed to a helper that
  // appends a query). Nothing bound there is a value no tool input reaches: fixed, if unknown.
  if (v.lead) {
    const first = binding.get(v.lead);
    out.prefix = first?.from.length ? (first.prefix ?? '') : (first?.constant ?? first?.prefix ?? '{…}') + (v.tail ?? '');
    delete out.lead;
    delete out.tail;
  }
  if (v.items) out.items = v.items.map((i) => translate(i, binding));
  if (v.props) out.props = Object.fromEntries(Object.entries(v.props).map(([k, p]) => [k, translate(p, binding)]));
  return out;
}

function argAt(argv: Record<string, ArgValue> | undefined, key: string): ArgValue | undefined {
  if (!argv) return undefined;
  const dot = key.indexOf('.');
  if (dot < 0) return argv[key];
  const base = argv[key.slice(0, dot)];
  return base?.props?.[key.slice(dot + 1)];
}

/**
 * A keyword argument given through `**options`: the entry the unpacked dict names, or, when what it
 * holds is not known key by key, the whole dict (what reaches it may be any of its entries).
 */
function spreadAt(argv: Record<string, ArgValue> | undefined, key: string): ArgValue | undefined {
  const spread = argv?.['**'];
  if (!spread || key.includes('.')) return undefined;
  const props = spread.props;
  return props && Object.keys(props).length ? props[key] : spread;
}

export function decidingInputs(call: CallSite, sink: Sink, binding: Binding): { inputs: string[]; argument?: string; quoted?: string; decided?: ArgValue } {
  const control = sink.control!;
  const argv = call.argv ? Object.fromEntries(Object.entries(call.argv).map(([k, v]) => [k, translate(v, binding)])) : undefined;
  let quoted: string | undefined;
  const noteQuoted = (v: ArgValue | undefined) => {
    if (v?.quoted?.length && !quoted) quoted = v.quoted.join(', ');
  };
  if (control === 'argv') {
    // A launcher given its program and arguments by name (`StdioServerParameters(command=…, args=[…])`): those, in order;
    // else the positional arguments.
    const named = sink.arg?.map((k) => argAt(argv, k) ?? spreadAt(argv, k));
    const positional = named
      ? named[0] ? named.filter((v): v is ArgValue => !!v) : []
      : Object.keys(argv ?? {}).filter((k) => /^\d+$/.test(k)).sort((a, b) => Number(a) - Number(b)).map((k) => argv![k]!);
    // spawn(cmd, [args]) / create_subprocess_exec(prog, *args): the program, then its arguments.
    const items = positional.flatMap((v, i) => (i > 0 && v.items ? v.items : [v]));
    const inputs = positional[0]?.items && positional.length === 1 ? argvControl(positional[0].items) : argvControl(items);
    positional.forEach(noteQuoted);
    return { inputs, argument: positional[0]?.text, quoted };
  }
  const keys = sink.arg ?? Object.keys(argv ?? {});
  // The argument that decides, when no tool input does (the URL whose host it is, for a request).
  let decided: ArgValue | undefined;
  for (const key of keys) {
    const v = argAt(argv, key);
    if (!v) continue;
    noteQuoted(v);
    decided ??= v;
    const inputs = control === 'any' ? v.from : CONTROLS[control](v);
    if (inputs.length) return { inputs, argument: v.text };
    // The first argument present decides (`open(path, "w")`); keyword names are alternatives to it.
    if (control !== 'any' && /^\d+$/.test(key)) break;
  }
  return { inputs: [], quoted, ...(decided ? { decided } : {}) };
}

/** The binding of a helper's parameters from the arguments of one call to it. */
export function bindHelper(helper: Body, call: CallSite, binding: Binding): Binding {
  const out: Binding = new Map();
  const argv = call.argv ?? {};
  if (helper.kwargs) {
    // `def run(kind, **params)` called with `run(kind, **options)` or `run(kind, command=c)`: `params` holds what no other parameter names.
    const named = new Set(helper.params.flat());
    const given = Object.entries(argv).filter(([k]) => k !== 'self' && !/^\d+$/.test(k) && !named.has(k));
    const values = given.map(([, v]) => translate(v, binding));
    const bound = merge(values, helper.kwargs);
    if (bound.from.length || bound.quoted?.length) {
      const props = Object.fromEntries(given.flatMap(([k], i) => (k === '**' ? Object.entries(values[i]!.props ?? {}) : [[k, values[i]!]])));
      out.set(helper.kwargs, { ...bound, props });
    }
  }
  helper.params.forEach((names, i) => {
    if (names[0] === helper.kwargs) return;
    const v = argv[String(i)] ?? (names.length === 1 ? argv[names[0]!] : undefined);
    for (const name of names) {
      // A destructured parameter (`{ url, root = here }`) takes its property; one the caller's literal
      // does not give (and cannot, spreading nothing) keeps its default, not the whole argument.
      const value = names.length > 1 && v?.props ? (Object.hasOwn(v.props, name) ? v.props[name] : v.openProps ? v : undefined) : v;
      if (!value) continue;
      const bound = translate(value, binding);
      // A constant (or a value with a constant start) is kept too: a value the helper builds from the parameter starts with it.
      if (bound.from.length || bound.quoted?.length || bound.constant !== undefined || bound.prefix) out.set(name, bound);
    }
  });
  return out;
}
