// Part of `npm run build`, after the TypeScript compiler: bundles the command line, the scan
// worker and the scan engine from dist/ into dist/bundle/ with rolldown, so that a process loads a few dozen files
// instead of some two hundred modules, each resolved, read and compiled on its own. On a repeat scan
// served from the result cache that was about a seventh of the CPU time (README, "Speed").
// Modules loaded on demand (the domains' rules, replay, reports) stay separate chunks, loaded only
// when used; packages from node_modules are not bundled. Every file lands directly in dist/bundle/,
// two levels below the package root like the compiled modules, so paths the code derives from its
// own location (the package root) hold in both.
//
// The bundle is CommonJS, so that src/core/code-cache.ts can load it with V8's code cache (Node.js 20
// has none for ES modules); that loader is left out of the bundle, so there is one of it per thread.
// The live terminal display stays an ES module (dist/ui/live.js): ink, which it imports, waits on
// WebAssembly at load (top-level await) and cannot be required. The chunk that imports it is named in
// dist/bundle/uncached.json: V8 drops a cached script's dynamic-import hook, so the build makes no
// code cache for a chunk that imports a package dynamically (scripts/build-code-cache.mjs).
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { parseSync } from 'oxc-parser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => path.join(root, 'dist', p);
const out = dist('bundle');
rmSync(out, { recursive: true, force: true });
const ownEsm = [dist('core/code-cache.js'), dist('ui/live.js')];
/** The modules that run a dynamic import() of something outside the bundle, each in a chunk of its own (see above). */
const DYNAMIC_IMPORTERS = ['ui/session.js', 'audit/rules.js', 'commands/report.js', 'commands/rules.js'].map(dist);
const bundle = await build({
  // `scan` is the engine on its own, and `tiering` the V8 settings the command line makes, for the
  // benchmarks, which time what the command line runs.
  input: { cli: dist('cli.js'), worker: dist('engine/worker.js'), 'hasher-worker': dist('engine/hasher-worker.js'), scan: dist('engine/scan.js'), tiering: dist('core/tiering.js') },
  platform: 'node',
  // Node's own modules and installed packages (native parsers, WebAssembly grammars) load as they are.
  external: (id, importer) => /^node:|^[^./]/.test(id) || (!!importer && ownEsm.includes(path.resolve(path.dirname(importer), id))),
  logLevel: 'warn',
  // The entries' exports stay as they are; a chunk of its own may add to them (what the groups below need).
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: out,
    format: 'cjs',
    entryFileNames: '[name].cjs',
    chunkFileNames: '[name]-[hash].cjs',
    // Our own ES modules left out of the bundle, from the bundle's folder.
    paths: (id) => (path.isAbsolute(id) ? path.relative(out, id).split(path.sep).join('/') : id),
    codeSplitting: {
      groups: [{ debugName: 'dynamic importers', name: (id) => (DYNAMIC_IMPORTERS.includes(id) ? `dynamic-${path.relative(dist(''), id).replace(/\.js$/, '').replace(/[\\/]/g, '-')}` : null), includeDependenciesRecursively: false }],
    },
  },
});
const chunks = bundle.output.filter((o) => o.type === 'chunk');
const uncached = chunks.filter((c) => importsDynamically(c.fileName, c.code)).map((c) => c.fileName);
const big = uncached.filter((f) => !/^dynamic-/.test(f));
if (big.length) throw new Error(`bundle: ${big.join(', ')} import dynamically outside the bundle: add the module that does to DYNAMIC_IMPORTERS`);
writeFileSync(path.join(out, 'uncached.json'), `${JSON.stringify(uncached)}\n`);
/** Whether a chunk holds a dynamic import(): it loads something from outside the bundle (rolldown turns the bundle's own into require). */
function importsDynamically(name, code) {
  const stack = [parseSync(name, code).program];
  while (stack.length) {
    const node = stack.pop();
    if (node?.type === 'ImportExpression') return true;
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const v of value) v && typeof v.type === 'string' && stack.push(v);
      else if (value && typeof value.type === 'string') stack.push(value);
    }
  }
  return false;
}

// The CommonJS parser libraries every scan loads, each as one file (see src/core/vendored.ts); the
// JSONC parser from its ES module build, whose modules rolldown can follow (its UMD build hides them);
// of js-yaml only its event parser (scripts/vendor/js-yaml-events.mjs).
const vendor = dist('vendor');
rmSync(vendor, { recursive: true, force: true });
const pkg = (p) => path.join(root, 'node_modules', p);
/** Bundles `input` (name → entry module) into dist/vendor/, one CommonJS file per entry; `options` adds to the rolldown options. */
const buildVendor = (input, options = {}) =>
  build({
    input,
    platform: 'node',
    external: [/^node:/],
    logLevel: 'warn',
    ...options,
    output: { dir: vendor, format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs' },
  });
await buildVendor({
  yaml: pkg('yaml/dist/index.js'),
  'jsonc-parser': pkg('jsonc-parser/lib/esm/main.js'),
  picomatch: pkg('picomatch/index.js'),
});
// js-yaml's parser keeps its state in one object made with object spread (`{ ...defaults, ...options,
// input, position, … }`); as written, V8 gives that object a slow shape, and the parse of kops' YAML
// ran three to five times slower warm than from the package's own CommonJS build, which spreads with
// a helper. Lowered the same way here.
await buildVendor({ 'js-yaml': path.join(root, 'scripts/vendor/js-yaml-events.mjs') }, { transform: { target: 'es2017' } });
console.log(`bundle: ${path.relative(root, out)}/cli.cjs, worker.cjs, hasher-worker.cjs, scan.cjs and tiering.cjs (${chunks.length} files, ${uncached.length} without code cache); ${path.relative(root, vendor)}/yaml.cjs, js-yaml.cjs, jsonc-parser.cjs and picomatch.cjs`);
