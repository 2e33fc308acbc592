/**
 * Git history as a source of files, for `scan --history`: every blob reachable from the chosen
 * revisions, each unique blob once, read in one stream. Three git processes are chained through
 * this thread with backpressure, so memory stays flat whatever the size of the history:
 *
 *   git rev-list --objects --filter=object:type=blob <revs>   → "<oid> <path>" of each unique blob
 *   git cat-file --batch-check                                 → its size (large blobs left out unread)
 *   git cat-file --batch                                       → its bytes
 *
 * Which commit brought a blob in is asked afterwards, only for the few blobs that hold a finding
 * (`introducingCommits`, one `git log --raw` stream).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { UsageError } from '../core/errors.js';
import { DEFAULT_MAX_FILE_SIZE, SourceFile } from '../core/source.js';
import type { ScanError, SkippedFile } from '../core/types.js';
import { classify, isBinaryByName } from './classify.js';
import { decode } from './decode.js';
import { excludeFilter } from './git.js';

export interface HistoryRange {
  /** Only blobs new since this revision (not reachable from it): `<rev>..HEAD`, or `<rev>..` the `logOpts` revisions. */
  since?: string;
  /** Revision arguments in place of `--all` (e.g. `main --since=2024-01-01`); see `LOG_OPTS`. */
  logOpts?: string[];
}

export interface HistoryOptions extends HistoryRange {
  root: string;
  exclude?: string[];
  maxFileSize?: number;
}

/** One unique blob: decoded, or why not. */
export interface HistoryBlob {
  oid: string;
  source?: SourceFile;
  skipped?: SkippedFile;
  error?: ScanError;
}

/**
 * `--log-opts` is handed to `git rev-list` and `git log`: only options that choose commits are
 * accepted (no option that writes files, runs programs or changes the output format).
 */
const LOG_OPTS = [
  '--all', '--branches', '--tags', '--remotes', '--glob=', '--exclude=', '--not', '--first-parent', '--no-merges',
  '--merges', '--since=', '--until=', '--after=', '--before=', '--author=', '--committer=', '--max-count=',
  '--skip=', '--max-age=', '--min-age=', '--reflog', '--ancestry-path', '--',
];

/** `--log-opts "<opts>"` split on spaces and checked: revisions, paths after `--`, and the options above. */
export function parseLogOpts(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const args = value.split(/\s+/).filter(Boolean);
  let paths = false;
  for (const a of args) {
    if (paths) continue;
    if (a === '--') paths = true;
    else if (a.startsWith('-') && !LOG_OPTS.some((o) => (o.endsWith('=') ? a.startsWith(o) : a === o)) && !/^-n\d*$/.test(a)) {
      throw new UsageError(`--log-opts: "${a}" is not accepted (use revisions, paths after --, or: ${LOG_OPTS.join(' ')})`);
    }
  }
  return args.length ? args : undefined;
}

/** The revision arguments for rev-list and log. */
export function revisionArgs(range: HistoryRange): string[] {
  if (range.since?.startsWith('-')) throw new UsageError(`--since: not a revision: ${range.since}`);
  const revs = range.logOpts ?? (range.since ? ['HEAD'] : ['--all']);
  if (!range.since) return revs;
  // `^rev` before any `--` so that paths in the options stay paths.
  const dash = revs.indexOf('--');
  return dash < 0 ? [`^${range.since}`, ...revs] : [`^${range.since}`, ...revs.slice(0, dash), ...revs.slice(dash)];
}

