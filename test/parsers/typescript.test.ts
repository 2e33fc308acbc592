/**
 * The TypeScript/JavaScript parser (oxc-parser) and what the code model reads from it: positions in
 * UTF-16 offsets, syntax errors with the rest still analysed, JSX in every JavaScript dialect, and
 * nesting too deep for the native parser refused before it runs (a native stack overflow would kill
 * the process, not throw).
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING_COST, nestingCost } from '../../src/parsers/nesting.js';
import { parseTypeScript } from '../../src/parsers/typescript.js';
import { typescriptModel } from '../../src/rules/code/typescript-model.js';
import { analyzeCodeFile } from '../code/helpers.js';

async function model(fileName: string, text: string) {
  const built = await typescriptModel(fileName, text);
  if (!built.ok) throw new Error(built.error);
  return built.model;
}

describe('positions', () => {
  it('are UTF-16 offsets, as JavaScript strings index, after non-ASCII text', async () => {
    const text = "// naïve café — 😀 emoji take two UTF-16 units\nconst s = 'héllo 😀 wörld';\nconst key = process.env.OPENAI_API_KEY;\nexport const t = callTool({ timeout: 5 });\n";
    const m = await model('src/unicode.ts', text);
    const read = m.envReads[0]!;
    expect(text.slice(read.start, read.end)).toBe('process.env.OPENAI_API_KEY');
    const call = m.calls.find((c) => c.callee === 'callTool')!;
    expect(text.slice(call.start, call.end)).toBe('callTool({ timeout: 5 })');
    const setting = m.settings.find((x) => x.name === 'timeout');
    if (setting) expect(text.slice(setting.start, setting.end)).toBe('timeout: 5');
  });

  it('place a tool at its call, and its body where the function is written', async () => {
    const text = "import { tool } from 'ai';\n// ünïcödé 😀\nexport const wipe = tool({\n  description: 'Délete a file',\n  execute: async ({ path }) => { await rm(path); },\n});\n";
    const m = await model('src/tools.ts', text);
    const t = m.tools[0]!;
    expect(text.slice(t.at.start, t.at.end)).toMatch(/^tool\(\{[\s\S]*\}\)$/);
    expect(t.description?.text).toBe('Délete a file');
    expect(text.slice(t.description!.start, t.description!.end)).toBe("'Délete a file'");
    expect(t.body!.text).toBe('async ({ path }) => { await rm(path); }');
    expect(t.inputs).toEqual(['path']);
  });

  it('an exported function body starts at `export`, as the TypeScript compiler placed it', async () => {
    const text = "import { tool } from 'ai';\nexport function run(cmd: string) { return exec(cmd); }\n";
    const body = (await model('src/run.ts', text)).functions.get('run')!;
    expect(body.text).toBe('export function run(cmd: string) { return exec(cmd); }');
    expect(body.params).toEqual([['cmd']]);
  });
});

describe('syntax errors', () => {
  it('a message that quotes source text shows long quotes as …', async () => {
    const token = 'sk_live_' + 'Q7vX2mRk9TzW4pLb';
    const r = await parseTypeScript('src/x.ts', `import a from './a' with { '${token}': 'json', '${token}': 'json' };\n`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.syntaxError?.message).toBeDefined();
    expect(r.syntaxError!.message).not.toContain(token);
  });

  it('name the line, and the rest of the file is still analysed', async () => {
    const text = 'const a = process.env.FIRST;\nconst x = ;\nconst b = process.env.SECOND;\n';
    const m = await model('src/broken.ts', text);
    expect(m.syntaxError?.line).toBe(2);
    expect(m.envReads.map((r) => r.name)).toEqual(['FIRST', 'SECOND']);
  });

  it('an unterminated string and an unclosed block: what parses around them is analysed', async () => {
    expect((await model('src/s.ts', "const s = 'abc\nconst b = process.env.B;\n")).envReads.map((r) => r.name)).toEqual(['B']);
    const m = await model('src/b.ts', 'function f() {\n  if (a {\n    x();\n  }\n}\nconst b = process.env.B;\n');
    expect(m.syntaxError?.line).toBe(2);
    expect(m.envReads.map((r) => r.name)).toEqual(['B']);
  });

  it('a broken method: the other methods of its class are still read', async () => {
    const text = [
      "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
      'export class Shell {',
      '  read() {',
      '    return process.env.FIRST;',
      '  }',
      '  broken() {',
      '    const x = foo(1, ;',
      '  }',
      '  write() {',
      '    return process.env.SECOND;',
      '  }',
      '}',
      'const PROMPT = `',
      'You are a shell assistant.',
      'Run what you are asked.',
      '`;',
      "export const key = process.env['THIRD'];",
      '',
    ].join('\n');
    const m = await model('src/shell.ts', text);
    expect(m.syntaxError?.line).toBe(7);
    expect(m.envReads.map((r) => r.name)).toEqual(['FIRST', 'SECOND', 'THIRD']);
    expect([...m.functions.keys()]).toEqual(expect.arrayContaining(['Shell.read', 'Shell.write']));
  });

  it('an unclosed bracket in a template-literal file: the statements after it are read', async () => {
    const text = "const PROMPT = `\nYou are helpful.\nBe brief.\n`;\nconst agent = createAgent({\n  tools: [a, b,\n  model: 'x',\n});\nconst key = process.env.KEY;\n";
    expect((await model('src/agent.ts', text)).envReads.map((r) => r.name)).toEqual(['KEY']);
  });

  it('are reported by the analyzer in the same words as before', async () => {
    const r = await analyzeCodeFile('src/broken.ts', "import { tool } from 'ai';\nexport const t = tool({ execute: async () => { ;\n");
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toMatch(/^syntax error at line \d+ \(.+\): agent code analysed only where it parses$/);
  });

  it('a clean file has none', async () => {
    expect((await model('src/ok.ts', "import { tool } from 'ai';\nexport const t = tool({});\n")).syntaxError).toBeUndefined();
  });
});

describe('dialects', () => {
  it('TSX: tools beside components', async () => {
    const text = "import { tool } from 'ai';\nexport const Card = ({ title }: { title: string }) => <div className=\"card\">{title}</div>;\nexport const wipe = tool({ description: 'wipe', execute: async ({ path }: { path: string }) => rm(path) });\n";
    const m = await model('src/card.tsx', text);
    expect(m.syntaxError).toBeUndefined();
    expect(m.tools.map((t) => t.name)).toEqual(['wipe']);
    expect(m.tools[0]!.inputs).toEqual(['path']);
  });

  it('JSX is read in .js, .jsx, .mjs and .cjs files, as the TypeScript compiler read it', async () => {
    const text = "const { tool } = require('ai');\nconst View = () => <span>hi</span>;\nmodule.exports = tool({ description: 'ls', execute: async ({ dir }) => exec('ls ' + dir) });\n";
    for (const ext of ['js', 'jsx', 'cjs']) {
      const m = await model(`src/view.${ext}`, text);
      expect(m.syntaxError, ext).toBeUndefined();
      expect(m.tools.map((t) => t.name), ext).toEqual(['tool']);
    }
    const esm = "import { tool } from 'ai';\nconst View = () => <span>hi</span>;\nexport default tool({ description: 'ls', execute: async ({ dir }) => exec('ls ' + dir) });\n";
    expect((await model('src/view.mjs', esm)).syntaxError).toBeUndefined();
  });

  it('declaration files: what only a type check rejects is no syntax error', async () => {
    const m = await model('core/index.d.ts', 'export namespace SymbolTag {\n  export const Deprecated: 1 = 1;\n}\nexport declare function run(cmd: string): void;\n');
    expect(m.syntaxError).toBeUndefined();
  });

  it('TypeScript angle-bracket casts in .ts files', async () => {
    const m = await model('src/cast.ts', 'const k = <string>process.env.TOKEN;\n');
    expect(m.syntaxError).toBeUndefined();
    expect(m.envReads.map((r) => r.name)).toEqual(['TOKEN']);
  });
});

/** Shapes that overflow the native parser's stack, with the depth at which they did in a 4 MB worker. */
const DEEP: Record<string, [(n: number) => string, number]> = {
  brackets: [(n) => 'const x = ' + '['.repeat(n) + ']'.repeat(n) + ';', 3_800],
  parentheses: [(n) => 'const x = ' + '('.repeat(n) + '1' + ')'.repeat(n) + ';', 3_800],
  objects: [(n) => 'const x = ' + '{a:'.repeat(n) + '1' + '}'.repeat(n) + ';', 3_800],
  'chained +': [(n) => 'const x = ' + Array(n).fill("'s'").join(' +\n ') + ';', 31_000],
  assignments: [(n) => Array(n).fill('a').join(' = ') + ';', 3_800],
  ternaries: [(n) => 'x = ' + 'a ? b : '.repeat(n) + 'c;', 3_800],
  'unary !': [(n) => 'x = ' + '!'.repeat(n) + 'a;', 15_700],
  arrows: [(n) => 'x = ' + 'a => '.repeat(n) + '1;', 3_800],
  'else if': [(n) => 'if (a) x; ' + 'else if (a) x; '.repeat(n), 3_200],
  'nested if': [(n) => 'if (a)\n'.repeat(n) + ';', 3_200],
  labels: [(n) => 'l: '.repeat(n) + ';', 3_000],
  'member chain': [(n) => 'x = a' + '.b'.repeat(n) + ';', 62_000],
  'call chain': [(n) => 'x = a' + '\n  .b()'.repeat(n) + ';', 34_000],
  'type arguments': [(n) => 'let x: ' + 'A<'.repeat(n) + 'B' + '>'.repeat(n) + ';', 2_050],
  'JSX elements': [(n) => 'x = ' + '<a>'.repeat(n) + '</a>'.repeat(n) + ';', 7_500],
  'template substitutions': [(n) => 'x = ' + '`${'.repeat(n) + '1' + '}`'.repeat(n) + ';', 1_850],
  'new new': [(n) => 'x = ' + 'new '.repeat(n) + 'A;', 7_500],
};

