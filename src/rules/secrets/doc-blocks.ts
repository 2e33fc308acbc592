/**
 * How a page of documentation introduces the block a value sits in: a fenced code block (```` ``` ````),
 * a run of list items, or the value's own line, and the line of prose right above that block (its
 * lead-in: `Example:`, `For example, given credentials … :`, `The key is passed in a header named
 * x-api-key:`). A page shows a request or a header after such a line; the cue that it is an example
 * is there, not on the value's own line. A fenced block whose code is a test shows a test's values.
 * Read by `samples.ts`.
 */

/** A fence line of Markdown: three or more backticks or tildes, maybe indented (inside a list item). */
const FENCE = /^[ \t]*(?:`{3,}|~{3,})/;
/** A list item's start: `- `, `* `, `+ `, `1. `, `2) `. */
const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+/;
/** How many blank lines and sibling list items are passed over on the way up to a lead-in. */
const MAX_STEPS = 8;

function lineAt(text: string, lineStart: number): string {
  const end = text.indexOf('\n', lineStart);
  return text.slice(lineStart, end < 0 ? text.length : end);
}

function previousLineStart(text: string, lineStart: number): number {
  return lineStart <= 0 ? -1 : text.lastIndexOf('\n', lineStart - 2) + 1;
}

/**
 * The start of each fenced block's opening line and the end of its closing line, flat pairs, for
 * the text last asked about: a file's values are judged one after another, its fences read once.
 */
let lastText: string | undefined;
let lastFences: number[] = [];

function fencesIn(text: string): number[] {
  if (lastText === text) return lastFences;
  const fences: number[] = [];
  let open = -1;
  let marker = '';
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf('\n', at);
    const lineEnd = end < 0 ? text.length : end;
    const m = FENCE.exec(text.slice(at, Math.min(lineEnd, at + 200)));
    if (m) {
      const kind = m[0].trim().charAt(0);
      if (open < 0) {
        open = at;
        marker = kind;
      } else if (kind === marker) {
        fences.push(open, lineEnd);
        open = -1;
      }
    }
    at = lineEnd + 1;
  }
  lastText = text;
  lastFences = fences;
  return fences;
}

/** The fenced block the line at `lineStart` is inside (its opening line's start, its closing line's end), or undefined. */
function fencedBlock(text: string, lineStart: number): [number, number] | undefined {
  if (!text.includes('```') && !text.includes('~~~')) return undefined;
  const fences = fencesIn(text);
  for (let i = 0; i < fences.length; i += 2) {
    if (fences[i]! >= lineStart) return undefined;
    if (lineStart < fences[i + 1]!) return [fences[i]!, fences[i + 1]!];
  }
  return undefined;
}

/** The start of the opening line of the fenced block the line at `lineStart` is inside, or -1. */
function fenceOpening(text: string, lineStart: number): number {
  return fencedBlock(text, lineStart)?.[0] ?? -1;
}

/**
 * Test code: a test framework imported or used (`@playwright/test`, vitest, Jest's globals, pytest,
 * unittest, Go's testing), a fixture declared (`base.extend`, `@pytest.fixture`) or a test case opened
 * (`test('…', `, `describe("…", `; `def test_…(` with an `assert`).
 */
const TEST_CODE = /\bfrom\s+["'](?:@playwright\/test|vitest|@jest\/globals|@testing-library\/[\w-]+)["']|\brequire\(["'](?:@playwright\/test|vitest)["']\)|^\s*import\s+(?:pytest|unittest)\b|@pytest\.fixture\b|\bunittest\.TestCase\b|\*testing\.T\)|\bbase\.extend\b|(?<![.\w])(?:describe|it|test)\(\s*["'`]/m;

const PYTEST_CASE = /\bdef\s+test_\w*\(/;

/**
 * Whether the value at `start` sits in a fenced block of a page whose code is a test (a guide to
 * end-to-end testing showing its fixtures): a value that block holds (the throwaway user a fixture
 * creates) is a test's made-up value shown to readers, as it would be in a test file.
 */
export function inTestCodeBlock(text: string, start: number): boolean {
  const block = fencedBlock(text, text.lastIndexOf('\n', start - 1) + 1);
  if (block === undefined) return false;
  const code = text.slice(block[0], block[1]);
  // A `def test_…` is pytest's only with an assertion: a smoke script a guide names `test_trace` is none.
  return TEST_CODE.test(code) || (PYTEST_CASE.test(code) && /^\s*assert\b/m.test(code));
}

/**
 * The lead-in of the block the line at `lineStart` is in: from the block's first line (a fence's
 * opening, or the first of the list items around the value), the nearest line above it that is not
 * blank. Undefined for a line in no such block (a line of code or configuration, whose line above is
 * a sibling key, not prose), or when there is none within a few lines.
 */
export function leadIn(text: string, lineStart: number): string | undefined {
  const fence = fenceOpening(text, lineStart);
  let at = fence >= 0 ? fence : lineStart;
  const inList = fence < 0 && LIST_ITEM.test(lineAt(text, at));
  if (fence < 0 && !inList) return undefined;
  for (let step = 0; step < MAX_STEPS; step++) {
    at = previousLineStart(text, at);
    if (at < 0) return undefined;
    const line = lineAt(text, at);
    if (line.trim() === '') continue;
    // Earlier items of the same list (`- Concatenate: …`, `- Base64 encode: …`) belong to the block.
    if (inList && LIST_ITEM.test(line)) continue;
    return line;
  }
  return undefined;
}

/** A header written as a reader would send it: `X-Api-Key: `, `Authorization: Bearer `, `Authorization: Token token=`. */
const HEADER_BEFORE_VALUE = /([A-Za-z][\w-]{1,40}):[ \t]*(?:[A-Za-z]{2,10}[ \t]+(?:[a-z]{2,10}=)?)?$/;

/**
 * Whether the value at `start` is the header a page of documentation shows right after prose that
 * tells how that header is sent (`The key is passed as a request header named \`x-api-key\`:` above
 * `x-api-key: …`, or `Use the header: \`Authorization: Bearer …\``): the page illustrates the
 * header's form with a vendor's sample, as API references do. The prose names the header or ends
 * with a colon that the header completes, and says `header`; three words at least, so code is none.
 */
export function illustratesHeader(text: string, start: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(Math.max(lineStart, start - 300), start);
  const header = HEADER_BEFORE_VALUE.exec(before);
  if (!header) return false;
  // Prose on the value's own line before the header (`Use the header: \``), else the block's lead-in.
  const own = before.slice(0, header.index).replace(/^[ \t>*-]+/, '');
  const prose = /[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(own) ? own : leadIn(text, lineStart);
  if (!prose || !/\bheaders?\b/i.test(prose) || !/[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(prose)) return false;
  return prose.toLowerCase().includes(header[1]!.toLowerCase()) || /:[*_`\s]*$/.test(prose);
}
