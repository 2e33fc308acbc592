/** Containers that run as root: a Dockerfile that never switches user, `runAsUser: 0`, Compose `user: root`. */
import { yamlAt, yamlScalar, yamlSpan } from '../../../parsers/yaml.js';
import { containers, podSpec } from '../formats.js';
import { deployRule } from '../rule.js';

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
        { path: 'k8s/pod.yaml', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsUser: 0}\n  containers:\n    - {name: app, image: "app:1"}\n' },
      ],
      negative: [
        { path: 'Dockerfile', code: 'FROM python:3.12-slim\nRUN useradd -u 10001 agent\nUSER 10001\nCMD ["python", "agent.py"]\n' },
        { path: 'Dockerfile', code: 'FROM gcr.io/distroless/python3:nonroot\nCOPY . /app\n' },
      ],
    },
  },
  dockerfile(instructions, dc) {
    const froms = instructions.filter((i) => i.op === 'FROM');
    const last = froms[froms.length - 1];
    if (!last) return;
    const base = last.args.split(/\s+/).filter((p) => !p.startsWith('--'))[0] ?? '';
    if (/nonroot|rootless/i.test(base)) return;
    // The final stage may build on an earlier one that switched user.
    const stageUsers = new Map<number, string>();
    for (const i of instructions) if (i.op === 'USER') stageUsers.set(i.stage, i.args.trim().split(/[\s:]/)[0]!);
    const aliasStage = froms.findIndex((f) => new RegExp(`\\bAS\\s+${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'i').test(f.args));
    const user = stageUsers.get(last.stage) ?? (aliasStage >= 0 ? stageUsers.get(aliasStage) : undefined);
    if (user !== undefined && user !== 'root' && user !== '0') return;
    dc.report({
      ruleId: ID,
      span: dc.lineSpan(user === undefined ? last.line : instructions.filter((i) => i.op === 'USER' && i.stage === last.stage).pop()!.line),
      key: 'dockerfile/user',
      message: user === undefined ? `The final stage (FROM ${base}) never sets USER, so the container runs as root.` : 'The final stage switches to USER root, so the container runs as root.',
    });
  },
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
