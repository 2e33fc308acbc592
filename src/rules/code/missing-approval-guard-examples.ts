/**
 * More examples of code/missing-approval: tools guarded or confined in ways read across helpers
 * (a console prompt through the project's own input helper, a path helper that refuses any path
 * outside its store), and tools that start a process the model names (an MCP server launched over
 * stdio, a VS Code debug session), and a tool whose only sink runs the model's reply (reported once,
 * by code/model-output-executed). An abstract command method judged by its implementation in a
 * module beside it is tested in `test/code/own-methods.test.ts` (examples are read as one file).
 */
import type { RuleExample } from '../../core/rule.js';

/** A store whose path helper resolves the path and refuses one outside its folder (`{{CHECK}}`: the refusal). */
const NOTE_STORE =
  'import json\nimport os\nfrom strands import tool\n\nDEFAULT_DIR = os.path.expanduser("~/.notes")\n\n\nclass NoteStore:\n' +
  '    def __init__(self):\n        self.root = os.environ.get("NOTES_DIR", DEFAULT_DIR)\n\n' +
  '    def note_path(self, note_id: str) -> str:\n        path = os.path.realpath(os.path.join(self.root, f"{note_id}.json"))\n        root = os.path.realpath(self.root)\n' +
  '{{CHECK}}        return path\n\n' +
  '    def save(self, note_id: str, data: dict) -> None:\n        with open(self.note_path(note_id), "w") as f:\n            json.dump(data, f)\n\n\n' +
  'store = NoteStore()\n\n\n@tool\ndef notes(action: str, note_id: str, text: str = "") -> str:\n    """Save or delete a note."""\n' +
  '    if action == "save":\n        store.save(note_id, {"text": text})\n        return "saved"\n' +
  '    path = store.note_path(note_id)\n    if os.path.exists(path):\n        os.remove(path)\n    return "deleted"\n';

/** A tool that connects to an MCP server over stdio; `{{PARAMS}}` builds the launch parameters from the tool's dict of settings. */
const STDIO_TOOL =
  'from mcp import StdioServerParameters, stdio_client\nfrom strands import tool\nfrom strands.tools.mcp import MCPClient\n\n{{PRELUDE}}\n\n' +
  'def _transport(**params):\n{{PARAMS}}\n    return lambda: stdio_client(StdioServerParameters(**launch))\n\n\n' +
  '@tool\ndef connect_server(name: str, command: str = "", args: list | None = None) -> str:\n    """Connect to an MCP server and list its tools."""\n' +
  '    settings = {"name": name}\n    settings["command"] = command\n    settings["args"] = args or []\n    client = MCPClient(_transport(**settings))\n' +
  '    with client:\n        return ", ".join(t.tool_name for t in client.list_tools_sync())\n';

export const guardExamples: { positive: RuleExample[]; negative: RuleExample[] } = {
  positive: [
    // A helper named for reading input but that validates it asks nobody.
    {
      path: 'tools/ops.py',
      code: 'import subprocess\nfrom strands import tool\nfrom tools.util import validate_input\n\n\n@tool\ndef run(command: str) -> str:\n    """Run a command."""\n    validate_input(f"Proceed with {command}? [y/n]")\n    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout\n',
    },
    // The path helper only logs a path outside its folder, and goes on.
    { path: 'tools/notes.py', code: NOTE_STORE.replace('{{CHECK}}', '        if not path.startswith(root + os.sep):\n            print("outside the store")\n') },
    // The check is kept in a name, but a path outside the folder is only logged.
    { path: 'tools/notes.py', code: NOTE_STORE.replace('{{CHECK}}', '        inside = path.startswith(root + os.sep)\n        if not inside:\n            print("outside the store")\n') },
    // The model names the program the MCP client starts.
    { path: 'tools/mcp_connect.py', code: STDIO_TOOL.replace('{{PRELUDE}}', '').replace('{{PARAMS}}', '    launch = {"command": params.get("command"), "args": params.get("args", [])}') },
    // An MCP tool that starts a VS Code debug session from the caller's launch configuration.
    {
      path: 'src/debugServer.ts',
      code:
        "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nimport * as vscode from 'vscode';\nimport { z } from 'zod';\n\n" +
        "const server = new McpServer({ name: 'debugger', version: '1.0.0' });\n\n" +
        "server.tool('start_debugging', 'Start a debug session', { configuration: z.record(z.any()) }, async ({ configuration }) => {\n" +
        "  const folder = vscode.workspace.workspaceFolders?.[0];\n  const ok = await vscode.debug.startDebugging(folder, configuration as vscode.DebugConfiguration);\n" +
        "  return { content: [{ type: 'text', text: ok ? 'started' : 'failed' }] };\n});\n",
    },
  ],
  negative: [
    // The tool's only risky step runs the model's own reply (eval of an expression it wrote): that sink is
    // code/model-output-executed's finding, which names the tool beside it, not a second one here.
    {
      path: 'chains/calculator.py',
      code:
        'import json\nfrom langchain.agents import AgentExecutor, Tool\nfrom langchain_core.messages import HumanMessage\n\n\nclass Calculator:\n' +
        '    def __init__(self, llm):\n        self.llm = llm\n        tools = [Tool(name="Math", func=self.math, description="Arithmetic.")]\n' +
        '        self.agent = AgentExecutor(agent=llm, tools=tools)\n\n    def math(self, question):\n' +
        '        reply = self.llm([HumanMessage(content=question)])\n        parts = json.loads(reply.content)\n' +
        '        return eval(parts["left"] + parts["op"] + parts["right"])\n',
    },
    // The tool asks the person at the console through the project's own input helper before it runs.
    {
      path: 'tools/ops.py',
      code: 'import os\nimport subprocess\nfrom strands import tool\nfrom tools.util import get_user_input\n\n\n@tool\ndef run(command: str) -> str:\n    """Run a command."""\n    if os.environ.get("SKIP_CONSENT", "").lower() != "true":\n        answer = get_user_input(f"Run {command}? Do you want to proceed? [y/*]")\n        if answer.strip().lower() != "y":\n            return "cancelled"\n    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout\n',
    },
    // Its notes are files of its own store: the path helper resolves the path and refuses one outside it.
    { path: 'tools/notes.py', code: NOTE_STORE.replace('{{CHECK}}', '        if not path.startswith(root + os.sep):\n            raise ValueError("note id leaves the store")\n') },
    // The same check kept in a name (wrapped over two lines), refused unless the store's own setting allows any path.
    {
      path: 'tools/notes.py',
      code: NOTE_STORE.replace(
        '{{CHECK}}',
        '        inside = path.startswith(\n            root + os.sep) or path == root\n        if not inside and not self.allow_outside:\n            return None\n',
      ),
    },
    // The model picks a server by name from the ones the code fixes; the program is the code's.
    {
      path: 'tools/mcp_connect.py',
      code: STDIO_TOOL.replace('{{PRELUDE}}', 'SERVERS = {"time": ["mcp-server-time"], "fetch": ["mcp-server-fetch"]}').replace(
        '{{PARAMS}}',
        '    launch = {"command": "uvx", "args": SERVERS.get(params.get("name"), ["mcp-server-time"])}',
      ),
    },
  ],
};
