/**
 * Ports a `docker run -p` publishes on every interface of the host, in a script or in the run
 * instructions of a README: recorded as `published-port` facts as a Compose file's ports are (see
 * deploy/vnc-no-password), reaching the scripts of the folder the file is in and below it, which is
 * where the image it runs is built from as far as this file can tell.
 */
import path from 'node:path';
import type { DeployCtx } from './context.js';
import { DOCKER_RUN, dockerRuns } from './docker-run.js';
import { publishSpec } from './compose-ports.js';

export function recordPublishedRuns(text: string, dc: DeployCtx): void {
  if (!DOCKER_RUN.test(text) || !/(?:^|\s)(?:-p|--publish)[\s=]/.test(text)) return;
  const home = path.posix.dirname(dc.file.relPath);
  const reach = [home === '.' ? '' : home];
  for (const run of dockerRuns(text)) {
    for (const option of run.options) {
      if (option.flag !== '-p' && option.flag !== '--publish') continue;
      // Read as Compose reads a short-syntax port; any address but loopback is reachable beyond this machine.
      const port = publishSpec(option.value);
      if (!port.container || port.interface === 'loopback') continue;
      dc.ctx.inventory({ type: 'published-port', span: { start: option.from, end: option.to }, data: { command: `docker run ${option.flag} ${option.value}`, from: port.container.from, to: port.container.to, reach } });
    }
  }
}
