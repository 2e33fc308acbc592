/**
 * The keyword prefilter: every keyword of every pattern in one Aho-Corasick automaton, compiled to
 * a dense transition table over ASCII with case folded, so a file is searched for all keywords in a
 * single pass before any regex runs. Bytes and longer strings are searched in WebAssembly
 * (`keyword-scan.ts`), short strings in JavaScript; both give the same hits.
 */
import { isAlnumByte, isAssignmentByte, isNameByte, isQuoteByte, isSpaceByte, WasmKeywordScan, type AutomatonTables } from './keyword-scan.js';

const ASCII = 128;
/** Low bits of a transition entry: every keyword of the state must end a name, be followed by a run, by an assignment. */
const NAME_ONLY = 1;
const RUN_ONLY = 2;
const ASSIGNMENT_ONLY = 4;
const FLAGS = NAME_ONLY | RUN_ONLY | ASSIGNMENT_ONLY;
/** Strings shorter than this are searched in JavaScript: writing them into WebAssembly costs more than it saves. */
const WASM_TEXT_MIN = 1024;

export class KeywordIndex {
  readonly keywords: string[];
  /**
   * Byte or character code → character class: 0 for characters in no keyword and for every code
   * past ASCII, upper case folded to lower. 256 wide, so a byte needs no range check.
   */
  private readonly classOf: Uint8Array;
  /** Number of character classes: the width of a row of the transition table. */
  private readonly width: number;
  /**
   * Transitions, in the form the WebAssembly search reads (see `AutomatonTables.delta`):
   * `delta[state × width + class]` is the next state's row in bytes (state × width × 4), with what
   * may follow its keywords in the low three bits, bit-inverted (negative) when that state reports
   * keywords, so the hot loop makes one load per character.
   */
  private readonly delta: Int32Array;
  /** Per state: letters or digits every keyword it reports must be followed by (0: not all need some). */
  private readonly stateRun: Int32Array;
  /** Keyword ids reported at each state (own and inherited through failure links). */
  private readonly outputs: number[][];
  /** Per state: 1 when its keywords need different things to follow them (the flags in `delta` cannot say). */
  private readonly mixed: Uint8Array;
  /** Per keyword: its length, to turn where it ends into where it starts. */
  private readonly keywordLength: Int32Array;
  /** Per keyword: it counts only where it ends a name (`token =`, not `tokens` or `token_type`). */
  private readonly endsName: boolean[];
  /** Per keyword: it counts only where an assignment follows (`token = `, `"token": `). */
  private readonly assignment: boolean[];
  /** Per keyword: letters or digits that must follow it (0: any). */
  private readonly run: Int32Array;
  /** The WebAssembly search over bytes; null when unavailable or not wanted, undefined until first use. */
  private wasm?: WasmKeywordScan | null;

