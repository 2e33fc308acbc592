/**
 * Helpers imported from other modules of the repository: a tool in `agent.py` that calls `run` from
 * `from .shell import run` (or `import { run } from './shell'`) is judged by what `run` does in
 * `shell.py`. Before the sync data-flow walk (`reach.ts`), the analysis resolves the imports its
 * tools' bodies call into files of the scanned tree, parses each such module once per process
 * (keyed by path, size and modification time) and hands the walk a lookup.
 *
 * Bounded on purpose: only calls reachable from tool bodies are resolved, at most MAX_MODULES
 * modules per analysed file, MAX_HOPS modules away from it (a re-export counts as a hop), files
 * above MAX_BYTES are not read, and nothing outside the scanned root is (symlinks included).
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { contentHash } from '../../core/fingerprint.js';
import { SourceFile } from '../../core/source.js';
import { classify } from '../../discovery/classify.js';
import { settleArgv, type Body, type CallSite, type CodeModel, type Language } from './model.js';
import { pythonModel } from './python-model.js';
import { typescriptModel } from './typescript-model.js';

const MAX_MODULES = 24;
const MAX_HOPS = 3;
const MAX_BYTES = 512 * 1024;
const MAX_HELPER_DEPTH = 4;

/** A module of the repository, parsed. */
export interface Module {
  relPath: string;
  file: SourceFile;
  model: CodeModel;
  /** Hash of its bytes: a cached result of a file that followed it stands only while it is unchanged. */
  hash: string;
}

/** A function of another module that a call reaches. */
export interface ImportedFunction {
  module: Module;
  /** Its key in the module's functions (`run`, `Shell.run`). */
  name: string;
  body: Body;
}

/** What the walk asks: the in-repository function a call of a module reaches, if any. */
export type ImportLookup = (from: string, call: CallSite) => ImportedFunction | undefined;

export interface ImportedHelpers {
  lookup: ImportLookup;
  /** Every module resolved for the file, by path, with the hash of its bytes. */
  modules: Map<string, string>;
}

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

interface CachedModule {
  stamp: string;
  module: Promise<Module | undefined>;
}

/** Parsed modules of this process, by absolute path; a changed file (size or time) is parsed again. */
const parsed = new Map<string, CachedModule>();
/** Whether a path is a file inside its root, by absolute path (stat results for one scan). */
const fileChecks = new Map<string, string | undefined>();

/**
 * Resolves the imported helpers reachable from the tool bodies of `file`, and returns the lookup the
 * walk uses. Files the resolution cannot place in the repository are left alone (a library).
 */
export async function importedHelpers(file: SourceFile, model: CodeModel, roots: Body[]): Promise<ImportedHelpers> {
  const root = file.root;
  const resolved = new Map<string, ImportedFunction | null>();
  const key = (from: string, call: CallSite) => `${from}\0${call.imported?.module}\0${call.imported?.name}`;
  const lookup: ImportLookup = (from, call) => (call.imported === undefined ? undefined : resolved.get(key(from, call)) ?? undefined);
  const modules = new Map<string, string>();
  if (!root) return { lookup, modules };
  const language: Language = model.language;
  let loaded = 0;
  const self: Module = { relPath: file.relPath, file, model, hash: '' };
  const queue: { module: Module; bodies: Body[]; hops: number }[] = [{ module: self, bodies: roots, hops: 0 }];
  while (queue.length) {
    const { module, bodies, hops } = queue.shift()!;
    for (const call of importedCalls(module.model, bodies)) {
      const k = key(module.relPath, call);
      if (resolved.has(k)) continue;
      resolved.set(k, null);
      if (loaded >= MAX_MODULES || hops >= MAX_HOPS) continue;
      const found = await findFunction(root, module.relPath, call.imported!.module, call.imported!.name, language, hops, () => ++loaded <= MAX_MODULES);
      if (!found) continue;
      resolved.set(k, found.fn);
      modules.set(found.fn.module.relPath, found.fn.module.hash);
      queue.push({ module: found.fn.module, bodies: [found.fn.body], hops: found.hops + 1 });
    }
  }
  return { lookup, modules };
}

/** Calls to imported names in the bodies and the same-module helpers they call. */
function importedCalls(model: CodeModel, bodies: Body[]): CallSite[] {
  const out: CallSite[] = [];
  const seen = new Set<Body>();
  const visit = (body: Body | undefined, depth: number): void => {
    if (!body || seen.has(body) || depth > MAX_HELPER_DEPTH) return;
    seen.add(body);
    for (const call of body.calls) {
      if (call.imported?.name && !call.local) out.push(call);
      else if (call.local) visit(model.functions.get(call.local), depth + 1);
    }
  };
  for (const b of bodies) visit(b, 0);
  return out;
}

/**
 * The function `name` of module `spec` imported by `from`: found in the module, in a submodule
 * (`from . import shell` then `shell.run`), or behind one of the module's own imports (a re-export).
 */
