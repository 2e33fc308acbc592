/**
 * The ASGI apps a repository's launchers start on every interface (`server-launch.ts` reads the
 * command), recorded as `server-launch` facts for the agent-code join (code/agent-api-no-auth):
 * the app files each launch may import and where it was started. A launcher that runs in the
 * repository (a package.json script, a Procfile, a shell script or Makefile) names its files
 * exactly, from its folder; one that runs in a container (a Dockerfile's `CMD`, a Compose
 * `command:`) names a container path, so its files are matched by their ending under the folder
 * the image is built from.
 */
import { posix } from 'node:path';
import type { Span } from '../../core/rule.js';
import { yamlAt, yamlSpan } from '../../parsers/yaml.js';
import type { DeployCtx } from './context.js';
import { type ComposeService } from './formats.js';
import { execForm, type DockerInstruction } from './dockerfile-format.js';
import { serverLaunches, type ServerLaunch } from './server-launch.js';
import { escapeRegExp } from '../../core/regex.js';

/** What a launcher may hold: most files name none of these servers and are left at once. */
const SERVER_WORD = /\b(?:uvicorn|gunicorn|hypercorn|fastapi)\b/;

export function isProcfile(relPath: string): boolean {
  return /(?:^|\/)Procfile(?:\.\w+)?$/.test(relPath);
}

/** A package.json whose scripts may start a server (tested on the raw text before it is parsed). */
export function mayLaunchFromPackage(relPath: string, text: string): boolean {
  return /(?:^|\/)package\.json$/.test(relPath) && SERVER_WORD.test(text);
}

/** Launches in a shell script, Makefile or Procfile, from the file's folder (a script also from the root, where it is often run). */
export function recordScriptLaunches(text: string, dc: DeployCtx): void {
  if (!SERVER_WORD.test(text)) return;
  const folder = folderOf(dc.file.relPath);
  const script = /\.(?:sh|bash)$/i.test(dc.file.relPath);
  for (const l of serverLaunches(text, { persistentCd: script })) {
    const bases = script && folder ? [folder, ''] : [folder];
    record(dc, l, { files: bases.flatMap((b) => inRepository(b, l)) }, { start: l.start, end: l.end });
  }
}

/** Launches in a package.json's scripts, from its folder. */
export function recordPackageLaunches(dc: DeployCtx): void {
  let scripts: unknown;
  try {
    scripts = (JSON.parse(dc.file.text) as { scripts?: unknown } | null)?.scripts;
  } catch {
    return;
  }
  if (!scripts || typeof scripts !== 'object') return;
  const folder = folderOf(dc.file.relPath);
  for (const [name, command] of Object.entries(scripts as Record<string, unknown>)) {
    if (typeof command !== 'string' || !SERVER_WORD.test(command)) continue;
    const at = keyOffset(dc.file.text, name);
    for (const l of serverLaunches(command)) {
      record(dc, l, { files: inRepository(folder, l), label: `script "${name}"` }, at < 0 ? undefined : dc.firstLine({ start: at, end: at + name.length + 2 }));
    }
  }
}

/** Launches in a Dockerfile's `ENTRYPOINT` and `CMD` (each stage's last, joined as the container runs them), matched under its folder. */
export function recordDockerLaunches(instructions: DockerInstruction[], dc: DeployCtx): void {
  if (!SERVER_WORD.test(dc.file.text)) return;
  const stages = new Map<number, { entry?: DockerInstruction; cmd?: DockerInstruction }>();
  for (const ins of instructions) {
    if (ins.op !== 'ENTRYPOINT' && ins.op !== 'CMD') continue;
    const s = stages.get(ins.stage) ?? {};
    if (ins.op === 'ENTRYPOINT') s.entry = ins;
    else s.cmd = ins;
    stages.set(ins.stage, s);
  }
  const under = folderOf(dc.file.relPath);
  for (const { entry, cmd } of stages.values()) {
    const text = [entry, cmd].flatMap((i) => (i ? [execForm(i.args)] : [])).join(' ');
    for (const l of serverLaunches(text)) record(dc, l, { under, suffixes: inContainer(l) }, dc.lineSpan((cmd ?? entry)!.line));
  }
}

/** Launches in Compose services' `command:` and `entrypoint:`, matched under the folder the service's image is built from (the Compose file's when none). */
export function recordComposeLaunches(services: ComposeService[], dc: DeployCtx): void {
  const folder = folderOf(dc.file.relPath);
  for (const s of services) {
    const build = s.value.build;
    const context = typeof build === 'string' ? build : build && typeof build === 'object' ? (build as { context?: unknown }).context : undefined;
    const under = typeof context === 'string' && !/^[\w+-]+:\/\//.test(context) ? posix.join(folder || '.', context).replace(/\/+$/, '') : folder;
    if (under.startsWith('..')) continue;
    const text = ['entrypoint', 'command'].map((k) => s.value[k]).map((v) => (typeof v === 'string' ? v : Array.isArray(v) ? v.map(String).join(' ') : '')).join(' ');
    if (!SERVER_WORD.test(text)) continue;
    const node = yamlAt(s.node, ['command']) ?? yamlAt(s.node, ['entrypoint']);
    for (const l of serverLaunches(text)) record(dc, l, { under: under === '.' || under === '' ? '' : under, suffixes: inContainer(l), label: `service "${s.name}"` }, yamlSpan(node));
  }
}

function record(dc: DeployCtx, l: ServerLaunch, where: { files?: string[]; under?: string; suffixes?: string[]; label?: string }, span: Span | undefined): void {
  if (!where.files?.length && !where.suffixes?.length) return;
  dc.ctx.inventory({ type: 'server-launch', span, data: { server: l.server, apps: l.apps, bind: l.bind, command: l.command, ...where } });
}

/** The app files a launch run in the repository names, relative to the root (none outside it). */
function inRepository(base: string, l: ServerLaunch): string[] {
  if (posix.isAbsolute(l.dir)) return [];
  return l.files.map((f) => posix.join(base || '.', l.dir || '.', f)).filter((p) => !p.startsWith('..'));
}

/** The endings of the app files a launch in a container names: its path from the folder it runs in when that is relative. */
function inContainer(l: ServerLaunch): string[] {
  return l.files.map((f) => (l.dir && !posix.isAbsolute(l.dir) ? posix.join(l.dir, f) : f)).filter((p) => !p.startsWith('..'));
}

function folderOf(relPath: string): string {
  const d = posix.dirname(relPath);
  return d === '.' ? '' : d;
}

/** Offset of a JSON key (`"dev:server":`) in the text; -1 when not found. */
function keyOffset(text: string, key: string): number {
  const m = new RegExp(`"${escapeRegExp(key)}"\\s*:`).exec(text);
  return m ? m.index : -1;
}
