/**
 * The organisation that owns the scanned repository, when it can be known: from the workflow's own
 * conditions (`github.repository == 'org/name'`, `github.repository_owner == 'org'`), from the
 * `origin` remote in the repository's `.git/config`, and, when origin names no GitHub repository (a
 * local mirror, another host), from the project's own metadata at the root: pyproject
 * `[project.urls]`, package.json `repository`, go.mod's module path, Cargo.toml `[package] repository`.
 * Actions, container images and packages of that organisation (and the packages the root itself
 * publishes) are rated apart from third-party ones: they move only when the project moves them.
 * Files that name people or sponsors (CODEOWNERS, FUNDING.yml) are not evidence of the owning
 * organisation and are not read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { contentHash } from '../core/fingerprint.js';
import { tomlLib } from '../parsers/libraries.js';
import type { SourceFile } from '../core/source.js';

/** Files of the root read to name its owners, with the hash of their bytes: results that used them depend on them. */
type ReadFiles = [relPath: string, hash: string][];

/**
 * Owners (lower case) the workflow file or its repository names as its own. `dependsOn` hears of
 * each file of the root that was read to tell (so the result cache drops a result when one changes).
 */
export function ownersOf(file: SourceFile, dependsOn?: (relPath: string, hash: string) => void): Set<string> {
  const out = new Set<string>();
  for (const m of file.text.matchAll(/github\.repository\s*==\s*['"]([\w.-]+)\/[\w.-]+['"]|['"]([\w.-]+)\/[\w.-]+['"]\s*==\s*github\.repository\b|github\.repository_owner\s*==\s*['"]([\w.-]+)['"]/g)) {
    out.add((m[1] ?? m[2] ?? m[3])!.toLowerCase());
  }
  const root = repositoryOwners(file);
  for (const owner of root.owners) out.add(owner);
  for (const [relPath, hash] of root.read) dependsOn?.(relPath, hash);
  return out;
}

/**
 * The owners the scanned root declares: origin first, project metadata when origin says nothing.
 * Read for each workflow (a few small files), so a scan never reuses what an earlier one read.
 */
function repositoryOwners(file: SourceFile): { owners: Set<string>; read: ReadFiles } {
  if (!file.absPath || !file.absPath.endsWith(file.relPath)) return { owners: new Set(), read: [] };
  const root = file.absPath.slice(0, file.absPath.length - file.relPath.length);
  const read: ReadFiles = [];
  const origin = originOwner(root, read);
  return { owners: origin ? new Set([origin]) : metadataOwners(root, read), read };
}