  /**
   * What may follow a keyword, checked in the search loop before any callback: `endsName[k]`,
   * no name character (letter, digit, `_`, `-`, `.`); `assignment[k]`, an assignment (see
   * `assignmentFollows`); `run[k]`, at least that many letters or digits. `wasm: false` keeps byte
   * searches in JavaScript (to compare the two).
   */
  constructor(keywords: string[], options: { endsName?: boolean[]; assignment?: boolean[]; run?: number[]; wasm?: boolean } = {}) {
    if (options.wasm === false) this.wasm = null;
    this.keywords = keywords.map((k) => k.toLowerCase());
    this.endsName = this.keywords.map((_, k) => options.endsName?.[k] === true);
    this.assignment = this.keywords.map((_, k) => options.assignment?.[k] === true);
    this.run = Int32Array.from(this.keywords, (_, k) => options.run?.[k] ?? 0);
    // Only the characters keywords use get a column: a table small enough to stay in cache.
    const classOf = new Uint8Array(256);
    let width = 1;
    for (const word of this.keywords) {
      for (let i = 0; i < word.length; i++) {
        const c = fold(word.charCodeAt(i));
        if (c !== 0 && classOf[c] === 0) classOf[c] = width++;
      }
    }
    if (width % 2 === 1) width++; // an even row width leaves rows in bytes three flag bits
    for (let c = 65; c <= 90; c++) classOf[c] = classOf[c + 32]!;
    // The trie: per state its edges as (class, child) pairs, and the keywords ending there; `child`
    // finds an edge by state and class (no keyword has more characters than the sum of all).
    const edges: number[][] = [[]];
    const out: number[][] = [[]];
    let chars = 1;
    for (const word of this.keywords) chars += word.length;
    const child = new Int32Array(chars * width);
    for (let id = 0; id < this.keywords.length; id++) {
      const word = this.keywords[id]!;
      let state = 0;
      for (let i = 0; i < word.length; i++) {
        const c = fold(word.charCodeAt(i));
        if (c === 0) break; // non-ASCII keywords are matched by their ASCII prefix only
        const k = classOf[c]!;
        let next = child[state * width + k]!;
        if (next === 0) {
          next = edges.length;
          edges.push([]);
          out.push([]);
          edges[state]!.push(k, next);
          child[state * width + k] = next;
        }
        state = next;
      }
      out[state]!.push(id);
    }
    // Breadth first, each state's row starts as a copy of its failure state's row (built before
    // it, being shallower) and then takes the state's own edges: the trie's failure links and the
    // complete transition table in one pass, with entries already in their premultiplied form.
    const states = edges.length;
    const delta = new Int32Array(states * width);
    const stateRun = new Int32Array(states);
    const rowBytes = width * 4;
    // The entry for a move into `state`, once its keywords are known.
    const entry = (state: number): number => {
      const ks = out[state]!;
      if (ks.length === 0) return state * rowBytes;
      const all = (need: (k: number) => boolean): boolean => ks.every(need);
      const run = all((k) => this.run[k]! > 0) ? Math.min(...ks.map((k) => this.run[k]!)) : 0;
      stateRun[state] = run;
      const flags = (all((k) => this.endsName[k]!) ? NAME_ONLY : 0) | (run > 0 ? RUN_ONLY : 0) | (all((k) => this.assignment[k]!) ? ASSIGNMENT_ONLY : 0);
      return ~(state * rowBytes + flags);
    };
    const target = (value: number): number => ((value < 0 ? ~value : value) & ~FLAGS) / rowBytes;
    delta.fill(entry(0), 0, width);
    const queue: number[] = [0];
    const fail = new Int32Array(states);
    for (let qi = 0; qi < queue.length; qi++) {
      const state = queue[qi]!;
      const row = state * width;
      if (state !== 0) {
        const f = fail[state]!;
        delta.copyWithin(row, f * width, f * width + width);
      }
      const list = edges[state]!;
      for (let e = 0; e < list.length; e += 2) {
        const k = list[e]!;
        const next = list[e + 1]!;
        const f = state === 0 ? 0 : target(delta[row + k]!);
        fail[next] = f;
        if (out[f]!.length) out[next] = [...out[next]!, ...out[f]!];
        delta[row + k] = entry(next);
        queue.push(next);
      }
    }
    this.classOf = classOf;
    this.width = width;
    this.delta = delta;
    this.stateRun = stateRun;
    this.outputs = out;
    const need = Int32Array.from(this.keywords, (_, k) => (this.endsName[k] ? 1 : 0) | (this.assignment[k] ? 2 : 0) | (this.run[k]! << 2));
    this.mixed = Uint8Array.from(out, (ks) => (ks.some((k) => need[k] !== need[ks[0]!]) ? 1 : 0));
    this.keywordLength = Int32Array.from(this.keywords, (k) => k.length);
  }

  /** The automaton for the WebAssembly search. */
  private tables(): AutomatonTables {
    return {
      classOf: this.classOf,
      width: this.width,
      delta: this.delta,
      run: this.stateRun,
      maxKeywordLength: Math.max(0, ...this.keywords.map((k) => k.length)),
    };
  }

  /** Whether the WebAssembly search is available (built on first use). */
  private wasmScan(): boolean {
    if (this.wasm === undefined) this.wasm = WasmKeywordScan.create(this.tables()) ?? null;
    return this.wasm !== null;
  }

