/**
 * The keyword automaton's search over bytes, run in WebAssembly (`keyword-scan.wat`, compiled by
 * `npm run build`): four interleaved streams per chunk, and hits that what follows the keyword rules
 * out dropped before they reach JavaScript. Strings with characters past Latin-1 are written into
 * its memory as UTF-16 and narrowed to one byte per character there. When the module
 * is absent or cannot be instantiated, `KeywordIndex` keeps its JavaScript loop.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../core/paths.js';

const WASM_FILE = path.join(PACKAGE_ROOT, 'dist', 'rules', 'secrets', 'keyword-scan.wasm');

/** The automaton as `KeywordIndex` builds it. */
export interface AutomatonTables {
  /** Byte → character class (256 entries). */
  classOf: Uint8Array;
  /** Character classes: the width of a row (even). */
  width: number;
  /**
   * Per (state, class): the next state's row in bytes (state × width × 4), bit-inverted when that
   * state reports keywords, its low bits then saying what every keyword it reports needs to follow
   * it: 1, no name character; 2, a run of letters or digits (of `run[state]`); 4, an assignment.
   */
  delta: Int32Array;
  /** Per state: letters or digits every keyword it reports must be followed by (0: no such rule). */
  run: Int32Array;
  /** The longest keyword, in bytes. */
  maxKeywordLength: number;
}

/** Bytes searched per call; a longer input is cut into chunks that overlap by the longest keyword's length less one. */
const CHUNK = 64 * 1024;
/** Bytes past a chunk that the checks of what follows a keyword may read (`keywordRun` ≤ 64). */
const LOOKAHEAD = 65;
/** Below this many bytes (or four times the overlap) a chunk is searched as one stream. */
const FOUR_STREAMS_MIN = 1024;
/** `narrow` works 16 units at a time: room for what it writes past its end. */
const NARROW_SLACK = 32;
/** Character classes are stored × 4 in one byte each, so at most this many fit. */
const MAX_CLASSES = 64;
const STREAMS = 4;
const CLASS = 0;
const NAME = 256;
const ALNUM = 512;
const FOLLOW = 768;
const DELTA = 1024;

interface Exports {
  scan1(p: number, n: number, out: number): number;
  scan4(p0: number, p1: number, p2: number, p3: number, n: number, o0: number, o1: number, o2: number, o3: number): number;
  narrow(src: number, dst: number, n: number): void;
  run: WebAssembly.Global;
  rowBytes: WebAssembly.Global;
  out1: WebAssembly.Global;
  out2: WebAssembly.Global;
  out3: WebAssembly.Global;
}

let compiled: WebAssembly.Module | null | undefined;

function wasmModule(): WebAssembly.Module | undefined {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(readFileSync(WASM_FILE));
    } catch {
      compiled = null;
    }
  }
  return compiled ?? undefined;
}

export class WasmKeywordScan {
  private readonly exports: Exports;
  private readonly bytes: Uint8Array;
  private readonly memory: Buffer;
  private readonly words: Int32Array;
  private readonly overlap: number;
  private readonly input: number;
  /** Where text is written as UTF-16 before `narrow` turns it into bytes at `input`. */
  private readonly staging: number;
  /** Where each stream writes its hits. */
  private readonly out: number[];

  /** The scanner for these tables, or undefined when WebAssembly is not available. */
  static create(tables: AutomatonTables): WasmKeywordScan | undefined {
    // Keywords using more distinct characters than the class table holds stay with JavaScript.
    if (tables.width > MAX_CLASSES) return undefined;
    const mod = wasmModule();
    if (!mod) return undefined;
    try {
      return new WasmKeywordScan(mod, tables);
    } catch {
      return undefined;
    }
  }

  private constructor(mod: WebAssembly.Module, t: AutomatonTables) {
    this.overlap = Math.max(0, t.maxKeywordLength - 1);
    const states = t.delta.length / t.width;
    const runAt = DELTA + t.delta.length * 4;
    this.input = align(runAt + states * 4);
    const inputBytes = CHUNK + this.overlap + LOOKAHEAD + NARROW_SLACK;
    this.staging = align(this.input + inputBytes);
    // A stream's hits are at most one per byte it reads: scan1 reads the whole chunk.
    const outBytes = 8 * (CHUNK + this.overlap + 8);
    this.out = [];
    for (let s = 0, at = align(this.staging + 2 * inputBytes); s < STREAMS; s++, at += outBytes) this.out.push(at);
    const memory = new WebAssembly.Memory({ initial: Math.ceil((this.out[STREAMS - 1]! + outBytes) / 65536) });
    this.bytes = new Uint8Array(memory.buffer);
    this.memory = Buffer.from(memory.buffer);
    this.words = new Int32Array(memory.buffer);
    for (let c = 0; c < 256; c++) {
      this.bytes[CLASS + c] = t.classOf[c]! * 4;
      this.bytes[NAME + c] = isNameByte(c) ? 1 : 0;
      this.bytes[ALNUM + c] = isAlnumByte(c) ? 1 : 0;
      this.bytes[FOLLOW + c] = (isQuoteByte(c) ? 1 : 0) | (isSpaceByte(c) ? 2 : 0) | (isAssignmentByte(c) ? 4 : 0);
    }
    this.words.set(t.delta, DELTA / 4);
    this.words.set(t.run, runAt / 4);
    const instance = new WebAssembly.Instance(mod, { env: { memory } });
    this.exports = instance.exports as unknown as Exports;
    this.exports.run.value = runAt;
    this.exports.rowBytes.value = t.width * 4;
  }

