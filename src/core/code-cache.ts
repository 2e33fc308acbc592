/**
 * Loads the command line's own CommonJS files (the bundle in `dist/bundle/`, the parser libraries in
 * `dist/vendor/`) with V8's code cache: the bytecode of every function a scan ran, made once by
 * `npm run build` (scripts/build-code-cache.mjs) and kept beside each file as
 * `<file>.<variant>.v8cache`. A scanning thread then starts from compiled code instead of parsing
 * and compiling each function the first time it runs. Node.js 20 has no code cache for ES modules
 * nor one of its own for CommonJS (`module.enableCompileCache` came with 22), hence this loader.
 *
 * V8 refuses a cache made under other flags, and the command line changes V8's flags part way
 * (core/tiering.ts): each flag set has its own cache file, named by the variant tiering.ts sets
 * here. A cache V8 refuses (another Node.js, other flags) costs nothing but the check: the file is
 * compiled from source as without one. V8 tells sources apart by their length only, so each cache
 * starts with a digest of the source it was made from, and a cache of other source is refused here. `AGENTWARDEN_CODE_CACHE=off` reads no cache;
 * `AGENTWARDEN_CODE_CACHE=write` (the build) reads them as usual and, at exit, writes each file this
 * thread loaded under the flags still in force then: what it had from the cache and what the run
 * compiled besides, so that runs of the build add up. V8 stamps a cache with the flags in force
 * when it is written, so a file loaded under earlier flags is left to a run that keeps them.
 *
 * A chunk that runs a dynamic `import()` (listed in its folder's `uncached.json`) has no cache: V8
 * drops a cached script's dynamic-import hook, and only Node's own CommonJS compiler sets that hook
 * without an experimental warning, so Node compiles it, with this loader's `require`. This module is
 * never bundled itself, so the bundle, the command line's entry and a worker's share its one
 * instance per thread.
 */
import Module, { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

interface CommonJsModule {
  exports: unknown;
}

type Wrapper = (exports: unknown, require: NodeJS.Require, module: CommonJsModule, filename: string, dirname: string) => void;

/** Node's own CommonJS wrapper, on the file's first line so that line numbers in stack traces hold. */
const WRAP_START = '(function (exports, require, module, __filename, __dirname) { ';
const WRAP_END = '\n});';

const mode = process.env.AGENTWARDEN_CODE_CACHE;
const modules = new Map<string, CommonJsModule>();
const made: { script: vm.Script; file: string; digest: Buffer; variant: string }[] = [];
let variant = 'default';
let rejected = 0;

/** Names the V8 flag set in force from now on (set by core/tiering.ts when it changes the flags). */
export function setCodeCacheVariant(name: string): void {
  variant = name;
}

export function codeCacheVariant(): string {
  return variant;
}

/** How many cache files were refused in this thread (V8 refused them, or they were made from other source): the tests look. */
export function codeCacheRefusals(): number {
  return rejected;
}

export function codeCachePath(file: string, name = variant): string {
  return `${file}.${name}.v8cache`;
}

/** Node's CommonJS module, as its loader compiles one (internal but long stable: `_compile`). */
type NodeModule = CommonJsModule & { filename: string; paths: string[]; require: (id: string) => unknown; _compile(source: string, file: string): void };
const NodeModules = Module as unknown as { new (id: string): NodeModule; _nodeModulePaths(dir: string): string[] };

/** A CommonJS file's exports, loaded once per thread, its own relative `.cjs` requires loaded the same way. */
export function loadCached<T = unknown>(file: string): T {
  const known = modules.get(file);
  if (known) return known.exports as T;
  const source = readFileSync(file, 'utf8');
  if (importsDynamically(file)) {
    const module = new NodeModules(file);
    module.filename = file;
    module.paths = NodeModules._nodeModulePaths(path.dirname(file));
    module.require = requireFrom(file);
    modules.set(file, module);
    module._compile(source, file);
    return module.exports as T;
  }
  const digest = createHash('sha1').update(source).digest();
  const cachedData = mode === 'off' ? undefined : cacheOf(codeCachePath(file), digest);
  const script = new vm.Script(WRAP_START + source + WRAP_END, { filename: file, cachedData });
  if (cachedData && script.cachedDataRejected) rejected++;
  if (mode === 'write') noteMade(script, file, digest);
  const module: CommonJsModule = { exports: {} };
  modules.set(file, module);
  const wrapper = script.runInThisContext() as Wrapper;
  wrapper.call(module.exports, module.exports, requireFrom(file), module, file, path.dirname(file));
  return module.exports as T;
}

function requireFrom(file: string): NodeJS.Require {
  const node = createRequire(file);
  const dir = path.dirname(file);
  const require = ((id: string) => (id.startsWith('.') && id.endsWith('.cjs') ? loadCached(path.resolve(dir, id)) : node(id))) as NodeJS.Require;
  return Object.assign(require, { resolve: node.resolve, cache: node.cache, main: node.main, extensions: node.extensions });
}

const uncachedByDir = new Map<string, string[]>();

function importsDynamically(file: string): boolean {
  const dir = path.dirname(file);
  let names = uncachedByDir.get(dir);
  if (!names) {
    const listed = readIfPresent(path.join(dir, 'uncached.json'));
    names = listed ? (JSON.parse(listed.toString('utf8')) as string[]) : [];
    uncachedByDir.set(dir, names);
  }
  return names.includes(path.basename(file));
}

/** The V8 data of a cache file made from this source; a cache of other source counts as refused. */
function cacheOf(file: string, digest: Buffer): Buffer | undefined {
  const data = readIfPresent(file);
  if (!data) return undefined;
  if (data.length > digest.length && data.subarray(0, digest.length).equals(digest)) return data.subarray(digest.length);
  rejected++;
  return undefined;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function noteMade(script: vm.Script, file: string, digest: Buffer): void {
  if (!made.length) process.on('exit', writeMade);
  made.push({ script, file, digest, variant });
}

/** At exit, when every function the run needed is compiled: the cache then holds them all. */
function writeMade(): void {
  for (const { script, file, digest, variant: name } of made) if (name === variant) writeFileSync(codeCachePath(file, name), Buffer.concat([digest, script.createCachedData()]));
}
