/**
 * Some sinks are known by a method's name alone: `client.exec_command(cmd)` (an SSH client),
 * `sandbox.run_command(cmd)`, on an object the walk cannot place. When the object is one of the
 * repository's own classes (a method of that name is defined in the module of the call or in a
 * module it imports from), its body says what the call does, not its name: an application's command
 * dispatcher (`puppeteer.execute_command(name, params)` that looks the name up in a registry of
 * document functions) runs no process. Such a risk is kept apart as contained; one whose method
 * body (or a same-module helper it calls) reaches a process or shell sink, or calls into another
 * module the check does not follow, stays. One an abstract definition declares (a sandbox base class)
 * is judged by its implementations: the subclasses that modules beside it define. When each sends the
 * call to a remote sandbox SDK's client and reaches no process sink (`remote-sandboxes.ts`), nothing
 * runs on this host; when one is not seen, or runs a process, the risk stays.
 */
import path from 'node:path';
import type { SourceFile } from '../../core/source.js';
import { folderDigest, folderKey } from '../../discovery/folder-digest.js';
import type { Body, CodeModel } from './model.js';
import type { Contained, Risk } from './reach.js';
import type { Sink, Taxonomy } from './sinks.js';
import { importedModules, moduleAt, resolveModule, siblingImporters, type Module } from './modules.js';
import { REMOTE_SANDBOX_SDK } from './remote-sandboxes.js';

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
      reason: own,
      path: r.path,
      start: r.start,
      end: r.end,
      ...(r.site ? { site: r.site } : {}),
    });
  }
  return { risks: kept, contained };
}

/** Why a name-only sink call runs nothing on this host: every definition of the repository's own method of that name runs no process, or sends the call to a remote sandbox. */
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
  const declared = defs.filter((d) => declaresOnly(d.body));
  if (declared.length) return declared.length === defs.length ? remoteImplementations(file, home, declared, method, sinks, dependencies) : undefined;
  if (defs.some((d) => runsProcess(d.body, d.module.model, sinks, new Set(), 0))) return undefined;
  // The judgement rests on every module searched: a cached result stands only while they are unchanged.
  for (const m of modules) if (m.hash) dependencies.set(m.relPath, m.hash);
  return `${callee} is this repository's own ${defs.map((d) => d.name).join(', ')}(), which reaches no process or shell: its name does not make it a command runner`;
}

/**
 * A method only declared (in an abstract base class of `home`): why it runs nothing on this host,
 * when the subclasses that modules beside it define each implement it by a remote sandbox SDK's
 * client, reaching no process sink; undefined when there is none, or one is not.
 */
async function remoteImplementations(file: SourceFile, home: Module, declared: { name: string }[], method: string, sinks: Sink[], dependencies: Map<string, string>): Promise<string | undefined> {
  const root = file.root;
  if (!root || home.model.language !== 'python') return undefined;
  const classes = new Set(declared.map((d) => d.name.slice(0, d.name.lastIndexOf('.'))).filter(Boolean));
  // Which modules beside it subclass it may change with any file of the folder: the result follows the folder.
  const folder = folderKey(home.file.kind, path.posix.dirname(home.relPath));
  const deps = new Map<string, string>([[folder, folderDigest(root, folder)]]);
  const found: { name: string; module: Module; sdk: string }[] = [];
  for (const importer of await siblingImporters(home.file, deps)) {
    deps.set(importer.relPath, importer.hash);
    for (const sub of subclassesOf(importer, classes, home.relPath, root)) {
      const body = importer.model.functions.get(`${sub}.${method}`);
      if (!body) return undefined;
      const sdk = remoteSdkReached(body, importer.model, sinks);
      if (!sdk) return undefined;
      found.push({ name: `${sub}.${method}`, module: importer, sdk });
    }
  }
  if (!found.length) return undefined;
  for (const [k, v] of deps) dependencies.set(k, v);
  if (home.hash) dependencies.set(home.relPath, home.hash);
  const impl = found.map((f) => `${f.name} (${f.module.relPath})`).join(', ');
  const sdks = [...new Set(found.map((f) => f.sdk))].join(', ');
  return `${declared.map((d) => d.name).join(', ')} is only declared; ${found.length === 1 ? 'its implementation' : 'each implementation'}, ${impl}, sends the call to a remote sandbox through ${sdks}: nothing runs on this host`;
}

/** Classes of a module built on one of `bases` that it imports from `target` (`class Cloud(Base):` after `from .base import Base`). */
function subclassesOf(mod: Module, bases: Set<string>, target: string, root: string): string[] {
  const out: string[] = [];
  for (const m of mod.file.text.matchAll(/^class\s+(\w+)\s*\(([^)]*)\)\s*:/gm)) {
    const parents = m[2]!.split(',').map((p) => p.trim().split('[')[0]!);
    const from = parents.some((p) => {
      const imp = mod.model.imports.get(p);
      return !!imp && bases.has(imp.name) && resolveModule(root, mod.relPath, imp.module, 'python') === target;
    });
    if (from) out.push(m[1]!);
  }
  return out;
}

/**
 * The remote sandbox SDK a body (or a same-module helper it calls) uses, when it reaches no process
 * sink and calls no function of a relative import (another module of the package, which might run
 * one; a class built from one, `InitSessionAction(…)`, is a value); undefined otherwise.
 */
function remoteSdkReached(body: Body, model: CodeModel, sinks: Sink[]): string | undefined {
  let sdk: string | undefined;
  const seen = new Set<Body>();
  const walk = (b: Body | undefined, depth: number): boolean => {
    if (!b || seen.has(b)) return true;
    if (depth > MAX_DEPTH) return false;
    seen.add(b);
    for (const call of b.calls) {
      if (sinks.some((s) => s.call!.test(call.callee))) return false;
      const imported = call.imported;
      if (imported && REMOTE_SANDBOX_SDK.test(imported.module)) sdk ??= imported.module;
      else if (imported && !call.local && imported.module.startsWith('.') && !/^[A-Z]/.test(imported.name)) return false;
      if (call.local && !walk(model.functions.get(call.local), depth + 1)) return false;
    }
    return true;
  };
  return walk(body, 0) ? sdk : undefined;
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
