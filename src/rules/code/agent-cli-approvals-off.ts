/**
 * code/agent-cli-approvals-off: a coding agent's CLI (Claude Code, Codex, Gemini CLI, aider …)
 * started with its approvals or sandbox switched off, by a configuration that names the command
 * (`"command": "codex"` beside `"args": ["--dangerously-bypass-approvals-and-sandbox"]`), by code
 * that spawns it (`spawn('claude', ['-p', prompt, '--dangerously-skip-permissions'])`) or by a shell
 * script that runs it (`agent-cli-scripts.ts`). Whatever
 * the model decides then runs on the host. The switches are `rules/code/agent-cli.yaml`'s, shared
 * with the CI rule; a command line run inside a container or sandbox, a CLI defining its own flag,
 * help text and prose are not reports. A switch code passes only when a setting asks for it is the
 * user's choice (low), unless the setting asks for it by default, here or in another module
 * (`agent-cli-settings.ts`): then it is rated as a switch always passed.
 */
import type { AnalyzerContext, FileAnalyzer, RuleMeta } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import { parseJsonc } from '../../parsers/jsonc.js';
import { parseYaml } from '../../parsers/yaml.js';
import { parseToml } from '../../parsers/toml.js';
import { mayBeClientConfig } from '../mcp/clients.js';
import { agentCliOf, loadAgentClis, unsafeFlags } from './agent-cli.js';
import { ID, insideSandbox, report, UNATTENDED_PATH } from './agent-cli-report.js';
import { checkScript } from './agent-cli-scripts.js';
import { isShellScript } from '../../discovery/classify.js';
import { gateOf, mayDeclareSettingDefault, recordSettingDefaults, TRIPLE_QUOTED } from './agent-cli-settings.js';

export { ID };