async function findFunction(
  root: string,
  from: string,
  spec: string,
  name: string,
  language: Language,
  hops: number,
  budget: () => boolean,
): Promise<{ fn: ImportedFunction; hops: number } | undefined> {
  if (hops >= MAX_HOPS) return undefined;
  const rel = resolveModule(root, from, spec, language);
  const mod = rel && budget() ? await loadModule(root, rel) : undefined;
  if (mod) {
    const body = mod.model.functions.get(name);
    if (body) return { fn: { module: mod, name, body }, hops };
    const head = name.split('.')[0]!;
    const rest = name.slice(head.length + 1);
    const via = mod.model.imports.get(head);
    // Exported under another name by the module itself (`export default run`, `export { run as exec }`).
    const own = via?.module === '' ? mod.model.functions.get([via.name, ...(rest ? [rest] : [])].join('.')) : undefined;
    if (own) return { fn: { module: mod, name: via!.name, body: own }, hops };
    if (via && via.module !== '') {
      const inner = via.name === '*' ? rest : [via.name, ...(rest ? [rest] : [])].join('.');
      if (inner) {
        const found = await findFunction(root, rel!, via.module, inner, language, hops + 1, budget);
        if (found) return found;
      }
    }
    for (const [k, v] of mod.model.imports) {
      if (!k.startsWith('*') || v.name !== '*') continue;
      const found = await findFunction(root, rel!, v.module, name, language, hops + 1, budget);
      if (found) return found;
    }
  }
  // `from . import shell` then `shell.run(…)`: `run` of the submodule `.shell`.
  if (language === 'python' && name.includes('.')) {
    const head = name.split('.')[0]!;
    const sub = /\.$/.test(spec) ? `${spec}${head}` : `${spec}.${head}`;
    return findFunction(root, from, sub, name.slice(head.length + 1), language, hops, budget);
  }
  return undefined;
}

/**
 * Modules in the same folder as `file` that import it (`import { startServer } from './server-utils.js'`):
 * where a helper module that serves whatever server it is handed gets that server and its tools.
 * Bounded as the forward lookup is: same-language files of the folder that name the module's stem,
 * at most MAX_MODULES read. `star` says the module has every name of `file` through `from … import *`
 * (`starReaches`); a module in between that it rests on is recorded in `dependencies`.
 */
export async function siblingImporters(file: SourceFile, dependencies?: Map<string, string>): Promise<Array<Module & { star: boolean }>> {
  const root = file.root;
  if (!root || (file.kind !== 'python' && file.kind !== 'typescript')) return [];
  const language: Language = file.kind;
  const dir = path.posix.dirname(file.relPath);
  const stem = path.posix.basename(file.relPath).replace(/\.[^.]+$/, '');
  let names: string[];
  try {
    names = readdirSync(path.join(root, dir));
  } catch {
    return [];
  }
  const out: Array<Module & { star: boolean }> = [];
  let loaded = 0;
  for (const name of names.sort()) {
    const rel = dir === '.' ? name : `${dir}/${name}`;
    if (rel === file.relPath || classify(rel) !== language || !isFile(root, rel)) continue;
    if (loaded >= MAX_MODULES) break;
    let text: string;
    try {
      if (statSync(path.join(root, rel)).size > MAX_BYTES) continue;
      text = readFileSync(path.join(root, rel), 'utf8');
    } catch {
      continue;
    }
    if (!text.includes(stem) && !STAR_IMPORT.test(text)) continue;
    loaded++;
    const mod = await loadModule(root, rel);
    if (!mod) continue;
    const named = [...mod.model.imports.values()].some((v) => v.module !== '' && resolveModule(root, rel, v.module, language) === file.relPath);
    const star = await starReaches(root, mod, file.relPath, dependencies);
    if (named || star) out.push({ ...mod, star });
  }
  return out;
}

const STAR_IMPORT = /^[ \t]*from[ \t]+\S+[ \t]+import[ \t]+\*/m;

/**
 * Whether a Python module has every name of `target` through `from … import *`: of `target` itself,
 * or of a module that does the same of `target` (star imports hand on what they bring in).
 */
export async function starReaches(root: string, mod: Module, target: string, dependencies?: Map<string, string>): Promise<boolean> {
  if (mod.model.language !== 'python') return false;
  const stars = [...mod.model.imports.values()].filter((v) => v.name === '*').map((v) => resolveModule(root, mod.relPath, v.module, 'python'));
  if (stars.includes(target)) return true;
  for (const rel of stars) {
    if (!rel || rel === mod.relPath) continue;
    const next = await loadModule(root, rel);
    if (next && [...next.model.imports.values()].some((v) => v.name === '*' && resolveModule(root, rel, v.module, 'python') === target)) {
      // The judgement rests on the module in between too.
      dependencies?.set(next.relPath, next.hash);
      return true;
    }
  }
  return false;
}

