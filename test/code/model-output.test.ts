/**
 * code/model-output-executed: a model's reply that reaches eval/exec is reported wherever it enters
 * (a completion call, a helper returning one, a parameter named for one, a caller handing one over);
 * a reply parsed as data, checked only for syntax, or run after a confirmation is not.
 */
import { describe, expect, it } from 'vitest';
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
});
