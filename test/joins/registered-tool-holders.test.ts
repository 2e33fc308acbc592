/**
 * Agents of frameworks that register tool classes hold tools the framework's way: a MetaGPT role by
 * the registered name in its `tools` list (found in any file of the repository), a lagent agent class
 * by the action its `__init__` defaults a parameter to, ms-agent's tool manager by the tool classes
 * it builds when an agent's config names them. A tool module's tool such an agent holds with
 * no approval takes the tool's severity and names the agent; one no agent names, or one named only
 * by an example or a test, stays low.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

/** A registered console that pipes the model's line into a bash it keeps open, and a notes tool that writes nothing risky. */
const CONSOLE =
  'import subprocess\nfrom metagpt.tools.tool_registry import register_tool\n\n\n@register_tool()\nclass Console:\n' +
  '    def __init__(self):\n        self.proc = subprocess.Popen(["bash"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)\n\n' +
  '    def send(self, line: str) -> str:\n        """Send one line."""\n        self.proc.stdin.write(line + "\\n")\n        self.proc.stdin.flush()\n        return self.proc.stdout.readline()\n\n' +
  '    def restart(self, shell: str) -> str:\n        """Start another shell."""\n        self.proc.stdin.write(shell + "\\n")\n        return "ok"\n';

const role = (tools: string, base = 'RoleZero', from = 'metagpt.roles.di.role_zero') =>
  `from ${from} import ${base}\n\n\nclass Operator(${base}):\n    name: str = "Ops"\n    tools: list[str] = [${tools}]\n`;

const missing = async (files: Record<string, string>) =>
  (await scan({ paths: [tempTree(files)], threads: 1 })).report.findings
    .filter((f) => f.ruleId === 'code/missing-approval')
    .map((f) => `${f.location.path}:${f.location.startLine} ${f.severity} ${/Tool "([^"]+)"/.exec(f.message)?.[1]}`)
    .sort();

