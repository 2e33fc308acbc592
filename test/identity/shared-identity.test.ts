/** The identity graph: one identity, several consumers → one finding listing every use. */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { sharedIdentity } from '../../src/rules/identity/shared-identity.js';
import type { IdentityUse, ReportDescriptor } from '../../src/core/rule.js';
import type { Location } from '../../src/core/types.js';
import { scanDir } from '../deploy/helpers.js';

const at = (p: string, line: number): Location => ({ path: p, startLine: line, startColumn: 1, endLine: line, endColumn: 2 });
const use = (key: string, consumer: string, p: string, line: number, extra: Partial<IdentityUse> = {}): IdentityUse => ({
  key,
  label: key.startsWith('var:') ? key.slice(4) : 'sk-t…3xQ',
  identityKind: key.startsWith('var:') ? 'variable' : key.startsWith('k8s-sa:') ? 'service-account' : 'secret',
  consumer,
  location: at(p, line),
  lifetime: key.startsWith('var:') ? 'reference' : 'static',
  ...extra,
});

function run(identities: IdentityUse[]): (ReportDescriptor & { location: Location })[] {
  const out: (ReportDescriptor & { location: Location })[] = [];
  sharedIdentity.finish({ identities, inventory: [] }, { report: (d) => out.push(d) });
  return out;
}

describe('identity/shared-credential', () => {
  it('one finding per shared identity, every use related, at the first use', () => {
    const found = run([
      use('secret:abc', 'MCP server "github" (.mcp.json)', '.mcp.json', 7),
      use('secret:abc', '.mcp.json', '.mcp.json', 7), // the secrets analyzer's file-level use of the same place
      use('secret:abc', 'Compose service "agent"', 'deploy/docker-compose.yml', 12),
      use('secret:abc', 'Compose service "agent"', 'deploy/docker-compose.yml', 30),
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]!.location).toMatchObject({ path: '.mcp.json', startLine: 7 });
    expect(found[0]!.message).toContain('2 consumers');
    expect(found[0]!.related?.map((r) => `${r.path}:${r.startLine} ${r.message}`)).toEqual([
      '.mcp.json:7 used by MCP server "github" (.mcp.json)',
      'deploy/docker-compose.yml:12 used by Compose service "agent"',
      'deploy/docker-compose.yml:30 used by Compose service "agent"',
    ]);
    expect(found[0]!.severity).toBe('high');
  });

  it('uses in tests, fixtures and independent examples are not deployed consumers', () => {
    const examples = [
      use('var:OPENAI_API_KEY', 'agent a (examples/a/agent.py)', 'examples/a/agent.py', 3),
      use('var:OPENAI_API_KEY', 'agent b (examples/b/agent.py)', 'examples/b/agent.py', 3),
    ];
    expect(run(examples)).toEqual([]);
    expect(run([use('secret:t', 'client (tests/test_a.py)', 'tests/test_a.py', 1), use('secret:t', 'client (src/b.test.ts)', 'src/b.test.ts', 1)])).toEqual([]);
    const deployed = [
      use('var:OPENAI_API_KEY', 'agent a (agents/a.py)', 'agents/a.py', 3),
      use('var:OPENAI_API_KEY', 'agent b (agents/b.py)', 'agents/b.py', 3),
    ];
    expect(run(deployed)).toHaveLength(1);
  });

  it('a single consumer, references to secrets, the default ServiceAccount and file-only copies are not shared identities', () => {
    expect(run([use('secret:a', 'Deployment x/a', 'k.yaml', 1), use('secret:a', 'Deployment x/a', 'k.yaml', 9)])).toEqual([]);
    expect(run([use('k8s-sa:x/default', 'Deployment x/a', 'k.yaml', 1), use('k8s-sa:x/default', 'Deployment x/b', 'k.yaml', 20)])).toEqual([]);
    expect(run([use('secret:r', 'A', 'a', 1, { lifetime: 'reference' }), use('secret:r', 'B', 'b', 1, { lifetime: 'reference' })])).toEqual([]);
    expect(run([use('secret:f', 'README.md', 'README.md', 3), use('secret:f', 'docs/x.md', 'docs/x.md', 3)])).toEqual([]);
  });

  it('severity follows the kind: variables medium with low confidence, service accounts medium', () => {
    const [v] = run([use('var:OPENAI_API_KEY', 'agent planner (a.py)', 'a.py', 3), use('var:OPENAI_API_KEY', 'MCP server "x" (.mcp.json)', '.mcp.json', 4)]);
    expect(v).toMatchObject({ severity: 'medium', confidence: 'low' });
    const [sa] = run([use('k8s-sa:agents/runner', 'Deployment agents/a', 'k.yaml', 3, { label: 'ServiceAccount agents/runner' }), use('k8s-sa:agents/runner', 'Deployment agents/b', 'k.yaml', 30, { label: 'ServiceAccount agents/runner' })]);
    expect(sa).toMatchObject({ severity: 'medium' });
    expect(sa!.message).toBe('The ServiceAccount agents/runner is used by 2 consumers: Deployment agents/a; Deployment agents/b.');
  });

  it('across deployment formats: ServiceAccount, IAM user, Secret key, literal value and variable', async () => {
    const r = await scanDir(path.resolve(import.meta.dirname, '../../fixtures/deploy'));
    const keys = r.shared.map((s) => String(s.key).replace(/^secret:[0-9a-f]+$/, 'secret:<hash>'));
    expect(keys).toEqual(expect.arrayContaining(['iam-user:aws_iam_user.agent', 'k8s-sa:agents/agent-runner', 'k8s-secret:agents/agent-keys#search-token', 'var:SEARCH_API_KEY', 'secret:<hash>']));
    const literal = r.shared.find((s) => String(s.key).startsWith('secret:'))!;
    expect(literal.message).toMatch(/4 consumers: Compose service "agent"; Compose service "worker"; env\/positive\/.env; Deployment agents\/planner/);
    expect(JSON.stringify(r.shared)).not.toContain('Tq7#pLx2');
  });
});
