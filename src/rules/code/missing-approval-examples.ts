/** Examples of code/missing-approval: code that must, and must not, produce a finding. */
import type { RuleExample } from '../../core/rule.js';

/** An agent loop of the project's own: its `@tool` decorator, a tool list, and a call that hands it over with the chat model. */
const OWN_TOOL_AGENT =
  'import subprocess\n\n\ndef tool(**kwargs):\n    return lambda fn: fn\n\n\n@tool()\ndef grep_code(query):\n    """Search the code."""\n    return subprocess.run(" ".join(["rg", "-n", query]), shell=True, capture_output=True, text=True).stdout\n\n\nTOOLS = [grep_code]\n\n\ndef answer(chat, question):\n    return call_tools(chat, question, TOOLS)\n';

export const missingApprovalExamples: { positive: RuleExample[]; negative: RuleExample[] } = {
  positive: [
    // A tool of the project's own `@tool` decorator, listed and handed with the chat model to the loop that calls it.
    { path: 'app/search_agent.py', code: OWN_TOOL_AGENT },
    // The same helper keeping `/` and `.`: the title can walk out of the folder.
    {
      path: 'agent/notes.py',
      code: "import re\nfrom datetime import datetime\nfrom strands import Agent, tool\n\nNOTES_DIR = \"notes\"\n\n\ndef note_path(folder: str, title: str) -> str:\n    \"\"\"A file name for a title.\"\"\"\n    stamp = datetime.now().strftime(\"%Y%m%d\")\n    safe = re.sub(r\"[^\\w\\s/.-]\", \"\", title[:40]).strip()\n    safe = re.sub(r\"\\s+\", \"_\", safe)\n    return f\"{folder}/{stamp}_{safe}.md\"\n\n\n@tool\ndef save_note(title: str, text: str) -> str:\n    \"\"\"Save a note.\"\"\"\n    path = note_path(NOTES_DIR, title)\n    with open(path, \"w\") as f:\n        f.write(text)\n    return path\n\n\nagent = Agent(tools=[save_note])\n",
    },
    {
      path: 'agents/ops.py',
      code: 'import subprocess\nfrom langchain_core.tools import tool\n\n@tool\ndef run_command(cmd: str) -> str:\n    """Run a shell command."""\n    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout\n',
    },
    {
      path: 'src/tools.ts',
      code: "import { tool } from 'ai';\nimport { z } from 'zod';\nimport { rm } from 'node:fs/promises';\n\nexport const deleteFile = tool({\n  description: 'Delete a file',\n  inputSchema: z.object({ path: z.string() }),\n  execute: async ({ path }) => { await rm(path, { recursive: true }); return 'ok'; },\n});\n",
    },
    // The model chooses the chat the message goes to (first of two positional arguments).
    {
      path: 'agents/notify.py',
      code: 'from agno.agent import Agent\nfrom telegram import Bot\n\nbot = Bot(token="…")\n\nasync def notify(chat_id: str, text: str) -> str:\n    """Send a Telegram message."""\n    await bot.send_message(chat_id, text)\n    return "sent"\n\nagent = Agent(tools=[notify])\n',
    },
    // A bounded write to the tool's own API, whose approval exists only in the prompt.
    {
      path: 'agents/triage.py',
      code: 'import requests\nfrom google.adk import Agent\n\nAPI = "https://api.github.com"\n\ndef add_label(issue: str, label: str):\n    """Label an issue."""\n    return requests.post(f"{API}/repos/acme/app/issues/{issue}/labels", json=[label], timeout=30).json()\n\nroot_agent = Agent(model="gemini-2.5-pro", name="triage", instruction="Recommend a label. Only label an issue when the user approves the labeling!", tools=[add_label])\n',
    },
    // A file with its own approval queue (approve_command over 'pending' proposals), and a tool beside it that runs commands at once.
    {
      path: 'agents/ops.py',
      code: 'import subprocess\nfrom google.adk import Agent\n\nproposals = []\n\ndef propose_command(cmd: str) -> str:\n    """Queue a shell command for a person to approve."""\n    proposals.append({"cmd": cmd, "state": "pending"})\n    return "queued"\n\ndef approve_command(index: int):\n    proposal = proposals[index]\n    proposal["state"] = "approved"\n    return subprocess.run(proposal["cmd"], shell=True, capture_output=True, text=True).stdout\n\ndef run_command(cmd: str) -> str:\n    """Run a shell command."""\n    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout\n\nroot_agent = Agent(model="gemini-2.5-pro", name="ops", instruction="Propose commands; the user approves each one.", tools=[propose_command, run_command])\n',
    },
    // A helper builds the URL, but on a host the model gives.
    {
      path: 'tools/post.py',
      code: 'import requests\nfrom langchain_core.tools import tool\n\ndef _endpoint(host: str) -> str:\n    return f"https://{host}/api/events"\n\n@tool\ndef post_event(host: str, body: str) -> str:\n    """Post an event."""\n    return requests.post(_endpoint(host), data=body, timeout=10).text\n',
    },
    // A library's call handed to a worker thread is that call: the model's command line run by a shell.
    {
      path: 'ops/server.py',
      code: 'import asyncio\nimport subprocess\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("ops")\n\n\n@mcp.tool()\nasync def run(cmd: str) -> str:\n    done = await asyncio.to_thread(subprocess.run, cmd, shell=True, capture_output=True, text=True)\n    return done.stdout\n',
    },
    // The low-level MCP server API: one call_tool handler, code run in a worker thread.
    {
      path: 'pkg/mcp/server.py',
      code: 'import asyncio\nfrom mcp.server import Server\n\nclass CodeServer:\n    def __init__(self):\n        self.server = Server("code")\n        self.ns = {}\n\n        @self.server.call_tool()\n        async def handle_call_tool(name: str, arguments: dict):\n            code = arguments.get("code")\n            return await asyncio.to_thread(self._execute, code)\n\n    def _execute(self, code: str) -> str:\n        exec(code, self.ns)\n        return "ok"\n',
    },
    // An MCP tool that deletes the file the model names and tells the host it is not destructive.
    {
      path: 'src/server.ts',
      code:
        "import { rm } from 'node:fs/promises';\nimport { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nimport { z } from 'zod';\n\n" +
        "const server = new McpServer({ name: 'files', version: '1.0.0' });\nserver.registerTool(\n  'remove-file',\n" +
        "  { description: 'Delete a file', inputSchema: { file: z.string() }, annotations: { readOnlyHint: false, destructiveHint: false } },\n" +
        "  async ({ file }) => {\n    await rm(file);\n    return { content: [{ type: 'text', text: 'removed' }] };\n  },\n);\n",
    },
    // A file toolkit rooted wherever the caller says.
    {
      path: 'agents/files.py',
      code: 'import sys\nfrom pathlib import Path\nfrom agno.agent import Agent\nfrom agno.tools.file import FileTools\n\nagent = Agent(tools=[FileTools(Path(sys.argv[1]))])\n',
    },
    // SQL the model writes on a DuckDB database (or any file or server database) stays risky.
    {
      path: "agents/sql.py",
      code: "import duckdb\ncon = duckdb.connect(\"warehouse.duckdb\")\nfrom smolagents import tool, CodeAgent\n\n@tool\ndef run_sql(query: str) -> str:\n    \"\"\"Run SQL.\n\n    Args:\n        query: the SQL\n    \"\"\"\n    return str(con.execute(query).fetchall())\n\nagent = CodeAgent(tools=[run_sql], model=None)\n",
    },
    // A browser with the user's own profile: the model acts with their sessions.
    {
      path: "agents/browser.py",
      code: "from playwright.async_api import async_playwright\nfrom agents import Agent, AsyncComputer, ComputerTool, Runner\n\n\nclass Browser(AsyncComputer):\n    async def open(self):\n        self.pw = await async_playwright().start()\n        self.browser = await self.pw.chromium.launch_persistent_context(user_data_dir=\"/home/me/.config/chromium\")\n        self.page = await self.browser.new_page()\n        return self\n\n    async def click(self, x: int, y: int, button: str = \"left\") -> None:\n        await self.page.mouse.click(x, y, button=button)\n\n\nasync def main():\n    async with Browser() as computer:\n        agent = Agent(name=\"Browser user\", instructions=\"Find the weather.\", tools=[ComputerTool(computer=computer)])\n        await Runner.run(agent, \"What is the weather in Paris?\")\n",
    },
    // An MCP tool that fetches any URL the model names, with no block on private addresses (SSRF).
    {
      path: "src/fetch_server/server.py",
      code: "import httpx\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP(\"fetch\")\n\n\n@mcp.tool()\nasync def fetch(url: str) -> str:\n    \"\"\"Fetch a URL and return its text.\"\"\"\n    async with httpx.AsyncClient() as client:\n        return (await client.get(url)).text\n",
    },
    // A computer-use tool driving this machine's real mouse and keyboard.
    {
      path: 'src/desktop.ts',
      code: "import { Agent, computerTool, type Computer } from '@openai/agents';\nimport { keyboard, mouse, screen } from '@nut-tree/nut-js';\n\nconst computer: Computer = {\n  environment: 'ubuntu',\n  dimensions: [1280, 800],\n  screenshot: async () => (await screen.grab()).toString(),\n  click: async (x: number, y: number) => {\n    await mouse.click(x, y);\n  },\n  type: async (text: string) => {\n    await keyboard.type(text);\n  },\n};\n\nexport const desktop = new Agent({ name: 'Desktop', tools: [computerTool({ computer })] });\n",
    },
    // BeeAI Framework: a RequirementAgent given the host shell with no permission requirement.
    {
      path: 'agents/coder.py',
      code: 'from beeai_framework.agents.requirement import RequirementAgent\nfrom beeai_framework.backend import ChatModel\nfrom beeai_framework.tools.code import ShellTool\n\ncoder = RequirementAgent(llm=ChatModel.from_name("ollama:granite4:micro"), tools=[ShellTool()])\n',
    },
    // AI SDK: the provider's bash tool run by a sandbox session that is this machine's own shell.
    {
      path: 'examples/bash.ts',
      code: "import { anthropic } from '@ai-sdk/anthropic';\nimport { generateText } from 'ai';\nimport { LocalSandboxSession } from './sandbox/local-sandbox';\n\nconst result = await generateText({\n  model: anthropic('claude-sonnet-4-5'),\n  tools: { bash: anthropic.tools.bash_20250124() },\n  experimental_sandbox: new LocalSandboxSession({ rootDirectory: process.env.HOME }),\n  prompt: 'List my files.',\n});\n",
    },
    // CAMEL: a ChatAgent given the host terminal (its safe_mode is a denylist, nobody confirms a command).
    {
      path: 'agents/sysadmin.py',
      code: 'from camel.agents import ChatAgent\nfrom camel.toolkits import TerminalToolkit\n\nagent = ChatAgent("You are a system administrator.", tools=[*TerminalToolkit(working_directory="workspace", safe_mode=True).get_tools()])\n',
    },
    // CAMEL's code runner in a subprocess of this host.
    {
      path: 'agents/analyst.py',
      code: 'from camel.agents import ChatAgent\nfrom camel.toolkits import CodeExecutionToolkit\n\nagent = ChatAgent("You analyse data.", tools=[*CodeExecutionToolkit(sandbox="subprocess").get_tools()])\n',
    },
    // The model's file removed too: the clean-up runs on both branches, and on one the path is the input.
    {
      path: "agents/media.py",
      code: "import os\nimport tempfile\nfrom agents import function_tool\n\n\ndef _to_wav(source, target):\n    convert(source, target)\n    return target\n\n\n@function_tool\ndef loudness(file_path: str) -> str:\n    video = file_path.endswith(\".mp4\")\n    if video:\n        with tempfile.NamedTemporaryFile(suffix=\".wav\", delete=False) as tmp:\n            audio = _to_wav(file_path, tmp.name)\n    else:\n        audio = file_path\n    level = measure(audio)\n    os.remove(audio)\n    return level\n",
    },
    // Characters taken out of an expression by a deny-list: everything else, names and calls included, reaches eval.
    {
      path: "agents/calc.py",
      code: "import re\nfrom agents import function_tool\n\n\n@function_tool\ndef calculate(expression: str) -> str:\n    cleaned = re.sub(r\"[;&|`]\", \"\", expression)\n    return str(eval(cleaned))\n",
    },
    // An allow-list that admits letters and `_` still lets names through: `__import__`, `open`, `exit`.
    {
      path: "agents/calc.py",
      code: "from agents import function_tool\n\nALLOWED = \"abcdefghijklmnopqrstuvwxyz_0123456789+-*/(). \"\n\n\n@function_tool\ndef calculate(expression: str) -> str:\n    if not all(ch in ALLOWED for ch in expression):\n        return \"invalid expression\"\n    return str(eval(expression))\n",
    },
    // A prefix list that admits a writing verb holds the query to nothing.
    {
      path: "tools/write_tool.py",
      code: "import sqlite3\nfrom crewai.tools import BaseTool\n\n\nclass WriteTool(BaseTool):\n    name: str = \"writer\"\n    description: str = \"Run a query.\"\n\n    def _run(self, query: str) -> str:\n        if not query.strip().upper().startswith((\"SELECT\", \"INSERT\", \"UPDATE\")):\n            raise ValueError(\"unsupported\")\n        conn = sqlite3.connect(\"app.db\")\n        return str(conn.execute(query).fetchall())\n",
    },
    // An identifier the object was given (its own keyword) is still the input's.
    {
      path: "agents/jobs.py",
      code: "import os\nfrom langchain.agents import tool\nfrom jobs import Job\n\n\n@tool(\"remove job\")\ndef remove_job(file_id: str) -> str:\n    \"\"\"Remove a job's file.\"\"\"\n    job = Job(file_id=file_id)\n    os.remove(os.path.join(\"jobs\", job.file_id))\n    return \"done\"\n",
    },
    // A character check that guards only one branch (a flag decides whether it runs) does not hold the code that runs after it.
    {
      path: "agents/calc_strict.py",
      code: "from agents import Agent, function_tool\n\n\n@function_tool\ndef calculate(expression: str, strict: bool) -> str:\n    if strict:\n        if not all(ch in \"0123456789+-*/(). \" for ch in expression):\n            return \"invalid expression\"\n    return str(eval(expression))\n\n\nagent = Agent(name=\"calc\", tools=[calculate])\n",
    },
    // Digits and parentheses right after a name of the code's own make a call of it (`run (1)`).
    {
      path: 'src/agents/runner.ts',
      code:
        "import { tool } from '@langchain/core/tools';\nimport { z } from 'zod';\n\nexport const runStep = tool(\n  async ({ step }) => {\n    const safe = step.replace(/[^0-9()]/g, '');\n    return String(Function(`return steps.run ${safe}`)());\n  },\n  { name: 'run_step', description: 'Run a step', schema: z.object({ step: z.string() }) },\n);\n",
    },
    // In TypeScript too: letters kept by the replace still name globals (`process`, `require`).
    {
      path: 'src/agents/formula.ts',
      code:
        "import { tool } from '@langchain/core/tools';\nimport { z } from 'zod';\n\nexport const formula = tool(\n  async ({ expr }) => {\n    const kept = expr.replace(/[^a-z0-9+().]/g, '');\n    return String(Function(`return (${kept})`)());\n  },\n  { name: 'formula', description: 'Evaluate a formula', schema: z.object({ expr: z.string() }) },\n);\n",
    },
    // A method named for running commands on a library's object (an SSH client): no method of that name in the repository says otherwise.
    {
      path: 'servers/remote.py',
      code: "import paramiko\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP(\"remote\")\n\n\n@mcp.tool()\ndef remote_run(host: str, command: str) -> str:\n    \"\"\"Run a command on a host.\"\"\"\n    client = paramiko.SSHClient()\n    client.connect(host)\n    _, out, _ = client.exec_command(command)\n    return out.read().decode()\n",
    },
    // A folder named "sandbox" on this machine, and a sandbox class that is this machine: host writes and commands.
    {
      path: 'agents/notes.py',
      code: 'from pathlib import Path\nfrom agents import function_tool\nfrom .boxes import LocalSandbox\n\n@function_tool\ndef save_note(name: str, text: str) -> str:\n    """Save a note."""\n    sandbox = Path("sandbox") / name\n    sandbox.write_text(text)\n    return "saved"\n\n@function_tool\ndef run(command: str) -> str:\n    """Run a command."""\n    sandbox = LocalSandbox(workdir=".")\n    return sandbox.process.run_command(command)\n',
    },
    // AgentScope's own shell and Python tools registered on the toolkit of a ReAct agent.
    {
      path: 'examples/assistant.py',
      code: 'from agentscope.agent import ReActAgent\nfrom agentscope.tool import Toolkit, execute_python_code, execute_shell_command\n\ntoolkit = Toolkit()\ntoolkit.register_tool_function(execute_shell_command)\ntoolkit.register_tool_function(execute_python_code)\nagent = ReActAgent(name="helper", sys_prompt="You help.", model=model, formatter=formatter, toolkit=toolkit)\n',
    },
    // The same join where the part after the fixed scheme starts with the tool's input: the input names the host.
    {
      path: 'server/pages.py',
      code:
        'import requests\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("pages")\n\n@mcp.tool()\ndef page(site: str) -> str:\n' +
        '    scheme = "https://"\n    rest = f"{site}/index.html"\n    return requests.get(f"{scheme}{rest}", timeout=10).text\n',
    },
  ],
  negative: [
    // A project's own `@tool` whose list goes to a command registry, with no model beside it.
    { path: 'app/search_agent.py', code: OWN_TOOL_AGENT.replace('call_tools(chat, question, TOOLS)', 'cli.register(question, TOOLS)') },
    // SQL the model writes on the agent's own per-instance Durable Object SQLite (a sub-agent's storage): no database other users or the host share.
    {
      path: 'src/server.ts',
      code:
        "import { Agent } from 'agents';\nimport { tool } from 'ai';\nimport { z } from 'zod';\n\nexport class Store extends Agent {\n  query(q: string) {\n    return [...this.ctx.storage.sql.exec(q).toArray()];\n  }\n}\n\n" +
        "export class Chat extends Agent {\n  tools() {\n    return {\n      queryDatabase: tool({\n        description: 'Run a query',\n        inputSchema: z.object({ sql: z.string() }),\n" +
        "        execute: async ({ sql }) => {\n          const db = await this.subAgent(Store, 'db');\n          return db.query(sql);\n        },\n      }),\n    };\n  }\n}\n",
    },
    // The tool's path helper keeps the model's title to one file name (every character a separator could come from removed) under a fixed folder.
    {
      path: 'agent/notes.py',
      code: "import re\nfrom datetime import datetime\nfrom strands import Agent, tool\n\nNOTES_DIR = \"notes\"\n\n\ndef note_path(folder: str, title: str) -> str:\n    \"\"\"A file name for a title.\"\"\"\n    stamp = datetime.now().strftime(\"%Y%m%d\")\n    safe = re.sub(r\"[^\\w\\s-]\", \"\", title[:40]).strip()\n    safe = re.sub(r\"\\s+\", \"_\", safe)\n    return f\"{folder}/{stamp}_{safe}.md\"\n\n\n@tool\ndef save_note(title: str, text: str) -> str:\n    \"\"\"Save a note.\"\"\"\n    path = note_path(NOTES_DIR, title)\n    with open(path, \"w\") as f:\n        f.write(text)\n    return path\n\n\nagent = Agent(tools=[save_note])\n",
    },
    // The same toolkit given only AgentScope's file viewer and a function of the example that reads a constant.
    {
      path: 'examples/assistant.py',
      code: 'from agentscope.agent import ReActAgent\nfrom agentscope.tool import Toolkit, ToolResponse, view_text_file\n\ndef get_time(city: str) -> ToolResponse:\n    """Tell the time in a city."""\n    return ToolResponse(content=[{"type": "text", "text": "12:00"}])\n\ntoolkit = Toolkit()\ntoolkit.register_tool_function(view_text_file)\ntoolkit.register_tool_function(get_time)\nagent = ReActAgent(name="helper", sys_prompt="You help.", model=model, formatter=formatter, toolkit=toolkit)\n',
    },
    // Files written and commands run through a remote sandbox's client (a VM or container the SDK created), not on this machine.
    {
      path: 'agents/vm_tools.py',
      code: 'from claude_agent_sdk import tool\nfrom cua_sandbox import Sandbox\n\nREGISTRY = {}\n\n@tool("write_file", "Write a file inside a sandbox VM", {"name": str, "path": str, "content": str})\nasync def write_file(args):\n    sb = REGISTRY[args["name"]]\n    await sb.files.write_text(args["path"], args["content"])\n    return {"content": [{"type": "text", "text": "ok"}]}\n\n@tool("run", "Run a command in a fresh sandbox", {"command": str})\nasync def run(args):\n    box = await Sandbox.create(image="ubuntu")\n    return {"content": [{"type": "text", "text": await box.run_command(args["command"])}]}\n',
    },
    // The same tool refusing private, loopback and link-local addresses first.
    {
      path: "src/fetch_server/server.py",
      code: "import ipaddress\nimport socket\nfrom urllib.parse import urlparse\n\nimport httpx\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP(\"fetch\")\n\n\ndef _public(url: str) -> str:\n    addr = ipaddress.ip_address(socket.gethostbyname(urlparse(url).hostname))\n    if addr.is_private or addr.is_loopback or addr.is_link_local:\n        raise ValueError(\"private address\")\n    return url\n\n\n@mcp.tool()\nasync def fetch(url: str) -> str:\n    \"\"\"Fetch a public URL and return its text.\"\"\"\n    async with httpx.AsyncClient() as client:\n        return (await client.get(_public(url))).text\n",
    },
    // SQL on an in-memory SQLite database the same file creates: there is nothing else to reach.
    {
      path: "agents/sql.py",
      code: "import sqlite3\ncon = sqlite3.connect(\":memory:\")\ncon.execute(\"CREATE TABLE receipts (id INTEGER, price REAL)\")\nfrom smolagents import tool, CodeAgent\n\n@tool\ndef run_sql(query: str) -> str:\n    \"\"\"Run SQL.\n\n    Args:\n        query: the SQL\n    \"\"\"\n    return str(con.execute(query).fetchall())\n\nagent = CodeAgent(tools=[run_sql], model=None)\n",
    },
    // A computer-use tool whose every action runs in a hosted E2B desktop sandbox the file creates.
    {
      path: 'agent/desktop.py',
      code: "from e2b_desktop import Sandbox\nfrom agents import Agent, AsyncComputer, ComputerTool, Runner\n\n\nclass Desktop(AsyncComputer):\n    def __init__(self, box):\n        self.box = box\n\n    async def click(self, x: int, y: int, button: str = \"left\") -> None:\n        self.box.commands.run(f\"xdotool mousemove {x} {y} click 1\")\n\n\ndef build_agent(computer: Desktop) -> Agent:\n    return Agent(name=\"Desktop user\", instructions=\"Use the desktop.\", tools=[ComputerTool(computer=computer)])\n\n\nasync def main():\n    agent = build_agent(Desktop(Sandbox.create()))\n    await Runner.run(agent, \"Open the browser\")\n",
    },
    // A fresh headless browser the tool launches itself, with no profile: nothing of the user to act on.
    {
      path: "agents/browser.py",
      code: "from playwright.async_api import async_playwright\nfrom agents import Agent, AsyncComputer, ComputerTool, Runner\n\n\nclass Browser(AsyncComputer):\n    async def open(self):\n        self.pw = await async_playwright().start()\n        self.browser = await self.pw.chromium.launch(headless=True)\n        self.page = await self.browser.new_page()\n        return self\n\n    async def click(self, x: int, y: int, button: str = \"left\") -> None:\n        await self.page.mouse.click(x, y, button=button)\n\n\nasync def main():\n    async with Browser() as computer:\n        agent = Agent(name=\"Browser user\", instructions=\"Find the weather.\", tools=[ComputerTool(computer=computer)])\n        await Runner.run(agent, \"What is the weather in Paris?\")\n",
    },
    // A file toolkit rooted in a directory the code fixes: the model names files inside it.
    {
      path: 'agents/files.py',
      code: 'from pathlib import Path\nfrom agno.agent import Agent\nfrom agno.tools.file import FileTools\nfrom agno.tools.local_file_system import LocalFileSystemTools\n\nSANDBOX = Path("tmp/sandbox")\n\nagent = Agent(tools=[FileTools(Path("tmp/files"), enable_delete_file=True), LocalFileSystemTools(target_directory="tmp/out")])\nwriter = Agent(tools=[FileTools(base_dir=SANDBOX, enable_save_file=True)])\n',
    },
    // A helper builds the URL on the tool's own vendor endpoint; the model picks only the path.
    {
      path: 'tools/search.py',
      code: 'import requests\nfrom langchain_core.tools import tool\n\nBASE = "https://api.search.example"\n\ndef _endpoint(kind: str) -> str:\n    return f"{BASE}/{kind}"\n\n@tool\ndef search(query: str, kind: str) -> str:\n    """Search."""\n    return requests.post(_endpoint(kind), json={"q": query}, timeout=10).text\n',
    },
    // The same bounded write, with nobody asked to approve it: not a finding.
    {
      path: 'agents/triage.py',
      code: 'import requests\nfrom google.adk import Agent\n\nAPI = "https://api.github.com"\n\ndef add_label(issue: str, label: str):\n    """Label an issue."""\n    return requests.post(f"{API}/repos/acme/app/issues/{issue}/labels", json=[label], timeout=30).json()\n\nroot_agent = Agent(model="gemini-2.5-pro", name="triage", instruction="Recommend and apply a label to each new issue.", tools=[add_label])\n',
    },
    // A bounded write that files a 'pending' proposal with the app's own API, which a person approves (approve_proposal): the approval is in code, not only in the prompt.
    {
      path: 'agents/triage.py',
      code: 'import requests\nfrom google.adk import Agent\n\nAPI = "https://triage.acme.dev/api"\n\ndef propose_label(issue: str, label: str):\n    """Propose a label for an issue."""\n    return requests.post(f"{API}/issues/{issue}/proposals", json={"label": label, "state": "pending"}, timeout=30).json()\n\ndef approve_proposal(proposal_id: str):\n    return requests.post(f"{API}/proposals/{proposal_id}/approve", timeout=30).json()\n\nroot_agent = Agent(model="gemini-2.5-pro", name="triage", instruction="Propose a label for each new issue; a maintainer approves it before it is applied.", tools=[propose_label])\n',
    },
    // The same tool annotated destructiveHint: true: MCP hosts ask the user before calling it.
    {
      path: 'src/server.ts',
      code:
        "import { rm } from 'node:fs/promises';\nimport { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nimport { z } from 'zod';\n\n" +
        "const server = new McpServer({ name: 'files', version: '1.0.0' });\nserver.registerTool(\n  'remove-file',\n" +
        "  { description: 'Delete a file', inputSchema: { file: z.string() }, annotations: { readOnlyHint: false, destructiveHint: true } },\n" +
        "  async ({ file }) => {\n    await rm(file);\n    return { content: [{ type: 'text', text: 'removed' }] };\n  },\n);\n",
    },
    // The same hand-off of a fixed command: nothing of the model's is run.
    {
      path: 'ops/server.py',
      code: 'import asyncio\nimport subprocess\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("ops")\n\n\n@mcp.tool()\nasync def status(repo: str) -> str:\n    done = await asyncio.to_thread(subprocess.run, ["git", "status", "--short"], capture_output=True, text=True)\n    return done.stdout\n',
    },
    // The same handler handing a fixed snippet to the thread: the model's input is not run.
    {
      path: 'pkg/mcp/server.py',
      code: 'import asyncio\nfrom mcp.server import Server\n\nclass CodeServer:\n    def __init__(self):\n        self.server = Server("code")\n        self.ns = {}\n\n        @self.server.call_tool()\n        async def handle_call_tool(name: str, arguments: dict):\n            return await asyncio.to_thread(self._execute, "import json")\n\n    def _execute(self, code: str) -> str:\n        exec(code, self.ns)\n        return "ok"\n',
    },
    // Each tool talks to one fixed A2A client; the model writes only the message.
    {
      path: 'agents/planner.py',
      code: 'from agno.agent import Agent\nfrom agno.a2a import A2AClient\n\nweather = A2AClient("http://localhost:7001")\n\nasync def ask_weather(request: str) -> str:\n    """Ask the weather agent."""\n    result = await weather.send_message(request)\n    return result.content\n\nplanner = Agent(tools=[ask_weather])\n',
    },
    {
      path: 'agents/ops.py',
      code: 'import subprocess\nfrom agents import function_tool\n\n@function_tool(needs_approval=True)\ndef run_command(cmd: str) -> str:\n    """Run a shell command."""\n    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout\n',
    },
    {
      path: 'src/tools.ts',
      code: "import { tool } from 'ai';\nimport { z } from 'zod';\nimport { rm } from 'node:fs/promises';\n\nexport const deleteFile = tool({\n  description: 'Delete a file',\n  inputSchema: z.object({ path: z.string() }),\n  needsApproval: true,\n  execute: async ({ path }) => { await rm(path); return 'ok'; },\n});\n",
    },
    {
      path: 'agents/search.py',
      code: 'import requests\nfrom langchain_core.tools import tool\n\n@tool\ndef search(q: str) -> str:\n    """Search the web."""\n    return requests.get("https://example.com/search", params={"q": q}).text\n',
    },
    // A fixed public host joined to a path built from the tool's inputs (in another variable): the inputs pick a resource there, never the host.
    {
      path: 'server/quotes.py',
      code:
        'import requests\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("quotes")\n\n@mcp.tool()\ndef bars(symbol: str, day: str) -> dict:\n' +
        '    base = "https://api.quotes.example.com"\n    path = f"/v2/bars/{symbol}/{day}"\n    return requests.get(f"{base}{path}", timeout=10).json()\n',
    },
    {
      path: 'src/quotes.ts',
      code:
        "import { tool } from 'ai';\nimport { z } from 'zod';\n\nconst BASE = 'https://api.quotes.example.com';\n\nexport const bars = tool({\n  description: 'Daily bars',\n" +
        "  inputSchema: z.object({ symbol: z.string() }),\n  execute: async ({ symbol }) => {\n    const path = `/v2/bars/${symbol}`;\n    return (await fetch(`${BASE}${path}`)).json();\n  },\n});\n",
    },
    // A documentation snippet's stub computer: every method returns a constant, nothing is controlled.
    {
      path: 'src/desktop.ts',
      code: "import { Agent, computerTool, type Computer } from '@openai/agents';\n\nconst computer: Computer = {\n  environment: 'ubuntu',\n  dimensions: [1280, 800],\n  screenshot: async () => '',\n  click: async () => {},\n  type: async (): Promise<void> => {},\n  wait: async () => {\n    throw new Error('not in this snippet');\n  },\n};\n\nexport const desktop = new Agent({ name: 'Desktop', tools: [computerTool({ computer })] });\n",
    },
    // The same BeeAI agent asking the user before it runs a tool.
    {
      path: 'agents/coder.py',
      code: 'from beeai_framework.agents.requirement import RequirementAgent\nfrom beeai_framework.agents.requirement.requirements.ask_permission import AskPermissionRequirement\nfrom beeai_framework.backend import ChatModel\nfrom beeai_framework.tools.code import ShellTool\n\ncoder = RequirementAgent(llm=ChatModel.from_name("ollama:granite4:micro"), tools=[ShellTool()], requirements=[AskPermissionRequirement(ShellTool)])\n',
    },
    // The same bash tool answering every command with canned output (an example's stub: it logs the command and runs nothing).
    {
      path: 'examples/bash.ts',
      code: "import { anthropic } from '@ai-sdk/anthropic';\nimport { generateText } from 'ai';\n\nconst result = await generateText({\n  model: anthropic('claude-sonnet-4-5'),\n  tools: {\n    bash: anthropic.tools.bash_20250124({\n      async execute({ command }) {\n        console.log('COMMAND', command);\n        return [{ type: 'text', text: `$ ${command}\\nREADME.md  package.json  src` }];\n      },\n    }),\n  },\n  prompt: 'List my files.',\n});\n",
    },
    // A provider computer tool with no execute and no sandbox: the SDK hands the model's calls back to the application, which only prints them.
    {
      path: 'examples/computer.ts',
      code: "import { anthropic } from '@ai-sdk/anthropic';\nimport { generateText } from 'ai';\n\nconst result = await generateText({\n  model: anthropic('claude-sonnet-4-5'),\n  tools: { useComputer: anthropic.tools.computer_20250124({ displayWidthPx: 1920, displayHeightPx: 1080 }) },\n  prompt: 'Open the settings.',\n});\nfor (const call of result.toolCalls) console.log(call.toolName, call.input);\n",
    },
    // A text editor tool that edits a string held in memory: no file is read or written.
    {
      path: 'examples/editor.ts',
      code: "import { anthropic } from '@ai-sdk/anthropic';\nimport { generateText } from 'ai';\n\nlet buffer = 'hello';\nconst result = await generateText({\n  model: anthropic('claude-sonnet-4-5'),\n  tools: {\n    editor: anthropic.tools.textEditor_20250728({\n      async execute({ command, old_str, new_str }) {\n        if (command === 'str_replace') buffer = buffer.replace(old_str!, new_str!);\n        else if (command === 'create') buffer = new_str!;\n        return buffer;\n      },\n    }),\n  },\n  prompt: 'Fix the typo.',\n});\n",
    },
    // The same bash tool run in a just-bash sandbox session (a virtual shell over an overlay of the folder).
    {
      path: 'examples/bash.ts',
      code: "import { anthropic } from '@ai-sdk/anthropic';\nimport { createJustBashSandbox } from '@ai-sdk/sandbox-just-bash';\nimport { generateText } from 'ai';\n\nconst session = await createJustBashSandbox({ overlayRoot: process.cwd() }).createSession();\nconst result = await generateText({\n  model: anthropic('claude-sonnet-4-5'),\n  tools: { bash: anthropic.tools.bash_20250124() },\n  experimental_sandbox: session.restricted(),\n  prompt: 'Read every .ts file here.',\n});\n",
    },
    // The same CAMEL agent whose terminal runs every command in a Docker container, and one allowed only a fixed list of commands.
    {
      path: 'agents/sysadmin.py',
      code: 'from camel.agents import ChatAgent\nfrom camel.toolkits import TerminalToolkit\n\nagent = ChatAgent("You are a system administrator.", tools=TerminalToolkit(use_docker_backend=True, docker_container_name="sandbox").get_tools())\nlister = ChatAgent("You list files.", tools=TerminalToolkit(allowed_commands=["ls", "cat"]).get_tools())\n',
    },
    // The same code runner in Docker, and in its default restricted interpreter.
    {
      path: 'agents/analyst.py',
      code: 'from camel.agents import ChatAgent\nfrom camel.toolkits import CodeExecutionToolkit\n\nagent = ChatAgent("You analyse data.", tools=[*CodeExecutionToolkit(sandbox="docker").get_tools(), *CodeExecutionToolkit().get_tools()])\n',
    },
    // Only the tool's own temporary file is removed: the clean-up sits under the same test as the branch that made it.
    {
      path: "agents/media.py",
      code: "import os\nimport tempfile\nfrom agents import function_tool\n\n\ndef _to_wav(source, target):\n    convert(source, target)\n    return target\n\n\n@function_tool\ndef loudness(file_path: str) -> str:\n    video = file_path.endswith(\".mp4\")\n    if video:\n        with tempfile.NamedTemporaryFile(suffix=\".wav\", delete=False) as tmp:\n            audio = _to_wav(file_path, tmp.name)\n    else:\n        audio = file_path\n    level = measure(audio)\n    if video:\n        os.remove(audio)\n    return level\n",
    },
    // Expressions kept to digits, operators and parentheses before eval (a filter, a pattern of allowed characters, a check that returns): they name nothing to run.
    {
      path: "agents/calc.py",
      code: "import re\nfrom agents import function_tool\n\nALLOWED = \"0123456789+-*/(). \"\n\n\n@function_tool\ndef add_up(expression: str) -> str:\n    safe = \"\".join(ch for ch in expression if ch in ALLOWED)\n    return str(eval(safe))\n\n\n@function_tool\ndef multiply(expression: str) -> str:\n    expression = re.sub(r\"[^0-9+\\-*/.() ]\", \"\", expression)\n    return str(eval(expression))\n\n\n@function_tool\ndef divide(expression: str) -> str:\n    if not all(ch in ALLOWED for ch in expression):\n        return \"invalid expression\"\n    return str(eval(expression))\n",
    },
    // A file named by an identifier the call object made (its conversation id), not by the tool's input: the model does not choose what is removed.
    {
      path: "agents/phone.py",
      code: "import os\nfrom langchain.agents import tool\nfrom telephony import OutboundCall\n\n\ndef drop_transcript(conversation_id: str) -> None:\n    os.remove(os.path.join(\"transcripts\", f\"{conversation_id}.txt\"))\n\n\n@tool(\"place call\")\ndef place_call(text: str) -> str:\n    \"\"\"Place a call.\"\"\"\n    number, prompt = text.split(\"|\", 1)\n    call = OutboundCall(to_phone=number, prompt=prompt)\n    call.start()\n    drop_transcript(call.conversation_id)\n    return \"done\"\n",
    },
    // The same check written as a set the function builds itself, a subset test whose branch runs the code, or an assertion; inside a try block too.
    {
      path: "agents/calc_sets.py",
      code: "import re\nfrom agents import Agent, function_tool\n\nDIGITS = frozenset(\"0123456789+-*/(). \")\n\n\n@function_tool\nasync def calculate(expression: str) -> dict:\n    try:\n        allowed = set(\"0123456789+-*/(). \")\n        if not all(ch in allowed for ch in expression):\n            return {\"error\": \"invalid characters\"}\n        return {\"result\": eval(expression, {\"__builtins__\": {}}, {})}\n    except Exception as e:\n        return {\"error\": str(e)}\n\n\n@function_tool\ndef subtract(expression: str) -> str:\n    if set(expression) <= DIGITS:\n        return str(eval(expression))\n    return \"invalid expression\"\n\n\n@function_tool\ndef power(expression: str) -> str:\n    assert set(expression).issubset(DIGITS)\n    return str(eval(expression))\n\n\n@function_tool\ndef modulo(expression: str) -> str:\n    if not re.fullmatch(r\"[\\d+\\-*/(). ]+\", expression):\n        raise ValueError(\"invalid expression\")\n    return str(eval(expression))\n\n\nagent = Agent(name=\"calc\", tools=[calculate, subtract, power, modulo])\n",
    },
    // The same in TypeScript: a replace that keeps a class of digits and operators, or a pattern test that returns, before Function().
    {
      path: 'src/agents/calc.ts',
      code:
        "import { tool } from '@langchain/core/tools';\nimport { z } from 'zod';\n\nexport const calculate = tool(\n  async ({ expr }) => {\n    const safe = expr.replace(/[^0-9+\\-*/().%\\s]/g, '');\n    return String(Function(`return (${safe})`)());\n  },\n  { name: 'calculate', description: 'Calculate', schema: z.object({ expr: z.string() }) },\n);\n\n" +
        "export const divide = tool(\n  async ({ expr }) => {\n    if (!/^[\\d\\s+\\-*/().]+$/.test(expr)) return 'invalid';\n    return String(Function(`return (${expr})`)());\n  },\n  { name: 'divide', description: 'Divide', schema: z.object({ expr: z.string() }) },\n);\n",
    },
    // An application's own command dispatcher: `execute_command` looks a document function up in a registry, no process is run.
    {
      path: 'servers/sheet.py',
      code: "from mcp.server.fastmcp import FastMCP\n\n\nclass Workbook:\n    def __init__(self):\n        self.registry = {\"set_cell\": self._set_cell}\n\n    def execute_command(self, name: str, params: dict):\n        handler = self.registry.get(name)\n        return handler(**params)\n\n    def _set_cell(self, sheet: str, cell: str, value: str):\n        return f\"{sheet}!{cell}={value}\"\n\n\nmcp = FastMCP(\"sheet\")\nbook = Workbook()\n\n\n@mcp.tool()\ndef edit_sheet(action: str, sheet: str, cell: str, value: str) -> str:\n    \"\"\"Run an edit action on the open workbook.\"\"\"\n    return book.execute_command(action, {\"sheet\": sheet, \"cell\": cell, \"value\": value})\n",
    },
    // SQL the model writes on a SQLite file opened read-only (`mode=ro`): the database refuses every write.
    {
      path: 'agents/report.py',
      code: "import sqlite3\nfrom langchain_core.tools import tool\nfrom langchain.agents import create_agent\n\n\n@tool\ndef run_query(sql: str) -> str:\n    \"\"\"Run a read-only query.\"\"\"\n    conn = sqlite3.connect(\"file:ops.db?mode=ro\", uri=True)\n    return str(conn.execute(sql).fetchall())\n\n\nagent = create_agent(\"gpt-4o\", tools=[run_query])\n",
    },
    // A query tool that refuses anything not starting with SELECT or SHOW before it runs it, in a checker it calls or in its own body: a read-only query tool (the weak prefix check is noted where the tool is listed).
    {
      path: "tools/query_tool.py",
      code: "import sqlite3\nfrom crewai.tools import BaseTool\n\n\nclass QueryTool(BaseTool):\n    name: str = \"query\"\n    description: str = \"Run a read-only query.\"\n\n    def _validate_query(self, query: str) -> tuple[bool, str]:\n        q = query.strip().lower()\n        if not (q.startswith(\"select\") or q.startswith(\"show\")):\n            return False, \"only SELECT and SHOW\"\n        return True, \"ok\"\n\n    def _run(self, query: str) -> str:\n        ok, message = self._validate_query(query)\n        if not ok:\n            return message\n        conn = sqlite3.connect(\"app.db\")\n        return str(conn.execute(query).fetchall())\n\n\nclass InlineQueryTool(BaseTool):\n    name: str = \"inline_query\"\n    description: str = \"Run a read-only query.\"\n\n    def _run(self, query: str) -> str:\n        if not query.strip().upper().startswith((\"SELECT\", \"SHOW\")):\n            raise ValueError(\"read-only queries only\")\n        conn = sqlite3.connect(\"app.db\")\n        return str(conn.execute(query).fetchall())\n",
    },
    // The same on a server database, inside a read-only transaction.
    {
      path: 'servers/pg.py',
      code: "import psycopg\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP(\"pg\")\n\n\n@mcp.tool()\ndef query(sql: str) -> list:\n    \"\"\"Run a read-only query.\"\"\"\n    with psycopg.connect(\"dbname=app\") as conn, conn.cursor() as cur:\n        cur.execute(\"BEGIN TRANSACTION READ ONLY\")\n        cur.execute(sql)\n        return cur.fetchall()\n",
    },
    // The model picks the folder; the code names the file (a fixed name and its backup, a generated name): no existing file of the model's choosing is written, moved or removed, and creating the folder overwrites nothing.
    {
      path: 'servers/kit.py',
      code: "import os\nimport time\nfrom pathlib import Path\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP(\"kit\")\n\n\n@mcp.tool()\ndef write_manifest(folder: str, name: str) -> str:\n    \"\"\"Create or replace the manifest in a folder.\"\"\"\n    manifest = os.path.join(folder, \"Manifest\")\n    backup = os.path.join(folder, \"Manifest.bak\")\n    if os.path.exists(manifest):\n        os.rename(manifest, backup)\n    with open(manifest, \"w\") as f:\n        f.write(name)\n    if os.path.exists(backup):\n        os.remove(backup)\n    return manifest\n\n\n@mcp.tool()\ndef save_audio(output_directory: str, data: bytes) -> str:\n    \"\"\"Save generated audio.\"\"\"\n    out = Path(output_directory)\n    out.mkdir(parents=True, exist_ok=True)\n    target = out / f\"speech_{int(time.time())}.mp3\"\n    target.write_bytes(data)\n    return str(target)\n",
    },
    // A request to a fixed search URL that a helper of another module extends with the model's query: the host stays fixed.
    {
      path: 'servers/docs.py',
      code: "import httpx\nfrom mcp.server.fastmcp import FastMCP\nfrom docs_util import add_query_param\n\nSEARCH_URL = \"https://search.example.com/api/search\"\nmcp = FastMCP(\"docs\")\n\n\n@mcp.tool()\nasync def search_docs(phrase: str, intent: str) -> str:\n    \"\"\"Search the documentation.\"\"\"\n    url = add_query_param(f\"{SEARCH_URL}?lang=en\", intent)\n    async with httpx.AsyncClient() as client:\n        return (await client.post(url, json={\"q\": phrase})).text\n",
    },
    // Instructions that ask the model to report a result back ("confirm the report was saved") ask nobody for approval.
    {
      path: 'agents/reporter.py',
      code: "from pathlib import Path\nfrom google.adk.agents import LlmAgent\n\nOUT = Path(\"outputs\")\n\n\ndef save_report(title: str, html: str) -> str:\n    \"\"\"Save the report.\"\"\"\n    path = OUT / \"report.html\"\n    path.write_text(html)\n    return str(path)\n\n\nreporter = LlmAgent(name=\"reporter\", model=\"gemini-2.5-flash\", instruction=\"Write the report and save it. After saving, confirm the report was saved.\", tools=[save_report])\n",
    },
  ],
};
