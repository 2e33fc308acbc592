/** Containers that can reach the host: privileged mode, host namespaces, the Docker socket, host root. */
import { yamlAt, yamlItems, yamlScalar, yamlSpan, type YamlNode } from '../../../parsers/yaml.js';
import { splitComposeEntry, UNSET, withDefaults } from '../compose-values.js';
import type { Span } from '../../../core/rule.js';
import type { DeployCtx } from '../context.js';
import { containers, podSpec, POD_KINDS } from '../formats.js';
import { deployRule } from '../rule.js';
import { oneLower, severityRank } from '../../../core/severity.js';
import { isOwnProductImage, ownPublicationsOf } from '../../../discovery/repository-owner.js';
import { contextOf } from '../../../discovery/context.js';
import { rateCapabilities } from '../capabilities.js';

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
      'A privileged container, host PID namespace, broad capabilities, mounted Docker or containerd socket (or Compose `use_api_socket: true`, which hands over the same Docker API), or host root path gives the workload (and anyone who steers the agent in it) control of the node and every other container on it. ' +
      'A Compose service that switches off the default confinement (`security_opt: [seccomp:unconfined]`, `apparmor:unconfined`, `label:disable`) is low: a hardening gap that gives no control of the host by itself (a kernel flaw would still be needed), unlike the exposures above. ' +
      "The host's network namespace alone is reported low: the container reaches the host's ports and loopback-only services, but not control of the host. " +
      "Network capabilities (NET_ADMIN) are high with the host's network namespace and low without it, where they act on the container's own network only. " +
      'The product a repository builds, given the container runtime in its own examples and templates (an MCP gateway that starts each server as a container, ' +
      '`acme/gateway` in the repository `acme/gateway`), is medium there: it is made to hold the runtime, and its users decide where; the Compose file ' +
      'the project ships to run itself keeps its level.',
    remediation:
      'Drop `privileged` and host namespaces, run with `allowPrivilegeEscalation: false` and dropped capabilities; never mount the container runtime socket — use a rootless builder (BuildKit rootless, Kaniko) or a sandboxed runtime (gVisor, Kata) for agent code execution.',
    examples: {
      positive: [
        { path: 'docker-compose.yml', code: 'services:\n  agent:\n    build: .\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n' },
        { path: 'docker-compose.yml', code: 'services:\n  browser:\n    build: .\n    cap_add:\n      - SYS_ADMIN\n' },
        // The network capabilities in the host's network namespace reconfigure the host's network.
        { path: 'docker-compose.yml', code: 'services:\n  vpn:\n    build: .\n    network_mode: host\n    cap_add:\n      - NET_ADMIN\n' },
        // An overlay file adding the socket to a service defined elsewhere, its host path a variable with a default, or none.
        { path: 'docker/docker-compose.sandbox.yaml', code: 'services:\n  gateway:\n    volumes:\n      - ${HOST_DOCKER_SOCKET:-/var/run/docker.sock}:/var/run/docker.sock\n' },
        { path: 'docker-compose.yml', code: 'services:\n  runner:\n    build: .\n    volumes:\n      - ${DOCKER_SOCK}:/var/run/docker.sock:ro\n' },
        { path: 'k8s/pod.yaml', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      securityContext:\n        privileged: true\n' },
        // Compose gives the service the host's Docker API without a volume.
        { path: 'compose.yaml', code: 'services:\n  gateway:\n    image: acme/gateway:1.2.0\n    use_api_socket: true\n' },
        { path: 'docker/docker-compose.yml', code: 'services:\n  bot:\n    build: .\n    security_opt:\n      - seccomp:unconfined\n' },
      ],
      negative: [
        { path: 'docker-compose.yml', code: 'services:\n  agent:\n    build: .\n    volumes:\n      - ./data:/data\n' },
        { path: 'docker-compose.yml', code: 'services:\n  agent:\n    build: .\n    volumes:\n      - ${DATA_DIR:-./data}:/data\n      - ${CACHE_DIR}:/root/.cache\n' },
        { path: 'docker-compose.yml', code: 'services:\n  agent:\n    build: .\n    cap_add:\n      - NET_BIND_SERVICE\n' },
        // Hardening options, and the API socket switched off.
        { path: 'compose.yaml', code: 'services:\n  gateway:\n    image: acme/gateway:1.2.0\n    use_api_socket: false\n    security_opt:\n      - no-new-privileges:true\n      - seccomp=./seccomp.json\n' },
        // NET_RAW is in Docker's default set: adding it in the container's own network namespace changes nothing.
        { path: 'docker-compose.yml', code: 'services:\n  probe:\n    build: .\n    cap_add:\n      - NET_RAW\n' },
        { path: 'k8s/pod.yaml', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n    - name: cache\n      hostPath: {path: /var/cache/agent}\n  containers:\n    - name: app\n      image: app:1\n      securityContext: {privileged: false, allowPrivilegeEscalation: false}\n' },
      ],
    },
  },
  k8sKinds: POD_KINDS,
  k8s(obj, dc) {
    const pod = podSpec(obj);
    if (!pod) return;
    const w = workload(dc, report);
    for (const field of ['hostPID', 'hostNetwork', 'hostIPC'] as const) {
      if (pod.value[field] !== true) continue;
      if (field === 'hostNetwork') w.add(yamlSpan(yamlAt(pod.node, [field])), `${obj.label}/${field}`, `${obj.label} shares the node's network namespace (hostNetwork: true): ${HOST_NETWORK}`, 'low', 'the node\'s network namespace');
      else w.add(yamlSpan(yamlAt(pod.node, [field])), `${obj.label}/${field}`, `${obj.label} shares the node's ${field.slice(4)} namespace (${field}: true).`, 'high', `the node's ${field.slice(4)} namespace`);
    }
    for (const vol of yamlItems(yamlAt(pod.node, ['volumes']))) {
      const p = yamlScalar(yamlAt(vol, ['hostPath', 'path']));
      if (typeof p === 'string' && SENSITIVE_HOST_PATH.test(p)) w.add(yamlSpan(yamlAt(vol, ['hostPath'])), `${obj.label}/hostPath:${p}`, `${obj.label} mounts the host path ${p}.`, 'high', `the host path ${p}`);
    }
    const privileged: string[] = [];
    for (const c of containers(pod)) {
      const sc = yamlAt(c.node, ['securityContext', 'privileged']);
      if (yamlScalar(sc) === true) {
        if (privileged.length === 0) w.privileged(yamlSpan(sc), `${obj.label}/${c.name}/privileged`, (names) => `${names.length > 1 ? `Containers ${names.map((n) => `"${n}"`).join(', ')}` : `Container "${c.name}"`} of ${obj.label} ${names.length > 1 ? 'run' : 'runs'} privileged.`);
        privileged.push(c.name);
      }
      const caps = yamlItems(yamlAt(c.node, ['securityContext', 'capabilities', 'add'])).map((n) => String(yamlScalar(n)));
      const rated = rateCapabilities(caps, pod.value['hostNetwork'] === true);
      if (rated) w.add(yamlSpan(yamlAt(c.node, ['securityContext', 'capabilities'])), `${obj.label}/${c.name}/caps`, `Container "${c.name}" of ${obj.label} adds ${rated.caps.join(', ')}${rated.why}.`, rated.severity, rated.caps.join(', '));
    }
    w.done(privileged);
  },
  compose(services, _doc, dc) {
    for (const s of services) {
      // An override file's service (no image or build of its own) applies only when someone adds the file: one step lower.
      const overlay = !('image' in s.value) && !('build' in s.value) && !('extends' in s.value);
      const image = s.value.image ?? inlineBase(s.value.build);
      const emit: Emit = overlay ? reportOverlay : report;
      const w = workload(dc, (dc, span, key, message, severity) =>
        RUNTIME_REACH.test(key) &&
        severityRank(severity) > severityRank('medium') &&
        typeof image === 'string' &&
        contextOf(dc.file.relPath, dc.file.text) !== 'production' &&
        isOwnProductImage(image, ownPublicationsOf(dc.file, dc.ctx.dependsOn?.bind(dc.ctx)))
          ? reportProduct(dc, span, key, message)
          : emit(dc, span, key, message, severity),
      );
      const priv = yamlAt(s.node, ['privileged']);
      if (yamlScalar(priv) === true) w.privileged(yamlSpan(priv), `service:${s.name}/privileged`, () => `Compose service "${s.name}" runs privileged.`);
      for (const field of ['pid', 'network_mode'] as const) {
        const n = yamlAt(s.node, [field]);
        if (yamlScalar(n) !== 'host') continue;
        if (field === 'pid') w.add(yamlSpan(n), `service:${s.name}/${field}`, `Compose service "${s.name}" uses the host's PID namespace.`, 'high', "the host's PID namespace");
        else w.add(yamlSpan(n), `service:${s.name}/${field}`, `Compose service "${s.name}" uses the host's network namespace: ${HOST_NETWORK}`, 'low', "the host's network namespace");
      }
      const capsNode = yamlAt(s.node, ['cap_add']);
      const rated = rateCapabilities(yamlItems(capsNode).map((n) => String(yamlScalar(n))), yamlScalar(yamlAt(s.node, ['network_mode'])) === 'host');
      if (rated) w.add(yamlSpan(capsNode), `service:${s.name}/caps`, `Compose service "${s.name}" adds ${rated.caps.join(', ')}${rated.why}.`, rated.severity, rated.caps.join(', '));
      // Compose hands the container the host's Docker API itself (the engine's socket, with the user's registry credentials): as good as mounting it.
      const apiSocket = yamlAt(s.node, ['use_api_socket']);
      if (yamlScalar(apiSocket) === true) w.add(yamlSpan(apiSocket), `service:${s.name}/use_api_socket`, `Compose service "${s.name}" is given the host's Docker API (use_api_socket: true): it can start containers as root on the host.`, 'critical', "the host's Docker API");
      for (const opt of yamlItems(yamlAt(s.node, ['security_opt']))) {
        const unconfined = UNCONFINED.exec(String(yamlScalar(opt)).trim());
        if (!unconfined) continue;
        const [what, why] = UNCONFINED_WHAT[unconfined[1]!.toLowerCase()]!;
        w.add(yamlSpan(opt), `service:${s.name}/security_opt:${unconfined[1]!.toLowerCase()}`, `Compose service "${s.name}" runs without ${what} (security_opt: ${String(yamlScalar(opt)).trim()}): it gains no control of the host by itself, but ${why}.`, 'low', `no ${what}`);
      }
      for (const v of yamlItems(yamlAt(s.node, ['volumes']))) {
        const mount = hostMount(v);
        if (!mount) continue;
        const sock = mount.path.endsWith('.sock');
        w.add(yamlSpan(v), `service:${s.name}/volume:${mount.path}`, `Compose service "${s.name}" mounts ${mount.written}${sock ? ': it can start containers as root on the host' : ' from the host'}.`, sock ? 'critical' : 'high', `the host mount ${mount.written}`);
      }
      w.done();
    }
  },
});

