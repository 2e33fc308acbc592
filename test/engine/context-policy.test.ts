/** Severity adjusted for the context of a finding, the confidence cap, and the config's say. */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { adjust, contextPolicy, DEFAULT_TREATMENT } from '../../src/engine/context-policy.js';
import type { Finding } from '../../src/core/types.js';

function finding(path: string, severity: Finding['severity'], confidence: Finding['confidence'] = 'high'): Finding {
  return {
    ruleId: 'secrets/github-pat',
    category: 'credential.long-lived',
    severity,
    confidence,
    title: 't',
    message: 'm',
    location: { path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
    fingerprint: 'f',
    frameworks: {},
    remediation: 'r',
  };
}

describe('adjust', () => {
  it('caps, lowers and never raises', () => {
    expect(adjust('critical', { max: 'low' }, false)).toBe('low');
    expect(adjust('high', { lower: 1 }, false)).toBe('medium');
    expect(adjust('info', { lower: 1 }, false)).toBe('info');
    expect(adjust('low', { max: 'medium' }, false)).toBe('low');
  });

  it('a low-confidence finding is never above low', () => {
    expect(adjust('high', {}, true)).toBe('low');
    expect(adjust('info', {}, true)).toBe('info');
  });
});

describe('contextPolicy', () => {
  it('keeps what ships as it is, and lowers a fixture key to low, remembering the original', () => {
    const policy = contextPolicy({});
    const prod = policy.apply(finding('src/config.py', 'critical'))!;
    expect(prod.severity).toBe('critical');
    expect(prod.context).toBe('production');
    expect(prod.originalSeverity).toBeUndefined();
    const fixture = policy.apply(finding('tests/fixtures/keys.json', 'critical'))!;
    expect(fixture.severity).toBe('low');
    expect(fixture.context).toBe('test');
    expect(fixture.originalSeverity).toBe('critical');
  });

  it('keeps a credential in recorded real traffic (a VCR cassette) at its severity, even inside tests', () => {
    const recorded = contextPolicy({}).apply(finding('tests/cassettes/test_embedder.yaml', 'high'))!;
    expect(recorded.context).toBe('recording');
    expect(recorded.severity).toBe('high');
  });

  it('reports examples, local clusters and evaluation below what ships, and keeps critical for production', () => {
    const policy = contextPolicy({});
    for (const p of ['examples/agent.py', 'docker-compose.dev.yml', 'evals/run.py']) {
      expect(policy.apply(finding(p, 'critical'))!.severity).toBe('medium');
    }
    expect(DEFAULT_TREATMENT.production).toEqual({});
  });

  it('the config assigns paths and replaces a context treatment; ignore drops the finding', () => {
    const policy = contextPolicy({
      contexts: { paths: { 'qa/**': 'test' }, test: { ignore: true }, docs: { lower: 1 } },
    });
    expect(policy.apply(finding('qa/run.py', 'high'))).toBeUndefined();
    expect(policy.apply(finding('docs/guide.md', 'high'))!.severity).toBe('medium');
    expect(policy.contextOf('qa/x.py')).toBe('test');
  });

  it('a context the file analysis found from content is kept; the config path still wins', () => {
    const policy = contextPolicy({ contexts: { paths: { 'gen/**': 'production' } } });
    const f = { ...finding('gen/client.go', 'high'), context: 'generated' as const };
    expect(policy.apply(f)!.severity).toBe('high');
    expect(contextPolicy({}).apply(f)!.severity).toBe('low');
  });

  it('an unapproved delegation in a benchmark harness does not apply there, as an unapproved tool does not', () => {
    const policy = contextPolicy({});
    const delegation = { ...finding('benchmarks/GAIA/Templates/SelectorGroupChat/scenario.py', 'high'), ruleId: 'code/unapproved-delegation', category: 'oversight.missing-approval' as const };
    expect(policy.apply(delegation)).toBeUndefined();
    expect(policy.apply({ ...delegation, location: { ...delegation.location, path: 'app/triage.py' } })?.severity).toBe('high');
  });

  it('replay findings (session steps) are left alone', () => {
    const f = { ...finding('session.jsonl', 'high'), step: { index: 3 } };
    expect(contextPolicy({}).apply(f)).toEqual(f);
  });
});

describe('context of compose files that only tests start', () => {
  it('a default password of a throwaway test database does not apply (dropped, counted as suppressed); the same in a deployable compose stays medium', async () => {
    const { scan } = await import('../../src/engine/scan.js');
    const { tempTree } = await import('../helpers/tmp.js');
    const compose = 'services:\n  db:\n    image: postgres:16\n    ports: ["5432:5432"]\n    environment:\n      POSTGRES_PASSWORD: postgres\n';
    const dir = tempTree({
      'packages/store/docker-compose.test.yaml': compose,
      'compose.ci.yml': compose,
      'libs/sdk/integration/docker-compose.yml': compose,
      'docker-compose.yml': compose,
    });
    const result = await scan({ paths: [dir], threads: 1 });
    const found = result.report.findings
      .filter((f) => f.ruleId === 'deploy/default-password')
      .map((f) => `${f.location.path} ${f.context} ${f.severity}`)
      .sort();
    expect(found).toEqual(['docker-compose.yml production medium']);
    expect(result.report.stats.findingsSuppressed).toBeGreaterThanOrEqual(3);
    // A config that sets the test treatment itself brings them back.
    writeFileSync(path.join(dir, '.agentwarden.yaml'), 'contexts:\n  test: { max: low }\n');
    const again = await scan({ paths: [dir], threads: 1 });
    expect(again.report.findings.filter((f) => f.ruleId === 'deploy/default-password').map((f) => `${f.location.path} ${f.severity}`).sort()).toEqual([
      'compose.ci.yml low',
      'docker-compose.yml medium',
      'libs/sdk/integration/docker-compose.yml low',
      'packages/store/docker-compose.test.yaml low',
    ]);
  });

  it('cluster-wide rights on a local development or test cluster do not apply there; the same manifest deployed stays', () => {
    const policy = contextPolicy({});
    const rbac = { ...finding('kind/manifests/nginx.yaml', 'critical'), ruleId: 'deploy/k8s-broad-rbac' };
    expect(policy.apply(rbac)).toBeUndefined();
    expect(policy.apply({ ...rbac, location: { ...rbac.location, path: 'test/e2e/rbac.yaml' } })).toBeUndefined();
    expect(policy.apply({ ...rbac, location: { ...rbac.location, path: 'deploy/ingress/nginx.yaml' } })?.severity).toBe('critical');
  });

  it("a privileged container on a local development cluster is low (the developer's own machine); the same deployed keeps its severity", () => {
    const policy = contextPolicy({});
    const priv = { ...finding('dev/config/csi/driver.yaml', 'critical'), ruleId: 'deploy/privileged-container' };
    expect(policy.apply(priv)?.severity).toBe('low');
    expect(policy.apply({ ...priv, location: { ...priv.location, path: 'deploy/csi/driver.yaml' } })?.severity).toBe('critical');
    // Another rule in the same file keeps local-dev's usual treatment.
    expect(policy.apply({ ...priv, ruleId: 'deploy/literal-secret' })?.severity).toBe('medium');
    // A Secret an evaluation task applies to its throwaway cluster.
    const secret = { ...finding('evals/tasks/list-pods/artifacts/manifest.yaml', 'high'), ruleId: 'deploy/k8s-secret-literal' };
    expect(policy.apply(secret)?.severity).toBe('low');
    expect(policy.apply({ ...secret, location: { ...secret.location, path: 'k8s/secret.yaml' } })?.severity).toBe('high');
  });

  it('a vendored Dockerfile or Compose file is another project\'s: its image findings are info; the same file of the project, and a literal secret there, keep theirs', () => {
    const policy = contextPolicy({});
    const root = { ...finding('vendor/example.com/tool/Dockerfile', 'low'), ruleId: 'deploy/runs-as-root' };
    expect(policy.apply(root)?.severity).toBe('info');
    const image = { ...finding('third_party/lib/docker-compose.yml', 'medium'), ruleId: 'deploy/unpinned-image' };
    expect(policy.apply(image)?.severity).toBe('info');
    expect(policy.apply({ ...root, location: { ...root.location, path: 'Dockerfile' } })?.severity).toBe('low');
    expect(policy.apply({ ...image, ruleId: 'deploy/literal-secret' })?.severity).toBe('low');
    // A vendored manifest of another kind keeps the vendored treatment.
    expect(policy.apply({ ...image, location: { ...image.location, path: 'vendor/lib/k8s/deploy.yaml' } })?.severity).toBe('low');
  });
});
