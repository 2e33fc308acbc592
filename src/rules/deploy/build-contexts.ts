/**
 * Named build contexts: a name a build defines for its Dockerfile (`docker buildx bake` with
 * `contexts = { base = "target:base" }`, Compose `build.additional_contexts`, `docker buildx build
 * --build-context base=./base`). A `FROM base` or `COPY --from=base` that such a name answers is not
 * a pull of the image `base` from a registry: it is what the name points to, another target or a
 * folder of the project (its own build), or the image a `docker-image://` context names.
 *
 * The build files looked at are those beside the Dockerfile and up to two folders above it (where a
 * bake file, a Compose file or a build script sits); the folders' listings and each file read are
 * recorded, so a cached result goes when one of them changes.
 */
import path from 'node:path';
import { readRootFile, rootFact, rootFolderFiles, type DependsOn } from '../../core/root-file.js';
import { folderDigest, folderKey } from '../../discovery/folder-digest.js';
import { composeFilesIn, settingPairs } from './compose-folder.js';
import type { DeployCtx } from './context.js';
import { isBuildScript } from './images.js';

/** What a named context points to: the project's own build (a target, a service, a folder), or an image. */
export type ContextSource = { own: string } | { image: string };

/** How many folders above the Dockerfile's own are searched for the build files that name contexts. */
const FOLDERS_UP = 2;
/** The files `docker buildx bake` reads by default. */
const BAKE_FILE = /^docker-bake(?:\.override)?\.(?:hcl|json)$/i;
/** `contexts = { base = "target:base", "src" = "./src" }` (HCL) or `"contexts": {"base": "target:base"}` (JSON). */
const BAKE_CONTEXTS = /["']?\bcontexts["']?\s*[=:]\s*\{([^{}]*)\}/g;
const PAIR = /["']?([\w.\/-]+)["']?\s*[=:]\s*"([^"]*)"/g;
/** `--build-context base=docker-image://alpine:3.20`, `--build-context=src=./src`. */
const BUILD_CONTEXT_FLAG = /--build-context[=\s]+["']?([\w.\/-]+)=([^\s"']+)/g;

/** The contexts the build files around the Dockerfile name, by name (lower case); empty when none. */
export function namedContexts(dc: DeployCtx): Map<string, ContextSource[]> {
  const out = new Map<string, ContextSource[]>();
  const root = dc.file.root;
  if (!root) return out;
  const dependsOn = dc.ctx.dependsOn?.bind(dc.ctx);
  let dir = path.posix.dirname(dc.file.relPath);
  for (let i = 0; i <= FOLDERS_UP; i++) {
    const here = dir;
    const found = rootFact(root, `deploy:build-contexts:${here}`, dependsOn, (read) => contextsIn(root, here, read));
    for (const [name, source] of found) out.set(name, [...(out.get(name) ?? []), source]);
    if (here === '.') break;
    dir = path.posix.dirname(here);
  }
  return out;
}

/** The contexts named by the bake files, Compose files and build scripts directly in `dir`. */
function contextsIn(root: string, dir: string, read: DependsOn): [string, ContextSource][] {
  for (const kind of ['hcl', 'json', 'yaml', 'text'] as const) {
    const key = folderKey(kind, dir);
    read(key, folderDigest(root, key));
  }
  const out: [string, ContextSource][] = [];
  const add = (name: string, value: string): void => {
    out.push([name.toLowerCase(), sourceOf(value)]);
  };
  for (const name of rootFolderFiles(root, dir).sort()) {
    const bake = BAKE_FILE.test(name);
    const script = isBuildScript(name);
    if (!bake && !script) continue;
    const text = readRootFile(root, dir === '.' ? name : `${dir}/${name}`, read);
    if (text === undefined || text.length > MAX_BYTES) continue;
    if (bake) for (const m of text.matchAll(BAKE_CONTEXTS)) for (const p of m[1]!.matchAll(PAIR)) add(p[1]!, p[2]!);
    if (script) for (const m of text.matchAll(BUILD_CONTEXT_FLAG)) add(m[1]!, m[2]!);
  }
  // Every service's `build.additional_contexts`, as a map or as a list of `name=value`.
  for (const { services } of composeFilesIn(root, dir, read)) {
    for (const service of Object.values(services)) {
      const build = service.build;
      if (build && typeof build === 'object') for (const [k, v] of settingPairs((build as { additional_contexts?: unknown }).additional_contexts)) if (typeof v === 'string') add(k, v);
    }
  }
  return out;
}

const MAX_BYTES = 512 * 1024;

/** A context's value: `docker-image://x` is the image x; a target, a service, a folder, a Git URL or an OCI layout is the project's own. */
function sourceOf(value: string): ContextSource {
  const image = /^docker-image:\/\/(.+)$/.exec(value.trim())?.[1];
  return image ? { image } : { own: value.trim() };
}
