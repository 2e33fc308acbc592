/**
 * A credential written as a literal into a deployment file: container `env`, Compose
 * `environment`, Helm values, Dockerfile `ENV`/`ARG`, Lambda/ECS environments in Terraform and
 * CloudFormation, committed `.env` files. Provider-pattern secrets are the secrets analyzer's:
 * here only the ones it cannot know (a password, an unknown vendor's key under a credential key).
 * Every credential seen here is also recorded as an identity of its consumer.
 */
import type { Node as YamlNode } from 'yaml';
import type { Span } from '../../../core/rule.js';
import { yamlAt, yamlItems, yamlScalar, yamlSpan } from '../../../parsers/yaml.js';
import type { HclBlock, HclBody } from '../../../parsers/hcl.js';
import { noteCredential, type DeployCtx } from '../context.js';
import { composeEnv, containers, dockerAssignments, podSpec, type Container } from '../formats.js';
import { deployRule } from '../rule.js';
import { walkScalars, walkYamlScalars } from '../walk.js';
import { locateKey } from './terraform-util.js';

const ID = 'deploy/literal-secret';

export const literalSecret = deployRule({
  meta: {
    id: ID,
    title: 'Literal credential in a deployment file',
    category: 'credential.long-lived',
    severity: 'high',
    confidence: 'medium',
    description:
      'A password, token or key is written as a literal value into a manifest, Compose file, Helm values, Dockerfile, ' +
      'IaC environment or committed .env file. It is in every clone and image layer, does not expire, and is shared by everyone who can read the repository.',
    remediation:
      'Remove the value, rotate it, and inject it at run time from a secret store: a Kubernetes Secret via secretKeyRef ' +
      '(synced by External Secrets / a CSI driver), Compose `secrets:`, a build secret (`RUN --mount=type=secret`), or a secret manager reference. ' +
      'Prefer short-lived workload identity (IRSA / GKE Workload Identity / Azure workload identity) over any stored key.',
    examples: {
      positive: [
        {
          path: 'k8s/agent.yaml',
          code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: planner}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app@sha256:0000000000000000000000000000000000000000000000000000000000000000\n          env:\n            - name: DB_PASSWORD\n              value: "Zr8#kq2!vLw9"\n',
        },
        { path: 'docker-compose.yml', code: 'services:\n  agent:\n    image: agent:1.2\n    environment:\n      VECTOR_DB_API_KEY: "q8Xv2LmN4pR7tY1zK9wB3cD6"\n' },
        { path: 'Dockerfile', code: 'FROM python:3.12-slim\nENV ADMIN_PASSWORD=Zr8kq2vLw9Tx\n' },
        { path: '.env', code: 'LANGFUSE_SECRET=9fQ2mX7vL4kP8rT1wZ6b\n' },
        { path: 'charts/agent/values.yaml', code: 'auth:\n  password: "Zr8#kq2!vLw9"\n' },
      ],
      negative: [
        {
          path: 'k8s/agent.yaml',
          code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, key: password}\n',
        },
        { path: 'docker-compose.yml', code: 'services:\n  agent:\n    image: agent:1.2\n    environment:\n      VECTOR_DB_API_KEY: ${VECTOR_DB_API_KEY}\n      POSTGRES_PASSWORD: postgres\n' },
        { path: '.env.example', code: 'LANGFUSE_SECRET=your-secret-here\n' },
        { path: 'Dockerfile', code: 'FROM python:3.12-slim\nARG NPM_TOKEN\nENV TOKEN_FILE=/run/secrets/token\n' },
        { path: 'infra/keys.tf', code: 'resource "aws_key_pair" "ops" {\n  key_name   = "ops-7f3a9c2e"\n  public_key = file("${path.module}/data/ops_public_key")\n}\n' },
        {
          path: 'infra/keys.tf',
          code: 'resource "aws_key_pair" "ops" {\n  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq8Vw2Lr7nT4xK9pB3mZ6cJ1hY5sD0fQ8eW2aN7uR4t ops@host"\n}\n',
        },
        { path: 'docker-compose.yml', code: 'services:\n  agent:\n    image: agent:1.2\n    environment:\n      SEARCH_API_KEY: ${SEARCH_API_KEY:-${FALLBACK_SEARCH_KEY:-}}\n' },
      ],
    },
  },

  k8s(obj, dc) {
    const pod = podSpec(obj);
    if (!pod) return;
    for (const c of containers(pod)) containerEnv(c, dc);
  },

  compose(services, _doc, dc) {
    for (const s of services) {
      for (const e of composeEnv(s)) check(dc, e.key, e.value, `Compose service "${s.name}"`, yamlSpan(e.node), `the environment of Compose service "${s.name}"`);
    }
  },

  helmValues(doc, dc) {
    const chart = chartName(dc.file.relPath);
    walkYamlScalars(doc.document.contents as YamlNode, (key, value, node, path) =>
      check(dc, key, value, `Helm chart ${chart}`, yamlSpan(node), `Helm values (${path.join('.')})`),
    );
  },

  dockerfile(instructions, dc) {
    for (const ins of instructions) {
      if (ins.op !== 'ENV' && ins.op !== 'ARG') continue;
      for (const a of dockerAssignments(ins)) {
        if (a.value === undefined) continue;
        check(dc, a.key, a.value, `image built from ${dc.file.relPath}`, dc.lineSpan(lineOfKey(dc, ins.line, a.key)), `Dockerfile ${ins.op} ${a.key} (kept in the image layers)`);
      }
    }
  },

  dotenv(entries, dc) {
    for (const e of entries) {
      const span: Span = { startLine: e.line, startColumn: e.column, endLine: e.line, endColumn: e.column + e.value.length + 1 };
      check(dc, e.key, e.value, dc.file.relPath, span, `committed env file ${dc.file.baseName}`);
    }
  },

  cfn(resources, _doc, dc) {
    for (const r of resources) {
      if (!r.propertiesNode) continue;
      const env = ENV_PATHS.flatMap((p) => (yamlAt(r.propertiesNode, p) ? [yamlAt(r.propertiesNode, p)!] : []));
      for (const node of env) {
        walkYamlScalars(node, (key, value, vnode) => check(dc, key, value, `${r.type} ${r.id}`, yamlSpan(vnode), `the environment of ${r.type} ${r.id}`));
      }
    }
  },

  terraform(tf, dc) {
    for (const block of tf.blocks) {
      if (block.type === 'variable') {
        const name = block.labels[0] ?? '';
        const def = block.attributes.find((a) => a.name === 'default');
        if (def) check(dc, name, def.value, `Terraform variable ${name}`, def.valueSpan, `the default of Terraform variable "${name}"`);
        continue;
      }
      if (block.type !== 'resource' && block.type !== 'module' && block.type !== 'locals') continue;
      const address = block.type === 'locals' ? 'locals' : block.labels.join('.');
      walkBody(block, dc, address);
    }
  },
});

