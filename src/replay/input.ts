/**
 * Reading a session file: JSONL is streamed line by line (bounded memory, a per-line size cap);
 * a JSON document is parsed once, with a line index of its objects so that every step can still
 * point at a line. Readers see both shapes as a sequence of records.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { jsonLineIndex, pointerOf, type JsonPath } from './line-index.js';

export interface InputLimits {
  /** Longest JSONL line parsed; longer lines are reported and skipped. */
  maxLineBytes: number;
  /** Largest JSON document (non-JSONL) loaded. */
  maxDocumentBytes: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = {
  maxLineBytes: 16 * 1024 * 1024,
  maxDocumentBytes: 64 * 1024 * 1024,
};

export type Path = JsonPath;
export { pointerOf };

export interface InputRecord {
  value: unknown;
  /** 1-based line of the record. */
  line: number;
  /** JSON pointer of the record inside the document (`''` for a JSONL line). */
  pointer: string;
  /** Line of a value inside the record (JSONL: the record's own line). */
  lineOf(sub: Path): number;
}

export interface InputSource {
  abs: string;
  size: number;
  shape: 'jsonl' | 'document';
  /** First records (at most 20), already parsed, for format detection. */
  sample: unknown[];
  /** All records, in file order. May be called more than once (a second pass re-reads the file). */
  records(onError: (line: number, message: string) => void): AsyncIterable<InputRecord>;
  /**
   * The same records a batch at a time (a JSONL file: the lines of each chunk read), so that a reader
   * spends one asynchronous step per batch rather than per record. Errors are reported in order.
   */
  batches(onError: (line: number, message: string) => void): AsyncIterable<InputRecord[]>;
  /** The whole document (document shape only). */
  document(): unknown;
}

const SAMPLE_BYTES = 64 * 1024;

/** Not a session this tool can read (compressed, UTF-16, binary): the file is skipped or an error, never read as empty. */
export class UnrecognisedInput extends Error {
  override name = 'UnrecognisedInput';
}

/** Encodings and containers recognised by their first bytes, with what to do about them. */
function unreadableKind(head: Buffer): string | undefined {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip-compressed: decompress it first (gunzip)';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd-compressed: decompress it first';
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return 'UTF-16 text: convert it to UTF-8 first';
  if (head.length >= 4 && head[0] !== 0 && head[1] === 0 && head[3] === 0) return 'UTF-16 text without a byte-order mark: convert it to UTF-8 first';
  if (head.subarray(0, 4096).includes(0)) return 'binary data, not JSON text';
  return undefined;
}

/**
 * A JSON parse error as text that never repeats the input: V8's messages quote up to about twenty
 * characters of it (a short password, a bare key id), so only the kind of error and its position remain.
 */
