/**
 * Kubernetes Secret manifests and Kustomize secret generators committed with their values. `data`
 * is base64, which hides provider prefixes from the secrets analyzer, so values are decoded and
 * run through the engine here.
 */
import { yamlAt, yamlEntries, yamlItems, yamlScalar, yamlSpan } from '../../../parsers/yaml.js';
import { isCredentialKey, isModelName, isPlaceholder, isSettingName } from '../../secrets/values.js';
import { isDevWord, judgeValue, looksFakeAt, TEMPLATE_MARK, type DeployCtx } from '../context.js';
import { deployRule } from '../rule.js';
import type { Span } from '../../../core/rule.js';

const ID = 'deploy/k8s-secret-literal';
/** A key whose last word names an account rather than its secret. */
const USER_KEY = /(?:^|[-_.])(?:user(?:name)?|login|account)(?:_in)?$/i;
const SECRET_TYPES_WITH_CREDENTIALS = new Set(['kubernetes.io/dockerconfigjson', 'kubernetes.io/dockercfg', 'kubernetes.io/basic-auth', 'kubernetes.io/ssh-auth', 'kubernetes.io/tls']);

export const k8sSecretLiteral = deployRule({
  meta: {
    id: ID,
    title: 'Kubernetes Secret committed with its values',
    category: 'credential.long-lived',
    severity: 'high',
    confidence: 'medium',
    description:
      'A Secret manifest (or a Kustomize secretGenerator) carries credential values in the repository. Base64 in `data` is an encoding, not protection: ' +
      'anyone who can read the repository holds the credential, and it lives as long as nobody rotates it.',
    remediation:
      'Rotate the credential and stop committing Secret values: generate the Secret from a secret manager (External Secrets Operator, Secrets Store CSI driver), ' +
      'or commit it encrypted (Sealed Secrets, SOPS). Better, give the workload a federated identity (IRSA, GKE/Azure workload identity) so there is no key to store.',
    examples: {
      positive: [
        { path: 'k8s/secret.yaml', code: 'apiVersion: v1\nkind: Secret\nmetadata: {name: agent-keys}\ntype: Opaque\ndata:\n  db-password: WnI4I2txMiF2THc5\n' },
        { path: 'k8s/secret.yaml', code: 'apiVersion: v1\nkind: Secret\nmetadata: {name: agent-keys}\nstringData:\n  api-token: "Zr8#kq2!vLw9Tx"\n' },
        // An upper-case random token, cut by underscores or not, has no words in it: still a credential.
        { path: 'k8s/secret.yaml', code: 'apiVersion: v1\nkind: Secret\nmetadata: {name: agent-keys}\nstringData:\n  SERVICE_TOKEN: QHZKWRTPXM_BVCXZLKJHT\n  LICENSE_KEY: K7HQ2MZ9PL4XW8VB3NR6\n' },
        { path: 'overlays/prod/kustomization.yaml', code: 'resources: [../../base]\nsecretGenerator:\n  - name: agent-keys\n    literals:\n      - DB_PASSWORD=Zr8kq2vLw9Tx\n' },
      ],
      negative: [
        { path: 'examples/k8s/secret.yaml', code: 'apiVersion: v1\nkind: Secret\nmetadata: {name: llm}\nstringData:\n  OPENAI_API_KEY: sk-openai-1234567890abcdef  # Replace with your actual API key\n' },
        { path: 'k8s/secret.yaml', code: 'apiVersion: v1\nkind: Secret\nmetadata: {name: agent-keys}\ndata:\n  username: YWdlbnQ=\n  db-password: ""\n' },
        { path: 'overlays/prod/kustomization.yaml', code: 'secretGenerator:\n  - name: agent-keys\n    envs: [secrets.env]\n' },
        { path: 'chart/templates/secret.yaml', code: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ include "x.fullname" . }}\ndata:\n  api-token: {{ .Values.token | b64enc }}\n' },
        // A CHAP secret's user names: who logs in is not what proves it.
        { path: 'storage/chap.yaml', code: 'apiVersion: v1\nkind: Secret\nmetadata: {name: chap}\ntype: kubernetes.io/iscsi-chap\ndata:\n  node.session.auth.username: aXNjc2ktaW5pdGlhdG9yMg==\n  node.session.auth.username_in: dGFyZ2V0LXVzZXIy\n' },
        // A lowercase word base64-encoded (`mypassword`, as the comment above it shows): a sample, not a leaked secret.
        { path: 'storage/secret.yaml', code: 'apiVersion: v1\nkind: Secret\nmetadata: {name: heketi-secret}\ndata:\n  # base64 encoded password. E.g.: echo -n "mypassword" | base64\n  key: bXlwYXNzd29yZA==\ntype: kubernetes.io/glusterfs\n' },
        // The model configuration to use, named by an upper-case constant; the keys beside it are empty.
        { path: 'k8s/backend-secrets.yaml', code: 'apiVersion: v1\nkind: Secret\nmetadata: {name: backend-env}\nstringData:\n  OPENAI_API_KEY: ""\n  LLM_KEY: AZURE_OPENAI_GPT4O\n  SECONDARY_LLM_KEY: ANTHROPIC_CLAUDE3.5_SONNET\n' },
      ],
    },
  },

  k8sKinds: ['Secret'],
  k8s(obj, dc) {
    if (obj.kind !== 'Secret') return;
    const type = String(obj.value.type ?? 'Opaque');
    if (type === 'kubernetes.io/service-account-token') return;
    for (const field of ['data', 'stringData'] as const) {
      for (const [key, keyNode, node] of yamlEntries(yamlAt(obj.node, [field]))) {
        const raw = yamlScalar(node);
        if (typeof raw !== 'string' || raw.includes(TEMPLATE_MARK)) continue;
        const value = field === 'data' ? decodeBase64(raw) : raw;
        if (value === undefined) continue;
        const span = yamlSpan(node ?? keyNode);
        judge(dc, key, value, field === 'data', SECRET_TYPES_WITH_CREDENTIALS.has(type), `Secret ${obj.namespace}/${obj.name}`, span);
      }
    }
  },

  kustomization(doc, dc) {
    for (const gen of yamlItems(yamlAt(doc.document.contents, ['secretGenerator']))) {
      const name = String(yamlScalar(yamlAt(gen, ['name'])) ?? '(unnamed)');
      for (const lit of yamlItems(yamlAt(gen, ['literals']))) {
        const s = yamlScalar(lit);
        if (typeof s !== 'string' || !s.includes('=')) continue;
        const i = s.indexOf('=');
        judge(dc, s.slice(0, i), s.slice(i + 1), false, false, `secretGenerator ${name}`, yamlSpan(lit), true);
      }
    }
  },
});

