/**
 * The containers a script starts with `docker run`, as workloads that connect to each other: the
 * names it is reached by (`--name`, `--hostname`, `--network-alias`, the host ports it publishes)
 * and, per credential it is given (`-e OPENAI_API_KEY=…`), the address setting for the same thing
 * beside it (`-e OPENAI_API_BASE_URL=http://host.docker.internal:9099`). A key one container checks
 * and another presents to it is how that key works (see identity/links.ts). The script is the
 * consumer other analyzers name, so each command records the lines it spans and where its values are.
 */
import type { DeployCtx } from './context.js';
import { dockerRuns, envOption } from './docker-run.js';
import { keyedAddresses, record, resolvePorts, type WorkloadLinks } from './service-links.js';

export function recordScriptLinks(text: string, dc: DeployCtx): void {
  const all: { links: WorkloadLinks; line: number }[] = [];
  for (const run of dockerRuns(text)) {
    const names: string[] = [];
    const env: { key: string; value: string }[] = [];
    const values: [number, number, number, string][] = [];
    for (const option of run.options) {
      const set = envOption(option);
      if (set) {
        if (!set.name || set.value === undefined) continue;
        env.push({ key: set.name, value: set.value });
        const { line, column } = dc.file.position(option.valueAt);
        values.push([line, column, column + set.value.length, set.name]);
      } else if (option.flag === '-p' || option.flag === '--publish') {
        const host = /^(?:[\d.]+:)?(\d+):\d+/.exec(option.value)?.[1];
        if (host) names.push(`port:${host}`);
      } else names.push(option.value);
    }
    const first = dc.file.position(run.start).line;
    const last = dc.file.position(run.end).line;
    all.push({ links: { consumer: dc.file.relPath, names, reaches: [], keyed: keyedAddresses(env), lines: [first, last], values }, line: first });
  }
  resolvePorts(all.map((w) => w.links));
  for (const w of all) {
    if (Object.keys(w.links.keyed ?? {}).length || w.links.names.length) record(dc, w.links, dc.lineSpan(w.line));
  }
}
