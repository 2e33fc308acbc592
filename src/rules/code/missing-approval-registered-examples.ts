/**
 * Examples of code/missing-approval for tools a framework registers by class (`tool-registrations.ts`)
 * and for the sinks such tools reach: a shell kept running and fed commands, an IPython shell, a kernel.
 */
import type { RuleExample } from '../../core/rule.js';

/** A terminal kept open across calls, started by the module; `program` is what it runs. */
const terminal = (program: string, registered: string) =>
  'import subprocess\nfrom metagpt.tools.tool_registry import register_tool\n\n\n' +
  `${registered}\nclass Console:\n    """A console the assistant types into."""\n\n    def __init__(self):\n` +
  `        self.proc = subprocess.Popen(["${program}"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)\n\n` +
  '    def send(self, line: str) -> str:\n        """Send one line."""\n        self.proc.stdin.write(line + "\\n")\n        self.proc.stdin.flush()\n        return self.proc.stdout.readline()\n\n' +
  '    def _reset(self):\n        self.proc.kill()\n';

/** A tool class that hands the model one schema per method name it lists, and runs the method the model names. */
const toolBox = (declared: string) =>
  'import asyncio\nfrom ms_agent.llm.utils import Tool\nfrom ms_agent.tools.base import ToolBase\n\n\nclass HostShell(ToolBase):\n' +
  `    async def _get_tools_inner(self):\n        return {"host": [Tool(tool_name="${declared}", server_name="host", description="Run it.", parameters={})]}\n\n` +
  '    async def call_tool(self, server_name, *, tool_name, tool_args):\n        return await getattr(self, tool_name)(**tool_args)\n\n' +
  '    async def run_line(self, line: str) -> str:\n        proc = await asyncio.create_subprocess_shell(line, stdout=asyncio.subprocess.PIPE)\n        out, _ = await proc.communicate()\n        return out.decode()\n\n' +
  '    async def uptime(self) -> str:\n        return "up"\n';

export const registeredToolExamples: { positive: RuleExample[]; negative: RuleExample[] } = {
  positive: [
    // MetaGPT: the registered class's public method writes the model's line into a bash process it keeps running.
    { path: 'assistant/tools/console.py', code: terminal('bash', '@register_tool()') },
    // lagent: an action whose @tool_api method runs the model's Python in this process.
    {
      path: 'assistant/actions/calc.py',
      code:
        'from lagent.actions.base_action import BaseAction, tool_api\n\n\nclass Scratchpad(BaseAction):\n    """Runs a Python snippet."""\n\n' +
        '    @tool_api\n    def run(self, snippet: str) -> dict:\n        """Run the snippet.\n\n        Args:\n            snippet (str): Python code\n        """\n        scope = {}\n        exec(snippet, scope)\n        return {"result": scope.get("answer")}\n',
    },
    // The framework's own package imports the base relatively; an IPython shell runs the cell.
    {
      path: 'assistant/actions/notebook.py',
      code:
        'from IPython.core.interactiveshell import InteractiveShell\n\nfrom .base_action import BaseAction, tool_api\n\n\nclass Notebook(BaseAction):\n' +
        '    def __init__(self):\n        super().__init__()\n        self.shell = InteractiveShell.instance()\n\n' +
        '    @tool_api\n    def run(self, cell: str):\n        """Run a cell."""\n        return self.shell.run_cell(cell).result\n',
    },
    // ms-agent: a ToolBase subclass whose schema names a method that runs the model's line in a shell.
    { path: 'assistant/tools/host_shell.py', code: toolBox('run_line') },
  ],
  negative: [
    // The same console feeding a program that is not a shell: the line is the program's input, not a command.
    { path: 'assistant/tools/console.py', code: terminal('sort', '@register_tool()') },
    // Only the listed method is a tool, and it runs nothing the model chose.
    { path: 'assistant/tools/console.py', code: terminal('bash', '@register_tool(include_functions=["_reset"])') },
    // An action with no tool API runs nothing; a helper class beside it is not an action.
    {
      path: 'assistant/actions/clock.py',
      code:
        'import datetime\n\nfrom lagent.actions.base_action import BaseAction, tool_api\n\n\nclass Clock(BaseAction):\n    @tool_api\n    def now(self) -> str:\n        """The time."""\n        return datetime.datetime.now().isoformat()\n\n\n' +
        'class Debugger:\n    def run(self, snippet: str):\n        exec(snippet)\n',
    },
    // The same class handing the model only its harmless method: the shell method is no tool.
    { path: 'assistant/tools/host_shell.py', code: toolBox('uptime') },
    // A class of the project's own named ToolBase is not the framework's.
    { path: 'assistant/tools/host_shell.py', code: toolBox('run_line').replace('from ms_agent.tools.base import ToolBase', 'from assistant.base import ToolBase') },
  ],
};
