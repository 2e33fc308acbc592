/**
 * The manifest prefilter skips the parse of YAML that can only hold Kubernetes objects of kinds no
 * rule reads, never a finding or a fact: the fixtures and every YAML example of every rule give the
 * same results with it as without it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { manifestMayYield } from '../../src/rules/deploy/manifest-prefilter.js';
import { POD_KINDS } from '../../src/rules/deploy/formats.js';
import { DEPLOY_RULES } from '../../src/rules/deploy/rules/all.js';
import { tempTree } from '../helpers/tmp.js';
import { memoryFile, scanBothWays, scanWithoutPrefilters } from './helpers.js';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/deploy/manifest-prefilter');

const yaml = (relPath: string, text: string) => memoryFile(relPath, 'yaml', text);

describe('manifest prefilter', () => {
  it('the fixtures give the same findings, errors and identities with it and without it; kinds no rule reads are skipped', async () => {
    const { on, off } = await scanBothWays(DIR);
    expect(on).toEqual(off);
    const rules = new Set(on.findings.map((f) => `${f.location.path} ${f.ruleId}`));
    expect(rules).toEqual(
      new Set([
        'quoted-kind.yaml deploy/k8s-secret-literal',
        'quoted-kind.yaml deploy/unpinned-image',
        'quoted-kind.yaml deploy/default-service-account',
        'aliased-kind.yaml deploy/unpinned-image',
        'aliased-kind.yaml deploy/default-service-account',
        'block-scalar-kind.yaml deploy/unpinned-image',
        'block-scalar-kind.yaml deploy/default-service-account',
        'block-scalar-kind.yaml deploy/k8s-secret-literal',
        'chart/templates/jobs.yaml deploy/unpinned-image',
        'chart/templates/jobs.yaml deploy/default-service-account',
        'tagged-compose.yml deploy/privileged-container',
        'tagged-compose.yml deploy/unpinned-image',
        'flow-comment.yaml deploy/k8s-secret-literal',
      ]),
    );
    // A templated resource that does not parse is reported both ways.
    expect(on.errors.map((e) => e.path)).toEqual(['templated-resource.yaml']);
    const files = readdirSync(DIR, { recursive: true, encoding: 'utf8' }).filter((name) => /\.ya?ml$/.test(name) && !name.endsWith('Chart.yaml'));
    const verdicts = Object.fromEntries(files.map((name) => [name, manifestMayYield(yaml(name, readFileSync(path.join(DIR, name), 'utf8')), DEPLOY_RULES)]));
    expect(verdicts).toEqual({
      'crd.yaml': false,
      'cluster-spec.yaml': false,
      'quoted-kind.yaml': true,
      'aliased-kind.yaml': true,
      'block-scalar-kind.yaml': true,
      'templated-resource.yaml': true,
      'chart/templates/jobs.yaml': true,
      'tagged-compose.yml': true,
      'flow-comment.yaml': true,
    });
  });

  it('every YAML example of every rule gives the same results with it and without it, and those that yield pass it', async () => {
    const files: Record<string, string> = {};
    DEPLOY_RULES.forEach((rule, r) =>
      [...(rule.meta.examples?.positive ?? []), ...(rule.meta.examples?.negative ?? [])].forEach((example, e) => {
        if (example.path && /\.ya?ml$/.test(example.path)) files[`${r}-${e}/${example.path}`] = example.code;
      }),
    );
    expect(Object.keys(files).length).toBeGreaterThan(20);
    const { on, off } = await scanBothWays(tempTree(files));
    expect(on).toEqual(off);
    const yielding = new Set([...on.findings.map((f) => f.location.path), ...on.identities.map((i) => i.location.path)]);
    expect(yielding.size).toBeGreaterThan(15);
    for (const rel of yielding) expect(manifestMayYield(yaml(rel, files[rel]!), DEPLOY_RULES), rel).toBe(true);
  });

  it('reads the ways YAML writes a kind, and parses what it cannot read', () => {
    const may = (text: string, relPath = 'deploy/app.yaml') => manifestMayYield(yaml(relPath, text), DEPLOY_RULES);
    expect(may('apiVersion: v1\nkind: ConfigMap\ndata: {role: Secret}\n')).toBe(false);
    expect(may('apiVersion: v1\nkind: SecretStore\n')).toBe(false);
    for (const kind of ['kind: Secret', "kind: 'Secret'", 'kind: !!str Secret', 'kind:\n  Secret', '"kind" : Secret', 'kind: RoleBinding # cluster', 'kind: *k', 'kind: |-\n  Secret', 'kind: >- # folded\n  Secret', '!!str kind: Secret', '&k kind: Secret', 'x: &k kind\n*k : Secret']) {
      expect(may(`apiVersion: v1\n${kind}\n`), kind).toBe(true);
    }
    // Escapes in double-quoted scalars can spell a kind or the key: read as maybe, in a file that has
    // the words of a format at all (`apiVersion` and `kind`).
    expect(may('apiVersion: v1\nkind: "Secr\\x65t"\n')).toBe(true);
    expect(may('apiVersion: v1\n"\\x6bind": Secret\nmetadata: {labels: {kind: agent}}\n')).toBe(true);
    expect(may('apiVersion: v1\n"\\x6bind": Secret\n')).toBe(false);
    expect(may('apiVersion: v1\n"\\x6bind": ConfigMap\ndata: {note: "a\\u0020b"}\n')).toBe(false);
    expect(may('apiVersion: v1\nkind: "Secr\\\n  et"\n')).toBe(true);
    // Only a document's root gives its kind: a manifest embedded in a block scalar is text.
    expect(may('apiVersion: v1\nkind: ConfigMap\ndata:\n  pod.yaml: |\n    apiVersion: v1\n    kind: Pod\n')).toBe(false);
    expect(may('path: /etc/kubernetes/manifests/etcd.yaml\ncontents: |\n  apiVersion: v1\n  kind: Pod\n')).toBe(false);
    // The root indented, under a tag line, in a flow mapping over lines, after a byte-order mark; a
    // kind after a comment; an explicit key; a merge key (YAML 1.1): read, or parsed.
    for (const text of [
      '---\n  apiVersion: v1\n  kind: Pod\n',
      '!!map\n  apiVersion: v1\n  kind: Pod\n',
      '{apiVersion: v1,\n  kind: Pod}\n',
      '{apiVersion: v1, # the core group\n  kind: Pod}\n',
      '\uFEFFkind: Pod\napiVersion: v1\n',
      'apiVersion: v1\nkind: # the workload\n  Pod\n',
      '? kind\n: Pod\napiVersion: v1\n',
      '%YAML 1.1\n---\nbase: &b {kind: Pod}\n<<: *b\napiVersion: v1\n',
      '{{- range .Values.pods }}\n  apiVersion: v1\n  kind: Pod\n{{- end }}\n',
    ]) {
      expect(may(text), text).toBe(true);
    }
    // Template syntax YAML cannot hold: parsed, so that the parse reports it; not in a chart's
    // template (skipped in silence when it does not parse), nor a placeholder YAML can hold.
    for (const text of ['apiVersion: v1\nkind: Agent\n{% if on %}\nspec: {}\n{% endif %}\n', 'apiVersion: v1\nkind: Agent\n{# note #}\n', 'apiVersion: v1\nkind: Agent\nmetadata:\n  name: {{ app }}-web\n', 'apiVersion: v1\nkind: Agent\nargs:\n  - {{ a }}{{ b }}\n']) {
      expect(may(text), text).toBe(true);
    }
    expect(may('apiVersion: v1\nkind: Agent\nmetadata:\n  name: {{ include "name" . }}-web\n', 'charts/agent/templates/agent.yaml')).toBe(false);
    expect(may('apiVersion: v1\nkind: Agent\nspec:\n  message: "{{ inputs.parameters.text }}"\n  image: {{ image }}\n  note: Instance {{ $labels.instance }} down\n')).toBe(false);
    // Banners of `#` after a comma or a kind key, with no kind after them: read in one pass (a
    // comment that could stop short split such banners in exponentially many ways).
    const banner = '### Settings ###########################################\n'.repeat(40);
    expect(may(`apiVersion: v1\nkind: ConfigMap\n# (ie: 1, 3, ..., 2047)\n${banner}data: {}\n`)).toBe(false);
    expect(may(`apiVersion: v1\nkind: ConfigMap\nnames:\n  kind: ${banner}  Widget\n`)).toBe(false);
    // Prose that mentions services is not a Compose file's key.
    expect(may('apiVersion: v1\nkind: ConfigMap\ndata:\n  note: the mesh routes services: all of them\n')).toBe(false);
    // Other formats are known by path or by a word they need.
    expect(may('apiVersion: v1\nkind: ConfigMap\n', '.github/workflows/ci.yaml')).toBe(true);
    expect(may('image:\n  repository: agent\n', 'charts/agent/values.yaml')).toBe(true);
    expect(may('apiVersion: v1\nkind: ConfigMap\nservices:\n  api: {image: api}\n')).toBe(true);
    expect(may('version: "3"\n!!str services:\n  api: {image: api}\n', 'deploy/stack.yml')).toBe(true);
    expect(may('version: "3"\n&s services:\n  api: {image: api}\n', 'deploy/stack.yml')).toBe(true);
  });

  it('a rule with a Kubernetes handler and no kinds has every manifest parsed, and the switch is honoured', () => {
    const file = yaml('crd.yaml', readFileSync(path.join(DIR, 'crd.yaml'), 'utf8'));
    expect(manifestMayYield(file, DEPLOY_RULES)).toBe(false);
    expect(manifestMayYield(file, [...DEPLOY_RULES, { meta: DEPLOY_RULES[0]!.meta, k8s: () => undefined }])).toBe(true);
    process.env.AGENTWARDEN_PREFILTER = 'off';
    try {
      expect(manifestMayYield(file, DEPLOY_RULES)).toBe(true);
    } finally {
      delete process.env.AGENTWARDEN_PREFILTER;
    }
  });

  it('across kinds and the ways a kind is written, never skips a file that yields', async () => {
    const pod = { containers: [{ name: 'agent', image: 'busybox:latest', securityContext: { privileged: true, runAsUser: 0 }, env: [{ name: 'DB_PASSWORD', value: 'Zr8#kq2!vLw9Qp' }] }] };
    const bodies: Record<string, Record<string, unknown>> = {
      Pod: { spec: pod },
      CronJob: { spec: { jobTemplate: { spec: { template: { spec: pod } } } } },
      Secret: { stringData: { DB_PASSWORD: 'Zr8#kq2!vLw9Qp' } },
      ClusterRole: { rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
      Role: { rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }] },
      ClusterRoleBinding: { roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'ServiceAccount', name: 'agent', namespace: 'agents' }] },
    };
    bodies.RoleBinding = bodies.ClusterRoleBinding!;
    const kinds = [...POD_KINDS, 'Secret', 'ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding', 'ConfigMap', 'Service', 'Agent', 'CustomResourceDefinition'];
    const files: Record<string, string> = {};
    kinds.forEach((kind, k) => {
      const body = bodies[kind] ?? { spec: { template: { spec: pod } } };
      const block = stringify({ metadata: { name: 'agent', namespace: 'agents' }, ...body });
      const styles = [
        `kind: ${kind}`,
        `kind: "${kind}"`,
        `'kind': '${kind}'`,
        `kind: !!str ${kind}`,
        `kind:\n  ${kind}`,
        `kind : ${kind} # the workload`,
        `kind: # the workload\n  ${kind}`,
        `kind: |-\n  ${kind}`,
        `kind: !!str >-\n  ${kind}`,
        `!!str kind: ${kind}`,
        `&k kind: ${kind}`,
      ];
      styles.forEach((style, s) => (files[`${k}-${s}.yaml`] = `apiVersion: v1\n${style}\n${block}`));
      // The whole document indented under a tag line, and the same object embedded in a config map's block scalar.
      const indented = `apiVersion: v1\nkind: ${kind}\n${block}`.replace(/^(?=.)/gm, '  ');
      files[`${k}-indented.yaml`] = `--- !!map\n${indented}`;
      // A chart's template: the document indented under a range, which Helm (and the parse) blanks.
      files[`${k}/templates/range.yaml`] = `{{- range .Values.items }}\n${indented}\n{{- end }}\n`;
      files[`${k}-embedded.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: manifests}\ndata:\n  object.yaml: |\n${indented.replace(/^(?=.)/gm, '  ')}`;
      files[`${k}-flow.yaml`] = JSON.stringify({ apiVersion: 'v1', kind, metadata: { name: 'agent' }, ...body });
      files[`${k}-flow-commented.yaml`] = files[`${k}-flow.yaml`]!.replace(',"kind":', ', # the workload\n  "kind":');
    });
    const off = await scanWithoutPrefilters(tempTree(files));
    const yielding = new Set([...off.findings.map((f) => f.location.path), ...off.identities.map((i) => i.location.path)]);
    expect([...yielding].filter((rel) => !manifestMayYield(yaml(rel, files[rel]!), DEPLOY_RULES)).map((rel) => files[rel])).toEqual([]);
    expect(yielding.size).toBeGreaterThan(80);
    expect(Object.keys(files).filter((rel) => !manifestMayYield(yaml(rel, files[rel]!), DEPLOY_RULES)).length).toBeGreaterThan(20);
  }, 60_000);
});