const meta: RuleMeta = {
  id: ID,
  title: 'Agent CLI started with approvals off',
  category: 'oversight.missing-approval',
  severity: 'medium',
  confidence: 'medium',
  description:
    'A configuration, a program or a shell script starts a coding agent CLI (claude, codex, gemini, qwen, aider …) with the switch that skips its permission prompts or ' +
    'its sandbox (--dangerously-skip-permissions, --dangerously-bypass-approvals-and-sandbox, --yolo, --yes-always). Every command the model decides ' +
    'on then runs on the host with the user\'s rights; run unattended (a loop, a server, an MCP tool handing it a caller\'s prompt), one injected ' +
    'instruction in what it reads is enough. A switch code passes only when its user asks for it (an option off by default) is low; one passed ' +
    'for a setting that asks for it by default (a config schema\'s `.default("permissionless")`, a parameter\'s `yolo=True`) is rated as if always passed.',
  remediation:
    'Start the agent with its approvals on and an explicit tool allowlist (e.g. `--allowedTools "Read,Edit,Bash(npm test:*)"`, `--sandbox workspace-write`), ' +
    'or run it inside a disposable container or sandbox with no credentials when it must run unattended.',
  examples: {
    positive: [
      // A script that loops over tasks, the agent's approvals off: unattended.
      { path: 'scripts/nightly-fix.sh', code: '#!/usr/bin/env bash\nwhile true; do\n  claude -p "$(cat next-task.md)" \\\n    --dangerously-skip-permissions\n  sleep 600\ndone\n' },
      { path: 'conf/cli_clients/codex.json', code: '{\n  "name": "codex",\n  "command": "codex",\n  "additional_args": ["--json", "--dangerously-bypass-approvals-and-sandbox"]\n}\n' },
      { path: 'agents.yaml', code: 'reviewer:\n  command: gemini\n  args: ["--yolo", "--model", "gemini-2.5-pro"]\n' },
      // Edits only: rated low.
      { path: 'conf/cli_clients/claude.json', code: '{\n  "command": "claude",\n  "additional_args": ["--permission-mode", "acceptEdits"]\n}\n' },
      {
        path: 'src/loop/runner.ts',
        code:
          "import { spawnSync } from 'node:child_process';\n\nexport function iterate(prompt: string) {\n  const args = ['-p', prompt, '--dangerously-skip-permissions'];\n  return spawnSync('claude', args, { encoding: 'utf8' });\n}\n",
      },
      { path: 'tools/fix.py', code: 'import subprocess\n\ndef fix(task: str) -> str:\n    return subprocess.run(["codex", "exec", "--yolo", task], capture_output=True, text=True).stdout\n' },
      // Over several lines, the switch on a line of its own inside the call that starts the CLI.
      { path: 'tools/review.py', code: 'import subprocess\n\ndef review(task: str) -> str:\n    return subprocess.run(\n        [\n            "gemini",\n            "--yolo",\n            "-p",\n            task,\n        ],\n        capture_output=True,\n    ).stdout\n' },
      // Passed when a setting asks for it, and the settings schema asks for it by default (rated as if always passed).
      {
        path: 'src/plugins/claude.ts',
        code:
          "import { execFile } from 'node:child_process';\nimport type { AgentSettings } from '../settings';\n\nexport function start(settings: AgentSettings, prompt: string) {\n" +
          "  const args = ['-p', prompt];\n  if (settings.permissions === 'permissionless') {\n    args.push('--dangerously-skip-permissions');\n  }\n  return execFile('claude', args);\n}\n",
        with: { 'src/settings.ts': "import { z } from 'zod';\n\nexport const AgentSettings = z.object({ permissions: z.enum(['permissionless', 'ask']).default('permissionless') });\n" },
      },
      // The repository is an MCP server: a tool call starts the agent with the caller's prompt (rated high).
      {
        path: 'conf/agents/gemini.json',
        code: '{ "command": "gemini", "additional_args": ["--yolo"] }\n',
        with: {
          'server.py': 'from mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("agents")\n\n@mcp.tool()\ndef ask(prompt: str) -> str:\n    """Ask a CLI agent."""\n    return prompt\n',
        },
      },
    ],
    negative: [
      // A script that prints the switch, and one that runs the CLI in a container.
      {
        path: 'scripts/run-agent.sh',
        code: '#!/usr/bin/env bash\necho "pass --dangerously-skip-permissions to claude only inside a sandbox"\ndocker run --rm agent-image claude -p "$TASK" --dangerously-skip-permissions\n',
      },
      // Inside a container: the flag is the sandbox's business.
      {
        path: 'src/sandbox.ts',
        code: "import { spawn } from 'node:child_process';\n\nspawn('docker', ['run', '--rm', 'agent-image', 'claude', '-p', prompt, '--dangerously-skip-permissions']);\n",
      },
      // A CLI that defines the flag for its users, and help text that mentions it.
      {
        path: 'src/cli.ts',
        code:
          "import { Command } from 'commander';\nimport { spawn } from 'node:child_process';\n\nnew Command('run').option('--yolo', 'pass --yolo to gemini').action(() => spawn('gemini', ['-p', 'hi']));\nconsole.log('Run gemini --yolo to skip confirmations');\n",
      },
      { path: 'conf/cli_clients/claude.json', code: '{\n  "command": "claude",\n  "additional_args": ["--permission-mode", "default", "--model", "sonnet"]\n}\n' },
      { path: 'notes.json', code: '{ "tip": "codex --yolo runs everything without asking; never use it" }\n' },
      // The program's own switch, declared over several lines (typer, click, argparse): `deploy --yolo` skips its own checks.
      {
        path: 'mycli/main.py',
        code:
          'import subprocess\nimport typer\n\napp = typer.Typer()\n\n@app.command()\ndef deploy(\n    skip_checks: bool = typer.Option(\n        False,\n        "--skip-checks",\n        "--yolo",\n' +
          '        help="Skip the local checks.",\n    ),\n):\n    if not skip_checks:\n        subprocess.run(["pytest"])\n    print("configured")\n\nCLIENTS = ["claude", "gemini"]\n',
      },
      {
        path: 'tools/cli.py',
        code:
          'import argparse\nimport subprocess\n\nparser = argparse.ArgumentParser()\nparser.add_argument(\n    "--yolo",\n    action="store_true",\n)\nargs = parser.parse_args()\n' +
          'subprocess.run(["codex", "exec", "review the diff"])\n',
      },
      // A settings schema whose default turns the switch on, in a repository that starts no agent CLI.
      { path: 'src/settings.ts', code: "import { z } from 'zod';\n\nexport const AgentSettings = z.object({ permissions: z.enum(['permissionless', 'ask']).default('permissionless'), yolo: z.boolean().default(true) });\n" },
      // A flag the program checks for, not one it passes.
      { path: 'bin/wrap.py', code: 'import subprocess, sys\n\nif "--yolo" in sys.argv:\n    sys.exit("refusing to run codex without approvals")\nsubprocess.run(["codex", "exec", sys.argv[1]])\n' },
    ],
  },
};

