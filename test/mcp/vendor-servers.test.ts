/**
 * mcp/unpinned-package and who publishes the server: a vendor's own server (an npm scope only it owns,
 * a name its repository publishes) unpinned is low, a community server for the same service stays
 * medium; a default configuration the project's Python package ships as package data launches the
 * project's own package as designed (info), and a prefix the owner publishes under (`acmeco-` of the
 * account `acme-labs`) makes a package its own.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';
import { loadVendorServers, serverVendor } from '../../src/rules/mcp/vendor-servers.js';

const servers = (entries: Record<string, string[]>) =>
  JSON.stringify({ mcpServers: Object.fromEntries(Object.entries(entries).map(([name, [command, ...args]]) => [name, { command, args }])) });

async function unpinned(files: Record<string, string>): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
  return report.findings
    .filter((f) => f.ruleId === 'mcp/unpinned-package')
    .map((f) => `${f.severity} ${f.evidence}`)
    .sort();
}

describe('a vendor\'s own MCP server, unpinned', () => {
  it('is low for a scope only the vendor owns; a community server for the same service, and a reference server of the protocol, stay medium', async () => {
    const found = await unpinned({
      '.mcp.json': servers({
        browser: ['npx', '@playwright/mcp@latest'],
        search: ['npx', '-y', '@brave/brave-search-mcp-server'],
        reference: ['npx', '-y', '@modelcontextprotocol/server-github'],
        community: ['npx', '-y', 'brave-search-mcp'],
        lookalike: ['npx', '-y', '@brave-fans/brave-search-mcp-server'],
      }),
    });
    expect(found).toEqual([
      'low npx @brave/brave-search-mcp-server',
      'low npx @playwright/mcp@latest',
      'medium npx @brave-fans/brave-search-mcp-server',
      'medium npx @modelcontextprotocol/server-github',
      'medium npx brave-search-mcp',
    ]);
  });

  it('stays low in an example, where a third party\'s server is lowered to low too', async () => {
    const found = await unpinned({ 'examples/search/.mcp.json': servers({ search: ['npx', '-y', '@brave/brave-search-mcp-server'], other: ['npx', '-y', 'brave-search-mcp'] }) });
    expect(found).toEqual(['low npx @brave/brave-search-mcp-server', 'low npx brave-search-mcp']);
  });

  it('names the vendor in the message', async () => {
    const { report } = await scan({ paths: [tempTree({ '.mcp.json': servers({ search: ['npx', '-y', '@brave/brave-search-mcp-server'] }) })], threads: 1 });
    expect(report.findings.find((f) => f.ruleId === 'mcp/unpinned-package')?.message).toContain("its vendor's own server, published by Brave");
  });

  it('checks each entry of the data against its examples', () => {
    expect(loadVendorServers().scopes.size).toBeGreaterThan(0);
    expect(serverVendor('@PLAYWRIGHT/mcp')).toBe('Microsoft');
    expect(serverVendor('Chrome_DevTools.MCP')).toBe('Google');
    expect(serverVendor('mcp-server-sqlite')).toBeUndefined();
    expect(serverVendor('@composio/mcp')).toBe('Composio');
    expect(serverVendor('composio-mcp')).toBeUndefined();
  });
});

describe('a default configuration shipped as package data', () => {
  const pyproject = (extra: string) =>
    '[project]\nname = "acme-client"\nurls = { Homepage = "https://github.com/acme-labs/acme-client" }\n' +
    'dependencies = ["acmeco-llm>=0.1", "acmeco-term>=0.2"]\n\n[tool.setuptools]\npackage-dir = { "" = "src" }\n' +
    extra;
  const readme = '# acme-client\n\nBuilt on [acmeco-llm](https://github.com/acme-labs/acmeco-llm) and [acmeco-term](https://github.com/acme-labs/acmeco-term).\n';

  it('launches a package of the owner\'s own family as designed: info', async () => {
    const found = await unpinned({
      'pyproject.toml': pyproject('\n[tool.setuptools.package-data]\nacme_client = ["servers.json"]\n'),
      'README.md': readme,
      'src/acme_client/servers.json': servers({ echo: ['uvx', 'acmeco-mcp-echo', 'stdio'], other: ['uvx', 'example-fetch-mcp'] }),
    });
    expect(found).toEqual(['info uvx acmeco-mcp-echo', 'medium uvx example-fetch-mcp']);
  });

  it('is the owner\'s package but not shipped when the project does not list the file as package data: low', async () => {
    const found = await unpinned({
      'pyproject.toml': pyproject(''),
      'README.md': readme,
      'src/acme_client/servers.json': servers({ echo: ['uvx', 'acmeco-mcp-echo', 'stdio'] }),
    });
    expect(found).toEqual(['low uvx acmeco-mcp-echo']);
  });

  it('reads no family from a generic first word, nor from links the project does not depend on', async () => {
    const generic = await unpinned({
      'pyproject.toml': pyproject('').replace('"acmeco-llm>=0.1", "acmeco-term>=0.2"', '"mcp-helpers>=1"'),
      'README.md': '[a](https://github.com/acme-labs/mcp-helpers) [b](https://github.com/acme-labs/mcp-tools)\n',
      'src/acme_client/servers.json': servers({ db: ['uvx', 'mcp-fetch-server'] }),
    });
    expect(generic).toEqual(['medium uvx mcp-fetch-server']);
    const undeclared = await unpinned({
      'pyproject.toml': pyproject('').replace('"acmeco-llm>=0.1", "acmeco-term>=0.2"', ''),
      'README.md': readme,
      'src/acme_client/servers.json': servers({ echo: ['uvx', 'acmeco-mcp-echo'] }),
    });
    expect(undeclared).toEqual(['medium uvx acmeco-mcp-echo']);
  });
});