function judge(dc: DeployCtx, key: string, value: string, decoded: boolean, credentialType: boolean, where: string, span: Span | undefined, generator = false): void {
  const v = value.trim();
  // Decoded from `data`, a lowercase word is a default or a name (`admin`, `mypassword`), as it is in plain text.
  if (v === '' || isPlaceholder(v) || looksFakeAt(dc, v, span) || (decoded && isDevWord(v))) return;
  // Which model or mode to use (`LLM_KEY: OPENAI_GPT4_1`, `gpt-4o-mini`): a setting's name, not a credential.
  if (isSettingName(v) || isModelName(v)) return;
  const found = dc.engine.find(v);
  const provider = found[0]?.pattern.provider;
  if (found.length === 0) {
    if (!decoded) {
      // A literal the secrets analyzer can see in the text: leave provider secrets to it.
      const j = judgeValue(key, v, dc.engine);
      if (j.kind === 'reference' || j.kind === 'covered') return;
    }
    if (!credentialType && !isCredentialKey(key.replace(/[-.]/g, '_')) && !/(?:^|[-_.])(?:key|pass|password|token|secret|cert|auth)(?:$|[-_.])/i.test(key)) return;
    // Who logs in, not what proves it: `node.session.auth.username`, `db-user`.
    if (USER_KEY.test(key)) return;
  } else if (!decoded) {
    // Plain text with a provider pattern: the secrets analyzer already reports it.
    return;
  }
  // No identity is recorded: a Secret stores a credential, the workloads that mount it are its consumers.
  const what = provider ? `a ${provider} credential` : 'a credential';
  dc.report({
    ruleId: ID,
    span,
    secret: v,
    message: `${where} holds ${what} under "${key}"${decoded ? ' (base64-decoded from data)' : generator ? ' as a literal' : ''}; it is committed to the repository and does not expire.`,
    severity: provider ? 'critical' : 'high',
    confidence: provider ? 'high' : 'medium',
  });
}

function decodeBase64(raw: string): string | undefined {
  const s = raw.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return undefined;
  const text = Buffer.from(s, 'base64').toString('utf8');
  // Binary (a keystore, a certificate in DER) is not text we can judge.
  return /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text) ? undefined : text;
}
