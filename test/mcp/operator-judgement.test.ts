/** Severity as an operator would judge it: disabled servers lower, backend URLs are not the transport. */
import { describe, expect, it } from 'vitest';
import { analyze } from './helpers.js';

describe('MCP findings weighed by what runs', () => {
  it('a disabled server is reported one step lower than the same server enabled', async () => {
    const server = (extra: string) => `{ "mcpServers": { "wiki": { "url": "http://mcp.internal.example.com/sse", "headers": { "Authorization": "Bearer \${WIKI_TOKEN}" }${extra} } } }`;
    const on = (await analyze('.cursor/mcp.json', server(''))).findings.find((f) => f.ruleId === 'mcp/plain-http');
    const off = (await analyze('.cursor/mcp.json', server(', "disabled": true'))).findings.find((f) => f.ruleId === 'mcp/plain-http');
    expect(on?.severity).toBe('high');
    expect(off?.severity).toBe('medium');
    expect(off?.message).toContain('disabled');
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
});
