// The TypeScript/JavaScript parser and code model alone, in a fresh process, on the files of a
// repository the code analyzer would parse (agent-framework imports and markers, tests left out):
//   node bench/parse-typescript.mjs <repository dir> [parse|model] [passes]
// Prints, as JSON, the CPU time (user+system, ms) to load the parser and of each pass over the
// files: the first pass pays the JIT warm-up a scan's every thread pays. Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [dir, what = 'parse', passes = '3'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node bench/parse-typescript.mjs <repository dir> [parse|model] [passes]');
  process.exit(2);
}
const dist = new URL('../dist/', import.meta.url);
const { importsAgentFramework, isTestPath } = await import(new URL('rules/code/frameworks.js', dist));
const { mayDeclareAgentCode } = await import(new URL('rules/code/markers.js', dist));
const listed = execFileSync('git', ['-C', dir, 'ls-files', '*.ts', '*.tsx', '*.mts', '*.cts', '*.js', '*.jsx', '*.mjs', '*.cjs'], { maxBuffer: 1 << 28 }).toString().split('\n').filter(Boolean);
const files = [];
for (const rel of listed) {
  let text;
  try {
    text = readFileSync(path.join(dir, rel), 'utf8');
  } catch {
    continue;
  }
  if (!isTestPath(rel) && importsAgentFramework(text, 'typescript') && mayDeclareAgentCode(text, 'typescript')) files.push([rel, text]);
}
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let t = cpu();
const run = what === 'model' ? (await import(new URL('rules/code/typescript-model.js', dist))).typescriptModel : (await import(new URL('parsers/typescript.js', dist))).parseTypeScript;
await run('load.ts', 'x');
const out = { what, files: files.length, bytes: files.reduce((n, [, text]) => n + text.length, 0), loadMs: Math.round(cpu() - t), passMs: [] };
for (let pass = 0; pass < Number(passes); pass++) {
  t = cpu();
  for (const [rel, text] of files) await run(rel, text);
  out.passMs.push(Math.round(cpu() - t));
}
console.log(JSON.stringify(out));
