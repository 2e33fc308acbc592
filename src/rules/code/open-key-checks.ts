/**
 * A key check that lets every request through when no key is configured: a Python function that opens
 * with `if not API_KEY: return` or `if self._api_key is None: return` (the name read holds key, token,
 * secret or password) before it reads the Authorization header. Unless an operator sets the key, the
 * server is open, so neither the check nor the routes that depend on it count as authentication.
 * Such checks, and every use of their names, are blanked from the code before the authentication
 * signs are looked for; the offsets of the code are kept.
 */

import { blockEnd } from './python-blocks.js';

/** `if not KEY:` / `if KEY is None:` / `if KEY == None:`, then `return` on the same line or the next one. */
const OPENS_WHEN_UNSET = /^[ \t]*if[ \t]+(?:not[ \t]+([\w.]+)|([\w.]+)[ \t]+(?:is|==)[ \t]+None)[ \t]*:[ \t]*(?:return\b|\n[ \t]*return\b)/;
const KEY_NAME = /(?:key|token|secret|password)\w*$/i;

export function withoutOpenKeyChecks(code: string): string {
  if (!/\breturn\b/.test(code) || !/\bif[ \t]+(?:not[ \t]|[\w.]+[ \t]+(?:is|==)[ \t]+None)/.test(code)) return code;
  const lines = code.split('\n');
  const names: string[] = [];
  let out = code;
  let offset = 0;
  for (let i = 0; i < lines.length; offset += lines[i]!.length + 1, i++) {
    const def = /^([ \t]*)(?:async[ \t]+)?def[ \t]+(\w+)\s*\(/.exec(lines[i]!);
    if (!def) continue;
    const first = firstStatement(lines, i + 1);
    if (first === undefined || !opensWhenUnset(lines.slice(first, first + 2).join('\n'))) continue;
    const end = blockEnd(lines, i);
    const block = lines.slice(i, end).join('\n');
    out = out.slice(0, offset) + block.replace(/[^\n]/g, ' ') + out.slice(offset + block.length);
    names.push(def[2]!);
  }
  for (const name of names) out = out.replace(new RegExp(`(?<![\\w.])${name}\\b`, 'g'), (n) => ' '.repeat(n.length));
  return out;
}

function opensWhenUnset(text: string): boolean {
  const m = OPENS_WHEN_UNSET.exec(text);
  return !!m && KEY_NAME.test(m[1] ?? m[2]!);
}

/** The first line of a function's body that is a statement: past the signature's tail, blank lines, comments and a docstring. */
function firstStatement(lines: string[], from: number): number | undefined {
  let i = from;
  // A signature over several lines ends at the line that closes with `:`.
  if (!/:\s*(?:#.*)?$/.test(lines[from - 1]!)) while (i < lines.length && !/\)[^)]*:\s*(?:#.*)?$/.test(lines[i - 1] ?? '')) i++;
  for (; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (!t || t.startsWith('#')) continue;
    const doc = /^[rRbBuU]?("""|''')/.exec(t);
    if (!doc) return i;
    if (t.length > 3 + (t.length - t.replace(/^[rRbBuU]/, '').length) && t.slice(t.indexOf(doc[1]!) + 3).includes(doc[1]!)) continue;
    while (++i < lines.length && !lines[i]!.includes(doc[1]!));
  }
  return undefined;
}
