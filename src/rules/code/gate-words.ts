/**
 * The words the cheap tests of code files start from, looked for in a file once and all together:
 * the code rules' tests, and the deployment rules' signals in source (`sourceSignal`). Each test
 * (`mayTurnTlsOff`, `mayServeMcpHttp`, …) runs a regular expression or a search over the whole text;
 * a dozen of them, on every code file, cost more than searching the file for all their words in one
 * pass of the keyword automaton the credential engine uses (`KeywordIndex`, WebAssembly over the
 * text). So a test first asks whether the file holds any of its words, case aside, and runs its
 * expression only when it does.
 *
 * A test's words must be such that every text its expression matches holds one of them: they skip
 * work, never a match. `AGENTWARDEN_PREFILTER=off` answers "holds" to every question, so the
 * prefilter checks (the test suite's, `bench/prefilter-check.mjs`) compare each test with and without
 * its words; `test/code/gate-words.test.ts` checks each test's words on its examples.
 */
import { prefiltersOn } from '../../core/prefilter.js';
import { KeywordIndex } from '../secrets/keyword-index.js';

/** A test's words: ids in the shared vocabulary. */
export interface GateWords {
  readonly words: readonly string[];
  readonly ids: readonly number[];
}

/** Every word some test registered, lower case; an id is a position here. */
const vocabulary: string[] = [];
let index: KeywordIndex | undefined;
/** The text searched last and which words it holds: the tests of one file ask one after another. */
let lastText: string | undefined;
let lastHeld = new Uint8Array(0);

/** Registers a test's words (when its module loads). A word is matched anywhere, case aside. */
export function gateWords(words: readonly string[]): GateWords {
  const ids = words.map((w) => {
    const word = w.toLowerCase();
    let id = vocabulary.indexOf(word);
    if (id < 0) {
      id = vocabulary.push(word) - 1;
      // A word registered after the first search: the automaton is built again with it.
      index = undefined;
      lastText = undefined;
    }
    return id;
  });
  return { words: [...words], ids };
}

/** Whether the text holds one of the words (always, with prefilters off). */
export function holdsAny(text: string, words: GateWords): boolean {
  if (!prefiltersOn()) return true;
  if (text !== lastText) {
    index ??= new KeywordIndex(vocabulary);
    const held = new Uint8Array(vocabulary.length);
    index.search(text, (id) => {
      held[id] = 1;
    });
    lastText = text;
    lastHeld = held;
  }
  for (const id of words.ids) if (lastHeld[id] === 1) return true;
  return false;
}
