/**
 * The keyword prefilter: every keyword of every pattern in one Aho-Corasick automaton, compiled to
 * a dense transition table over ASCII with case folded, so a file is searched for all keywords in a
 * single pass before any regex runs.
 */

const ALPHABET = 128;

export interface KeywordHit {
  keyword: number;
  /** Offset of the keyword's first character. */
  start: number;
}

export class KeywordIndex {
  readonly keywords: string[];
  /** Transitions, premultiplied: `delta[s + c]` is the next state's row offset (state × 128). */
  private readonly delta: Int32Array;
  /** 1 where the state (by row offset / 128) reports keywords: a byte test on the hot path. */
  private readonly reports: Uint8Array;
  /** Keyword ids reported at each state (own and inherited through failure links). */
  private readonly outputs: number[][];

  constructor(keywords: string[]) {
    this.keywords = keywords.map((k) => k.toLowerCase());
    const goto: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    this.keywords.forEach((word, id) => {
      let state = 0;
      for (let i = 0; i < word.length; i++) {
        const c = fold(word.charCodeAt(i));
        if (c === 0) break; // non-ASCII keywords are matched by their ASCII prefix only
        let next = goto[state]!.get(c);
        if (next === undefined) {
          next = goto.length;
          goto.push(new Map());
          out.push([]);
          goto[state]!.set(c, next);
        }
        state = next;
      }
      out[state]!.push(id);
    });
    const states = goto.length;
    const delta = new Int32Array(states * ALPHABET);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let c = 0; c < ALPHABET; c++) {
      const next = goto[0]!.get(c);
      if (next !== undefined) {
        delta[c] = next;
        fail[next] = 0;
        queue.push(next);
      }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const state = queue[qi]!;
      out[state] = [...out[state]!, ...out[fail[state]!]!];
      for (let c = 0; c < ALPHABET; c++) {
        const next = goto[state]!.get(c);
        if (next !== undefined) {
          fail[next] = delta[fail[state]! * ALPHABET + c]!;
          delta[state * ALPHABET + c] = next;
          queue.push(next);
        } else {
          delta[state * ALPHABET + c] = delta[fail[state]! * ALPHABET + c]!;
        }
      }
    }
    // Upper-case letters behave as their lower-case forms.
    for (let s = 0; s < states; s++) {
      for (let c = 65; c <= 90; c++) delta[s * ALPHABET + c] = delta[s * ALPHABET + c + 32]!;
    }
    for (let i = 0; i < delta.length; i++) delta[i] = delta[i]! * ALPHABET;
    this.delta = delta;
    this.outputs = out;
    this.reports = Uint8Array.from(out, (o) => (o.length ? 1 : 0));
  }

  private report(state: number, end: number, onHit: (keyword: number, start: number) => void): void {
    for (const k of this.outputs[state]!) onHit(k, end + 1 - this.keywords[k]!.length);
  }

  /** Calls `onHit` for every keyword occurrence, in text order. */
  search(text: string, onHit: (keyword: number, start: number) => void): void {
    const delta = this.delta;
    const reports = this.reports;
    let row = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const c = text.charCodeAt(i);
      row = c < ALPHABET ? delta[row + c]! : 0;
      if (reports[row >> 7] === 1) this.report(row >> 7, i, onHit);
    }
  }
}

function fold(c: number): number {
  if (c >= ALPHABET) return 0;
  return c >= 65 && c <= 90 ? c + 32 : c;
}
