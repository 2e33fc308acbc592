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
