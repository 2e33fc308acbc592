/**
 * The organisation that owns the scanned repository, when it can be known: from the workflow's own
 * conditions (`github.repository == 'org/name'`, `github.repository_owner == 'org'`), from the
 * `origin` remote in the repository's `.git/config`, and, when origin names no GitHub repository (a
 * local mirror, another host, or a copy with no `.git`), from the project's own metadata at the root:
 * pyproject `[project.urls]`, package.json `repository`, go.mod's module path, Cargo.toml
 * `[package] repository`; when those name none either, from the root README's badges and links about
 * the repository itself (its stars, forks, issues, license: `img.shields.io/github/stars/org/name`).
 * Actions, container images and packages of that organisation (and the packages the root itself
 * publishes) are rated apart from third-party ones: they move only when the project moves them.
 * Files that name people or sponsors (CODEOWNERS, FUNDING.yml) are not evidence of the owning
 * organisation and are not read.
 */
import { readRootFile, rootFact } from '../core/root-file.js';
import { readRootToml } from '../parsers/toml.js';
import type { SourceFile } from '../core/source.js';
import { ownerFamilies } from './owner-families.js';

/** Files of the root read to name its owners, with the hash of their bytes: results that used them depend on them. */
type ReadFiles = [relPath: string, hash: string][];

/**
 * Owners (lower case) the workflow file or its repository names as its own. `dependsOn` hears of
 * each file of the root that was read to tell (so the result cache drops a result when one changes).
 */
export function ownersOf(file: SourceFile, dependsOn?: (relPath: string, hash: string) => void): Set<string> {
  return ownersIn(file, repositoryOwners(file), dependsOn);
}

/**
 * The repository's own `owner/name` (lower case): its origin remote's, and any the file's own
 * conditions name (`github.repository == 'org/name'`). An action or reusable workflow of that
 * repository (a workflow running the action the repository publishes) is its own code, not a
 * dependency. `dependsOn` hears of the root's files read.
 */