/** The deepest `shape` the estimate lets through. */
function deepestAllowed(shape: (n: number) => string): number {
  let lo = 1;
  let hi = 100_000;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (nestingCost(shape(mid)) <= MAX_NESTING_COST) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Parses each text with oxc-parser in a worker thread (4 MB stack, as the scan's workers have). */
function parseInWorker(texts: string[]): Promise<number> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    import('oxc-parser').then(({ parseSync }) => {
      for (const text of workerData) parseSync('deep.tsx', text).program;
      parentPort.postMessage(workerData.length);
    });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: texts });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe('nesting too deep for the native parser', () => {
  it.each(Object.entries(DEEP))('%s: refused at the depth that overflowed, with a clear error', async (_name, [shape, overflow]) => {
    expect(nestingCost(shape(overflow))).toBeGreaterThan(MAX_NESTING_COST);
    expect(await parseTypeScript('src/deep.tsx', shape(overflow))).toEqual({ ok: false, error: 'too deeply nested to parse' });
  });

  it('the deepest of each shape let through parses in a worker thread without overflowing', async () => {
    const texts = Object.values(DEEP).map(([shape]) => shape(deepestAllowed(shape)));
    expect(await parseInWorker(texts)).toBe(texts.length);
  });

  it('the analyzer reports it and goes on', async () => {
    // One nesting level a line: a single long line would be taken for minified code, which the code rules do not read.
    const deep = "import { tool } from 'ai';\nconst x = " + '`${\n'.repeat(5000) + '1' + '}`\n'.repeat(5000) + ';\n';
    const r = await analyzeCodeFile('src/deep.ts', deep + "export const t = tool({ description: 'd', execute: async () => x });\n");
    expect(r.errors.map((e) => e.message)).toEqual(['too deeply nested to parse']);
  });

  it('ordinary code stays far below the limit: statements end at `;`, at commas and at line breaks', () => {
    const asi = Array.from({ length: 5000 }, (_, i) => `const v${i} = a${i} + b${i} * c${i} ?? d${i}\nfoo(v${i}).then((x) => x.y)`).join('\n');
    expect(nestingCost(asi)).toBeLessThan(200);
    const minified = Array.from({ length: 5000 }, (_, i) => `if(x${i}===y){z=w+${i}}else{z=0}function f${i}(a){return a?b:c}`).join('');
    expect(nestingCost(minified)).toBeLessThan(200);
    const list = 'export const MODELS = [\n' + Array.from({ length: 20000 }, (_, i) => `  { id: 'm${i}', max: ${i} * 2 },`).join('\n') + '\n];\n';
    expect(nestingCost(list)).toBeLessThan(200);
    const union = 'export type Icon =\n' + Array.from({ length: 5000 }, (_, i) => `  | 'icon-${i}'`).join('\n') + ';\n';
    expect(nestingCost(union)).toBeLessThan(MAX_NESTING_COST / 2);
  });

  it('brackets inside strings, comments, regular expressions and template text do not count', () => {
    const deep = '('.repeat(5000);
    for (const text of [`const s = '${deep}';`, `const s = "${deep}";`, `// ${deep}\nx();`, `/* ${deep} */ x();`, `const r = /${deep.replace(/\(/g, '\\(')}/;`, `const t = \`${deep}\`;`]) {
      expect(nestingCost(text), text.slice(0, 12)).toBeLessThan(100);
    }
  });
});
