/** The demo repository's deployment folder and agent workflow: what the README's quick start shows. */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { scanDir, summary } from './helpers.js';

const DEMO = path.resolve(import.meta.dirname, '../../fixtures/demo');

describe('demo deployment findings', async () => {
  const r = await scanDir(DEMO);
  const ours = r.findings.filter((f) => f.location.path.startsWith('deploy/') || f.location.path.startsWith('.github/'));

  it('parses every deployment file', () => {
    expect(r.errors.filter((e) => e.path.startsWith('deploy/') || e.path.startsWith('.github/'))).toEqual([]);
  });

  it('finds the planted problems', () => {
    expect(summary(ours)).toEqual([
      '.github/workflows/agent.yml:14 deploy/unpinned-action info',
      '.github/workflows/agent.yml:15 deploy/ci-agent-unrestricted high',
      '.github/workflows/agent.yml:15 deploy/unpinned-action low',
      '.github/workflows/agent.yml:23 deploy/unpinned-action info',
      '.github/workflows/agent.yml:24 deploy/ci-static-cloud-key high',
      '.github/workflows/agent.yml:24 deploy/unpinned-action low',
      'deploy/Dockerfile:1 deploy/runs-as-root low',
      'deploy/Dockerfile:1 deploy/unpinned-image low',
      'deploy/Dockerfile:7 deploy/literal-secret high',
      'deploy/docker-compose.yml:14 deploy/literal-secret high',
      'deploy/docker-compose.yml:16 deploy/unpinned-image medium',
      'deploy/docker-compose.yml:18 deploy/privileged-container critical',
      'deploy/k8s/agents.yaml:24 deploy/unpinned-image medium',
      'deploy/k8s/agents.yaml:48 deploy/unpinned-image low',
      'deploy/k8s/agents.yaml:54 deploy/literal-secret high',
      'deploy/k8s/agents.yaml:56 deploy/default-service-account low',
      'deploy/k8s/agents.yaml:70 deploy/unpinned-image low',
      'deploy/k8s/agents.yaml:81 deploy/k8s-secret-literal high',
      'deploy/k8s/agents.yaml:88 deploy/k8s-broad-rbac critical',
      'deploy/terraform/main.tf:13 deploy/iam-wildcard high',
      'deploy/terraform/main.tf:6 deploy/iac-static-key high',
    ]);
  });

  it('connects identities shared across workloads and files', () => {
    const messages = r.shared.map((s) => s.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'The ServiceAccount support/agents-runner is used by 2 consumers: Deployment support/support-agent; Deployment support/billing-agent.',
        'The Secret support/agent-keys key crm-api-token is used by 2 consumers: Deployment support/support-agent; Deployment support/billing-agent.',
        expect.stringMatching(/^The credential variable OPENAI_API_KEY is used by \d+ consumers: .*Compose service "support-agent".*Compose service "billing-agent"/),
        'The credential Lg…m is used by 2 consumers: Compose service "billing-agent"; Deployment support/billing-agent.',
      ]),
    );
  });
});
