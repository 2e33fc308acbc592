/**
 * What a stdio server's command line fetches and runs: an npm package through npx/bunx/pnpm dlx/
 * yarn dlx/npm exec, a Python package through uvx/pipx, or a container image through docker/podman,
 * and how firmly it is pinned. Shared by the unpinned, broad-scope and inventory rules.
 */
import { commandLine, programName, type McpServer, type Val } from './model.js';

export type Pin =
  | { pinned: true; how: 'version' | 'digest' | 'commit' | 'local' }
  | { pinned: false; why: 'no-version' | 'latest' | 'range' | 'tag' | 'url' | 'release-file' | 'git-ref' | 'no-tag' };

export type Launch =
  | { kind: 'npm'; runner: string; spec: Val; pin: Pin }
  | { kind: 'python'; runner: string; spec: Val; pin: Pin }
  | { kind: 'container'; runner: string; image: Val; pin: Pin; flags: ContainerFlag[]; rest: Val[] }
  | { kind: 'other'; runner: string };

export interface ContainerFlag {
  name: string;
  value?: string;
  span: Val['span'];
}

const NPM_BOOL = new Set(['-y', '--yes', '-q', '--quiet', '--no-install', '--prefer-offline', '--ignore-existing', '--silent', '-s', '--no']);
const NPM_VALUE = new Set(['-c', '--call', '--registry', '--cache', '--userconfig', '--node-options', '--workspace', '-w']);
const PY_VALUE = new Set(['--python', '-p', '--index-url', '--extra-index-url', '-i', '--with', '--index', '--default-index', '--pip-args', '--constraint', '-c', '--directory']);

/** The package name of an npm or Python launch, without its version (`@scope/name`, `name`); undefined for a URL or path. */
export function packageNameOf(launch: Extract<Launch, { kind: 'npm' | 'python' }>): string | undefined {
  const spec = launch.spec.value.trim();
  if (launch.kind === 'npm') return /^(@[\w.-]+\/[\w.-]+|[\w.-]+)(?:@[^/]*)?$/.exec(spec.replace(/^(?:npm|jsr):/, ''))?.[1];
  return /^([A-Za-z0-9][\w.-]*)(?:\[[^\]]*\])?\s*(?:[=<>!~]=?.*|@\s*[^:]*)?$/.exec(spec)?.[1];
}

/**
 * The GitHub, GitLab or Bitbucket repository an npm launch installs from (`github:owner/name`, npm's
 * `owner/name` shorthand, a `git+https://github.com/owner/name.git` URL), as lower-case `[owner, name]`.
 */
