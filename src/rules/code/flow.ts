/**
 * Language-neutral pieces of the data flow the code rules follow: combining argument values, and
 * the judgements a sink applies to the argument that decides its risk (is the command the model's,
 * is the URL host the model's, is the path outside a fixed place).
 */
import { isDeepStrictEqual } from 'node:util';
import type { ArgValue } from './model.js';

/**
 * Where a model's reply enters a function, for the scopes that follow it (`model-output-flow.ts`):
 * a call that returns one, a parameter named for one. Each is a source named in `from` (`MODEL_SOURCE`
 * and what it is), as a parameter is.
 */
export interface ModelSource {
  call(callee: string): boolean;
  param(name: string): boolean;
  /** Whether a request to this URL (its fixed start) asks a model's HTTP API for a reply. */
  request?(url: string): boolean;
  /**
   * The reply a graph's shared state carries under this key, when a node of the module hands one back
   * under it (`return {"generation": chain.invoke(…)}`) for the next node to read (`state["generation"]`);
   * a flow's own state is asked for as `self.state.generation`.
   */
  stateKey?(key: string): string | undefined;
}

/** Prefix of the `from` entries that stand for a model's reply. */
export const MODEL_SOURCE = 'model:';

export const UNTAINTED: ArgValue = Object.freeze({ from: [], text: '' }) as ArgValue;

const MAX_TEXT = 60;

const SPACE = /\s/;

/**
 * The text on one line (runs of white space as one space, none at either end), at most MAX_TEXT
 * characters. Reads only as far as it needs: values are clipped for every node of a call's
 * arguments, and a large one (a whole function passed inline) would otherwise be rewritten each time.
 */
export function clip(text: string): string {
  let out = '';
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = ch.charCodeAt(0);
    if (code === 32 || (code >= 9 && code <= 13) || (code > 127 && SPACE.test(ch))) {
      space = true;
      continue;
    }
    if (space && out) out += ' ';
    space = false;
    out += ch;
    if (out.length > MAX_TEXT) return `${out.slice(0, MAX_TEXT - 1)}…`;
  }
  return out;
}

function union(a: string[] | undefined, b: string[] | undefined): string[] {
  if (!a?.length) return b ? [...b] : [];
  if (!b?.length) return [...a];
  return [...new Set([...a, ...b])];
}

/** Everything that reaches `values` together (a concatenation, a call's arguments, a variable's assignments). */
export function merge(values: ArgValue[], text: string): ArgValue {
  const out: ArgValue = { from: [], text: clip(text) };
  for (const v of values) {
    out.from = union(out.from, v.from);
    const q = union(out.quoted, v.quoted);
    if (q.length) out.quoted = q;
  }
  return out;
}

/** A set of characters (`ArgValue.charset`): each once, in order. */
export function charsetUnion(...sets: string[]): string {
  return [...new Set(sets.join(''))].sort().join('');
}

/** Whether code of only these characters can name nothing: digits, white space, operators and parentheses (no letter, `_`, `$`, quote, bracket or backslash). */
export function namesNothing(charset: string): boolean {
  return /^[0-9 \t\n\r\v\f+\-*/%().,<>=!&|^~]*$/.test(charset);
}

/** Passes over a function's assignments at most: enough for values to travel through chains of variables. */
const MAX_PASSES = 3;

/**
 * What a function's local variables hold, bound flow-insensitively from its assignments in source
 * order, so that `path = f"/x/{a}"; path = add(path, b)` sees the first binding. Passes repeat so
 * values travel through chains of variables (`a = p; b = a`), but a pass is the last when its
 * values read none of the variables being bound, or when it leaves every binding as it found it:
 * another pass would compute the same. The scope's lookup reports each name it resolves (`note`).
 */
export class Bindings {
  readonly env = new Map<string, ArgValue>();
  private binding?: Set<string>;
  private readBinding = false;

