/** Severity as an operator would judge it: disabled servers lower, backend URLs are not the transport. */
import { describe, expect, it } from 'vitest';
import { analyze } from './helpers.js';

describe('MCP findings weighed by what runs', () => {
  it('a disabled server is info: nothing runs until it is turned on', async () => {
    const server = (extra: string) => `{ "mcpServers": { "wiki": { "url": "http://mcp.internal.example.com/sse", "headers": { "Authorization": "Bearer \${WIKI_TOKEN}" }${extra} } } }`;
    const on = (await analyze('.cursor/mcp.json', server(''))).findings.find((f) => f.ruleId === 'mcp/plain-http');
    const off = (await analyze('.cursor/mcp.json', server(', "disabled": true'))).findings.find((f) => f.ruleId === 'mcp/plain-http');
    expect(on?.severity).toBe('high');
    expect(off?.severity).toBe('info');
    expect(off?.message).toContain('disabled');
    const unpinned = (extra: string) => `{ "mcpServers": { "files": { "command": "npx", "args": ["-y", "@example/files-mcp"]${extra} } } }`;
    expect((await analyze('.cursor/mcp.json', unpinned(''))).findings.find((f) => f.ruleId === 'mcp/unpinned-package')?.severity).toBe('medium');
    expect((await analyze('.cursor/mcp.json', unpinned(', "enabled": false'))).findings.find((f) => f.ruleId === 'mcp/unpinned-package')?.severity).toBe('info');
  });

  it('a credential written into a disabled server is one step lower, never below low: it sits in the file either way', async () => {
    const server = (extra: string) => `{ "mcpServers": { "wiki": { "command": "wiki-mcp", "env": { "WIKI_KEY": "k7Hq2mZ9pL4xW8vB3nR6" }${extra} } } }`;
    const on = (await analyze('.cursor/mcp.json', server(''))).findings.filter((f) => f.category === 'credential.long-lived');
    const off = (await analyze('.cursor/mcp.json', server(', "disabled": true'))).findings.filter((f) => f.category === 'credential.long-lived');
    expect(on.length).toBeGreaterThan(0);
    expect(off.length).toBe(on.length);
    expect(off.map((f) => f.severity).every((s) => s !== 'info')).toBe(true);
  });

  it('a backend URL given to a stdio server is not its transport; a bridge URL is', async () => {
    const backend = await analyze('.mcp.json', '{ "mcpServers": { "grafana": { "command": "mcp-grafana", "args": ["--url", "http://grafana.internal:3000"] } } }');
    expect(backend.findings.filter((f) => f.ruleId === 'mcp/plain-http')).toEqual([]);
    const bridge = await analyze('.mcp.json', '{ "mcpServers": { "wiki": { "command": "npx", "args": ["-y", "mcp-remote@0.1.29", "http://wiki.internal/sse"] } } }');
    expect(bridge.findings.map((f) => f.ruleId)).toContain('mcp/plain-http');
  });

  it('allow rules: open runners are high, options that run programs medium, fixed commands nothing', async () => {
    const a = await analyze('.claude/settings.json', '{ "permissions": { "allow": ["Bash(uv run:*)", "Bash(git grep:*)", "Bash(git status)", "Bash(npm run test:*)"] } }');
    const byRule = a.findings.filter((f) => f.ruleId === 'mcp/unrestricted-permission').map((f) => `${f.evidence} ${f.severity}`).sort();
    expect(byRule).toEqual(['permissions.allow: Bash(git grep:*) medium', 'permissions.allow: Bash(uv run:*) high']);
  });

  it("allow rules in Claude Code's personal settings, committed, are one level lower and say whose they are", async () => {
    const rules = '{ "permissions": { "allow": ["Bash(uv run:*)", "Bash(find:*)"] } }';
    const personal = (await analyze('tools/.claude/settings.local.json', rules)).findings.filter((f) => f.ruleId === 'mcp/unrestricted-permission');
    expect(personal.map((f) => `${f.evidence} ${f.severity}`).sort()).toEqual(['permissions.allow: Bash(find:*) low', 'permissions.allow: Bash(uv run:*) medium']);
    expect(personal[0]!.message).toContain('personal settings file');
    const shared = (await analyze('tools/.claude/settings.json', rules)).findings.filter((f) => f.ruleId === 'mcp/unrestricted-permission');
    expect(shared.map((f) => f.severity).sort()).toEqual(['high', 'medium']);
  });
});
