/**
 * code/missing-approval: a sink known by its method's name alone (`sandbox.execute_command(cmd)`) is
 * judged by the repository's own definition of that method. A dispatcher that runs no process is
 * contained; a definition that only declares the method (an abstract base) says nothing of what runs:
 * the risk stays, unless each implementation a module beside it defines sends the call to a remote
 * sandbox SDK's client.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';
import { analyzeCodeFile } from './helpers.js';

const TOOL =
  '\n\nmcp = FastMCP("box")\nbox = Sandbox()\n\n\n@mcp.tool()\ndef bash(command: str) -> str:\n    """Run a command in the sandbox."""\n    return box.execute_command(command)\n';

async function messages(body: string): Promise<string[]> {
  const code = `from abc import ABC, abstractmethod\nfrom mcp.server.fastmcp import FastMCP\n\n\nclass Sandbox(ABC):\n${body}${TOOL}`;
  return (await analyzeCodeFile('server.py', code)).findings.filter((f) => f.ruleId === 'code/missing-approval').map((f) => f.message);
}

describe('code/missing-approval: a command method the repository defines', () => {
  it('an abstract definition keeps the shell risk', async () => {
    expect((await messages('    @abstractmethod\n    def execute_command(self, command: str) -> str:\n        raise NotImplementedError\n'))[0]).toContain('runs shell commands');
    expect((await messages('    def execute_command(self, command: str) -> str:\n        ...\n'))[0]).toContain('runs shell commands');
  });

  it('a dispatcher that looks the name up in its own registry runs no process', async () => {
    const body = '    def __init__(self):\n        self.registry = {"echo": self._echo}\n\n    def execute_command(self, command: str) -> str:\n        return self.registry.get(command, self._echo)(command)\n\n    def _echo(self, text: str) -> str:\n        return text\n';
    expect(await messages(body)).toEqual([]);
  });
});

describe('code/missing-approval: an abstract command method judged by its implementations beside it', () => {
  const BASE =
    'from abc import ABC, abstractmethod\nfrom strands import tool\n\n\nclass Runner(ABC):\n    @tool\n    def run_in_session(self, command: str) -> dict:\n' +
    '        """Run a command in the session."""\n        return self.execute_command(command)\n\n' +
    '    @abstractmethod\n    def execute_command(self, command: str) -> dict:\n        """Run a shell command in a session."""\n        ...\n';
  const impl = (imports: string, body: string) =>
    `${imports}\nfrom .base import Runner\n\n\nclass SessionRunner(Runner):\n    def __init__(self, region: str):\n        self.region = region\n\n` +
    `    def _client(self):\n        client = Client(self.region)\n        client.start()\n        return client\n\n    def execute_command(self, command: str) -> dict:\n${body}\n`;
  async function found(files: Record<string, string>): Promise<{ messages: string[] }> {
    const root = tempTree({ 'runners/__init__.py': '', 'runners/base.py': BASE, ...files });
    const { report } = await scan({ paths: [root], threads: 1 });
    return { messages: report.findings.filter((f) => f.ruleId === 'code/missing-approval').map((f) => f.message) };
  }
  const REMOTE = 'from bedrock_agentcore.tools.code_interpreter_client import CodeInterpreter as Client';

  it('a remote code-interpreter session implementing it runs nothing on this host', async () => {
    const { messages } = await found({ 'runners/session.py': impl(REMOTE, '        return self._client().invoke("executeCommand", {"command": command})') });
    expect(messages).toEqual([]);
  });

  it('an implementation that also runs a process here keeps the risk', async () => {
    const body = '        if command.startswith("!"):\n            return {"out": subprocess.run(command[1:], shell=True, capture_output=True, text=True).stdout}\n        return self._client().invoke("executeCommand", {"command": command})';
    const { messages } = await found({ 'runners/session.py': impl(`import subprocess\n${REMOTE}`, body) });
    expect(messages.length).toBe(1);
    expect(messages[0]).toContain('runs shell commands');
  });

  it('one remote implementation and one local keep the risk', async () => {
    const local = 'import subprocess\nfrom .base import Runner\n\n\nclass LocalRunner(Runner):\n    def execute_command(self, command: str) -> dict:\n        return {"out": subprocess.run(command, shell=True, capture_output=True, text=True).stdout}\n';
    const { messages } = await found({ 'runners/session.py': impl(REMOTE, '        return self._client().invoke("executeCommand", {"command": command})'), 'runners/local.py': local });
    expect(messages.length).toBe(1);
  });
});
