/**
 * deploy/vnc-no-password: passwordless VNC servers in shell scripts, Dockerfiles and Compose
 * commands; low when bound to localhost with no proxy in front, high when a Compose file of the
 * repository publishes its port or its proxy's on all interfaces; nothing for installs, stops,
 * echoes, comments or a server with a password.
 */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';
import { runExample } from '../../src/engine/examples.js';

const vnc = async (path: string, code: string) => (await findings(path, code)).filter((f) => f.ruleId === 'deploy/vnc-no-password').map((f) => `${f.location.startLine} ${f.severity} ${f.evidence}`);

describe('VNC server with no password', () => {
  it('shell: -nopw, no password option at all, continuation lines, a helper handed the command string', async () => {
    expect(await vnc('start.sh', '#!/bin/bash\n(x11vnc -display $DISPLAY \\\n    -forever \\\n    -rfbport 5901 \\\n    -nopw 2>/tmp/err.log) &\n')).toEqual(['2 medium x11vnc -nopw; ports 5901']);
    expect(await vnc('start.sh', '#!/bin/sh\nDISPLAY=:1 exec x11vnc -forever -shared\n')).toEqual(['2 medium x11vnc with no password option; ports 5900']);
    expect(await vnc('start.sh', '#!/bin/sh\nstart_process "x11vnc" "x11vnc -display :1 -nopw -listen localhost"\nstart_process "websockify" "websockify $WS_PORT localhost:5900"\n')).toEqual([
      '2 medium x11vnc -nopw; ports 5900',
    ]);
    expect(await vnc('setup.sh', "cat > /etc/systemd/system/vnc.service <<'EOF'\nDescription=x11vnc VNC server\nExecStart=/usr/bin/x11vnc -display :0 -nopw -localhost\nEOF\n")).toEqual(['3 low x11vnc -nopw; ports 5900']);
  });

  it('localhost with no proxy is low; a proxy on every interface keeps it medium', async () => {
    expect(await vnc('vnc.sh', 'x11vnc -nopw -localhost -forever\n')).toEqual(['1 low x11vnc -nopw; ports 5900']);
    expect(await vnc('vnc.sh', 'x11vnc -nopw -localhost -forever\nwebsockify 127.0.0.1:6080 localhost:5900\n')).toEqual(['1 low x11vnc -nopw; ports 5900']);
    expect(await vnc('vnc.sh', 'x11vnc -nopw -localhost -forever\n/opt/noVNC/utils/novnc_proxy --vnc localhost:5900 --listen 6081\n')).toEqual(['1 medium x11vnc -nopw; ports 5900,6081']);
  });

  it('Dockerfile and Compose commands; Xvnc with SecurityTypes None', async () => {
    expect(await vnc('Dockerfile', 'FROM debian:12\nCMD ["x11vnc", "-forever", "-nopw"]\n')).toEqual(['2 medium x11vnc -nopw; ports 5900']);
    expect(await vnc('docker-compose.yml', 'services:\n  d:\n    image: acme/desktop:1\n    command: ["Xvnc", ":2", "-SecurityTypes", "None"]\n')).toEqual(['4 medium Xvnc -SecurityTypes None; ports 5902']);
  });

  it('installs, stops, echoes, comments and servers with a password are not reports', async () => {
    const script = [
      '#!/bin/sh',
      'apt-get install -y x11vnc novnc websockify',
      'echo "Starting x11vnc -nopw"',
      '# x11vnc -nopw -forever',
      'pkill x11vnc || true',
      'systemctl disable --now xvfb x11vnc',
      'x11vnc -display :1 -rfbauth /run/secrets/vnc -forever',
      'vncserver :1 -SecurityTypes VncAuth',
      'tail -f /var/log/x11vnc.log',
      'echo "x11vnc failed to start, stderr output:" >&2',
      '    echo "x11vnc process crashed, restarting..." >&2',
      'log "x11vnc -nopw is running"',
    ].join('\n');
    expect(await vnc('start.sh', script)).toEqual([]);
    expect(await vnc('Dockerfile', 'FROM debian:12\nRUN x11vnc -storepasswd "$VNC_PASSWORD" /etc/vncpass\nCMD x11vnc -usepw -forever\n')).toEqual([]);
  });

  it('a port a Compose file publishes on all interfaces makes it high; on 127.0.0.1 it does not', async () => {
    const script = '#!/bin/bash\nx11vnc -display :99 -forever -nopw -rfbport 5900 -bg\nwebsockify 6080 localhost:5900 --daemon\n';
    const pick = (fs: Awaited<ReturnType<typeof runExample>>) => fs.filter((f) => f.ruleId === 'deploy/vnc-no-password').map((f) => f.severity);
    const open = await runExample([], { path: 'entrypoint.sh', code: script, with: { 'docker-compose.yml': 'services:\n  app:\n    image: acme/app:1\n    ports:\n      - "6080:6080"\n' } });
    expect(pick(open)).toEqual(['high']);
    expect(open.find((f) => f.ruleId === 'deploy/vnc-no-password')!.message).toMatch(/Port 6080 is published on all interfaces by docker-compose\.yml/);
    const local = await runExample([], { path: 'entrypoint.sh', code: script, with: { 'docker-compose.yml': 'services:\n  app:\n    image: acme/app:1\n    ports:\n      - "127.0.0.1:6080:6080"\n      - target: 5900\n        published: 5900\n        host_ip: 127.0.0.1\n' } });
    expect(pick(local)).toEqual(['medium']);
    // A variable with a default for the host port, or for an address on every interface, publishes it all the same.
    for (const entry of ['"${NOVNC_PORT:-6080}:6080"', '"${BIND:-0.0.0.0}:${NOVNC_PORT:-6080}:6080"', '"6080-6090:6080-6090"']) {
      const compose = `services:\n  app:\n    image: acme/app:1\n    ports:\n      - ${entry}\n`;
      expect(pick(await runExample([], { path: 'entrypoint.sh', code: script, with: { 'docker-compose.yml': compose } }))).toEqual(['high']);
    }
    const unknown = await runExample([], { path: 'entrypoint.sh', code: script, with: { 'docker-compose.yml': 'services:\n  app:\n    image: acme/app:1\n    ports:\n      - "${BIND:-127.0.0.1}:6080:6080"\n      - "${VNC_BIND}:5900:5900"\n' } });
    expect(pick(unknown)).toEqual(['medium']);
  });
});

