/**
 * One sink, one finding: a tool whose only dangerous step evaluates the model's own reply is reported
 * by code/model-output-executed, with the tool as a related place, not again by code/missing-approval;
 * a tool that also runs its input in a shell keeps its own finding for that.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const HEAD = 'import json\nimport subprocess\nfrom langchain.agents import AgentExecutor, Tool\nfrom langchain_core.messages import HumanMessage\n\n\nclass Calculator:\n' +
  '    def __init__(self, llm):\n        self.llm = llm\n        tools = [Tool(name="Math", func=self.math, description="Arithmetic.")]\n' +
  '        self.agent = AgentExecutor(agent=llm, tools=tools)\n\n    def math(self, question):\n' +
  '        reply = self.llm([HumanMessage(content=question)])\n        parts = json.loads(reply.content)\n';

async function findings(code: string) {
  const { report } = await scan({ paths: [tempTree({ 'chains/calculator.py': code })], threads: 1 });
  return report.findings.filter((f) => f.ruleId.startsWith('code/'));
}

describe('a tool whose sink runs the model\'s reply', () => {
  it('is one finding, the tool named beside it', async () => {
    const found = await findings(HEAD + '        return eval(parts["left"] + parts["op"] + parts["right"])\n');
    expect(found.map((f) => f.ruleId)).toEqual(['code/model-output-executed']);
    expect(found[0]!.related?.[0]?.message).toContain('tool "Math"');
    expect(found[0]!.message).toContain('tool "Math"');
  });

  it('keeps the tool\'s own finding for another sink its input reaches', async () => {
    const found = await findings(HEAD + '        subprocess.run(question, shell=True)\n        return eval(parts["left"] + parts["op"] + parts["right"])\n');
    expect(found.map((f) => f.ruleId).sort()).toEqual(['code/missing-approval', 'code/model-output-executed']);
    expect(found.find((f) => f.ruleId === 'code/missing-approval')!.evidence).toContain('subprocess.run');
  });
});