  note(name: string): void {
    if (this.binding?.has(name)) this.readBinding = true;
  }

  bind<N>(pairs: [string[], N][], value: (node: N) => ArgValue): void {
    this.binding = new Set(pairs.flatMap(([names]) => names));
    try {
      for (let pass = 0; pass < MAX_PASSES; pass++) {
        this.readBinding = false;
        const before = pass > 0 ? new Map(this.env) : undefined;
        const next = new Map<string, ArgValue[]>();
        for (const [names, right] of pairs) {
          const v = value(right);
          for (const name of names) {
            const list = next.get(name) ?? [];
            list.push(v);
            next.set(name, list);
            this.env.set(name, alternatives(list));
          }
        }
        if (!this.readBinding || (before && isDeepStrictEqual(before, this.env))) break;
      }
    } finally {
      this.binding = undefined;
    }
  }
}

/** A variable bound several times holds any of its values: the union, keeping shape only when all agree. */
export function alternatives(values: ArgValue[]): ArgValue {
  if (values.length === 1) return values[0]!;
  const out = merge(values, values[0]?.text ?? '');
  // A dict built in parts (a literal, then `d["k"] = v`): each key holds any of the values given it.
  if (values.every((v) => v.props)) {
    const keys = new Map<string, ArgValue[]>();
    for (const v of values) for (const [k, p] of Object.entries(v.props!)) keys.set(k, [...(keys.get(k) ?? []), p]);
    out.props = Object.fromEntries([...keys].map(([k, vs]) => [k, alternatives(vs)]));
  }
  const tainted = values.filter((v) => v.from.length > 0);
  if (tainted.length === 0) {
    const c = values[0]?.constant;
    if (c !== undefined && values.every((v) => v.constant === c)) out.constant = c;
    else if (values.every((v) => v.constant !== undefined || v.choices)) out.choices = [...new Set(values.flatMap((v) => v.choices ?? [v.constant!]))];
    if (values.some((v) => v.ownFile)) out.ownFile = true;
    return out;
  }
  if (tainted.every((v) => v.ownFile)) out.ownFile = true;
  if (tainted.every((v) => v.underFixedDir)) out.underFixedDir = true;
  if (tainted.every((v) => v.fixedName)) out.fixedName = true;
  if (tainted.every((v) => v.charset !== undefined)) out.charset = charsetUnion(...tainted.map((v) => v.charset!));
  const prefixes = tainted.map((v) => v.prefix ?? '');
  out.prefix = prefixes.reduce((p, c) => {
    let i = 0;
    while (i < p.length && i < c.length && p[i] === c[i]) i++;
    return p.slice(0, i);
  });
  if (tainted.length === 1 && tainted[0]!.items) out.items = tainted[0]!.items;
  return out;
}

/**
 * A value that starts with a parameter as is (`url + "?" + q`, `f"{url}?{q}"`): the parameter and the
 * constant text seen after it (`ArgValue.lead`, `tail`); nothing for any other first part. One that
 * already starts so keeps its own (what follows is not read further).
 */
export function startingWith(first: ArgValue | undefined, after: string): Pick<ArgValue, 'lead' | 'tail'> {
  if (!first?.from.length || first.prefix) return {};
  if (first.lead) return { lead: first.lead, ...(first.tail ? { tail: first.tail } : {}) };
  const p = first.from[0]!;
  // The parameter itself: its own name, no shape.
  if (first.text !== p || first.prefix !== undefined || first.constant !== undefined || first.items || first.props) return {};
  return { lead: p, ...(after ? { tail: after } : {}) };
}

export function isTainted(v: ArgValue | undefined): boolean {
  return !!v && v.from.length > 0;
}

/** Interpreters that run their argument as code: a model-controlled argument after them is arbitrary code. */
const INTERPRETERS = /^(?:.*\/)?(?:ba|z|k|c|da|fi)?sh$|^(?:.*\/)?(?:cmd(?:\.exe)?|powershell(?:\.exe)?|pwsh|python[\d.]*|node|deno|bun|ruby|perl|php|osascript|eval|exec|xargs|env|sudo|su|ssh|docker|kubectl)$/;