/**
 * The host's network alone is reach, not privilege: the container binds the host's ports and talks to
 * services listening only on its loopback, but gains no control of the host (low). Privileged mode,
 * the PID namespace, broad capabilities and host mounts are reported on their own, at their own level.
 */
const HOST_NETWORK = "it can bind the host's ports and reach services that listen only on the host's loopback, though it gains no control of the host.";

/** `seccomp:unconfined`, `seccomp=unconfined`, `apparmor:unconfined`, `label:disable` (SELinux): a confinement Docker applies by default, switched off. */
const UNCONFINED = /^(seccomp|apparmor|label)[:=](?:unconfined|disable)$/i;
/** Each confinement switched off: what it is, and what the container may then do that it filters. */
const UNCONFINED_WHAT: Record<string, [what: string, why: string]> = {
  seccomp: ["Docker's seccomp profile", "every system call reaches the host's kernel unfiltered, so a kernel flaw is one step from the host"],
  apparmor: ['its AppArmor profile', 'the mounts and kernel files the profile denies are open to it'],
  label: ['its SELinux label', "nothing confines which of the host's files it may touch through a mount"],
};

/** A container runtime's socket where a container reads it: whatever host path a variable puts there, the mount hands over the runtime. */
const RUNTIME_SOCKET = /^\/(?:var\/)?run\/(?:docker|containerd\/containerd)\.sock$/;

