/**
 * The result cache: what each file gave (findings, errors, skip, and the facts cross-file analyses
 * need: identities, inventory), so that a repeat scan reads and hashes each file and analyzes only
 * those whose content changed. Cross-file analyses always run again, on the cached facts.
 *
 * - One pack per scope: the scanned root and paths, the rule set (a digest of the code and rule
 *   data, so any change to either starts afresh) and the configuration. An entry is a file's path,
 *   the hash of its bytes, its size, its stamp and its result; an entry is used when the file's
 *   size and stamp are unchanged (it is then not read: see stamp.ts), else when its hash matches.
 * - Written once at the end of a scan, to a temporary file renamed over the pack: a crash half-way
 *   leaves the previous pack, and two scans at once each write a whole pack (the last one stays).
 *   A pack that cannot be read or has the wrong shape is ignored, never half-used.
 * - Nothing secret: findings are already redacted, identity keys of secrets are hashes, labels and
 *   inventory evidence are redacted (a test scans planted secrets and searches the pack for them).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../core/config.js';
import { contentHash } from '../core/fingerprint.js';
import { MISSING } from '../core/root-file.js';
import { folderDigest, isFolderKey } from '../discovery/folder-digest.js';
import { PACKAGE_ROOT } from '../core/paths.js';
import { VERSION } from '../core/version.js';
import { hitResult, NONE, type FileResult, type QueuedFile } from './analyze-file.js';
import { isStamp, sameStamp, settledBefore, stampsEqual, stampsOn, type Stamp } from './stamp.js';
import { FolderStore, type FolderRecord } from './folder-store.js';

/** Bumped when the pack's shape changes. */
const FORMAT = 2;
/** Stamps that all changed, none unchanged, after which a scan stops asking for them (see `stampsStale`). */
const STALE_STAMPS = 64;
/** Packs not written for this long are removed when another pack is written. */
const STALE_MS = 30 * 24 * 3600 * 1000;

/** The per-user cache folder: `$XDG_CACHE_HOME/agentwarden`, else `~/.cache/agentwarden`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(homedir(), '.cache');
  return path.join(base, 'agentwarden');
}

/** A result with nothing in it is stored as its size alone; a file with no settled stamp has `0`. */
type Entry = [hash: string, size: number, stamp: Stamp | 0, result?: StoredResult];
type StoredResult = Omit<FileResult, 'bytes' | 'hash' | 'hit' | 'stamp'>;

interface Pack {
  format: number;
  scope: string;
  entries: Record<string, Entry>;
  /** The walk's folders' listings (see folder-store.ts), kept where stamps are trusted. */
  folders?: Record<string, FolderRecord>;
  /** The stamp of git's index the listings stand with. */
  index?: Stamp | 0;
}

export interface CacheScope {
  root: string;
  paths: string[];
  config: Config;
}

export class ResultCache {
  private readonly old: PackEntries;
  private readonly next = new Map<string, Entry>();
  private readonly depHashes = new Map<string, string>();
  /** Whether stamps may stand for hashes (read once: the environment is slow to ask per file). */
  private readonly stamps = stampsOn();
  hits = 0;
  misses = 0;
  /** Files whose stamp vouched for them, and files whose stamp had changed. */
  private stampHits = 0;
  private stampMisses = 0;
  /** Hits whose stamp changed (a file touched but not changed): the pack is written again with the new one. */
  private restamped = 0;

  /** The folders' listings the walk may reuse and keeps (see folder-store.ts); none with stamps off. */
  readonly folders?: FolderStore;
  /** With stamps off, the listings the pack held, written back as they were (each is checked by its stamps when used). */
  private readonly keptFolders?: Pick<Pack, 'folders' | 'index'>;

  private constructor(
    readonly file: string,
    private readonly scope: string,
    pack: Partial<Pack>,
    private readonly root: string,
    /** When this scan began: a stamp is kept only for a file settled before then. */
    private readonly started: number,
  ) {
    this.old = new PackEntries(pack.entries);
    if (this.stamps) this.folders = FolderStore.open(root, pack.folders, pack.index, started);
    else if (pack.folders) this.keptFolders = { folders: pack.folders, index: pack.index };
  }

  /** The cache of this scope in `dir`; a missing, unreadable or malformed pack is an empty cache. */
  static open(dir: string, scope: CacheScope, started = Date.now()): ResultCache {
    const key = scopeKey(scope);
    const file = path.join(dir, `v${FORMAT}`, `${key.slice(0, 40)}.json`);
    return new ResultCache(file, key, readPack(file, key), path.resolve(scope.root), started);
  }

  /** Whether a previous scan of this scope left results: most files are then expected to be served from them. */
  get warm(): boolean {
    return this.old.size > 0;
  }

  /** Stamps asked for so far (see `stampsStale`). */
  get stampsAsked(): number {
    return this.stampHits + this.stampMisses;
  }

