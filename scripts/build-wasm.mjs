// Part of `npm run build`: compiles the WebAssembly text sources (src/**/*.wat) with wabt, the
// WebAssembly project's own toolkit, into dist/ beside the compiled TypeScript.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wabt = await wabtInit();
const sources = readdirSync(path.join(root, 'src'), { recursive: true }).filter((f) => f.endsWith('.wat'));
for (const rel of sources) {
  const text = readFileSync(path.join(root, 'src', rel), 'utf8');
  const mod = wabt.parseWat(rel, text);
  mod.validate();
  const out = path.join(root, 'dist', rel.replace(/\.wat$/, '.wasm'));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, mod.toBinary({}).buffer);
  mod.destroy();
}
console.log(`wasm: compiled ${sources.join(', ')}`);
