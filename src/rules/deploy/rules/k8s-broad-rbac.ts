/** Kubernetes RBAC that hands out cluster-admin, wildcards, or every Secret. */
import { yamlAt, yamlItems, yamlSpan } from '../../../parsers/yaml.js';
import { deployRule } from '../rule.js';
import { isHelmTemplate } from '../formats.js';
import { folderBindings } from '../rbac-bindings.js';
import { upstreamComponentOf, type UpstreamComponent } from '../upstream-component.js';
import { oneLower, severityRank, worse } from '../../../core/severity.js';
import type { Severity } from '../../../core/types.js';

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
      'Creating or changing workloads (pods, Deployments, DaemonSets, StatefulSets, Jobs …) in every namespace is reported too: a pod started there runs as any ServiceAccount of its namespace and mounts its Secrets. ' +
      'A ClusterRole that only RoleBindings of its folder (its manifest, or the chart templates beside it) bind grants its rules in their namespaces only, and is judged as a Role there (a level lower than cluster-wide); one that a ClusterRoleBinding binds, or that nothing beside it binds, is judged cluster-wide, ' +
      'a level lower when its chart binds it either way as its values choose (a cluster-wide or a namespaced install). A wildcard over the resources of custom API groups only (an operator\'s own CRDs), with named verbs, is low. ' +
      "A role that a well-known component's own install manifest, vendored as published, gives that component's workload (labelled with the component's name, running the image the component publishes under that name, the role named for it) is two levels lower, at least low: its rights are what the component ships with, not the repository's choice.",
    remediation:
      'Bind a Role scoped to one namespace that lists the exact resources and verbs the workload uses; never grant Secrets read cluster-wide, and name the Secrets a role may read with `resourceNames`.',
    examples: {
      positive: [
        { path: 'k8s/rbac.yaml', code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: agent-admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects:\n  - {kind: ServiceAccount, name: agent, namespace: agents}\n' },
        { path: 'k8s/rbac.yaml', code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: agent}\nrules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["get", "list"]\n' },
        { path: 'k8s/rbac.yaml', code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: agent}\nrules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n' },
        // A controller that creates Deployments in every namespace.
        { path: 'k8s/rbac.yaml', code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: sandbox-deployer}\nrules:\n  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [create, delete, patch]\n' },
      ],
      negative: [
        { path: 'k8s/rbac.yaml', code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: agent, namespace: agents}\nrules:\n  - apiGroups: [""]\n    resources: ["configmaps"]\n    verbs: ["get"]\n  - apiGroups: [""]\n    resources: ["secrets"]\n    resourceNames: ["agent-token"]\n    verbs: ["get"]\n' },
        // Creating workloads in its own namespace only: what a namespaced controller needs.
        { path: 'k8s/rbac.yaml', code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: runner, namespace: sandboxes}\nrules:\n  - apiGroups: [batch]\n    resources: [jobs]\n    verbs: [create, delete, get]\n' },
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
      const upstream = upstreamComponentOf(dc, obj.kind, obj.name);
      dc.report({
        ruleId: ID,
        span: yamlSpan(yamlAt(obj.node, ['roleRef'])),
        key: `${obj.label}/roleRef`,
        message: `${obj.label} grants ${role}${clusterWide ? ' across the whole cluster' : ` in namespace ${obj.namespace}`} to ${subjects.join(', ') || 'its subjects'}.${upstreamNote(upstream)}`,
        severity: asShipped(upstream, role === 'cluster-admin' && clusterWide ? 'critical' : role === 'edit' ? 'medium' : 'high'),
      });
      return;
    }
    if (obj.kind !== 'ClusterRole' && obj.kind !== 'Role') return;
    // A ClusterRole that only RoleBindings beside it bind grants its rules in their namespaces: judged as a Role there.
    const bindings = obj.kind === 'ClusterRole' ? folderBindings(dc).get(obj.name) : undefined;
    const within = bindings && !bindings.cluster && bindings.namespaces.size ? [...bindings.namespaces].sort() : undefined;
    const clusterWide = obj.kind === 'ClusterRole' && within === undefined;
    // A chart that binds it cluster-wide or in the namespaces its values name, as the installer chooses: a
    // level lower. A role written in a chart template is lowered once already by its context (values decide what it renders).
    const chosen = clusterWide && bindings?.cluster && bindings.namespaces.size > 0 && bindings.templated && !isHelmTemplate(dc.file);
    const bound = within
      ? ` (bound only by RoleBindings, so in namespace ${within.join(', ')} only)`
      : chosen
        ? ' (its chart binds it cluster-wide, or in the namespaces its values name instead)'
        : '';
    const label = `${obj.label}${bound}`;
    const upstream = upstreamComponentOf(dc, obj.kind, obj.name);
    const level = (s: Severity): Severity => asShipped(upstream, chosen ? oneLower(s) : s);
    const note = upstreamNote(upstream);
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
      // Only groups no Kubernetes release defines: the custom resources of an operator or a CRD-based tool.
      const customOnly = groups.length > 0 && groups.every((g) => !builtInGroup(g));
      if (verbs.includes('*') && res.includes('*') && !reachesCore) {
        // Every resource of named API groups: as much as those groups hold (a metrics API holds only metrics).
        const metricsOnly = groups.every((g) => /(?:^|\.)metrics\.k8s\.io$/.test(g));
        dc.report({ ruleId: ID, span, key, message: `${label} allows every verb on every resource of ${groups.join(', ')}.`, severity: metricsOnly ? 'low' : 'medium', confidence: 'medium' });
      } else if (verbs.includes('*') && res.includes('*')) {
        dc.report({ ruleId: ID, span, key, message: `${label} allows every verb on every resource${groups.includes('*') ? ' in every API group' : ''}.${note}`, severity: level(clusterWide ? 'critical' : 'high') });
      } else if ((res.includes('secrets') || (res.includes('*') && reachesCore)) && !named && verbs.some((v) => v === '*' || v === 'get' || v === 'list' || v === 'watch')) {
        dc.report({
          ruleId: ID,
          span,
          key,
          message: `${label} can read ${clusterWide ? 'every Secret in the cluster' : `every Secret in namespace ${within?.join(', ') ?? obj.namespace}`} (${verbs.join(', ')}).${note}`,
          severity: level(clusterWide ? 'high' : 'medium'),
        });
      } else if (clusterWide && !named && workloads(groups, res).length > 0 && verbs.some((v) => WORKLOAD_WRITE.has(v))) {
        const kinds = workloads(groups, res);
        dc.report({
          ruleId: ID,
          span,
          key,
          message:
            `${label} can ${verbs.filter((v) => WORKLOAD_WRITE.has(v)).join(', ')} ${kinds.join(', ')} in every namespace: a pod it starts or changes runs as any ServiceAccount ` +
            `of its namespace and mounts that namespace's Secrets, kube-system's included.${note}`,
          severity: level('high'),
        });
      } else if (res.includes('*') && customOnly && !verbs.includes('*')) {
        // Every resource of custom API groups with named verbs: the operator's own resources, nothing of the cluster's.
        dc.report({ ruleId: ID, span, key, message: `${label} uses a wildcard (resources: *) over the custom API group${groups.length > 1 ? 's' : ''} ${groups.join(', ')} only (${verbs.join(', ')}): custom resources, none of Kubernetes' own.`, severity: 'low', confidence: 'medium' });
      } else if (verbs.includes('*') || res.includes('*')) {
        dc.report({ ruleId: ID, span, key, message: `${label} uses a wildcard (${verbs.includes('*') ? 'verbs: *' : 'resources: *'}) in its rules.`, severity: 'medium', confidence: 'medium' });
      }
    });
  },
});

