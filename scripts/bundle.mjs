// Part of `npm run build`, after the TypeScript compiler: bundles the command line, the scan
// worker and the scan engine from dist/ into dist/bundle/ with rolldown, so that a process loads a few dozen files
// instead of some two hundred modules, each resolved, read and compiled on its own. On a repeat scan
// served from the result cache that was about a seventh of the CPU time (README, "Speed").
// Modules loaded on demand (the domains' rules, replay, reports) stay separate chunks, loaded only
// when used; packages from node_modules are not bundled. Every file lands directly in dist/bundle/,
// two levels below the package root like the compiled modules, so paths the code derives from its
// own location (the package root, the worker beside the pool) hold in both.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => path.join(root, 'dist', p);
const out = dist('bundle');
rmSync(out, { recursive: true, force: true });
await build({
  // `scan` is the engine on its own, and `tiering` the V8 settings the command line makes, for the
  // benchmarks, which time what the command line runs.
  input: { cli: dist('cli.js'), worker: dist('engine/worker.js'), scan: dist('engine/scan.js'), tiering: dist('core/tiering.js') },
  platform: 'node',
  // Node's own modules and installed packages (native parsers, WebAssembly grammars) load as they are.
  external: [/^node:/, /^[^./]/],
  logLevel: 'warn',
  output: { dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
});
// The CommonJS parser libraries every scan loads, each as one file (see src/core/vendored.ts); the
// JSONC parser from its ES module build, whose modules rolldown can follow (its UMD build hides them).
const vendor = dist('vendor');
rmSync(vendor, { recursive: true, force: true });
const pkg = (p) => path.join(root, 'node_modules', p);
await build({
  input: { yaml: pkg('yaml/dist/index.js'), 'jsonc-parser': pkg('jsonc-parser/lib/esm/main.js'), picomatch: pkg('picomatch/index.js') },
  platform: 'node',
  external: [/^node:/],
  logLevel: 'warn',
  output: { dir: vendor, format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs' },
});
console.log(`bundle: ${path.relative(root, out)}/cli.js, worker.js, scan.js and tiering.js; ${path.relative(root, vendor)}/yaml.cjs, jsonc-parser.cjs and picomatch.cjs`);
