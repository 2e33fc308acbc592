/**
 * The repository join of its images: every Dockerfile of the scan with the repository's Dockerfiles
 * it builds on and those built on it, from the facts `images.ts` records (each image, and the files
 * that build and publish it).
 */
import path from 'node:path';
import type { InventoryItem } from '../../core/rule.js';
import { imagePath, isRootUser } from './dockerfile-stages.js';
import type { BuildLink, ImageFact } from './images.js';

function squash(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}
export interface ImageNode {
  path: string;
  base: string;
  user?: string;
  /** Dockerfiles of the repository this one builds FROM. */
  parents: ImageNode[];
  /** Dockerfiles of the repository built FROM this one. */
  children: ImageNode[];
  /** It starts nothing of its own: a layer to build on. */
  idle: boolean;
  /** Its entrypoint drops root before starting the workload. */
  drops: boolean;
  entrypoint?: string;
  /** Files of the repository that build it (Compose files, build scripts, workflows). */
  builtBy: string[];
}

/** Past this many Dockerfiles the join is skipped: each finding then stands on its own file. */
const MAX_DOCKERFILES = 2000;

/** Every Dockerfile of the scan, with the repository's Dockerfiles it builds on and those built on it. */
export function imageGraph(inventory: InventoryItem[]): Map<string, ImageNode> {
  const nodes = new Map<string, ImageNode>();
  for (const item of inventory) {
    if (item.type !== 'container-image') continue;
    const fact = item.data as unknown as ImageFact;
    nodes.set(item.location.path, { path: item.location.path, base: fact.base, user: fact.user, parents: [], children: [], idle: fact.idle === true, drops: fact.drops === true, entrypoint: fact.entrypoint, builtBy: [] });
  }
  if (nodes.size === 0 || nodes.size > MAX_DOCKERFILES) return nodes;
  // The names each Dockerfile's image is published under, and the files that build it.
  const published = new Map<ImageNode, string[]>();
  for (const item of inventory) {
    if (item.type !== 'image-build') continue;
    const l = item.data as unknown as BuildLink;
    const target = l.dockerfile === undefined ? undefined : resolveDockerfile(l.dockerfile, item.location.path, nodes);
    if (!target) continue;
    published.set(target, [...(published.get(target) ?? []), ...l.names]);
    if (!target.builtBy.includes(item.location.path)) target.builtBy.push(item.location.path);
  }
  if (nodes.size < 2) return nodes;
  for (const child of nodes.values()) {
    const wanted = imagePath(child.base);
    if (!wanted) continue;
    for (const parent of nodes.values()) {
      if (parent === child) continue;
      if (publishes(parent, published.get(parent) ?? [], wanted, child.base)) {
        child.parents.push(parent);
        parent.children.push(child);
      }
    }
  }
  return nodes;
}