  /** How many files the previous scan of this scope cached. */
  get size(): number {
    return this.old.size;
  }

  /** The hash a file had when it was cached (`''` when it was not): the file is then hashed, and analyzed only if it differs. */
  expected(relPath: string): string {
    const entry = this.old.get(relPath);
    if (!entry) return '';
    // A result that followed other files (helper modules) stands only while each is unchanged.
    const deps = entry[3]?.deps;
    if (deps) for (const dep in deps) if (this.hashOf(dep) !== deps[dep]) return '';
    return entry[0];
  }

  /**
   * The cached result of a file whose size and stamp are what they were (see stamp.ts), without
   * reading it; undefined when the file must be read and hashed (reading it takes its stamp again,
   * after its bytes). A result that followed other files is left to `expected`, which hashes them.
   * With stamps off, or once they proved stale, `file.stamp` is `0`: none is taken.
   */
  unchangedByStamp(file: QueuedFile): FileResult | undefined {
    if (!this.stamps || this.stampsStale()) {
      file.stamp = 0;
      return undefined;
    }
    const entry = this.old.get(file.relPath);
    if (!entry || !entry[2] || entry[3]?.deps) return undefined;
    let st: Stats;
    try {
      st = statSync(file.absPath);
    } catch {
      return undefined;
    }
    if (st.size !== entry[1] || !sameStamp(st, entry[2])) {
      this.stampMisses++;
      return undefined;
    }
    this.stampHits++;
    return hitResult(entry[1], entry[0], entry[2]);
  }

  /**
   * Whether the stamps of this tree turned out all new (a fresh checkout: a CI job that restored the
   * cache): after the first files, none is asked for any more, and each file is read and hashed at
   * once, without taking its stamp (a `stat` per file, for a pack written only if some file changed,
   * and then for a checkout that is thrown away). Costs only speed: if later files would have
   * matched, or if the checkout stays (once a file changed and the pack was written, the scan after
   * reads the files written without a stamp and keeps theirs).
   */
  private stampsStale(): boolean {
    return this.stampHits === 0 && this.stampMisses >= STALE_STAMPS;
  }

  /** A helper module's hash now (`MISSING` when it cannot be read), or a folder's digest (see folder-digest.ts), read once per scan however many results depend on it. */
  private hashOf(relPath: string): string {
    const known = this.depHashes.get(relPath);
    if (known !== undefined) return known;
    let now: string;
    if (isFolderKey(relPath)) now = folderDigest(this.root, relPath);
    else {
      try {
        now = contentHash(readFileSync(path.join(this.root, relPath)));
      } catch {
        now = MISSING;
      }
    }
    this.depHashes.set(relPath, now);
    return now;
  }

  /**
   * A file's result from a scan: a hit takes the cached result (the analysis was skipped), a miss
   * is recorded. Returns the result to report.
   */
  settle(relPath: string, result: FileResult): FileResult {
    const hash = result.hash;
    if (hash === undefined) return result; // not hashed (unreadable): never cached
    const stamp = result.stamp && settledBefore(result.stamp, this.started) ? result.stamp : 0;
    if (result.hit) {
      const entry = this.old.get(relPath);
      if (entry && entry[0] === hash) {
        this.hits++;
        // With stamps off none is taken: the entry keeps the one it had, for the next scan that trusts stamps.
        const restamp = this.stamps && !stampsEqual(stamp, entry[2]);
        this.next.set(relPath, restamp ? withStamp(entry, stamp) : entry);
        if (restamp) this.restamped++;
        return fromEntry(entry);
      }
      // The pack changed under us (cannot happen within one scan): report the file as unanalyzed rather than guess.
      return { ...emptyResult(result.bytes), errors: [{ path: relPath, message: 'result cache inconsistent: file not analyzed, run again with --no-cache' }] };
    }
    this.misses++;
    this.next.set(relPath, toEntry(hash, stamp, result));
    return result;
  }

