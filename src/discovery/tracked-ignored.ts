/**
 * Files git tracks although a `.gitignore` pattern matches them. Git keeps tracking a file once it
 * is committed, whatever is ignored later (`*.yaml` in `.gitignore`, with the workflows committed
 * before): such a file is in every clone, so the walk must not skip it. Asked of git once per scan
 * (`git ls-files --cached --ignored --exclude-standard`), only when the scan root is a work tree's
 * top and the walk has found something ignored; without git, or outside a work tree, nothing is added.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface TrackedIgnored {
  /** Tracked files an ignore pattern matches, relative to the root, with `/`. */
  files: Set<string>;
  /** Their folders, each level: an ignored folder holding one is walked, not pruned. */
  dirs: Set<string>;
}

const NONE: TrackedIgnored = { files: new Set(), dirs: new Set() };
/** The listing is paths only; a repository with a million ignored tracked files is not a case to plan for. */
const MAX_OUTPUT = 64 * 1024 * 1024;

export function trackedIgnored(root: string): TrackedIgnored {
  if (!existsSync(path.join(root, '.git'))) return NONE;
  const r = spawnSync('git', ['-c', 'core.quotePath=false', 'ls-files', '-z', '--cached', '--ignored', '--exclude-standard'], { cwd: root, maxBuffer: MAX_OUTPUT, timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] });
  if (r.error || r.status !== 0 || !r.stdout?.length) return NONE;
  const files = new Set(r.stdout.toString('utf8').split('\0').filter(Boolean));
  const dirs = new Set<string>();
  for (const f of files) for (let i = f.indexOf('/'); i >= 0; i = f.indexOf('/', i + 1)) dirs.add(f.slice(0, i));
  return { files, dirs };
}
