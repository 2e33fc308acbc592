/**
 * Another file of the scanned root, read on behalf of the file being analyzed (the repository's
 * metadata, a workflow the file follows, the package.json it belongs to). What was read is reported
 * to `dependsOn` with the hash of its bytes, so the result cache keeps the file's result only while
 * that one is unchanged.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contentHash } from './fingerprint.js';

export type DependsOn = (relPath: string, hash: string) => void;

/** The bytes' hash a dependency is recorded with when the file is missing: the result stands only while it still is. */
export const MISSING = '';

/** Files of roots that are not on disk (a rule's example, scanned as a small repository), by root: relative path → text. */
const held = new Map<string, ReadonlyMap<string, string>>();

/** Runs `work` with `files` standing for the files of `root`, which is not on disk. */
export async function withRootFiles<T>(root: string, files: ReadonlyMap<string, string>, work: () => Promise<T>): Promise<T> {
  held.set(root, files);
  facts.delete(root);
  try {
    return await work();
  } finally {
    held.delete(root);
    facts.delete(root);
  }
}

/** A fact worked out from files of a root, with the files it read and their hashes. */
interface RootFact {
  value: unknown;
  read: [relPath: string, hash: string][];
}

/** Facts of the scan under way, by root and key (see `rootFact`). */
const facts = new Map<string, Map<string, RootFact>>();

/**
 * A fact about a root worked out from its files (an app's package.json, its middleware), computed
 * once per scan however many files ask: `compute` reads through `readRootFile` with the `dependsOn`
 * it is given, and every later caller's `dependsOn` hears of the same files with the same hashes, so
 * each file's cached result still goes when one of them changes.
 */
export function rootFact<T>(root: string, key: string, dependsOn: DependsOn | undefined, compute: (dependsOn: DependsOn) => T): T {
  let ofRoot = facts.get(root);
  if (!ofRoot) facts.set(root, (ofRoot = new Map()));
  let fact = ofRoot.get(key);
  if (!fact) {
    const read: RootFact['read'] = [];
    fact = { value: compute((relPath, hash) => read.push([relPath, hash])), read };
    ofRoot.set(key, fact);
  }
  if (dependsOn) for (const [relPath, hash] of fact.read) dependsOn(relPath, hash);
  return fact.value as T;
}

/** Forgets the facts of earlier scans: a root's files may have changed since. */
export function forgetRootFacts(): void {
  facts.clear();
}

/** The text of `relPath` under `root`; undefined when it cannot be read (recorded too: the file may appear). */
export function readRootFile(root: string, relPath: string, dependsOn?: DependsOn): string | undefined {
  const files = held.get(root);
  if (files) {
    const text = files.get(path.posix.normalize(relPath));
    dependsOn?.(relPath, text === undefined ? MISSING : contentHash(Buffer.from(text, 'utf8')));
    return text;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.join(root, relPath));
  } catch {
    dependsOn?.(relPath, MISSING);
    return undefined;
  }
  dependsOn?.(relPath, contentHash(bytes));
  return bytes.toString('utf8');
}

/**
 * The names of the files directly in `dir` (relative to the root, posix; `.` for the root); none
 * when it cannot be read. A caller whose result depends on the listing records the folder itself
 * (`folderKey`, `folderDigest`), since a file added later changes it.
 */
export function rootFolderFiles(root: string, dir: string): string[] {
  const files = held.get(root);
  const prefix = dir === '.' || dir === '' ? '' : `${path.posix.normalize(dir)}/`;
  if (files) {
    return [...files.keys()].map((p) => path.posix.normalize(p)).filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).map((p) => p.slice(prefix.length));
  }
  try {
    return readdirSync(path.join(root, dir), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
  } catch {
    return [];
  }
}
