/**
 * Where a program is started in a shell text (a script, a Dockerfile `RUN`/`CMD`/`ENTRYPOINT`, a
 * Compose `command:`): continuation lines joined and comment lines blanked (offsets kept), and only
 * at a command position, so that `apt-get install x11vnc`, `pkill chromium` or `echo "… chromium …"`
 * are not read as starting it. Shared by the rules that judge how a server is started.
 */

/**
 * What may stand before the program in a statement that starts it: variables, `sudo`, `exec`, `nohup`,
 * `bash -c "`, a systemd `ExecStart=` or supervisord `command=`, its directory (`/usr/bin/`).
 */
const START_PREFIX = /^(?:[\s("'`]|[A-Za-z_]\w*=\S*\s|sudo\b(?:\s+-\S+)*|exec\b|nohup\b|env\b|setsid\b|timeout\s+\S+|(?:ba)?sh\s+-c\b|su\s+\S+\s+-c\b|ExecStart=|command=)*$/;

/** Statements that print or log their text rather than run it. */
const PRINTS = /(?:^|[\s;&|(])(?:echo|printf|log|logger|info|warn|error|die|fail)\s/;

/** Whether the program at `start` is started there: at a command position, or as a quoted command string (`"x11vnc -nopw …"`, `"websockify $PORT …"` handed to a helper). */
export function startsHere(flat: string, start: number, rest: string): boolean {
  const lineStart = flat.lastIndexOf('\n', start - 1) + 1;
  const statement = (flat.slice(lineStart, start).split(/&&|\|\||;|\|/).pop() ?? '').replace(/[\w.$/{}-]*\/$/, '');
  if (START_PREFIX.test(statement)) return true;
  // A command string: it goes on with an option or a value (`"x11vnc -nopw"`, `"websockify $PORT"`), not prose (`echo "x11vnc failed"`).
  return /["']$/.test(statement) && !PRINTS.test(statement) && /^\s+[-$\d]/.test(rest);
}

export interface CommandLine {
  /** The program as written. */
  name: string;
  /** Its offset in `text`. */
  start: number;
  /** The text with continuations joined and comment lines blanked (same length as the input). */
  text: string;
  /** What follows the program up to the end of its statement. */
  rest: string;
  /** The offset of `rest` in `text`. */
  restStart: number;
}

/**
 * Each start of a program in `text`. `program` is a global pattern whose group 1 is the program and
 * group 2, which ends the match, the rest of its statement; `prefilter`, tested first, is what every such text holds.
 */
export function commandLines(text: string, program: RegExp, prefilter: RegExp): CommandLine[] {
  if (!prefilter.test(text)) return [];
  const flat = text.replace(/\\\r?\n/g, (m) => ' '.repeat(m.length)).replace(/^[ \t]*#[^\n]*/gm, (m) => ' '.repeat(m.length));
  const out: CommandLine[] = [];
  for (const m of flat.matchAll(program)) {
    const name = m[1]!;
    const start = m.index! + m[0].indexOf(name);
    if (!startsHere(flat, start, m[2]!)) continue;
    out.push({ name, start, text: flat, rest: m[2]!, restStart: m.index! + m[0].length - m[2]!.length });
  }
  return out;
}
