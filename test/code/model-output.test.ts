/**
 * code/model-output-executed: a model's reply that reaches eval/exec is reported wherever it enters
 * (a completion call, a helper returning one, a parameter named for one, a caller handing one over);
 * a reply parsed as data, checked only for syntax, or run after a confirmation is not.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { analyzeCodeFile } from './helpers.js';

const ID = 'code/model-output-executed';

async function reported(path: string, code: string): Promise<{ line: number; severity: string; confidence: string; message: string }[]> {
  const r = await analyzeCodeFile(path, code);
  expect(r.errors).toEqual([]);
  return r.findings.filter((f) => f.ruleId === ID).map((f) => ({ line: f.location.startLine, severity: f.severity, confidence: f.confidence, message: f.message }));
}

describe('model reply executed as code', () => {
  it('follows the reply from the completion call, through a helper and a caller, to eval and exec', async () => {
    const code = [
      'import re',
      '',
      'class Planner:',
      '    def __init__(self, llm):',
      '        self.llm = llm',
      '',
      '    def _ask(self, prompt):',
      '        response = self.llm.chat_completion([{"role": "user", "content": prompt}])',
      '        return response["content"]',
      '',
      '    def tasks(self, goal):',
      '        reply = self._ask(goal)',
      '        return eval(re.sub(r"^```|```$", "", reply.strip()))',
      '',
      '    def _run(self, snippet):',
      '        exec(snippet, {})',
      '',
      '    def act(self, goal):',
      '        self._run(self._ask(goal))',
      '',
    ].join('\n');
    const found = await reported('agent/planner.py', code);
    expect(found.map((f) => f.line)).toEqual([13, 16]);
    expect(found[0]).toMatchObject({ severity: 'high', confidence: 'high' });
    expect(found[0]!.message).toContain('self.llm.chat_completion(…)');
    expect(found[1]!.message).toContain('through _run()');
  });

  it('a parameter named for the reply is a source, at medium confidence', async () => {
    const code = 'class Handler:\n    def handle(self, session, assistant_reply):\n        for task in eval(assistant_reply):\n            session.add(task)\n';
    const found = await reported('agent/handler.py', code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 3, confidence: 'medium' });
  });

  it('a `model_…` parameter is a reply only in a module that calls a model: elsewhere it is a data model\'s (a schema class\'s source)', async () => {
    const schema = 'from pydantic import BaseModel\n\ndef build_schema(model_code: str):\n    namespace = {"BaseModel": BaseModel}\n    exec(model_code, namespace)\n    return namespace\n';
    expect(await reported('app/services/extractor.py', schema)).toEqual([]);
    const asked = 'from openai import OpenAI\n\nclient = OpenAI()\n\ndef ask(prompt):\n    return client.chat.completions.create(model="gpt-4.1", messages=[{"role": "user", "content": prompt}])\n\ndef run(model_code: str):\n    exec(model_code)\n';
    expect(await reported('app/services/runner.py', asked)).toHaveLength(1);
  });

  it('a reply parsed as data, compiled only to check it, run after a confirmation, or code not from the model is not reported', async () => {
    const code = [
      'import ast, json',
      'from openai import OpenAI',
      '',
      'client = OpenAI()',
      '',
      'def reply(prompt):',
      '    r = client.chat.completions.create(model="gpt-4.1", messages=[{"role": "user", "content": prompt}])',
      '    return r.choices[0].message.content',
      '',
      'def as_json(prompt):',
      '    return json.loads(reply(prompt))',
      '',
      'def as_literal(prompt):',
      '    return ast.literal_eval(reply(prompt))',
      '',
      'def is_valid(prompt):',
      '    try:',
      '        compile(reply(prompt), "<reply>", "exec")',
      '        return True',
      '    except SyntaxError:',
      '        return False',
      '',
      'def confirmed(prompt):',
      '    code = reply(prompt)',
      '    if input(f"Run this code? [y/N]\\n{code}\\n") != "y":',
      '        return None',
      '    exec(code)',
      '',
      'def fixed(model):',
      '    model.eval()',
      '    return eval("1 + 1")',
      '',
    ].join('\n');
    expect(await reported('agent/safe.py', code)).toEqual([]);
  });

  it('TypeScript: follows the reply from an SDK call, a helper and a caller to eval, new Function and vm', async () => {
    const code = [
      "import OpenAI from 'openai';",
      "import vm from 'node:vm';",
      "import { generateText } from 'ai';",
      "import { openai } from '@ai-sdk/openai';",
      '',
      'const client = new OpenAI();',
      '',
      'export class Planner {',
      '  constructor(private model: { invoke(m: string): Promise<{ content: string }> }) {}',
      '',
      '  private async ask(goal: string): Promise<string> {',
      "    const completion = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: goal }] });",
      "    return completion.choices[0].message.content ?? '[]';",
      '  }',
      '',
      '  async tasks(goal: string) {',
      '    const reply = await this.ask(goal);',
      "    return eval(`(${reply.trim().replace(/^```\\w*|```$/g, '')})`);",
      '  }',
      '',
      '  private run(snippet: string) {',
      '    return vm.runInThisContext(snippet);',
      '  }',
      '',
      '  async act(goal: string) {',
      '    this.run(await this.ask(goal));',
      '  }',
      '',
      '  async transform(rows: unknown[]) {',
      "    const { text } = await generateText({ model: openai('gpt-4o'), prompt: 'Write the body of a function of rows' });",
      "    return new Function('rows', text)(rows);",
      '  }',
      '',
      '  async script() {',
      "    const res = await this.model.invoke('Write a script');",
      '    new vm.Script(String(res.content)).runInNewContext({});',
      '  }',
      '}',
      '',
    ].join('\n');
    const found = await reported('src/agent/planner.ts', code);
    expect(found.map((f) => f.line)).toEqual([18, 22, 31, 36]);
    expect(found.map((f) => f.confidence)).toEqual(['high', 'high', 'high', 'high']);
    expect(found[0]!.message).toContain('client.chat.completions.create(…)');
    expect(found[0]!.message).toContain('runs as code in this process');
    expect(found[1]!.message).toContain('through run()');
    expect(found[2]!.message).toMatch(/ai\.generateText\(…\)\) reaches Function\(…\) as argument 2/);
    expect(found[3]!.message).toContain('this.model.invoke(…)');
  });

  it('TypeScript: a script\'s top level, and a parameter named for the reply at medium confidence', async () => {
    const script = [
      "import Anthropic from '@anthropic-ai/sdk';",
      'const anthropic = new Anthropic();',
      "const msg = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Write JS' }] });",
      "const block = msg.content[0];",
      "if (block.type === 'text') eval(block.text);",
      '',
    ].join('\n');
    expect((await reported('scripts/run-claude.mjs', script)).map((f) => [f.line, f.confidence])).toEqual([[5, 'high']]);
    // A chain of helpers, each handing back the reply the one before asked for.
    const chain = ["import OpenAI from 'openai';", 'const client = new OpenAI();', "async function f0(p: string) { return (await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: p }] })).choices[0].message.content; }"];
    for (let i = 1; i < 8; i++) chain.push(`async function f${i}(p: string) { const r = await f${i - 1}(p); return r; }`);
    chain.push('export async function run(p: string) { return eval(await f7(p)); }', '');
    expect((await reported('src/chain.ts', chain.join('\n'))).map((f) => f.line)).toEqual([11]);
    // A promise's callback is handed the reply.
    const then = "const vm = require('vm');\nconst { ChatOpenAI } = require('@langchain/openai');\nconst llm = new ChatOpenAI();\nllm.invoke('Write JS').then(({ content }) => vm.runInThisContext(String(content)));\nllm.invoke('Say hi').then((res) => console.log(res.content));\n";
    expect((await reported('scripts/then.cjs', then)).map((f) => f.line)).toEqual([4]);
    // A streamed reply gathered piece by piece.
    const stream = [
      "import { streamText } from 'ai';",
      "import { openai } from '@ai-sdk/openai';",
      'export async function run(prompt: string) {',
      "  const result = streamText({ model: openai('gpt-4o'), prompt });",
      "  let code = '';",
      '  for await (const delta of result.textStream) code += delta;',
      '  return eval(code);',
      '}',
      '',
    ].join('\n');
    expect((await reported('src/stream.ts', stream)).map((f) => f.line)).toEqual([7]);
    // A request to a model's HTTP API, without an SDK; a request elsewhere is not a reply.
    const http = [
      "const API = 'https://api.openai.com/v1';",
      'export async function ask(prompt: string, url: string) {',
      "  const res = await fetch(`${API}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: prompt }] }) });",
      '  const data = await res.json();',
      '  const page = await (await fetch(url)).text();',
      '  return [eval(data.choices[0].message.content), eval(page)];',
      '}',
      '',
    ].join('\n');
    const viaHttp = await reported('src/ask.ts', http);
    expect(viaHttp.map((f) => f.line)).toEqual([6]);
    expect(viaHttp[0]!.message).toContain('fetch(https://api.openai.com/v1/chat/completions)');
    const handler = 'export function handle(llmOutput: string) {\n  const tasks = eval(llmOutput);\n  return tasks.length;\n}\n';
    const found = await reported('src/handler.ts', handler);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 2, confidence: 'medium' });
    expect(found[0]!.message).toContain('parameter llmOutput');
  });

  it('TypeScript: a reply parsed as data, handed as data to fixed code, checked only for syntax, sent to a sandbox, or code not from the model is not reported', async () => {
    const code = [
      "import OpenAI from 'openai';",
      "import vm from 'node:vm';",
      "import { Sandbox } from '@e2b/code-interpreter';",
      "import { loadConfig } from './config';",
      '',
      'const client = new OpenAI();',
      "const TEMPLATE = 'return JSON.parse(reply).items';",
      '',
      'async function reply(prompt: string): Promise<string> {',
      "  const r = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: prompt }] });",
      "  return r.choices[0].message.content ?? '';",
      '}',
      '',
      'export async function asJson(prompt: string) {',
      '  return JSON.parse(await reply(prompt));',
      '}',
      '',
      'export async function asData(prompt: string) {',
      '  const text = await reply(prompt);',
      "  const items = new Function('reply', TEMPLATE)(text);",
      "  return vm.runInNewContext('input.split(\",\")', { input: text }) ?? eval(`show(${JSON.stringify(text)})`) ?? items;",
      '}',
      '',
      'export async function isValid(prompt: string) {',
      '  try {',
      '    new vm.Script(await reply(prompt));',
      '    return true;',
      '  } catch {',
      '    return false;',
      '  }',
      '}',
      '',
      'export async function inSandbox(prompt: string) {',
      '  const sandbox = await Sandbox.create();',
      '  return sandbox.runCode(await reply(prompt));',
      '}',
      '',
      'export function fixed() {',
      "  return eval('1 + 1') + eval(loadConfig().expression);",
      '}',
      '',
    ].join('\n');
    expect(await reported('src/agent/safe.ts', code)).toEqual([]);
    // An object literal's inherited names are no values of it (the analysis does not fail on them).
    const inherited = "const opts = { model: 'gpt-4.1' };\nlet ctor = opts.constructor;\nctor = opts.toString;\nexport const f = () => eval(String(ctor));\n";
    expect(await reported('src/agent/inherited.ts', inherited)).toEqual([]);
    // A script that asks before it runs the reply.
    const asked = [
      "import OpenAI from 'openai';",
      "import * as readline from 'node:readline/promises';",
      'const client = new OpenAI();',
      "const r = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Write JS' }] });",
      "const code = r.choices[0].message.content ?? '';",
      'const rl = readline.createInterface({ input: process.stdin, output: process.stdout });',
      "if ((await rl.question(`${code}\\nRun this code? [y/N] `)) === 'y') eval(code);",
      '',
    ].join('\n');
    expect(await reported('scripts/ask-first.mjs', asked)).toEqual([]);
    // A test file is not analysed for this.
    const test = "import OpenAI from 'openai';\nconst client = new OpenAI();\nit('runs', async () => {\n  const r = await client.chat.completions.create({ model: 'gpt-4.1', messages: [] });\n  eval(r.choices[0].message.content);\n});\n";
    expect(await reported('src/agent/planner.test.ts', test)).toEqual([]);
  });

  it('an agent object called directly is a source, also when its reply rebinds a parameter in a loop', async () => {
    const code = [
      'class Planner:',
      '    def forward(self, message):',
      '        for message in self.agent(message):',
      '            pass',
      '        exec(message.content)',
      '',
      '    def setup(self, spec):',
      '        agent = create_agent(spec)',
      '        exec(spec.init_code)',
      '',
    ].join('\n');
    const found = await reported('planner.py', code);
    expect(found.map((f) => f.line)).toEqual([5]);
    expect(found[0]!.message).toContain('self.agent(…)');
  });

  it('follows a reply one module back: a module beside the sink that imports it hands the reply to the function running its parameter', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'aw-replies-'));
    try {
      mkdirSync(path.join(root, 'pkg'));
      const write = (rel: string, lines: string[]) => writeFileSync(path.join(root, rel), lines.join('\n'));
      write('pkg/runner.py', [
        '"""Runs the Python the planner agent writes."""',
        'import re',
        '',
        'class Executor:',
        '    def run(self, command, scope):',
        '        match = re.search(r"```python\\n(.+?)```", command, re.DOTALL)',
        '        exec(match.group(1) if match else command, scope)',
        '',
        '    def warm_up(self, snippet):',
        '        exec(snippet, {})',
        '',
      ]);
      write('pkg/planner.py', [
        'from .runner import Executor',
        '',
        'class Planner:',
        '    def __init__(self, agent):',
        '        self.agent = agent',
        '        self.executor = Executor()',
        '',
        '    def forward(self, message):',
        '        for message in self.agent(message):',
        '            pass',
        '        self.executor.warm_up("import math")',
        '        return self.executor.run(message.content, {})',
        '',
      ]);
      const { report } = await scan({ paths: [root], threads: 1 });
      const found = report.findings.filter((f) => f.ruleId === ID).map((f) => `${f.location.path}:${f.location.startLine} ${f.message}`);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^pkg\/runner\.py:7 The model's reply \(self\.agent\(…\) through pkg\/planner\.py → Executor\.run\(\)\) reaches exec/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
