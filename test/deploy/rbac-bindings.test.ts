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

describe('deploy/k8s-broad-rbac and the bindings beside a ClusterRole', () => {
  const withFiles = async (files: Record<string, string>) =>
    (await runExample(analyzers, { path: 'charts/op/templates/role.yaml', code: ROLE, with: files })).filter((f) => f.ruleId === 'deploy/k8s-broad-rbac').map((f) => [f.severity, f.message]);
  const chartBinding =
    '{{- if eq .Values.rbac.scope "cluster" }}\n' + binding('ClusterRoleBinding') + '{{- else }}\n{{- range .Values.rbac.namespaces }}\n' +
    binding('RoleBinding', '{{ . }}') + '{{- end }}\n{{- end }}\n';

  it('a chart that binds it cluster-wide or per namespace, as its values choose, lowers it a level, saying so', async () => {
    expect(await withFiles({ 'charts/op/templates/binding.yaml': chartBinding })).toEqual([
      ['medium', 'ClusterRole sandbox-manager (its chart binds it cluster-wide, or in the namespaces its values name instead) can read every Secret in the cluster (get, list, create).'],
    ]);
  });

  it('RoleBindings alone in a file beside it confine it; a ClusterRoleBinding alone keeps it cluster-wide and high', async () => {
    expect((await withFiles({ 'charts/op/templates/binding.yaml': binding('RoleBinding', 'sandbox') }))[0]![1]).toMatch(/bound only by RoleBindings, so in namespace sandbox only/);
    expect((await withFiles({ 'charts/op/templates/binding.yaml': binding('ClusterRoleBinding') }))[0]![0]).toBe('high');
    // Both kinds in plain YAML (no values to choose between them): bound cluster-wide.
    expect((await withFiles({ 'charts/op/templates/binding.yaml': binding('ClusterRoleBinding') + binding('RoleBinding', 'sandbox') }))[0]![0]).toBe('high');
  });

  it("the folder's binding files are read once for all its roles, each role's own file counted once", async () => {
    // role.yaml binds the other role in its namespace; the other role's file binds nothing.
    const other = ROLE.replace('sandbox-manager', 'other-manager');
    const bindsOther = binding('RoleBinding', 'sandbox').replace(/name: sandbox-manager$/m, 'name: other-manager');
    const scan = async (main: string, code: string, files: Record<string, string>) =>
      (await runExample(analyzers, { path: main, code, with: files })).filter((f) => f.ruleId === 'deploy/k8s-broad-rbac' && f.location.path === main).map((f) => [f.severity, f.message]);
    const a = 'charts/op/templates/role.yaml';
    const b = 'charts/op/templates/other.yaml';
    expect((await scan(b, other, { [a]: ROLE + bindsOther }))[0]![1]).toMatch(/other-manager \(bound only by RoleBindings, so in namespace sandbox only\)/);
    expect((await scan(a, ROLE + bindsOther, { [b]: other }))[0]![0]).toBe('high');
  });
});

describe('deploy/k8s-broad-rbac and workloads', () => {
  const deployer = (kind: string) =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: deployer, namespace: agents}\nrules:\n  - apiGroups: [apps]\n    resources: [deployments, daemonsets]\n    verbs: [create, delete, patch, update]\n  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get, list, watch]\n`;

  it('creating or changing workloads in every namespace is high, naming the kinds and verbs', async () => {
    expect(await found(deployer('ClusterRole'))).toEqual([
      ['high', "ClusterRole deployer can create, patch, update deployments, daemonsets in every namespace: a pod it starts or changes runs as any ServiceAccount of its namespace and mounts that namespace's Secrets, kube-system's included."],
    ]);
  });

  it('in one namespace (a Role, or a ClusterRole bound only there), or only reading pods, it is not reported', async () => {
    expect(await found(deployer('Role'))).toEqual([]);
    expect(await found(deployer('ClusterRole').replace('create, delete, patch, update', 'get, list, watch'))).toEqual([]);
    expect(await found(deployer('ClusterRole') + binding('RoleBinding', 'sandbox').replace('name: sandbox-manager\n', 'name: deployer\n'))).toEqual([]);
  });
});
