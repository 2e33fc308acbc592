/**
 * The Python of a Jupyter notebook, laid over the notebook's own text: every offset of the result is
 * the same offset of the notebook file, so whatever the code rules find points at the right line of
 * the `.ipynb` (and, but for escapes earlier on the line, the right column).
 *
 * nbformat writes a code cell's source as a JSON array with one string per line, each string on a
 * line of its own. The decoded line goes where its string stands (its quotes and escapes padded with
 * spaces), and everything else becomes spaces. The strings all start at the same column, so the cells
 * form one indented block, opened by an `if 1:` written over a line of the file's own structure.
 * Shell and magic lines (`!pip install …`, `%time …`, `pip install …`) and cells (`%%bash`) are
 * blanked. A notebook in another language,
 * one whose source strings hold several lines, or one whose strings do not share a column, gives
 * nothing; so does text that is not a notebook.
 */
import type { Node } from 'jsonc-parser';
import { jsoncLib } from './libraries.js';

const OPEN_BLOCK = 'if 1:';
/** A line IPython runs itself: a shell escape, a line magic, or an install that automagic runs without its `%`. */
const SHELL_OR_MAGIC = /^\s*(?:[!%]|(?:pip3?|conda|mamba|uv(?:\s+pip)?)\s+install\b)/;

export function notebookPython(text: string): string | undefined {
  if (!text.includes('"cell_type"')) return undefined;
  let root: Node | undefined;
  try {
    root = jsoncLib().parseTree(text, [], { allowTrailingComma: true, disallowComments: true });
  } catch {
    return undefined;
  }
  if (root?.type !== 'object') return undefined;
  const { findNodeAtLocation, getNodeValue } = jsoncLib();
  const language = [['metadata', 'kernelspec', 'language'], ['metadata', 'language_info', 'name']]
    .map((p) => findNodeAtLocation(root, p))
    .find((n) => n?.type === 'string');
  if (language && !/^python/i.test(String(getNodeValue(language)))) return undefined;
  const cells = findNodeAtLocation(root, ['cells']);
  if (cells?.type !== 'array') return undefined;

  const out = text.replace(/[^\r\n]/g, ' ').split('\n');
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  let column: number | undefined;
  let firstLine: number | undefined;
  for (const cell of cells.children ?? []) {
    if (cell.type !== 'object') continue;
    const kind = findNodeAtLocation(cell, ['cell_type']);
    const source = findNodeAtLocation(cell, ['source']);
    if (kind?.type !== 'string' || getNodeValue(kind) !== 'code' || !source) continue;
    const strings = source.type === 'array' ? (source.children ?? []) : [source];
    // A cell magic (`%%bash`, `%%writefile`) makes the whole cell something else than Python.
    const first = strings.find((s) => s.type === 'string' && /\S/.test(s.value as string));
    if (first && /^\s*%%/.test(first.value as string)) continue;
    for (const s of strings) {
      if (s.type !== 'string') return undefined;
      const line = (s.value as string).replace(/\r?\n$/, '');
      if (line.includes('\n')) return undefined;
      const at = lineOf(s.offset);
      const col = s.offset + 1 - lineStarts[at]!;
      // An empty line says nothing about the column; a code line must share the others'.
      if (/\S/.test(line)) {
        if (column === undefined) column = col;
        else if (col !== column) return undefined;
      }
      firstLine = Math.min(firstLine ?? at, at);
      const code = SHELL_OR_MAGIC.test(line) ? '' : line;
      const row = out[at]!;
      out[at] = row.slice(0, col) + code + row.slice(col + code.length);
    }
  }
  if (column === undefined || firstLine === undefined) return undefined;
  // The line that opens the block: before the first code line, long enough, and code of no cell.
  const opener = out.findIndex((row, i) => i < firstLine! && row.length >= OPEN_BLOCK.length && !/\S/.test(row));
  if (opener < 0) return undefined;
  out[opener] = OPEN_BLOCK + out[opener]!.slice(OPEN_BLOCK.length);
  return out.join('\n');
}