let cliHint: RegExp | undefined;
/** Any program name of the shared list, as a word. */
function namesACli(text: string): boolean {
  cliHint ??= new RegExp(`(?<![\\w-])(?:${[...loadAgentClis().programs.keys()].map((p) => p.replace(/[.]/g, '\\.')).join('|')})(?!\\w)`);
  return cliHint.test(text);
}

export const agentCliApprovalsOff: FileAnalyzer = {
  name: ID,
  rules: [meta],
  reportsNoSecrets: true,
  kinds: ['json', 'yaml', 'toml', 'python', 'typescript', 'text'],
  applies(file) {
    // Of other text, only shell scripts are read (by name or `#!` line, before the text is searched: most text files are source of other languages).
    if (file.kind === 'text' && !isShellScript(file)) return false;
    // Code is also read for the defaults it declares for a switch, which decide how a launch elsewhere is rated.
    if (mayStartCli(file)) return true;
    return mayDeclareSettingDefault(file);
  },
  analyze(file, ctx) {
    if (file.kind === 'python' || file.kind === 'typescript') {
      recordSettingDefaults(file, ctx);
      if (mayStartCli(file)) checkCode(file, ctx);
      return;
    }
    if (file.kind === 'text') return checkScript(file, ctx);
    return checkConfig(file, ctx);
  },
};

/** Whether a file may start an agent CLI with a switch off (of the kinds `applies` lets through); asked by `applies` and `analyze` alike, answered once. */
function mayStartCli(file: SourceFile): boolean {
  return file.memo('agent-cli:may-start', () => {
    // Cheap tests before anything is parsed, both from the shared list: the literal text of a switch (most files hold none), then a CLI's name.
    if (!loadAgentClis().mayHoldFlag(file.text) || !namesACli(file.text)) return false;
    // CI workflows are deploy/ci-agent-unrestricted's; MCP client configs are the MCP rules'.
    if (/(?:^|\/)\.github\/workflows\/|(?:^|\/)action\.ya?ml$/.test(file.relPath)) return false;
    if (file.kind === 'json' || file.kind === 'yaml' || file.kind === 'toml') return !mayBeClientConfig(file);
    return true;
  });
}

// ─── Configuration ──────────────────────────────────────────────────────────

/** Keys that hold the program a configuration starts. */
const COMMAND_KEY = /^(?:command|cmd|executable|exec|bin|binary|program|cli|entrypoint)$/i;
/** Keys beside it that hold its arguments (`args`, `additional_args`, `extra_flags`, `cli_options`). */
const ARGS_KEY = /(?:^|_|-|[a-z])(?:args|arguments|argv|flags|options)$|^(?:args|arguments|argv|flags|options)/i;

function checkConfig(file: SourceFile, ctx: AnalyzerContext): void {
  const values: unknown[] = [];
  if (file.kind === 'json') {
    const p = parseJsonc(file);
    if (p.ok) values.push(p.doc.value);
  } else if (file.kind === 'yaml') {
    const p = parseYaml(file);
    if (p.ok) values.push(...p.doc.map((d) => d.value));
  } else {
    const p = parseToml(file);
    if (p.ok) values.push(p.doc);
  }
  const cursor = { at: 0 };
  for (const v of values) walk(v, 0, (obj) => judgeCommand(file, ctx, obj, cursor));
}

function walk(value: unknown, depth: number, visit: (obj: Record<string, unknown>) => void): void {
  if (depth > 40 || !value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) walk(v, depth + 1, visit);
    return;
  }
  const obj = value as Record<string, unknown>;
  visit(obj);
  for (const v of Object.values(obj)) walk(v, depth + 1, visit);
}

