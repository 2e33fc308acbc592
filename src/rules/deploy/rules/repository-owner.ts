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
import { parse as parseToml } from 'smol-toml';
import type { SourceFile } from '../../../core/source.js';

const rootOwners = new Map<string, Set<string>>();

/** Owners (lower case) the workflow file or its repository names as its own. */
export function ownersOf(file: SourceFile): Set<string> {
  const out = new Set<string>();
  for (const m of file.text.matchAll(/github\.repository\s*==\s*['"]([\w.-]+)\/[\w.-]+['"]|['"]([\w.-]+)\/[\w.-]+['"]\s*==\s*github\.repository\b|github\.repository_owner\s*==\s*['"]([\w.-]+)['"]/g)) {
    out.add((m[1] ?? m[2] ?? m[3])!.toLowerCase());
  }
  for (const owner of repositoryOwners(file)) out.add(owner);
  return out;
}

/** The owners the scanned root declares, read once per root: origin first, project metadata when origin says nothing. */
function repositoryOwners(file: SourceFile): Set<string> {
  if (!file.absPath || !file.absPath.endsWith(file.relPath)) return new Set();
  const root = file.absPath.slice(0, file.absPath.length - file.relPath.length);
  let owners = rootOwners.get(root);
  if (!owners) {
    const origin = originOwner(root);
    owners = origin ? new Set([origin]) : metadataOwners(root);
    rootOwners.set(root, owners);
  }
  return owners;
}

/** `git@github.com:org/name.git` or `https://github.com/org/name` in the root's `.git/config`. */
function originOwner(root: string): string | undefined {
  const config = readText(path.join(root, '.git', 'config'));
  const origin = config && /\[remote "origin"\][^[]*?url\s*=\s*(\S+)/.exec(config)?.[1];
  return origin ? githubOwner(origin) : undefined;
}

/** The GitHub owner in a repository URL (`https://github.com/org/name`, `git+ssh://git@github.com/org/name.git`, `github:org/name`). */
export function githubOwner(url: string): string | undefined {
  const m = /(?:github\.com[:/]|^github:)([\w.-]+)\/[\w.-]+/i.exec(url.trim());
  return m?.[1]?.toLowerCase();
}

/** Owners named by the root's package metadata: the project's own source URL, not its dependencies'. */
export function metadataOwners(root: string): Set<string> {
  const out = new Set<string>();
  const add = (url: unknown): void => {
    const owner = typeof url === 'string' ? githubOwner(url) : undefined;
    if (owner) out.add(owner);
  };
  const pyproject = readToml(path.join(root, 'pyproject.toml'));
  const urls = (pyproject?.project as { urls?: Record<string, unknown> } | undefined)?.urls;
  if (urls && typeof urls === 'object') for (const url of Object.values(urls)) add(url);
  const cargo = readToml(path.join(root, 'Cargo.toml'));
  add((cargo?.package as { repository?: unknown } | undefined)?.repository);
  const pkgText = readText(path.join(root, 'package.json'));
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
  const gomod = readText(path.join(root, 'go.mod'));
  const module = gomod && /^\s*module\s+(\S+)/m.exec(gomod)?.[1];
  if (module && /^github\.com\//i.test(module)) add(module);
  return out;
}

function readToml(file: string): Record<string, unknown> | undefined {
  const text = readText(file);
  if (!text) return undefined;
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
