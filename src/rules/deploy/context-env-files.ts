/**
 * The env files a Compose service reads its keys from (`env_file: .env`) that lie inside the build
 * context it builds its image from, where the context's `.dockerignore` does not keep them out. Such a
 * file is ignored by git, so the committed tree does not hold it, but it is there on every machine
 * that runs the service: a Dockerfile that copies the whole context (`COPY . .`) then puts it in an
 * image layer each time `docker compose build` (or `up --build`) runs there.
 *
 * The Compose files looked at are those beside the Dockerfile and up to two folders above it; the
 * Compose files, the folders' listings and the `.dockerignore` files read are recorded, so a cached
 * result goes when one of them changes.
 */
import path from 'node:path';
import { readRootFile, rootFact, rootFolderFiles, type DependsOn } from '../../core/root-file.js';
import { gitignoreRules } from '../../discovery/gitignore.js';
import { folderDigest, folderKey } from '../../discovery/folder-digest.js';
import { pathGlobMatcher } from '../../core/glob.js';
import { composeFilesIn } from './compose-folder.js';
import { localBuild } from './compose-builds.js';
import type { DeployCtx } from './context.js';

export interface ContextEnvFile {
  /** The Compose service and the file that defines it (relative to the root). */
  service: string;
  composeFile: string;
  /** The build context, relative to the root (`.` for the root). */
  context: string;
  /** The env file, relative to the build context. */
  envFile: string;
}

/** How many folders above the Dockerfile's own are searched for the Compose files that build it. */
const FOLDERS_UP = 2;
/** A template of an env file's settings (`.env.example`, `app.env.sample`), which holds no keys. */
export const ENV_TEMPLATE = /(?:^|[.-])(?:example|sample|template|dist|defaults?|tpl|schema)(?:$|[.-])/i;

/** A Compose service that builds this Dockerfile: the folder of its Compose file, and its build context. */
interface ComposeBuild {
  dir: string;
  composeFile: string;
  service: string;
  value: Record<string, unknown>;
  contextDir: string;
}

/** The Compose services, in Compose files beside the Dockerfile and up to `FOLDERS_UP` folders above it, that build it. */
function composeBuilds(dc: DeployCtx): ComposeBuild[] {
  const root = dc.file.root;
  if (!root) return [];
  const dependsOn = dc.ctx.dependsOn?.bind(dc.ctx);
  const out: ComposeBuild[] = [];
  let dir = path.posix.dirname(dc.file.relPath);
  for (let i = 0; i <= FOLDERS_UP; i++) {
    for (const compose of composeFilesIn(root, dir, dependsOn)) {
      for (const [service, value] of Object.entries(compose.services)) {
        for (const { context, dockerfile } of localBuild(value.build)) {
          const contextDir = path.posix.normalize(path.posix.join(dir, context)).replace(/(.)\/+$/, '$1');
          if (contextDir.startsWith('..') || path.posix.normalize(path.posix.join(contextDir, dockerfile)) !== dc.file.relPath) continue;
          out.push({ dir, composeFile: dir === '.' ? compose.name : `${dir}/${compose.name}`, service, value, contextDir });
        }
      }
    }
    if (dir === '.') break;
    dir = path.posix.dirname(dir);
  }
  return out;
}

/** The env files of the Compose services that build this Dockerfile which its whole-context copy takes in. */
export function contextEnvFiles(dc: DeployCtx): ContextEnvFile[] {
  const root = dc.file.root;
  if (!root) return [];
  const dependsOn = dc.ctx.dependsOn?.bind(dc.ctx);
  const out: ContextEnvFile[] = [];
  for (const { dir, composeFile, service, value, contextDir } of composeBuilds(dc)) {
    for (const written of envFiles(value.env_file)) {
      const file = path.posix.normalize(path.posix.join(dir, written));
      const inContext = path.posix.relative(contextDir, file);
      if (inContext.startsWith('..') || ENV_TEMPLATE.test(path.posix.basename(file))) continue;
      if (ignoredByDocker(root, contextDir, dc.file.relPath, inContext, dependsOn)) continue;
      if (!out.some((o) => o.context === contextDir && o.envFile === inContext)) out.push({ service, composeFile, context: contextDir, envFile: inContext });
    }
  }
  return out;
}

/** An env file's template by its name (`.env.example`, `.env.local.sample`, `env.example`), and the file it stands for. */
const TEMPLATE_NAME = /^\.?(env(?:\.[\w-]+)*?)\.(?:example|sample|template|dist|tpl)$/i;

export interface TemplatedEnvFile {
  /** The env file the template stands for, in the Dockerfile's folder (`.env`, `.env.local`). */
  envFile: string;
  /** The template, in the same folder, and its text. */
  template: string;
  text: string;
}

