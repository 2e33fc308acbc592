/**
 * code/agent-cli-approvals-off in shell scripts: where a script starts an agent CLI (a command
 * position, continuation lines joined: `command-lines.ts`) with a switch that turns its approvals off.
 */
import type { AnalyzerContext } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import { escapeRegExp } from '../../core/regex.js';
import { commandLines } from '../deploy/command-lines.js';
import { loadAgentClis, unsafeFlags, type UnsafeFlag } from './agent-cli.js';
import { insideSandbox, report, UNATTENDED_PATH } from './agent-cli-report.js';

let scriptPrograms: RegExp | undefined;

/**
 * The agent CLIs' programs at a command position, with the rest of their statement (`command-lines.ts`'s
 * shape); a prompt from a command substitution (`"$(cat task.md)"`) is part of it.
 */
function scriptProgram(): RegExp {
  if (scriptPrograms) return scriptPrograms;
  const names = [...loadAgentClis().programs.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return (scriptPrograms = new RegExp(`(?:^|[\\s;&|("'/=\`])(${names.join('|')})(?=[ \\t])([^;&|\\n\`]*)`, 'gm'));
}

/**
 * A script that starts an agent CLI with its approvals off (`claude -p "$TASK" --dangerously-skip-permissions`):
 * read where the CLI is started (a command position, continuation lines joined), not where a script
 * prints or tests for the switch. A script that loops (`while true`) runs it unattended. One finding
 * per CLI a script starts so, its other starts as related places.
 */
export function checkScript(file: SourceFile, ctx: AnalyzerContext): void {
  const unattended = UNATTENDED_PATH.test(file.relPath) || /\bwhile\s+(?:true|:)\s*;?\s*do\b|\buntil\s+false\b/.test(file.text);
  const starts = new Map<string, { start: number; flags: UnsafeFlag[]; commandLine: string }[]>();
  for (const line of commandLines(file.text, scriptProgram(), /./)) {
    const cli = loadAgentClis().programs.get(line.name);
    const statement = line.text.slice(line.text.lastIndexOf('\n', line.start) + 1, line.start);
    if (!cli || insideSandbox(statement) || insideSandbox(line.rest)) continue;
    const commandLine = ` ${line.name} ${line.rest}`;
    const flags = unsafeFlags(commandLine, cli);
    if (flags.length) starts.set(cli, [...(starts.get(cli) ?? []), { start: line.start, flags, commandLine }]);
  }
  for (const [cli, [first, ...others]] of starts) {
    const token = (first!.flags[0]!.pattern.exec(first!.commandLine)?.[0] ?? '').trim().split(/[\s=]/)[0];
    const where = `This script starts the ${cli} CLI${others.length ? ` (and ${others.length} more time${others.length > 1 ? 's' : ''})` : ''}`;
    const related = others.slice(0, 10).map((o) => ({ ...file.location({ start: o.start, end: o.start + cli.length }), message: `starts ${cli} again` }));
    report(ctx, { cli, flags: first!.flags, span: { start: first!.start, end: first!.start + cli.length }, key: `script:${cli}:${token}`, where, unattended, related });
  }
}
