/**
 * How severe what a code rule finds is, by what the code can do: a tool module's tool is not lifted
 * by the sub-agents the tool builds for its own work.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCodeFile } from './helpers.js';

async function findings(path: string, code: string, rule: string) {
  return (await analyzeCodeFile(path, code)).findings.filter((f) => f.ruleId === rule);
}

const WORKFLOW_TOOL = (extra: string) =>
  'import json\nfrom strands import Agent, tool\n\n\nclass Runner:\n    def run_task(self, task: dict) -> str:\n        helper = Agent(system_prompt="Do the task.", tools=task.get("tools", []))\n        return str(helper(task["prompt"]))\n\n' +
  '    def start(self, name: str, tasks: list) -> str:\n        with open(f"/var/lib/flows/{name}.json", "w") as f:\n            json.dump(tasks, f)\n        return "\\n".join(pool.submit(self.run_task, t) for t in tasks)\n\n\n' +
  'runner = Runner()\n\n\n@tool\ndef flow(name: str, tasks: list) -> str:\n    """Run a list of tasks."""\n    return runner.start(name, tasks)\n' +
  extra;

describe('code/missing-approval on a tool module', () => {
  it('the agents a tool builds for its own tasks do not make the file an agent that holds it', async () => {
    const [f, ...rest] = await findings('tools/flow.py', WORKFLOW_TOOL(''), 'code/missing-approval');
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('low');
    expect(f?.message).toContain('a tool module: whichever agent is given it needs an approval step');
  });

  it('an agent of the file given the tool does', async () => {
    const [f] = await findings('tools/flow.py', WORKFLOW_TOOL('\n\nassistant = Agent(tools=[flow])\n'), 'code/missing-approval');
    expect(f?.severity).toBe('medium');
    expect(f?.message).toContain('no approval step was found on the tool or the agent in this file');
  });
});

