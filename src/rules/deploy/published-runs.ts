/**
 * Ports a `docker run -p` publishes on every interface of the host, in a script or in the run
 * instructions of a README: recorded as `published-port` facts as a Compose file's ports are (see
 * deploy/vnc-no-password), reaching the scripts of the folder the file is in and below it, which is
 * where the image it runs is built from as far as this file can tell.
 */
import path from 'node:path';
import type { DeployCtx } from './context.js';
import { DOCKER_RUN, dockerRuns } from './docker-run.js';

/** `[host-ip:][host-port:]container-port[/proto]`: the container port (or range), and whether the host side is loopback. */
function publishedPort(value: string): { from: number; to: number; loopback: boolean } | undefined {
  const parts = value.replace(/\/(?:tcp|udp|sctp)$/i, '').split(':');
  const container = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(parts[parts.length - 1] ?? '');
  if (!container) return undefined;
  const host = parts.length === 3 ? parts[0]! : '';
  return { from: Number(container[1]), to: Number(container[2] ?? container[1]), loopback: /^(?:127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)$/.test(host) };
}

export function recordPublishedRuns(text: string, dc: DeployCtx): void {
  if (!DOCKER_RUN.test(text) || !/(?:^|\s)(?:-p|--publish)[\s=]/.test(text)) return;
  const home = path.posix.dirname(dc.file.relPath);
  const reach = [home === '.' ? '' : home];
  for (const run of dockerRuns(text)) {
    for (const option of run.options) {
      if (option.flag !== '-p' && option.flag !== '--publish') continue;
      const port = publishedPort(option.value);
      if (!port || port.loopback) continue;
      dc.ctx.inventory({ type: 'published-port', span: { start: option.from, end: option.to }, data: { command: `docker run ${option.flag} ${option.value}`, from: port.from, to: port.to, reach } });
    }
  }
}
