/**
 * How severe what a code rule finds is, by what the code can do: a tool module's tool low whatever it
 * runs (whichever agent is given it must add the approval), not lifted by the sub-agents the tool
 * builds for its own work; a smolagents code agent rated by the imports it authorises, read from the
 * module-level list it names; a tool's dict of settings followed entry by entry into a helper's
 * `**kwargs`.
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

  it('a tool module\'s tool is low whether it runs the program the model names or writes a file: the agent given it adds the approval', async () => {
    const run = 'import subprocess\nfrom strands import tool\n\n\n@tool\ndef run(command: str) -> str:\n    """Run a command."""\n    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout\n';
    const write = 'from strands import tool\n\n\n@tool\ndef save(path: str, text: str) -> str:\n    """Save text."""\n    with open(path, "w") as f:\n        f.write(text)\n    return path\n';
    expect((await findings('tools/run.py', run, 'code/missing-approval')).map((f) => f.severity)).toEqual(['low']);
    expect((await findings('tools/save.py', write, 'code/missing-approval')).map((f) => f.severity)).toEqual(['low']);
  });

  it('follows a dict of settings entry by entry into a helper\'s **kwargs: the program launched is the model\'s, the other entries are not named', async () => {
    const code =
      'from mcp import StdioServerParameters, stdio_client\nfrom strands import tool\n\n\n' +
      'def _launch(kind, **params):\n    command = params.get("command")\n    launch = {"command": command, "args": params.get("args", [])}\n    return stdio_client(StdioServerParameters(**launch))\n\n\n' +
      '@tool\ndef connect(label: str, command: str, args: list, timeout: int = 30) -> str:\n    """Connect to an MCP server."""\n' +
      '    settings = {"label": label, "timeout": timeout}\n    settings["command"] = command\n    options = settings.copy()\n    _launch("stdio", **options)\n    return "connected"\n';
    const [f] = await findings('tools/connect.py', code, 'code/missing-approval');
    expect(f?.message).toContain('input "command" reaches mcp.StdioServerParameters(…)');
  });
});

describe('code/host-code-execution rated by what the authorised imports allow', () => {
  const agent = (imports: string, list = '') =>
    `from smolagents import CodeAgent, InferenceClientModel, WebSearchTool\n\n${list}agent = CodeAgent(tools=[WebSearchTool()], model=InferenceClientModel(), additional_authorized_imports=${imports})\n`;

  it('imports read from the module-level list the agent names', async () => {
    const [f] = await findings('agents/research.py', agent('RESEARCH_IMPORTS', 'RESEARCH_IMPORTS = [\n    "pandas",\n    "os",\n]\n\n'), 'code/host-code-execution');
    expect(f?.message).toContain('with os authorised');
    expect(f?.severity).toBe('medium');
  });

  it('high when they run programs or any code, medium for files, environment and network, low for browsing alone', async () => {
    expect((await findings('agents/a.py', agent('["pandas", "subprocess"]'), 'code/host-code-execution')).map((f) => f.severity)).toEqual(['high']);
    expect((await findings('agents/b.py', agent('["*"]'), 'code/host-code-execution')).map((f) => f.severity)).toEqual(['high']);
    expect((await findings('agents/c.py', agent('["requests", "os"]'), 'code/host-code-execution')).map((f) => f.severity)).toEqual(['medium']);
    expect((await findings('agents/d.py', agent('["pandas"]'), 'code/host-code-execution')).map((f) => f.severity)).toEqual(['low']);
  });
});
