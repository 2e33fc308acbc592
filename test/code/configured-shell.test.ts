/**
 * A program the code takes from its configuration runs what it is given like any program: fixed,
 * unless it is a shell. A configured program named as a shell (`shellConfig.command`, the
 * configured `powershell.exe` or `bash`) given the model's command runs that command; a configured
 * program named otherwise (`config.gitPath`) given the model's argument separately does not.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const SERVER = (spawnArgs: string): string =>
  "import { spawn } from 'node:child_process';\nimport { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nimport { z } from 'zod';\nimport { config } from './config.js';\n\n" +
  "const server = new McpServer({ name: 'cli', version: '1.0.0' });\n" +
  "server.tool('execute', 'Run it.', { command: z.string() }, async ({ command }) => {\n" +
  `  const shellConfig = config.shells.powershell;\n  const child = spawn(${spawnArgs});\n` +
  "  return { content: [{ type: 'text', text: String(child.pid) }] };\n});\n";

async function shells(spawnArgs: string): Promise<string[]> {
  const config = "export const config = { gitPath: 'git', shells: { powershell: { command: 'powershell.exe', args: ['-NoProfile', '-Command'] } } };\n";
  const { report } = await scan({ paths: [tempTree({ 'src/index.ts': SERVER(spawnArgs), 'src/config.ts': config })], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'code/missing-approval' && f.message.includes('runs shell commands')).map((f) => `${f.location.path}:${f.location.startLine}`);
}

describe('a shell the configuration gives', () => {
  it("runs the model's command", async () => {
    expect(await shells('shellConfig.command, [...shellConfig.args, command]')).toEqual(['src/index.ts:7']);
  });
  it('a configured program that is no shell, the model giving an argument, does not', async () => {
    expect(await shells("config.gitPath, ['log', '--oneline', command]")).toEqual([]);
  });
});