  /**
   * Calls `onHit(row, end)` for every reporting state reached, in input order: `row` is the state's
   * row in `AutomatonTables.delta` units, `end` the offset of the keyword's last byte.
   */
  scan(input: Uint8Array, onHit: (row: number, end: number) => void): void {
    const n = input.length;
    for (let own = 0; own < n; own += CHUNK) {
      const { from, ownEnd, copyEnd } = this.chunk(own, n);
      this.bytes.set(input.subarray(from, copyEnd), this.input);
      this.searchChunk(from, own - from, ownEnd - from, copyEnd - from, onHit);
    }
  }

  /**
   * The same search over a string: every character past ASCII counts as one byte that is in no
   * keyword and continues no name, as in `KeywordIndex.search`, so `end` is a character offset.
   */
  scanText(text: string, onHit: (row: number, end: number) => void): void {
    const n = text.length;
    for (let own = 0; own < n; own += CHUNK) {
      const { from, ownEnd, copyEnd } = this.chunk(own, n);
      this.memory.write(text.slice(from, copyEnd), this.staging, 'utf16le');
      this.exports.narrow(this.staging, this.input, copyEnd - from);
      this.searchChunk(from, own - from, ownEnd - from, copyEnd - from, onHit);
    }
  }

  /**
   * The chunk whose own bytes start at `own`: it starts `lead` bytes earlier (the overlap) so that a
   * keyword ending in it is seen whole, and carries LOOKAHEAD bytes after it.
   */
  private chunk(own: number, n: number): { from: number; ownEnd: number; copyEnd: number } {
    const from = own - Math.min(own, this.overlap);
    const ownEnd = Math.min(n, own + CHUNK);
    return { from, ownEnd, copyEnd: Math.min(n, ownEnd + LOOKAHEAD) };
  }

  /**
   * Searches the chunk now at `input`: `length` bytes from input offset `from`, of which the first
   * `lead` only lead in, and `filled` present (the rest up to the lookahead reads as zeros).
   */
  private searchChunk(from: number, lead: number, length: number, filled: number, onHit: (row: number, end: number) => void): void {
    const input = this.input;
    this.bytes.fill(0, input + filled, input + length + LOOKAHEAD);
    const base = from - input;
    const out = this.out;
    if (length < FOUR_STREAMS_MIN || length < STREAMS * this.overlap) {
      const end = this.exports.scan1(input, length, out[0]!);
      this.emit(out[0]!, end, input + lead, base, onHit);
      return;
    }
    // Four streams of n bytes, each starting `overlap` bytes or more before the one before it ends
    // and reporting only from where that one stopped; the last ends with the chunk.
    const n = Math.ceil((length + (STREAMS - 1) * this.overlap) / STREAMS) + 2;
    const step = Math.floor((length - n) / (STREAMS - 1));
    const p0 = input;
    const p1 = input + step;
    const p2 = input + 2 * step;
    const p3 = input + length - n;
    const e = this.exports;
    const end0 = e.scan4(p0, p1, p2, p3, n, out[0]!, out[1]!, out[2]!, out[3]!);
    const end1 = e.out1.value as number;
    const end2 = e.out2.value as number;
    const end3 = e.out3.value as number;
    this.emit(out[0]!, end0, input + lead, base, onHit);
    this.emit(out[1]!, end1, p0 + n, base, onHit);
    this.emit(out[2]!, end2, p1 + n, base, onHit);
    this.emit(out[3]!, end3, p2 + n, base, onHit);
  }

  /** Reports the hits in [from, to) of the output whose position is at least `minPos`. */
  private emit(from: number, to: number, minPos: number, base: number, onHit: (row: number, end: number) => void): void {
    const words = this.words;
    for (let i = from >> 2, end = to >> 2; i < end; i += 2) {
      const pos = words[i]!;
      if (pos >= minPos) onHit(words[i + 1]! >> 2, pos + base);
    }
  }
}

function align(offset: number): number {
  return (offset + 15) & ~15;
}

/**
 * `"`, `'`, `]` and `\`, which may stand between a key and its assignment (`"token": `,
 * `['token'] = `, `\"token\": ` inside a JSON string or notebook cell).
 */
export function isQuoteByte(c: number): boolean {
  return c === 34 || c === 39 || c === 93 || c === 92;
}

export function isSpaceByte(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12;
}

/**
 * The first character of `:`, `=`, `:=`, `=>`, `??=`, `||=`, `.=` (PHP), of the `,` between a
 * quoted key and its value in a call (`setProperty("K", "v")`), and of the `>` that ends an XML
 * start tag (`<apiKey>v</apiKey>`).
 */
export function isAssignmentByte(c: number): boolean {
  return c === 58 || c === 61 || c === 63 || c === 124 || c === 46 || c === 44 || c === 62;
}

export function isNameByte(c: number): boolean {
  return isAlnumByte(c) || c === 95 || c === 45 || c === 46;
}

export function isAlnumByte(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