/** Where CloudFormation resources keep environment variables (`Environment` holds Lambda's `Variables`). */
const ENV_PATHS = [['ContainerDefinitions'], ['Environment']];

function containerEnv(c: Container, dc: DeployCtx): void {
  const consumer = c.pod.owner.label;
  for (const item of yamlItems(yamlAt(c.node, ['env']))) {
    const name = yamlScalar(yamlAt(item, ['name']));
    if (typeof name !== 'string') continue;
    const valueNode = yamlAt(item, ['value']);
    if (valueNode) {
      check(dc, name, yamlScalar(valueNode), consumer, yamlSpan(valueNode), `the env of ${consumer} (container "${c.name}")`);
      continue;
    }
    const ref = yamlAt(item, ['valueFrom', 'secretKeyRef']);
    const secretName = yamlScalar(yamlAt(ref, ['name']));
    const secretKey = yamlScalar(yamlAt(ref, ['key']));
    if (typeof secretName === 'string' && !secretName.includes('\u2063')) {
      dc.ctx.identity({
        key: `k8s-secret:${c.pod.owner.namespace}/${secretName}#${String(secretKey ?? '')}`,
        label: `Secret ${c.pod.owner.namespace}/${secretName} key ${String(secretKey ?? '?')}`,
        identityKind: 'secret',
        consumer,
        lifetime: 'static',
        span: yamlSpan(ref),
      });
    }
  }
}

function check(dc: DeployCtx, key: string, value: unknown, consumer: string, span: Span | undefined, where: string): void {
  const j = noteCredential(dc, key, value, consumer, span);
  if (j.kind !== 'literal') return;
  dc.report({
    ruleId: ID,
    span,
    secret: String(value).trim(),
    message: `A literal credential is set for ${key} in ${where}. It is stored in the repository, does not expire, and no provider pattern can tell which service it unlocks.`,
    severity: j.strength === 'strong' ? 'high' : 'medium',
    confidence: j.strength === 'strong' ? 'medium' : 'low',
  });
}

function walkBody(body: HclBody, dc: DeployCtx, address: string, depth = 0): void {
  if (depth > 32) return;
  for (const attr of body.attributes) {
    if (attr.value && typeof attr.value === 'object') {
      walkScalars(attr.value, (key, value) => check(dc, key, value, address, locateKey(dc, attr.span, key), `${address} (${attr.name})`));
    } else if (typeof attr.value === 'string' && /^[[{]/.test(attr.value)) {
      // jsonencode(...) of container definitions and the like
      let parsed: unknown;
      try {
        parsed = JSON.parse(attr.value as string);
      } catch {
        parsed = undefined;
      }
      walkScalars(parsed, (key, value) => check(dc, key, value, address, locateKey(dc, attr.span, key), `${address} (${attr.name})`));
    } else {
      check(dc, attr.name, attr.value, address, attr.valueSpan, address);
    }
  }
  for (const b of body.blocks) walkBody(b as HclBlock, dc, address, depth + 1);
}

/** The physical line of `key` inside a continued instruction (`ENV A=1 \\` / `    B=2`). */
function lineOfKey(dc: DeployCtx, first: number, key: string): number {
  for (let line = first; line <= dc.file.lineCount && line < first + 50; line++) {
    const text = dc.file.lineText(line);
    if (new RegExp(`(?:^|\\s)${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:=|\\s)`).test(text)) return line;
    if (!text.trimEnd().endsWith('\\')) break;
  }
  return first;
}

function chartName(relPath: string): string {
  const parts = relPath.split('/');
  parts.pop();
  return parts.length ? parts[parts.length - 1]! : '.';
}

