/**
 * A credential written as a literal into a deployment file: container `env`, Compose
 * `environment`, Helm values, Dockerfile `ENV`/`ARG`, Lambda/ECS environments in Terraform and
 * CloudFormation, committed `.env` files. Provider-pattern secrets are the secrets analyzer's:
 * here only the ones it cannot know (a password, an unknown vendor's key under a credential key).
 * Every credential seen here is also recorded as an identity of its consumer.
 */
import type { Span } from '../../../core/rule.js';
import { noteCredential, type DeployCtx } from '../context.js';
import { deployRule } from '../rule.js';
import { credentialValueHandlers } from './credential-values.js';
import { defaultPasswordOf } from './default-password-keys.js';
import { placeholderLogin } from '../beside.js';

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
      'IaC environment or committed .env file. It is in every clone and image layer, does not expire, and is shared by everyone who can read the repository. ' +
      'Low beside a placeholder login (an address at example.com or another domain reserved for documentation): a quick-start\'s sample account.',
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
        // An MCP Toolbox config: the database password its agent tools connect with, in the repository.
        { path: 'deployment/mcp-toolbox/tools.yaml', code: 'sources:\n  tickets:\n    kind: cloud-sql-postgres\n    database: tickets\n    user: toolbox\n    password: "Zr8#kq2!vLw9"\ntools:\n  search-tickets:\n    kind: postgres-sql\n    source: tickets\n    statement: SELECT id FROM tickets\n' },
      ],
      negative: [
        // The password read from the environment when the toolbox starts.
        { path: 'deployment/mcp-toolbox/tools.yaml', code: 'sources:\n  tickets:\n    kind: postgres\n    host: db\n    user: toolbox\n    password: ${DB_PASSWORD}\ntools:\n  search-tickets:\n    kind: postgres-sql\n    source: tickets\n    statement: SELECT id FROM tickets\n' },
        // A file named tools.yaml that is no toolbox config: nothing under sources has a kind.
        { path: 'config/tools.yaml', code: 'sources:\n  docs: {url: https://example.com}\ntools:\n  lint: {password: "Zr8#kq2!vLw9"}\n' },
        {
          path: 'k8s/agent.yaml',
          code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, key: password}\n',
        },
        { path: 'docker-compose.yml', code: 'services:\n  agent:\n    image: agent:1.2\n    environment:\n      VECTOR_DB_API_KEY: ${VECTOR_DB_API_KEY}\n      POSTGRES_PASSWORD: postgres\n' },
        { path: '.env.example', code: 'LANGFUSE_SECRET=your-secret-here\n' },
        // Words and short numbers: a demo's password and a stand-in that says what to put there.
        { path: 'examples/erp/docker-compose.yml', code: 'services:\n  postgres:\n    image: postgres:16-alpine\n    environment:\n      POSTGRES_PASSWORD: erp_password\n  gateway:\n    image: acme/gateway:1.4\n    environment:\n      AUTH_SECRET: "local-dev-auth-secret-at-least-32-bytes-long-000"\n' },
        { path: 'Dockerfile', code: 'FROM python:3.12-slim\nARG NPM_TOKEN\nENV TOKEN_FILE=/run/secrets/token\n' },
        { path: 'infra/keys.tf', code: 'resource "aws_key_pair" "ops" {\n  key_name   = "ops-7f3a9c2e"\n  public_key = file("${path.module}/data/ops_public_key")\n}\n' },
        {
          path: 'infra/keys.tf',
          code: 'resource "aws_key_pair" "ops" {\n  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq8Vw2Lr7nT4xK9pB3mZ6cJ1hY5sD0fQ8eW2aN7uR4t ops@host"\n}\n',
        },
        { path: 'docker-compose.yml', code: 'services:\n  agent:\n    image: agent:1.2\n    environment:\n      SEARCH_API_KEY: ${SEARCH_API_KEY:-${FALLBACK_SEARCH_KEY:-}}\n' },
        // References joined by a separator: nothing literal is left.
        { path: 'docker-compose.test.yml', code: 'services:\n  neo4j:\n    image: neo4j:5.26\n    environment:\n      - NEO4J_AUTH=${NEO4J_USER}/${NEO4J_PASSWORD}\n' },
        // A value under an entry whose comment says to replace it with your own key.
        {
          path: 'k8s/monitor.yaml',
          code: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: monitor}\nspec:\n  template:\n    spec:\n      containers:\n        - name: agent\n          image: monitor:2.1\n          env:\n            - name: ACCESS_KEY  # REQUIRED - replace with your access key\n              value: 8312341g-5678-abcd-4a2b2c-33bcsd655\n',
        },
        // A marker that a setup script replaces (sed s/GOOGLE_API_KEY_VAL/…/): the value spells its own variable.
        {
          path: 'k8s/assistant.yaml',
          code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: assistant}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: assistant:1.4\n          env:\n            - name: GOOGLE_API_KEY\n              value: GOOGLE_API_KEY_VAL\n',
        },
      ],
    },
  },

  ...credentialValueHandlers(check, { recordSecretRefs: true }),
});

function check(dc: DeployCtx, key: string, value: unknown, consumer: string, span: Span | undefined, where: string): void {
  const j = noteCredential(dc, key, value, consumer, span);
  // A well-known default is deploy/default-password's finding, not a leaked secret.
  if (j.kind !== 'literal' || defaultPasswordOf(key, value) !== undefined) return;
  // The password of a login at a domain reserved for documentation (`root@example.com`): a product's
  // published quick-start pair, a default to change rather than a secret that leaked.
  const login = placeholderLogin(dc.file, span);
  dc.report({
    ruleId: ID,
    span,
    secret: String(value).trim(),
    message: login
      ? `A literal password is set for ${key} in ${where}, beside a placeholder login (${login}): a quick-start's sample account, the same in every copy, to be replaced before anyone else can reach the service.`
      : `A literal credential is set for ${key} in ${where}. It is stored in the repository, does not expire, and no provider pattern can tell which service it unlocks.`,
    severity: login ? 'low' : j.strength === 'strong' ? 'high' : 'medium',
    confidence: j.strength === 'strong' ? 'medium' : 'low',
  });
}
