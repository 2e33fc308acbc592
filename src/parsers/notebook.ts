/**
 * The Python of a Jupyter notebook, with where each line of it stands in the notebook file, so that
 * whatever the code rules find in the code points at the `.ipynb` line (and, but for escapes
 * earlier on the line, the column) that holds it.
 *
 * nbformat writes a code cell's source as a JSON array with one string per line, each string on a
 * line of its own: each becomes one line of the Python, cells apart by a blank line. Shell and magic
 * lines (`!pip install …`, `%time …`, `pip install …`) and cells (`%%bash`) are blanked. A notebook
 * in another language, or one whose source strings hold several lines, gives nothing; so does text
 * that is not a notebook.
 */
import type { Node } from 'jsonc-parser';
import { jsoncLib } from './libraries.js';

/** A line IPython runs itself: a shell escape, a line magic, or an install that automagic runs without its `%`. */
const SHELL_OR_MAGIC = /^\s*(?:[!%]|(?:pip3?|conda|mamba|uv(?:\s+pip)?)\s+install\b)/;

export interface NotebookCode {
  python: string;
  /** Where each line of `python` (by index) starts in the notebook: 1-based line and column; none for a line between cells. */
  origin: ({ line: number; column: number } | undefined)[];
}

export function notebookCode(text: string): NotebookCode | undefined {
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

  const lines: string[] = [];
  const origin: NotebookCode['origin'] = [];
  // Line starts are needed only up to the last source string: found as the strings come, in order.
  let lineNo = 1;
  let lineStart = 0;
  const positionOf = (offset: number): { line: number; column: number } => {
    for (let nl = text.indexOf('\n', lineStart); nl >= 0 && nl < offset; nl = text.indexOf('\n', lineStart)) {
      lineNo++;
      lineStart = nl + 1;
    }
    return { line: lineNo, column: offset - lineStart + 1 };
  };
  for (const cell of cells.children ?? []) {
    if (cell.type !== 'object') continue;
    const kind = findNodeAtLocation(cell, ['cell_type']);
    const source = findNodeAtLocation(cell, ['source']);
    if (kind?.type !== 'string' || getNodeValue(kind) !== 'code' || !source) continue;
    const strings = source.type === 'array' ? (source.children ?? []) : [source];
    // A cell magic (`%%bash`, `%%writefile`) makes the whole cell something else than Python.
    const first = strings.find((s) => s.type === 'string' && /\S/.test(s.value as string));
    if (first && /^\s*%%/.test(first.value as string)) continue;
    if (lines.length) {
      lines.push('');
      origin.push(undefined);
    }
    for (const s of strings) {
      if (s.type !== 'string') return undefined;
      const line = (s.value as string).replace(/\r?\n$/, '');
      if (line.includes('\n')) return undefined;
      lines.push(SHELL_OR_MAGIC.test(line) ? '' : line);
      // The text starts after the string's opening quote.
      origin.push(positionOf(s.offset + 1));
    }
  }
  return lines.length ? { python: lines.join('\n'), origin } : undefined;
}
