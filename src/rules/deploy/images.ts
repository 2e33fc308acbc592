/**
 * Which image is built from which Dockerfile, across a repository. A Dockerfile alone does not say
 * who runs it: a base layer is built FROM by another Dockerfile that sets its own USER, and an app
 * image built FROM the project's own base inherits that base's user. Each file records what it
 * shows (a Dockerfile its final base and user; a compose file, build script or workflow the names it
 * tags a Dockerfile's image with), and the repository step joins them, bounded in cost (`image-graph.ts`).
 */
import path from 'node:path';
import type { InventoryItem } from '../../core/rule.js';
import type { DeployCtx } from './context.js';
import type { ComposeService, Workflow } from './formats.js';
import type { DockerInstruction } from './dockerfile-format.js';
import type { YamlDoc } from '../../parsers/yaml.js';
import { idleLaunch } from './image-role.js';
import { finalStage, imagePath } from './dockerfile-stages.js';
import { dropsRoot, entrypointOf } from './privilege-drop.js';

// ─── Facts each file records ────────────────────────────────────────────────

export interface ImageFact {
  base: string;
  user?: string;
  /** It starts nothing of its own (see `idleLaunch`). */
  idle?: true;
  /** Its entrypoint starts the workload as another user, though the image's user stays root (see `dropsRoot`). */
  drops?: true;
  /** The program its ENTRYPOINT runs, when it sets one. */
  entrypoint?: string;
}

export interface BuildLink {
  /**
   * The Dockerfile as the build file names it (relative to that file or to the repository root);
   * none for a deploy script that writes the image it deploys in place of a manifest's name.
   */
  dockerfile?: string;
  /** Names the image is tagged with: image references, quoted names, variables (`$(APP_IMG)`). */
  names: string[];
  /**
   * The tool that builds the image also deploys it, writing the tag or digest it built into the
   * manifests in place of the name (Skaffold, a deploy script's `sed s@app:latest@${IMAGE}@g`): a
   * manifest that names it is its input.
   */
  deployed?: true;
}

export function recordImage(instructions: DockerInstruction[], dc: DeployCtx): void {
  const stage = finalStage(instructions);
  if (!stage) return;
  const entrypoint = entrypointOf(stage);
  const data: ImageFact = {
    base: stage.base,
    ...(stage.user !== undefined ? { user: stage.user } : {}),
    ...(idleLaunch(stage.chain) ? { idle: true as const } : {}),
    ...(dropsRoot(stage, dc) ? { drops: true as const } : {}),
    ...(entrypoint !== undefined ? { entrypoint } : {}),
  };
  dc.ctx.inventory({ type: 'container-image', data: { ...data } });
}

export function recordComposeBuilds(services: ComposeService[], dc: DeployCtx): void {
  for (const s of services) {
    const build = s.value.build;
    const image = typeof s.value.image === 'string' ? s.value.image : undefined;
    // A build without an image name still says which file builds the Dockerfile.
    if (!build) continue;
    const context = typeof build === 'string' ? build : typeof (build as { context?: unknown }).context === 'string' ? String((build as { context: string }).context) : '.';
    const file = typeof build === 'object' && typeof (build as { dockerfile?: unknown }).dockerfile === 'string' ? String((build as { dockerfile: string }).dockerfile) : 'Dockerfile';
    link(dc, path.posix.join(context, file), image ? [image] : []);
  }
}

export function recordWorkflowBuilds(wf: Workflow, dc: DeployCtx): void {
  for (const job of wf.jobs) {
    for (const step of job.steps) {
      if (!step.uses?.startsWith('docker/build-push-action')) continue;
      const context = typeof step.with.context === 'string' ? step.with.context : '.';
      const file = typeof step.with.file === 'string' ? step.with.file : path.posix.join(context, 'Dockerfile');
      // Tags are often spelled through the workflow's env (`${{ env.REGISTRY_ALIAS }}/${{ env.REPOSITORY }}:latest`).
      const env = { ...plainValues(wf.value.env), ...plainValues(job.value.env), ...plainValues(step.env) };
      const tags = typeof step.with.tags === 'string' ? withEnv(step.with.tags, env).split(/[\s,]+/).filter(Boolean) : [];
      if (tags.length) link(dc, file, tags);
    }
  }
  recordScriptBuilds(dc.file.text, dc);
}