  /**
   * Writes the pack of this scan (only the files it saw) atomically; a failure only costs the next
   * scan its speed. Not written when nothing but stamps changed: no file's content, no file added or
   * removed. After a fresh checkout (every stamp new: a CI job that restored the cache, which throws
   * its checkout away) the new stamps and listings would serve no later scan, and writing them costs
   * the job the whole pack; a checkout that stays learns them once a file changes (see `stampsStale`).
   */
  save(): string | undefined {
    if (this.misses === 0 && this.next.size === this.old.size && (this.stampsStale() || (this.restamped === 0 && !this.folders?.changed))) return undefined;
    const dir = path.dirname(this.file);
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(dir, { recursive: true });
      const pack: Pack = { format: FORMAT, scope: this.scope, entries: Object.fromEntries(this.next) };
      if (this.folders) {
        pack.folders = this.folders.next;
        pack.index = this.folders.index;
      } else Object.assign(pack, this.keptFolders);
      writeFileSync(tmp, JSON.stringify(pack));
      renameSync(tmp, this.file);
      pruneStale(dir, this.file);
      return undefined;
    } catch (err) {
      try {
        unlinkSync(tmp);
      } catch {
        // never written
      }
      return `result cache not written: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
    }
  }
}

function emptyResult(bytes: number): FileResult {
  return { findings: NONE, errors: NONE, identities: NONE, inventory: NONE, bytes, suppressed: 0 };
}

function toEntry(hash: string, stamp: Stamp | 0, r: FileResult): Entry {
  const empty = !r.findings.length && !r.errors.length && !r.identities.length && !r.inventory.length && !r.skipped && !r.suppressed && !r.deps;
  if (empty) return [hash, r.bytes, stamp];
  const stored: StoredResult = { findings: r.findings, errors: r.errors, identities: r.identities, inventory: r.inventory, suppressed: r.suppressed };
  if (r.skipped) stored.skipped = r.skipped;
  if (r.deps) stored.deps = r.deps;
  return [hash, r.bytes, stamp, stored];
}

/** The entry with another stamp; an empty result stays absent (JSON would write it as `null`, which no pack may hold). */
function withStamp(entry: Entry, stamp: Stamp | 0): Entry {
  return entry[3] ? [entry[0], entry[1], stamp, entry[3]] : [entry[0], entry[1], stamp];
}

function fromEntry(entry: Entry): FileResult {
  const [, bytes, , stored] = entry;
  if (!stored) return emptyResult(bytes);
  return { ...structuredClone(stored), bytes };
}

/**
 * The entries of the previous scan's pack, as parsed: every entry is checked once (one malformed
 * entry and the whole pack is ignored: a damaged pack is never half-used), then looked up where
 * the parse left them, not copied into a map (on a large tree the copy cost more than the parse).
 */
class PackEntries {
  readonly size: number;

  constructor(private readonly entries: Record<string, Entry> = {}) {
    let n = 0;
    for (const key in entries) {
      if (!isEntry(entries[key])) {
        this.entries = {};
        n = 0;
        break;
      }
      n++;
    }
    this.size = n;
  }

  get(relPath: string): Entry | undefined {
    return Object.hasOwn(this.entries, relPath) ? this.entries[relPath] : undefined;
  }
}

function isEntry(e: unknown): e is Entry {
  if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'number' || (e[2] !== 0 && !isStamp(e[2]))) return false;
  return e[3] === undefined || (typeof e[3] === 'object' && e[3] !== null && Array.isArray((e[3] as StoredResult).findings));
}

/** The previous scan's pack of this scope, or nothing of it (missing, unreadable, another scope or shape). */
function readPack(file: string, scope: string): Partial<Pack> {
  let pack: Pack;
  try {
    pack = JSON.parse(readFileSync(file, 'utf8')) as Pack;
  } catch {
    return {};
  }
  if (!pack || pack.format !== FORMAT || pack.scope !== scope || typeof pack.entries !== 'object' || pack.entries === null || Array.isArray(pack.entries)) return {};
  return pack;
}

function pruneStale(dir: string, keep: string): void {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (p === keep) continue;
    try {
      if (now - statSync(p).mtimeMs > STALE_MS) rmSync(p, { force: true });
    } catch {
      // another scan removed it
    }
  }
}

function scopeKey(scope: CacheScope): string {
  const material = JSON.stringify({ format: FORMAT, ruleset: rulesetVersion(), root: scope.root, paths: [...scope.paths].sort(), config: scope.config });
  return createHash('sha256').update(material).digest('hex');
}

let ruleset: string | undefined;

/**
 * What the results depend on besides the file and the config: the scanner's code and its rule
 * data. The build records a digest of `dist/` and `rules/` in `dist/ruleset-version`; running from
 * sources (the tests), the digest is taken of `src/` and `rules/`.
 */
export function rulesetVersion(): string {
  if (ruleset) return ruleset;
  const fromDist = fileURLToPath(import.meta.url).includes(`${path.sep}dist${path.sep}`);
  const stamp = path.join(PACKAGE_ROOT, 'dist', 'ruleset-version');
  if (fromDist && existsSync(stamp)) ruleset = readFileSync(stamp, 'utf8').trim();
  else ruleset = digestTrees([path.join(PACKAGE_ROOT, 'src'), path.join(PACKAGE_ROOT, 'rules')]);
  return ruleset;
}

/** sha256 over the version, then every file's relative path and bytes, in path order. */
export function digestTrees(dirs: string[]): string {
  const hash = createHash('sha256').update(VERSION);
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .filter((f) => !f.endsWith(`${path.sep}ruleset-version`))
      .sort();
    for (const f of files) hash.update(path.relative(dir, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}