const words = (v: unknown): string[] =>
  typeof v === 'string' ? v.trim().split(/\s+/).filter(Boolean) : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function judgeCommand(file: SourceFile, ctx: AnalyzerContext, obj: Record<string, unknown>, cursor: { at: number }): void {
  const commandKey = Object.keys(obj).find((k) => COMMAND_KEY.test(k));
  if (!commandKey) return;
  const argv = [...words(obj[commandKey]), ...Object.entries(obj).filter(([k]) => k !== commandKey && ARGS_KEY.test(k)).flatMap(([, v]) => words(v))];
  const cli = agentCliOf(argv);
  if (!cli || insideSandbox(argv.join(' '))) return;
  const flags = unsafeFlags(` ${argv.join(' ')}`, cli);
  if (flags.length === 0) return;
  const first = flags[0]!;
  const token = (first.pattern.exec(` ${argv.join(' ')}`)?.[0] ?? '').trim().split(/[\s=]/)[0]!;
  let at = token ? file.text.indexOf(token, cursor.at) : -1;
  if (at < 0 && token) at = file.text.indexOf(token);
  if (at >= 0) cursor.at = at + token.length;
  report(ctx, {
    cli,
    flags,
    span: at >= 0 ? { start: at, end: at + token.length } : undefined,
    key: `config:${cli}:${token}`,
    where: `This configuration starts the ${cli} CLI`,
  });
}

// ─── Code ───────────────────────────────────────────────────────────────────

