/**
 * Workloads on the namespace's `default` ServiceAccount with its token mounted. Every pod that
 * names no account shares that one identity, and its API token sits in the container for any
 * code (or any agent tool) to read. Named accounts are recorded as identities so that one
 * ServiceAccount used by several workloads shows in the identity graph.
 */
import { yamlAt, yamlScalar, yamlSpan } from '../../../parsers/yaml.js';
import { TEMPLATE_MARK } from '../context.js';
import { podSpec } from '../formats.js';
import { deployRule } from '../rule.js';

const ID = 'deploy/default-service-account';
const NEEDS_SELECTOR = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

export const defaultServiceAccount = deployRule({
  meta: {
    id: ID,
    title: 'Workload on the default ServiceAccount with its token mounted',
    category: 'identity.default-account',
    severity: 'medium',
    confidence: 'medium',
    description:
      'The workload names no ServiceAccount, so it runs as the namespace\'s `default` account, shared with every other pod that names none, and the account\'s API token is mounted into it. ' +
      'Its actions cannot be told apart in audit logs, and any RBAC granted to `default` reaches all of them.',
    remediation:
      'Create a ServiceAccount per agent or workload and set `serviceAccountName`; set `automountServiceAccountToken: false` unless the workload calls the Kubernetes API, and bind it only the Role it needs.',
    examples: {
      positive: [
        { path: 'k8s/deploy.yaml', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: planner, namespace: agents}\nspec:\n  selector: {matchLabels: {app: planner}}\n  template:\n    spec:\n      containers:\n        - {name: app, image: "app:1"}\n' },
        { path: 'k8s/pod.yaml', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccountName: default\n  containers:\n    - {name: app, image: "app:1"}\n' },
      ],
      negative: [
        { path: 'k8s/deploy.yaml', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: planner}\nspec:\n  selector: {matchLabels: {app: planner}}\n  template:\n    spec:\n      serviceAccountName: planner\n      containers:\n        - {name: app, image: "app:1"}\n' },
        { path: 'k8s/job.yaml', code: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      automountServiceAccountToken: false\n      containers:\n        - {name: app, image: "app:1"}\n' },
        { path: 'overlays/prod/patch.yaml', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: planner}\nspec:\n  template:\n    spec:\n      containers:\n        - {name: app, resources: {limits: {memory: 1Gi}}}\n' },
      ],
    },
  },
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
