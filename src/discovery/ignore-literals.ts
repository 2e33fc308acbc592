/**
 * A quick "no" before the `.gitignore` rules are tested. Each rule of a `.gitignore` is a glob; the
 * `ignore` library tests a path against every rule in turn, which on a large tree is most of what
 * walking it costs. But a glob can only match a path that holds its literal text: the stretches
 * between its wildcards (`*`, `?`) and slashes, each a run of characters and one-character classes
 * (`[…]`), case included (git matches case-sensitively on the file systems CI runs on, and the walk
 * asks the library to), in the glob's order. So each rule that ignores something becomes its stretches in order, any text between
 * them, and one regular expression asks whether a path holds any rule's stretches: a path that holds
 * none is matched by no rule, and is not ignored (a negated rule, `!keep`, can only bring a path
 * back). A path that holds one is tested by the library as before. A rule without any stretch
 * (`*`, `/**`) could match anything: the quick test is then off for that file.
 *
 * Every stretch counts, not only the longest: `libs/core/src/*.d.ts` asks for `.d.ts` files in
 * `libs/core/src`, so the sources beside them never reach the library.
 */

/** The regular expression a path must match to be possibly ignored by these rules, or undefined when any path may be. */
export function possiblyIgnored(gitignore: string): RegExp | undefined {
  const fragments = new Set<string>();
  for (const raw of gitignore.split(/\r?\n/)) {
    const pattern = withoutTrailingSpaces(raw);
    if (pattern === '' || pattern.startsWith('#') || pattern.startsWith('!')) continue;
    const fragment = literalSequence(pattern);
    if (fragment === undefined) return undefined;
    fragments.add(fragment);
  }
  if (fragments.size === 0) return /(?!)/;
  try {
    return new RegExp([...fragments].join('|'));
  } catch {
    return undefined;
  }
}

/** Git drops trailing spaces unless escaped with a backslash. */
function withoutTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && !(end > 1 && line[end - 2] === '\\')) end--;
  return line.slice(0, end);
}

/**
 * The stretches a match must hold, in order, as a regular expression: characters (`\\x` is `x`) and
 * one-character classes (`[a-z]`, `[!._]`) between the wildcards (`*`, `?`) and slashes, any text
 * between two stretches. A stretch that starts the pattern or follows a slash starts a path segment,
 * and one that ends the pattern or meets a slash ends one (a glob matches whole segments: `lib` is
 * not `libs`), so the expression says so. Undefined when the pattern has no stretch, or a class this
 * reading does not follow (an escape or a `[` in it).
 */
function literalSequence(pattern: string): string | undefined {
  const stretches: string[] = [];
  let run: string[] = [];
  /** Whether the current run starts a segment (at the pattern's start or after a slash). */
  let opensSegment = true;
  const end = (closesSegment: boolean, next: boolean) => {
    if (run.length) stretches.push(`${opensSegment ? '(?:^|/)' : ''}${run.join('')}${closesSegment ? '(?=/|$)' : ''}`);
    run = [];
    opensSegment = next;
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      if (i + 1 < pattern.length) run.push(escape(pattern[++i]!));
      continue;
    }
    if (c === '/') {
      end(true, true);
      continue;
    }
    if (c === '*' || c === '?') {
      end(false, false);
      continue;
    }
    if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) {
        // No closing `]`: a `[` the library may read as itself; the run is broken here, which only shortens it.
        end(false, false);
        continue;
      }
      let body = pattern.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      if (body === '' || body === '^' || body.includes('\\') || body.includes('[')) return undefined;
      run.push(`[${body}]`);
      i = close;
      continue;
    }
    run.push(escape(c));
  }
  end(true, false);
  return stretches.length ? stretches.join('.*') : undefined;
}


function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&');
}
