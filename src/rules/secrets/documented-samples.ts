/**
 * Where documentation shows data rather than using it: the block of an API description's
 * `example:` or `examples:` key (a sample request or response), and a JSON document shown in a
 * block comment. A value a generic pattern matches there is a sample (see `samples.ts`).
 */

/**
 * A key whose block holds examples: OpenAPI's `example:` and `examples:`, `x-example(s)`, Azure
 * specs' `x-ms-examples`, in YAML or indented JSON (`"example": {`), opening a block of its own.
 */
const EXAMPLE_KEY = /^[ \t]*(?:-[ \t]+)?["']?(?:example|examples|x-examples?|x-ms-examples)["']?[ \t]*:[ \t]*(?:[{[][ \t]*)?(?:#.*)?\r?$/gim;

/** The indentation of text[from, to) (spaces, tabs, and a YAML list item's `- `), or -1 for a blank or comment line. */
function indentAt(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || (c === 45 && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9))) i++;
    else break;
  }
  const c = text.charCodeAt(i);
  // Blank, or a comment (`#`, `//`).
  if (i >= to || c === 13 || c === 35 || (c === 47 && text.charCodeAt(i + 1) === 47)) return -1;
  return i - from;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/**
 * The blocks of a text's example keys, flat triples: where the block starts (the line after the
 * key), where it ends (the next line indented no more than the key) and the key's indentation.
 */
function exampleBlocksIn(text: string): number[] {
  const blocks: number[] = [];
  EXAMPLE_KEY.lastIndex = 0;
  for (let m = EXAMPLE_KEY.exec(text); m; m = EXAMPLE_KEY.exec(text)) {
    const keyEnd = lineEnd(text, m.index);
    const indent = indentAt(text, m.index, keyEnd);
    let at = keyEnd + 1;
    while (at < text.length) {
      const end = lineEnd(text, at);
      const own = indentAt(text, at, end);
      if (own >= 0 && own <= indent) break;
      at = end + 1;
    }
    blocks.push(keyEnd + 1, Math.min(at, text.length), indent);
    if (m[0].length === 0) EXAMPLE_KEY.lastIndex++;
  }
  return blocks;
}

/**
 * The example blocks of the text last asked about: the values of one file are asked about one after
 * another, and the file is read for its keys once, not once per value.
 */
let lastText: string | undefined;
let lastBlocks: number[] = [];

/**
 * Whether the line at `lineStart` sits, by indentation, inside the block of an `example:` or
 * `examples:` key: an API description's sample request or response (`examples: / UploadResponse:
 * / value: / token: …`), in YAML or indented JSON.
 */
export function inExampleBlock(text: string, lineStart: number): boolean {
  if (lastText !== text) {
    lastBlocks = exampleBlocksIn(text);
    lastText = text;
  }
  if (lastBlocks.length === 0) return false;
  const indent = indentAt(text, lineStart, lineEnd(text, lineStart));
  for (let i = 0; i < lastBlocks.length; i += 3) {
    if (lineStart >= lastBlocks[i]! && lineStart < lastBlocks[i + 1]! && indent > lastBlocks[i + 2]!) return true;
  }
  return false;
}

/** How far a block comment around a value is read, each way, in characters. */
const COMMENT_CHARS = 8192;
/** A line of a JSON document: a brace or bracket, a `"key": value` member, a bare string, number or literal. */
const JSON_LINE = /^[ \t]*(?:[{}[\]]{1,2},?|"[^"\n]{0,200}"[ \t]*:.*|"[^"\n]{0,200}",?|-?\d[\d.eE+-]{0,30},?|true,?|false,?|null,?)[ \t]*\r?$/;
/** A comment's decoration (`*****`, ` * `, `=====`) or a label before a document (`Response:`). */
const DECORATION_LINE = /^[ \t]*[*/=#-]*[ \t]*\r?$|^[ \t]*\*?[ \t]*[A-Za-z][\w ,.'()/-]{0,80}:[ \t]*\r?$/;

/**
 * Whether the value at `start` is inside a block comment (`/* … *\/`) whose every line is a line of
 * a JSON document, its decoration or a label (`Response:`): a sample request or response shown to
 * readers, with a `{` and at least two members. Commented-out code has statements; this has none.
 */
export function inCommentedDocument(text: string, start: number): boolean {
  // Looked for within COMMENT_CHARS each way only: a file with no comment is not searched whole for every value.
  const from = Math.max(0, start - COMMENT_CHARS);
  const opened = text.slice(from, start).lastIndexOf('/*');
  if (opened < 0) return false;
  const open = from + opened;
  const closed = text.slice(open + 2, start + COMMENT_CHARS).indexOf('*/');
  const closedAt = closed < 0 ? -1 : open + 2 + closed;
  if (closedAt < start) return false;
  // Inside the comment, past its opener's decoration (`/*****`), up to its closer's (`*****\/`).
  const lines = text.slice(open + 2, closedAt).split('\n');
  let members = 0;
  let braces = 0;
  for (const line of lines) {
    if (DECORATION_LINE.test(line)) continue;
    if (!JSON_LINE.test(line)) return false;
    if (/^[ \t]*"[^"]*"[ \t]*:/.test(line)) members++;
    if (/[{[]/.test(line)) braces++;
  }
  return braces > 0 && members >= 2;
}
