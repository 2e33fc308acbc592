/** deploy/k8s-broad-rbac reads a rule's API groups: a wildcard confined to named groups is not the whole cluster. */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const analyzers = await loadFileAnalyzers();
const role = (kind: string, rule: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: r}\nrules:\n${rule}`;
const found = async (code: string) =>
  (await runExample(analyzers, { code, path: 'k8s/rbac.yaml' })).filter((f) => f.ruleId === 'deploy/k8s-broad-rbac').map((f) => [f.severity, f.message]);

describe('deploy/k8s-broad-rbac and API groups', () => {
  it('every verb on every resource of the core or every group is critical for a ClusterRole', async () => {
    expect(await found(role('ClusterRole', '  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n'))).toEqual([['critical', 'ClusterRole r allows every verb on every resource in every API group.']]);
    expect(await found(role('ClusterRole', '  - apiGroups: [""]\n    resources: ["*"]\n    verbs: ["*"]\n'))).toEqual([['critical', 'ClusterRole r allows every verb on every resource.']]);
  });

  it('confined to a metrics API it is low, to another named group medium, saying which', async () => {
    expect(await found(role('ClusterRole', '  - apiGroups: ["custom.metrics.k8s.io"]\n    resources: ["*"]\n    verbs: ["*"]\n'))).toEqual([['low', 'ClusterRole r allows every verb on every resource of custom.metrics.k8s.io.']]);
    expect(await found(role('ClusterRole', '  - apiGroups: ["apps", "batch"]\n    resources: ["*"]\n    verbs: ["*"]\n'))).toEqual([['medium', 'ClusterRole r allows every verb on every resource of apps, batch.']]);
  });

  it('reading every resource of a group that holds no Secret is a wildcard, not every Secret', async () => {
    expect(await found(role('ClusterRole', '  - apiGroups: ["apps"]\n    resources: ["*"]\n    verbs: ["get", "list"]\n'))).toEqual([['medium', 'ClusterRole r uses a wildcard (resources: *) in its rules.']]);
    expect((await found(role('ClusterRole', '  - apiGroups: [""]\n    resources: ["*"]\n    verbs: ["get", "list"]\n')))[0]![0]).toBe('high');
  });
});

describe('deploy/k8s-broad-rbac and custom API groups', () => {
  it('every resource of custom groups with named verbs is low; every verb on them stays medium', async () => {
    expect(await found(role('ClusterRole', '  - apiGroups: ["agents.example.dev"]\n    resources: ["*"]\n    verbs: ["get", "list", "update"]\n'))).toEqual([
      ['low', "ClusterRole r uses a wildcard (resources: *) over the custom API group agents.example.dev only (get, list, update): custom resources, none of Kubernetes' own."],
    ]);
    expect((await found(role('ClusterRole', '  - apiGroups: ["agents.example.dev"]\n    resources: ["*"]\n    verbs: ["*"]\n')))[0]![0]).toBe('medium');
  });

  it('a wildcard over a built-in group with named verbs stays medium', async () => {
    expect((await found(role('ClusterRole', '  - apiGroups: ["networking.k8s.io"]\n    resources: ["*"]\n    verbs: ["get", "update"]\n')))[0]![0]).toBe('medium');
    expect((await found(role('ClusterRole', '  - apiGroups: ["agents.example.dev", "batch"]\n    resources: ["*"]\n    verbs: ["get"]\n')))[0]![0]).toBe('medium');
  });
});
