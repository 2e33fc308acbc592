/**
 * The MCP domain inside a whole scan: broken configs of every syntax are reported by name while the
 * rest is analyzed, one credential handed to several servers becomes one shared-identity finding,
 * and the `mcp-server` inventory feeds `mcp list`.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { mcpListReport, renderText } from '../../src/commands/mcp.js';
import { tempTree } from '../helpers/tmp.js';

describe('MCP configs in a scan', () => {
  it('reports each malformed config once, naming the file, and goes on', async () => {
    const dir = tempTree({
      '.cursor/mcp.json': '{ "mcpServers": { "a": { "command": "npx", } ',
      '.codex/config.toml': '[mcp_servers.a\ncommand = "npx"\n',
      '.continue/config.yaml': 'mcpServers:\n  - name: a\n    command: [uvx\n',
      '.vscode/mcp.json': '{ "servers": { "fetch": { "command": "uvx", "args": ["mcp-server-fetch"] } } }',
      '.zed/settings.json': '['.repeat(20000),
    });
    const { report } = await scan({ paths: [dir], threads: 1 });
    const byPath = new Map(report.errors.map((e) => [e.path, e.message]));
    expect(byPath.get('.cursor/mcp.json')).toMatch(/invalid JSON at \d+:\d+/);
    expect(byPath.get('.codex/config.toml')).toMatch(/invalid TOML at \d+:\d+/);
    expect(byPath.get('.continue/config.yaml')).toMatch(/invalid YAML at \d+:\d+/);
    expect(byPath.get('.zed/settings.json')).toMatch(/invalid JSON/);
    expect(report.errors.filter((e) => e.path === '.cursor/mcp.json')).toHaveLength(1);
    expect(report.findings.map((f) => `${f.ruleId} ${f.location.path}`)).toContain('mcp/unpinned-package .vscode/mcp.json');
  });

  it('reads a JSON file outside every client path as a generic config only when its root names servers', async () => {
    const dir = tempTree({
      // A schema that mentions the key deep inside is no config; neither is a JSON array.
      'schemas/api.json': '{ "components": { "schemas": { "Tool": { "properties": { "mcpServers": { "type": "object" } } } } } }',
      'list.json': '[{ "mcpServers": { "a": { "command": "npx", "args": ["some-server"] } } }]',
      // At the root it is one, strict or with comments.
      'agents/servers.json': '{ "mcpServers": { "fetch": { "command": "npx", "args": ["some-fetch-server"] } } }',
      'agents/commented.json': '{\n  // the team\'s servers\n  "mcpServers": { "docs": { "command": "npx", "args": ["some-docs-server"] } },\n}\n',
    });
    const { report } = await scan({ paths: [dir], threads: 1 });
    const paths = new Set(report.findings.filter((f) => f.ruleId === 'mcp/unpinned-package').map((f) => f.location.path));
    expect([...paths].sort()).toEqual(['agents/commented.json', 'agents/servers.json']);
    expect(report.errors).toEqual([]);
  });

  it('turns one credential variable handed to servers of two clients into one shared-identity finding', async () => {
    const dir = tempTree({
      '.mcp.json': '{ "mcpServers": { "github": { "command": "gh-mcp", "env": { "GITHUB_TOKEN": "${GITHUB_TOKEN}" } } } }',
      '.vscode/mcp.json': '{ "servers": { "issues": { "command": "issues-mcp", "env": { "GH_TOKEN": "${env:GITHUB_TOKEN}" } } } }',
      '.cursor/mcp.json': '{ "mcpServers": { "docs": { "command": "docs-mcp", "env": { "DOCS_TOKEN": "${DOCS_TOKEN}" } } } }',
    });
    const { report } = await scan({ paths: [dir], threads: 1 });
    const shared = report.findings.filter((f) => f.category === 'identity.shared-account');
    expect(shared).toHaveLength(1);
    expect(shared[0]!.message).toContain('GITHUB_TOKEN');
    expect(shared[0]!.message).toContain('MCP server "github" (Claude Code, .mcp.json)');
    expect(shared[0]!.message).toContain('MCP server "issues" (VS Code, .vscode/mcp.json)');
    expect(shared[0]!.related).toHaveLength(2);
  });

  it('turns one literal secret in two servers into one shared-identity finding without printing it', async () => {
    const secret = 'k7Hq2mZ9pL4xW8vB3nR6';
    const dir = tempTree({
      '.mcp.json': `{ "mcpServers": { "a": { "command": "a-mcp", "env": { "SEARCH_KEY": "${secret}" } } } }`,
      '.cursor/mcp.json': `{ "mcpServers": { "b": { "command": "b-mcp", "args": ["--search-key", "${secret}"] } } }`,
    });
    const { report } = await scan({ paths: [dir], threads: 1 });
    const shared = report.findings.filter((f) => f.category === 'identity.shared-account');
    expect(shared).toHaveLength(1);
    expect(JSON.stringify(report)).not.toContain(secret);
  });

  it('lists every server with its client, pinning, credentials and approval', async () => {
    const dir = tempTree({
      '.vscode/mcp.json':
        '{ "servers": { "gh": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"], "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${input:gh}" } }, ' +
        '"crm": { "type": "http", "url": "https://crm.example.com/mcp", "headers": { "X-Crm-Key": "crm_9fQ2kLm7Zx4Rt8Vw1Ny6" } } } }',
      'cline_mcp_settings.json': '{ "mcpServers": { "shell": { "command": "uvx", "args": ["mcp-shell-server"], "alwaysAllow": ["*"] } } }',
    });
    const { report, facts } = await scan({ paths: [dir], threads: 1 });
    const list = mcpListReport(report.root, facts.inventory, report.errors);
    expect(list.servers.map((s) => [s.file, s.clientLabel, s.name, s.transport, s.pinned, s.approval])).toEqual([
      ['.vscode/mcp.json', 'VS Code', 'gh', 'stdio', true, 'ask'],
      ['.vscode/mcp.json', 'VS Code', 'crm', 'http', null, 'ask'],
      ['cline_mcp_settings.json', 'Cline', 'shell', 'stdio', false, 'auto (all tools)'],
    ]);
    expect(list.servers[0]!.credentials).toEqual([{ name: 'GITHUB_PERSONAL_ACCESS_TOKEN', where: 'env', form: 'input' }]);
    expect(list.servers[1]!.credentials[0]).toMatchObject({ name: 'X-Crm-Key', form: 'literal' });
    const text = renderText(list);
    expect(text).toContain('3 MCP servers in 2 files');
    expect(text).toContain('UNPINNED');
    expect(text).not.toContain('crm_9fQ2kLm7Zx4Rt8Vw1Ny6');
  });
});
