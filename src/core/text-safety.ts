/**
 * Text from sessions and file names on its way to an output: control characters made visible (a
 * file name or tool name with terminal escapes must not repaint the screen, e.g. forge a
 * "✔ no findings" line, even with `--no-color`), and Markdown made inert (no raw HTML, links or
 * images from a transcript in a pull-request comment).
 */

/** C0 and C1 controls, DEL, bidi overrides and isolates, line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Control characters as visible escapes (`\x1b`, `\n`, `\u202e`). */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * Text for a Markdown table cell: control characters escaped, HTML special characters as entities,
 * the punctuation that forms emphasis, links, images (`[` and `]`: no `[x](y)` or `![x](y)`) and code
 * spans backslash-escaped, `://` and `www.` broken so that no autolink forms, and pipes escaped for the table.
 */
export function markdownCell(text: string): string {
  return escapeControl(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`);
}
