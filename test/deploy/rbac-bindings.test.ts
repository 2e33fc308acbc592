/**
 * deploy/k8s-broad-rbac reads how a ClusterRole is bound in its manifest: bound only by RoleBindings,
 * its rules hold in their namespaces only, as a Role's do; any ClusterRoleBinding, or no binding in
 * the file, keeps it cluster-wide.
 */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const analyzers = await loadFileAnalyzers();
const found = async (code: string) =>
  (await runExample(analyzers, { code, path: 'k8s/rbac.yaml' })).filter((f) => f.ruleId === 'deploy/k8s-broad-rbac').map((f) => [f.severity, f.message]);

const ROLE = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: sandbox-manager}\nrules:\n  - apiGroups: [""]\n    resources: ["pods", "secrets"]\n    verbs: ["get", "list", "create"]\n';
const binding = (kind: string, namespace?: string) =>
  `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: sandbox-manager-binding\n${namespace ? `  namespace: ${namespace}\n` : ''}roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: sandbox-manager\nsubjects:\n  - {kind: ServiceAccount, name: agent, namespace: agents}\n`;

describe('deploy/k8s-broad-rbac and the bindings of a ClusterRole', () => {
  it('bound only by RoleBindings, reading Secrets is judged in those namespaces, a level lower', async () => {
    expect(await found(ROLE + binding('RoleBinding', 'sandbox'))).toEqual([
      ['medium', 'ClusterRole sandbox-manager (bound only by RoleBindings, so in namespace sandbox only) can read every Secret in namespace sandbox (get, list, create).'],
    ]);
    const everything = ROLE.replace('["pods", "secrets"]', '["*"]').replace('["get", "list", "create"]', '["*"]');
    expect((await found(everything + binding('RoleBinding', 'sandbox')))[0]![0]).toBe('high');
  });

  it('a ClusterRoleBinding beside the RoleBinding, or no binding in the file, keeps it cluster-wide', async () => {
    expect(await found(ROLE + binding('RoleBinding', 'sandbox') + binding('ClusterRoleBinding'))).toEqual([
      ['high', 'ClusterRole sandbox-manager can read every Secret in the cluster (get, list, create).'],
    ]);
    expect((await found(ROLE))[0]![0]).toBe('high');
  });
});
