/**
 * A tool that starts a container on the host's Docker with what the model gives (Docker's SDK,
 * `containers.run` / `containers.create`; dockerode's `createContainer`) runs code of the model's
 * choosing there, with whatever it mounts; one that starts a fixed container with nothing of the
 * model's does not.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const PY_TOOL = (call: string): string =>
  'import docker\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("containers")\nclient = docker.from_env()\n\n\n' +
  `@mcp.tool()\ndef run_job(image: str, command: str) -> str:\n    """Run a job in a container and return its output."""\n    return ${call}.decode()\n`;

const TS_TOOL = (options: string): string =>
  "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nimport Docker from 'dockerode';\nimport { z } from 'zod';\n\n" +
  "const docker = new Docker();\nconst server = new McpServer({ name: 'containers', version: '1.0.0' });\n" +
  "server.tool('run_job', 'Run a job in a container.', { image: z.string(), command: z.string() }, async ({ image, command }) => {\n" +
  `  const container = await docker.createContainer(${options});\n  await container.start();\n  return { content: [{ type: 'text', text: container.id }] };\n});\n`;

async function runs(files: Record<string, string>): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'code/missing-approval' && f.message.includes('executes arbitrary code')).map((f) => `${f.location.path}:${f.location.startLine}`);
}

describe('a container started with what the model gives', () => {
  it("Docker's Python SDK, the model's image and command", async () => {
    expect(await runs({ 'server.py': PY_TOOL('client.containers.run(image, command, remove=True)') })).toEqual(['server.py:9']);
  });
  it("dockerode's createContainer, the model's image and command", async () => {
    expect(await runs({ 'server.ts': TS_TOOL('{ Image: image, Cmd: ["sh", "-c", command] }') })).toEqual(['server.ts:7']);
  });
  it('a fixed image running a fixed command, nothing of the model given to it, is not', async () => {
    expect(await runs({ 'server.py': PY_TOOL('client.containers.run("alpine:3.20", ["echo", "ready"], remove=True)') })).toEqual([]);
    expect(await runs({ 'server.ts': TS_TOOL('{ Image: "alpine:3.20", Cmd: ["echo", "ready"] }') })).toEqual([]);
  });
});
