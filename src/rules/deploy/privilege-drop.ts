/**
 * Whether an image drops root before it starts its workload, though it sets no USER: its ENTRYPOINT
 * or CMD starts the process as another user (`gosu app …`, `su app -c …`, `setpriv --reuid`), the
 * entrypoint script it copies from the repository does, or it is an official image whose own
 * entrypoint does. Shared by deploy/runs-as-root and the image facts the repository join reads
 * (an image built FROM the project's own such image keeps its entrypoint, and so drops root too).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { readRootFile, rootFact } from '../../core/root-file.js';
import type { DeployCtx } from './context.js';
import type { DockerInstruction } from './dockerfile-format.js';
import { imagePath, isRootUser, type FinalStage } from './dockerfile-stages.js';

/**
 * Official images whose entrypoint starts the server as its own unprivileged user (postgres and its
 * extensions, MySQL, MariaDB, Redis, MongoDB, RabbitMQ), or whose image already sets one (Bitnami,
 * Chainguard, unprivileged nginx): the container does not run its service as root.
 */
const DROPPING_IMAGES = /^(?:(?:library\/)?(?:postgres|mysql|mariadb|redis|mongo|rabbitmq)|(?:pgvector|ankane)\/pgvector|postgis\/postgis|timescale\/timescaledb(?:-ha)?|bitnami\/[\w.-]+|chainguard\/[\w.-]+|nginxinc\/nginx-unprivileged)$/;
/**
 * Commands that start a process as another user: the entrypoint drops root itself (`su app -c …`,
 * `su -s /bin/sh app -c …`, `su app -s /bin/bash -c …`, but not `su root`).
 */
const DROP_COMMAND = /\b(?:gosu|su-exec|setpriv\s+--reuid|runuser\s+-u|s6-setuidgid|chpst\s+-u|setuidgid)\b|\bsu\s+(?:-[a-z]\s+\S+\s+|-\s+|--?[a-z-]+\s+)*(?!root\b)[a-z_][\w-]*\s+(?:\/\S+\s+|-[a-z]\s+(?!-)\S+\s+|--?[a-z-]+(?:=\S+)?\s+)*-c\b/;
/**
 * The script the entrypoint runs, when the Dockerfile copies it from the repository, starts the
 * service as another user (`su app -c …`, `gosu app …`). The build context is not known from the
 * Dockerfile: the copied path is looked for beside it and from the repository's root. A script that
 * changes the result is recorded as a dependency, so a cached result is dropped when it changes.
 */
export function entrypointScriptDrops(stage: FinalStage, dc: DeployCtx): boolean {
  const script = entrypointOf(stage);
  if (!script || !/\.(?:sh|bash)$|entrypoint|start|run/i.test(script)) return false;
  const file = dc.file;
  const root = file.root;
  if (root === undefined) return false;
  const dir = path.posix.dirname(file.relPath);
  let workdir = '/';
  for (const copy of stage.chain) {
    if (copy.op === 'WORKDIR') workdir = path.posix.resolve(workdir, copy.args.trim());
    if (copy.op !== 'COPY' && copy.op !== 'ADD') continue;
    const parts = copy.args.split(/\s+/).filter((p) => p && !p.startsWith('--'));
    if (parts.length < 2) continue;
    const last = parts[parts.length - 1]!;
    const dest = last.startsWith('/') ? last : path.posix.join(workdir, last) + (last.endsWith('/') || last === '.' ? '/' : '');
    for (const src of parts.slice(0, -1)) {
      const name = src.split('/').pop()!;
      const target = dest.endsWith('/') ? dest + name : dest;
      if (target !== script && !(dest.endsWith('/') && script === path.posix.join(dest, name))) continue;
      for (const rel of [path.posix.normalize(path.posix.join(dir, src)), path.posix.normalize(src)]) {
        if (!rel.startsWith('..') && scriptDrops(root, rel, dc)) return true;
      }
    }
  }
  return false;
}

const MAX_SCRIPT_BYTES = 256 * 1024;

/**
 * Whether the script at `rel` starts its service as another user: read once per scan however many
 * Dockerfiles copy it, and recorded as a dependency (missing too, since it may appear).
 */
function scriptDrops(root: string, rel: string, dc: DeployCtx): boolean {
  return rootFact(root, `deploy:entrypoint-drop:${rel}`, dc.ctx.dependsOn, (dependsOn) => {
    // A script, not the binary an entrypoint may also be: a large file is not read.
    if (sizeOf(root, rel) > MAX_SCRIPT_BYTES) return false;
    const text = readRootFile(root, rel, dependsOn);
    return text !== undefined && DROP_COMMAND.test(text);
  });
}

/** The size of a file on disk; 0 when it is not there (missing, or a root held in memory). */
function sizeOf(root: string, rel: string): number {
  try {
    return statSync(path.join(root, rel)).size;
  } catch {
    return 0;
  }
}

/** The program an ENTRYPOINT or CMD runs, in its exec (JSON) or shell form. */
function firstWord(args: string): string | undefined {
  const t = args.trim();
  if (t.startsWith('[')) {
    try {
      const list = JSON.parse(t) as unknown[];
      return typeof list[0] === 'string' ? list[0] : undefined;
    } catch {
      return undefined;
    }
  }
  return t.split(/\s+/)[0];
}

export function dropsPrivileges(stage: FinalStage): boolean {
  // Any ENTRYPOINT, even `[]`: it replaces the base image's own.
  const entrypoint = lastEntrypoint(stage);
  const launch = stage.chain.filter((i) => i.op === 'ENTRYPOINT' || i.op === 'CMD');
  if (launch.some((i) => DROP_COMMAND.test(i.args))) return true;
  // An entrypoint script set up beside an installed gosu / su-exec.
  if (entrypoint && stage.chain.some((i) => i.op === 'RUN' && /\b(?:install|add)\b[^&|;]*\b(?:gosu|su-exec)\b/.test(i.args))) return true;
  const image = imagePath(stage.base);
  return !entrypoint && !!image && DROPPING_IMAGES.test(image);
}

/**
 * Whether the final stage starts its workload as another user though it leaves the image's user
 * root: by its launch command, an installed gosu / su-exec, the official image it builds on, or the
 * entrypoint script it copies (recorded as a dependency when read).
 */
export function dropsRoot(stage: FinalStage, dc: DeployCtx): boolean {
  if (stage.user !== undefined && !isRootUser(stage.user)) return false;
  return (stage.user === undefined && dropsPrivileges(stage)) || entrypointScriptDrops(stage, dc);
}

/** The program the final stage's ENTRYPOINT runs, when it sets one. */
export function entrypointOf(stage: FinalStage): string | undefined {
  const entrypoint = lastEntrypoint(stage);
  return entrypoint ? firstWord(entrypoint.args) : undefined;
}

/** The final stage's last ENTRYPOINT instruction: the one that takes effect. */
function lastEntrypoint(stage: FinalStage): DockerInstruction | undefined {
  return stage.chain.filter((i) => i.op === 'ENTRYPOINT').pop();
}