/** Checks that the range names something git knows before the stream starts (a clear usage error). */
export function checkRange(root: string, range: HistoryRange): void {
  if (range.since) {
    const r = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${range.since}^{commit}`], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new UsageError(`--since: unknown revision "${range.since}"`);
  }
  const r = spawnSync('git', ['rev-list', '--max-count=1', ...revisionArgs(range)], { cwd: root, encoding: 'utf8' });
  if (r.error) throw new UsageError('git is not installed or not on PATH');
  if (r.status !== 0) throw new UsageError(`history: ${r.stderr.trim().split('\n').pop() || 'git rev-list failed'}`);
}

/** Blob ids of the tree at HEAD (none in a repository without commits). */
export function headBlobs(root: string): Set<string> {
  const r = spawnSync('git', ['ls-tree', '-r', '-z', '--full-tree', 'HEAD'], { cwd: root, maxBuffer: 1024 * 1024 * 1024 });
  const oids = new Set<string>();
  if (r.status !== 0) return oids;
  for (const entry of r.stdout.toString('utf8').split('\0')) {
    // "<mode> blob <oid>\t<path>"
    const parts = entry.split('\t', 1)[0]!.split(' ');
    if (parts[1] === 'blob') oids.add(parts[2]!);
  }
  return oids;
}

/**
 * Every unique blob reachable from the range, decoded, in the order git lists them (newest commits
 * first). A blob that lives at several paths is read once, under the first path git gives.
 */
export async function* historyBlobs(options: HistoryOptions): AsyncGenerator<HistoryBlob> {
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const keep = excludeFilter(options.exclude);
  const skippedEarly: HistoryBlob[] = [];
  let missing = 0;
  const procs: ChildProcessWithoutNullStreams[] = [];
  const closed: Promise<void>[] = [];
  const failures: string[] = [];
  const run = (args: string[]): ChildProcessWithoutNullStreams => {
    const p = spawn('git', ['-c', 'core.quotePath=false', ...args], { cwd: options.root });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
    closed.push(
      new Promise((resolve) => {
        p.on('error', (err) => {
          failures.push((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed or not on PATH' : `git ${args[0]}: ${err.message}`);
          resolve();
        });
        p.on('close', (code) => {
          if (code !== 0 && code !== null) failures.push(`git ${args[0]} failed: ${stderr.trim().split('\n').pop() || `exit ${code}`}`);
          resolve();
        });
      }),
    );
    p.stdin.on('error', () => undefined); // a consumer that stops early closes the pipes
    procs.push(p);
    return p;
  };

  // A partial clone lacks some blobs: they are counted, never fetched (the scan stays offline).
  const revs = revisionArgs(options);
  const list = run(['rev-list', '--objects', '--filter=object:type=blob', '--missing=print', ...revs, ...(revs.includes('--') ? [] : ['--'])]);
  list.stdin.end();
  const check = run(['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize) %(rest)']);
  const cat = run(['cat-file', '--batch=%(objectname) %(objecttype) %(objectsize) %(rest)']);

  // rev-list: blobs carry a path, commits do not.
  list.stdout
    .pipe(
      lines((line, push) => {
        if (line.startsWith('?')) {
          missing++;
          return;
        }
        const space = line.indexOf(' ');
        if (space < 0) return;
        const rel = line.slice(space + 1);
        if (!rel || !keep(rel)) return;
        if (isBinaryByName(rel)) skippedEarly.push({ oid: line.slice(0, space), skipped: { path: rel, reason: 'binary' } });
        else push(`${line}\n`);
      }),
    )
    .pipe(check.stdin);
  // batch-check: large blobs are never read.
  check.stdout
    .pipe(
      lines((line, push) => {
        const [oid, type, size, rel] = splitHeader(line);
        if (type !== 'blob') return;
        if (Number(size) > maxFileSize) skippedEarly.push({ oid, skipped: { path: rel, reason: 'too-large' } });
        else push(`${oid} ${rel}\n`);
      }),
    )
    .pipe(cat.stdin);

  try {
    let pending: Buffer = Buffer.alloc(0);
    // Chunks of a blob still arriving are held apart and joined once it is whole (no copy per chunk).
    const held: Buffer[] = [];
    let heldBytes = 0;
    let need = 0;
    for await (const chunk of cat.stdout as AsyncIterable<Buffer>) {
      if (need) {
        held.push(chunk);
        heldBytes += chunk.length;
        if (pending.length + heldBytes < need) continue;
        pending = Buffer.concat([pending, ...held.splice(0)]);
        heldBytes = 0;
        need = 0;
      } else pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let pos = 0;
      for (;;) {
        const nl = pending.indexOf(10, pos);
        if (nl < 0) break;
        const [oid, type, sizeText, rel] = splitHeader(pending.subarray(pos, nl).toString('utf8'));
        if (type === 'missing') {
          pos = nl + 1;
          continue;
        }
        const size = Number(sizeText);
        if (pending.length < nl + 1 + size + 1) {
          need = nl + 1 + size + 1 - pos; // the blob is not all here yet
          break;
        }
        const bytes = pending.subarray(nl + 1, nl + 1 + size);
        pos = nl + 1 + size + 1;
        yield blobOf(options.root, oid, rel, bytes);
      }
      pending = pending.subarray(pos);
      while (skippedEarly.length) yield skippedEarly.shift()!;
    }
    await Promise.all(closed);
    while (skippedEarly.length) yield skippedEarly.shift()!;
    if (failures.length) throw new UsageError(`history: ${failures[0]}`);
    if (missing) yield { oid: '', error: { path: '.git', message: `${missing} objects of the history are not in this clone (a partial clone): their blobs were not scanned` } };
  } finally {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGTERM');
  }
}

function blobOf(root: string, oid: string, rel: string, bytes: Buffer): HistoryBlob {
  const decoded = decode(bytes);
  if (decoded.binary) return { oid, skipped: { path: rel, reason: 'binary' } };
  const source = new SourceFile({ absPath: path.join(root, rel), relPath: rel, kind: classify(rel), size: bytes.length }, decoded.text, bytes);
  return { oid, source, error: decoded.note ? { path: rel, message: decoded.note } : undefined };
}

/** "<oid> <type> <size> <rest>": the rest (a path) may hold spaces. */
function splitHeader(line: string): [string, string, string, string] {
  const a = line.indexOf(' ');
  const b = line.indexOf(' ', a + 1);
  const c = b < 0 ? -1 : line.indexOf(' ', b + 1);
  if (a < 0) return [line, '', '', ''];
  if (b < 0) return [line.slice(0, a), line.slice(a + 1), '', ''];
  if (c < 0) return [line.slice(0, a), line.slice(a + 1, b), line.slice(b + 1), ''];
  return [line.slice(0, a), line.slice(a + 1, b), line.slice(b + 1, c), line.slice(c + 1)];
}

/** A stream transform that calls `each` per input line; `push` emits output text. */
function lines(each: (line: string, push: (text: string) => void) => void): Transform {
  let rest = '';
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      const text = rest + chunk.toString('utf8');
      const parts = text.split('\n');
      rest = parts.pop()!;
      let out = '';
      for (const line of parts) if (line) each(line, (t) => (out += t));
      done(null, out || undefined);
    },
    flush(done: TransformCallback) {
      let out = '';
      if (rest) each(rest, (t) => (out += t));
      done(null, out || undefined);
    },
  });
}

export interface Introduction {
  commit: string;
  /** Author date, ISO 8601 with the author's offset. */
  date: string;
  /** Author time, seconds since the epoch (to compare dates across time zones). */
  time: number;
  /** The path the commit gave the blob. */
  path: string;
}

/**
 * The commit that brought each wanted blob into the range: the earliest (by author date) commit
 * whose change adds or modifies a path to that blob. Read from one `git log --raw` stream; blobs
 * that only a merge introduced (a conflict resolution) are looked for in a second pass over merges.
 */
export async function introducingCommits(root: string, range: HistoryRange, wanted: Set<string>): Promise<Map<string, Introduction>> {
  const found = new Map<string, Introduction>();
  if (wanted.size === 0) return found;
  const options = ['--no-renames', '--raw', '--no-abbrev', '-z', '--format=%x01%H %at %aI'];
  await readRawLog(root, ['log', ...options, ...revisionArgs(range)], wanted, found);
  if (found.size < wanted.size) await readRawLog(root, ['log', ...options, '--merges', '--diff-merges=first-parent', ...revisionArgs(range)], wanted, found);
  return found;
}

async function readRawLog(root: string, args: string[], wanted: Set<string>, found: Map<string, Introduction>): Promise<void> {
  const dash = args.indexOf('--');
  const full = dash < 0 ? [...args, '--'] : args;
  const p = spawn('git', ['-c', 'core.quotePath=false', ...full], { cwd: root });
  p.stdin.end();
  let stderr = '';
  p.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
  const closed = new Promise<number | null>((resolve) => p.on('close', resolve));
  let commit = '';
  let time = 0;
  let date = '';
  let meta: string | undefined;
  let rest = '';
  for await (const chunk of p.stdout as AsyncIterable<Buffer>) {
    const tokens = (rest + chunk.toString('utf8')).split('\0');
    rest = tokens.pop()!;
    for (const raw of tokens) {
      const token = raw.startsWith('\n') ? raw.slice(1) : raw;
      if (meta !== undefined) {
        // ":<mode> <mode> <src> <dst> <status>" then the path
        const dst = meta.split(' ')[3];
        meta = undefined;
        if (dst && wanted.has(dst)) {
          // Newest commits come first: on equal times the later one in the stream is the older.
          const known = found.get(dst);
          if (!known || time <= known.time) found.set(dst, { commit, date, time, path: token });
        }
      } else if (token.startsWith('\x01')) {
        [commit = '', , date = ''] = token.slice(1).split(' ');
        time = Number(token.split(' ')[1]);
      } else if (token.startsWith(':')) meta = token;
    }
  }
  const code = await closed;
  if (code !== 0) throw new UsageError(`history: git log failed: ${stderr.trim().split('\n').pop() || `exit ${code}`}`);
}
