/**
 * A cheap guard run before a YAML parser sees a configuration or policy: a hostile file nested a
 * million levels deep fails fast instead of taking the parser's time and memory.
 */
/** Deepest nesting a configuration or policy file may have (flow brackets plus indentation levels). */
export const MAX_YAML_DEPTH = 64;

/**
 * The nesting depth of a YAML text, measured without parsing (flow `[`/`{` outside quotes and
 * comments, plus block indentation levels), so that a hostile file fails fast instead of taking the
 * parser's time and memory. Over-approximates: good enough for a limit.
 */
export function yamlDepth(text: string, limit = MAX_YAML_DEPTH): number {
  let flow = 0;
  let max = 0;
  let quote = '';
  let lineStart = true;
  let indent = 0;
  const indents: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      if (quote === "'" || quote === '"') continue;
      quote = '';
      continue;
    }
    if (quote === '#') continue;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (lineStart) {
      if (c === ' ' || c === '-') {
        indent++;
        continue;
      }
      lineStart = false;
      if (c !== '#' && c !== '\r') {
        while (indents.length && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
      }
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) quote = '#';
    else if ((c === '"' || c === "'") && opensScalar(text, i)) quote = c;
    else if (c === '[' || c === '{') flow++;
    else if ((c === ']' || c === '}') && flow > 0) flow--;
    const depth = flow + indents.length;
    if (depth > max) {
      max = depth;
      if (max > limit) return max;
    }
  }
  return max;
}

/** A quote starts a quoted scalar only where a scalar can start (not `don't` inside a plain one). */
function opensScalar(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  return j < 0 || ':-[{,\n?'.includes(text[j]!);
}
