/**
 * code/mcp-unpinned-launch on a server's config handed to a call named for MCP (an agent's own MCP
 * method, a plugin or settings class written with keyword arguments), besides the MCP SDKs' stdio
 * constructors and maps of servers: the package read up to the server's own arguments, severity by
 * the same verdict as a client's config (a vendor's own server low, an example lowered), one finding
 * for a config reached two ways, nothing for a config that is checked, written, returned or shown.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { mayLaunchMcpServer } from '../../src/rules/code/mcp-code-launch.js';
import { startsMcpServers } from '../../src/rules/code/mcp-launch-calls.js';
import { tempTree } from '../helpers/tmp.js';
import { analyzeCodeFile } from './helpers.js';

const ID = 'code/mcp-unpinned-launch';

async function launches(relPath: string, text: string): Promise<string[]> {
  const r = await analyzeCodeFile(relPath, text);
  return r.findings.filter((f) => f.ruleId === ID).map((f) => `${f.location.startLine} ${f.severity} ${f.evidence}`);
}

/** Severity after the file's context, as a scan reports it. */
async function scanned(files: Record<string, string>): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
  return report.findings
    .filter((f) => f.ruleId === ID)
    .map((f) => `${f.location.path}:${f.location.startLine} ${f.severity} ${f.evidence}`)
    .sort();
}

const agentFile = (pkg: string, env = "{ npm_config_yes: 'true' }") =>
  [
    "import { BrowserAgent } from 'example-browser-agent';",
    '',
    'export async function fill(sheetUrl: string) {',
    "  const agent = new BrowserAgent({ model: 'gpt-4o' });",
    '  await agent.initializeMCPClient({',
    '    servers: [',
    '      {',
    "        command: 'npx',",
    `        args: ['${pkg}', 'start', '--url', sheetUrl],`,
    `        env: ${env},`,
    '      },',
    '    ],',
    '  });',
    "  return agent.executeTask('Copy the table into the sheet');",
    '}',
  ].join('\n');

