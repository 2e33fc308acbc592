/**
 * Per-user (and machine-wide managed) config locations of agent clients on Linux, macOS and Windows,
 * for `scan --user-configs` and `mcp list --user-configs`. Only files that exist are returned; the
 * MCP analyzer recognises each by its path and shape like any other file.
 *
 * Covers the locations Snyk agent-scan probes (Claude Desktop/Code, Cursor, VS Code, Windsurf,
 * Gemini CLI, Kiro, Antigravity, Codex, Amazon Q, OpenCode, Copilot CLI) plus the clients it
 * misses: Zed, Continue, Cline, Roo Code and Goose, and Claude Desktop on Linux.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SourceFile } from '../core/source.js';
import type { ScanError, SkippedFile } from '../core/types.js';
import { readSource } from '../engine/analyze-file.js';
import { classify } from './classify.js';

type Env = Record<string, string | undefined>;

/** Existing per-user agent-client config files, absolute, sorted, without duplicates. */
export function userConfigPaths(env: Env = process.env, platform: NodeJS.Platform = process.platform): string[] {
  const home = (platform === 'win32' ? (env.USERPROFILE ?? env.HOME) : (env.HOME ?? env.USERPROFILE)) ?? '';
  if (!home) return [];
  const candidates = new Set<string>();
  const add = (...parts: string[]): void => void candidates.add(path.join(...parts));
  const addDir = (dir: string, test: (name: string) => boolean): void => {
    for (const name of listDir(dir)) if (test(name)) candidates.add(path.join(dir, name));
  };

  // Dot-folders under the home directory: the same on every platform.
  const claudeDir = env.CLAUDE_CONFIG_DIR ?? path.join(home, '.claude');
  add(home, '.claude.json');
  add(claudeDir, 'settings.json');
  add(claudeDir, 'settings.local.json');
  if (env.CLAUDE_CONFIG_DIR) add(env.CLAUDE_CONFIG_DIR, '.claude.json');
  add(home, '.cursor', 'mcp.json');
  add(home, '.vscode', 'mcp.json');
  add(home, '.vscode-insiders', 'mcp.json');
  add(home, '.codeium', 'windsurf', 'mcp_config.json');
  add(home, '.gemini', 'settings.json');
  add(home, '.gemini', 'antigravity', 'mcp_config.json');
  add(home, '.gemini', 'config', 'mcp_config.json');
  add(home, '.kiro', 'settings', 'mcp.json');
  addDir(path.join(home, '.kiro', 'agents'), (n) => n.endsWith('.json'));
  const codexHome = env.CODEX_HOME ?? path.join(home, '.codex');
  add(codexHome, 'config.toml');
  addDir(codexHome, (n) => n.endsWith('.config.toml'));
  add(home, '.aws', 'amazonq', 'mcp.json');
  for (const d of ['agents', 'cli-agents']) addDir(path.join(home, '.aws', 'amazonq', d), (n) => n.endsWith('.json'));
  add(home, '.copilot', 'mcp-config.json');
  for (const n of ['config.yaml', 'config.yml', 'config.json']) add(home, '.continue', n);
  addDir(path.join(home, '.continue', 'mcpServers'), (n) => /\.(?:ya?ml|json)$/i.test(n));

  // Application-data folders differ per platform.
  const appData =
    platform === 'win32'
      ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? path.join(home, '.config'));
  const xdg = platform === 'win32' ? appData : (env.XDG_CONFIG_HOME ?? path.join(home, '.config'));

  add(appData, 'Claude', 'claude_desktop_config.json');
  for (const editor of ['Code', 'Code - Insiders', 'VSCodium', 'Cursor', 'Windsurf', 'Kiro']) {
    const user = path.join(appData, editor, 'User');
    if (['Code', 'Code - Insiders', 'VSCodium'].includes(editor)) {
      add(user, 'settings.json');
      add(user, 'mcp.json');
    }
    add(user, 'globalStorage', 'saoudrizwan.claude-dev', 'settings', 'cline_mcp_settings.json');
    add(user, 'globalStorage', 'rooveterinaryinc.roo-cline', 'settings', 'mcp_settings.json');
  }
  add(xdg, 'zed', 'settings.json');
  if (platform === 'win32') add(appData, 'Zed', 'settings.json');
  add(xdg, 'opencode', 'opencode.json');
  add(xdg, 'opencode', 'opencode.jsonc');
  if (env.OPENCODE_CONFIG) candidates.add(env.OPENCODE_CONFIG);
  add(xdg, 'goose', 'config.yaml');
  if (platform === 'win32') add(appData, 'Block', 'goose', 'config', 'config.yaml');

  // Machine-wide managed settings that override the user's.
  if (platform === 'darwin') {
    add('/Library/Application Support/ClaudeCode', 'managed-settings.json');
    add('/Library/Application Support/ClaudeCode', 'managed-mcp.json');
    add('/Library/Application Support/GeminiCli', 'settings.json');
    add('/etc/codex', 'config.toml');
  } else if (platform === 'win32') {
    const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
    add(programData, 'ClaudeCode', 'managed-settings.json');
    add(programData, 'ClaudeCode', 'managed-mcp.json');
    add(programData, 'OpenAI', 'Codex', 'config.toml');
    add(programData, 'gemini-cli', 'settings.json');
  } else {
    add('/etc/claude-code', 'managed-settings.json');
    add('/etc/claude-code', 'managed-mcp.json');
    add('/etc/codex', 'config.toml');
    add('/etc/gemini-cli', 'settings.json');
    add('/etc/opencode', 'opencode.json');
  }

  return [...candidates].filter(isFile).sort();
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isFile(p: string): boolean {
  try {
    return existsSync(p) && statSync(p).isFile();
  } catch {
    return false;
  }
}

/** How a user config is shown: `~/.cursor/mcp.json` rather than an absolute path. */
export function displayUserPath(absPath: string, env: Env = process.env): string {
  const home = env.HOME ?? env.USERPROFILE;
  if (home && (absPath === home || absPath.startsWith(home + path.sep))) return `~/${path.relative(home, absPath).split(path.sep).join('/')}`;
  return absPath.split(path.sep).join('/');
}

/**
 * The user's agent-client configs, read and decoded as sources named `~/…`: they live outside any
 * scanned root, so `scan` and `mcp list` analyze them beside the project (`ScanOptions.extraSources`).
 */
export function userConfigSources(env: Env = process.env, platform: NodeJS.Platform = process.platform): {
  sources: SourceFile[];
  errors: ScanError[];
  skipped: SkippedFile[];
} {
  const out = { sources: [] as SourceFile[], errors: [] as ScanError[], skipped: [] as SkippedFile[] };
  for (const abs of userConfigPaths(env, platform)) {
    const r = readSource({ absPath: abs, relPath: displayUserPath(abs, env), kind: classify(abs), size: 0 });
    if (r.source) out.sources.push(r.source);
    if (r.skipped) out.skipped.push(r.skipped);
    if (r.error) out.errors.push(r.error);
  }
  return out;
}
