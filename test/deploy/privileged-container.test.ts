/** deploy/privileged-container: host-level access by how much of the host it hands over. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const levels = async (path: string, code: string) =>
  (await findings(path, code)).filter((f) => f.ruleId === 'deploy/privileged-container').map((f) => `${f.location.startLine} ${f.severity}`);

describe('deploy/privileged-container', () => {
  it("rates the host's network namespace alone low, and says what it gives", async () => {
    const compose = 'services:\n  prometheus:\n    image: prom/prometheus:v2.53.0\n    network_mode: host\n';
    expect(await levels('monitoring/docker-compose.yml', compose)).toEqual(['4 low']);
    const [f] = (await findings('monitoring/docker-compose.yml', compose)).filter((x) => x.ruleId === 'deploy/privileged-container');
    expect(f?.message).toMatch(/loopback/);
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: true\n  containers:\n    - name: app\n      image: app:1\n';
    expect(await levels('k8s/pod.yaml', pod)).toEqual(['5 low']);
  });

  it('keeps the PID namespace and the Docker socket at their levels beside the host network', async () => {
    const compose = 'services:\n  agent:\n    build: .\n    network_mode: host\n    pid: host\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n';
    expect((await levels('docker-compose.yml', compose)).sort()).toEqual(['4 low', '5 high', '7 critical']);
  });

  it("reports a privileged service once, naming the host mounts and namespaces privileged mode already gives it", async () => {
    const compose =
      'services:\n  metrics:\n    image: acme/metrics:1.2\n    privileged: true\n    pid: host\n    volumes:\n      - /:/rootfs:ro\n      - /var/run:/var/run:ro\n  agent:\n    build: .\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n';
    expect(await levels('docker-compose.yml', compose)).toEqual(['4 critical', '12 critical']);
    const [f] = (await findings('docker-compose.yml', compose)).filter((x) => x.ruleId === 'deploy/privileged-container');
    expect(f?.message).toMatch(/also has the host.s PID namespace, the host mount \/, the host mount \/var\/run/);
  });

  it('reports a pod whose several containers run privileged once, naming them', async () => {
    const container = (name: string) => `        - name: ${name}\n          image: registry.example/${name}:1.0\n          securityContext:\n            privileged: true\n`;
    const pod = `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: csi-node}\nspec:\n  template:\n    spec:\n      volumes:\n        - name: kubelet\n          hostPath: {path: /var/lib/kubelet}\n      containers:\n${container('plugin')}${container('registrar')}`;
    const found = (await findings('deploy/csi/node.yaml', pod)).filter((x) => x.ruleId === 'deploy/privileged-container');
    expect(found.map((f) => f.severity)).toEqual(['critical']);
    expect(found[0]!.message).toMatch(/Containers "plugin", "registrar" of .* run privileged\. It also has the host path \/var\/lib\/kubelet/);
  });

  it("rates network capabilities by the namespace they act on: low in the container's own, high in the host's", async () => {
    const db = 'services:\n  olap:\n    image: acme/olap:24.3\n    cap_add:\n      - SYS_NICE\n      - NET_ADMIN\n      - IPC_LOCK\n';
    expect(await levels('docker-compose.yml', db)).toEqual(['5 low']);
    const [f] = (await findings('docker-compose.yml', db)).filter((x) => x.ruleId === 'deploy/privileged-container');
    expect(f?.message).toMatch(/adds NET_ADMIN: without the host's network it acts on the container's own network namespace only/);
    const hostNet = 'services:\n  vpn:\n    image: acme/vpn:1.0\n    network_mode: host\n    cap_add:\n      - NET_ADMIN\n      - NET_RAW\n';
    expect((await levels('docker-compose.yml', hostNet)).sort()).toEqual(['4 low', '6 high']);
    const pod = (hostNetwork: boolean) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: ${hostNetwork}\n  containers:\n    - name: app\n      image: app:1\n      securityContext:\n        capabilities:\n          add: [NET_ADMIN]\n`;
    expect(await levels('k8s/pod.yaml', pod(false))).toEqual(['11 low']);
    expect((await levels('k8s/pod.yaml', pod(true))).sort()).toEqual(['11 high', '5 low']);
    // A host-level capability beside a network one keeps the finding high.
    const both = 'services:\n  browser:\n    build: .\n    cap_add: [SYS_ADMIN, NET_ADMIN]\n';
    expect(await levels('docker-compose.yml', both)).toEqual(['4 high']);
  });

  it("rates Compose's use_api_socket as the Docker socket, and switched-off confinement low, below host control", async () => {
    const compose = 'services:\n  gateway:\n    image: acme/gateway:1.2.0\n    use_api_socket: true\n  bot:\n    build: .\n    security_opt:\n      - seccomp:unconfined\n      - apparmor=unconfined\n      - no-new-privileges:true\n';
    expect(await levels('compose.yaml', compose)).toEqual(['4 critical', '8 low', '9 low']);
    const privileged = 'services:\n  box:\n    build: .\n    privileged: true\n    use_api_socket: true\n    security_opt: ["seccomp=unconfined"]\n';
    expect(await levels('compose.yaml', privileged)).toEqual(['4 critical']);
  });
});
