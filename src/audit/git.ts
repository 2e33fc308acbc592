/**
 * The commit a scanned tree is at, read from `.git` without spawning git: HEAD, loose refs, packed
 * refs, and `.git` files of worktrees and submodules. Any surprise yields `undefined`, never a throw.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface GitInfo {
  commit: string;
  /** Branch name when HEAD is a branch; undefined when detached. */
  branch?: string;
}

/** The git directory of the repository containing `start` (walking up), or undefined. */
export function findGitDir(start: string): string | undefined {
  let dir = path.resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    return undefined;
  }
  for (;;) {
    const dotGit = path.join(dir, '.git');
    if (existsSync(dotGit)) {
      try {
        if (statSync(dotGit).isDirectory()) return dotGit;
        const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
        return m ? path.resolve(dir, m[1]!) : undefined;
      } catch {
        return undefined;
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

export function readGitInfo(start: string): GitInfo | undefined {
  const gitDir = findGitDir(start);
  if (!gitDir) return undefined;
  try {
    const head = readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    if (SHA.test(head)) return { commit: head };
    const m = /^ref:\s*(refs\/\S+)$/.exec(head);
    if (!m) return undefined;
    const ref = m[1]!;
    const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
    // Worktrees keep shared refs in the common directory.
    let common = gitDir;
    const commonFile = path.join(gitDir, 'commondir');
    if (existsSync(commonFile)) common = path.resolve(gitDir, readFileSync(commonFile, 'utf8').trim());
    const commit = resolveRef(gitDir, ref) ?? resolveRef(common, ref);
    return commit ? { commit, ...(branch && { branch }) } : undefined;
  } catch {
    return undefined;
  }
}

function resolveRef(gitDir: string, ref: string): string | undefined {
  const loose = path.join(gitDir, ...ref.split('/'));
  if (existsSync(loose)) {
    const value = readFileSync(loose, 'utf8').trim();
    if (SHA.test(value)) return value;
  }
  const packed = path.join(gitDir, 'packed-refs');
  if (existsSync(packed)) {
    for (const line of readFileSync(packed, 'utf8').split('\n')) {
      const [sha, name] = line.trim().split(/\s+/);
      if (name === ref && sha && SHA.test(sha)) return sha;
    }
  }
  return undefined;
}