/**
 * Which parameters decide what a command does: a command string with the model's text in it
 * unquoted (run by a shell or as the program itself), an argv whose program is the model's, or an
 * interpreter / `sh -c` fed by it (a shell the configuration gives, named so, counts). A fixed program with quoted or separate arguments
 * (`["rg", "-e", pattern]`, `f"rg -e {shlex.quote(q)}"`) is not.
 */
export function commandControl(v: ArgValue | undefined): string[] {
  if (!v || !v.from.length) return [];
  if (v.items) return argvControl(v.items);
  return v.from;
}

/** A program the code does not write out but names as a shell (`shellConfig.command`, `this.shellPath`, `process.env.SHELL`): the configured shell. */
const SHELL_NAMED = /(?:^|[.\]])\w*shell\w*(?:\.\w+)*$/i;

export function argvControl(items: ArgValue[]): string[] {
  const head = items[0];
  if (!head) return [];
  if (head.from.length) return head.from;
  const program = head.constant ?? '';
  if (!INTERPRETERS.test(program.trim()) && !(head.constant === undefined && SHELL_NAMED.test(head.text))) return [];
  return [...new Set(items.slice(1).flatMap((i) => (i.items ? argvControl(i.items) : i.from)))];
}

/** Which parameters decide the host of an outbound request (the URL itself, or a host spliced into it). */
export function hostControl(v: ArgValue | undefined): string[] {
  if (!v || !v.from.length) return [];
  const p = v.prefix ?? '';
  // The host ends before anything a parameter gives: at a separator the constant start holds, after fixed parts or not.
  if (/^[a-z][\w+.-]*:\/\/[^/?#]+[/?#]/i.test(p)) return [];
  if (/^\{…\}/.test(p) || /^\/(?!\/)/.test(p)) return [];
  return v.from;
}

/**
 * Which parameters decide a file path. A fixed directory in front does not confine it (`../` walks
 * out, an absolute name replaces it in a join); only a sanitiser (`basename`, `secure_filename`,
 * `mimetypes.guess_extension`) or a containment check before use does. A path whose file the code
 * names (`join(out_dir, "Kitfile")`, `Path(d) / f"chunk_{i}.wav"`) is the tool's own kind of file
 * wherever the model puts it: it can pick the folder, never which existing file is written, moved or
 * removed.
 */
export function pathControl(v: ArgValue | undefined): string[] {
  if (!v || !v.from.length || v.underFixedDir || v.fixedName) return [];
  return v.from;
}

/** Which parameters decide the file a removal deletes: as for a path, but a file the code made itself is its own to remove. */
export function removalControl(v: ArgValue | undefined): string[] {
  return v?.ownFile ? [] : pathControl(v);
}

/** Which parameters reach the value at all (code to evaluate, a recipient, SQL text, an amount). */
export function valueControl(v: ArgValue | undefined): string[] {
  return v?.from ?? [];
}

/**
 * Which parameters decide code that is run: any that reaches it, unless the code keeps the text to
 * characters that can name nothing (digits, operators, parentheses: a calculator's expression). A
 * set with a letter, `_`, a quote or a bracket still names builtins and attributes.
 */
export function codeControl(v: ArgValue | undefined): string[] {
  if (v?.charset !== undefined && namesNothing(v.charset)) return [];
  return valueControl(v);
}

export type Control = 'command' | 'argv' | 'url' | 'path' | 'removal' | 'code' | 'value' | 'any';

export const CONTROLS: Record<Exclude<Control, 'argv' | 'any'>, (v: ArgValue | undefined) => string[]> = {
  command: commandControl,
  url: hostControl,
  path: pathControl,
  removal: removalControl,
  code: codeControl,
  value: valueControl,
};