/** The string and number values of an `env:` map. */
function plainValues(env: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!env || typeof env !== 'object') return out;
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string' || typeof v === 'number') out[k] = String(v).trim();
  return out;
}

/**
 * `${{ env.NAME }}` replaced by the value the workflow sets, where it sets one without an expression
 * of its own; any other expression becomes one word (`$EXPR`), so that splitting the tags at spaces
 * keeps it whole and the image's path skips it as a variable registry.
 */
function withEnv(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{\{([^}]*)\}\}/g, (_whole, inner: string) => {
    const name = /^\s*env\.([A-Za-z_][\w-]*)\s*$/.exec(inner)?.[1];
    const v = name === undefined ? undefined : env[name];
    return v !== undefined && v !== '' && !v.includes('${{') && !/\s/.test(v) ? v : '$EXPR';
  });
}

/** A Dockerfile path on a command line: `-f python/Dockerfile`, `"base-images/system/Dockerfile"`, `app.Dockerfile`. */
const DOCKERFILE_REF = /(?:^|[\s"'=])((?:[\w.${}()-]+\/)*(?:Dockerfile|Containerfile)(?:\.[\w-]+)?|(?:[\w.-]+\/)*[\w-]+\.[Dd]ockerfile)(?=["'\s;)]|$)/g;
/** Other words of the line that may name the image: `-t X`, quoted strings, `$(VAR)`, `${VAR}`. */
const NAME_TOKEN = /(?:-t|--tag)[=\s]+["']?([^\s"']+)|["']([^"'\s]{2,})["']|\$[({]([A-Za-z_][\w]*)[)}]/g;

/**
 * `docker build -t acme/base:1 .`, `podman build --tag x ./base`: a build of a context folder's own
 * Dockerfile, named by its tag; the context is the last word (a path, not an option).
 */
const CONTEXT_BUILD = /^\s*(?:\$\s+)?(?:sudo\s+)?(?:docker|podman)\s+(?:buildx\s+)?build\b(?=[^\n]*\s(?:-t|--tag)[=\s])[^\n]*\s((?:\.{1,2}|[\w.-]+)(?:\/[\w.-]+)*\/?)\s*$/;

/**
 * Build commands in scripts, Makefiles, workflow steps and the build instructions of a README: lines
 * that name a Dockerfile and a tag, or that build a context folder's Dockerfile under a tag.
 */
export function recordScriptBuilds(text: string, dc: DeployCtx): void {
  const pushes = PUSH_SIGNAL.test(text);
  const builds = /dockerfile|containerfile/i.test(text) || BUILD_COMMAND.test(text);
  const replaces = SED_IMAGE_SIGNAL.test(text);
  if (!pushes && !builds && !replaces) return;
  // Lines with their continuations joined, split once for every reading.
  const lines = text.replace(/\\\r?\n/g, ' ').split('\n');
  if (pushes) recordPushes(lines, dc);
  if (replaces) recordReplacements(lines, dc);
  if (!builds) return;
  let links = 0;
  for (const line of lines) {
    if (line.length > 2000) continue;
    const context = /(?:Dockerfile|Containerfile|\.dockerfile)/.test(line) ? undefined : CONTEXT_BUILD.exec(line)?.[1];
    if (context !== undefined) {
      const names = [...line.matchAll(NAME_TOKEN)].map((m) => m[1]).filter((n): n is string => !!n);
      if (names.length) link(dc, path.posix.join(context, 'Dockerfile'), names);
      if (names.length && ++links >= MAX_LINKS_PER_FILE) return;
      continue;
    }
    if (!/(?:Dockerfile|Containerfile|\.dockerfile)/.test(line)) continue;
    const refs = [...line.matchAll(DOCKERFILE_REF)].map((m) => m[1]!);
    if (refs.length !== 1) continue;
    const names = [...line.matchAll(NAME_TOKEN)].map((m) => m[1] ?? m[2] ?? `$${m[3]}`).filter((n) => !n.includes(refs[0]!));
    if (names.length === 0) continue;
    link(dc, refs[0]!, names);
    if (++links >= MAX_LINKS_PER_FILE) return;
  }
}

const MAX_LINKS_PER_FILE = 50;

/** A build command (`docker build`, `podman buildx build`): a text holding none builds no image under a tag. */
export const BUILD_COMMAND = /\b(?:docker|podman)\s+(?:buildx\s+)?build\b/;

/** What a text that rewrites an image name with sed holds: a prefilter, line by line `SED_IMAGE` decides. */
const SED_IMAGE_SIGNAL = /\bsed\b[^\n]*\bs([@|#,])[a-z0-9][\w.\/-]*:[\w.-]+\1/;
/** `sed s@llm-server:latest@${IMAGE}@g`, `sed -e 's|app:latest|'"$IMAGE"'|'`: an image name and tag replaced by what follows. */
const SED_IMAGE = /\bs([@|#,])([a-z0-9][\w.\/-]*:[\w.-]+)\1([^@|#,\s]+)\1/g;

/**
 * A deploy script that pipes a manifest through `sed` to put the image it built in place of a
 * name and tag (`cat k8s/app.yaml | sed s@app:latest@${APP_IMAGE}@g | kubectl apply -f -`): the
 * manifest's name is a placeholder the script fills, so the script builds and deploys that image.
 */
function recordReplacements(lines: string[], dc: DeployCtx): void {
  const names = new Set<string>();
  for (const line of lines) {
    if (line.length > 2000 || !/\bsed\b/.test(line)) continue;
    for (const m of line.matchAll(SED_IMAGE)) if (m[3]!.includes('$')) names.add(m[2]!);
    if (names.size >= MAX_LINKS_PER_FILE) break;
  }
  if (names.size) dc.ctx.inventory({ type: 'image-build', data: { names: [...names].slice(0, MAX_LINKS_PER_FILE), deployed: true } });
}

/** What a text that pushes an image holds (`docker push …`, `podman image push …`, `buildx build … --push`): a prefilter, line by line the patterns below decide. */
export const PUSH_SIGNAL = /\b(?:docker|podman)\s+(?:image\s+)?push\s|\s--push\b/;
/** `docker push acme/agent:1` (options before the name, `--platform` with its value). */
const PUSH = /\b(?:docker|podman)\s+(?:image\s+)?push\s+(?:--platform[=\s]+\S+\s+|-\S+\s+)*["']?([a-z0-9][\w.\/:@-]*)/g;
/** `docker buildx build … --push` (or `build --push` of a builder that supports it): the names it is tagged with. */
const BUILD_PUSH = /\b(?:docker|podman)\s+(?:buildx\s+)?build\b[^\n]*\s--push\b/;

export interface ImagePush {
  /** Image references the repository pushes to a registry (no variables). */
  names: string[];
}

/**
 * Names the repository's own scripts, build notes, READMEs and workflows push to a registry: whoever
 * owns the namespace, the project publishes there, so an image by that name moves only when it does.
 */
function recordPushes(lines: string[], dc: DeployCtx): void {
  const names = new Set<string>();
  for (const line of lines) {
    if (line.length > 2000 || !PUSH_SIGNAL.test(line)) continue;
    for (const m of line.matchAll(PUSH)) names.add(m[1]!);
    if (BUILD_PUSH.test(line)) for (const m of line.matchAll(NAME_TOKEN)) if (m[1]) names.add(m[1]);
    if (names.size >= MAX_LINKS_PER_FILE) break;
  }
  const pushed = [...names].filter((n) => !n.includes('$') && imagePath(n) !== undefined).slice(0, MAX_LINKS_PER_FILE);
  if (pushed.length) dc.ctx.inventory({ type: 'image-push', data: { names: pushed } });
}

/** The repository paths (`acme/agent`) of every image the repository pushes. */
export function pushedImages(inventory: InventoryItem[]): Set<string> {
  return imagePaths(inventory, 'image-push');
}

function link(dc: DeployCtx, dockerfile: string, names: string[], deployed = false): void {
  const data: BuildLink = { dockerfile, names: names.slice(0, 10), ...(deployed ? { deployed: true as const } : {}) };
  dc.ctx.inventory({ type: 'image-build', data: { ...data } });
}

/** Skaffold's artifacts (`build.artifacts`, also per profile): each image, built from its context's Dockerfile and deployed by Skaffold. */
export function recordSkaffoldBuilds(doc: YamlDoc, dc: DeployCtx): void {
  const config = doc.value as { build?: { artifacts?: unknown }; profiles?: unknown } | null;
  const builds = [config?.build, ...(Array.isArray(config?.profiles) ? config.profiles.map((p: { build?: unknown } | null) => p?.build) : [])];
  let links = 0;
  for (const build of builds) {
    const artifacts = (build as { artifacts?: unknown } | undefined)?.artifacts;
    if (!Array.isArray(artifacts)) continue;
    for (const a of artifacts as { image?: unknown; context?: unknown; docker?: { dockerfile?: unknown } }[]) {
      if (typeof a?.image !== 'string' || !a.image) continue;
      const context = typeof a.context === 'string' ? a.context : '.';
      const dockerfile = typeof a.docker?.dockerfile === 'string' ? a.docker.dockerfile : 'Dockerfile';
      link(dc, path.posix.join(context, dockerfile), [a.image], true);
      if (++links >= MAX_LINKS_PER_FILE) return;
    }
  }
}

/** Image paths (see `imagePath`) that a tool which also deploys them builds in this repository. */
export function deployedBuilds(inventory: InventoryItem[]): Set<string> {
  return builtImages(inventory, (link) => link.deployed === true);
}

/**
 * Bare image names (no registry, no namespace: `gptme`, `agent-base`) that some build of the
 * repository tags: a Dockerfile whose FROM names one is built on the image built here first, not on
 * one pulled from a registry.
 */
export function localBuilds(inventory: InventoryItem[]): Set<string> {
  return new Set([...builtImages(inventory)].filter((p) => !p.includes('/')));
}

/**
 * The repository paths of every image a build of the repository tags (`acme/agent`, `agent-base`), or
 * of the links `which` picks (by default the builds: links that name a Dockerfile).
 */
export function builtImages(inventory: InventoryItem[], which: (link: BuildLink) => boolean = (link) => link.dockerfile !== undefined): Set<string> {
  return imagePaths(inventory, 'image-build', (data) => which(data as BuildLink));
}

/** The repository paths of the image names the inventory's facts of one type list (`names`), of the facts `which` picks. */
function imagePaths(inventory: InventoryItem[], type: 'image-build' | 'image-push', which: (data: BuildLink | ImagePush) => boolean = () => true): Set<string> {
  const out = new Set<string>();
  for (const item of inventory) {
    const data = item.data as unknown as BuildLink | ImagePush;
    if (item.type !== type || !which(data)) continue;
    for (const name of data.names) {
      const p = imagePath(name);
      if (p) out.add(p);
    }
  }
  return out;
}

/** Files whose text may hold build commands: Makefiles, shell scripts, task runners. */
export function isBuildScript(relPath: string): boolean {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1).toLowerCase();
  return /^(?:makefile|gnumakefile|justfile|taskfile)$|\.(?:mk|sh|bash)$/.test(name);
}
