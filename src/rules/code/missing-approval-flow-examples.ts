/**
 * Examples of code/missing-approval about what the model's input reaches on its way to a call: a
 * helper's destructured option the caller does not give keeps its default, a fuzzy match picks
 * one of the code's own choices, and a file's mode held in a name is that name's constants. Each
 * negative has a positive twin in which the input does reach.
 */
import type { RuleExample } from '../../core/rule.js';

/** An MCP server converting files with a fixed program found under `root`; `call` is how the tool calls the helper. */
const converter = (call: string) =>
  "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nimport { execFile } from 'node:child_process';\nimport path from 'node:path';\nimport { z } from 'zod';\n\n" +
  'function convert({ file, root = path.resolve(__dirname, "..") }: { file: string; root?: string }) {\n' +
  '  const program = path.join(root, ".venv", "bin", "markitdown");\n  return new Promise((ok) => execFile(program, [file], (_e, out) => ok(out)));\n}\n\n' +
  "const server = new McpServer({ name: 'convert', version: '1.0.0' });\n" +
  `server.tool('to_markdown', { file: z.string(), root: z.string().optional() }, async (args) => ({ content: [{ type: 'text', text: String(await ${call}) }] }));\n`;

/** A desktop MCP tool launching an installed app by name; `pick` turns the model's name into the app's id. */
const launcher = (pick: string) =>
  'import subprocess\nfrom fuzzywuzzy import process\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("desktop")\n\n\n' +
  'def installed_apps() -> dict[str, str]:\n    out = subprocess.run(["powershell", "-Command", "Get-StartApps"], capture_output=True, text=True).stdout\n' +
  '    return dict(line.split("|", 1) for line in out.splitlines() if "|" in line)\n\n\n' +
  `@mcp.tool()\ndef launch_app(name: str) -> str:\n    """Launch an installed application."""\n    apps = installed_apps()\n${pick}` +
  '    return subprocess.run(f\'powershell -Command Start-Process "shell:AppsFolder\\\\{app_id}"\', shell=True, capture_output=True, text=True).stdout\n';

/** A CrewAI tool that saves what it is given under a name the model picks; `mode` is how it picks the file's mode. */
const saver = (mode: string) =>
  'from crewai.tools import BaseTool\n\n\nclass SaveNoteTool(BaseTool):\n    name: str = "save_note"\n    description: str = "Saves a note to a file."\n\n' +
  `    def _run(self, filename: str, text: str, again: bool = False) -> str:\n${mode}        with open(filename, mode) as f:\n            return f.read() if "r" in mode else str(f.write(text))\n`;

export const flowExamples: { positive: RuleExample[]; negative: RuleExample[] } = {
  positive: [
    // The tool hands the helper the model's `root`: the program run is the model's. (`server.tool(name, shape, handler)`,
    // the SDK's three-argument form, is an MCP tool, not LangChain's `tool(fn, {…})`.)
    { path: 'src/server.ts', code: converter('convert({ file: args.file, root: args.root })') },
    // The model's name goes into the command line as it is.
    { path: 'src/windows_mcp/main.py', code: launcher('    app_id = name\n') },
    // The mode is a name bound to write modes: the file the model names is created or overwritten.
    { path: 'tools/save_note.py', code: saver('        mode = "w" if again else "x"\n') },
  ],
  negative: [
    // The tool gives only `file`: `root` keeps its default, and the program is the code's own.
    { path: 'src/server.ts', code: converter('convert({ file: args.file })') },
    // The name is matched to one of the installed apps: the id run is the system's, not the model's.
    { path: 'src/windows_mcp/main.py', code: launcher('    match = process.extractOne(name, list(apps.keys()))\n    if match is None:\n        return "not found"\n    app_name, _score = match\n    app_id = apps.get(app_name)\n') },
    // Every mode the name can hold only reads.
    { path: 'tools/save_note.py', code: saver('        mode = "rb" if again else "r"\n') },
  ],
};
