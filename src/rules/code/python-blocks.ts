/**
 * Python's indented blocks, read from the text: where the block a `def` or `class` line opens ends.
 * Shared by the readers that take a route handler's, a key check's or a class's body without a parse.
 */

/**
 * The line after the indented block that `lines[at]` opens: the first non-blank line indented no
 * deeper than it. A signature over several lines closes at the opener's own indentation (`):`,
 * `) -> Response:`), which does not end the block.
 */
export function blockEnd(lines: readonly string[], at: number): number {
  const indent = /^[ \t]*/.exec(lines[at]!)![0].length;
  let k = at + 1;
  for (; k < lines.length; k++) {
    const line = lines[k]!;
    if (line.trim() && /^[ \t]*/.exec(line)![0].length <= indent && !/^[ \t]*\)/.test(line)) break;
  }
  return k;
}
