/**
 * A container or script that starts an MCP server over HTTP on every interface by its options: a
 * Dockerfile's `CMD`/`ENTRYPOINT`, or a shell script (a container's entrypoint) that names an HTTP
 * transport (`--transport=sse`, `--transport streamable-http`) and an all-interfaces host option
 * (`--host=0.0.0.0`, `--sse-host 0.0.0.0`). The server's code binds the host it is given and its
 * own default is loopback, so the code alone shows no open port; recorded as `mcp-http-launch`
 * facts for code/mcp-http-no-auth's repository step, which joins them with the servers whose code
 * serves MCP over HTTP with no authentication.
 */
import { posix } from 'node:path';
import type { Span } from '../../core/rule.js';
import type { DeployCtx } from './context.js';
import { execForm, type DockerInstruction } from './dockerfile-format.js';
import { shownCommand } from './server-launch.js';

/** An MCP HTTP transport chosen by option, as the SDKs' and servers' command lines name them. */
const HTTP_TRANSPORT = /--transport(?:=|[ \t]+)["']?(sse|https?|streamable[-_]?http|httpStream)(?![\w-])/i;
/** A host option (`--host`, `--sse-host`, `--streamable-http-host`) given every interface. */
const ALL_INTERFACES = /--(?:[\w-]+-)?host(?:=|[ \t]+)["']?(?:0\.0\.0\.0|::|\[::\])(?![\w.:])/;
const EACH_ALL_INTERFACES = new RegExp(ALL_INTERFACES.source, 'g');

/** The options of a launch, when they name both (undefined otherwise). */
export function mcpHttpLaunch(text: string): { transport: string; bind: string; at: number } | undefined {
  const transport = HTTP_TRANSPORT.exec(text);
  const bind = ALL_INTERFACES.exec(text);
  if (!transport || !bind) return undefined;
  return { transport: transport[1]!, bind: bind[0].replace(/["']/g, ''), at: bind.index };
}

/** Each stage's `ENTRYPOINT` and `CMD` read together, as the container runs them. */
export function recordDockerMcpHttpLaunches(instructions: DockerInstruction[], dc: DeployCtx): void {
  if (!dc.file.text.includes('--transport')) return;
  const stages = new Map<number, DockerInstruction[]>();
  for (const ins of instructions) {
    if (ins.op === 'ENTRYPOINT' || ins.op === 'CMD') stages.set(ins.stage, [...(stages.get(ins.stage) ?? []).filter((i) => i.op !== ins.op), ins]);
  }
  for (const list of stages.values()) {
    const command = list.map((i) => execForm(i.args)).join(' ');
    const launch = mcpHttpLaunch(command);
    if (launch) record(dc, launch, command, dc.lineSpan(list[list.length - 1]!.line));
  }
}

/**
 * A shell script that adds the options itself (an entrypoint that appends `--sse-host=0.0.0.0` when
 * SSE is asked for). Shown at the first line that passes the host rather than prints it.
 */
export function recordScriptMcpHttpLaunches(text: string, dc: DeployCtx): void {
  if (!text.includes('--transport')) return;
  const launch = mcpHttpLaunch(text);
  if (!launch) return;
  const lineOf = (at: number) => text.slice(text.lastIndexOf('\n', at) + 1, text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at)).trim();
  const places = [...text.matchAll(EACH_ALL_INTERFACES)].map((m) => m.index);
  const at = places.find((p) => !/^(?:echo|printf|#)/.test(lineOf(p))) ?? launch.at;
  record(dc, launch, lineOf(at), dc.firstLine({ start: at, end: at + launch.bind.length }));
}

function record(dc: DeployCtx, launch: { transport: string; bind: string }, command: string, span: Span): void {
  const folder = posix.dirname(dc.file.relPath);
  dc.ctx.inventory({ type: 'mcp-http-launch', span, data: { transport: launch.transport, bind: launch.bind, command: shownCommand(command), under: folder === '.' ? '' : folder } });
}