export function gitRepositoryOf(launch: Extract<Launch, { kind: 'npm' | 'python' }>): [owner: string, name: string] | undefined {
  if (launch.kind !== 'npm') return undefined;
  const s = launch.spec.value.trim().split('#')[0]!;
  const m =
    /^(?:github|gitlab|bitbucket):([\w.-]+)\/([\w.-]+)$/.exec(s) ??
    /^([\w.-]+)\/([\w.-]+)$/.exec(s) ??
    /^(?:git\+)?(?:https?|ssh|git):\/\/(?:git@)?(?:github\.com|gitlab\.com|bitbucket\.org)[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(s);
  return m && !m[1]!.startsWith('@') ? [m[1]!.toLowerCase(), m[2]!.toLowerCase()] : undefined;
}

/** The package or image a server's command line runs, if any. */
export function launchOf(server: McpServer): Launch | undefined {
  return launchOfCommand(commandLine(server));
}

/** The package or image a command line (program first) runs, if any: a config's server or a launch written in code. */
export function launchOfCommand(parts: Val[]): Launch | undefined {
  if (parts.length === 0) return undefined;
  const program = programName(parts[0]!.value);
  let args = parts.slice(1);
  let runner = program;
  const sub = args[0]?.value;
  if ((program === 'pnpm' || program === 'yarn') && sub === 'dlx') ({ runner, args } = { runner: `${program} dlx`, args: args.slice(1) });
  else if (program === 'npm' && (sub === 'exec' || sub === 'x')) ({ runner, args } = { runner: `npm ${sub}`, args: args.slice(1) });
  else if (program === 'bun' && sub === 'x') ({ runner, args } = { runner: 'bun x', args: args.slice(1) });
  else if (program === 'uv' && sub === 'tool' && args[1]?.value === 'run') ({ runner, args } = { runner: 'uv tool run', args: args.slice(2) });
  else if (program === 'pipx' && sub === 'run') ({ runner, args } = { runner: 'pipx run', args: args.slice(1) });
  else if (['docker', 'podman', 'nerdctl'].includes(program) && (sub === 'run' || (sub === 'container' && args[1]?.value === 'run'))) {
    return containerLaunch(`${program} run`, args.slice(sub === 'run' ? 1 : 2));
  }

  if (['npx', 'bunx', 'pnpx', 'pnpm dlx', 'yarn dlx', 'npm exec', 'npm x', 'bun x'].includes(runner)) return npmLaunch(runner, args);
  if (['uvx', 'uv tool run', 'pipx run'].includes(runner)) return pythonLaunch(runner, args);
  if (program === 'deno') {
    const spec = args.find((a) => /^(?:npm|jsr):/.test(a.value));
    if (spec) return { kind: 'npm', runner: 'deno', spec, pin: npmPin(spec.value.replace(/^(?:npm|jsr):/, '')) };
  }
  return { kind: 'other', runner: program };
}

function npmLaunch(runner: string, args: Val[]): Launch | undefined {
  let spec: Val | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = a.value;
    if (v === '--') {
      spec ??= args[i + 1];
      break;
    }
    const pkgFlag = /^(?:-p|--package)(?:=(.*))?$/.exec(v);
    if (pkgFlag) {
      if (pkgFlag[1] !== undefined) spec ??= { value: pkgFlag[1], span: a.span };
      else {
        spec ??= args[i + 1];
        i++;
      }
      continue;
    }
    if (NPM_VALUE.has(v)) {
      i++;
      continue;
    }
    if (NPM_BOOL.has(v) || v.startsWith('-')) continue;
    spec ??= a;
    break;
  }
  return spec ? { kind: 'npm', runner, spec, pin: npmPin(spec.value) } : undefined;
}

