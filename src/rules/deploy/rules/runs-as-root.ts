/** Containers that run as root: a Dockerfile that never switches user, `runAsUser: 0`, Compose `user: root`. */
import { yamlAt, yamlScalar, yamlSpan } from '../../../parsers/yaml.js';
import { containers, podSpec, POD_KINDS } from '../formats.js';
import { deployRule, settleAcrossFiles } from '../rule.js';
import { imageGraph, inheritsDrop, onlyBaseOfNonRoot, effectiveUser } from '../image-graph.js';
import { finalStage, globalArgs, isRootUser, withArgDefaults } from '../dockerfile-stages.js';
import { classify } from '../../../discovery/classify.js';
import { dropsRoot } from '../privilege-drop.js';
import { baseLayerOnly, builtOnlyByTests, notAWorkload } from '../image-role.js';
import type { ProjectAnalyzer } from '../../../core/rule.js';
import type { Finding } from '../../../core/types.js';

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
        // A namespace that only looks like Lambda's is an ordinary image.
        { path: 'Dockerfile', code: 'FROM lambda/python:3.13\nCOPY app.py ./\nCMD ["python", "app.py"]\n' },
        // A database image whose entrypoint is replaced: nothing drops privileges any more.
        { path: 'db/Dockerfile', code: 'FROM postgres:17\nCOPY run.sh /run.sh\nENTRYPOINT ["/run.sh"]\n' },
        { path: 'k8s/pod.yaml', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsUser: 0}\n  containers:\n    - {name: app, image: "app:1"}\n' },
      ],
      negative: [
        { path: 'Dockerfile', code: 'FROM python:3.12-slim\nRUN useradd -u 10001 agent\nUSER 10001\nCMD ["python", "agent.py"]\n' },
        { path: 'Dockerfile', code: 'FROM gcr.io/distroless/python3:nonroot\nCOPY . /app\n' },
        // The same base named by a build argument's default: the image a build that passes none runs on.
        { path: 'Dockerfile', code: 'ARG BASE_IMAGE=gcr.io/distroless/python3-debian12:nonroot\nFROM python:3.12-slim AS build\nRUN pip install --target /deps fastapi\nFROM ${BASE_IMAGE}\nCOPY --from=build /deps /deps\n' },
        // The stage it builds on switched user, two aliases up.
        { path: 'Dockerfile', code: 'FROM python:3.12-slim AS base\nRUN useradd -u 10001 agent\nUSER 10001\nFROM base AS deps\nRUN pip install uv\nFROM deps\nCOPY . /app\n' },
        // The official entrypoint of a database image starts the server as its own user (gosu).
        { path: 'db/Dockerfile', code: 'FROM pgvector/pgvector:0.8.0-pg17\nCOPY init.sql /docker-entrypoint-initdb.d/\n' },
        // The entrypoint drops to an unprivileged user itself.
        { path: 'Dockerfile', code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y gosu && useradd -u 10001 app\nCOPY app /app\nENTRYPOINT ["gosu", "app", "/app/run"]\n' },
        // su with options after the user (`-s /bin/bash`) before the command it runs.
        { path: 'Dockerfile', code: 'FROM debian:12-slim\nRUN useradd -r agent\nCOPY app /app\nENTRYPOINT su agent -s /bin/bash -c "/app/run"\n' },
        // (Across files: an entrypoint script the Dockerfile copies that ends in `exec su agent -s /bin/bash -c …`, and an image built FROM the project's own such image that keeps its entrypoint; see test/deploy/entrypoint-drop.test.ts.)
        // A function image on AWS Lambda's base: Lambda runs it as its own unprivileged user.
        { path: 'functions/booking/Dockerfile', code: 'FROM public.ecr.aws/lambda/python:3.13\nCOPY requirements.txt .\nRUN pip install -r requirements.txt --target .\nCOPY handler.py ./\nCMD ["handler.main"]\n' },
        { path: 'functions/notify/Dockerfile', code: 'FROM amazon/aws-lambda-nodejs:22\nCOPY index.js ./\nCMD ["index.handler"]\n' },
        // A dev container image (its user is chosen by devcontainer.json's remoteUser).
        { path: 'tools/bench/res/Dockerfile', code: 'FROM mcr.microsoft.com/devcontainers/python:3.11\nRUN pip install -r requirements.txt\n' },
      ],
    },
  },
  dockerfile(instructions, dc) {
    const stage = finalStage(instructions);
    if (!stage) return;
    // `FROM ${BASE_IMAGE}` is the image its ARG default names, as a build that passes none pulls it.
    const base = (stage.base.includes('$') && withArgDefaults(stage.base, globalArgs(instructions))) || stage.base;
    if (/nonroot|rootless/i.test(base) || PLATFORM_USER_BASE.test(base)) return;
    if (stage.user !== undefined && !isRootUser(stage.user)) return;
    if (stage.user === undefined && DEV_CONTAINER_BASE.test(base)) return;
    // Root on purpose (`USER root` too), so that the entrypoint (or the script it runs) can set up and then drop it.
    if (dropsRoot(stage, dc)) return;
    const message = stage.user === undefined ? `The final stage (FROM ${base}) never sets USER, so the container runs as root.` : 'The final stage switches to USER root, so the container runs as root.';
    // A stub, a build tool's image or a sandbox template: what it runs as is decided where it is used.
    const notRun = notAWorkload(instructions, stage.chain, dc.file.relPath);
    dc.report({ ruleId: ID, span: dc.lineSpan(stage.userLine ?? stage.fromLine), key: 'dockerfile/user', message: notRun ? `${message} ${notRun}` : message, ...(notRun ? { severity: 'info' as const } : {}) });
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
 * Base images of a platform that starts the container as its own unprivileged user, whatever the
 * image says: AWS Lambda's (`public.ecr.aws/lambda/python:3.13`, `amazon/aws-lambda-nodejs:22`).
 */
const PLATFORM_USER_BASE = /^(?:public\.ecr\.aws\/lambda\/|(?:docker\.io\/)?amazon\/aws-lambda-)[\w.-]+(?::|@|$)/i;
/** Dev container base images: the user is chosen by `devcontainer.json` (`remoteUser`), for local development. */
const DEV_CONTAINER_BASE = /^(?:mcr\.microsoft\.com\/(?:vscode\/)?devcontainers\/)/;

/**
 * The repository step: a Dockerfile reported for running as root is withdrawn when the repository
 * shows that no container runs it as root: it is a base layer whose images (built FROM it, found by
 * compose `build:`, build commands, workflows or folder name) all set a non-root USER, or it builds
 * FROM the project's own base image, which sets one, or whose entrypoint (kept, not replaced)
 * drops root before starting the workload; or it is a base layer that starts nothing of
 * its own (the images built on it are judged themselves). An image only test files build takes the
 * test context, which this rule does not judge (see `context-policy.ts`).
 */
export const runsAsRootAcrossImages: ProjectAnalyzer = settleAcrossFiles('deploy/runs-as-root-images', (f) => f.ruleId === ID, (findings, facts) => {
  const graph = imageGraph(facts.inventory);
  const out: Finding[] = [];
  for (const f of findings) {
    const node = f.ruleId === ID && classify(f.location.path) === 'dockerfile' ? graph.get(f.location.path) : undefined;
    if (!node) {
      out.push(f);
      continue;
    }
    if (node.user === undefined) {
      const inherited = effectiveUser(node);
      if (inherited !== undefined && !isRootUser(inherited)) continue;
      if (inheritsDrop(node)) continue;
    }
    if (onlyBaseOfNonRoot(node) || baseLayerOnly(node)) continue;
    const test = (f.context === undefined || f.context === 'production') && builtOnlyByTests(node);
    out.push(test ? { ...f, context: 'test', message: `${f.message} Only tests build it (${node.builtBy.join(', ')}).` } : f);
  }
  return out;
});