/**
 * The sensitive host path a Compose volume mounts: the source as Compose reads it (a variable's
 * default in its place: `${DOCKER_SOCKET:-/var/run/docker.sock}`), or, when a variable with no
 * default stands for the source, a runtime socket as the target.
 */
function hostMount(v: YamlNode): { path: string; written: string } | undefined {
  const short = yamlScalar(v);
  const [rawSource, rawTarget] = typeof short === 'string' ? splitComposeEntry(short) : [yamlScalar(yamlAt(v, ['source'])), yamlScalar(yamlAt(v, ['target']))];
  if (typeof rawSource !== 'string') return undefined;
  const source = withDefaults(rawSource.trim());
  if (source !== UNSET) return SENSITIVE_HOST_PATH.test(source) ? { path: source, written: source === rawSource ? source : `${source} (${rawSource.trim()})` } : undefined;
  const target = typeof rawTarget === 'string' ? withDefaults(rawTarget.trim()) : UNSET;
  return RUNTIME_SOCKET.test(target) ? { path: target, written: `${rawSource.trim()} as ${target}` } : undefined;
}

type Reported = 'critical' | 'high' | 'medium' | 'low';
type Emit = (dc: DeployCtx, span: Span | undefined, key: string, message: string, severity: Reported) => void;

/**
 * The exposures of one workload (a pod, a Compose service), reported when it is complete. A
 * privileged container already holds the host: the workload's other exposures (a host mount, the
 * docker socket, a host namespace, capabilities) add nothing to it, so they are named in its one
 * finding rather than reported again; several privileged containers of one pod are one finding.
 * Without privileged mode each exposure is reported at its own level.
 */
