/** Reading Dockerfiles into instructions (continuations joined, comments and heredoc bodies skipped), and their commands and assignments. */
import type { SourceFile } from '../../core/source.js';

export interface DockerInstruction {
  /** Upper-case instruction, e.g. `FROM`. */
  op: string;
  /** Arguments with continuations joined. */
  args: string;
  line: number;
  /** Index of the build stage (0-based), counting FROMs. */
  stage: number;
}

/** Instructions of a Dockerfile, continuations (`\`) joined, comments and heredoc bodies skipped. */
export function dockerInstructions(file: SourceFile): DockerInstruction[] {
  const out: DockerInstruction[] = [];
  let stage = -1;
  let heredoc: string | undefined;
  for (let line = 1; line <= file.lineCount; line++) {
    const text = file.lineText(line);
    if (heredoc !== undefined) {
      if (text.trim() === heredoc) heredoc = undefined;
      continue;
    }
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const start = line;
    let joined = trimmed;
    while (joined.endsWith('\\') && line < file.lineCount) {
      line++;
      const next = file.lineText(line).trim();
      if (next.startsWith('#')) continue;
      joined = joined.slice(0, -1) + ' ' + next;
    }
    const m = /^([A-Za-z]+)\s*(.*)$/.exec(joined);
    if (!m) continue;
    const op = m[1]!.toUpperCase();
    if (op === 'FROM') stage++;
    const hd = /<<-?["']?([A-Za-z_]+)["']?/.exec(m[2]!);
    if (hd && (op === 'RUN' || op === 'COPY')) heredoc = hd[1];
    out.push({ op, args: m[2]!, line: start, stage: Math.max(stage, 0) });
  }
  return out;
}

/** A `CMD`/`ENTRYPOINT`/`RUN` in exec form (`["x11vnc", "-nopw"]`) as a command line; shell form as written. */
export function execForm(args: string): string {
  const t = args.trim();
  if (!t.startsWith('[')) return args;
  try {
    const list = JSON.parse(t) as unknown[];
    return list.map(String).join(' ');
  } catch {
    return args;
  }
}

/** `ENV A=1 B=2`, `ENV A 1`, `ARG A=1` → key/value pairs (values unquoted). */
export function dockerAssignments(ins: DockerInstruction): { key: string; value: string | undefined }[] {
  const args = ins.args.trim();
  if (ins.op === 'ENV' && !/^[A-Za-z_][\w.-]*=/.test(args)) {
    const m = /^([A-Za-z_][\w.-]*)\s+(.*)$/.exec(args);
    return m ? [{ key: m[1]!, value: unquoteShell(m[2]!) }] : [];
  }
  const out: { key: string; value: string | undefined }[] = [];
  const re = /([A-Za-z_][\w.-]*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g;
  for (const m of args.matchAll(re)) out.push({ key: m[1]!, value: m[2] === undefined ? undefined : unquoteShell(m[2]) });
  return out;
}

function unquoteShell(v: string): string {
  const s = v.trim();
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) return s.slice(1, -1);
  return s;
}
