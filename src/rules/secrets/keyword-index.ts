/**
 * The keyword prefilter: every keyword of every pattern in one Aho-Corasick automaton, compiled to
 * a dense transition table over ASCII with case folded, so a file is searched for all keywords in a
 * single pass before any regex runs.
 */

const ASCII = 128;

export interface KeywordHit {
  keyword: number;
  /** Offset of the keyword's first character. */
  start: number;
}

export class KeywordIndex {
  readonly keywords: string[];
  /** ASCII code → character class: 0 for characters in no keyword, upper case folded to lower. */
  private readonly classOf: Uint8Array;
  /** Number of character classes: the width of a row of the transition table. */
  private readonly width: number;
  /**
   * Transitions, premultiplied: `delta[row + class]` is the next state's row offset (state × width),
   * bit-inverted (negative) when that state reports keywords, so the hot loop makes one load per character.
   */
  private readonly delta: Int32Array;
  /** Keyword ids reported at each state (own and inherited through failure links). */
  private readonly outputs: number[][];

  constructor(keywords: string[]) {
    this.keywords = keywords.map((k) => k.toLowerCase());
    // Only the characters keywords use get a column: a table small enough to stay in cache.
    const classOf = new Uint8Array(ASCII);
    let width = 1;
    for (const word of this.keywords) {
      for (let i = 0; i < word.length; i++) {
        const c = fold(word.charCodeAt(i));
        if (c !== 0 && classOf[c] === 0) classOf[c] = width++;
      }
    }
    for (let c = 65; c <= 90; c++) classOf[c] = classOf[c + 32]!;
    const goto: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    this.keywords.forEach((word, id) => {
      let state = 0;
      for (let i = 0; i < word.length; i++) {
        const c = fold(word.charCodeAt(i));
        if (c === 0) break; // non-ASCII keywords are matched by their ASCII prefix only
        const k = classOf[c]!;
        let next = goto[state]!.get(k);
        if (next === undefined) {
          next = goto.length;
          goto.push(new Map());
          out.push([]);
          goto[state]!.set(k, next);
        }
        state = next;
      }
      out[state]!.push(id);
    });
    const states = goto.length;
    const delta = new Int32Array(states * width);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let k = 1; k < width; k++) {
      const next = goto[0]!.get(k);
      if (next !== undefined) {
        delta[k] = next;
        fail[next] = 0;
        queue.push(next);
      }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const state = queue[qi]!;
      out[state] = [...out[state]!, ...out[fail[state]!]!];
      for (let k = 1; k < width; k++) {
        const next = goto[state]!.get(k);
        if (next !== undefined) {
          fail[next] = delta[fail[state]! * width + k]!;
          delta[state * width + k] = next;
          queue.push(next);
        } else {
          delta[state * width + k] = delta[fail[state]! * width + k]!;
        }
      }
    }
    for (let i = 0; i < delta.length; i++) {
      const next = delta[i]!;
      delta[i] = out[next]!.length ? ~(next * width) : next * width;
    }
    this.classOf = classOf;
    this.width = width;
    this.delta = delta;
    this.outputs = out;
  }

  private report(row: number, end: number, onHit: (keyword: number, start: number) => void): void {
    for (const k of this.outputs[row / this.width]!) onHit(k, end + 1 - this.keywords[k]!.length);
  }

  /** Calls `onHit` for every keyword occurrence, in text order. */
  search(text: string, onHit: (keyword: number, start: number) => void): void {
    const delta = this.delta;
    const classOf = this.classOf;
    let row = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const c = text.charCodeAt(i);
      row = delta[row + (c < ASCII ? classOf[c]! : 0)]!;
      if (row < 0) {
        row = ~row;
        this.report(row, i, onHit);
      }
    }
  }
}

function fold(c: number): number {
  if (c >= ASCII) return 0;
  return c >= 65 && c <= 90 ? c + 32 : c;
}