/**
 * Modules of the repository that `file` imports names from (`from tools import mcp`): where a server
 * file that registers no tools of its own gets the server it runs. At most MAX_MODULES, in import order.
 */
export async function importedModules(file: SourceFile, model: CodeModel): Promise<Module[]> {
  const root = file.root;
  if (!root || (file.kind !== 'python' && file.kind !== 'typescript')) return [];
  const language: Language = file.kind;
  const out: Module[] = [];
  const seen = new Set<string>();
  for (const { module } of model.imports.values()) {
    if (out.length >= MAX_MODULES) break;
    const rel = module === '' ? undefined : resolveModule(root, file.relPath, module, language);
    if (!rel || seen.has(rel)) continue;
    seen.add(rel);
    const mod = await loadModule(root, rel);
    if (mod) out.push(mod);
  }
  return out;
}

/** The repository file a module name refers to, relative to the root; undefined when it is not one. */
export function resolveModule(root: string, from: string, spec: string, language: Language): string | undefined {
  const dir = path.posix.dirname(from);
  if (language === 'typescript') {
    if (!spec.startsWith('.')) return undefined;
    const base = path.posix.normalize(path.posix.join(dir, spec));
    const stem = base.replace(/\.(?:js|jsx|mjs|cjs)$/, '');
    const candidates = [...(stem !== base ? TS_EXTENSIONS.map((e) => stem + e) : []), base, ...TS_EXTENSIONS.map((e) => base + e), ...TS_EXTENSIONS.map((e) => `${base}/index${e}`)];
    return candidates.find((c) => isFile(root, c));
  }
  const m = /^(\.*)(.*)$/.exec(spec)!;
  const parts = m[2] ? m[2].split('.') : [];
  if (m[1]!.length) {
    let base = dir;
    for (let i = 1; i < m[1]!.length; i++) base = path.posix.dirname(base);
    return pythonFile(root, base, parts);
  }
  if (!parts.length) return undefined;
  // An absolute import: from the file's own folder up to the root, then `src/`.
  const bases: string[] = [];
  for (let d = dir; ; d = path.posix.dirname(d)) {
    bases.push(d);
    if (d === '.' || d === '/' || d === '') break;
  }
  bases.push('src');
  for (const base of bases) {
    const found = pythonFile(root, base, parts);
    if (found) return found;
  }
  return undefined;
}

function pythonFile(root: string, base: string, parts: string[]): string | undefined {
  const joined = path.posix.normalize(path.posix.join(base, ...parts));
  if (joined.startsWith('..')) return undefined;
  return [`${joined}.py`, `${joined}/__init__.py`].find((c) => isFile(root, c));
}

/** A regular file inside the root, reached without leaving it through a symlink. */
function isFile(root: string, rel: string): boolean {
  if (rel.startsWith('..') || path.posix.isAbsolute(rel)) return false;
  const abs = path.join(root, rel);
  if (!fileChecks.has(abs)) {
    let real: string | undefined;
    try {
      if (statSync(abs).isFile()) {
        real = realpathSync(abs);
        const realRoot = realpathSync(root);
        if (!real.startsWith(realRoot + path.sep)) real = undefined;
      }
    } catch {
      real = undefined;
    }
    fileChecks.set(abs, real);
    if (fileChecks.size > 20000) fileChecks.clear();
  }
  return fileChecks.get(abs) !== undefined;
}

/** A module of the repository by its path (one an analysis followed, from `dependencies`), parsed once per process. */
export function moduleAt(file: SourceFile, rel: string): Promise<Module | undefined> {
  return file.root && isFile(file.root, rel) ? loadModule(file.root, rel) : Promise.resolve(undefined);
}

async function loadModule(root: string, rel: string): Promise<Module | undefined> {
  const abs = path.join(root, rel);
  let stamp: string;
  try {
    const st = statSync(abs);
    if (st.size > MAX_BYTES) return undefined;
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
  const cached = parsed.get(abs);
  if (cached?.stamp === stamp) return cached.module;
  const module = (async (): Promise<Module | undefined> => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(abs);
    } catch {
      return undefined;
    }
    const text = bytes.toString('utf8');
    const kind = classify(rel);
    if (kind !== 'python' && kind !== 'typescript') return undefined;
    const file = new SourceFile({ absPath: abs, relPath: rel, kind, size: text.length }, text);
    const built = kind === 'python' ? await pythonModel(text) : await typescriptModel(rel, text);
    // Kept for the process: its syntax tree is not.
    if (built.ok) settleArgv(built.model);
    return built.ok ? { relPath: rel, file, model: built.model, hash: contentHash(bytes) } : undefined;
  })();
  parsed.set(abs, { stamp, module });
  if (parsed.size > 256) parsed.delete(parsed.keys().next().value!);
  return module;
}
