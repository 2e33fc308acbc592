/**
 * The organisation that owns the scanned repository, when it can be known: from the workflow's own
 * conditions (`github.repository == 'org/name'`, `github.repository_owner == 'org'`) and from the
 * `origin` remote in the repository's `.git/config`. Actions of that organisation are rated apart
 * from third-party ones.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceFile } from '../../../core/source.js';

const remoteOwners = new Map<string, string | undefined>();

/** Owners (lower case) the workflow file or its repository names as its own. */
export function ownersOf(file: SourceFile): Set<string> {
  const out = new Set<string>();
  for (const m of file.text.matchAll(/github\.repository\s*==\s*['"]([\w.-]+)\/[\w.-]+['"]|['"]([\w.-]+)\/[\w.-]+['"]\s*==\s*github\.repository\b|github\.repository_owner\s*==\s*['"]([\w.-]+)['"]/g)) {
    out.add((m[1] ?? m[2] ?? m[3])!.toLowerCase());
  }
  const remote = originOwner(file);
  if (remote) out.add(remote);
  return out;
}

/** `git@github.com:org/name.git` or `https://github.com/org/name` in the root's `.git/config`, read once per root. */
function originOwner(file: SourceFile): string | undefined {
  if (!file.absPath || !file.absPath.endsWith(file.relPath)) return undefined;
  const root = file.absPath.slice(0, file.absPath.length - file.relPath.length);
  if (remoteOwners.has(root)) return remoteOwners.get(root);
  let owner: string | undefined;
  try {
    const config = readFileSync(path.join(root, '.git', 'config'), 'utf8');
    const origin = /\[remote "origin"\][^[]*?url\s*=\s*(\S+)/.exec(config)?.[1];
    owner = origin ? /github\.com[:/]([\w.-]+)\//i.exec(origin)?.[1]?.toLowerCase() : undefined;
  } catch {
    owner = undefined;
  }
  remoteOwners.set(root, owner);
  return owner;
}
