/**
 * A Python helper that hands back a path only after checking it stays under a folder: it resolves
 * the path (`os.path.realpath`, `abspath`, `normpath`, `Path(…).resolve()`), refuses one outside the
 * folder (`if not p.startswith(base + os.sep): raise …`, `os.path.commonpath([p, base]) != base`,
 * `not p.is_relative_to(base)`, `p.relative_to(base)` under a `try` whose `except` raises or returns),
 * and returns that path and nothing else. The folder must come from the code (a constant, an attribute
 * of the object, the environment), not from a parameter: a caller that hands the folder in picks it.
 * Read from the helper's text, as `sanitised-paths.ts` reads a name-keeping helper.
 */

/** The helper's lines with docstrings and comments blanked (they name parameters without using them); the `def` line left out. */
export function codeLines(text: string): string[] {
  return text
    .replace(/("""|''')[\s\S]*?\1/g, (d) => d.replace(/[^\n]/g, ' '))
    .split('\n')
    .slice(1)
    .map((l) => l.replace(/^\s*#.*$/, ''));
}

/**
 * The lines with a statement that runs on inside open brackets joined onto its first line (the lines
 * it took left blank, so line numbers hold): a formatter wraps `inside = p.startswith(\n base)`.
 */
function joinedLines(lines: string[]): string[] {
  const out = [...lines];
  let open = -1;
  let depth = 0;
  lines.forEach((l, i) => {
    const bare = l.replace(/(["'])(?:\\.|(?!\1).)*\1/g, '""');
    if (depth > 0) {
      out[open] = `${out[open]!.trimEnd()} ${l.trim()}`;
      out[i] = '';
    } else open = i;
    for (const c of bare) depth = Math.max(0, depth + (c === '(' || c === '[' || c === '{' ? 1 : c === ')' || c === ']' || c === '}' ? -1 : 0));
  });
  return out;
}

/** Calls that resolve a path: `..` and symbolic links are gone from what they return. */
const RESOLVES = /\bos\.path\.(?:realpath|abspath|normpath)\s*\(|\.resolve\s*\(\s*(?:strict\s*=\s*\w+\s*)?\)/;

/** Identifiers in an expression, outside its string literals. */
function namesIn(expr: string): string[] {
  return [...expr.replace(/(["'])(?:\\.|(?!\1).)*\1/g, '""').matchAll(/(?<![\w.])[A-Za-z_]\w*/g)].map((m) => m[0]);
}

/**
 * The folder a helper keeps the path it returns under, when it resolves the path, checks it and
 * refuses one outside; undefined when it does not, or when a parameter (`params`) decides the folder.
 */
export function checksContainment(text: string, params: string[]): { folder: string; unless?: string } | undefined {
  const lines = joinedLines(codeLines(text));
  const returns = lines.flatMap((l, i) => {
    const m = /^\s*return\s+(.+?)\s*$/.exec(l);
    return m && m[1] !== 'None' ? [{ i, value: m[1]! }] : [];
  });
  const returned = returns[0]?.value;
  if (!returned || !/^[A-Za-z_]\w*$/.test(returned) || returns.some((r) => r.value !== returned)) return undefined;
  const bindings = valuesBound(lines, returned);
  // Every value the name takes is a resolved path.
  if (!bindings.length || !bindings.every((b) => RESOLVES.test(b.value))) return undefined;
  const first = bindings[0]!.i;
  const last = returns[returns.length - 1]!.i;
  const checks = containmentChecks(returned);
  for (let i = first + 1; i < last; i++) {
    const found = refusal(lines, i, checks, last, params);
    if (found === undefined) continue;
    if (!decidedByCode(found.base, lines, params)) return undefined;
    return { folder: found.base.replace(/\s*\+\s*os\.sep\s*$/, '').trim(), ...(found.unless ? { unless: found.unless } : {}) };
  }
  return undefined;
}

/** Where `name` (the returned path) is bound, line by line: the line and the value given it. */
function valuesBound(lines: string[], name: string): { i: number; value: string }[] {
  const binds = new RegExp(`^\\s*${name}\\s*(?::[^=\\n]+)?=(?!=)\\s*(.+)$`);
  return lines.flatMap((l, i) => {
    const m = binds.exec(l);
    return m ? [{ i, value: m[1]! }] : [];
  });
}

interface ContainmentChecks {
  not: RegExp;
  common: RegExp;
  rel: RegExp;
  flag: RegExp;
}

/** The three ways a line checks that `name` stays under a folder, compiled once for the helper. */
function containmentChecks(name: string): ContainmentChecks {
  const n = name.replace(/\W/g, '');
  return {
    not: new RegExp(`^\\s*if\\s+not\\s+${n}\\s*\\.\\s*(?:startswith|is_relative_to)\\s*\\(\\s*(.+?)\\s*\\)\\s*:\\s*(.*)$`),
    common: new RegExp(`^\\s*if\\s+(?:os\\.path\\.)?commonpath\\s*\\(\\s*[\\[(]\\s*(?:${n}\\s*,\\s*(.+?)|(.+?)\\s*,\\s*${n})\\s*[\\])]\\s*\\)\\s*!=\\s*(.+?)\\s*:\\s*(.*)$`),
    rel: new RegExp(`^\\s*${n}\\s*\\.\\s*relative_to\\s*\\(\\s*(.+?)\\s*\\)\\s*$`),
    // `inside = p.startswith(base + os.sep) or p == base`: the check kept in a name, tested below.
    flag: new RegExp(`^\\s*([A-Za-z_]\\w*)\\s*=\\s*${n}\\s*\\.\\s*(?:startswith|is_relative_to)\\s*\\(\\s*([^()]+?)\\s*\\)\\s*(?:or\\s+${n}\\s*==\\s*[\\w.]+\\s*)?$`),
  };
}

/**
 * The folder a check on line `i` holds the returned path to, when its failing branch raises or
 * returns (before line `last`, the path's return), and the setting of the code's own that lifts it.
 */
function refusal(lines: string[], i: number, checks: ContainmentChecks, last: number, params: string[]): { base: string; unless?: string } | undefined {
  const line = lines[i]!;
  const not = checks.not.exec(line);
  const common = checks.common.exec(line);
  const flag = checks.flag.exec(line);
  if (not) return failsOut(lines, i, not[2]!) ? { base: not[1]! } : undefined;
  if (common) {
    const base = (common[1] ?? common[2])!.trim();
    return base === common[3]!.trim() && failsOut(lines, i, common[4]!) ? { base } : undefined;
  }
  if (flag) return flagRefusal(lines, i, last, flag[1]!, flag[2]!, params);
  // try: p.relative_to(base) … except ValueError: raise / return
  const rel = checks.rel.exec(line);
  if (rel && /^\s*try\s*:\s*$/.test(lines.slice(0, i).reverse().find((l) => l.trim()) ?? '')) {
    const handler = lines.findIndex((l, j) => j > i && /^\s*except\b/.test(l));
    return handler > 0 && failsOut(lines, handler, lines[handler]!.replace(/^[^:]*:/, '')) ? { base: rel[1]! } : undefined;
  }
  return undefined;
}

/**
 * The check kept in a name (`inside = p.startswith(base + os.sep) or p == base`) and refused a
 * few lines on: `if not inside: raise …`, or `if not inside and not self.allow_outside: return None`.
 * A setting that lifts the refusal must be the code's (an attribute of the object, a module
 * constant): one the helper is handed is the caller's, and with it the folder is the caller's too.
 */
function flagRefusal(lines: string[], i: number, last: number, name: string, base: string, params: string[]): { base: string; unless?: string } | undefined {
  const test = new RegExp(`^\\s*if\\s+not\\s+${name}((?:\\s+and\\s+not\\s+[A-Za-z_][\\w.]*)*)\\s*:\\s*(.*)$`);
  const rebinds = new RegExp(`^\\s*${name}\\s*=(?!=)`);
  for (let j = i + 1; j < last; j++) {
    if (rebinds.test(lines[j]!)) return undefined;
    const m = test.exec(lines[j]!);
    if (!m) continue;
    const lifts = [...m[1]!.matchAll(/not\s+([A-Za-z_][\w.]*)/g)].map((x) => x[1]!);
    if (lifts.some((l) => params.includes(l.split('.')[0]!))) return undefined;
    if (!failsOut(lines, j, m[2]!)) return undefined;
    return { base, ...(lifts.length ? { unless: lifts.join(', ') } : {}) };
  }
  return undefined;
}

/** Whether the branch that opens on line `i` (its rest of line, `inline`, or the block under it) raises or returns. */
function failsOut(lines: string[], i: number, inline: string): boolean {
  if (inline.trim()) return /^\s*(?:raise|return)\b/.test(inline);
  const indent = /^\s*/.exec(lines[i]!)![0].length;
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j]!;
    if (!l.trim()) continue;
    if (/^\s*/.exec(l)![0].length <= indent) return false;
    if (/^\s*(?:raise|return)\b/.test(l)) return true;
  }
  return false;
}

/**
 * Whether the folder is the code's: no parameter of the helper reaches it, directly or through a
 * local name bound from one, and a literal folder is a path (not the `"http"` a URL check names).
 */
function decidedByCode(base: string, lines: string[], params: string[], depth = 0): boolean {
  const expr = base.replace(/\s*\+\s*os\.sep\s*$/, '');
  const literal = /^[rRbBfF]?(["'])(.*)\1$/.exec(expr.trim());
  if (literal) return /^[/~.]/.test(literal[2]!) && !/\{/.test(literal[2]!);
  for (const name of namesIn(expr)) {
    if (name === 'self' || name === 'cls' || name === 'os') continue;
    if (params.includes(name)) return false;
    if (depth > 2) return false;
    if (valuesBound(lines, name).some((b) => !decidedByCode(b.value, lines, params, depth + 1))) return false;
  }
  return true;
}
