/**
 * File sinks whose path a helper of the repository builds so that the model cannot pick where it
 * goes. Either the helper keeps the model's text to one file name under a folder the code fixes:
 * `filename = generate_filename(RESEARCH_DIR, filename)`, where the helper (in the tool's module or
 * one it imports) strips every character a path separator could come from (`re.sub(r"[^\w\s-]", "", name)`,
 * `secure_filename`, `os.path.basename`, `slugify`, `Path(name).name`) and joins what is left under the
 * folder. Or it resolves the path and refuses one outside a folder none of its parameters gives
 * (`p = os.path.realpath(join(root, f"{name}.json"))`, then `if not p.startswith(base + os.sep): raise`,
 * `commonpath`, `is_relative_to`) before handing it back: `feed_file = store.feed_path(feed_id)`, or
 * `open(self.feed_path(feed_id), "w")` in a method the tool reaches. The model then picks a name for
 * the tool's own output, never a place on the host: the sink is kept apart as contained. A helper that
 * uses the raw text anywhere else, puts a separator back, or joins under a folder it was handed by the
 * model keeps it risky. Python, read from the helper's text.
 */
import type { SourceFile } from '../../core/source.js';
import type { Body, CodeModel, ToolDef } from './model.js';
import type { Contained, Risk } from './reach.js';
import { argsAt, splitArgs } from './http-listen.js';
import { moduleAt, resolveModule } from './modules.js';
import { negatedClassChars } from './python-charset.js';
import { checksContainment, codeLines } from './path-containment.js';

