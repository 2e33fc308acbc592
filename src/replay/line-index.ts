/**
 * Lines of the values of a JSON document, for pointing steps back at the file: one iterative pass
 * over the text (no recursion, so a value nested a million levels deep costs memory proportional
 * to its depth, never the stack). Only values down to `maxDepth` get an entry.
 *
 * The text must be valid JSON (the caller parsed it first); on anything else the index simply ends.
 */
export type JsonPath = (string | number)[];

export function pointerOf(path: JsonPath): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;

/**
 * JSON pointer → 1-based line. A container at nesting level `d` (the root is level 1) is indexed
 * when `d <= maxDepth`; a scalar inside `d` open containers when `d < maxDepth`.
 */
export function jsonLineIndex(text: string, maxDepth: number): Map<string, number> {
  const map = new Map<string, number>();
  /** Per open container: 0 object, 1 array. */
  const kinds: number[] = [];
  /** Per open container: the key or index of the member being read. */
  const path: JsonPath = [];
  let expectKey = false;
  let line = 1;
  const n = text.length;
  const at = (container: boolean): void => {
    const d = kinds.length;
    if (container ? d + 1 <= maxDepth : d < maxDepth) map.set(pointerOf(path.slice(0, d)), line);
  };
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      line++;
      i++;
    } else if (c === QUOTE) {
      const start = i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i += 2;
        else if (d === QUOTE) break;
        else i++;
      }
      i++;
      if (expectKey) {
        expectKey = false;
        const d = kinds.length;
        if (d <= maxDepth) {
          try {
            path[d - 1] = JSON.parse(text.slice(start, i)) as string;
          } catch {
            return map;
          }
        }
      } else at(false);
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      at(true);
      kinds.push(c === 123 ? 0 : 1);
      path[kinds.length - 1] = 0;
      expectKey = c === 123;
      i++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      kinds.pop();
      expectKey = false;
      i++;
    } else if (c === 44 /* , */) {
      const top = kinds.length - 1;
      if (kinds[top] === 0) expectKey = true;
      else if (top >= 0) path[top] = (path[top] as number) + 1;
      i++;
    } else if (c === 58 /* : */ || c === 32 || c === 9 || c === 13) {
      i++;
    } else {
      // a number, true, false or null
      at(false);
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 44 || d === 93 || d === 125 || d === 32 || d === 9 || d === 13 || d === NEWLINE) break;
        i++;
      }
    }
  }
  return map;
}