export function jsonErrorMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const pos = /at position (\d+)/.exec(message)?.[1];
  const where = pos ? ` at position ${pos}` : '';
  if (/Unexpected end of JSON/i.test(message)) return 'unexpected end of input';
  const known = /^(Expected [\w ,':{}[\]]{1,80}?|Unterminated string|Bad control character in string literal|Bad escaped character|Bad Unicode escape|Exponent part is missing a number|No number after minus sign|Unterminated fractional number|Unexpected non-whitespace character after JSON)\b/.exec(message);
  if (known) return `${known[1]!.replace(/ in JSON$/, '')}${where}`;
  return `unexpected character${where}`;
}

const MB = 1024 * 1024;
/** `16 MB`, `1.5 MB`: sizes in messages. */
export function megabytes(bytes: number): string {
  const mb = bytes / MB;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/** What the start of a line too long to parse looks like, so that the error names the step it hides. */
export function describeHidden(head: string): string {
  const field = (name: string): string | undefined => new RegExp(`"${name}"\\s*:\\s*"([^"\\\\]{1,64})"`).exec(head)?.[1];
  const type = field('type') ?? field('role') ?? field('method');
  const tool = field('tool') ?? field('name');
  const id = field('id') ?? field('callId') ?? field('call_id');
  const parts: string[] = [];
  if (type) parts.push(`"type": "${type}"`);
  if (tool) parts.push(`tool "${tool}"`);
  if (id) parts.push(`id "${id}"`);
  return parts.length ? `; it begins with ${parts.join(', ')}` : '';
}

/** JSON.parse without a byte-order mark. Hostile keys such as `__proto__` stay own data properties. */
export function parseJson(text: string): unknown {
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

export async function openInput(abs: string, limits: InputLimits = DEFAULT_INPUT_LIMITS): Promise<InputSource> {
  const { size } = await stat(abs);
  const fh = await open(abs, 'r');
  let head: string;
  let headBytes: number;
  try {
    let buf = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
    let { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const kind = unreadableKind(buf.subarray(0, bytesRead));
    if (kind) throw new UnrecognisedInput(`not a session file: ${kind}`);
    // a JSONL file whose first line is longer than the sample (an OTLP exporter's batch of spans):
    // read on to the end of that line, within the line limit, so that it is recognised as JSONL
    if (bytesRead < size && !buf.subarray(0, bytesRead).includes(10) && buf[0] !== 0x5b) {
      const cap = Math.min(size, limits.maxLineBytes + 1);
      let scanned = bytesRead;
      while (bytesRead < cap) {
        const next = Buffer.alloc(Math.min(cap, bytesRead * 2));
        buf.copy(next, 0, 0, bytesRead);
        buf = next;
        bytesRead += (await fh.read(buf, bytesRead, buf.length - bytesRead, bytesRead)).bytesRead;
        if (buf.subarray(scanned, bytesRead).includes(10) || bytesRead < buf.length) break;
        scanned = bytesRead;
      }
    }
    headBytes = bytesRead;
    head = buf.toString('utf8', 0, bytesRead);
  } finally {
    await fh.close();
  }
  if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
  const complete = size <= headBytes;
  const lines = head.split('\n');
  if (!complete) lines.pop();
  const nonEmpty = lines.map((l) => l.trim()).filter((l) => l.length > 0);
  const moreLinesBeyondSample = !complete;
  let firstParsed: unknown;
  let firstOk = false;
  if (nonEmpty.length > 0) {
    try {
      firstParsed = parseJson(nonEmpty[0]!);
      firstOk = typeof firstParsed === 'object' && firstParsed !== null;
    } catch {
      firstOk = false;
    }
  }
  const isJsonl = firstOk && (nonEmpty.length > 1 || (moreLinesBeyondSample && nonEmpty.length === 1));
  if (isJsonl) {
    const sample: unknown[] = [];
    for (const l of nonEmpty.slice(0, 20)) {
      try {
        sample.push(parseJson(l));
      } catch {
        /* a broken line is reported while reading */
      }
    }
    return jsonlSource(abs, size, sample, limits);
  }
  if (size > limits.maxDocumentBytes) {
    throw new Error(
      `the file is a single JSON document of ${megabytes(size)}, above the ${megabytes(limits.maxDocumentBytes)} document limit: export it as JSONL to stream it, or raise the limit with --max-document-mb`,
    );
  }
  return documentSource(abs, size, await readFile(abs, 'utf8'));
}

/** A JSONL record: every value in it is on the record's own line. */
class LineRecord implements InputRecord {
  readonly pointer = '';
  constructor(
    readonly value: unknown,
    readonly line: number,
  ) {}

  lineOf(): number {
    return this.line;
  }
}

/** Records one at a time, from batches. */
async function* flatten(batches: AsyncIterable<InputRecord[]>): AsyncGenerator<InputRecord> {
  for await (const batch of batches) yield* batch;
}

function jsonlSource(abs: string, size: number, sample: unknown[], limits: InputLimits): InputSource {
  async function* batches(onError: (line: number, message: string) => void): AsyncGenerator<InputRecord[]> {
    for await (const lines of lineBatches(abs, limits.maxLineBytes)) {
      const out: InputRecord[] = [];
      for (const { line, text, head } of lines) {
        if (text === null) {
          onError(line, `longer than the ${megabytes(limits.maxLineBytes)} line limit: the event on it is not evaluated${describeHidden(head ?? '')} (raise the limit with --max-line-mb)`);
          continue;
        }
        let value: unknown;
        try {
          value = parseJson(text);
        } catch (e) {
          if (text.trim() === '') continue;
          onError(line, `invalid JSON (${jsonErrorMessage(e)})`);
          continue;
        }
        out.push(new LineRecord(value, line));
      }
      if (out.length) yield out;
    }
  }
  return {
    abs,
    size,
    shape: 'jsonl',
    sample,
    document() {
      throw new Error('not a JSON document');
    },
    batches,
    records: (onError) => flatten(batches(onError)),
  };
}

/** Depth down to which a document's objects get a line entry (OTLP spans sit at depth 6). */
const INDEX_DEPTH = 8;

function documentSource(abs: string, size: number, rawText: string): InputSource {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  let value: unknown;
  let parseError: string | undefined;
  try {
    value = JSON.parse(text);
  } catch (e) {
    parseError = jsonErrorMessage(e);
  }
  let index: Map<string, number> | undefined;
  const lineIndex = (): Map<string, number> => (index ??= jsonLineIndex(text, INDEX_DEPTH));
  const lineAt = (path: Path): number => {
    const map = lineIndex();
    for (let n = path.length; n >= 0; n--) {
      const hit = map.get(pointerOf(path.slice(0, n)));
      if (hit !== undefined) return hit;
    }
    return 1;
  };
  const sample: unknown[] = Array.isArray(value) ? value.slice(0, 20) : value === undefined ? [] : [value];
  async function* records(onError: (line: number, message: string) => void): AsyncGenerator<InputRecord> {
    if (parseError) {
      onError(1, `invalid JSON (${parseError.slice(0, 120)})`);
      return;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const base: Path = [i];
        yield { value: value[i], line: lineAt(base), pointer: pointerOf(base), lineOf: (sub) => lineAt([...base, ...sub]) };
      }
    } else {
      yield { value, line: lineAt([]), pointer: '', lineOf: (sub) => lineAt(sub) };
    }
  }
  return {
    abs,
    size,
    shape: 'document',
    sample,
    document: () => {
      if (parseError) throw new Error(`invalid JSON (${parseError.slice(0, 120)})`);
      return value;
    },
    records,
    async *batches(onError) {
      let batch: InputRecord[] = [];
      for await (const rec of records(onError)) {
        batch.push(rec);
        if (batch.length >= 1024) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    },
  };
}

type Line = { line: number; text: string | null; head?: string };

/** Lines of a file, 1-based, without line breaks; `text` is null when the line exceeded the cap. */
export async function* readLines(abs: string, maxLineBytes: number): AsyncGenerator<Line> {
  for await (const batch of lineBatches(abs, maxLineBytes)) yield* batch;
}

/** The lines of a file, a chunk (1 MiB) at a time; see `readLines`. */
export async function* lineBatches(abs: string, maxLineBytes: number): AsyncGenerator<Line[]> {
  const stream = createReadStream(abs, { highWaterMark: 1 << 20 });
  let carry: Buffer[] = [];
  let carryLen = 0;
  let overflow = false;
  /** The first bytes of a line over the cap, to say what it held. */
  let head: string | undefined;
  let line = 0;
  const finish = (parts: Buffer[], last: Buffer | null): string => {
    let s = parts.length === 0 && last ? last.toString('utf8') : Buffer.concat(last ? [...parts, last] : parts).toString('utf8');
    if (s.endsWith('\r')) s = s.slice(0, -1);
    if (line === 1 && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    return s;
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const out: Line[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) {
        const rest = chunk.length - start;
        if (rest > 0 && !overflow) {
          if (carryLen + rest > maxLineBytes) {
            overflow = true;
            head = Buffer.concat([...carry, chunk.subarray(start)]).subarray(0, 4096).toString('utf8');
            carry = [];
            carryLen = 0;
          } else {
            carry.push(chunk.subarray(start));
            carryLen += rest;
          }
        }
        break;
      }
      line++;
      let text: string | null;
      if (overflow || carryLen + (nl - start) > maxLineBytes) {
        text = null;
        head ??= Buffer.concat([...carry, chunk.subarray(start, nl)]).subarray(0, 4096).toString('utf8');
      } else if (carryLen === 0) {
        // the whole line is in this chunk: decode it in place
        text = chunk.toString('utf8', start, nl > start && chunk[nl - 1] === 13 ? nl - 1 : nl);
        if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      } else text = finish(carry, chunk.subarray(start, nl));
      carry = [];
      carryLen = 0;
      overflow = false;
      out.push(text === null ? { line, text, head } : { line, text });
      head = undefined;
      start = nl + 1;
    }
    if (out.length) yield out;
  }
  if (carryLen > 0 || overflow) {
    line++;
    yield [overflow ? { line, text: null, head } : { line, text: finish(carry, null) }];
  }
}
