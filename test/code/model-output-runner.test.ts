/**
 * A model's reply run by a runner module that names no model: the runner hands the code to a worker
 * process (`Process(target=…, args=(…))`), and the module that asks the model reaches the runner by an
 * import of the name or by star imports (directly, or through a module that star-imports it).
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const RUNNER =
  'import io\nimport multiprocessing\nimport sys\n\n\ndef worker(code_str, queue):\n    out = io.StringIO()\n    sys.stdout = out\n' +
  '    exec(code_str, {"__name__": "__main__"})\n    sys.stdout = sys.__stdout__\n    queue.put(out.getvalue())\n\n\n' +
  'def run_code(code_str, timeout=60):\n    code_str = "import math\\n" + code_str\n    queue = multiprocessing.Queue()\n' +
  '    proc = multiprocessing.Process(target=worker, args=(code_str, queue))\n    proc.start()\n    proc.join(timeout)\n    return queue.get()\n';

const ASKS =
  'class CoderAgent:\n    def __init__(self, client):\n        self.client = client\n\n    def inference(self, task):\n' +
  '        return self.client.chat.completions.create(model="gpt-4.1", messages=[{"role": "user", "content": task}]).choices[0].message.content\n';

async function executed(files: Record<string, string>): Promise<string[]> {
  const root = tempTree(files);
  const { report } = await scan({ paths: [root], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'code/model-output-executed').map((f) => `${f.location.path}:${f.location.startLine} ${f.message.split(')')[0]})`);
}

describe('a reply handed to a runner module', () => {
  it('by name, through the worker process the runner starts', async () => {
    const solver = 'from openai import OpenAI\nfrom runner import run_code\n\nclient = OpenAI()\n\n\ndef solve(task):\n    reply = client.chat.completions.create(model="gpt-4.1", messages=[])\n    return run_code(reply.choices[0].message.content)\n';
    expect(await executed({ 'runner.py': RUNNER, 'solver.py': solver })).toEqual(["runner.py:9 The model's reply (client.chat.completions.create(…)"]);
  });

  it("through star imports, from a method of the project's own agent class", async () => {
    const lab =
      'from agents import *\n\n\nclass Lab:\n    def __init__(self, client):\n        self.coder = CoderAgent(client)\n\n' +
      '    def step(self, task):\n        resp = self.coder.inference(task)\n        code = resp.split("```python")[1]\n        return run_code(code, timeout=120)\n';
    expect(await executed({ 'runner.py': RUNNER, 'agents.py': `from runner import *\n\n\n${ASKS}`, 'lab.py': lab })).toEqual(["runner.py:9 The model's reply (self.coder.inference(…)"]);
  });

  it('not when the importer hands the runner its own code, or a class that is no agent answers', async () => {
    const fixed = 'from runner import *\n\n\ndef selftest():\n    return run_code("print(1)")\n';
    const tool = 'from runner import run_code\n\n\nclass Formatter:\n    def run(self, text):\n        return text.strip()\n\n\nfmt = Formatter()\n\n\ndef go(text):\n    return run_code(fmt.run(text))\n';
    expect(await executed({ 'runner.py': RUNNER, 'check.py': fixed, 'fmt.py': tool })).toEqual([]);
  });
});

describe('a runner served from the result cache', () => {
  it('is judged again when a module of its folder starts handing it a reply', async () => {
    const root = tempTree({ 'runner.py': RUNNER, 'check.py': 'def selftest():\n    return 1\n' });
    const cache = tempTree();
    const executedWith = async (options: { cache?: string }) => {
      const { report } = await scan({ paths: [root], threads: 1, ...options });
      return report.findings.filter((f) => f.ruleId === 'code/model-output-executed').map((f) => `${f.location.path}:${f.location.startLine}`);
    };
    expect(await executedWith({ cache })).toEqual([]);
    // A module added to the folder, and one already there that starts importing the runner.
    const solver = 'from openai import OpenAI\nfrom runner import run_code\n\nclient = OpenAI()\n\n\ndef solve(task):\n    reply = client.chat.completions.create(model="gpt-4.1", messages=[])\n    return run_code(reply.choices[0].message.content)\n';
    writeFileSync(path.join(root, 'solver.py'), solver);
    expect(await executedWith({ cache })).toEqual(['runner.py:9']);
    rmSync(path.join(root, 'solver.py'));
    expect(await executedWith({ cache })).toEqual([]);
    writeFileSync(path.join(root, 'check.py'), solver);
    expect(await executedWith({ cache })).toEqual(await executedWith({}));
    expect(await executedWith({ cache })).toEqual(['runner.py:9']);
  });
});