describe('registered tools held by name', () => {
  it('a MetaGPT role naming a registered tool holds every method of it, and the finding names the role', async () => {
    const files = { 'ops/tools/console.py': CONSOLE, 'ops/roles/operator.py': role('"Console", "Planner"') };
    expect(await missing(files)).toEqual(['ops/tools/console.py:10 high Console.send', 'ops/tools/console.py:16 high Console.restart']);
    const [f] = (await scan({ paths: [tempTree(files)], threads: 1 })).report.findings.filter((x) => x.ruleId === 'code/missing-approval');
    expect(f!.message).toContain('agent "Operator" (ops/roles/operator.py:4) is given it with no approval step');
  });

  it('"Name:method" holds that method only; Name.__name__ and a tag name it too', async () => {
    expect(await missing({ 'ops/tools/console.py': CONSOLE, 'ops/roles/operator.py': role('"Console:send"') })).toEqual([
      'ops/tools/console.py:10 high Console.send',
      'ops/tools/console.py:16 low Console.restart',
    ]);
    const byName = role('Console.__name__').replace('\n\n\n', '\nfrom ops.tools.console import Console\n\n\n');
    expect(await missing({ 'ops/tools/console.py': CONSOLE, 'ops/roles/operator.py': byName })).toEqual(['ops/tools/console.py:10 high Console.send', 'ops/tools/console.py:16 high Console.restart']);
    const tagged = CONSOLE.replace('@register_tool()', '@register_tool(tags=["shell access"])');
    expect(await missing({ 'ops/tools/console.py': tagged, 'ops/roles/operator.py': role('"shell access"') })).toEqual(['ops/tools/console.py:10 high Console.send', 'ops/tools/console.py:16 high Console.restart']);
  });

  it('a role built where it is used names its tools in the call; a subclass of a role of its file is a role', async () => {
    const built = 'from metagpt.roles.di.data_interpreter import DataInterpreter\n\nhelper = DataInterpreter(tools=["Console:restart"])\n';
    expect(await missing({ 'ops/tools/console.py': CONSOLE, 'ops/main.py': built })).toEqual(['ops/tools/console.py:10 low Console.send', 'ops/tools/console.py:16 high Console.restart']);
    const sub = role('"Planner"') + '\n\nclass NightOps(Operator):\n    tools: list[str] = ["Console"]\n';
    const [f] = (await scan({ paths: [tempTree({ 'ops/tools/console.py': CONSOLE, 'ops/roles/operator.py': sub })], threads: 1 })).report.findings.filter((x) => x.ruleId === 'code/missing-approval');
    expect(f).toMatchObject({ severity: 'high' });
    expect(f!.message).toContain('agent "NightOps"');
  });

  it('negative: a tool no role names, a role of another framework, and a role in examples/ or tests/ leave the tool low', async () => {
    const low = ['ops/tools/console.py:10 low Console.send', 'ops/tools/console.py:16 low Console.restart'];
    expect(await missing({ 'ops/tools/console.py': CONSOLE, 'ops/roles/operator.py': role('"Editor", "Planner:run"') })).toEqual(low);
    expect(await missing({ 'ops/tools/console.py': CONSOLE, 'ops/roles/operator.py': role('"Console"', 'Helper', 'ops.helpers') })).toEqual(low);
    const inExamples = await missing({ 'ops/tools/console.py': CONSOLE, 'examples/operator.py': role('"Console"') });
    expect(inExamples).toEqual(low);
    expect(await missing({ 'ops/tools/console.py': CONSOLE, 'tests/test_operator.py': role('"Console"') })).toEqual(low);
  });

  it('in the tool\'s own file, a role holds the registered tools it names and no other', async () => {
    const own = `import subprocess\nfrom metagpt.roles.di.role_zero import RoleZero\n${CONSOLE.slice('import subprocess\n'.length)}\n\nclass Operator(RoleZero):\n    tools: list[str] = ["Console:send"]\n`;
    const found = await missing({ 'ops/console.py': own });
    expect(found).toEqual(['ops/console.py:11 high Console.send', 'ops/console.py:17 low Console.restart']);
  });

  it('lagent: an agent class whose __init__ defaults its interpreter to an action class holds it', async () => {
    const action =
      'from lagent.actions.base_action import BaseAction, tool_api\n\n\nclass Scratchpad(BaseAction):\n    @tool_api\n    def run(self, snippet: str) -> dict:\n' +
      '        """Run the snippet."""\n        scope = {}\n        exec(snippet, scope)\n        return scope\n';
    const agent = (param: string, base = 'Agent') =>
      `from lagent.agents.agent import Agent\nfrom assistant.actions.scratch import Scratchpad\n\n\nclass Base(Agent):\n    pass\n\n\nclass Solver(${base}):\n` +
      `    def __init__(self, llm, ${param}, **kwargs):\n        super().__init__(**kwargs)\n`;
    const held = await missing({ 'assistant/actions/scratch.py': action, 'assistant/agents/solver.py': agent('interpreter: dict = dict(type=Scratchpad, timeout=20)', 'Base') });
    expect(held).toEqual(['assistant/actions/scratch.py:6 high Scratchpad.run']);
    expect(await missing({ 'assistant/actions/scratch.py': action, 'assistant/agents/solver.py': agent('actions=[Scratchpad()]') })).toEqual(['assistant/actions/scratch.py:6 high Scratchpad.run']);
    // An agent class that takes its actions from its caller holds nothing; nor does a parameter not for actions.
    expect(await missing({ 'assistant/actions/scratch.py': action, 'assistant/agents/solver.py': agent('interpreter: dict = None') })).toEqual(['assistant/actions/scratch.py:6 low Scratchpad.run']);
    expect(await missing({ 'assistant/actions/scratch.py': action, 'assistant/agents/solver.py': agent('memory: dict = dict(type=Scratchpad)') })).toEqual(['assistant/actions/scratch.py:6 low Scratchpad.run']);
  });

  it('ms-agent: the tool manager that builds a ToolBase class holds the methods its schemas name', async () => {
    const tool =
      'from ms_agent.llm.utils import Tool\nfrom ms_agent.tools.base import ToolBase\n\n\nclass Scratch(ToolBase):\n' +
      '    async def _get_tools_inner(self):\n        return {"scratch": [Tool(tool_name="run_snippet", server_name="scratch", parameters={})]}\n\n' +
      '    async def call_tool(self, server_name, *, tool_name, tool_args):\n        return await getattr(self, tool_name)(**tool_args)\n\n' +
      '    async def run_snippet(self, snippet: str) -> str:\n        scope = {}\n        exec(snippet, scope)\n        return str(scope.get("answer"))\n';
    const manager = (built: string) =>
      'from ms_agent.tools.base import ToolBase\nfrom assistant.tools.scratch import Scratch\n\n\nclass ToolManager:\n' +
      `    def __init__(self, config):\n        self.extra_tools = []\n        if hasattr(config.tools, "scratch"):\n            self.extra_tools.append(${built})\n`;
    const held = await missing({ 'assistant/tools/scratch.py': tool, 'assistant/tools/tool_manager.py': manager('Scratch(config)') });
    expect(held).toEqual(['assistant/tools/scratch.py:12 high Scratch.run_snippet']);
    const [f] = (await scan({ paths: [tempTree({ 'assistant/tools/scratch.py': tool, 'assistant/tools/tool_manager.py': manager('Scratch(config)') })], threads: 1 })).report.findings.filter((x) => x.ruleId === 'code/missing-approval');
    expect(f!.message).toContain('agent "ToolManager"');
    // A manager that builds other classes holds nothing; a class of another name that builds the tool is no manager.
    expect(await missing({ 'assistant/tools/scratch.py': tool, 'assistant/tools/tool_manager.py': manager('list(config)') })).toEqual(['assistant/tools/scratch.py:12 low Scratch.run_snippet']);
    const other = manager('Scratch(config)').replace('class ToolManager:', 'class Registry:');
    expect(await missing({ 'assistant/tools/scratch.py': tool, 'assistant/tools/registry.py': other })).toEqual(['assistant/tools/scratch.py:12 low Scratch.run_snippet']);
  });
});
