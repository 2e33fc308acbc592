/**
 * Some sinks are known by a method's name alone: `client.exec_command(cmd)` (an SSH client),
 * `sandbox.run_command(cmd)`, on an object the walk cannot place. When the object is one of the
 * repository's own classes (a method of that name is defined in the module of the call or in a
 * module it imports from), its body says what the call does, not its name: an application's command
 * dispatcher (`puppeteer.execute_command(name, params)` that looks the name up in a registry of
 * document functions) runs no process. Such a risk is kept apart as contained; one whose method
 * body (or a same-module helper it calls) reaches a process or shell sink, or calls into another
 * module the check does not follow, stays, and so does one an abstract definition declares (a
 * sandbox base class whose implementations run the command).
 */
import type { SourceFile } from '../../core/source.js';
import type { Body, CodeModel } from './model.js';
import type { Contained, Risk } from './reach.js';
import type { Sink, Taxonomy } from './sinks.js';
import { importedModules, moduleAt, type Module } from './modules.js';

/** Classes whose name-only sinks are judged by the repository's own method of that name. */
const PROCESS_CLASSES = new Set(['shell', 'code-exec']);
const MAX_DEPTH = 3;
const RECEIVER = '__receiver__';

export async function ownMethods(
  file: SourceFile,
  model: CodeModel,
  risks: Risk[],
  taxonomy: Taxonomy,
  dependencies: Map<string, string>,
): Promise<{ risks: Risk[]; contained: Contained[] }> {
  const contained: Contained[] = [];
  const kept: Risk[] = [];
  for (const r of risks) {
    const own = PROCESS_CLASSES.has(r.riskClass) ? await ownMethod(file, model, r, taxonomy, dependencies) : undefined;
    if (!own) {
      kept.push(r);
      continue;
    }
    contained.push({
      riskClass: r.riskClass,
      evidence: r.evidence,
      reason: `${r.evidence.replace(/\(…\)$/, '')} is this repository's own ${own}(), which reaches no process or shell: its name does not make it a command runner`,
      path: r.path,
      start: r.start,
      end: r.end,
      ...(r.site ? { site: r.site } : {}),
    });
  }
  return { risks: kept, contained };
}

/** The repository's own method a name-only sink call reaches, when every definition of it runs no process. */
async function ownMethod(file: SourceFile, model: CodeModel, r: Risk, taxonomy: Taxonomy, dependencies: Map<string, string>): Promise<string | undefined> {
  const callee = r.evidence.replace(/\(…\)$/, '');
  const dot = callee.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const method = callee.slice(dot + 1);
  const head = callee.slice(0, callee.indexOf('.'));
  const language = model.language;
  const sinks = taxonomy.sinks.filter((s) => s.call && PROCESS_CLASSES.has(s.riskClass) && (s.language === 'any' || s.language === language));
  const matching = sinks.filter((s) => s.riskClass === r.riskClass && s.call!.test(callee));
  // Only a sink that any receiver's method of that name matches is known by the name alone.
  if (!matching.length || !matching.every((s) => s.call!.test(`${RECEIVER}.${method}`))) return undefined;
  const home: Module | undefined = r.site ? await moduleAt(file, r.site.path) : { relPath: file.relPath, file, model, hash: '' };
  if (!home) return undefined;
  // A receiver imported by name is a library's object (a repository one the walk followed already).
  if (home.model.imports.has(head)) return undefined;
  const modules = [home, ...(await importedModules(home.file, home.model))];
  const defs: { module: Module; name: string; body: Body }[] = [];
  for (const m of modules) for (const [name, body] of m.model.functions) if (name.endsWith(`.${method}`)) defs.push({ module: m, name, body });
  if (!defs.length) return undefined;
  // A declaration (an abstract method, a protocol's stub) says nothing of what runs: its implementations elsewhere decide.
  if (defs.some((d) => declaresOnly(d.body))) return undefined;
  if (defs.some((d) => runsProcess(d.body, d.module.model, sinks, new Set(), 0))) return undefined;
  // The judgement rests on every module searched: a cached result stands only while they are unchanged.
  for (const m of modules) if (m.hash) dependencies.set(m.relPath, m.hash);
  return defs.map((d) => d.name).join(', ');
}

/** A body that calls nothing but `NotImplementedError` (`...`, `pass`, `raise NotImplementedError`): a method declared, not implemented. */
function declaresOnly(body: Body): boolean {
  return body.calls.every((c) => /(?:^|\.)NotImplementedError$/.test(c.callee));
}

/** Whether a body, or a same-module helper it calls, calls a process or code sink, or a function of another module (not followed here). */
function runsProcess(body: Body | undefined, model: CodeModel, sinks: Sink[], seen: Set<Body>, depth: number): boolean {
  if (!body || seen.has(body)) return false;
  if (depth > MAX_DEPTH) return true;
  seen.add(body);
  for (const call of body.calls) {
    if (call.imported && !call.local) return true;
    if (sinks.some((s) => s.call!.test(call.callee))) return true;
    if (call.local && runsProcess(model.functions.get(call.local), model, sinks, seen, depth + 1)) return true;
  }
  return false;
}
