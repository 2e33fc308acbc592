/** Containers that can reach the host: privileged mode, host namespaces, the Docker socket, host root. */
import { yamlAt, yamlItems, yamlScalar, yamlSpan } from '../../../parsers/yaml.js';
import type { Span } from '../../../core/rule.js';
import type { DeployCtx } from '../context.js';
import { containers, podSpec, POD_KINDS } from '../formats.js';
import { deployRule } from '../rule.js';

const ID = 'deploy/privileged-container';
const SENSITIVE_HOST_PATH = /^(?:\/|\/etc\/?|\/root\/?|\/home\/?|\/var\/run\/docker\.sock|\/run\/docker\.sock|\/var\/run\/?|\/var\/lib\/kubelet\/?|\/proc\/?|\/var\/run\/containerd\/containerd\.sock|\/run\/containerd\/containerd\.sock)$/;

export const privilegedContainer = deployRule({
  meta: {
    id: ID,
    title: 'Container with host-level access',
    category: 'credential.broad-scope',
    severity: 'high',
    confidence: 'high',
    description:
      'A privileged container, host PID/network namespace, mounted Docker or containerd socket, or host root path gives the workload (and anyone who steers the agent in it) control of the node and every other container on it.',
    remediation:
      'Drop `privileged` and host namespaces, run with `allowPrivilegeEscalation: false` and dropped capabilities; never mount the container runtime socket — use a rootless builder (BuildKit rootless, Kaniko) or a sandboxed runtime (gVisor, Kata) for agent code execution.',
    examples: {
      positive: [
        { path: 'docker-compose.yml', code: 'services:\n  agent:\n    build: .\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n' },
        { path: 'docker-compose.yml', code: 'services:\n  browser:\n    build: .\n    cap_add:\n      - SYS_ADMIN\n' },
        { path: 'k8s/pod.yaml', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      securityContext:\n        privileged: true\n' },
      ],
      negative: [
        { path: 'docker-compose.yml', code: 'services:\n  agent:\n    build: .\n    volumes:\n      - ./data:/data\n' },
        { path: 'docker-compose.yml', code: 'services:\n  agent:\n    build: .\n    cap_add:\n      - NET_BIND_SERVICE\n' },
        { path: 'k8s/pod.yaml', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n    - name: cache\n      hostPath: {path: /var/cache/agent}\n  containers:\n    - name: app\n      image: app:1\n      securityContext: {privileged: false, allowPrivilegeEscalation: false}\n' },
      ],
    },
  },
  k8sKinds: POD_KINDS,
  k8s(obj, dc) {
    const pod = podSpec(obj);
    if (!pod) return;
    for (const field of ['hostPID', 'hostNetwork', 'hostIPC'] as const) {
      if (pod.value[field] === true) report(dc, yamlSpan(yamlAt(pod.node, [field])), `${obj.label}/${field}`, `${obj.label} shares the node's ${field.slice(4).toUpperCase() === 'NETWORK' ? 'network' : field.slice(4)} namespace (${field}: true).`, field === 'hostNetwork' ? 'medium' : 'high');
    }
    for (const vol of yamlItems(yamlAt(pod.node, ['volumes']))) {
      const p = yamlScalar(yamlAt(vol, ['hostPath', 'path']));
      if (typeof p === 'string' && SENSITIVE_HOST_PATH.test(p)) report(dc, yamlSpan(yamlAt(vol, ['hostPath'])), `${obj.label}/hostPath:${p}`, `${obj.label} mounts the host path ${p}.`, 'high');
    }
    for (const c of containers(pod)) {
      const sc = yamlAt(c.node, ['securityContext', 'privileged']);
      if (yamlScalar(sc) === true) report(dc, yamlSpan(sc), `${obj.label}/${c.name}/privileged`, `Container "${c.name}" of ${obj.label} runs privileged.`, 'critical');
      const caps = yamlItems(yamlAt(c.node, ['securityContext', 'capabilities', 'add'])).map((n) => String(yamlScalar(n)));
      const bad = caps.filter((x) => BROAD_CAPABILITY.test(x));
      if (bad.length) report(dc, yamlSpan(yamlAt(c.node, ['securityContext', 'capabilities'])), `${obj.label}/${c.name}/caps`, `Container "${c.name}" of ${obj.label} adds ${bad.join(', ')}.`, 'high');
    }
  },
  compose(services, _doc, dc) {
    for (const s of services) {
      const priv = yamlAt(s.node, ['privileged']);
      if (yamlScalar(priv) === true) report(dc, yamlSpan(priv), `service:${s.name}/privileged`, `Compose service "${s.name}" runs privileged.`, 'critical');
      for (const field of ['pid', 'network_mode'] as const) {
        const n = yamlAt(s.node, [field]);
        if (yamlScalar(n) === 'host') report(dc, yamlSpan(n), `service:${s.name}/${field}`, `Compose service "${s.name}" uses the host's ${field === 'pid' ? 'PID' : 'network'} namespace.`, field === 'pid' ? 'high' : 'medium');
      }
      const capsNode = yamlAt(s.node, ['cap_add']);
      const bad = yamlItems(capsNode).map((n) => String(yamlScalar(n))).filter((x) => BROAD_CAPABILITY.test(x));
      if (bad.length) report(dc, yamlSpan(capsNode), `service:${s.name}/caps`, `Compose service "${s.name}" adds ${bad.join(', ')}.`, 'high');
      for (const v of yamlItems(yamlAt(s.node, ['volumes']))) {
        const short = yamlScalar(v);
        const source = typeof short === 'string' ? short.split(':')[0] : yamlScalar(yamlAt(v, ['source']));
        if (typeof source === 'string' && SENSITIVE_HOST_PATH.test(source)) {
          const sock = source.endsWith('.sock');
          report(dc, yamlSpan(v), `service:${s.name}/volume:${source}`, `Compose service "${s.name}" mounts ${source}${sock ? ': it can start containers as root on the host' : ' from the host'}.`, sock ? 'critical' : 'high');
        }
      }
    }
  },
});

/** Capabilities that amount to much of root on the host: mounts and namespaces, tracing, kernel modules, the network stack. */
const BROAD_CAPABILITY = /^(?:CAP_)?(?:SYS_ADMIN|ALL|SYS_PTRACE|SYS_MODULE|NET_ADMIN)$/i;

function report(dc: DeployCtx, span: Span | undefined, key: string, message: string, severity: 'critical' | 'high' | 'medium'): void {
  dc.report({ ruleId: ID, span, key, message, severity });
}
