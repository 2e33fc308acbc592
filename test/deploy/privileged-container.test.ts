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

  it('keeps the PID namespace, privileged mode and the Docker socket at their levels beside it', async () => {
    const compose = 'services:\n  agent:\n    build: .\n    network_mode: host\n    pid: host\n    privileged: true\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n';
    expect((await levels('docker-compose.yml', compose)).sort()).toEqual(['4 low', '5 high', '6 critical', '8 critical']);
  });
});
