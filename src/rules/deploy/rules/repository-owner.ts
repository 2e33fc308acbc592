/**
 * The organisation that owns the scanned repository, when it can be known: from the workflow's own
 * conditions (`github.repository == 'org/name'`, `github.repository_owner == 'org'`), from the
 * `origin` remote in the repository's `.git/config`, and, when origin names no GitHub repository (a
 * local mirror, another host), from the project's own metadata at the root: pyproject
 * `[project.urls]`, package.json `repository`, go.mod's module path, Cargo.toml `[package] repository`.
 * Actions of that organisation are rated apart from third-party ones. Files that name people or
 * sponsors (CODEOWNERS, FUNDING.yml) are not evidence of the owning organisation and are not read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { contentHash } from '../../../core/fingerprint.js';
import { tomlLib } from '../../../parsers/libraries.js';
import type { SourceFile } from '../../../core/source.js';

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
