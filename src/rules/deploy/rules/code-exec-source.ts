/**
 * Where Python or TypeScript code starts a server of `code-exec-services.ts` beyond loopback: a
 * launch-argument list it builds (`["python", "-m", "debugpy", "--listen", "0.0.0.0:5678", …]`,
 * `nodeArgs.push(`--inspect=0.0.0.0:${port}`)`), read as the command line it becomes; a command
 * string it hands a shell, whole or joined from pieces (`("python -m debugpy " f"--listen
 * 0.0.0.0:{port} " "-m agent")`), read as a script's line is; and a call that binds it
 * (`ray.init(dashboard_host="0.0.0.0")`, `debugpy.listen(("0.0.0.0", 5678))`). A string that merely
 * mentions a switch (a help text, a log line, a comment), a list of switches the code refuses, and a
 * list that never names a program whose switch is not its own are none.
 */
import { commandLines } from '../command-lines.js';
import { ANY_SIGNAL, EXEC_SERVICES, bindOf, isLoopback, judgeArgs, programAt, programPattern, type Bind, type ExecService } from './code-exec-services.js';

export interface CodeStart {
  service: ExecService;
  bind: Bind;
  port: number | undefined;
  /** The string or call that binds it, in the text. */
  start: number;
  end: number;
}

/** A string literal of Python (`f"…"`, `r'…'`) or JavaScript (`'…'`, template literals); its content in group 2, 3 or 4. */
const LITERAL = /(?<![\w])([fFrRbBuU]{0,2})(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`)/g;
/** A call that adds arguments to a list: its argument is a launch argument as a list's item is. */
const ADDS = /\.(?:push|append|add_argument|addArgument|addArguments|extend|unshift|insert|concat)\s*\($/;
/** A list of switches the code refuses or strips (`BLOCKED_ARGS = [`, `denied.push(`) launches nothing with them. */
const REFUSED = /(?<![a-z])(?:block|deny|denied|forbid|unsafe|disallow|strip|remov|ignor|filter|ban|reject|dangerous|insecure)\w*(?:\.\w+)?\s*(?::[^=\n]*)?[=:(]/i;
/** A list a test expects (`expect(args).toEqual([`, `assert args == [`): what the code under test should build, not a start. */
const EXPECTED = /(?:\.to[A-Z]\w*|\bassert\w*|\bexpect\w*)\s*\(\s*$|(?:==|\bassert\b[^\n]*\bin)\s*$/;
/** A string printed, logged or kept as text to show (`print(`, `logger.info(`, `help=`, `USAGE = `): it starts nothing. */
const SHOWN =
  /(?:\b(?:print|echo|puts|printf|alert)|\bconsole\.\w+|\blog(?:ger|ging)?\.\w+|\bwarnings\.warn|\b(?:click|typer)\.echo|\bst\.\w+|\bRich\w*|\bMarkdown)\s*\(\s*$|\b\w*(?:help|usage|docs?|examples?|description|message|msg|hint|instructions?)["']?\s*(?::[^=\n]*=|=|:)\s*\(?\s*$/i;

/**
 * Every start in the file. A variable the file falls back to loopback for (`env.HOST || "127.0.0.1"`)
 * keeps the server on this machine unless someone sets it otherwise: low, as `${HOST:-127.0.0.1}` is in a script.
 */
export function codeStarts(text: string): CodeStart[] {
  return [...launchArguments(text), ...commandStrings(text), ...bindingCalls(text)].map((c) =>
    c.bind.variable && loopbackDefaultInCode(text, c.bind.variable) ? { ...c, bind: { ...c.bind, severity: 'low', how: `the address ${c.bind.variable} holds, loopback unless it is set otherwise` } } : c,
  );
}

/** Launch-argument lists that start a service beyond loopback, one finding per list and service, at the string that holds its switch. */
function launchArguments(text: string): CodeStart[] {
  if (!ANY_SIGNAL.test(text)) return [];
  const out: CodeStart[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(LITERAL)) {
    const content = m[2] ?? m[3] ?? m[4] ?? '';
    const services = EXEC_SERVICES.filter((s) => s.switchWord.test(content));
    if (services.length === 0 || inComment(text, m.index!)) continue;
    const start = m.index!;
    const list = argumentList(text, start);
    if (!list) continue;
    if (REFUSED.test(text.slice(text.lastIndexOf('\n', list.open - 1) + 1, list.open + 1))) continue;
    if (EXPECTED.test(text.slice(Math.max(0, list.open - 80), list.open))) continue;
    const line = words(list.text).join(' ');
    for (const s of services) {
      const key = `${s.id}:${list.open}`;
      if (seen.has(key)) continue;
      // A switch of its own names the service; any other needs the program in the same list.
      const program = programAt(s).exec(line);
      if (!program && !s.ownSwitch) continue;
      const judged = judgeArgs(s, program ? program[2]! : ` ${line}`, text);
      if (!judged) continue;
      seen.add(key);
      out.push({ service: s, ...judged, start, end: start + m[0].length });
    }
  }
  return out;
}

/**
 * Command strings that start a service beyond loopback: a string literal, or pieces joined by `+` or
 * (Python) by standing side by side, read as a line of a script is (the program at a command
 * position: `nohup code-server …`, not `"run code-server …"`), at the piece that names the program.
 */
function commandStrings(text: string): CodeStart[] {
  if (!ANY_SIGNAL.test(text)) return [];
  const out: CodeStart[] = [];
  for (const run of literalRuns(text)) {
    if (!ANY_SIGNAL.test(run.text) || inComment(text, run.pieces[0]!.start)) continue;
    const before = text.slice(Math.max(0, run.pieces[0]!.start - 80), run.pieces[0]!.start);
    if (SHOWN.test(before) || EXPECTED.test(before) || REFUSED.test(before.slice(before.lastIndexOf('\n') + 1))) continue;
    for (const s of EXEC_SERVICES) {
      for (const cmd of commandLines(run.text, programPattern(s), ANY_SIGNAL)) {
        const judged = judgeArgs(s, cmd.rest, text);
        if (!judged) continue;
        const piece = run.pieces.filter((p) => p.at <= cmd.start).pop() ?? run.pieces[0]!;
        out.push({ service: s, ...judged, start: piece.start, end: piece.end });
      }
    }
  }
  return out;
}

/**
 * What may stand between two pieces of one string: blanks and comments (Python's side-by-side
 * literals), `+`, or `+ name +`. A comment runs to the end of its line, so it is matched one way only.
 */
const GAP = String.raw`(?:\s|(?:#|\/\/)[^\n]*(?=\n|$))*`;
const JOIN = new RegExp(String.raw`^${GAP}(?:\+(?:\s*([A-Za-z_][\w.]*(?:\([^()\n]*\))?)\s*\+)?${GAP})?$`);

/** The strings of a text, each joined from its pieces: its text, and where each piece is in the text and in the string. */
function literalRuns(text: string): { text: string; pieces: { start: number; end: number; at: number }[] }[] {
  const runs: { text: string; pieces: { start: number; end: number; at: number }[] }[] = [];
  let last: { end: number } | undefined;
  for (const m of text.matchAll(LITERAL)) {
    const start = m.index!;
    const end = start + m[0].length;
    const join = last ? JOIN.exec(text.slice(last.end, start)) : null;
    const content = placeholders(m[2] ?? m[3] ?? m[4] ?? '', /f/i.test(m[1]!) || m[4] !== undefined);
    const run = join ? runs[runs.length - 1]! : undefined;
    if (run) {
      // An expression added between two pieces is a value the command line does not show: a variable's.
      if (join![1]) run.text += /^[\w.]+$/.test(join![1]) ? `{${join![1]}}` : '{}';
      run.pieces.push({ start, end, at: run.text.length });
      run.text += content;
    } else runs.push({ text: content, pieces: [{ start, end, at: 0 }] });
    last = { end };
  }
  return runs;
}

/** An environment variable read with a default (`os.getenv("PORT", 9000)`, `process.env.PORT ?? '9229'`): its name and the default. */
const ENV_DEFAULT =
  /^\s*(?:os\.getenv|os\.environ\.get)\(\s*["'](\w+)["']\s*,\s*["']?([\w.:-]+)["']?\s*\)\s*$|^\s*process\.env(?:\.(\w+)|\[\s*["'](\w+)["']\s*\])\s*(?:\?\?|\|\|)\s*["']?([\w.:-]+)["']?\s*$/;

/**
 * A format string's placeholders as the bind reads them: a name kept (`{host}`, `${host}`), an
 * environment variable with a default written as a script writes it (`${PORT:-9000}`, its value
 * unless the variable is set), any other expression a value unknown (`{}`).
 */
function placeholders(content: string, formatted: boolean): string {
  if (!formatted) return content;
  return content.replace(/\$?\{([^{}]*)\}/g, (whole, expr: string) => {
    if (/^\s*[A-Za-z_][\w.]*\s*$/.test(expr)) return whole;
    const env = ENV_DEFAULT.exec(expr);
    if (env) return `\${${env[1] ?? env[3] ?? env[4]}:-${env[2] ?? env[5]}}`;
    return whole.startsWith('$') ? '${}' : '{}';
  });
}

/** Calls that bind a service (`ray.init(dashboard_host=…)`, `debugpy.listen((host, port))`) beyond loopback. */
function bindingCalls(text: string): CodeStart[] {
  const out: CodeStart[] = [];
  for (const s of EXEC_SERVICES) {
    if (!s.call) continue;
    for (const m of text.matchAll(s.call.fn)) {
      if (inComment(text, m.index!)) continue;
      const open = m.index! + m[0].length - 1;
      const close = matching(text, open);
      if (close < 0) continue;
      const args = topLevel(text.slice(open + 1, close));
      const keyword = (name: string) => args.find((a) => new RegExp(`^${name}\\s*=(?!=)`).test(a))?.replace(/^\w+\s*=\s*/, '');
      let host = keyword(s.call.hostKeyword);
      let port = s.call.portKeyword ? keyword(s.call.portKeyword) : undefined;
      // `listen(("0.0.0.0", 5678))`: the address tuple first; a port alone keeps loopback.
      if (host !== undefined && s.call.tuple && /^[([]/.test(host)) [host, port] = topLevel(host.slice(1, -1));
      else if (host === undefined && s.call.tuple && args[0] && /^[([]/.test(args[0])) [host, port] = topLevel(args[0].slice(1, -1));
      if (host === undefined) continue;
      const value = valueOf(host);
      if (value === undefined) continue;
      const bind = bindOf('host', value);
      if (!bind) continue;
      // A port written out, the default when none is given, unknown when an expression gives it.
      const written = port === undefined ? s.port.default : /^\d{1,5}$/.test(port) ? Number(port) : undefined;
      out.push({ service: s, bind, port: written, start: m.index!, end: m.index! + m[0].length - 1 });
    }
  }
  return out;
}

/**
 * Whether the file gives the variable a loopback address to fall back to: `host = os.getenv("HOST",
 * "127.0.0.1")`, `const host = env.HOST || 'localhost'`, a parameter's default, or a function the
 * assignment calls that returns one (`const host = debugHost(env)`, `return env.HOST || "127.0.0.1"`).
 */
function loopbackDefaultInCode(text: string, name: string): boolean {
  if (!/^[A-Za-z_]\w*$/.test(name)) return false;
  const holdsLoopback = (t: string) => [...t.matchAll(/["'`]([^"'`\n]{1,40})["'`]/g)].some((q) => isLoopback(q[1]!));
  for (const a of text.matchAll(new RegExp(String.raw`(?<![\w.])${name}\s*(?::\s*[^=\n]{1,60}?)?=(?![=>])\s*([^\n;]*)`, 'g'))) {
    const rhs = a[1]!;
    if (holdsLoopback(rhs)) return true;
    const called = /^(?:await\s+)?([A-Za-z_]\w*)\s*\(/.exec(rhs)?.[1];
    if (!called) continue;
    const def = new RegExp(String.raw`(?:def|function)\s+${called}\b|(?<![\w.])${called}\s*=\s*(?:async\s*)?(?:\(|function\b)`).exec(text);
    if (def && holdsLoopback(text.slice(def.index, def.index + 600).split(/\n(?=\S)/)[0]!)) return true;
  }
  return false;
}

/** Whether the offset is on a comment line (`#`, `//`, `*`). */
function inComment(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return /^\s*(?:#|\/\/|\*|\/\*)/.test(text.slice(lineStart, at));
}

/** The list the literal at `at` is an item of (`[…]`), or the arguments of the call that adds it (`args.push(…)`); undefined when it is neither. */
function argumentList(text: string, at: number): { text: string; open: number } | undefined {
  let i = at - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  const before = text[i];
  if (before === '(' && ADDS.test(text.slice(Math.max(0, i - 40), i + 1))) {
    const close = matching(text, i);
    return close < 0 ? undefined : { text: text.slice(i + 1, close), open: i };
  }
  if (before !== '[' && before !== ',') return undefined;
  const open = unclosed(text, at);
  if (open < 0) return undefined;
  const close = matching(text, open);
  return close < 0 ? undefined : { text: text.slice(open + 1, close), open };
}

/** The `[` before `at` that is still open there, within a few thousand characters; -1 for none. */
function unclosed(text: string, at: number): number {
  let depth = 0;
  for (let i = at - 1; i >= Math.max(0, at - 4000); i--) {
    const c = text[i];
    if (c === ']') depth++;
    else if (c === '[') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** The bracket that closes the one at `open`, skipping strings; -1 when it does not close nearby. */
function matching(text: string, open: number): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack = [pairs[text[open]!]!];
  for (let i = open + 1; i < Math.min(text.length, open + 8000); i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const end = stringEnd(text, i);
      if (end < 0) return -1;
      i = end;
    } else if (pairs[c]) stack.push(pairs[c]!);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** Where the string opening at `at` ends (its closing quote), -1 when it does not on its line (a template literal may span lines). */
function stringEnd(text: string, at: number): number {
  const q = text[at];
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === q) return i;
    else if (c === '\n' && q !== '`') return -1;
  }
  return -1;
}

/** The items of an argument list at its top level, trimmed. */
function topLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const end = stringEnd(list, i);
      if (end < 0) break;
      i = end;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      out.push(list.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(list.slice(from).trim());
  return out.filter(Boolean);
}

/** The words a list's items give a command line: a string's content, a variable as `${name}`. */
function words(list: string): string[] {
  return topLevel(list)
    .map(valueOf)
    .filter((w): w is string => w !== undefined);
}

/** An expression's value as the command line sees it: a string's content (`"…" + host` ends with `${host}`), a name as `${name}`. */
function valueOf(expr: string): string | undefined {
  const literal = /^[fFrRbBuU]{0,2}(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`((?:[^`\\]|\\.)*)`)\s*(?:\+\s*([\w.]+))?$/.exec(expr);
  if (literal) return (literal[1] ?? literal[2] ?? literal[3] ?? '') + (literal[4] ? `\${${literal[4]}}` : '');
  if (/^[A-Za-z_][\w.]*$/.test(expr)) return `\${${expr}}`;
  return undefined;
}
