/**
 * Whether a Dockerfile's image is a running workload. Many are not: a base layer other Dockerfiles
 * of the repository build FROM, an image only a test run builds, a stub that starts nothing, a build
 * tool's image (code generation, a CI step), a sandbox template whose provider picks the user. What
 * such an image runs as is decided by the image or the tool that uses it, so a finding about the
 * user it runs as is reported where that is decided, or not at all. One place decides, from cheap
 * evidence: the Dockerfile's own text, and the repository's image graph (see `images.ts`).
 */
import { contextOf } from '../../discovery/context.js';
import type { DockerInstruction } from './dockerfile-format.js';
import type { ImageNode } from './image-graph.js';

// ─── One Dockerfile ─────────────────────────────────────────────────────────

/** The command the image starts with: its last ENTRYPOINT (with the CMD it is given), else its last CMD; undefined when it names none. */
function launchCommand(instructions: DockerInstruction[]): string | undefined {
  // The latest in the file: a final stage's own CMD overrides the one of the stage it builds on.
  const last = (op: string) => instructions.filter((i) => i.op === op).sort((a, b) => a.line - b.line).pop();
  const entrypoint = last('ENTRYPOINT');
  const cmd = last('CMD');
  const words = [entrypoint, cmd].filter((i): i is DockerInstruction => i !== undefined).map((i) => commandText(i.args));
  return words.length ? words.join(' ').trim() : undefined;
}

/** Exec form (`["tail", "-f", "/dev/null"]`) or shell form (`'/bin/bash'`) as one line of words. */
function commandText(args: string): string {
  const t = args.trim();
  if (t.startsWith('[')) {
    try {
      const list = JSON.parse(t) as unknown[];
      if (list.every((w) => typeof w === 'string')) return list.join(' ');
    } catch {
      // not JSON: the shell form
    }
  }
  return t.replace(/^(["'])(.*)\1$/, '$2');
}

/** Keeps a container alive to exec into, or opens a bare shell: what a base layer's or a tool's image starts. */
const IDLE = /^(?:tail -f \/dev\/null|sleep (?:infinity|inf|\d{4,})|(?:\/usr)?(?:\/bin\/)?(?:ba|z|da)?sh(?: -l)?)$/;
/** Prints a version or help and exits: a stub. */
const PRINT_ONLY = /^(?:\S+ (?:--version|-V|version|--help|-h)|(?:\/bin\/)?(?:echo|true)(?: .*)?)$/;

/** Dependency manifests: copied to install packages, not code that runs. */
const MANIFEST = /(?:^|\/)(?:requirements[\w.-]*\.txt|constraints[\w.-]*\.txt|package(?:-lock)?\.json|yarn\.lock|pnpm-lock\.yaml|pyproject\.toml|poetry\.lock|uv\.lock|pipfile(?:\.lock)?|setup\.(?:py|cfg)|go\.(?:mod|sum)|cargo\.(?:toml|lock)|gemfile(?:\.lock)?|environment\.ya?ml)$/i;

/**
 * Whether any stage copies something of the repository other than dependency manifests (`COPY . .`,
 * `ADD app/ /app`). Copies out of another stage or image (`--from=`) and downloads (`ADD https://…`)
 * bring nothing of the build context.
 */
function copiesProjectFiles(instructions: DockerInstruction[]): boolean {
  return instructions.some((i) => {
    if (i.op !== 'COPY' && i.op !== 'ADD') return false;
    const words = i.args.split(/\s+/).filter(Boolean);
    if (words.some((w) => /^--from=/i.test(w))) return false;
    const sources = words.filter((w) => !w.startsWith('--')).slice(0, -1);
    return sources.some((s) => !/^https?:\/\//i.test(s) && !MANIFEST.test(s.replace(/^["']|["']$/g, '')));
  });
}

/** The name a Dockerfile gives its image (`codegen.Dockerfile`, `Dockerfile.gemini-code-builder`), as words. */
function nameWords(relPath: string): string[] {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1).toLowerCase().replace(/^dockerfile[._-]?|[._-]?dockerfile$/g, '');
  return name.split(/[._-]+/).filter(Boolean);
}

/** What a workload's image sets to start or serve something. */
const LAUNCH_OPS = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE']);

/** Last words that name a build tool's image: code generation, source mirroring, a build step's toolchain. */
const TOOL_WORD = /^(?:codegen|generator|copybara|builder|toolchain|linter?)$/;

/**
 * Why this Dockerfile's image, by its own text, is not a workload that runs the project; undefined
 * when it may be one. Images that copy none of the project's files and either only print a version
 * (a stub) or are named for a build tool; an E2B sandbox template, whose sandbox chooses the user; a
 * base image (named so, starting and serving nothing) that other images are derived FROM.
 */
export function notAWorkload(instructions: DockerInstruction[], final: DockerInstruction[], relPath: string): string | undefined {
  const name = nameWords(relPath);
  // `e2b template build` reads e2b.Dockerfile and turns it into a microVM's root filesystem; commands in the sandbox run as the user it names (by default the unprivileged `user`).
  if (name.length === 1 && name[0] === 'e2b') return 'This is an E2B sandbox template: the sandbox, not the image, chooses the user commands run as.';
  // `Dockerfile.base`, `python-base.Dockerfile` that starts and serves nothing: published for other images to build FROM, whose own USER or entrypoint decides.
  if (name.includes('base') && !final.some((i) => LAUNCH_OPS.has(i.op))) return 'Its name marks a base image and it sets no CMD, ENTRYPOINT or EXPOSE: it is built to be derived FROM, and the image derived from it decides the user its workload runs as.';
  if (copiesProjectFiles(instructions)) return undefined;
  const launch = launchCommand(final);
  if (launch !== undefined && PRINT_ONLY.test(launch)) return `It copies none of the project's code and only runs \`${launch}\`: a stub, not a workload.`;
  if (name.length && TOOL_WORD.test(name[name.length - 1]!)) return `Its name and content mark a build tool's image (${name.join('-')}): it copies none of the project's code, and runs as a one-off step, not as a workload.`;
  return undefined;
}

/**
 * Whether the image (its final stage's instructions) says it starts nothing of its own: a bare shell
 * or a keep-alive. One with no command of its own keeps its base image's, which may be a server.
 */
export function idleLaunch(final: DockerInstruction[]): boolean {
  const launch = launchCommand(final);
  return launch !== undefined && IDLE.test(launch);
}

// ─── Across the repository ──────────────────────────────────────────────────

/**
 * A base layer: other Dockerfiles of the repository build FROM it and it says it starts nothing of
 * its own (a keep-alive, a shell). What runs is the images built on it, and they are judged on their own.
 */
export function baseLayerOnly(node: ImageNode): boolean {
  return node.children.length > 0 && node.idle;
}

/**
 * Whether the only files the repository shows building the image are tests' (`docker-compose.test.yml`
 * of a smoke test): the image is a test's, whatever its own folder says. A dev Compose file or a
 * Skaffold config is not enough: the same image is often the one published and deployed.
 */
export function builtOnlyByTests(node: ImageNode): boolean {
  return node.builtBy.length > 0 && node.builtBy.every((p) => contextOf(p) === 'test');
}
