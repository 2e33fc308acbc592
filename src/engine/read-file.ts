/**
 * Reading a file's bytes, once, for analysis or for the result cache's hash: one `open`, one
 * `read` into a reused buffer for most files, one `close`, and the file's stamp when it is asked for.
 * Used by the scanning threads and by the thread that hashes files for a repeat scan (hasher.ts).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ScanError, SkippedFile } from '../core/types.js';
import { stampOf, type Stamp } from './stamp.js';

export type ReadOutcome = { bytes: Buffer; stamp?: Stamp } | { skipped: SkippedFile; error?: ScanError };

/**
 * A file's bytes, or why it was skipped (too large, unreadable). With `scratch`, a file that fits is
 * read into it without asking its size first: its bytes then live in `scratch` and are valid until
 * the next read into it. `withStamp` also takes the file's stamp (see stamp.ts), after reading it:
 * a write while it was read moves the stamp, so a stamp never vouches for bytes other than those read.
 */
export function readBytes(file: { absPath: string; relPath: string }, maxFileSize: number, withStamp: boolean, scratch?: Buffer): ReadOutcome {
  let fd: number | undefined;
  try {
    fd = openSync(file.absPath, 'r');
    const got = scratch ? readInto(fd, scratch) : -1;
    if (got >= 0 && got < scratch!.length) {
      // The file ended before the buffer did: it fits.
      if (got > maxFileSize) return { skipped: { path: file.relPath, reason: 'too-large' } };
      return { bytes: scratch!.subarray(0, got), stamp: withStamp ? stampOf(fstatSync(fd)) : undefined };
    }
    const size = fstatSync(fd).size;
    if (size > maxFileSize) return { skipped: { path: file.relPath, reason: 'too-large' } };
    const buf = Buffer.allocUnsafe(size);
    const read = readInto(fd, buf);
    return { bytes: read < size ? buf.subarray(0, read) : buf, stamp: withStamp ? stampOf(fstatSync(fd)) : undefined };
  } catch (err) {
    return { skipped: { path: file.relPath, reason: 'unreadable' }, error: { path: file.relPath, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? 'error'}` } };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Reads from the start of `fd` until the file ends or `buf` is full; returns the bytes read. A
 * read of a regular file stops short at its end, or, on network and FUSE file systems, at a page
 * boundary: only after a page-aligned short read does it read again to tell the two apart, so a
 * small file costs one read.
 */
function readInto(fd: number, buf: Buffer): number {
  let read = 0;
  while (read < buf.length) {
    const n = readSync(fd, buf, read, buf.length - read, read);
    read += n;
    if (n === 0 || (read < buf.length && read % PAGE !== 0)) break;
  }
  return read;
}

const PAGE = 4096;

/** Most files fit in a thread's scratch buffer of this size (no size query, no allocation). */
export const SCRATCH_BYTES = 256 * 1024;