/** `git@github.com:org/name.git` or `https://github.com/org/name` in the root's `.git/config`. */
function originOwner(root: string, read: ReadFiles): string | undefined {
  const config = readText(root, '.git/config', read);
  const origin = config && /\[remote "origin"\][^[]*?url\s*=\s*(\S+)/.exec(config)?.[1];
  return origin ? githubOwner(origin) : undefined;
}

/** The GitHub owner in a repository URL (`https://github.com/org/name`, `git+ssh://git@github.com/org/name.git`, `github:org/name`). */
export function githubOwner(url: string): string | undefined {
  const m = /(?:github\.com[:/]|^github:)([\w.-]+)\/[\w.-]+/i.exec(url.trim());
  return m?.[1]?.toLowerCase();
}

/** Owners named by the root's package metadata: the project's own source URL, not its dependencies'. */
export function metadataOwners(root: string, read: ReadFiles = []): Set<string> {
  const out = new Set<string>();
  const add = (url: unknown): void => {
    const owner = typeof url === 'string' ? githubOwner(url) : undefined;
    if (owner) out.add(owner);
  };
  const pyproject = readToml(root, 'pyproject.toml', read);
  const urls = (pyproject?.project as { urls?: Record<string, unknown> } | undefined)?.urls;
  if (urls && typeof urls === 'object') for (const url of Object.values(urls)) add(url);
  const cargo = readToml(root, 'Cargo.toml', read);
  add((cargo?.package as { repository?: unknown } | undefined)?.repository);
  const pkgText = readText(root, 'package.json', read);
  if (pkgText) {
    try {
      const repo = (JSON.parse(pkgText) as { repository?: unknown }).repository;
      const url = typeof repo === 'object' && repo ? (repo as { url?: unknown }).url : repo;
      // npm's shorthand `org/name` means GitHub.
      add(typeof url === 'string' && /^[\w.-]+\/[\w.-]+$/.test(url) ? `github:${url}` : url);
    } catch {
      // not JSON: no owner from it
    }
  }
  const gomod = readText(root, 'go.mod', read);
  const module = gomod && /^\s*module\s+(\S+)/m.exec(gomod)?.[1];
  if (module && /^github\.com\//i.test(module)) add(module);
  return out;
}

function readToml(root: string, relPath: string, read: ReadFiles): Record<string, unknown> | undefined {
  const text = readText(root, relPath, read);
  if (!text) return undefined;
  try {
    return tomlLib().parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** A file of the root, recorded in `read` with its hash when it exists. */
function readText(root: string, relPath: string, read: ReadFiles): string | undefined {
  try {
    const bytes = readFileSync(path.join(root, relPath));
    read.push([relPath, contentHash(bytes)]);
    return bytes.toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * What the scanned repository publishes itself: its owners (as `ownersOf`) and the package names its
 * root declares (pyproject `[project]` or `[tool.poetry]` name, package.json `name`).
 */
export interface OwnPublications {
  owners: Set<string>;
  packages: Set<string>;
}

export function ownPublicationsOf(file: SourceFile, dependsOn?: (relPath: string, hash: string) => void): OwnPublications {
  const owners = ownersOf(file, dependsOn);
  const packages = new Set<string>();
  if (file.absPath && file.absPath.endsWith(file.relPath)) {
    const root = file.absPath.slice(0, file.absPath.length - file.relPath.length);
    const read: ReadFiles = [];
    const pyproject = readToml(root, 'pyproject.toml', read);
    const names = [
      (pyproject?.project as { name?: unknown } | undefined)?.name,
      ((pyproject?.tool as { poetry?: { name?: unknown } } | undefined)?.poetry)?.name,
    ];
    const pkgText = readText(root, 'package.json', read);
    if (pkgText) {
      try {
        names.push((JSON.parse(pkgText) as { name?: unknown }).name);
      } catch {
        // not JSON: no name from it
      }
    }
    for (const n of names) if (typeof n === 'string' && n) packages.add(normalizePackage(n));
    for (const [relPath, hash] of read) dependsOn?.(relPath, hash);
  }
  return { owners, packages };
}

/** Whether an image (`ghcr.io/org/app:tag`, `docker.io/org/app`, `org/app`) is published under one of the owners. */
export function isOwnImage(image: string, own: OwnPublications): boolean {
  const parts = image.toLowerCase().split('@')[0]!.split('/');
  // A first part with a dot or a port, or `localhost`, is a registry host; the namespace follows it.
  const namespace = parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!) ? parts[1] : parts.length > 1 ? parts[0] : undefined;
  return namespace !== undefined && parts.length > (namespace === parts[0] ? 1 : 2) && own.owners.has(namespace);
}

/**
 * Whether a package (`@org/server`, `org.server`, `org-server`, or a name the root declares) is the
 * repository's own: an npm scope or a name prefix of one of its owners, or its own project name.
 */
export function isOwnPackage(name: string, own: OwnPublications): boolean {
  const n = normalizePackage(name);
  if (own.packages.has(n)) return true;
  for (const owner of own.owners) if (n.startsWith(`@${owner}/`) || n.startsWith(`${owner}.`) || n.startsWith(`${owner}-`)) return true;
  return false;
}

/** PyPI treats `-`, `_` and `.` runs alike; npm names are lower case. The npm scope's slash stays. */
function normalizePackage(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, (m) => (m.includes('.') ? '.' : '-'));
}

