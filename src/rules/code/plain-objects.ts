/**
 * Objects a Python module makes of its own classes that are no agents, whatever they are called: a
 * `SimpleAgent` that routes "calc: 5*10" to an AST calculator and a mock weather lookup calls no
 * model and runs nothing risky, so a route that hands a request to `agent.run()` drives no agent.
 * Read from the module's model: the class's methods and the module's functions they reach must call
 * no model or agent framework, run no code, and use nothing imported but pure standard modules.
 */
import type { Body, CodeModel } from './model.js';

/** Standard modules that compute and nothing else: no I/O, no processes, no network. */
const PURE_MODULES = new Set(
  'ast operator random math cmath re json datetime time string statistics decimal fractions collections itertools functools typing dataclasses enum uuid textwrap copy numbers'.split(' '),
);
/** Builtins that run code. */
const RUNS_CODE = /^(?:exec|eval|compile|__import__)$/;
/** What reached code may call into besides pure modules: more than this many bodies is not a toy. */
const MAX_BODIES = 40;

/**
 * Names bound at module level to an instance of one of the module's own classes (`agent = SimpleAgent("demo")`)
 * that is no agent; `drivesAgent` tells a body that calls a model or runs an agent framework.
 */
export function plainObjects(text: string, model: CodeModel, drivesAgent: (body: string) => boolean): Set<string> {
  const out = new Set<string>();
  const modules = importedModules(text);
  const verdicts = new Map<string, boolean>();
  for (const m of text.matchAll(/^([A-Za-z_]\w*)\s*(?::[^=\n]+)?=\s*([A-Z]\w*)\s*\(/gm)) {
    const cls = m[2]!;
    if (!verdicts.has(cls)) verdicts.set(cls, plainClass(cls, text, model, modules, drivesAgent, new Set()));
    if (verdicts.get(cls)) out.add(m[1]!);
  }
  return out;
}

/** Whether the module's class `cls` (and its own base classes) is plain: see the module comment. */
function plainClass(cls: string, text: string, model: CodeModel, modules: Set<string>, drivesAgent: (body: string) => boolean, seen: Set<string>): boolean {
  if (seen.has(cls)) return true;
  seen.add(cls);
  const header = new RegExp(`^class\\s+${cls}\\s*(?:\\(([^)]*)\\))?\\s*:`, 'm').exec(text);
  if (!header) return false;
  // Bases: none, `object`, `ABC`, or the module's own classes, which must be plain too (a framework's `Agent` is not).
  for (const base of (header[1] ?? '').split(',').map((b) => b.trim()).filter(Boolean)) {
    if (base === 'object' || base === 'ABC') continue;
    if (!/^[A-Za-z_]\w*$/.test(base) || !plainClass(base, text, model, modules, drivesAgent, seen)) return false;
  }
  const bodies: Body[] = [...model.functions].filter(([name]) => name.startsWith(`${cls}.`)).map(([, b]) => b);
  if (bodies.length === 0) return false;
  const reached = new Set<Body>();
  while (bodies.length) {
    const body = bodies.pop()!;
    if (reached.has(body)) continue;
    reached.add(body);
    if (reached.size > MAX_BODIES || drivesAgent(body.text)) return false;
    for (const call of body.calls) {
      if (call.imported && !PURE_MODULES.has(call.imported.module.split('.')[0]!)) return false;
      const root = call.callee.split(/[.[(]/)[0]!;
      const from = model.imports.get(root)?.module.split('.')[0];
      if (RUNS_CODE.test(call.callee) || (modules.has(root) && !PURE_MODULES.has(root)) || (from !== undefined && !PURE_MODULES.has(from))) return false;
      const local = call.local ? model.functions.get(call.local) : undefined;
      if (local) bodies.push(local);
    }
    // The module's functions it names without calling (`self.tools = {"calc": calculator}`), called later.
    for (const id of new Set(body.text.match(/(?<![\w.])[A-Za-z_]\w*(?!\w)/g) ?? [])) {
      const fn = model.functions.get(id);
      if (fn && !id.includes('.')) bodies.push(fn);
    }
  }
  return true;
}

/** Top-level names of the modules the text imports, at any indentation (`import ast` inside a function too). */
function importedModules(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*(?:import[ \t]+([\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)|from[ \t]+([\w.]+)[ \t]+import\b)/gm)) {
    if (m[2]) out.add(m[2].split('.')[0]!);
    for (const part of (m[1] ?? '').split(',')) {
      const [mod, , alias] = part.trim().split(/[ \t]+/);
      if (mod) out.add(mod.split('.')[0]!);
      if (alias) out.add(alias);
    }
  }
  return out;
}