describe('a server config handed to a call named for MCP', () => {
  it('a list of servers given to an agent\'s MCP method: @latest is unpinned, read past the variable the server is handed', async () => {
    expect(await launches('src/sheets.ts', agentFile('example-sheets-mcp@latest'))).toEqual(['7 medium npx example-sheets-mcp@latest']);
    const r = await analyzeCodeFile('src/sheets.ts', agentFile('example-sheets-mcp@latest'));
    expect(r.findings[0]!.message).toContain('at a moving tag (`latest`)');
    // Pinned, or a package given by a variable: nothing to report, nothing guessed.
    expect(await launches('src/sheets.ts', agentFile('example-sheets-mcp@1.4.2'))).toEqual([]);
    expect(await launches('src/sheets.ts', agentFile('example-sheets-mcp@latest').replace("args: ['example-sheets-mcp@latest',", 'args: [pkg,'))).toEqual([]);
  });

  it('the whole environment handed to the server is said, however the spread is written', async () => {
    for (const env of ['process.env', '{ ...process.env }', '{ ...((process.env ?? {}) as Record<string, string>), DEBUG: "1" }']) {
      const r = await analyzeCodeFile('src/sheets.ts', agentFile('example-sheets-mcp', env));
      expect(r.findings[0]?.message, env).toContain('the whole environment');
    }
    const own = await analyzeCodeFile('src/sheets.ts', agentFile('example-sheets-mcp'));
    expect(own.findings[0]!.message).not.toContain('the whole environment');
  });

  it('maps of servers and keyword arguments of SDKs named for MCP', async () => {
    const volt = "import { MCPConfiguration } from '@voltagent/core';\n\nexport const mcp = new MCPConfiguration({\n  servers: {\n    files: { type: 'stdio', command: 'npx', args: ['-y', 'example-files-mcp', './docs'] },\n  },\n});\n";
    expect(await launches('src/mcp.ts', volt)).toEqual(['5 medium npx example-files-mcp']);
    const adapters = 'from langchain_mcp_adapters.client import MultiServerMCPClient\n\nclient = MultiServerMCPClient(\n    {\n        "kb": {"transport": "stdio", "command": "uvx", "args": ["example-kb-mcp@latest"]},\n    }\n)\n';
    expect(await launches('app/client.py', adapters)).toEqual(['5 medium uvx example-kb-mcp@latest']);
    const settings =
      'from mcp_agent.config import MCPServerSettings, MCPSettings, Settings\n\nsettings = Settings(\n    mcp=MCPSettings(\n        servers={\n' +
      '            "fetch": MCPServerSettings(command="uvx", args=["example-fetch-mcp"]),\n            "local": MCPServerSettings(command="python", args=["server.py"]),\n        }\n    )\n)\n';
    expect(await launches('app/settings.py', settings)).toEqual(['6 medium uvx example-fetch-mcp']);
  });

  it('a server its config turns off is info, as in a client\'s config', async () => {
    const py =
      'from pydantic import BaseModel\nfrom example_assistant import MCPServerConfig\n\n\nclass ToolsConfig(BaseModel):\n    servers: list[MCPServerConfig] = [\n' +
      '        MCPServerConfig(key="memory", command="npx", args=["-y", "example-memory-mcp"], enabled=False),\n' +
      '        MCPServerConfig(key="notes", command="npx", args=["-y", "example-notes-mcp"], enabled=True),\n    ]\n';
    expect(await launches('assistant/config.py', py)).toEqual(['7 info npx example-memory-mcp', '8 medium npx example-notes-mcp']);
  });

  it('a config reached two ways (a transport inside a client\'s call) is one launch', async () => {
    const ts = "import { MCPClient } from 'example-mcp-client';\nimport { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';\n\nconst client = new MCPClient({ transport: new StdioClientTransport({ command: 'npx', args: ['example-notes-mcp'] }) });\n";
    expect(await launches('src/notes.ts', ts)).toEqual(['4 medium npx example-notes-mcp']);
    const py = 'from example_sdk import McpClient\n\nclient = McpClient(config={"mcpServers": {"notes": {"command": "npx", "args": ["example-notes-mcp"]}}})\n';
    expect(await launches('app/notes.py', py)).toEqual(['3 medium npx example-notes-mcp']);
  });

  it('a config checked, written, returned or shown is not a launch', async () => {
    const lines = [
      "import { validateMcpServerConfig, writeMcpConfig, renderMcpSnippet } from './config';",
      "validateMcpServerConfig({ command: 'npx', args: ['example-board-mcp'] });",
      "writeMcpConfig(path, { servers: [{ command: 'npx', args: ['example-board-mcp'] }] });",
      "renderMcpSnippet({ command: 'npx', args: ['example-board-mcp'] });",
      "export const handler = () => createMcpHandler(() => Response.json({ server: { command: 'npx', args: ['example-board-mcp'] } }));",
      "const snippet = `initializeMCPClient({ servers: [{ command: 'npx', args: ['example-board-mcp'] }] })`;",
      "logger.info({ command: 'npx', args: ['example-board-mcp'] });",
    ].join('\n');
    expect(await launches('src/setup.ts', lines)).toEqual([]);
  });

  it('names the calls that start servers, not those that read or keep their configs', () => {
    for (const callee of ['agent.initializeMCPClient', '@voltagent/core.MCPConfiguration', 'langchain_mcp_adapters.client.MultiServerMCPClient', 'semantic_kernel.connectors.mcp.MCPStdioPlugin', 'StdIOStatefulClient', 'createMCPClient', 'self.connect_to_mcp_server']) {
      expect(startsMcpServers(callee), callee).toBe(true);
    }
    for (const callee of ['validateMCPServerConfig', 'writeMcpConfig', 'isStdioEntry', 'parseMcpServerRegistration', 'mcp.tool', 'createAgent', 'spawn']) {
      expect(startsMcpServers(callee), callee).toBe(false);
    }
    expect(mayLaunchMcpServer(agentFile('example-sheets-mcp'))).toBe(true);
    expect(mayLaunchMcpServer("spawn('npx', ['prettier']);\nconst task = { command: 'npx', args: ['prettier'] };\n")).toBe(false);
  });
});

describe('severity, as a client\'s config is judged', () => {
  it('a third party\'s server: medium where it ships, low in an example; a vendor\'s own server low in both', async () => {
    const found = await scanned({
      'src/sheets.ts': agentFile('example-sheets-mcp@latest'),
      'examples/sheets/run.ts': agentFile('example-sheets-mcp@latest'),
      'src/composio.ts': agentFile('@composio/mcp@latest'),
      'examples/notion/run.ts': agentFile('@composio/mcp@latest'),
    });
    expect(found).toEqual([
      'examples/notion/run.ts:7 low npx @composio/mcp@latest',
      'examples/sheets/run.ts:7 low npx example-sheets-mcp@latest',
      'src/composio.ts:7 low npx @composio/mcp@latest',
      'src/sheets.ts:7 medium npx example-sheets-mcp@latest',
    ]);
  });
});
