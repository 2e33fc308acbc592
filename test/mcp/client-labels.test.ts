/** Which client a config file is said to belong to: only what its path tells, never a guess presented as fact. */
import { describe, expect, it } from 'vitest';
import { analyze } from './helpers.js';

const CONFIG = '{ "mcpServers": { "files": { "command": "npx", "args": ["-y", "@example/files-mcp"] } } }';

describe('MCP client attribution', () => {
  it('a mcp_settings.json in Roo Code\'s settings folder is Roo Code\'s', async () => {
    const { findings } = await analyze('Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json', CONFIG);
    expect(findings.find((f) => f.ruleId === 'mcp/unpinned-package')?.message).toContain('(Roo Code)');
  });

  it('a mcp_settings.json elsewhere in a repository names the clients that read that name, not one of them', async () => {
    const { findings } = await analyze('mcp_settings.json', CONFIG);
    const message = findings.find((f) => f.ruleId === 'mcp/unpinned-package')?.message ?? '';
    expect(message).toContain('(Roo Code, MCPHub or another client reading mcp_settings.json)');
    expect(message).not.toContain('"files" (Roo Code)');
  });
});
