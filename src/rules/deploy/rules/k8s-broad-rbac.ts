/** Kubernetes RBAC that hands out cluster-admin, wildcards, or every Secret. */
import { yamlAt, yamlItems, yamlSpan } from '../../../parsers/yaml.js';
import { deployRule } from '../rule.js';
import { formatOf, k8sObject, readYaml } from '../formats.js';
import type { DeployCtx } from '../context.js';

const ID = 'deploy/k8s-broad-rbac';
const ADMIN_ROLES = new Set(['cluster-admin', 'admin', 'edit']);

/** API groups whose resources control the cluster itself: RBAC, admission, certificates, and the core group (`""`). */
const CONTROL_GROUPS = new Set(['rbac.authorization.k8s.io', 'admissionregistration.k8s.io', 'certificates.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io']);

export const k8sBroadRbac = deployRule({
  meta: {
    id: ID,
    title: 'Over-broad Kubernetes RBAC',
    category: 'credential.broad-scope',
    severity: 'high',
    confidence: 'high',
    description:
      'A binding to cluster-admin (or admin/edit), a role with `*` verbs on `*` resources, or read access to Secrets across the cluster lets whoever holds the bound service account (an agent, or whoever hijacks it) take over the cluster or read every credential in it. ' +
      'A ClusterRole that only RoleBindings of its manifest bind grants its rules in their namespaces only, and is judged as a Role there (a level lower than cluster-wide); one that a ClusterRoleBinding binds, or that the manifest binds nowhere, is judged cluster-wide.',
    remediation:
      'Bind a Role scoped to one namespace that lists the exact resources and verbs the workload uses; never grant Secrets read cluster-wide, and name the Secrets a role may read with `resourceNames`.',
    examples: {
      positive: [
        { path: 'k8s/rbac.yaml', code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: agent-admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects:\n  - {kind: ServiceAccount, name: agent, namespace: agents}\n' },
        { path: 'k8s/rbac.yaml', code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: agent}\nrules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["get", "list"]\n' },
        { path: 'k8s/rbac.yaml', code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: agent}\nrules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n' },
      ],
      negative: [
        { path: 'k8s/rbac.yaml', code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: agent, namespace: agents}\nrules:\n  - apiGroups: [""]\n    resources: ["configmaps"]\n    verbs: ["get"]\n  - apiGroups: [""]\n    resources: ["secrets"]\n    resourceNames: ["agent-token"]\n    verbs: ["get"]\n' },
      ],
    },
  },
  k8sKinds: ['ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding'],
  k8s(obj, dc) {
    if (obj.kind === 'ClusterRoleBinding' || obj.kind === 'RoleBinding') {
      const ref = (obj.value.roleRef ?? {}) as Record<string, unknown>;
      const role = String(ref.name ?? '');
      if (!ADMIN_ROLES.has(role) || ref.kind !== 'ClusterRole') return;
      const subjects = ((obj.value.subjects ?? []) as Record<string, unknown>[]).map((s) => `${String(s.kind)} ${s.namespace ? `${String(s.namespace)}/` : ''}${String(s.name)}`);
      const clusterWide = obj.kind === 'ClusterRoleBinding';
      dc.report({
        ruleId: ID,
        span: yamlSpan(yamlAt(obj.node, ['roleRef'])),
        key: `${obj.label}/roleRef`,
        message: `${obj.label} grants ${role}${clusterWide ? ' across the whole cluster' : ` in namespace ${obj.namespace}`} to ${subjects.join(', ') || 'its subjects'}.`,
        severity: role === 'cluster-admin' && clusterWide ? 'critical' : role === 'edit' ? 'medium' : 'high',
      });
      return;
    }
    if (obj.kind !== 'ClusterRole' && obj.kind !== 'Role') return;
    // A ClusterRole that only RoleBindings of the same manifest bind grants its rules in their namespaces: judged as a Role there.
    const within = obj.kind === 'ClusterRole' ? bindingNamespaces(dc, obj.name) : undefined;
    const clusterWide = obj.kind === 'ClusterRole' && within === undefined;
    const bound = within ? ` (bound only by RoleBindings, so in namespace ${within.join(', ')} only)` : '';
    const label = `${obj.label}${bound}`;
    yamlItems(yamlAt(obj.node, ['rules'])).forEach((node, i) => {
      const rule = (((obj.value.rules ?? []) as unknown[])[i] ?? {}) as Record<string, unknown>;
      const list = (k: string): string[] => (Array.isArray(rule[k]) ? (rule[k] as unknown[]).map(String) : []);
      const verbs = list('verbs');
      const res = list('resources');
      const groups = list('apiGroups');
      const named = list('resourceNames').length > 0;
      const span = yamlSpan(node);
      const key = `${obj.label}/rules/${i}`;
      // Secrets, pods (and their exec), RBAC itself: a rule reaches them only through these groups.
      const reachesCore = groups.length === 0 || groups.some((g) => g === '*' || g === '' || CONTROL_GROUPS.has(g));
      if (verbs.includes('*') && res.includes('*') && !reachesCore) {
        // Every resource of named API groups: as much as those groups hold (a metrics API holds only metrics).
        const metricsOnly = groups.every((g) => /(?:^|\.)metrics\.k8s\.io$/.test(g));
        dc.report({ ruleId: ID, span, key, message: `${label} allows every verb on every resource of ${groups.join(', ')}.`, severity: metricsOnly ? 'low' : 'medium', confidence: 'medium' });
      } else if (verbs.includes('*') && res.includes('*')) {
        dc.report({ ruleId: ID, span, key, message: `${label} allows every verb on every resource${groups.includes('*') ? ' in every API group' : ''}.`, severity: clusterWide ? 'critical' : 'high' });
      } else if ((res.includes('secrets') || (res.includes('*') && reachesCore)) && !named && verbs.some((v) => v === '*' || v === 'get' || v === 'list' || v === 'watch')) {
        dc.report({
          ruleId: ID,
          span,
          key,
          message: `${label} can read ${clusterWide ? 'every Secret in the cluster' : `every Secret in namespace ${within?.join(', ') ?? obj.namespace}`} (${verbs.join(', ')}).`,
          severity: clusterWide ? 'high' : 'medium',
        });
      } else if (verbs.includes('*') || res.includes('*')) {
        dc.report({ ruleId: ID, span, key, message: `${label} uses a wildcard (${verbs.includes('*') ? 'verbs: *' : 'resources: *'}) in its rules.`, severity: 'medium', confidence: 'medium' });
      }
    });
  },
});

/**
 * The namespaces a ClusterRole is granted in, when RoleBindings of the same manifest bind it and no
 * ClusterRoleBinding there does: a RoleBinding grants a ClusterRole's rules in its own namespace
 * only. Undefined when a ClusterRoleBinding binds it, or the manifest binds it nowhere (it may be
 * bound cluster-wide elsewhere). Read once per file.
 */
function bindingNamespaces(dc: DeployCtx, role: string): string[] | undefined {
  const bindings = dc.file.memo('deploy:cluster-role-bindings', () => {
    const out = new Map<string, { cluster: boolean; namespaces: Set<string> }>();
    const read = readYaml(dc.file);
    if (!read.ok) return out;
    for (const doc of read.read.docs) {
      const kind = (doc.value as { kind?: unknown } | null)?.kind;
      if ((kind !== 'RoleBinding' && kind !== 'ClusterRoleBinding') || formatOf(dc.file, doc) !== 'k8s') continue;
      const binding = k8sObject(doc);
      const ref = (binding.value.roleRef ?? {}) as Record<string, unknown>;
      if (ref.kind !== 'ClusterRole' || typeof ref.name !== 'string') continue;
      const entry = out.get(ref.name) ?? { cluster: false, namespaces: new Set<string>() };
      if (kind === 'ClusterRoleBinding') entry.cluster = true;
      else entry.namespaces.add(binding.namespace);
      out.set(ref.name, entry);
    }
    return out;
  });
  const entry = bindings.get(role);
  return entry && !entry.cluster && entry.namespaces.size ? [...entry.namespaces].sort() : undefined;
}