/**
 * Rights an upstream component's own install manifest gives its workload (see `upstream-component.ts`)
 * are what that component ships with and needs: two levels lower, at least low. A full wildcard or
 * cluster-admin stays medium, worth a look when the component is chosen or upgraded.
 */
function asShipped(upstream: UpstreamComponent | undefined, s: Severity): Severity {
  if (!upstream || severityRank(s) <= severityRank('low')) return s;
  return worse(oneLower(oneLower(s)), 'low');
}

function upstreamNote(upstream: UpstreamComponent | undefined): string {
  return upstream
    ? ` It is part of ${upstream.name}'s own install manifest (its workload runs ${upstream.image}, published by others): the rights are those the component ships with, not ones this repository chose.`
    : '';
}

/** Verbs that start a workload or change what it runs (its image, its ServiceAccount, its command). */
const WORKLOAD_WRITE = new Set(['*', 'create', 'patch', 'update']);
/** Kinds that run pods, by API group. */
const WORKLOAD_KINDS: Record<string, string[]> = {
  '': ['pods', 'replicationcontrollers'],
  apps: ['deployments', 'daemonsets', 'statefulsets', 'replicasets'],
  batch: ['jobs', 'cronjobs'],
};

/** The kinds of workload a rule's groups and resources name (every one of a group for `resources: *`). */
function workloads(groups: string[], res: string[]): string[] {
  const named = groups.length === 0 ? [''] : groups.includes('*') ? Object.keys(WORKLOAD_KINDS) : groups;
  return named.flatMap((g) => (WORKLOAD_KINDS[g] ?? []).filter((k) => res.includes(k) || res.includes('*')));
}

/** A group a Kubernetes release defines: the core group, `apps`, `batch`, `policy`, `autoscaling`, `extensions` and the `*.k8s.io` groups. */
function builtInGroup(g: string): boolean {
  return g === '' || g === '*' || /^(?:apps|batch|policy|autoscaling|extensions)$/.test(g) || /(?:^|\.)k8s\.io$/.test(g);
}