/**
 * The env files a developer is told to make beside this Dockerfile, for a copy of its folder as the
 * build context (`docker build .`): a committed template (`.env.example`) names the file, git ignores
 * it (so the committed tree lacks it, and every clone that follows the template has it), and no
 * `.dockerignore` keeps it out. Nothing says it is there when the image is built; where it is (a
 * developer's machine), a whole-context copy puts it in a layer. None when a Compose service builds
 * the Dockerfile: its build context and env files say what is taken in (`contextEnvFiles`). The
 * folder's listing and the files read are recorded.
 */
export function templatedEnvFiles(dc: DeployCtx): TemplatedEnvFile[] {
  const root = dc.file.root;
  if (!root || composeBuilds(dc).length > 0) return [];
  const dependsOn = dc.ctx.dependsOn?.bind(dc.ctx);
  const dir = path.posix.dirname(dc.file.relPath);
  const key = folderKey('any', dir);
  dependsOn?.(key, folderDigest(root, key));
  const out: TemplatedEnvFile[] = [];
  for (const name of rootFolderFiles(root, dir)) {
    const m = TEMPLATE_NAME.exec(name);
    if (!m) continue;
    const envFile = `.${m[1]!}`;
    if (out.some((o) => o.envFile === envFile) || !gitIgnores(root, dir, envFile, dependsOn) || ignoredByDocker(root, dir, dc.file.relPath, envFile, dependsOn)) continue;
    const text = readRootFile(root, dir === '.' ? name : `${dir}/${name}`, dependsOn);
    if (text !== undefined) out.push({ envFile, template: name, text });
  }
  return out;
}

/**
 * Whether git ignores `name` in `dir`: the `.gitignore` files at the root and in each folder on the way
 * down, the deepest that decides (ignores it, or takes it back with `!`) having the last word. Each
 * file's rules are built once per scan.
 */
function gitIgnores(root: string, dir: string, name: string, dependsOn: DependsOn | undefined): boolean {
  const parts = dir === '.' ? [] : dir.split('/');
  let ignored = false;
  for (let i = 0; i <= parts.length; i++) {
    const at = parts.slice(0, i).join('/');
    const rules = rootFact(root, `deploy:gitignore:${at}`, dependsOn, (read) => {
      const text = readRootFile(root, at ? `${at}/.gitignore` : '.gitignore', read);
      return text === undefined ? undefined : gitignoreRules(text);
    });
    const verdict = rules?.test([...parts.slice(i), name].join('/'));
    if (verdict?.ignored) ignored = true;
    else if (verdict?.unignored) ignored = false;
  }
  return ignored;
}

/** `env_file: .env`, a list of paths, or of `{ path, required }`. */
function envFiles(setting: unknown): string[] {
  const list = Array.isArray(setting) ? setting : [setting];
  return list.flatMap((e) => {
    const p = typeof e === 'string' ? e : e && typeof e === 'object' ? (e as Record<string, unknown>).path : undefined;
    return typeof p === 'string' && p.trim() && !p.includes('$') ? [p.trim()] : [];
  });
}

/**
 * Whether the build leaves `relPath` (relative to the context) out: the Dockerfile's own
 * `<Dockerfile>.dockerignore` when there is one, else the context's `.dockerignore`; patterns from
 * the context's root, `!` taking a path back, the last that matches the path or a folder above it deciding.
 */
function ignoredByDocker(root: string, contextDir: string, dockerfile: string, relPath: string, dependsOn: DependsOn | undefined): boolean {
  const text = readRootFile(root, `${dockerfile}.dockerignore`, dependsOn) ?? readRootFile(root, contextDir === '.' ? '.dockerignore' : `${contextDir}/.dockerignore`, dependsOn);
  if (text === undefined) return false;
  const parts = relPath.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = path.posix.normalize(line.slice(negated ? 1 : 0).trim().replace(/^\/+/, '')).replace(/\/+$/, '');
    if (!pattern || pattern === '.') continue;
    const matches = pathGlobMatcher([pattern]);
    if (candidates.some((c) => matches(c))) ignored = !negated;
  }
  return ignored;
}

/**
 * The committed template of an env file (`.env.example`, `.env.sample`, `app.env.template` beside
 * it), which names the settings the real file holds; undefined when there is none. The folder's
 * listing is recorded.
 */
export function envTemplateOf(root: string, file: string, dependsOn: DependsOn | undefined): string | undefined {
  const dir = path.posix.dirname(file);
  const key = folderKey('any', dir);
  dependsOn?.(key, folderDigest(root, key));
  const base = path.posix.basename(file);
  const names = rootFolderFiles(root, dir).filter((n) => ENV_TEMPLATE.test(n) && (n.startsWith(`${base}.`) || /^\.env\.|^[\w-]+\.env\./.test(n) || /\.env$/.test(n)));
  // The file's own template first (`.env.docker.example` for `.env.docker`), then the folder's.
  names.sort((a, b) => Number(!b.startsWith(`${base}.`)) - Number(!a.startsWith(`${base}.`)) || a.localeCompare(b));
  return names.length ? readRootFile(root, dir === '.' ? names[0]! : `${dir}/${names[0]}`, dependsOn) : undefined;
}
