/**
 * Reading a session file: JSONL is streamed line by line (bounded memory, a per-line size cap);
 * a JSON document is parsed once, with a line index of its objects so that every step can still
 * point at a line. Readers see both shapes as a sequence of records.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { visit } from 'jsonc-parser';

export interface InputLimits {
  /** Longest JSONL line parsed; longer lines are reported and skipped. */
  maxLineBytes: number;
  /** Largest JSON document (non-JSONL) loaded. */
  maxDocumentBytes: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = {
  maxLineBytes: 16 * 1024 * 1024,
  maxDocumentBytes: 256 * 1024 * 1024,
};

export type Path = (string | number)[];

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
  /** The whole document (document shape only). */
  document(): unknown;
}

const SAMPLE_BYTES = 64 * 1024;

export function pointerOf(path: Path): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** JSON.parse without a byte-order mark. Hostile keys such as `__proto__` stay own data properties. */
export function parseJson(text: string): unknown {
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

export async function openInput(abs: string, limits: InputLimits = DEFAULT_INPUT_LIMITS): Promise<InputSource> {
  const { size } = await stat(abs);
  const fh = await open(abs, 'r');
  let head: string;
  try {
    const buf = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.toString('utf8', 0, bytesRead);
  } finally {
    await fh.close();
  }
  if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
  const complete = size <= SAMPLE_BYTES;
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
      `the file is a single JSON document of ${size} bytes, above the ${limits.maxDocumentBytes}-byte limit; export it as JSONL to stream it`,
    );
  }
  return documentSource(abs, size, await readFile(abs, 'utf8'));
}

function jsonlSource(abs: string, size: number, sample: unknown[], limits: InputLimits): InputSource {
  return {
    abs,
    size,
    shape: 'jsonl',
    sample,
    document() {
      throw new Error('not a JSON document');
    },
    async *records(onError) {
      for await (const { line, text } of readLines(abs, limits.maxLineBytes)) {
        if (text === null) {
          onError(line, `line longer than ${limits.maxLineBytes} bytes skipped`);
          continue;
        }
        if (text.trim() === '') continue;
        let value: unknown;
        try {
          value = parseJson(text);
        } catch (e) {
          onError(line, `invalid JSON (${(e as Error).message.slice(0, 80)})`);
          continue;
        }
        yield { value, line, pointer: '', lineOf: () => line };
      }
    },
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
    parseError = (e as Error).message;
  }
  let index: Map<string, number> | undefined;
  const lineIndex = (): Map<string, number> => {
    if (index) return index;
    index = new Map();
    const map = index;
    let depth = 0;
    const enter = (startLine: number, pathSupplier: () => Path): boolean => {
      depth++;
      if (depth <= INDEX_DEPTH) map.set(pointerOf(pathSupplier()), startLine + 1);
      return true;
    };
    visit(
      text,
      {
        onObjectBegin: (_o, _l, startLine, _c, pathSupplier) => enter(startLine, pathSupplier),
        onArrayBegin: (_o, _l, startLine, _c, pathSupplier) => enter(startLine, pathSupplier),
        onObjectEnd: () => {
          depth--;
        },
        onArrayEnd: () => {
          depth--;
        },
        onLiteralValue: (_v, _o, _l, startLine, _c, pathSupplier) => {
          if (depth < INDEX_DEPTH) map.set(pointerOf(pathSupplier()), startLine + 1);
        },
      },
      { disallowComments: false, allowTrailingComma: true },
    );
    return map;
  };
  const lineAt = (path: Path): number => {
    const map = lineIndex();
    for (let n = path.length; n >= 0; n--) {
      const hit = map.get(pointerOf(path.slice(0, n)));
      if (hit !== undefined) return hit;
    }
    return 1;
  };
  const sample: unknown[] = Array.isArray(value) ? value.slice(0, 20) : value === undefined ? [] : [value];
  return {
    abs,
    size,
    shape: 'document',
    sample,
    document: () => {
      if (parseError) throw new Error(`invalid JSON (${parseError.slice(0, 120)})`);
      return value;
    },
    async *records(onError) {
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
    },
  };
}

/** Lines of a file, 1-based, without line breaks; `text` is null when the line exceeded the cap. */
export async function* readLines(abs: string, maxLineBytes: number): AsyncGenerator<{ line: number; text: string | null }> {
  const stream = createReadStream(abs, { highWaterMark: 1 << 20 });
  let carry: Buffer[] = [];
  let carryLen = 0;
  let overflow = false;
  let line = 0;
  const finish = (parts: Buffer[], last: Buffer | null): string => {
    let s = parts.length === 0 && last ? last.toString('utf8') : Buffer.concat(last ? [...parts, last] : parts).toString('utf8');
    if (s.endsWith('\r')) s = s.slice(0, -1);
    if (line === 1 && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    return s;
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) {
        const rest = chunk.length - start;
        if (rest > 0 && !overflow) {
          if (carryLen + rest > maxLineBytes) {
            overflow = true;
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
      if (overflow || carryLen + (nl - start) > maxLineBytes) text = null;
      else text = finish(carry, chunk.subarray(start, nl));
      carry = [];
      carryLen = 0;
      overflow = false;
      yield { line, text };
      start = nl + 1;
    }
  }
  if (carryLen > 0 || overflow) {
    line++;
    yield { line, text: overflow ? null : finish(carry, null) };
  }
}
