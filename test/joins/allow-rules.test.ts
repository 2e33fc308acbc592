/**
 * Approval settings joined with the servers they approve: Claude Code allow rules and
 * `enableAllProjectMcpServers` in one settings file, the servers in `.mcp.json`. The capability data
 * carries its own examples, checked here.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { SourceFile } from '../../src/core/source.js';
import { loadCapabilities } from '../../src/rules/mcp/server-risk.js';
import { tempTree } from '../helpers/tmp.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/joins');
const findings = async (root: string) => (await scan({ paths: [root], threads: 1 })).report.findings;

describe('mcp/approved-risky-server', () => {
  it('reports each allow rule and the enable-all switch at the setting, the server definition related', async () => {
    const all = await findings(path.join(FIXTURES, 'allow-rule'));
    const joined = all.filter((f) => f.ruleId === 'mcp/approved-risky-server');
    expect(joined.map((f) => `${f.location.path}:${f.location.startLine} ${f.severity}`)).toEqual([
      '.claude/settings.json:3 high',
      '.claude/settings.local.json:3 high',
      '.claude/settings.local.json:5 high',
    ]);
    const [deploy, shell, enableAll] = joined;
    expect(deploy!.message).toContain('every tool of MCP server "deploy", which .mcp.json defines');
    expect(deploy!.message).toContain('acts with DEPLOY_TOKEN');
    expect(deploy!.message).toContain('not pinned');
    expect(deploy!.related).toEqual([expect.objectContaining({ path: '.mcp.json', startLine: 3 })]);
    expect(shell!.message).toContain('1 tool (execute_command) of MCP server "shell"');
    expect(shell!.message).toContain('runs shell commands');
    expect(enableAll!.message).toMatch(/enableAllProjectMcpServers .* among them "deploy" .*"shell"/);
    expect(enableAll!.message).not.toContain('"docs"');
    // The name-only findings at the same settings are replaced, not repeated; the read-only docs server is not reported.
    expect(all.filter((f) => f.ruleId === 'mcp/server-auto-approve' || f.ruleId === 'mcp/project-servers-auto-enabled')).toEqual([]);
    expect(all.some((f) => f.message.includes('"docs"'))).toBe(false);
  });

  it('the negative twin: read-only tools allowed, acting ones under ask or deny in another file, servers enabled by name', async () => {
    const all = await findings(path.join(FIXTURES, 'allow-rule-safe'));
    expect(all.filter((f) => f.location.path.startsWith('.claude/')).map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });

  it('an allow rule for a server no config defines keeps the name-based judgement', async () => {
    const root = tempTree({ '.claude/settings.json': '{ "permissions": { "allow": ["mcp__github"] } }' });
    const all = await findings(root);
    expect(all.map((f) => f.ruleId)).toEqual(['mcp/server-auto-approve']);
  });

  it('a server in read-only mode by flag is not a risky pre-approval', async () => {
    const root = tempTree({
      '.claude/settings.json': '{ "permissions": { "allow": ["mcp__github"] } }',
      '.mcp.json': '{ "mcpServers": { "github": { "command": "docker", "args": ["run", "-i", "--rm", "-e", "GITHUB_TOKEN", "ghcr.io/github/github-mcp-server:v0.13.0", "--read-only"] } } }',
    });
    expect((await findings(root)).filter((f) => f.location.path.startsWith('.claude/'))).toEqual([]);
  });

  it('a server whose script is in the repository is judged by its tools', async () => {
    const server = (tool: string, doc: string, body: string) =>
      `from mcp.server.fastmcp import FastMCP\nimport subprocess\n\nmcp = FastMCP("ops")\n\n\n@mcp.tool()\ndef ${tool}(service: str) -> str:\n    """${doc}"""\n    return ${body}\n`;
    const project = (script: string) => ({
      '.claude/settings.json': '{ "permissions": { "allow": ["mcp__ops"] } }',
      '.mcp.json': '{ "mcpServers": { "ops": { "command": "python", "args": ["tools/ops_server.py"] } } }',
      'tools/ops_server.py': script,
    });
    const risky = tempTree(project(server('restart', 'Restart a service.', 'subprocess.run(f"systemctl restart {service}", shell=True, capture_output=True, text=True).stdout')));
    const found = (await findings(risky)).filter((f) => f.ruleId === 'mcp/approved-risky-server');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('has tool "restart" that runs shell commands (tools/ops_server.py:');
    expect(found[0]!.related?.map((r) => r.path)).toEqual(['.mcp.json', 'tools/ops_server.py']);

    const harmless = tempTree(project(server('status', 'Show whether a service is up.', 'subprocess.run(["systemctl", "is-active", "--", service], capture_output=True, text=True).stdout')));
    expect((await findings(harmless)).filter((f) => f.location.path.startsWith('.claude/'))).toEqual([]);
  });

  it("the user's settings (--user-configs) are joined with the project's servers, and gated by the project's ask", async () => {
    const user = (code: string) => new SourceFile({ absPath: '/home/u/.claude/settings.json', relPath: '~/.claude/settings.json', kind: 'json', size: code.length }, code);
    const shell = '{ "mcpServers": { "shell": { "command": "npx", "args": ["-y", "@wonderwhy-er/desktop-commander@0.2.3"] } } }';
    const root = tempTree({ '.mcp.json': shell });
    const settings = '{ "enableAllProjectMcpServers": true, "permissions": { "allow": ["mcp__shell"] } }';
    const { report } = await scan({ paths: [root], threads: 1, extraSources: [user(settings)] });
    const joined = report.findings.filter((f) => f.ruleId === 'mcp/approved-risky-server');
    expect(joined.map((f) => `${f.location.path}:${f.location.startLine}:${f.location.startColumn}`)).toEqual(['~/.claude/settings.json:1:3', '~/.claude/settings.json:1:66']);
    expect(joined[0]!.message).toContain('starts every server of .mcp.json without review, among them "shell"');

    const gated = tempTree({ '.mcp.json': shell, '.claude/settings.json': '{ "permissions": { "ask": ["mcp__shell"] } }' });
    const again = await scan({ paths: [gated], threads: 1, extraSources: [user(settings)] });
    expect(again.report.findings.filter((f) => f.ruleId === 'mcp/approved-risky-server').map((f) => f.evidence)).toEqual(['enableAllProjectMcpServers: true']);
  });

  it('settings of one project are not joined with the servers of another', async () => {
    const root = tempTree({
      'a/.claude/settings.json': '{ "permissions": { "allow": ["mcp__shell"] } }',
      'b/.mcp.json': '{ "mcpServers": { "shell": { "command": "npx", "args": ["-y", "@wonderwhy-er/desktop-commander@0.2.3"] } } }',
    });
    expect((await findings(root)).filter((f) => f.ruleId === 'mcp/approved-risky-server')).toEqual([]);
  });
});

describe('rules/mcp/server-capabilities.yaml', () => {
  const caps = loadCapabilities();
  it.each(caps.servers.map((s) => [s.capability, s] as const))('%s: its examples match and miss as declared', (_id, s) => {
    for (const m of s.examples.match) expect(s.match.test(m), m).toBe(true);
    for (const m of s.examples.miss) expect(s.match.test(m), m).toBe(false);
  });
  it('read-only switches: their examples match and miss as declared', () => {
    for (const r of caps.readOnly) {
      for (const m of r.examples.match) expect(r.match.test(m), m).toBe(true);
      for (const m of r.examples.miss) expect(r.match.test(m), m).toBe(false);
    }
  });
});
