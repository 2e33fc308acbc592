/** The identity graph: one identity, several consumers → one finding listing every use. */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { sharedIdentity } from '../../src/rules/identity/shared-identity.js';
import type { IdentityUse, ReportDescriptor } from '../../src/core/rule.js';
import type { Location } from '../../src/core/types.js';
import { scanDir } from '../deploy/helpers.js';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

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
      use('var:OPENAI_API_KEY', 'Deployment agents/planner', 'deploy/planner.yaml', 3),
      use('var:OPENAI_API_KEY', 'Deployment agents/search', 'deploy/search.yaml', 3),
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
    const [v] = run([use('var:OPENAI_API_KEY', 'Deployment agents/planner', 'k.yaml', 3), use('var:OPENAI_API_KEY', 'Deployment agents/search', 'k.yaml', 40)]);
    expect(v).toMatchObject({ severity: 'medium', confidence: 'low' });
    const [sa] = run([use('k8s-sa:agents/runner', 'Deployment agents/a', 'k.yaml', 3, { label: 'ServiceAccount agents/runner' }), use('k8s-sa:agents/runner', 'Deployment agents/b', 'k.yaml', 30, { label: 'ServiceAccount agents/runner' })]);
    expect(sa).toMatchObject({ severity: 'medium' });
    expect(sa!.message).toBe('The ServiceAccount agents/runner is used by 2 consumers: Deployment agents/a; Deployment agents/b.');
  });

  it('across deployment formats: ServiceAccount, IAM user, Secret key, literal value and variable', async () => {
    const r = await scanDir(path.resolve(import.meta.dirname, '../../fixtures/deploy'));
    const keys = r.shared.map((s) => String(s.key).replace(/^secret:[0-9a-f]+$/, 'secret:<hash>'));
    expect(keys).toEqual(expect.arrayContaining(['iam-user:aws_iam_user.agent', 'k8s-sa:agents/agent-runner', 'k8s-secret:agents/agent-keys#search-token', 'secret:<hash>']));
    // The agent and its worker in one Compose file are one application, not two holders of SEARCH_API_KEY.
    expect(keys).not.toContain('var:SEARCH_API_KEY');
    const literal = r.shared.find((s) => String(s.key).startsWith('secret:'))!;
    expect(literal.message).toMatch(/3 consumers: Compose service "agent"; env\/positive\/.env; Deployment agents\/planner/);
    expect(JSON.stringify(r.shared)).not.toContain('Tq7#pLx2');
  });

  it('not sharing: one app stack, one repository\'s CI, one server in several clients, code reading a setting, an issuer and its client', () => {
    // An app, its worker and the database in one Compose file.
    expect(run([use('var:DB_PASSWORD', 'Compose service "app"', 'compose.yml', 5), use('var:DB_PASSWORD', 'Compose service "app-worker"', 'compose.yml', 15), use('var:DB_PASSWORD', 'Compose service "db"', 'compose.yml', 25)])).toEqual([]);
    // Alternative Compose files of one app side by side (prebuilt, from source, queue mode).
    expect(run([use('var:JWT_SECRET', 'Compose service "flowise"', 'docker/docker-compose.yml', 5), use('var:JWT_SECRET', 'Compose service "flowise"', 'docker/docker-compose-queue.yml', 9), use('var:JWT_SECRET', 'Compose service "flowise-worker"', 'docker/docker-compose-queue.yml', 40), use('var:JWT_SECRET', 'Compose service "flowise"', 'docker/worker/docker-compose.yml', 7)])).toEqual([]);
    // A bot's key in two jobs and two workflows.
    expect(run([use('var:ANTHROPIC_API_KEY', 'workflow a.yml job "x"', '.github/workflows/a.yml', 5), use('var:ANTHROPIC_API_KEY', 'workflow a.yml job "y"', '.github/workflows/a.yml', 25), use('var:ANTHROPIC_API_KEY', 'workflow b.yml job "z"', '.github/workflows/b.yml', 5)])).toEqual([]);
    // The same MCP server written for Claude Code, Cursor and Codex by one plugin.
    expect(run([use('var:MEM0_API_KEY', 'MCP server "mem0" (Claude Code, p/.mcp.json)', 'p/.mcp.json', 5), use('var:MEM0_API_KEY', 'MCP server "mem0" (MCP client, p/.cursor-mcp.json)', 'p/.cursor-mcp.json', 5)])).toEqual([]);
    // Several modules of a library reading one vendor variable.
    expect(run([use('var:SERPER_API_KEY', 'agent a (tools/a.py)', 'tools/a.py', 3), use('var:SERPER_API_KEY', 'agent b (tools/b.py)', 'tools/b.py', 3)])).toEqual([]);
    // A script and a library module reading one vendor variable, in different folders.
    expect(run([use('var:OPENAI_API_KEY', 'agent db2 (lib/tools/src/tools/db2.py)', 'lib/tools/src/tools/db2.py', 3), use('var:OPENAI_API_KEY', 'agent runner (scripts/runner.py)', 'scripts/runner.py', 9)])).toEqual([]);
    // A CI job handing the key to a coding agent, and a library module reading the same variable name.
    expect(run([use('var:OPENAI_API_KEY', 'workflow claude.yml job "claude"', '.github/workflows/claude.yml', 67), use('var:OPENAI_API_KEY', 'agent server (pkg/mcp/server.py)', 'pkg/mcp/server.py', 674)])).toEqual([]);
    // The database that checks a password and the one service that presents it.
    expect(run([use('k8s-secret:data/db#password', 'StatefulSet data/postgres', 'db.yaml', 3), use('k8s-secret:data/db#password', 'Deployment data/api', 'api.yaml', 3)])).toEqual([]);
    // Pods named after the ServiceAccount created for them.
    expect(run([use('k8s-sa:ingress/ingress-admission', 'Job ingress/ingress-admission-create', 'i.yaml', 3), use('k8s-sa:ingress/ingress-admission', 'Job ingress/ingress-admission-patch', 'i.yaml', 30)])).toEqual([]);
  });

  it('sharing: one key held by two workloads besides the database that issues it', () => {
    const found = run([
      use('k8s-secret:data/db#password', 'StatefulSet data/postgres', 'db.yaml', 3),
      use('k8s-secret:data/db#password', 'Deployment data/api', 'api.yaml', 3),
      use('k8s-secret:data/db#password', 'Deployment data/agent', 'agent.yaml', 3),
    ]);
    expect(found).toHaveLength(1);
  });

  it('not sharing: a variable name read by programs that are not deployed together, or by a launcher and the server it starts', () => {
    // A deployed service and a separate program of the repository reading the same vendor variable.
    expect(run([use('var:CRM_API_TOKEN', 'Compose service "support-agent"', 'deploy/docker-compose.yml', 7), use('var:CRM_API_TOKEN', 'agent billing (agents/billing_agent.py)', 'agents/billing_agent.py', 20)])).toEqual([]);
    // The Compose service and the graph module it runs; a notebook beside them.
    expect(run([use('var:GEMINI_API_KEY', 'agent builder (backend/src/agent/graph.py)', 'backend/src/agent/graph.py', 36), use('var:GEMINI_API_KEY', 'Compose service "langgraph-api"', 'docker-compose.yml', 41), use('var:GEMINI_API_KEY', 'agent demo (demo.ipynb)', 'demo.ipynb', 9)])).toEqual([]);
    // An extension's launcher config and the code of the MCP server it launches.
    expect(run([use('var:DOCS_API_KEY', 'MCP server "docs" (MCP client, gemini-extension.json)', 'gemini-extension.json', 15), use('var:DOCS_API_KEY', 'agent index (packages/mcp/src/index.ts)', 'packages/mcp/src/index.ts', 557)])).toEqual([]);
    // Two stacks in different folders, each started on its own with its own database.
    expect(run([use('var:JWT_SECRET', 'Compose service "api"', 'shop/docker-compose.yml', 5), use('var:JWT_SECRET', 'Compose service "api"', 'billing/docker-compose.yml', 5)])).toEqual([]);
    // A CI job, a Kubernetes Deployment and a developer's MCP client: three deployments, one variable name.
    expect(run([use('var:OPENAI_API_KEY', 'workflow eval.yml job "eval"', '.github/workflows/eval.yml', 12), use('var:OPENAI_API_KEY', 'Deployment agents/planner', 'deploy/planner.yaml', 20), use('var:OPENAI_API_KEY', 'MCP server "search" (Cursor, .cursor/mcp.json)', '.cursor/mcp.json', 3)])).toEqual([]);
    // A graph database and the one server that presents its password.
    expect(run([use('var:GRAPH_PASSWORD', 'Compose service "falkordb"', 'mcp/docker-compose.yml', 8), use('var:GRAPH_PASSWORD', 'Compose service "graph-mcp"', 'mcp/docker-compose.yml', 36)])).toEqual([]);
  });

  it("not an identity: a product's sample account (a literal password beside a login at example.com) in two copies of an example", async () => {
    const compose = (login: string) =>
      `services:\n  observe:\n    image: ghcr.io/acme/observe:2.1.0\n    environment:\n      ROOT_USER_EMAIL: ${login}\n      ROOT_USER_PASSWORD: Vq7#Lm2pXz9rTk4w\n`;
    const shared = async (login: string) =>
      (await scan({ paths: [tempTree({ 'sdk/node/observe/docker-compose.yml': compose(login), 'sdk/python/observe/docker-compose.yml': compose(login) })], threads: 1 })).report.findings.filter(
        (f) => f.ruleId === 'identity/shared-credential',
      );
    expect(await shared('root@example.com')).toEqual([]);
    // The same literal with a real-looking login is one secret in two places.
    expect(await shared('ops@acme-observability.io')).toHaveLength(1);
  });

  it('sharing: one variable handed to two workloads of one deployment, listing only those', () => {
    const compose = run([
      use('var:CRM_API_TOKEN', 'Compose service "support-agent"', 'deploy/docker-compose.yml', 7),
      use('var:CRM_API_TOKEN', 'Compose service "billing-agent"', 'deploy/docker-compose.prod.yml', 19),
      use('var:CRM_API_TOKEN', 'Compose service "crm-sync"', 'tools/docker-compose.yml', 4),
      use('var:CRM_API_TOKEN', 'agent billing (agents/billing_agent.py)', 'agents/billing_agent.py', 20),
    ]);
    expect(compose).toHaveLength(1);
    expect(compose[0]!.message).toBe('The credential variable CRM_API_TOKEN is used by 2 consumers: Compose service "billing-agent"; Compose service "support-agent".');
    expect(compose[0]!.related?.map((r) => r.path)).toEqual(['deploy/docker-compose.prod.yml', 'deploy/docker-compose.yml']);
    // Two MCP servers of one client handed the same token.
    expect(run([use('var:GITHUB_TOKEN', 'MCP server "github" (Cursor, .cursor/mcp.json)', '.cursor/mcp.json', 5), use('var:GITHUB_TOKEN', 'MCP server "issues" (Cursor, .cursor/mcp.json)', '.cursor/mcp.json', 12)])).toHaveLength(1);
  });

  describe('the two ends of one connection', () => {
    const shared = async (files: Record<string, string>) =>
      (await scan({ paths: [tempTree(files)], threads: 1 })).report.findings.filter((f) => f.ruleId === 'identity/shared-credential');
    const deployment = (name: string, env: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: agents\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n      - name: main\n        image: ghcr.io/acme/${name}:1.0.0\n        env:\n${env}`;
    const secretEnv = (secret: string, variable = 'CONTROL_TOKEN') => `        - name: ${variable}\n          valueFrom:\n            secretKeyRef:\n              name: ${secret}\n              key: token\n`;
    const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: endpoints\n  namespace: agents\ndata:\n  SANDBOX_URL: "ws://sandbox-rpc.agents.svc.cluster.local:7000/ws"\n`;
    const service = `apiVersion: v1\nkind: Service\nmetadata:\n  name: sandbox-rpc\n  namespace: agents\nspec:\n  selector:\n    app: sandbox\n  ports:\n  - port: 7000\n`;
    const fromMap = `        - name: SANDBOX_URL\n          valueFrom:\n            configMapKeyRef:\n              name: endpoints\n              key: SANDBOX_URL\n`;

    it("not sharing: a Secret held by a served workload and the one client whose ConfigMap entry names that workload's Service", async () => {
      const manifest = [configMap, service, deployment('sandbox', secretEnv('sandbox-control', 'SANDBOX_CONTROL_TOKEN')), deployment('planner', fromMap + secretEnv('sandbox-control', 'SANDBOX_CONTROL_TOKEN'))].join('---\n');
      expect(await shared({ 'deploy/k8s.yaml': manifest })).toEqual([]);
    });

    it('sharing: two clients of that one service hold its token', async () => {
      const manifest = [configMap, service, deployment('sandbox', secretEnv('sandbox-control')), deployment('planner', fromMap + secretEnv('sandbox-control')), deployment('reviewer', fromMap + secretEnv('sandbox-control'))].join('---\n');
      expect(await shared({ 'deploy/k8s.yaml': manifest })).toHaveLength(1);
    });

    it('sharing: two workloads that talk to each other both holding an outside account\'s token', async () => {
      const github = (s: string) => `        - name: GITHUB_TOKEN\n          valueFrom:\n            secretKeyRef:\n              name: github\n              key: pat\n${s}`;
      const manifest = [configMap, service, deployment('sandbox', github('')), deployment('planner', github(fromMap))].join('---\n');
      expect(await shared({ 'deploy/k8s.yaml': manifest })).toHaveLength(1);
    });

    it('not sharing: a Compose service and the one service whose URL names it, holding the relay password; sharing without the URL', async () => {
      const compose = (url: string) =>
        `services:\n  relay:\n    image: ghcr.io/acme/relay:1.0.0\n    environment:\n      RELAY_PASSWORD: \${RELAY_PASSWORD}\n  agent:\n    image: ghcr.io/acme/agent:1.0.0\n    environment:\n${url}      RELAY_PASSWORD: \${RELAY_PASSWORD}\n`;
      expect(await shared({ 'docker-compose.yml': compose('      RELAY_URL: http://relay:9000\n') })).toEqual([]);
      expect(await shared({ 'docker-compose.yml': compose('') })).toHaveLength(1);
    });

    it("not sharing: a key one service checks and another presents at it, told so by the address setting beside the key, whatever the key's names", async () => {
      // The gateway checks ADMIN_PASSWORD; the tool server logs in to it as GATEWAY_PASSWORD, its GATEWAY_URL naming the gateway.
      const compose = (url: string) =>
        `services:\n  gateway:\n    image: ghcr.io/acme/gateway:1.0.0\n    environment:\n      - ADMIN_PASSWORD=\${ADMIN_PASSWORD}\n  tools:\n    image: ghcr.io/acme/tools:1.0.0\n    environment:\n${url}      - GATEWAY_PASSWORD=\${ADMIN_PASSWORD}\n`;
      expect(await shared({ 'docker-compose.yml': compose('      - GATEWAY_BASE_URL=http://gateway:7860\n') })).toEqual([]);
      // Its address beside it naming another host: the key goes elsewhere, and the two hold one identity.
      expect(await shared({ 'docker-compose.yml': compose('      - GATEWAY_BASE_URL=http://auth.acme.io\n') })).toHaveLength(1);
      expect(await shared({ 'docker-compose.yml': compose('') })).toHaveLength(1);
      // Two clients of the gateway both presenting it still share it.
      const two = compose('      - GATEWAY_BASE_URL=http://gateway:7860\n') + `  reporter:\n    image: ghcr.io/acme/reporter:1.0.0\n    environment:\n      - GATEWAY_URL=http://gateway:7860\n      - GATEWAY_PASSWORD=\${ADMIN_PASSWORD}\n`;
      expect(await shared({ 'docker-compose.yml': two })).toHaveLength(1);
    });

    it("not sharing: a script's container given a vendor-named key whose base URL is another container's published port on the host, and that server's own key", async () => {
      const value = 'k3y-' + 'Zr8q2vLw9xT4';
      const script = (base: string) =>
        `#!/bin/sh\ndocker run -d -p 9100:9100 --name relay --env-file .env ghcr.io/acme/relay:1.0.0\ndocker run -d -p 3000:8080 --name ui -e OPENAI_API_BASE_URL=${base} -e OPENAI_API_KEY=${value} ghcr.io/acme/ui:1.0.0\n`;
      const compose = `services:\n  relay:\n    image: ghcr.io/acme/relay:1.0.0\n    environment:\n      - RELAY_API_KEY=${value}\n`;
      expect(await shared({ 'run-dev.sh': script('http://host.docker.internal:9100'), 'docker-compose.yml': compose })).toEqual([]);
      expect(await shared({ 'run-dev.sh': script('http://localhost:9100/v1'), 'docker-compose.yml': compose })).toEqual([]);
      // Pointed at the vendor, the same value in the relay's env is one key held by two workloads.
      const found = await shared({ 'run-dev.sh': script('https://api.openai.com/v1'), 'docker-compose.yml': compose });
      expect(found).toHaveLength(1);
    });

    it('one application: services of one Compose file running one image or one build with different commands; two programs still share', async () => {
      const service = (name: string, image: string) => `  ${name}:\n    ${image}\n    environment:\n      - OPENAI_API_KEY=\${OPENAI_API_KEY}\n`;
      const one = `services:\n${service('api', 'image: acme/memory-server:${VERSION:-latest}')}${service('mcp', 'image: acme/memory-server:1.4.0')}`;
      expect(await shared({ 'docker-compose.yml': one })).toEqual([]);
      const built = `services:\n${service('api', 'build: .')}${service('mcp', 'build: .')}`;
      expect(await shared({ 'docker-compose.yml': built })).toEqual([]);
      // Two programs, or an official image that runs whatever it is told, are two holders.
      const two = `services:\n${service('api', 'image: acme/memory-server:1.4.0')}${service('mcp', 'image: acme/tools-server:1.4.0')}`;
      expect(await shared({ 'docker-compose.yml': two })).toHaveLength(1);
      const official = `services:\n${service('api', 'image: python:3.12')}${service('mcp', 'image: python:3.12')}`;
      expect(await shared({ 'docker-compose.yml': official })).toHaveLength(1);
    });

    it('names no vendor from the setting when the base URL beside the key is a local server', async () => {
      const value = 'k3y-' + 'Zr8q2vLw9xT4';
      const script = `#!/bin/sh\ndocker run -d --name ui -e OPENAI_API_BASE_URL=http://localhost:4000 -e OPENAI_API_KEY=${value} ghcr.io/acme/ui:1.0.0\n`;
      const compose = `services:\n  a:\n    image: ghcr.io/acme/a:1.0.0\n    environment:\n      - A_TOKEN=${value}\n  b:\n    image: ghcr.io/acme/b:1.0.0\n    environment:\n      - B_TOKEN=${value}\n`;
      const [found] = await shared({ 'run-dev.sh': script, 'deploy/docker-compose.yml': compose });
      expect(found?.message).not.toMatch(/openai/i);
    });
  });

  it("one workload: a chart's values.yaml and a values file installing it elsewhere; two charts' own values still share", () => {
    const installs = run([
      use('secret:abc', 'Helm chart helm', 'deploy/helm/values.yaml', 63),
      use('secret:abc', 'Helm chart oss', 'deploy/oss/values.oss.example.yaml', 289),
      use('secret:abc', 'Helm chart helm', 'deploy/helm/values-prod.yaml', 12),
    ]);
    expect(installs).toEqual([]);
    const charts = run([use('secret:abc', 'Helm chart agent', 'charts/agent/values.yaml', 4), use('secret:abc', 'Helm chart gateway', 'charts/gateway/values.yaml', 9)]);
    expect(charts).toHaveLength(1);
  });

  it('not an identity: a key public by design (an analytics project key) in two charts; a private key there is shared', async () => {
    const values = (key: string) => `analytics:\n  apiKey: ${key}\n`;
    const shared = async (key: string) =>
      (await scan({ paths: [tempTree({ 'charts/agent/values.yaml': values(key), 'charts/gateway/values.yaml': values(key) })], threads: 1 })).report.findings.filter(
        (f) => f.ruleId === 'identity/shared-credential',
      );
    expect(await shared('phc_Qm7vT2xK9pL4wZ8nR3bY6cJ1dF5gH0sAeU')).toEqual([]);
    expect(await shared('phx_Qm7vT2xK9pL4wZ8nR3bY6cJ1dF5gH0sAeU')).toHaveLength(1);
  });
});
