/**
 * A tool that starts a container on the host's Docker with what the model gives (Docker's SDK,
 * `containers.run` / `containers.create`; python-on-whales, `docker.run` / `DockerClient().container.run`;
 * dockerode's `createContainer`) runs code of the model's choosing there, with whatever it mounts;
 * one that starts a fixed container with nothing of the model's does not. So does one that hands the
 * SDK's call to a worker thread (`asyncio.to_thread(client.containers.run, image)`), the same call.
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
  it('python-on-whales, a module-level client or its `docker` object', async () => {
    const whales = (call: string) => PY_TOOL(call).replace('import docker\n', 'from python_on_whales import DockerClient, docker\n').replace('docker.from_env()', 'DockerClient()');
    expect(await runs({ 'server.py': whales('client.container.run(image, command, remove=True)') })).toEqual(['server.py:9']);
    expect(await runs({ 'server.py': whales('docker.run(image, command, remove=True)') })).toEqual(['server.py:9']);
  });
  it('the call handed to a worker thread, by the handler another module of the server calls', async () => {
    const handler = (image: string) =>
      `import asyncio\nfrom python_on_whales import DockerClient\n\nclient = DockerClient()\n\n\nclass Handlers:\n    @staticmethod\n` +
      `    async def create(arguments: dict):\n        image = arguments["image"]\n        container = await asyncio.to_thread(client.container.run, ${image}, detach=True)\n        return container.id\n`;
    const server =
      'from mcp.server import Server\nfrom .handlers import Handlers\n\nserver = Server("docker")\n\n\n@server.call_tool()\n' +
      'async def call_tool(name: str, arguments: dict):\n    if name == "create-container":\n        return await Handlers.create(arguments)\n    raise ValueError(name)\n';
    expect(await runs({ 'pkg/__init__.py': '', 'pkg/server.py': server, 'pkg/handlers.py': handler('image') })).toEqual(['pkg/server.py:8']);
    expect(await runs({ 'pkg/__init__.py': '', 'pkg/server.py': server, 'pkg/handlers.py': handler('"alpine:3.20"') })).toEqual([]);
  });
  it("dockerode's createContainer, the model's image and command", async () => {
    expect(await runs({ 'server.ts': TS_TOOL('{ Image: image, Cmd: ["sh", "-c", command] }') })).toEqual(['server.ts:7']);
  });
  it('a fixed image running a fixed command, nothing of the model given to it, is not', async () => {
    expect(await runs({ 'server.py': PY_TOOL('client.containers.run("alpine:3.20", ["echo", "ready"], remove=True)') })).toEqual([]);
    expect(await runs({ 'server.ts': TS_TOOL('{ Image: "alpine:3.20", Cmd: ["echo", "ready"] }') })).toEqual([]);
  });
});