/** A call that starts a process. */
const SPAWN =
  /\b(?:spawn|spawnSync|execa|execaSync|execaCommand|execFile|execFileSync|execSync|exec|fork)\s*\(|\bsubprocess\.|create_subprocess_(?:exec|shell)|\bos\.(?:system|popen|exec\w*)\s*\(|\bpty\.spawn|\bBun\.spawn|\bDeno\.Command|\bpexpect\.|\$`/;
/** String literals on one line (no escapes across quotes; a template literal's `${…}` stays in its text). */
const LITERAL = /'([^'\n]*)'|"([^"\n]*)"|`([^`\n]*)`/g;
/** Python has no backtick strings: backticks there are a docstring's or a comment's markup. */
const PY_LITERAL = /'([^'\n]*)'|"([^"\n]*)"/g;
/**
 * Lines that define, describe, test for or print a flag rather than pass it: option definitions,
 * help text, comparisons and lookups, logging.
 */
const NOT_PASSED =
  /\.option\(|\.addOption\(|new Option\(|add_argument\(|click\.option|typer\.Option|\.flag\(|\bhelp\s*[=:]|\bdescription\s*[=:]|\bdescribe\(|\bconsole\.|\bprint\(|\blog(?:ger|ging)?\.|\.log\(|\bthrow\b|Error\(|\.(?:includes|startsWith|endsWith|indexOf|has|test|replace|filter|match)\(|[=!]==?|\bcase\b|\bnot in\b|\bin\s+(?:sys\.)?argv|\bin\s+args\b/;
const COMMENT = /^\s*(?:\/\/|#|\*|\/\*)/;
const UNATTENDED_TEXT =
  /while\s*\(\s*true\s*\)|\bwhile\s+True\s*:|\bfor\s*\(\s*;\s*;\s*\)|setInterval\(|cron\.schedule|@(?:mcp|server|app)\.tool\b|\bserver\.(?:tool|registerTool)\(|\bregisterTool\(|\bnew\s+McpServer\(|\bFastMCP\(|@(?:app|router)\.(?:get|post|put|route|websocket)\(|\b(?:app|router)\.(?:get|post|put)\(\s*['"`]/;
/** A switch that is only passed when the user asks for it (`if (options.yolo)`, `skipPermissions ? '--dangerously…' : …`). */
const USER_CHOICE = /\bif\b[^\n]*(?:yolo|skip_?perm|skipPerm|danger|bypass|unsafe|auto_?approve|autoApprove|trust|permission)|(?:yolo|danger\w*|skip\w*|bypass\w*|unsafe\w*)\s*\?|(?:yolo|danger\w*|skip\w*|bypass\w*|unsafe\w*)\s*&&|\.\.\.\(\s*[\w$.]*(?:yolo|skip|danger|bypass|unsafe)/i;

function literalsOf(line: string, python: boolean): string[] {
  return [...line.matchAll(python ? PY_LITERAL : LITERAL)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

function checkCode(file: SourceFile, ctx: AnalyzerContext): void {
  const python = file.kind === 'python';
  // Python docstrings and other triple-quoted text are prose: blanked before lines are read (line breaks kept).
  const text = python ? file.text.replace(TRIPLE_QUOTED, (m) => m.replace(/[^\n]/g, ' ')) : file.text;
  if (!SPAWN.test(text)) return;
  const lines = text.split('\n');
  // The agent CLI the file starts: a literal naming it (`'claude'`, `"codex exec …"`, `'@openai/codex'`).
  const clis: { line: number; cli: string }[] = [];
  lines.forEach((l, i) => {
    if (COMMENT.test(l)) return;
    for (const lit of literalsOf(l, python)) {
      const cli = agentCliOf(lit.trim().split(/\s+/));
      if (cli) clis.push({ line: i, cli });
    }
  });
  if (clis.length === 0) return;
  const unattended = UNATTENDED_PATH.test(file.relPath) || UNATTENDED_TEXT.test(text);
  let offset = 0;
  lines.forEach((l, i) => {
    const lineStart = offset;
    offset += l.length + 1;
    if (COMMENT.test(l) || NOT_PASSED.test(l)) return;
    const lits = literalsOf(l, python);
    // Flags (`'--yolo'`, `'--permission-mode', 'bypassPermissions'`) and agent command strings; prose is neither.
    const args = lits.filter((x) => !/\s/.test(x.trim()) || agentCliOf(x.trim().split(/\s+/)) !== undefined);
    if (args.length === 0) return;
    const joined = ` ${args.map((x) => x.trim()).join(' ')}`;
    const own = args.map((x) => agentCliOf(x.trim().split(/\s+/))).find(Boolean);
    const cli = own ?? nearest(clis, i);
    // A word other programs use too (`--force`) is the CLI's only beside the CLI's own name.
    const flags = unsafeFlags(joined, cli).filter((f) => own || !f.shared);
    if (flags.length === 0) return;
    if (insideSandbox(enclosingList(text, lineStart, l)) || declaresOption(text, lineStart)) return;
    const token = (flags[0]!.pattern.exec(joined)?.[0] ?? '').trim().split(/[\s=]/)[0]!;
    const col = token ? l.indexOf(token) : -1;
    // Read as one text: a conditional spread may put its test and its `?` on the lines above (`...(mode.bypass ⏎ ? ['--yolo'] : [])`).
    const choice = USER_CHOICE.test(lines.slice(Math.max(0, i - 3), i + 1).join('\n'));
    const span = col >= 0 ? { start: lineStart + col, end: lineStart + col + token.length } : { startLine: i + 1, startColumn: 1 };
    // What the condition tests, for a default declared elsewhere that turns the switch on (`agent-cli-settings.ts`).
    if (choice && flags.some((f) => f.effect === 'bypass')) ctx.inventory({ type: 'agent-cli-gate', span, data: { cli, ...gateOf(lines, i, python), unattended } });
    report(ctx, {
      cli,
      flags,
      span,
      key: `code:${cli}:${token}`,
      where: `This code starts the ${cli} CLI`,
      unattended: unattended && !choice,
      choice,
    });
  });
}

/** The CLI named closest above the line (or below it, when none is above). */
function nearest(clis: { line: number; cli: string }[], line: number): string {
  const above = clis.filter((c) => c.line <= line);
  return (above.length ? above[above.length - 1]! : clis[0]!).cli;
}

/** The line, with the list literal it sits in (and the line that opens it: `spawn('docker', [`) when that opens on an earlier line. */
function enclosingList(text: string, lineStart: number, line: string): string {
  let depth = 0;
  for (let i = lineStart - 1; i >= Math.max(0, lineStart - 600); i--) {
    const c = text[i];
    if (c === ']') depth++;
    else if (c === '[') {
      if (depth === 0) return text.slice(text.lastIndexOf('\n', i) + 1, lineStart) + line;
      depth--;
    }
  }
  return line;
}

/** A call that declares a command-line option of the program itself (typer, click, argparse, optparse, commander, yargs). */
const OPTION_DECLARATION = /(?:\.option|\.addOption|\.options|new\s+Option|\badd_argument|\badd_option|\bclick\.option|\btyper\.(?:Option|Argument)|(?<![\w$.])Option|\.flag)\s*$/;

/**
 * Whether the line is an argument of an option declaration opened on an earlier line
 * (`skip: bool = typer.Option(False, ⏎ "--skip-validate", ⏎ "--yolo", …)`): the program's own
 * switch, declared, not a switch passed to an agent CLI.
 */
function declaresOption(text: string, lineStart: number): boolean {
  let depth = 0;
  for (let i = lineStart - 1; i >= Math.max(0, lineStart - 600); i--) {
    const c = text[i];
    if (c === ')') depth++;
    else if (c === '(') {
      if (depth === 0) return OPTION_DECLARATION.test(text.slice(Math.max(0, i - 40), i));
      depth--;
    }
  }
  return false;
}