/** A build file's Dockerfile reference, relative to that file's folder or to the root, or by its trailing path. */
function resolveDockerfile(ref: string, from: string, nodes: Map<string, ImageNode>): ImageNode | undefined {
  const clean = ref.replace(/^["']|["']$/g, '');
  if (clean.includes('$')) return undefined;
  const candidates = [path.posix.normalize(path.posix.join(path.posix.dirname(from), clean)), path.posix.normalize(clean)];
  for (const c of candidates) {
    const n = nodes.get(c.replace(/^\.\//, ''));
    if (n) return n;
  }
  const tail = '/' + clean.replace(/^(?:\.\.?\/)+/, '');
  const matches = [...nodes.keys()].filter((p) => ('/' + p).endsWith(tail));
  return matches.length === 1 ? nodes.get(matches[0]!) : undefined;
}

/**
 * Whether `node`'s image is the one a FROM names (`ref`, whose image path is `wanted`): a tag that a
 * compose file, build script or workflow gives it; or, for a namespaced image (never an official one
 * such as `python`), the Dockerfile's folder (`base-images/system/` publishes `acme/base-system`).
 */
function publishes(node: ImageNode, names: string[], wanted: string, ref: string): boolean {
  const name = wanted.slice(wanted.lastIndexOf('/') + 1);
  const want = squash(name);
  if (!want) return false;
  for (const n of names) {
    if (n.startsWith('$')) {
      // A variable named after the image: `$(KAGENT_ADK_IMG)` tags `kagent-adk`.
      if (squash(n).replace(/(?:img|image|imagename|tag|ref|name)$/, '') === want) return true;
      continue;
    }
    const p = imagePath(n);
    if (p && squash(p.slice(p.lastIndexOf('/') + 1)) === want) return true;
  }
  if (!ref.includes('/') || wanted.startsWith('library/')) return false;
  const dir = path.posix.basename(path.posix.dirname(node.path)).toLowerCase();
  if (!dir || dir === '.') return false;
  // A bare folder name (`uv/`, `python/`) is also the name of public images: only a reference the
  // build parameterises (`$REGISTRY/…`, `:${TAG}`) is taken for the project's own.
  if (name === dir) return ref.includes('$');
  return name.endsWith(`-${dir}`) || name.startsWith(`${dir}-`);
}

/** The user an image runs as, inherited from the repository's base images when it sets none. */
export function effectiveUser(node: ImageNode, seen = new Set<ImageNode>()): string | undefined {
  if (node.user !== undefined) return node.user;
  if (seen.has(node)) return undefined;
  seen.add(node);
  const inherited = node.parents.map((p) => effectiveUser(p, seen)).filter((u): u is string => u !== undefined);
  return inherited.find(isRootUser) ?? inherited[0];
}

/** Whether every image finally built on `node` (the leaves below it) runs as a non-root user. */
export function onlyBaseOfNonRoot(node: ImageNode): boolean {
  if (node.children.length === 0) return false;
  const leaves: ImageNode[] = [];
  const seen = new Set<ImageNode>([node]);
  const stack = [...node.children];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.children.length === 0) leaves.push(n);
    else stack.push(...n.children);
  }
  return leaves.length > 0 && leaves.every((l) => {
    const u = effectiveUser(l);
    return u !== undefined && !isRootUser(u);
  });
}

/**
 * Whether an image that sets no user of its own runs the entrypoint of one of the repository's images
 * it builds FROM (the same ENTRYPOINT, or none of its own) that drops root before starting the
 * workload: it inherits that entrypoint, and the drop with it.
 */
export function inheritsDrop(node: ImageNode, seen = new Set<ImageNode>()): boolean {
  if (node.user !== undefined || seen.has(node)) return false;
  seen.add(node);
  return node.parents.some((p) => (node.entrypoint === undefined || node.entrypoint === p.entrypoint) && (p.drops || inheritsDrop(p, seen)));
}

/** How many folders above a Dockerfile's own are searched for a folder named for the image it builds on (as for named build contexts). */
const FOLDERS_UP = 2;

/**
 * The repository's own base image, known by its folder: a Dockerfile built FROM `acme/base:latest`
 * near a folder `base/` that holds a Dockerfile (`docker/evalplus/Dockerfile` beside
 * `docker/base/Dockerfile`) builds on the image that folder makes, built here first. The folder is
 * looked for in the Dockerfile's own folder and in the folders up to two above it, as a layout of
 * images side by side puts it. Returns a lookup from a Dockerfile and the image it names to that
 * folder's Dockerfile.
 *
 * Not taken for the project's own, whatever folders it has:
 * - a name with a registry host (`ghcr.io/other-org/base`, `docker.io/library/python`): it says where
 *   the image is pulled from, and only a build that tags that very name (recorded apart) makes it here;
 * - a bare name or `library/…` (`python`, `redis`): Docker Hub's official images, whose names are also
 *   what a repository calls the folder that configures one (`redis/` holding `redis.conf`, or a
 *   Dockerfile that wraps the official image);
 * - a folder whose Dockerfile is itself built FROM an image of that name (`seaweedfs/Dockerfile` FROM
 *   `chrislusf/seaweedfs:4.37`): it wraps the upstream image, it does not make it.
 */
export function builtInFolderNearby(inventory: InventoryItem[]): (dockerfile: string, ref: string) => string | undefined {
  let byFolder: Map<string, { path: string; base: string }[]> | undefined;
  return (dockerfile, ref) => {
    const name = nearbyCandidate(ref);
    if (!name) return undefined;
    byFolder ??= dockerfilesByFolder(inventory);
    let dir = path.posix.dirname(dockerfile).toLowerCase();
    for (let i = 0; i <= FOLDERS_UP; i++) {
      const folder = dir === '.' ? name : `${dir}/${name}`;
      const maker = byFolder.get(folder)?.find((d) => d.path !== dockerfile && lastSegment(imagePath(d.base)) !== name);
      if (maker) return maker.path;
      if (dir === '.') break;
      dir = path.posix.dirname(dir);
    }
    return undefined;
  };
}

/** The last path segment of a namespaced image with no registry host (`acme/base:latest` → `base`); undefined for any other reference. */
function nearbyCandidate(ref: string): string | undefined {
  const parts = ref.trim().split('@')[0]!.split('/');
  if (parts.length < 2 || /[.:]|^localhost$/.test(parts[0]!) || parts[0] === 'library') return undefined;
  return lastSegment(imagePath(ref));
}

function lastSegment(image: string | undefined): string | undefined {
  return image ? image.slice(image.lastIndexOf('/') + 1) : undefined;
}

/** The scan's Dockerfiles with the image each builds on, by folder (lower case). */
function dockerfilesByFolder(inventory: InventoryItem[]): Map<string, { path: string; base: string }[]> {
  const out = new Map<string, { path: string; base: string }[]>();
  for (const item of inventory) {
    if (item.type !== 'container-image') continue;
    const folder = path.posix.dirname(item.location.path).toLowerCase();
    out.set(folder, [...(out.get(folder) ?? []), { path: item.location.path, base: (item.data as unknown as ImageFact).base }]);
  }
  return out;
}
