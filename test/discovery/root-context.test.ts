/** What the scanned root's name and its folders' READMEs say about where a file lives. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withRootFiles } from '../../src/core/root-file.js';
import type { Finding } from '../../src/core/types.js';
import { namesCollectionOfSamples, rootContexts } from '../../src/discovery/root-context.js';
import { contextPolicy } from '../../src/engine/context-policy.js';
import { tempTree } from '../helpers/tmp.js';

function finding(relPath: string, ruleId: string, severity: Finding['severity']): Finding {
  return {
    ruleId,
    category: 'oversight.missing-approval',
    severity,
    confidence: 'high',
    title: 't',
    message: 'm',
    location: { path: relPath, startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
    fingerprint: 'f',
    frameworks: {},
    remediation: 'r',
  };
}

const GIT_CONFIG = (url: string) => `[core]\n\tbare = false\n[remote "origin"]\n\turl = ${url}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`;

describe('a repository named as a collection of samples', () => {
  it('is told by the last word of its name, in a checkout folder or a clone', () => {
    for (const name of ['acme+agentcore-samples', 'a2a-samples', 'agent-cookbook', 'agent-cookbook-main', 'crewAI-examples', 'GenAIExamples', 'acme.voice-demos', 'llm-tutorials', 'samples', 'acme-quickstarts', 'acme+awesome-llm-apps', 'awesome-ai-agents']) {
      expect(namesCollectionOfSamples(name), name).toBe(true);
    }
  });

  it('is not one application named for a demo or a quickstart, an organisation named for samples, or a name with the word elsewhere', () => {
    for (const name of ['microservices-demo', 'fullstack-langgraph-quickstart', 'Acme-Samples+travel-agents', 'examples-runner', 'sample-app', 'agent', 'awesome', 'awesomeness-checker', '']) {
      expect(namesCollectionOfSamples(name), name).toBe(false);
    }
  });

  it('makes every file that would be production an example, except the CI the repository runs itself; other contexts stay', async () => {
    const root = '/virtual/acme+agentcore-samples';
    await withRootFiles(root, new Map(), async () => {
      const refined = rootContexts(root);
      expect(refined.refine('03-integrations/strands/agent_file_system.py', 'production')).toEqual({ context: 'example', byName: true });
      expect(refined.refine('.github/workflows/release.yml', 'production')).toEqual({ context: 'production' });
      expect(refined.refine('.gitlab-ci.yml', 'production')).toEqual({ context: 'production' });
      expect(refined.refine('samples/agent/tests/test_agent.py', 'test')).toEqual({ context: 'test' });
    });
  });

  it("reads the name from the origin remote before the folder's", async () => {
    const clone = '/virtual/checkout';
    await withRootFiles(clone, new Map([['.git/config', GIT_CONFIG('git@github.com:acme/agent-cookbook.git')]]), async () => {
      expect(rootContexts(clone).refine('agents/shell.py', 'production').context).toBe('example');
    });
    const product = '/virtual/agent-examples';
    await withRootFiles(product, new Map([['.git/config', GIT_CONFIG('https://gitlab.example.com/acme/agent-runtime')]]), async () => {
      expect(rootContexts(product).refine('agents/shell.py', 'production').context).toBe('production');
    });
  });

  it('caps what would be production at medium without lowering a medium or a low, unless the config treats examples itself', async () => {
    const root = '/virtual/acme-samples';
    await withRootFiles(root, new Map(), async () => {
      const policy = contextPolicy({}, root);
      const bypass = policy.apply(finding('03-integrations/agent.py', 'code/approval-bypassed', 'high'))!;
      expect([bypass.context, bypass.severity, bypass.originalSeverity]).toEqual(['example', 'medium', 'high']);
      // A sample's deployment config and image keep their levels: they are what the repository publishes.
      expect(policy.apply(finding('java/agents/bug-assistant/deployment/tools.yaml', 'deploy/default-password', 'medium'))!.severity).toBe('medium');
      expect(policy.apply(finding('java/agents/forecasting/Dockerfile', 'deploy/unpinned-image', 'low'))!.severity).toBe('low');
      // An examples folder inside it is an example by its path: lowered as everywhere.
      expect(policy.apply(finding('examples/agent.py', 'code/approval-bypassed', 'high'))!.severity).toBe('medium');
      expect(policy.apply(finding('examples/Dockerfile', 'deploy/unpinned-image', 'low'))!.severity).toBe('info');
      // The CI keeps its level.
      expect(policy.apply(finding('.github/workflows/release.yml', 'deploy/ci-static-cloud-key', 'high'))!.severity).toBe('high');
      const own = contextPolicy({ contexts: { example: { max: 'low' } } }, root);
      expect(own.apply(finding('03-integrations/agent.py', 'code/approval-bypassed', 'high'))!.severity).toBe('low');
      // Without a root (decoded sources), nothing is read.
      expect(contextPolicy({}).apply(finding('03-integrations/agent.py', 'code/approval-bypassed', 'high'))!.severity).toBe('high');
    });
  });
});

describe("a sample's Compose stack, which its reader starts on their own machine", () => {
  it('is lowered as an example is, while what the collection deploys as written keeps the cap', async () => {
    const root = '/virtual/acme-examples';
    await withRootFiles(root, new Map(), async () => {
      const policy = contextPolicy({}, root);
      const at = (relPath: string, ruleId: string, severity: Finding['severity']) => policy.apply(finding(relPath, ruleId, severity))!.severity;
      // The stock object-store pair of a vector database's stack, an untagged image, a named compose folder's file.
      expect(at('community/rag-lab/docker-compose.yml', 'deploy/default-password', 'medium')).toBe('low');
      expect(at('industries/energy/agent/compose.full.yaml', 'deploy/unpinned-image', 'medium')).toBe('low');
      expect(at('community/advisor/deploy/compose/vectordb.yaml', 'deploy/datastore-no-auth', 'medium')).toBe('low');
      expect(at('nemo/Live Evaluation/docker_compose.yaml', 'deploy/unpinned-image', 'medium')).toBe('low');
      // The same stack under an examples/ folder of the collection: rated alike.
      expect(at('rag/examples/basic/docker-compose.yml', 'deploy/default-password', 'medium')).toBe('low');
      // A Helm chart, a Kubernetes manifest, IAM and an image a platform runs keep the cap, not lowered.
      expect(at('community/advisor/deploy/helm/values.yaml', 'deploy/unpinned-image', 'medium')).toBe('medium');
      expect(at('community/advisor/k8s/deployment.yaml', 'deploy/runs-as-root', 'medium')).toBe('medium');
      expect(at('agents/forecasting/deployment/iam-policy.json', 'deploy/iam-wildcard', 'high')).toBe('medium');
      expect(at('agents/forecasting/Dockerfile', 'deploy/unpinned-image', 'medium')).toBe('medium');
      // The config's own treatment of examples still wins.
      const own = contextPolicy({ contexts: { example: { max: 'medium' } } }, root);
      expect(own.apply(finding('community/rag-lab/docker-compose.yml', 'deploy/default-password', 'medium'))!.severity).toBe('medium');
    });
  });

  it("rates a privileged container or the Docker socket in an example's Compose stack at most low, not in its Kubernetes manifests", async () => {
    const root = '/virtual/agent-cookbook';
    await withRootFiles(root, new Map(), async () => {
      const policy = contextPolicy({}, root);
      const at = (relPath: string) => policy.apply(finding(relPath, 'deploy/privileged-container', 'critical'))!;
      expect([at('sdk/observability/docker/docker-compose.yml').severity, at('sdk/observability/docker/docker-compose.yml').originalSeverity]).toEqual(['low', 'critical']);
      expect(at('examples/gateway/compose.yaml').severity).toBe('low');
      expect(at('sdk/cluster/k8s/daemonset.yaml').severity).toBe('medium');
      expect(at('examples/cluster/daemonset.yaml').severity).toBe('medium');
    });
    // In a product's own Compose file nothing changes.
    expect(contextPolicy({}, '/virtual/acme').apply(finding('deploy/docker-compose.yml', 'deploy/privileged-container', 'critical'))!.severity).toBe('critical');
  });
});

describe("a folder's README titled as a development environment or a test setup", () => {
  const files = new Map([
    ['README.md', '# Acme\n\n## Local development\n'],
    ['scripts/docker/devops/README.md', '# Acme Development Environment\n\nStart it with `./dev.sh up`.\n'],
    ['scripts/docker/devops/k8s/README.md', '# K8s Test Setup for role mapping\n\nDocker Desktop only.\n'],
    ['scripts/docker/devops/smtp/README.md', '# Mail catcher\n'],
    ['deploy/README.md', '# Development and production setup\n'],
    ['ops/README.md', 'Notes about the local dev environment, no title.\n'],
  ]);

  it('puts the Compose files, manifests and Dockerfiles below it in that context; code, other folders and the root README are left alone', async () => {
    const root = '/virtual/acme';
    await withRootFiles(root, files, async () => {
      const refined = rootContexts(root);
      const at = (relPath: string) => refined.refine(relPath, 'production').context;
      expect(at('scripts/docker/devops/docker-compose.yml')).toBe('local-dev');
      expect(at('scripts/docker/devops/overrides/ldap-test.yml')).toBe('local-dev');
      expect(at('scripts/docker/devops/smtp/Dockerfile')).toBe('local-dev');
      expect(at('scripts/docker/devops/k8s/test-secret.yml')).toBe('test');
      expect(at('scripts/docker/devops/server.py')).toBe('production');
      expect(at('docker-compose.yml')).toBe('production');
      expect(at('deploy/docker-compose.yml')).toBe('production');
      expect(at('ops/docker-compose.yml')).toBe('production');
      expect(refined.refine('scripts/docker/devops/docker-compose.yml', 'example').context).toBe('example');
    });
  });

  it("rates a dev stack's Docker socket mount and a test rig's stock password as such, in a real scan", async () => {
    const compose = 'services:\n  proxy:\n    image: traefik:v3.6.2\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n';
    const manifest =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: postgres}\nspec:\n  template:\n    spec:\n      containers:\n        - name: postgres\n          image: postgres:17-alpine\n          env:\n            - name: POSTGRES_PASSWORD\n              value: "postgres"\n';
    const dir = tempTree({
      'devstack/README.md': '# Acme Development Environment\n',
      'devstack/docker-compose.yml': compose,
      'devstack/k8s/README.md': '# Kubernetes test setup\n',
      'devstack/k8s/postgres.yml': manifest,
      'deploy/docker-compose.yml': compose,
    });
    const { scan } = await import('../../src/engine/scan.js');
    const result = await scan({ paths: [dir], threads: 1 });
    const found = result.report.findings
      .filter((f) => f.ruleId === 'deploy/privileged-container' || f.ruleId === 'deploy/default-password')
      .map((f) => `${f.ruleId} ${f.location.path} ${f.context} ${f.severity}`)
      .sort();
    expect(found).toEqual(['deploy/privileged-container deploy/docker-compose.yml production critical', 'deploy/privileged-container devstack/docker-compose.yml local-dev low']);
    expect(path.basename(dir)).not.toMatch(/samples|examples/);
  });
});

describe('a top-level dev/ folder that is a published package of its own', () => {
  it('ships its code (production); its descriptors, a private package and a plain dev/ folder stay local development', async () => {
    const root = '/virtual/devtools';
    const files = new Map([
      ['dev/package.json', JSON.stringify({ name: '@acme/agent-devtools', version: '1.0.0' })],
      ['development/package.json', JSON.stringify({ name: 'local-stack', private: true })],
    ]);
    await withRootFiles(root, files, async () => {
      const refined = rootContexts(root);
      const at = (relPath: string) => refined.refine(relPath, 'local-dev').context;
      expect(at('dev/src/server/web_server.ts')).toBe('production');
      expect(at('dev/docker-compose.yml')).toBe('local-dev');
      expect(at('development/src/server.ts')).toBe('local-dev');
      expect(at('hack/server.ts')).toBe('local-dev');
    });
    const python = '/virtual/pydev';
    await withRootFiles(python, new Map([['dev/pyproject.toml', '[build-system]\nrequires = ["hatchling"]\n\n[project]\nversion = "1.0"\nname = "acme-dev-server"\n']]), async () => {
      expect(rootContexts(python).refine('dev/acme_dev/app.py', 'local-dev').context).toBe('production');
    });
    await withRootFiles(python, new Map([['dev/pyproject.toml', '[tool.ruff]\nline-length = 100\n']]), async () => {
      expect(rootContexts(python).refine('dev/acme_dev/app.py', 'local-dev').context).toBe('local-dev');
    });
  });
});
