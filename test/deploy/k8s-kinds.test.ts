/**
 * Kubernetes objects reach the rules that read their kind (`k8sKinds`): the results are those of
 * every handler seeing every object (the prefilters off), and a kind no rule reads (or one spelled
 * like a property every JavaScript object has) is neither a finding nor an error.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { POD_KINDS } from '../../src/rules/deploy/formats.js';
import { tempTree } from '../helpers/tmp.js';
import { scanBothWays, scanWithoutPrefilters } from './helpers.js';

const POD = 'metadata: {name: agent}\nspec:\n  containers:\n    - name: agent\n      image: busybox:latest\n      securityContext: {privileged: true}\n';

describe('Kubernetes kinds', () => {
  it('each object reaches the rules of its kind, with the same results as every rule seeing it', async () => {
    const pod = { containers: [{ name: 'agent', image: 'busybox:latest', securityContext: { privileged: true, runAsUser: 0 }, env: [{ name: 'DB_PASSWORD', value: 'Zr8#kq2!vLw9Qp' }] }] };
    // One body that every rule could read, whatever the kind says.
    const body = {
      metadata: { name: 'agent', namespace: 'agents' },
      spec: { ...pod, template: { spec: pod }, jobTemplate: { spec: { template: { spec: pod } } } },
      stringData: { DB_PASSWORD: 'Zr8#kq2!vLw9Qp' },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
      roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: 'agent', namespace: 'agents' }],
    };
    const kinds = [...POD_KINDS, 'Secret', 'ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding', 'ConfigMap', 'Service', 'Agent'];
    const files = Object.fromEntries(kinds.map((kind) => [`${kind}.yaml`, `apiVersion: v1\nkind: ${kind}\n${stringify(body)}`]));
    files['all.yaml'] = kinds.map((kind) => `apiVersion: v1\nkind: ${kind}\n${stringify(body)}`).join('---\n');
    const { on, off } = await scanBothWays(tempTree(files));
    expect(on).toEqual(off);
    const paths = new Set(on.findings.map((f) => f.location.path));
    expect(paths).not.toContain('ConfigMap.yaml');
    expect(paths).not.toContain('Agent.yaml');
    expect(new Set(on.findings.filter((f) => f.location.path === 'all.yaml').map((f) => f.ruleId)).size).toBeGreaterThan(5);
  });

  it('a kind spelled like an object property is no pod kind', async () => {
    const files = Object.fromEntries(['constructor', 'toString', '__proto__', 'hasOwnProperty'].map((kind) => [`${kind}.yaml`, `apiVersion: v1\nkind: ${kind}\n${POD}`]));
    const out = await scanWithoutPrefilters(tempTree(files));
    expect(out.errors).toEqual([]);
    expect(out.findings).toEqual([]);
  });

  it('a Cloud Run job or service (run.googleapis.com) is not a Kubernetes object; the same body as a Kubernetes Job is', async () => {
    const body = 'metadata: {name: pr-gen}\nspec:\n  template:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: gen\n              image: busybox:latest\n              securityContext: {privileged: true}\n';
    const out = await scanWithoutPrefilters(tempTree({ 'cloudrun/job.yaml': `apiVersion: run.googleapis.com/v1\nkind: Job\n${body}`, 'k8s/job.yaml': `apiVersion: batch/v1\nkind: Job\n${body.replace('template:\n    spec:\n      template:\n        spec:', 'template:\n    spec:')}` }));
    const paths = new Set(out.findings.map((f) => f.location.path));
    expect(paths).not.toContain('cloudrun/job.yaml');
    expect(paths).toContain('k8s/job.yaml');
  });
});
