/** The demo repository's MCP and agent-client settings: what the README's quick start shows. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { mcpListReport } from '../../src/commands/mcp.js';

const DEMO = path.resolve(import.meta.dirname, '../../fixtures/demo');
const CLIENT_FILES = /^\.(?:mcp\.json|cursor\/|vscode\/|claude\/|codex\/|gemini\/)/;

describe('demo MCP and client settings', async () => {
  const { report, facts } = await scan({ paths: [DEMO], threads: 1 });
  const ours = report.findings.filter((f) => CLIENT_FILES.test(f.location.path));

  it('parses every client config', () => {
    expect(report.errors.filter((e) => CLIENT_FILES.test(e.path))).toEqual([]);
  });

  it('finds the planted problems', () => {
    expect(ours.filter((f) => f.ruleId.startsWith('mcp/')).map((f) => `${f.location.path}:${f.location.startLine} ${f.ruleId} ${f.severity}`).sort()).toEqual([
      '.claude/settings.json:3 mcp/approved-risky-server medium',
      '.claude/settings.json:3 mcp/unrestricted-permission high',
      '.claude/settings.json:6 mcp/approved-risky-server high',
      '.codex/config.toml:13 mcp/approval-disabled critical',
      '.cursor/mcp.json:11 mcp/plain-http high',
      '.cursor/mcp.json:12 mcp/static-header-credential high',
      '.gemini/settings.json:7 mcp/server-auto-approve high',
      '.mcp.json:13 mcp/literal-credential high',
      '.mcp.json:5 mcp/unpinned-package medium',
      '.vscode/mcp.json:12 mcp/filesystem-root high',
      '.vscode/mcp.json:16 mcp/unpinned-image medium',
      '.vscode/mcp.json:8 mcp/unpinned-package low',
    ]);
    // The PAT is the secret engine's; the MCP rules do not report it again. One value, one finding, every place listed.
    const pats = ours.filter((f) => f.ruleId === 'secrets/github-pat');
    expect(pats.flatMap((f) => [f.location.path, ...(f.related ?? []).map((r) => r.path)]).sort()).toEqual(['.cursor/mcp.json', '.mcp.json']);
  });

  it('connects the token and the variable shared between clients', () => {
    const shared = report.findings.filter((f) => f.ruleId === 'identity/shared-credential').map((f) => f.message);
    expect(shared).toContain('The credential GitHub ghp_…Ue2 is used by 2 consumers: MCP server "github" (Cursor, .cursor/mcp.json); MCP server "github" (Claude Code, .mcp.json).');
    // The kb server written for Codex and for Claude Code is one server handed one variable, not two holders of it.
    expect(shared.filter((m) => m.startsWith('The credential variable OPENAI_API_KEY')).join('\n')).not.toMatch(/MCP server "kb" .*MCP server "kb"/);
  });

  it('lists the servers for mcp list', () => {
    const list = mcpListReport(report.root, facts.inventory, report.errors);
    expect(list.servers.map((s) => `${s.file} ${s.name}`)).toEqual([
      '.codex/config.toml kb',
      '.cursor/mcp.json github',
      '.cursor/mcp.json zendesk',
      '.gemini/settings.json billing',
      '.mcp.json github',
      '.mcp.json support-db',
      '.mcp.json kb',
      '.vscode/mcp.json browser',
      '.vscode/mcp.json files',
      '.vscode/mcp.json search',
    ]);
  });
});