  /**
   * Reports the keywords of state `row` that end at `end` in `source` and are followed as they
   * require. `checked`: the WebAssembly search already checked what the state's flags say, which is
   * all there is to check when its keywords all need the same.
   */
  private report(row: number, end: number, source: string | Uint8Array, onHit: (keyword: number, start: number) => void, checked: boolean): void {
    const state = (row / this.width) | 0;
    const ks = this.outputs[state]!;
    const check = !checked || this.mixed[state] === 1;
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i]!;
      if (!check || this.followedAsRequired(k, source, end + 1)) onHit(k, end + 1 - this.keywordLength[k]!);
    }
  }

  private followedAsRequired(k: number, source: string | Uint8Array, at: number): boolean {
    if (this.endsName[k] && at < source.length && isNameByte(codeAt(source, at))) return false;
    if (this.assignment[k] && !assignmentFollows(source, at)) return false;
    const run = this.run[k]!;
    return run === 0 || alnumRun(source, at, run);
  }

  /** Calls `onHit` for every keyword occurrence, in text order. */
  search(text: string, onHit: (keyword: number, start: number) => void): void {
    if (text.length >= WASM_TEXT_MIN && this.wasmScan()) {
      this.wasm!.scanText(text, (row, end) => this.report(row, end, text, onHit, true));
      return;
    }
    const delta = this.delta;
    const classOf = this.classOf;
    let row = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const c = text.charCodeAt(i);
      const next = delta[row + (c < ASCII ? classOf[c]! : 0)]!;
      if (next < 0) {
        row = (~next & ~FLAGS) >> 2;
        this.report(row, i, text, onHit, false);
      } else row = next >> 2;
    }
  }

  /**
   * The same search over bytes of which each is one character of the text (ASCII, or Latin-1), in
   * WebAssembly when it is available.
   */
  searchBytes(bytes: Uint8Array, onHit: (keyword: number, start: number) => void): void {
    if (this.wasmScan()) {
      this.wasm!.scan(bytes, (row, end) => this.report(row, end, bytes, onHit, true));
      return;
    }
    const delta = this.delta;
    const classOf = this.classOf;
    let row = 0;
    for (let i = 0, n = bytes.length; i < n; i++) {
      const next = delta[row + classOf[bytes[i]!]!]!;
      if (next < 0) {
        row = (~next & ~FLAGS) >> 2;
        this.report(row, i, bytes, onHit, false);
      } else row = next >> 2;
    }
  }
}

function codeAt(source: string | Uint8Array, i: number): number {
  return typeof source === 'string' ? source.charCodeAt(i) : source[i]!;
}

/**
 * Whether an assignment starts at `from`: at most two quotes or brackets (`"`, `'`, `]`), at most
 * four spaces, optionally a type word (Go `k string =`) of at most 16 letters or digits and four
 * more spaces, then the first character of an assignment (see `isAssignmentByte`).
 */
function assignmentFollows(source: string | Uint8Array, from: number): boolean {
  let i = from;
  const n = source.length;
  for (let q = 0; q < 2 && i < n && isQuoteByte(codeAt(source, i)); q++) i++;
  let w = 0;
  for (; w < 4 && i < n && isSpaceByte(codeAt(source, i)); w++) i++;
  if (w > 0 && i < n && isAlnumByte(codeAt(source, i))) {
    // a type between name and assignment (Go `k string =`)
    for (let t = 0; t < 16 && i < n && isAlnumByte(codeAt(source, i)); t++) i++;
    for (let s = 0; s < 4 && i < n && isSpaceByte(codeAt(source, i)); s++) i++;
  }
  return i < n && isAssignmentByte(codeAt(source, i));
}

/** Whether `length` letters or digits start at `from`. */
function alnumRun(source: string | Uint8Array, from: number, length: number): boolean {
  if (from + length > source.length) return false;
  for (let i = from; i < from + length; i++) {
    const c = codeAt(source, i);
    if (!isAlnumByte(c)) return false;
  }
  return true;
}

function fold(c: number): number {
  if (c >= ASCII) return 0;
  return c >= 65 && c <= 90 ? c + 32 : c;
}
