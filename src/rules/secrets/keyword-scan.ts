/**
 * The keyword automaton's search over bytes, run in WebAssembly (`keyword-scan.wat`, compiled by
 * `npm run build`): two interleaved streams per chunk, and hits that what follows the keyword rules
 * out dropped before they reach JavaScript. About three times the JavaScript loop. When the module
 * is absent or cannot be instantiated, `KeywordIndex` keeps its JavaScript loop.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../core/paths.js';

const WASM_FILE = path.join(PACKAGE_ROOT, 'dist', 'rules', 'secrets', 'keyword-scan.wasm');

/** The automaton as `KeywordIndex` builds it, with what may follow each state's keywords. */
export interface AutomatonTables {
  /** Byte → character class (256 entries). */
  classOf: Uint8Array;
  /** Character classes: the width of a row (even). */
  width: number;
  /** Next state's row (state × width), bit-inverted when that state reports keywords. */
  delta: Int32Array;
  /** Per state: 1 when every keyword it reports must end a name. */
  nameOnly: Uint8Array;
  /** Per state: 1 when every keyword it reports must be followed by an assignment. */
  assignmentOnly: Uint8Array;
  /** Per state: letters or digits every keyword it reports must be followed by (0: no such rule). */
  run: Int32Array;
  /** The longest keyword, in bytes. */
  maxKeywordLength: number;
}

/** Bytes searched per call; a longer input is cut into chunks that overlap by the longest keyword's length less one. */
const CHUNK = 64 * 1024;
/** Bytes past a chunk that the checks of what follows a keyword may read (`keywordRun` ≤ 64). */
const LOOKAHEAD = 65;
/** Below this many bytes (or twice the overlap) a chunk is searched as one stream. */
const TWO_STREAMS_MIN = 512;
/** Character classes are stored × 4 in one byte each, so at most this many fit. */
const MAX_CLASSES = 64;
const CLASS = 0;
const NAME = 256;
const ALNUM = 512;
const FOLLOW = 768;
const DELTA = 1024;

interface Exports {
  scan1(p: number, n: number, out: number): number;
  scan2(pa: number, pb: number, n: number, outA: number, outB: number): number;
  run: WebAssembly.Global;
  rowBytes: WebAssembly.Global;
  outB: WebAssembly.Global;
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
  private readonly words: Int32Array;
  private readonly overlap: number;
  private readonly input: number;
  private readonly outA: number;
  private readonly outB: number;

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
    const inputBytes = CHUNK + this.overlap + LOOKAHEAD;
    const outBytes = 8 * (CHUNK + this.overlap + 8);
    this.outA = align(this.input + inputBytes);
    this.outB = this.outA + outBytes;
    const memory = new WebAssembly.Memory({ initial: Math.ceil((this.outB + outBytes) / 65536) });
    this.bytes = new Uint8Array(memory.buffer);
    this.words = new Int32Array(memory.buffer);
    for (let c = 0; c < 256; c++) {
      this.bytes[CLASS + c] = t.classOf[c]! * 4;
      this.bytes[NAME + c] = isNameByte(c) ? 1 : 0;
      this.bytes[ALNUM + c] = isAlnumByte(c) ? 1 : 0;
      this.bytes[FOLLOW + c] = (isQuoteByte(c) ? 1 : 0) | (isSpaceByte(c) ? 2 : 0) | (isAssignmentByte(c) ? 4 : 0);
    }
    for (let i = 0; i < t.delta.length; i++) {
      const next = t.delta[i]!;
      if (next >= 0) this.words[DELTA / 4 + i] = next * 4;
      else {
        const state = ~next / t.width;
        const flags = (t.nameOnly[state] ? 1 : 0) | (t.run[state]! > 0 ? 2 : 0) | (t.assignmentOnly[state] ? 4 : 0);
        this.words[DELTA / 4 + i] = ~((~next * 4) | flags);
      }
    }
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
      // The chunk's own bytes are [own, ownEnd); it starts `lead` bytes earlier so that a keyword
      // ending in it is seen whole, and carries LOOKAHEAD bytes after (zeros past the input's end).
      const lead = Math.min(own, this.overlap);
      const from = own - lead;
      const ownEnd = Math.min(n, own + CHUNK);
      const length = ownEnd - from;
      const copyEnd = Math.min(n, ownEnd + LOOKAHEAD);
      this.bytes.set(input.subarray(from, copyEnd), this.input);
      this.bytes.fill(0, this.input + (copyEnd - from), this.input + length + LOOKAHEAD);
      const base = from - this.input;
      // Two streams need stream B to start before stream A ends by the overlap at least.
      if (length < TWO_STREAMS_MIN || length < 2 * this.overlap) {
        const end = this.exports.scan1(this.input, length, this.outA);
        this.emit(this.outA, end, this.input + lead, base, onHit);
      } else {
        // Stream A takes [0, half), stream B [length - half, length): B starts `overlap` bytes or
        // more before A ends, and reports only from where A stopped.
        const half = Math.ceil((length + this.overlap) / 2);
        const endA = this.exports.scan2(this.input, this.input + length - half, half, this.outA, this.outB);
        const endB = this.exports.outB.value as number;
        this.emit(this.outA, endA, this.input + lead, base, onHit);
        this.emit(this.outB, endB, this.input + half, base, onHit);
      }
    }
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
