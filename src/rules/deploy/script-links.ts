/**
 * The containers a script starts with `docker run`, as workloads that connect to each other: the
 * names it is reached by (`--name`, `--hostname`, `--network-alias`, the host ports it publishes)
 * and, per credential it is given (`-e OPENAI_API_KEY=…`), the address setting for the same thing
 * beside it (`-e OPENAI_API_BASE_URL=http://host.docker.internal:9099`). A key one container checks
 * and another presents to it is how that key works (see identity/links.ts). The script is the
 * consumer other analyzers name, so each command records the lines it spans and where its values are.
 */
import { commandLines } from './command-lines.js';
import type { DeployCtx } from './context.js';
import { keyedAddresses, record, resolvePorts, type WorkloadLinks } from './service-links.js';

const DOCKER_RUN = /\b((?:docker|podman))\s+(?:container\s+)?run\b([^\n]*)/g;
/** One option and its value: `-e K=V`, `--env=K=V`, `--name x`, `-p 80:80`, the value bare or quoted. */
const OPTION = /(?:^|\s)(-e|--env|--name|--hostname|-h|--network-alias|--net-alias|-p|--publish)(?:=|\s+)(?:"([^"]*)"|'([^']*)'|([^\s"']+))/g;

export function recordScriptLinks(text: string, dc: DeployCtx): void {
  const all: { links: WorkloadLinks; line: number }[] = [];
  for (const cmd of commandLines(text, DOCKER_RUN, /\b(?:docker|podman)\s+(?:container\s+)?run\b/)) {
    const restStart = cmd.restStart;
    const names: string[] = [];
    const env: { key: string; value: string }[] = [];
    const values: [number, number, number, string][] = [];
    for (const m of cmd.rest.matchAll(OPTION)) {
      const value = m[2] ?? m[3] ?? m[4]!;
      const flag = m[1]!;
      if (flag === '-e' || flag === '--env') {
        const eq = value.indexOf('=');
        if (eq <= 0) continue;
        env.push({ key: value.slice(0, eq), value: value.slice(eq + 1) });
        const at = restStart + m.index! + m[0].length - value.length + eq + 1 - (m[2] !== undefined || m[3] !== undefined ? 1 : 0);
        const { line, column } = dc.file.position(at);
        values.push([line, column, column + value.length - eq - 1, value.slice(0, eq)]);
      } else if (flag === '-p' || flag === '--publish') {
        const host = /^(?:[\d.]+:)?(\d+):\d+/.exec(value)?.[1];
        if (host) names.push(`port:${host}`);
      } else names.push(value);
    }
    const first = dc.file.position(cmd.start).line;
    const last = dc.file.position(restStart + cmd.rest.length).line;
    all.push({ links: { consumer: dc.file.relPath, names, reaches: [], keyed: keyedAddresses(env), lines: [first, last], values }, line: first });
  }
  resolvePorts(all.map((w) => w.links));
  for (const w of all) {
    if (Object.keys(w.links.keyed ?? {}).length || w.links.names.length) record(dc, w.links, dc.lineSpan(w.line));
  }
}
