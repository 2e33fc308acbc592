/**
 * The values of a Compose file as Compose reads them before it runs anything: a short-syntax entry
 * (a port, a volume) split at its `:` separators, and `${VAR:-default}` read as its default. Shared by
 * the port reader (compose-ports.ts) and the rules that read volumes.
 */

/** What a part reads as when a variable with no default stands for it. */
export const UNSET = '\0';

/** The entry split at each `:` outside `${…}` and `[…]` (`${SOCK:-/var/run/docker.sock}:/var/run/docker.sock`, `[::1]:80:80`). */
export function splitComposeEntry(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let part = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ((c === '$' && text[i + 1] === '{') || c === '[') depth++;
    else if ((c === '}' || c === ']') && depth > 0) depth--;
    if (c === ':' && depth === 0) {
      parts.push(part);
      part = '';
    } else part += c;
  }
  parts.push(part);
  return parts;
}

/** `${VAR:-default}` and `${VAR-default}` read as their default; a `${VAR}` or `$VAR` with none makes the whole part `UNSET`. */
export function withDefaults(part: string): string {
  const read = part.replace(/\$\{[A-Za-z_]\w*:?-([^}]*)\}/g, '$1');
  return /\$(?:\{|[A-Za-z_])/.test(read) ? UNSET : read;
}
