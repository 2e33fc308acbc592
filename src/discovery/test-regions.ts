/**
 * Test code inside a file that is not named as a test: Rust keeps its unit tests beside the code
 * they test, in a `#[cfg(test)] mod tests { … }` block and `#[test]` functions, so `git.rs` holds
 * shipped code and its tests. Findings inside such a region are in the test context, as they would
 * be in a test file. Languages whose tests live in files of their own are judged by path alone
 * (`context.ts`).
 */

import type { SourceFile } from '../core/source.js';
import type { FindingContext } from '../core/types.js';
import { outranksTest } from './context.js';

/** Half-open character ranges [start, end) of a file's test regions, in order. */
export type Regions = readonly (readonly [number, number])[];

const NONE: Regions = [];

/**
 * An attribute that makes the item after it test-only: `#[cfg(test)]`, `#[cfg(all(test, feature = "x"))]`
 * (not `not(test)`), `#[test]`, `#[tokio::test]`, `#[rstest]`, `#[test_case(…)]`.
 */
const TEST_ATTRIBUTE = /#\[(?:cfg\((?:test|all\((?:[^()]|\([^()]*\))*?(?<!not\()\btest\b(?:[^()]|\([^()]*\))*\))\)|(?:[\w]+::)?test(?:_case)?(?:\([^\]]*\))?|rstest(?:\([^\]]*\))?)\]/g;

/** The test regions of a file, by its path; none for a language that keeps tests in files of their own. */
export function testRegions(relPath: string, text: string): Regions {
  if (!relPath.endsWith('.rs') || !text.includes('#[')) return NONE;
  return rustTestRegions(text);
}

/**
 * The test regions of a file judged as `context`, found once per file whoever asks (the engine for
 * findings' context, the secrets analyzer for its samples): none where the whole file is test code
 * already, or is something a test module inside it does not outrank (vendored, generated, a recording).
 */
export function testRegionsIn(file: SourceFile, context: FindingContext): Regions {
  if (context === 'test' || outranksTest(context)) return NONE;
  return file.memo('test-regions', () => testRegions(file.relPath, file.text));
}

/** Whether `offset` lies in one of `regions`. */
export function inRegion(regions: Regions, offset: number): boolean {
  for (const [start, end] of regions) {
    if (offset < start) return false;
    if (offset < end) return true;
  }
  return false;
}

/** The items a test attribute marks: from the attribute to the close of the item's braces. */
function rustTestRegions(text: string): Regions {
  const regions: [number, number][] = [];
  TEST_ATTRIBUTE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TEST_ATTRIBUTE.exec(text)) !== null) {
    const start = m.index;
    // The search goes on past the item's close: attributes inside a test module open nothing more.
    const open = itemBody(text, TEST_ATTRIBUTE.lastIndex);
    if (open < 0) continue;
    const close = closingBrace(text, open);
    regions.push([start, close]);
    TEST_ATTRIBUTE.lastIndex = close;
  }
  return regions;
}

/**
 * Where the braces of the item after an attribute open: other attributes and the item's head
 * (`mod tests`, `async fn case()`, `fn f() -> Result<(), E>`) come first. -1 when the item has no
 * body here (`mod tests;` in a file of its own, `use …;`).
 */
function itemBody(text: string, from: number): number {
  const limit = Math.min(text.length, from + 2000);
  for (let i = from; i < limit; i++) {
    const c = text[i];
    if (c === '{') return i;
    if (c === ';') return -1;
    if (c === '#' && text[i + 1] === '[') {
      // Another attribute: skip to its closing bracket.
      const end = text.indexOf(']', i);
      if (end < 0) return -1;
      i = end;
    }
  }
  return -1;
}

/**
 * The offset just past the brace that closes the one at `open`, skipping strings, raw strings,
 * character literals and comments; the end of the text when it never closes.
 */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  const n = text.length;
  for (let i = open; i < n; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') {
      if (--depth === 0) return i + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
    } else if (c === '/' && text[i + 1] === '*') {
      i = blockCommentEnd(text, i);
    } else if (c === '"') {
      i = stringEnd(text, i);
    } else if (c === 'r' && (text[i + 1] === '"' || text[i + 1] === '#') && !/\w/.test(text[i - 1] ?? '')) {
      const raw = /^r(#*)"/.exec(text.slice(i, i + 260));
      if (raw) {
        const end = text.indexOf(`"${raw[1]}`, i + raw[0].length);
        i = end < 0 ? n : end + raw[1]!.length;
      }
    } else if (c === "'") {
      // A character literal ('x', '\n', '\u{1F600}'), not a lifetime ('a).
      const lit = /^'(?:\\(?:u\{[0-9a-fA-F]{1,6}\}|x[0-9a-fA-F]{2}|.)|[^\\'\n])'/.exec(text.slice(i, i + 12));
      if (lit) i += lit[0].length - 1;
    }
  }
  return n;
}

/** Index of the last character of a `/* … *\/` comment (nested, as Rust allows). */
function blockCommentEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length - 1; i++) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i++;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      i++;
      if (--depth === 0) return i;
    }
  }
  return text.length;
}

/** Index of a string literal's closing quote. */
function stringEnd(text: string, from: number): number {
  for (let i = from + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length;
}
