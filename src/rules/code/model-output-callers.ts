/**
 * A model's reply that reaches a code sink from another module: the function holding the sink runs
 * one of its parameters (`ExecutionAction.run(self, command, …)` → `exec(command, …)`), and a module
 * beside it that imports it asks a model and hands it the reply (`self.action.run(message.content, …)`
 * after `for message in self.agent(…)`). The module-level flow (`model-output-flow.ts`) follows a
 * reply one call back inside its module; this follows it one module back, to the importers in the
 * same folder (`siblingImporters`), whose calls into this module carry `handsReply`: by an import of
 * the name, or by `from … import *` of this module (directly or through a module that star-imports it).
 * A function of the module that hands its parameter on to the one holding the sink (a direct call, or
 * `Process(target=worker, args=(code, …))`) is one the importers may call as well.
 */
import path from 'node:path';
import type { SourceFile } from '../../core/source.js';
import { folderDigest, folderKey } from '../../discovery/folder-digest.js';
import { innermostFunction, type CallSite, type CodeModel } from './model.js';
import { codeArguments } from './model-output-flow.js';
import { resolveModule, siblingImporters } from './modules.js';
import { pythonHandOffs } from './python-model.js';

interface Open {
  call: CallSite;
  /** The argument that carries the code. */
  key: string;
  /** The function holding the sink, by its key in the module (`ExecutionAction.run`). */
  owner: string;
  /** The positional parameter the code comes from, and its name. */
  index: number;
  param: string;
}

/** Sets `modelArgs` on code sinks of the module that run a parameter a sibling module hands a reply to. */
export async function repliesFromImporters(file: SourceFile, model: CodeModel, dependencies: Map<string, string>): Promise<void> {
  const root = file.root;
  if (model.language !== 'python' || !root) return;
  const open = openSinks(model);
  if (!open.length) return;
  // Which modules beside it import it, and what they hand it, may change with any file of the folder
  // (one added, or one that starts importing it): the result follows the folder.
  const folder = folderKey(file.kind, path.posix.dirname(file.relPath));
  dependencies.set(folder, folderDigest(root, folder));
  for (const importer of await siblingImporters(file, dependencies)) {
    // `from <this module> import *`: a name the importer calls without defining or importing it may be one of ours.
    const star = importer.star;
    // What the importer hands on is worked out only now, for the few modules a runner like this one has.
    const handOffs = await importer.file.memo('code:hand-offs', () => pythonHandOffs(importer.file.text));
    for (const call of handOffs) {
      if (!call.handsReply) continue;
      const name = call.imported ? (resolveModule(root, importer.relPath, call.imported.module, 'python') === file.relPath ? call.imported.name : undefined) : star && !call.local && /^[A-Za-z_]\w*$/.test(call.callee) ? call.callee : undefined;
      if (!name) continue;
      for (const o of open) {
        if (name !== o.owner && !o.owner.endsWith(`.${name}`)) continue;
        const given = call.handsReply[String(o.index)] ?? call.handsReply[o.param];
        if (!given || o.call.modelArgs?.[o.key]) continue;
        o.call.modelArgs = { ...o.call.modelArgs, [o.key]: `${given} through ${importer.relPath} → ${o.owner}()` };
      }
    }
  }
}

/** Code sinks no reply of this module reaches, whose code comes from a positional parameter of the function holding them. */
function openSinks(model: CodeModel): Open[] {
  const out: Open[] = [];
  for (const call of model.calls) {
    if (call.modelArgs) continue;
    const args = codeArguments(call.callee, model.language);
    if (!args) continue;
    const owner = innermostFunction(model.functions, call);
    if (!owner) continue;
    for (const [key, v] of Object.entries(call.argv ?? {})) {
      if (key === 'self' || (args.length && !args.includes(key))) continue;
      const index = owner.body.params.findIndex((names) => names.some((n) => v.from.includes(n)));
      if (index >= 0) out.push({ call, key, owner: owner.name, index, param: owner.body.params[index]![0]! });
    }
  }
  return [...out, ...throughCallers(model, out)];
}

/**
 * The same sinks one call further out in the module: a function that hands its own parameter to the
 * one holding the sink (`execute_code(code)` starting `Process(target=worker, args=(code, q))`, the
 * worker running `exec(code)`) is what another module calls.
 */
function throughCallers(model: CodeModel, open: Open[]): Open[] {
  const out: Open[] = [];
  for (const o of open) {
    for (const call of model.calls) {
      if (!call.local || (call.local !== o.owner && !o.owner.endsWith(`.${call.local}`))) continue;
      const v = call.argv?.[String(o.index)] ?? call.argv?.[o.param];
      const caller = v && innermostFunction(model.functions, call);
      if (!caller || caller.name === o.owner) continue;
      const index = caller.body.params.findIndex((names) => names.some((n) => v.from.includes(n)));
      if (index >= 0) out.push({ call: o.call, key: o.key, owner: caller.name, index, param: caller.body.params[index]![0]! });
    }
  }
  return out;
}