const SEMVER_EXACT = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const COMMIT = /^[0-9a-f]{7,40}$/i;
/** A built package file of one version at a URL (`…/neptune_memory-0.0.9-py3-none-any.whl`, `…/app-1.2.3.tgz`): a release, not a branch. */
const RELEASE_FILE = /^https?:\/\/[^#?]+[-_]v?\d+\.\d+(?:\.\d+)?[^/]*\.(?:whl|tar\.gz|tgz|zip)$/i;

export function npmPin(spec: string): Pin {
  const s = spec.trim();
  if (/^(?:\.{1,2}[\\/]|[\\/]|~[\\/]|file:|[A-Za-z]:\\)/.test(s)) return { pinned: true, how: 'local' };
  if (/^(?:https?:|git\+|git:|github:|gitlab:|bitbucket:)/.test(s) || /^[\w.-]+\/[\w.-]+(?:#.*)?$/.test(s)) {
    const ref = s.split('#')[1];
    if (ref && COMMIT.test(ref)) return { pinned: true, how: 'commit' };
    if (RELEASE_FILE.test(s)) return { pinned: false, why: 'release-file' };
    return /^https?:/.test(s) && !/\.git(?:#|$)/.test(s) ? { pinned: false, why: 'url' } : { pinned: false, why: 'git-ref' };
  }
  const at = s.indexOf('@', s.startsWith('@') ? 1 : 0);
  if (at < 0) return { pinned: false, why: 'no-version' };
  const version = s.slice(at + 1);
  if (version === '' || version === 'latest' || version === 'next') return { pinned: false, why: version === '' ? 'no-version' : 'latest' };
  if (SEMVER_EXACT.test(version)) return { pinned: true, how: 'version' };
  return /^[\^~<>=*]|\sx|\.x|\*|\|\||\s-\s/.test(version) || /^\d+(?:\.\d+)?$/.test(version) ? { pinned: false, why: 'range' } : { pinned: false, why: 'tag' };
}

function pythonLaunch(runner: string, args: Val[]): Launch | undefined {
  let from: Val | undefined;
  let first: Val | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = a.value;
    const fromFlag = /^(?:--from|--spec)(?:=(.*))?$/.exec(v);
    if (fromFlag) {
      if (fromFlag[1] !== undefined) from = { value: fromFlag[1], span: a.span };
      else {
        from = args[i + 1];
        i++;
      }
      continue;
    }
    if (PY_VALUE.has(v)) {
      i++;
      continue;
    }
    if (v.startsWith('-')) continue;
    first = a;
    break;
  }
  const spec = from ?? first;
  return spec ? { kind: 'python', runner, spec, pin: pythonPin(spec.value) } : undefined;
}

export function pythonPin(spec: string): Pin {
  const s = spec.trim();
  if (/^(?:\.{1,2}[\\/]|[\\/]|~[\\/]|file:|[A-Za-z]:\\)/.test(s)) return { pinned: true, how: 'local' };
  if (RELEASE_FILE.test(s)) return { pinned: false, why: 'release-file' };
  if (/^(?:git\+|https?:)/.test(s) || /\s@\s*(?:git\+|https?:)/.test(s)) {
    const ref = /@([^@/]+?)(?:#.*)?$/.exec(s.replace(/^[^@]*@\s*(?=git\+|https?:)/, ''))?.[1];
    if (ref && COMMIT.test(ref)) return { pinned: true, how: 'commit' };
    return { pinned: false, why: 'git-ref' };
  }
  const exact = /^[A-Za-z0-9][\w.-]*(?:\[[^\]]*\])?\s*(?:===?|@)\s*([^\s,;]+)$/.exec(s);
  if (exact) {
    const v = exact[1]!;
    if (v === 'latest') return { pinned: false, why: 'latest' };
    return /[*]/.test(v) ? { pinned: false, why: 'range' } : { pinned: true, how: 'version' };
  }
  return /[<>~!=]/.test(s) ? { pinned: false, why: 'range' } : { pinned: false, why: 'no-version' };
}

const CONTAINER_VALUE_FLAGS = new Set(
  (
    '-e -v -p -w -u -l -m -h --env --volume --publish --workdir --user --label --name --network --net --mount --entrypoint ' +
    '--env-file --platform --add-host --cap-add --cap-drop --device --pid --ipc --memory --cpus --restart --security-opt --tmpfs ' +
    '--log-driver --log-opt --hostname --dns --runtime --gpus --ulimit --pull --label-file --shm-size --stop-signal --userns --uts ' +
    '--group-add --volumes-from --expose --link --cidfile --cgroupns --health-cmd --memory-swap --cpu-shares --sysctl'
  ).split(' '),
);

function containerLaunch(runner: string, args: Val[]): Launch | undefined {
  const flags: ContainerFlag[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = a.value;
    if (v === '--') continue;
    if (v.startsWith('-')) {
      const eq = v.indexOf('=');
      if (eq > 0) flags.push({ name: v.slice(0, eq), value: v.slice(eq + 1), span: a.span });
      else if (CONTAINER_VALUE_FLAGS.has(v)) {
        flags.push({ name: v, value: args[i + 1]?.value, span: a.span });
        i++;
      } else flags.push({ name: v, span: a.span });
      continue;
    }
    return { kind: 'container', runner, image: a, pin: imagePin(v), flags, rest: args.slice(i + 1) };
  }
  return undefined;
}

export function imagePin(image: string): Pin {
  if (/@sha256:[0-9a-f]{64}$/i.test(image)) return { pinned: true, how: 'digest' };
  if (/^\$\{?[A-Za-z_]/.test(image)) return { pinned: true, how: 'local' }; // chosen at launch from a variable
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  if (colon < 0) return { pinned: false, why: 'no-tag' };
  return last.slice(colon + 1) === 'latest' ? { pinned: false, why: 'latest' } : { pinned: false, why: 'tag' };
}
