/**
 * deploy/k8s-broad-rbac and a well-known component's own install manifest, vendored as published:
 * the role it gives the component's workload is what the component ships with (two levels lower, at
 * least low); a role of the repository's own workload, or one it adds for a third-party image, keeps
 * its level.
 */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const analyzers = await loadFileAnalyzers();
const found = async (code: string) =>
  (await runExample(analyzers, { code, path: 'deploy/configs/lb-controller.yaml' })).filter((f) => f.ruleId === 'deploy/k8s-broad-rbac').map((f) => [f.severity, f.message]);

const secretsRole = (name: string, labels = '') =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\n${labels}rules:\n  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [get, list, watch]\n`;
const binding = (role: string, account: string, roleKind = 'ClusterRole') =>
  `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ${role}-binding\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${roleKind}\n  name: ${role}\nsubjects:\n  - {kind: ServiceAccount, name: ${account}, namespace: kube-system}\n`;
const workload = (name: string, image: string, account: string) =>
  `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: kube-system\n  labels:\n    app.kubernetes.io/name: ${name}\nspec:\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: ${name}\n    spec:\n      serviceAccountName: ${account}\n      containers:\n        - name: controller\n          image: ${image}\n`;

describe("deploy/k8s-broad-rbac and a component's own install manifest", () => {
  it("rates the role the manifest gives the component's workload two levels lower, and says why", async () => {
    const manifest = secretsRole('edge-lb-controller') + binding('edge-lb-controller', 'edge-lb-controller') + workload('edge-lb-controller', 'public.ecr.aws/acme-cloud/edge-lb-controller:v2.7.2', 'edge-lb-controller');
    const [[severity, message]] = (await found(manifest)) as [[string, string]];
    expect(severity).toBe('low');
    expect(message).toContain("edge-lb-controller's own install manifest");
    // A role named by its own labels (`cert-manager-controller-issuers`), an image under the component's folder (`…/ingress-nginx/controller`).
    const labelled = secretsRole('edge-ingress-issuers', '  labels:\n    app.kubernetes.io/name: edge-ingress\n') + binding('edge-ingress-issuers', 'edge-ingress') + workload('edge-ingress', 'registry.k8s.io/edge-ingress/controller:v1.11.0', 'edge-ingress');
    expect((await found(labelled))[0]![0]).toBe('low');
    // A full wildcard or cluster-admin stays worth a look: medium.
    const admin = binding('cluster-admin', 'edge-lb-controller').replace('name: cluster-admin-binding', 'name: edge-lb-controller') + workload('edge-lb-controller', 'quay.io/acme-cloud/edge-lb-controller:v2.7.2', 'edge-lb-controller');
    expect((await found(admin))[0]![0]).toBe('medium');
  });

  it("keeps the level of a role of the repository's own workload, of one it adds for a third-party image, and of one shared with others", async () => {
    // The workload runs an image of the account's own registry: the project's own build.
    const own = secretsRole('edge-lb-controller') + binding('edge-lb-controller', 'edge-lb-controller') + workload('edge-lb-controller', '123456789012.dkr.ecr.us-east-1.amazonaws.com/edge-lb-controller:v1', 'edge-lb-controller');
    expect((await found(own))[0]![0]).toBe('high');
    // A tool image the project runs under a role it wrote and named for its own job.
    const job = secretsRole('secret-sweeper') + binding('secret-sweeper', 'sweeper') + workload('secret-sweeper', 'docker.io/acme-tools/kubectl:1.30', 'sweeper');
    expect((await found(job))[0]![0]).toBe('high');
    // A role the project adds for a component, under a name of its own (`scanner-mcp-server` beside `scanner`).
    const added = secretsRole('scanner-mcp-server') + binding('scanner-mcp-server', 'scanner-mcp-server') + workload('scanner', 'ghcr.io/scanner-project/scanner:v0.4.24', 'scanner-mcp-server');
    expect((await found(added))[0]![0]).toBe('high');
    // The component's role also bound to a user: the project's choice.
    const shared =
      secretsRole('edge-lb-controller') + binding('edge-lb-controller', 'edge-lb-controller') + workload('edge-lb-controller', 'public.ecr.aws/acme-cloud/edge-lb-controller:v2.7.2', 'edge-lb-controller') +
      binding('edge-lb-controller', 'edge-lb-controller').replace('edge-lb-controller-binding', 'ops-read').replace('{kind: ServiceAccount, name: edge-lb-controller, namespace: kube-system}', '{kind: User, name: ops@acme.example}');
    expect((await found(shared))[0]![0]).toBe('high');
  });
});