describe('deploy/vnc-no-password and which Compose file publishes the server', () => {
  const script = '#!/bin/bash\nx11vnc -display :1 -forever -nopw -rfbport 5900 &\n';
  const compose = 'services:\n  desktop:\n    build: .\n    ports:\n      - "5900:5900"\n';
  const reported = async (path: string, files: Record<string, string>) =>
    (await runExample([], { path, code: script, with: files })).filter((f) => f.ruleId === 'deploy/vnc-no-password').map((f) => [f.severity, f.message]);

  it("names a Compose file of the script's own project, not a sibling project's", async () => {
    const [own] = await reported('apps/desktop/image/start_vnc.sh', { 'apps/desktop/docker-compose.yml': compose });
    expect(own?.[0]).toBe('high');
    expect(own?.[1]).toMatch(/published on all interfaces by apps\/desktop\/docker-compose\.yml/);
    const [other] = await reported('apps/desktop/image/start_vnc.sh', { 'apps/browser/docker-compose.yml': compose });
    expect(other?.[0]).toBe('medium');
    expect(other?.[1]).not.toMatch(/apps\/browser/);
  });

  it("reads the run instructions of the project's README: docker run -p on every interface, not on loopback", async () => {
    const readme = (p: string) => `# Desktop\n\n\`\`\`bash\ndocker run \\\n    -e ANTHROPIC_API_KEY=$ANTHROPIC_API_KEY \\\n    ${p} \\\n    -it ghcr.io/acme/desktop:latest\n\`\`\`\n`;
    const [f] = await reported('apps/desktop/image/start_vnc.sh', { 'apps/desktop/README.md': readme('-p 5900:5900') });
    expect(f?.[0]).toBe('high');
    expect(f?.[1]).toMatch(/Port 5900 is published on all interfaces by apps\/desktop\/README\.md \(`docker run -p 5900:5900`\)/);
    expect((await reported('apps/desktop/image/start_vnc.sh', { 'apps/desktop/README.md': readme('-p 127.0.0.1:5900:5900') }))[0]?.[0]).toBe('medium');
    expect((await reported('apps/desktop/image/start_vnc.sh', { 'apps/browser/README.md': readme('-p 5900:5900') }))[0]?.[0]).toBe('medium');
  });

  it('follows a build context that holds the script, wherever the Compose file is', async () => {
    const deploy = 'services:\n  desktop:\n    build: ../desktop\n    ports: ["5900:5900"]\n';
    const [f] = await reported('desktop/start_vnc.sh', { 'deploy/docker-compose.yml': deploy });
    expect(f?.[0]).toBe('high');
  });
});