const FILE_SINK = /^file-/;
/** Calls that leave one file name of their argument: no folder, no separator. */
const NAME_ONLY = /\b(?:secure_filename|basename|slugify)\s*\(|\bPath\s*\([^()]*\)\s*\.\s*(?:name|stem)\b/;
/** `re.sub(r"[^…]", "…", …)`: the class, and what replaces what it matches. */
const RE_SUB = /\bre\.sub\(\s*[rRbB]*(["'])((?:\\.|(?!\1).)*)\1\s*,\s*[rRbB]*(["'])((?:\\.|(?!\3).)*)\3/;
/** A sink's argument that is itself a call of a helper: `self.feed_path(feed_id)`. */
const HELPER_CALL = /^([A-Za-z_][\w.]*)\s*\(/;

/** Splits risks into those still risky and the file sinks whose path a confining helper builds. */
export async function sanitisedPaths(file: SourceFile, model: CodeModel, tool: ToolDef, risks: Risk[], dependencies: Map<string, string>): Promise<{ risks: Risk[]; contained: Contained[] }> {
  const contained: Contained[] = [];
  const kept: Risk[] = [];
  for (const r of risks) {
    const body = model.language === 'python' && FILE_SINK.test(r.riskClass) && !r.site && tool.body ? sinkBody(model, tool.body, r) : undefined;
    const reason = body ? await confinedBy(file, model, body, body === tool.body, r, dependencies) : undefined;
    if (!reason) {
      kept.push(r);
      continue;
    }
    contained.push({ riskClass: r.riskClass, evidence: r.evidence, reason, path: r.path, start: r.start, end: r.end });
  }
  return { risks: kept, contained };
}

/** The body the sink is in: the tool's, or the innermost function of the module around it (a helper the tool reaches). */
function sinkBody(model: CodeModel, toolBody: Body, r: Risk): Body | undefined {
  if (r.start >= toolBody.start && r.start <= toolBody.end) return toolBody;
  let inner: Body | undefined;
  for (const b of model.functions.values()) if (b.start <= r.start && r.start <= b.end && (!inner || b.end - b.start < inner.end - inner.start)) inner = b;
  return inner;
}

/** Why the sink's path is one name under a fixed folder, or one checked to stay under a folder; undefined otherwise. */
async function confinedBy(file: SourceFile, model: CodeModel, body: Body, inTool: boolean, r: Risk, dependencies: Map<string, string>): Promise<string | undefined> {
  const arg = r.argument;
  if (!arg) return undefined;
  let callee: string;
  let call: { args: string } | undefined;
  const direct = HELPER_CALL.exec(arg);
  if (direct && !/^[A-Za-z_]\w*$/.test(arg)) {
    // The path is the helper's result, passed straight to the sink.
    callee = direct[1]!;
  } else {
    if (!/^[A-Za-z_]\w*$/.test(arg)) return undefined;
    // The last binding of the sink's argument before the sink: `arg = helper(…)`.
    const before = body.text.slice(0, r.start - body.start);
    const bindings = [...before.matchAll(new RegExp(`^[ \\t]*${arg}\\s*(?::[^=\\n]+)?=\\s*([A-Za-z_][\\w.]*)\\s*\\(`, 'gm'))];
    const last = bindings.at(-1);
    if (!last) return undefined;
    call = argsAt(before, last.index + last[0].length - 1);
    if (!call) return undefined;
    callee = last[1]!;
  }
  const helper = await helperOf(file, model, body, callee, dependencies);
  if (!helper) return undefined;
  const checked = checksContainment(helper.body.text, helper.body.params.flat());
  if (checked) return `its path is made by ${callee}() (${helper.where}), which resolves it and refuses any path outside ${checked.folder}${checked.unless ? ` unless the code's own setting ${checked.unless} allows it` : ''}`;
  if (!inTool || !call || callee.startsWith('self.') || !r.inputs?.length) return undefined;
  return keptToOneName(file, callee, call.args, arg, r.inputs, helper);
}

/** Why a helper given the model's text in one argument keeps it to one file name under a fixed folder, or undefined. */
function keptToOneName(file: SourceFile, callee: string, callArgs: string, arg: string, inputs: string[], helper: { body: Body; where: string }): string | undefined {
  const args = splitArgs(callArgs).map((a) => a.trim()).filter(Boolean);
  const mentions = (t: string) => [arg, ...inputs].some((n) => new RegExp(`(?<![\\w.])${n}\\b`).test(t));
  const tainted = args.flatMap((a, i) => (mentions(a) ? [i] : []));
  if (tainted.length !== 1) return undefined;
  if (helper.body.params.length !== args.length) return undefined;
  const given = args[tainted[0]!]!;
  const name = /^(\w+)\s*=/.exec(given)?.[1] ?? helper.body.params[tainted[0]!]![0];
  if (!name) return undefined;
  const folderOf = (param: string): string | undefined => {
    const i = helper.body.params.findIndex((p) => p[0] === param);
    const a = i >= 0 ? args[i]?.replace(/^\w+\s*=\s*/, '') : undefined;
    return a !== undefined && (/^[rRbBfF]?(["'])[^"'{}]*\1$/.test(a) || constantName(a, file.text)) ? a : undefined;
  };
  const judged = keepsOneName(helper.body.text, name, folderOf);
  return judged && `its path is made by ${callee}() (${helper.where}), which keeps the model's text to one file name (${judged.how}) under the fixed folder ${judged.folder}`;
}

/** A module-level name bound to a string literal (`RESEARCH_DIR = "research_findings"`). */
function constantName(name: string, text: string): boolean {
  return /^[A-Za-z_]\w*$/.test(name) && new RegExp(`^${name}\\s*(?::[^=\\n]+)?=\\s*[rRbB]?(["'])[^"'{}]*\\1\\s*$`, 'm').test(text);
}

/** The helper a call reaches: a function of this module, or one a relative or project import names. */
async function helperOf(file: SourceFile, model: CodeModel, caller: Body, callee: string, dependencies: Map<string, string>): Promise<{ body: Body; where: string } | undefined> {
  // A function of this module, or a method the model placed (`self.feed_path`, `store.feed_path` of an instance of the module's class).
  const local = model.functions.get(callee) ?? model.functions.get(caller.calls.find((c) => c.callee === callee && c.local)?.local ?? '');
  if (local) return { body: local, where: 'in this module' };
  const imported = model.imports.get(callee);
  if (!imported || !file.root) return undefined;
  const rel = resolveModule(file.root, file.relPath, imported.module, 'python');
  const mod = rel ? await moduleAt(file, rel) : undefined;
  const body = mod?.model.functions.get(imported.name);
  if (!mod || !body) return undefined;
  dependencies.set(mod.relPath, mod.hash);
  return { body, where: mod.relPath };
}

/**
 * Whether a helper's code uses parameter `name` only through a call that leaves one file name, puts
 * no separator back, and returns that name under a folder fixed by the code or by its caller: how,
 * and which folder.
 */
function keepsOneName(text: string, name: string, folderOf: (param: string) => string | undefined): { how: string; folder: string } | undefined {
  // Docstrings and comments name the parameter without using it.
  const lines = codeLines(text);
  // Plain strings name nothing either; an f-string's fields are code.
  const code = lines.map((l) => l.replace(/(?<![fF])(["'])(?:\\.|(?!\1).)*\1/g, '""'));
  const user = (n: string) => {
    const re = new RegExp(`(?<![\\w.])${n}\\b`);
    return (i: number) => re.test(code[i]!);
  };
  const usesName = user(name);
  const first = lines.findIndex((_, i) => usesName(i));
  if (first < 0) return undefined;
  const m = /^\s*([A-Za-z_]\w*)\s*=\s*(.+)$/.exec(lines[first]!);
  if (!m) return undefined;
  const how = nameOnly(m[2]!);
  if (!how) return undefined;
  const safe = m[1]!;
  const usesSafe = user(safe);
  const rest = lines.map((_, i) => i).slice(first + 1);
  // The raw text is used nowhere else (unless the sanitised value took its name), and no separator is put back.
  if (safe !== name && rest.some(usesName)) return undefined;
  if (rest.some((i) => usesSafe(i) && /["'][^"'\n]*(?:\/|\\\\)[^"'\n]*["']|\bos\.sep\b/.test(lines[i]!.replace(/\breturn\b.*$/, '')))) return undefined;
  const ret = rest.filter((i) => /^\s*return\b/.test(lines[i]!));
  if (ret.length !== 1 || !usesSafe(ret[0]!)) return undefined;
  const folder = folderIn(lines[ret[0]!]!, folderOf);
  return folder ? { how, folder } : undefined;
}

/** What in an expression leaves one file name: a separator-free class kept by `re.sub`, or a name-only call. */
function nameOnly(expr: string): string | undefined {
  const sub = RE_SUB.exec(expr);
  if (sub) {
    const kept = negatedClassChars(sub[2]!);
    return kept !== undefined && !/[/\\]/.test(kept + sub[4]!) ? `re.sub removes every character but [${sub[2]!.slice(2, -1)}]` : undefined;
  }
  return NAME_ONLY.exec(expr)?.[0].replace(/\s*\($/, '()');
}

/** The folder a return joins the name under: `f"{folder}/…"`, `os.path.join(folder, …)`, `Path(folder) / …`, fixed by the code or the caller. */
function folderIn(ret: string, folderOf: (param: string) => string | undefined): string | undefined {
  const f = /\bf(["'])\{([A-Za-z_]\w*)\}\//.exec(ret) ?? /\b(?:os\.path\.join|Path)\(\s*()([A-Za-z_]\w*)\s*[,)]/.exec(ret);
  if (f) return folderOf(f[2]!);
  const lit = /\bf?(["'])([\w.-]+)\/[^"']*\{/.exec(ret) ?? /\b(?:os\.path\.join|Path)\(\s*(["'])([\w.-]+)\1/.exec(ret);
  return lit ? `"${lit[2]}"` : undefined;
}