export function ownRepositoriesOf(file: SourceFile, dependsOn?: (relPath: string, hash: string) => void): Set<string> {
  const root = repositoryOwners(file);
  const out = new Set<string>(root.repository ? [root.repository] : []);
  for (const m of file.text.matchAll(/github\.repository\s*==\s*['"]([\w.-]+\/[\w.-]+)['"]|['"]([\w.-]+\/[\w.-]+)['"]\s*==\s*github\.repository\b/g)) out.add((m[1] ?? m[2])!.toLowerCase());
  for (const [relPath, hash] of root.read) dependsOn?.(relPath, hash);
  return out;
}

/** The owners a file names in its own conditions, with those of its root; `dependsOn` hears of the root's files read. */
function ownersIn(file: SourceFile, root: { owners: Set<string>; read: ReadFiles }, dependsOn?: (relPath: string, hash: string) => void): Set<string> {
  const out = new Set<string>();
  for (const m of file.text.matchAll(/github\.repository\s*==\s*['"]([\w.-]+)\/[\w.-]+['"]|['"]([\w.-]+)\/[\w.-]+['"]\s*==\s*github\.repository\b|github\.repository_owner\s*==\s*['"]([\w.-]+)['"]/g)) {
    out.add((m[1] ?? m[2] ?? m[3])!.toLowerCase());
  }
  for (const owner of root.owners) out.add(owner);
  for (const [relPath, hash] of root.read) dependsOn?.(relPath, hash);
  return out;
}

/**
 * The owners the scanned root declares: origin first, project metadata when origin says nothing;
 * with `packages`, also the package names the root declares (its metadata is then read once for
 * both). Worked out once per scan (`rootFact`, forgotten when the next scan starts), however many
 * files ask; `read` lists the files read, for each asking file's cache dependencies.
 */
function repositoryOwners(
  file: SourceFile,
  packages = false,
): { owners: Set<string>; packages: Set<string>; commands: Set<string>; names: Set<string>; families: Set<string>; repository?: string; read: ReadFiles } {
  const root = file.root;
  if (root === undefined) return { owners: new Set(), packages: new Set(), commands: new Set(), names: new Set(), families: new Set(), read: [] };
  return rootFact(root, `repository-owners:${packages}`, undefined, () => {
    const read: ReadFiles = [];
    const origin = originRepository(root, read);
    const metadata = !origin || packages ? rootMetadata(root, read) : undefined;
    const owners = origin ? new Set([origin[0]]) : metadata!.owners.size ? metadata!.owners : readmeOwners(root, read);
    return {
      owners,
      packages: metadata?.packages ?? new Set<string>(),
      commands: metadata?.commands ?? new Set<string>(),
      names: new Set(origin ? [origin[1]] : []),
      // The prefixes the owner publishes under (`chuk-` of `chrishayuk`): asked with the packages, the root's README and metadata are read for them.
      families: packages ? ownerFamilies(root, owners, read) : new Set<string>(),
      repository: origin ? `${origin[0]}/${origin[1]}` : undefined,
      read,
    };
  });
}

/** `git@github.com:org/name.git` or `https://github.com/org/name` in the root's `.git/config`: its owner and name. */
function originRepository(root: string, read: ReadFiles): [owner: string, name: string] | undefined {
  const origin = originUrl(root, read);
  return origin ? githubRepository(origin) : undefined;
}

/** The URL of the `origin` remote in the root's `.git/config`, on any host; `read` hears of the file. */
export function originUrl(root: string, read: ReadFiles = []): string | undefined {
  const config = readText(root, '.git/config', read);
  return (config && /\[remote "origin"\][^[]*?url\s*=\s*(\S+)/.exec(config)?.[1]) || undefined;
}

/**
 * The GitHub owner and name (lower case) in a repository URL (`https://github.com/org/name`,
 * `git+ssh://git@github.com/org/name.git`, `git@github.com:org/name.git`, `github:org/name`), without `.git`.
 */
export function githubRepository(url: string): [owner: string, name: string] | undefined {
  const m = /(?:github\.com[:/]|^github:)([\w.-]+)\/([\w.-]+?)(?:\.git)?(?![\w.-])/i.exec(url.trim());
  return m ? [m[1]!.toLowerCase(), m[2]!.toLowerCase()] : undefined;
}

/** The GitHub owner in a repository URL (see `githubRepository`). */
export function githubOwner(url: string): string | undefined {
  return githubRepository(url)?.[0];
}

/**
 * Badges and links of a README about the repository it is the README of: its stars, forks,
 * watchers, issues, pull requests, license, contributors, releases. Other repositories a README
 * names (a demo, a dependency, a pull request of another project) are linked, not badged like this.
 */
const SELF_BADGE = /img\.shields\.io\/github\/(?:stars|forks|watchers|issues|issues-pr|issues-closed|license|last-commit|contributors|release|v\/release|commit-activity\/\w+)\/([\w.-]+)\/([\w.-]+?)(?=[?)"'\s/]|$)|github\.com\/([\w.-]+)\/([\w.-]+)\/(?:stargazers|network\/members|network|watchers|issues|pulls|graphs\/contributors|releases)(?=[?)"'\s/#]|$)/gi;

/**
 * The owner of the repository the root README describes, when its badges and links about itself
 * name one repository at least twice and more often than any other.
 */
function readmeOwners(root: string, read: ReadFiles): Set<string> {
  const text = ['README.md', 'readme.md', 'README.rst', 'README'].map((f) => readText(root, f, read)).find((t) => t !== undefined);
  if (!text) return new Set();
  const counts = new Map<string, number>();
  for (const m of text.matchAll(SELF_BADGE)) {
    const repo = `${m[1] ?? m[3]}/${m[2] ?? m[4]}`.toLowerCase();
    counts.set(repo, (counts.get(repo) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const [top, next] = ranked;
  if (!top || top[1] < 2 || (next && next[1] === top[1])) return new Set();
  return new Set([top[0].split('/')[0]!]);
}

/** Owners named by the root's package metadata: the project's own source URL, not its dependencies'. */
export function metadataOwners(root: string, read: ReadFiles = []): Set<string> {
  return rootMetadata(root, read).owners;
}

/**
 * What the root's package metadata says of the project: its owners (pyproject `[project.urls]`,
 * Cargo.toml `[package] repository`, package.json `repository`, go.mod's module path), the package
 * names it publishes (pyproject `[project]` or `[tool.poetry]` name, package.json `name`) and the
 * commands it installs (pyproject `[project.scripts]`, package.json `bin`): the product's names.
 */
function rootMetadata(root: string, read: ReadFiles): { owners: Set<string>; packages: Set<string>; commands: Set<string> } {
  const owners = new Set<string>();
  const packages = new Set<string>();
  const commands = new Set<string>();
  const command = (n: unknown): void => {
    if (typeof n === 'string' && n) commands.add(n.toLowerCase());
  };
  const add = (url: unknown): void => {
    const owner = typeof url === 'string' ? githubOwner(url) : undefined;
    if (owner) owners.add(owner);
  };
  const name = (n: unknown): void => {
    if (typeof n === 'string' && n) packages.add(normalizePackage(n));
  };
  const pyproject = readToml(root, 'pyproject.toml', read);
  const project = pyproject?.project as { urls?: Record<string, unknown>; name?: unknown; scripts?: Record<string, unknown> } | undefined;
  if (project?.urls && typeof project.urls === 'object') for (const url of Object.values(project.urls)) add(url);
  name(project?.name);
  if (project?.scripts && typeof project.scripts === 'object') for (const c of Object.keys(project.scripts)) command(c);
  name((pyproject?.tool as { poetry?: { name?: unknown } } | undefined)?.poetry?.name);
  const cargo = readToml(root, 'Cargo.toml', read);
  add((cargo?.package as { repository?: unknown } | undefined)?.repository);
  const pkgText = readText(root, 'package.json', read);
  if (pkgText) {
    try {
      const pkg = JSON.parse(pkgText) as { repository?: unknown; name?: unknown; bin?: unknown };
      const url = typeof pkg.repository === 'object' && pkg.repository ? (pkg.repository as { url?: unknown }).url : pkg.repository;
      // npm's shorthand `org/name` means GitHub.
      add(typeof url === 'string' && /^[\w.-]+\/[\w.-]+$/.test(url) ? `github:${url}` : url);
      name(pkg.name);
      // A `bin` string installs the command under the package's own (unscoped) name.
      if (typeof pkg.bin === 'string' && typeof pkg.name === 'string') command(pkg.name.replace(/^@[^/]+\//, ''));
      else if (pkg.bin && typeof pkg.bin === 'object') for (const c of Object.keys(pkg.bin)) command(c);
    } catch {
      // not JSON: no owner or name from it
    }
  }
  const gomod = readText(root, 'go.mod', read);
  const module = gomod && /^\s*module\s+(\S+)/m.exec(gomod)?.[1];
  if (module && /^github\.com\//i.test(module)) add(module);
  return { owners, packages, commands };
}

function readToml(root: string, relPath: string, read: ReadFiles): Record<string, unknown> | undefined {
  return readRootToml(root, relPath, (rel, hash) => read.push([rel, hash]));
}

/** A file of the root, recorded in `read` with its hash when it exists. */
function readText(root: string, relPath: string, read: ReadFiles): string | undefined {
  return readRootFile(root, relPath, (rel, hash) => read.push([rel, hash]));
}

/**
 * What the scanned repository publishes itself: its owners (as `ownersOf`) and the package names its
 * root declares. Worked out once per file, whichever rules ask; `dependsOn` hears of the root's
 * files read the first time (every rule of a file adds to the one result the cache keeps for it).
 */
export interface OwnPublications {
  owners: Set<string>;
  packages: Set<string>;
  /** npm scopes of the project the file belongs to (its nearest package.json's name). */
  scopes?: Set<string>;
  /** Commands the root's project installs (`mcpgateway`): a Docker Hub namespace named for one is the product's own. */
  commands?: Set<string>;
  /** The repository's own name (`zep` of `getzep/zep`), from its origin remote. */
  names?: Set<string>;
  /** Name prefixes the owner publishes its packages under (`chuk` of `chrishayuk`'s `chuk-llm`), see `owner-families.ts`. */
  families?: Set<string>;
}

export function ownPublicationsOf(file: SourceFile, dependsOn?: (relPath: string, hash: string) => void): OwnPublications {
  return file.memo('own-publications', () => {
    const root = repositoryOwners(file, true);
    const project = file.root === undefined ? undefined : nearestProject(file.root, file.relPath, root.read);
    const owners = ownersIn(file, root, dependsOn);
    return {
      owners,
      packages: project ? new Set([...root.packages, ...project.packages]) : root.packages,
      scopes: project?.scopes ?? new Set(),
      commands: root.commands,
      names: root.names,
      families: root.families,
    };
  });
}

/**
 * The project a file below the root belongs to: the package.json or pyproject.toml nearest above it
 * (a package of a monorepo, or another project kept in the tree). Its name is its own package, and
 * an npm scope in that name is its own scope: `@vendor/app`'s config that launches
 * `@vendor/app-mcp` launches a package of the same project.
 */
function nearestProject(root: string, relPath: string, read: ReadFiles): { packages: Set<string>; scopes: Set<string> } | undefined {
  const parts = relPath.split('/').slice(0, -1);
  for (let n = parts.length; n > 0; n--) {
    const dir = parts.slice(0, n).join('/');
    const names: string[] = [];
    const pkgText = readText(root, `${dir}/package.json`, read);
    if (pkgText) {
      try {
        const name = (JSON.parse(pkgText) as { name?: unknown }).name;
        if (typeof name === 'string' && name) names.push(name);
      } catch {
        // not JSON: no name from it
      }
    }
    const pyproject = readToml(root, `${dir}/pyproject.toml`, read);
    const pyName = (pyproject?.project as { name?: unknown } | undefined)?.name;
    if (typeof pyName === 'string' && pyName) names.push(pyName);
    if (pkgText !== undefined || pyproject !== undefined) {
      const packages = new Set(names.map(normalizePackage));
      // Read from the names as `isOwnPackage` compares them (normalised).
      const scopes = new Set([...packages].flatMap((name) => /^@([^/]+)\//.exec(name)?.[1] ?? []));
      return { packages, scopes };
    }
  }
  return undefined;
}

/** Whether an image (`ghcr.io/org/app:tag`, `docker.io/org/app`, `org/app`) is published under one of the owners. */
export function isOwnImage(image: string, own: OwnPublications): boolean {
  const parts = image.toLowerCase().split('@')[0]!.split('/');
  // A first part with a dot or a port, or `localhost`, is a registry host; the namespace follows it.
  const namespace = parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!) ? parts[1] : parts.length > 1 ? parts[0] : undefined;
  if (namespace === undefined || parts.length <= (namespace === parts[0] ? 1 : 2)) return false;
  if (own.owners.has(namespace)) return true;
  if (namespace !== parts[0] && !SHARED_REGISTRY.has(parts[0]!) && parts.slice(2, -1).some((segment) => own.owners.has(segment))) return true;
  // Docker Hub namespaces hold letters and digits only: the organisation `browser-use` publishes as `browseruse`.
  for (const owner of own.owners) if (/[-_.]/.test(owner) && owner.replace(/[-_.]/g, '') === namespace) return true;
  // A namespace named for a command the project installs (`mcpgateway/…` beside `mcpgateway = "…"` in
  // its scripts) is where the product publishes; a short, generic one (`mcp`, `app`) says too little.
  for (const command of own.commands ?? []) if (command.length >= 5 && command.replace(/[-_.]/g, '') === namespace) return true;
  // A brand's namespace is often its name with a company suffix: `zepai/zep` of the repository `zep`,
  // `acmehq/…` of the organisation `acme`. Names shorter than three letters say too little.
  for (const name of [...own.owners, ...(own.names ?? [])]) {
    const bare = name.replace(/[-_.]/g, '');
    if (bare.length >= 3 && namespace.startsWith(bare) && BRAND_SUFFIX.test(namespace.slice(bare.length))) return true;
  }
  return false;
}

/**
 * Whether an image is the product this repository builds: published under one of its owners and
 * named as the repository is (`acme/gateway` in `acme/gateway`). Another of the organisation's
 * images used by a demo of its (`acme/gateway` in `acme/demos`) is not.
 */
export function isOwnProductImage(image: string, own: OwnPublications): boolean {
  const name = image.toLowerCase().split('@')[0]!.split('/').pop()!.split(':')[0]!;
  return (own.names?.has(name) ?? false) && isOwnImage(image, own);
}

/**
 * Registries where the first path segment is an account anyone can open (`ghcr.io/<account>/…`): a
 * later segment there is a name inside that account's space, whoever it names. On a registry whose
 * top-level namespaces its operator assigns (NGC's `nvcr.io/<org>/<team>/…`, a cloud project's
 * `<region>-docker.pkg.dev/<project>/<repository>/…`, a company's own host), a later segment naming
 * the owner is the owner's team or repository there: `nvcr.io/nim/nvidia/…` is NVIDIA's as
 * `nvcr.io/nvidia/…` is.
 */
const SHARED_REGISTRY = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'ghcr.io', 'quay.io', 'registry.gitlab.com', 'gitlab.com']);

/** What a company adds to its product's name for its registry namespace. */
const BRAND_SUFFIX = /^[-_]?(?:ai|hq|io|dev|labs|inc|app)$/;

/**
 * Whether a package (`@org/server`, `org.server`, `org-server`, or a name the root declares) is the
 * repository's own: an npm scope or a name prefix of one of its owners, a prefix the owner publishes
 * its packages under (`chuk-` of `chrishayuk`), or its own project name.
 */
export function isOwnPackage(name: string, own: OwnPublications): boolean {
  const n = normalizePackage(name);
  if (own.packages.has(n)) return true;
  for (const owner of own.owners) if (n.startsWith(`@${owner}/`) || n.startsWith(`${owner}.`) || n.startsWith(`${owner}-`)) return true;
  for (const scope of own.scopes ?? []) if (n.startsWith(`@${scope}/`)) return true;
  for (const family of own.families ?? []) if (n.startsWith(`${family}-`)) return true;
  return false;
}

/** PyPI treats `-`, `_` and `.` runs alike; npm names are lower case. The npm scope's slash stays. */
function normalizePackage(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, (m) => (m.includes('.') ? '.' : '-'));
}

