/**
 * A tool that types the model's command into a shell pexpect started (`pexpect.spawn("/bin/bash")`,
 * then `sendline(cmd)`) runs it, as a shell call would; `send` on anything else (a socket, a
 * pexpect session of a program that is not a shell) is not a shell.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const TOOL = (spawn: string, call: string): string =>
  `import pexpect\nimport socket\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("terminal")\nshell = ${spawn}\n\n\n` +
  `@mcp.tool()\ndef run(command: str) -> str:\n    """Run a command in the session."""\n    ${call}\n    return "sent"\n`;

async function shells(code: string): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree({ 'server.py': code })], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'code/missing-approval' && f.message.includes('runs shell commands')).map((f) => `${f.location.path}:${f.location.startLine}`);
}

describe('a command typed into a shell pexpect started', () => {
  it("the model's command, sendline or send", async () => {
    expect(await shells(TOOL('pexpect.spawn("/bin/bash --noprofile --norc", encoding="utf-8")', 'shell.sendline(command)'))).toEqual(['server.py:10']);
    expect(await shells(TOOL('pexpect.spawn("bash")', 'shell.send(command + "\\n")'))).toEqual(['server.py:10']);
  });
  it('a fixed line, a session of a program that is no shell, a socket: none', async () => {
    expect(await shells(TOOL('pexpect.spawn("/bin/bash")', 'shell.sendline("uptime")'))).toEqual([]);
    expect(await shells(TOOL('pexpect.spawn("python3 -m myrepl")', 'shell.sendline(command)'))).toEqual([]);
    expect(await shells(TOOL('socket.create_connection(("localhost", 7000))', 'shell.send(command.encode())'))).toEqual([]);
  });
  it("a calculator's session beside the shell's: the session the line goes to decides", async () => {
    const both = TOOL('pexpect.spawn("/bin/bash")', 'calc.sendline(command)').replace('shell = pexpect.spawn("/bin/bash")\n', 'shell = pexpect.spawn("/bin/bash")\ncalc = pexpect.spawn("bc -q")\n');
    expect(await shells(both)).toEqual([]);
    expect(await shells(both.replace('calc.sendline(command)', 'shell.sendline(command)'))).toEqual(['server.py:11']);
  });
});
