/**
 * Workloads on the namespace's `default` ServiceAccount with its token mounted. Every pod that
 * names no account shares that one identity, and its API token sits in the container for any
 * code (or any agent tool) to read. Named accounts are recorded as identities so that one
 * ServiceAccount used by several workloads shows in the identity graph.
 */
import type { Node as YamlNode } from 'yaml';
import { yamlAt, yamlScalar, yamlSpan } from '../../../parsers/yaml.js';
import { TEMPLATE_MARK } from '../context.js';
import { podSpec, POD_KINDS } from '../formats.js';
import { deployRule } from '../rule.js';

const ID = 'deploy/default-service-account';
const NEEDS_SELECTOR = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

export const defaultServiceAccount = deployRule({
  meta: {
    id: ID,
    title: 'Workload on the default ServiceAccount with its token mounted',
    category: 'identity.default-account',
    severity: 'low',
    confidence: 'medium',
    description:
      'The workload names no ServiceAccount, so it runs as the namespace\'s `default` account, shared with every other pod that names none, and the account\'s API token is mounted into it. ' +
      'Its actions cannot be told apart in audit logs, and any RBAC granted to `default` reaches all of them. The account has no rights of its own until someone binds ' +
      'a role to it, which is why this is low; a Helm chart whose values set `serviceAccount.name: default` makes every install do the same.',
    remediation:
      'Create a ServiceAccount per agent or workload and set `serviceAccountName`; set `automountServiceAccountToken: false` unless the workload calls the Kubernetes API, and bind it only the Role it needs.',
    examples: {
      positive: [
        { path: 'k8s/deploy.yaml', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: planner, namespace: agents}\nspec:\n  selector: {matchLabels: {app: planner}}\n  template:\n    spec:\n      containers:\n        - {name: app, image: "app:1"}\n' },
        { path: 'k8s/pod.yaml', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccountName: default\n  containers:\n    - {name: app, image: "app:1"}\n' },
        { path: 'charts/agent/values.yaml', code: 'image:\n  repository: ghcr.io/acme/agent\nserviceAccount:\n  create: false\n  name: default\n' },
      ],
      negative: [
        { path: 'k8s/deploy.yaml', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: planner}\nspec:\n  selector: {matchLabels: {app: planner}}\n  template:\n    spec:\n      serviceAccountName: planner\n      containers:\n        - {name: app, image: "app:1"}\n' },
        { path: 'k8s/job.yaml', code: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      automountServiceAccountToken: false\n      containers:\n        - {name: app, image: "app:1"}\n' },
        { path: 'charts/agent/values.yaml', code: 'serviceAccount:\n  create: true\n  name: ""\n  automount: false\n' },
        { path: 'charts/agent/values.yaml', code: 'serviceAccount:\n  name: default\nautomountServiceAccountToken: false\n' },
        { path: 'overlays/prod/patch.yaml', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: planner}\nspec:\n  template:\n    spec:\n      containers:\n        - {name: app, resources: {limits: {memory: 1Gi}}}\n' },
      ],
    },
  },
  helmValues(doc, dc) {
    // `serviceAccount.name: default` (or `serviceAccountName: default`) at the top or in a subchart's values.
    const visit = (node: YamlNode | undefined, value: unknown, path: string[], depth: number): void => {
      if (!node || !value || typeof value !== 'object' || Array.isArray(value) || depth > 4) return;
      const v = value as Record<string, unknown>;
      const sa = v.serviceAccount as Record<string, unknown> | undefined;
      const named = sa && typeof sa === 'object' ? sa.name : v.serviceAccountName;
      const tokenOff = v.automountServiceAccountToken === false || (sa && typeof sa === 'object' && (sa.automount === false || sa.automountServiceAccountToken === false));
      if (named === 'default' && !tokenOff) {
        const at = sa && typeof sa === 'object' ? yamlAt(node, ['serviceAccount', 'name']) : yamlAt(node, ['serviceAccountName']);
        const r = yamlSpan(at) as { start: number; end: number } | undefined;
        const where = [...path, sa && typeof sa === 'object' ? 'serviceAccount.name' : 'serviceAccountName'].join('.');
        dc.report({
          ruleId: ID,
          span: r ? dc.firstLine(r) : undefined,
          key: `helm:${where}`,
          message: `The chart values set ${where}: default, so every install runs as the namespace's default ServiceAccount, shared with every pod that names none.`,
        });
      }
      for (const [k, child] of Object.entries(v)) if (k !== 'serviceAccount' && child && typeof child === 'object') visit(yamlAt(node, [k]), child, [...path, k], depth + 1);
    };
    visit(doc.document.contents as YamlNode, doc.value, [], 0);
  },
  k8sKinds: POD_KINDS,
  k8s(obj, dc) {
    const pod = podSpec(obj);
    if (!pod) return;
    const saNode = yamlAt(pod.node, ['serviceAccountName']) ?? yamlAt(pod.node, ['serviceAccount']);
    const sa = yamlScalar(saNode);
    if (typeof sa === 'string' && sa.includes(TEMPLATE_MARK)) return;
    if (typeof sa === 'string' && sa !== '' && sa !== 'default') {
      dc.ctx.identity({ key: `k8s-sa:${obj.namespace}/${sa}`, label: `ServiceAccount ${obj.namespace}/${sa}`, identityKind: 'service-account', consumer: obj.label, lifetime: 'expiring', span: yamlSpan(saNode) });
      return;
    }
    // Helm test and hook pods live for seconds; the chart's workloads are judged on their own.
    const annotations = ((obj.value.metadata as Record<string, unknown> | undefined)?.annotations ?? {}) as Record<string, unknown>;
    if ('helm.sh/hook' in annotations) return;
    // A strategic-merge patch (Kustomize overlay) carries only the fields it changes.
    if (NEEDS_SELECTOR.has(obj.kind) && !yamlAt(obj.node, ['spec', 'selector'])) return;
    if (pod.value.automountServiceAccountToken === false) return;
    const r = (yamlSpan(saNode) ?? yamlSpan(obj.node)) as { start: number; end: number } | undefined;
    dc.report({
      ruleId: ID,
      span: r ? dc.firstLine(r) : undefined,
      key: `${obj.label}/serviceAccount`,
      message: `${obj.label} runs as the default ServiceAccount of namespace ${obj.namespace} with its API token mounted.`,
    });
  },
});
