/**
 * code/missing-approval: a sink known by its method's name alone (`sandbox.execute_command(cmd)`) is
 * judged by the repository's own definition of that method. A dispatcher that runs no process is
 * contained; a definition that only declares the method (an abstract base whose implementations live
 * elsewhere) says nothing of what runs, and the risk stays.
 */
import { describe, expect, it } from 'vitest';
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
