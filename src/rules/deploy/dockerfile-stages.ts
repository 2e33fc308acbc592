/**
 * What one Dockerfile says of its image: its stages (which are builders), its final stage's base
 * and user, the image a `FROM` names (with the file's `ARG` defaults), and an image reference's path.
 * The repository join (`images.ts`) builds on these.
 */
import type { DockerInstruction } from './dockerfile-format.js';


export interface FinalStage {
  /** The external image the final stage builds on (stage aliases followed), as written. */
  base: string;
  /** The user the final stage runs as (its own USER, or that of the stage it builds on), when set. */
  user?: string;
  /** Line of the FROM that starts the final stage, and of the USER that decides, when any. */
  fromLine: number;
  userLine?: number;
  /** Instructions of the final stage and of the stages it builds on. */
  chain: DockerInstruction[];
}

/**
 * Whether a stage is one the final image does not build on (a builder): it ships only what is copied
 * out of it. False for every stage when the final stage cannot be told.
 */
export function builderStages(instructions: DockerInstruction[]): (stage: number) => boolean {
  const shipped = new Set(finalStage(instructions)?.chain.map((i) => i.stage));
  return (stage) => shipped.size > 0 && !shipped.has(stage);
}

/** The final stage, following `FROM builder AS app` / `FROM app` chains to the first external image. */
export function finalStage(instructions: DockerInstruction[]): FinalStage | undefined {
  const froms = instructions.filter((i) => i.op === 'FROM');
  const last = froms[froms.length - 1];
  if (!last) return undefined;
  const aliases = new Map<string, number>();
  for (const f of froms) {
    const m = /\bAS\s+(\S+)\s*$/i.exec(f.args);
    if (m) aliases.set(m[1]!.toLowerCase(), f.stage);
  }
  const chain: DockerInstruction[] = [];
  let stage = last.stage;
  let user: { name: string; line: number } | undefined;
  const seen = new Set<number>();
  for (;;) {
    seen.add(stage);
    const own = instructions.filter((i) => i.stage === stage);
    chain.push(...own);
    const lastUser = own.filter((i) => i.op === 'USER').pop();
    if (lastUser && !user) user = { name: lastUser.args.trim().split(/[\s:]/)[0]!, line: lastUser.line };
    const from = own.find((i) => i.op === 'FROM')!;
    const base = fromImage(from.args);
    const parent = aliases.get(base.toLowerCase());
    if (parent === undefined || parent >= stage || seen.has(parent)) return { base, fromLine: last.line, chain, ...(user ? { user: user.name, userLine: user.line } : {}) };
    stage = parent;
  }
}

/**
 * The words of a FROM line, a template's placeholder kept whole: a Dockerfile written as a Jinja or
 * Go template (`FROM node:{{ node_version }}-slim`) names one image, not `node:{{` and the rest.
 */
export function fromWords(args: string): string[] {
  return args
    .replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (_, inner: string) => `{{${inner.replace(/\s+/g, '')}}}`)
    .split(/\s+/)
    .filter((p) => p !== '');
}

/** The image of a FROM line: options (`--platform=…`) and the stage alias left out. */
function fromImage(args: string): string {
  return fromWords(args).filter((p) => !p.startsWith('--'))[0] ?? '';
}

/**
 * The build arguments a FROM line can use, with their defaults: Docker's global ones, declared
 * before the first FROM (`ARG PYTHON_VERSION=3.13`, several to a line). One without a default maps
 * to undefined.
 */
export function globalArgs(instructions: DockerInstruction[]): Map<string, string | undefined> {
  const args = new Map<string, string | undefined>();
  for (const ins of instructions) {
    if (ins.op === 'FROM') break;
    if (ins.op !== 'ARG') continue;
    for (const m of ins.args.matchAll(/([A-Za-z_][\w]*)(?:=("[^"]*"|'[^']*'|\S*))?/g)) args.set(m[1]!, m[2]?.replace(/^(["'])(.*)\1$/, '$2'));
  }
  return args;
}

/**
 * An image reference with its build arguments (`${PYTHON_VERSION}`, `$BASE`, `${TAG:-3.12}`) replaced
 * by their defaults, as a build that passes none pulls it; undefined when one has no default.
 */
export function withArgDefaults(image: string, args: Map<string, string | undefined>): string | undefined {
  let unresolved = false;
  const resolved = image.replace(/\$\{([A-Za-z_]\w*)(?::?-([^}$]*))?\}|\$([A-Za-z_]\w*)/g, (_m, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const value = args.get((braced ?? bare)!) ?? fallback;
    if (value === undefined || value.includes('$')) unresolved = true;
    return value ?? '';
  });
  // Any other expansion (`${TAG:+…}`, `${A}${B}` nested) is left to the build.
  return unresolved || resolved.includes('$') ? undefined : resolved;
}

export function isRootUser(user: string): boolean {
  const u = user.replace(/^["']|["']$/g, '');
  return u === 'root' || u === '0';
}

/**
 * The repository path of an image reference, without registry host, leading variables (`$REGISTRY/`),
 * tag or digest: `$DOCKER_REGISTRY/acme/app/base:$VERSION` → `acme/app/base`, `${PREFIX}app:${TAG}` → `app`.
 * Undefined when the name itself is a variable.
 */
export function imagePath(ref: string): string | undefined {
  let r = ref.trim().replace(/^["']|["']$/g, '').replace(/@sha256:[0-9a-f]*$/i, '');
  const slash = r.lastIndexOf('/');
  const colon = r.lastIndexOf(':');
  if (colon > slash) r = r.slice(0, colon);
  const segments = r.split('/');
  while (segments.length > 1 && (/\$/.test(segments[0]!) || /[.:]/.test(segments[0]!) || segments[0] === 'localhost')) segments.shift();
  // A prefix variable written onto the name (`${IMAGE_PREFIX}llm-server`) stands for a registry and namespace, as `$REGISTRY/` does.
  segments[0] = segments[0]!.replace(/^(?:\$\{\w+\}|\$\(\w+\))+(?=[a-z0-9])/i, '');
  if (segments.some((s) => s.includes('$') || s === '')) return undefined;
  return segments.join('/').toLowerCase();
}

/** Letters and digits only, for comparing names written in different styles (`kagent-adk`, `KAGENT_ADK`). */