function workload(dc: DeployCtx, emit: Emit) {
  const others: { span: Span | undefined; key: string; message: string; severity: Reported; what: string }[] = [];
  let priv: { span: Span | undefined; key: string; message: (names: string[]) => string } | undefined;
  return {
    add(span: Span | undefined, key: string, message: string, severity: Reported, what: string): void {
      others.push({ span, key, message, severity, what });
    },
    privileged(span: Span | undefined, key: string, message: (names: string[]) => string): void {
      priv ??= { span, key, message };
    },
    done(names: string[] = []): void {
      if (!priv) {
        for (const o of others) emit(dc, o.span, o.key, o.message, o.severity);
        return;
      }
      const also = others.length ? ` It also has ${others.map((o) => o.what).join(', ')}, which privileged mode already gives it.` : '';
      emit(dc, priv.span, priv.key, `${priv.message(names)}${also}`, 'critical');
    },
  };
}

function report(dc: DeployCtx, span: Span | undefined, key: string, message: string, severity: Reported): void {
  dc.report({ ruleId: ID, span, key, message, severity });
}

/** The image an inline Dockerfile builds on (`build: {dockerfile_inline: "FROM acme/gateway\nRUN …"}`): the product with a layer added. */
function inlineBase(build: unknown): string | undefined {
  const inline = build && typeof build === 'object' ? (build as { dockerfile_inline?: unknown }).dockerfile_inline : undefined;
  return typeof inline === 'string' ? /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/im.exec(inline)?.[1] : undefined;
}

/** The runtime's reach given to the image this repository builds: privileged mode, the container runtime's socket or API. */
const RUNTIME_REACH = /\/privileged$|\/use_api_socket$|\/volume:.*\.sock$/;

/**
 * The product this repository builds, given the container runtime (an MCP gateway that starts each
 * server as a container): what it is built to use, in the project's own examples and templates.
 * Still root on the host, so reported, at medium; the repository's users decide where to run it.
 * The Compose file the project ships to run itself (production context) keeps its level: there the
 * socket is held by the deployment people run, reached through its published API.
 */
function reportProduct(dc: DeployCtx, span: Span | undefined, key: string, message: string): void {
  dc.report({
    ruleId: ID,
    span,
    key,
    message: `${message} The image is the product this repository builds, which is made to start containers: its users decide where it may hold the host.`,
    severity: 'medium',
  });
}

function reportOverlay(dc: DeployCtx, span: Span | undefined, key: string, message: string, severity: Reported): void {
  dc.report({ ruleId: ID, span, key, message: `${message} The service is an override of one another Compose file defines: it applies when this file is added (\`-f\`).`, severity: oneLower(severity) });
}
