/** Containers that run as root: a Dockerfile that never switches user, `runAsUser: 0`, Compose `user: root`. */
import { yamlAt, yamlScalar, yamlSpan } from '../../../parsers/yaml.js';
import { containers, podSpec, POD_KINDS } from '../formats.js';
import { deployRule, withdrawAcrossFiles } from '../rule.js';
import { finalStage, imageGraph, imagePath, isRootUser, onlyBaseOfNonRoot, effectiveUser, type FinalStage } from '../images.js';
import { classify } from '../../../discovery/classify.js';

const ID = 'deploy/runs-as-root';

export const runsAsRoot = deployRule({
  meta: {
    id: ID,
    title: 'Container runs as root',
    category: 'identity.default-account',
    severity: 'low',
    confidence: 'medium',
    description:
      'The container runs as root, the image\'s implicit default user. Code the agent runs (tools, generated scripts) gets root in the container, and one escape away, on the host.',
    remediation: 'Add a non-root user to the image and end the Dockerfile with `USER <uid>`; in Kubernetes set `runAsNonRoot: true` and a non-zero `runAsUser`.',
    examples: {
      positive: [
        { path: 'Dockerfile', code: 'FROM python:3.12-slim@sha256:0b8f1e0c1e5c4c5ad2b5e0f8b0c7d1e9a7e1c2b3d4e5f60718293a4b5c6d7e8f\nCOPY . /app\nCMD ["python", "/app/agent.py"]\n' },
        // A database image whose entrypoint is replaced: nothing drops privileges any more.
        { path: 'db/Dockerfile', code: 'FROM postgres:17\nCOPY run.sh /run.sh\nENTRYPOINT ["/run.sh"]\n' },
        { path: 'k8s/pod.yaml', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsUser: 0}\n  containers:\n    - {name: app, image: "app:1"}\n' },
      ],
      negative: [
        { path: 'Dockerfile', code: 'FROM python:3.12-slim\nRUN useradd -u 10001 agent\nUSER 10001\nCMD ["python", "agent.py"]\n' },
        { path: 'Dockerfile', code: 'FROM gcr.io/distroless/python3:nonroot\nCOPY . /app\n' },
        // The stage it builds on switched user, two aliases up.
        { path: 'Dockerfile', code: 'FROM python:3.12-slim AS base\nRUN useradd -u 10001 agent\nUSER 10001\nFROM base AS deps\nRUN pip install uv\nFROM deps\nCOPY . /app\n' },
        // The official entrypoint of a database image starts the server as its own user (gosu).
        { path: 'db/Dockerfile', code: 'FROM pgvector/pgvector:0.8.0-pg17\nCOPY init.sql /docker-entrypoint-initdb.d/\n' },
        // The entrypoint drops to an unprivileged user itself.
        { path: 'Dockerfile', code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y gosu && useradd -u 10001 app\nCOPY app /app\nENTRYPOINT ["gosu", "app", "/app/run"]\n' },
        // A dev container image (its user is chosen by devcontainer.json's remoteUser).
        { path: 'tools/bench/res/Dockerfile', code: 'FROM mcr.microsoft.com/devcontainers/python:3.11\nRUN pip install -r requirements.txt\n' },
      ],
    },
  },
  dockerfile(instructions, dc) {
    const stage = finalStage(instructions);
    if (!stage) return;
    const base = stage.base;
    if (/nonroot|rootless/i.test(base)) return;
    if (stage.user !== undefined && !isRootUser(stage.user)) return;
    if (stage.user === undefined && (dropsPrivileges(stage) || DEV_CONTAINER_BASE.test(base))) return;
    dc.report({
      ruleId: ID,
      span: dc.lineSpan(stage.userLine ?? stage.fromLine),
      key: 'dockerfile/user',
      message: stage.user === undefined ? `The final stage (FROM ${base}) never sets USER, so the container runs as root.` : 'The final stage switches to USER root, so the container runs as root.',
    });
  },
  k8sKinds: POD_KINDS,
  k8s(obj, dc) {
    const pod = podSpec(obj);
    if (!pod) return;
    const podUser = yamlAt(pod.node, ['securityContext', 'runAsUser']);
    if (yamlScalar(podUser) === 0) dc.report({ ruleId: ID, span: yamlSpan(podUser), key: `${obj.label}/runAsUser`, message: `${obj.label} sets runAsUser: 0 (root) for its pod.`, severity: 'medium' });
    for (const c of containers(pod)) {
      const u = yamlAt(c.node, ['securityContext', 'runAsUser']);
      if (yamlScalar(u) === 0) dc.report({ ruleId: ID, span: yamlSpan(u), key: `${obj.label}/${c.name}/runAsUser`, message: `Container "${c.name}" of ${obj.label} sets runAsUser: 0 (root).`, severity: 'medium' });
    }
  },
  compose(services, _doc, dc) {
    for (const s of services) {
      const u = yamlAt(s.node, ['user']);
      const v = yamlScalar(u);
      if (v === 'root' || v === 0 || v === '0' || v === '0:0' || v === 'root:root') dc.report({ ruleId: ID, span: yamlSpan(u), key: `service:${s.name}/user`, message: `Compose service "${s.name}" runs as user ${String(v)}.`, severity: 'medium' });
    }
  },
});

/**
 * Official images whose entrypoint starts the server as its own unprivileged user (postgres and its
 * extensions, MySQL, MariaDB, Redis, MongoDB, RabbitMQ), or whose image already sets one (Bitnami,
 * Chainguard, unprivileged nginx): the container does not run its service as root.
 */
const DROPPING_IMAGES = /^(?:(?:library\/)?(?:postgres|mysql|mariadb|redis|mongo|rabbitmq)|(?:pgvector|ankane)\/pgvector|postgis\/postgis|timescale\/timescaledb(?:-ha)?|bitnami\/[\w.-]+|chainguard\/[\w.-]+|nginxinc\/nginx-unprivileged)$/;
/** Commands that start a process as another user: the entrypoint drops root itself. */
const DROP_COMMAND = /\b(?:gosu|su-exec|setpriv\s+--reuid|runuser\s+-u|s6-setuidgid|chpst\s+-u|setuidgid)\b/;
/** Dev container base images: the user is chosen by `devcontainer.json` (`remoteUser`), for local development. */
const DEV_CONTAINER_BASE = /^(?:mcr\.microsoft\.com\/(?:vscode\/)?devcontainers\/)/;

function dropsPrivileges(stage: FinalStage): boolean {
  const entrypoint = stage.chain.filter((i) => i.op === 'ENTRYPOINT').pop();
  const launch = stage.chain.filter((i) => i.op === 'ENTRYPOINT' || i.op === 'CMD');
  if (launch.some((i) => DROP_COMMAND.test(i.args))) return true;
  // An entrypoint script set up beside an installed gosu / su-exec.
  if (entrypoint && stage.chain.some((i) => i.op === 'RUN' && /\b(?:install|add)\b[^&|;]*\b(?:gosu|su-exec)\b/.test(i.args))) return true;
  const image = imagePath(stage.base);
  return !entrypoint && !!image && DROPPING_IMAGES.test(image);
}

/**
 * The repository step: a Dockerfile reported for running as root is withdrawn when the repository
 * shows that no container runs it as root: it is a base layer whose images (built FROM it, found by
 * compose `build:`, build commands, workflows or folder name) all set a non-root USER, or it builds
 * FROM the project's own base image, which sets one.
 */
export const runsAsRootAcrossImages = withdrawAcrossFiles('deploy/runs-as-root-images', ID, (facts) => imageGraph(facts.inventory), (f, graph) => {
  if (classify(f.location.path) !== 'dockerfile') return true;
  const node = graph.get(f.location.path);
  if (!node) return true;
  if (node.user === undefined) {
    const inherited = effectiveUser(node);
    if (inherited !== undefined && !isRootUser(inherited)) return false;
  }
  return !onlyBaseOfNonRoot(node);
});
