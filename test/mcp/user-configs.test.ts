import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { displayUserPath, userConfigPaths } from '../../src/discovery/user-configs.js';
import { specFor } from '../../src/rules/mcp/clients.js';
import { tempTree } from '../helpers/tmp.js';

const FILES = {
  linux: [
    '.claude.json',
    '.cursor/mcp.json',
    '.codex/config.toml',
    '.gemini/settings.json',
    '.config/Code/User/settings.json',
    '.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
    '.config/zed/settings.json',
    '.config/goose/config.yaml',
    '.config/opencode/opencode.json',
    '.continue/config.yaml',
    '.aws/amazonq/agents/default.json',
    '.kiro/settings/mcp.json',
    '.codeium/windsurf/mcp_config.json',
  ],
  darwin: [
    'Library/Application Support/Claude/claude_desktop_config.json',
    'Library/Application Support/Code/User/mcp.json',
    'Library/Application Support/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json',
    '.config/zed/settings.json',
  ],
  win32: ['AppData/Roaming/Claude/claude_desktop_config.json', 'AppData/Roaming/Code/User/settings.json', 'AppData/Roaming/Zed/settings.json', '.cursor/mcp.json'],
} as const;

describe('userConfigPaths', () => {
  it.each(Object.entries(FILES))('finds the %s locations that exist, and each is recognised as a client config', (platform, files) => {
    const home = tempTree(Object.fromEntries(files.map((f) => [f, '{}'])));
    const env = platform === 'win32' ? { USERPROFILE: home, APPDATA: path.join(home, 'AppData', 'Roaming') } : { HOME: home };
    const found = userConfigPaths(env, platform as NodeJS.Platform).filter((p) => p.startsWith(home));
    expect(found.map((p) => path.relative(home, p).split(path.sep).join('/')).sort()).toEqual([...files].sort());
    for (const f of found) expect(specFor(displayUserPath(f, { HOME: home })), f).toBeDefined();
  });

  it('returns nothing without a home folder', () => {
    expect(userConfigPaths({}, 'linux')).toEqual([]);
  });

  it('shows home paths as ~/…', () => {
    expect(displayUserPath('/home/ann/.cursor/mcp.json', { HOME: '/home/ann' })).toBe('~/.cursor/mcp.json');
  });
});

describe('userConfigSources with scan', () => {
  it('analyzes the user configs beside the walked project, as ~/ paths, and joins identities across both', async () => {
    const { userConfigSources } = await import('../../src/discovery/user-configs.js');
    const { scan } = await import('../../src/engine/scan.js');
    const token = 'ghp_bQCGVdaImgAuSfzfHoUS74WcAYObHmUspU6L';
    const server = (name: string) => `{"mcpServers":{"${name}":{"command":"npx","args":["-y","@modelcontextprotocol/server-github@2025.4.8"],"env":{"GITHUB_TOKEN":"${token}"}}}}`;
    const home = tempTree({ '.cursor/mcp.json': server('gh-user') });
    const project = tempTree({ '.mcp.json': server('gh-project') });
    const user = userConfigSources({ HOME: home }, 'linux');
    expect(user.sources.map((s) => s.relPath)).toEqual(['~/.cursor/mcp.json']);
    const { report } = await scan({ paths: [project], extraSources: user.sources, threads: 1 });
    const pats = report.findings.filter((f) => f.ruleId === 'secrets/github-pat');
    expect(pats.flatMap((f) => [f.location.path, ...(f.related ?? []).map((r) => r.path)]).sort()).toEqual(['.mcp.json', '~/.cursor/mcp.json']);
    const shared = report.findings.find((f) => f.ruleId === 'identity/shared-credential');
    expect(shared?.related?.map((r) => r.path).sort()).toEqual(['.mcp.json', '~/.cursor/mcp.json']);
    expect(JSON.stringify(report)).not.toContain(token);
  });
});
