/**
 * What a pre-approved shell command rule lets the model run. Agent clients approve commands by
 * prefix (Claude Code `Bash(npm run test:*)`, `Bash(git status)`, Gemini `run_shell_command(git)`):
 * the judgement is whether the words the model may append choose the code that runs.
 *
 * - `any-command`: a shell, or a wrapper that runs the command it is given (`Bash(*)`, `Bash(sudo:*)`);
 * - `any-code`: an interpreter, a package runner or a project task runner whose next word picks
 *   the code (`Bash(python:*)`, `Bash(npx:*)`, `Bash(uv run:*)`, `Bash(make:*)`, `Bash(npm run:*)`);
 * - `code-by-option`: a reading or building command with an option that runs a program or installs
 *   any package (`git grep --open-files-in-pager`, `find -exec`, `rg --pre`, `npm install <pkg>`).
 *
 * A rule that fixes the program (`Bash(npm run test:*)`, `Bash(uv run pytest:*)`, `Bash(git status)`)
 * is none of these.
 */
import type { Severity } from '../../core/types.js';

export type ShellRuleKind = 'any-command' | 'any-code' | 'code-by-option';

export interface ShellRuleVerdict {
  kind: ShellRuleKind;
  /** Why, in words that finish "the model can …". */
  why: string;
  severity: Severity;
}

/** Programs that run the command line they are given. */
const SHELLS = new Set(['sh', 'bash', 'zsh', 'fish', 'dash', 'ksh', 'csh', 'tcsh', 'pwsh', 'powershell', 'cmd', 'eval', 'source', '.']);
/** Wrappers that run the command that follows them. */
const WRAPPERS = new Set(['sudo', 'doas', 'env', 'exec', 'command', 'xargs', 'nohup', 'nice', 'time', 'timeout', 'watch', 'stdbuf', 'setsid', 'script', 'su', 'flock', 'parallel']);
/** Interpreters: with no script named, the next words are code (`-c`, `-e`, `-m`, a path the model wrote). */
const INTERPRETERS = /^(?:python(?:\d+(?:\.\d+)?)?|py|pypy3?|node|nodejs|tsx|ts-node|deno|bun|ruby|irb|perl|php|rscript|lua|luajit|julia|osascript|groovy|jshell|scala|elixir|iex|erl)$/;
/** Package runners that download and run whatever package the model names. */
const PACKAGE_RUNNERS: Record<string, string[]> = {
  npx: [''],
  bunx: [''],
  pnpx: [''],
  uvx: [''],
  pipx: ['run'],
  pnpm: ['dlx'],
  yarn: ['dlx'],
  npm: ['exec', 'x'],
  uv: ['tool run'],
};
/** Task and project runners whose next word picks a script, a target or a program. */
const TASK_RUNNERS: Record<string, string[]> = {
  uv: ['run'],
  poetry: ['run'],
  pipenv: ['run'],
  pdm: ['run'],
  hatch: ['run'],
  rye: ['run'],
  npm: ['run', 'run-script'],
  pnpm: ['run', 'exec', ''],
  yarn: ['run', 'exec', ''],
  bun: ['run', 'x', ''],
  deno: ['run', 'eval', 'task', ''],
  cargo: ['run', 'xtask'],
  go: ['run', 'generate'],
  dotnet: ['run'],
  composer: ['run', 'run-script', 'exec'],
  make: [''],
  gmake: [''],
  just: [''],
  task: [''],
  rake: [''],
  gradle: [''],
  gradlew: [''],
  mvn: ['exec:java', 'exec:exec'],
  nox: [''],
  tox: [''],
  invoke: [''],
  docker: ['run', 'exec', 'compose run', 'compose exec'],
  podman: ['run', 'exec'],
  kubectl: ['exec', 'run', 'debug'],
  ssh: [''],
};
/** Commands with an option that runs a program (or installs any package), per subcommand. */
const OPTION_EXEC: Record<string, { sub: string[]; why: string }> = {
  git: { sub: [''], why: 'pass `-c core.pager=…` or `-c alias.x=!…` and run any command' },
  'git grep': { sub: [''], why: 'run any program through `git grep --open-files-in-pager`' },
  'git config': { sub: [''], why: 'set `core.pager`, `core.hooksPath` or an alias and run any command on the next git call' },
  'git submodule': { sub: ['foreach'], why: 'run any command through `git submodule foreach`' },
  'git bisect': { sub: ['run'], why: 'run any command through `git bisect run`' },
  'git rebase': { sub: [''], why: 'run any command through `git rebase --exec`' },
  'gh api': { sub: [''], why: 'call any GitHub API endpoint with the token it holds (push commits, publish releases, change settings)' },
  gh: { sub: [''], why: 'run any `gh` command (`gh api`, `gh extension`, `gh release`) with the token it holds' },
  find: { sub: [''], why: 'run any program through `find -exec` (or delete files with `-delete`)' },
  fd: { sub: [''], why: 'run any program through `fd --exec`' },
  rg: { sub: [''], why: 'run any program through `rg --pre`' },
  sed: { sub: [''], why: 'run commands through the GNU sed `e` command, or rewrite files in place with `-i`' },
  awk: { sub: [''], why: 'run commands through `system()`' },
  gawk: { sub: [''], why: 'run commands through `system()`' },
  tar: { sub: [''], why: 'run any program through `tar --to-command` or `--checkpoint-action=exec`' },
  zip: { sub: [''], why: 'run any program through `zip -TT`' },
  vim: { sub: [''], why: 'run commands through `vim -c "!…"`' },
  vi: { sub: [''], why: 'run commands through `vi -c "!…"`' },
  nvim: { sub: [''], why: 'run commands through `nvim -c "!…"`' },
  npm: { sub: ['install', 'i', 'add', 'ci', 'update'], why: 'install any package, whose install scripts run on the machine' },
  pnpm: { sub: ['install', 'i', 'add'], why: 'install any package, whose install scripts run on the machine' },
  yarn: { sub: ['add', 'install'], why: 'install any package, whose install scripts run on the machine' },
  bun: { sub: ['add', 'install', 'i'], why: 'install any package, whose install scripts run on the machine' },
  pip: { sub: ['install'], why: 'install any package, whose build runs code on the machine' },
  pip3: { sub: ['install'], why: 'install any package, whose build runs code on the machine' },
  'uv pip': { sub: ['install'], why: 'install any package, whose build runs code on the machine' },
  uv: { sub: ['add', 'sync --with'], why: 'install any package, whose build runs code on the machine' },
  poetry: { sub: ['add'], why: 'install any package, whose build runs code on the machine' },
  cargo: { sub: ['install'], why: 'build and install any crate, whose build script runs on the machine' },
  go: { sub: ['install'], why: 'build and install any module' },
  gem: { sub: ['install'], why: 'install any gem, whose extensions build on the machine' },
  brew: { sub: ['install'], why: 'install any formula' },
};

/**
 * Judge one command rule. `pattern` is the text inside `Bash(…)`; prefix rules end with `:*` or
 * ` *`. Returns undefined when the rule fixes what runs.
 */
export function judgeShellRule(pattern: string): ShellRuleVerdict | undefined {
  let p = pattern.trim();
  let open = false;
  if (/^(?:\*|:\*|\*\*|\*:\*)?$/.test(p)) return { kind: 'any-command', why: 'run any shell command', severity: 'high' };
  const m = /^(.*?)(?::\*|\s+\*|\*)$/.exec(p);
  if (m) {
    open = true;
    p = m[1]!.trim();
  }
  let words = p.split(/\s+/).filter(Boolean);
  // Leading assignments (`FOO=1 cmd`) do not change the program.
  while (words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) words = words.slice(1);
  // Wrappers run what follows them: judge that.
  while (words.length && WRAPPERS.has(program(words[0]!))) {
    const w = program(words[0]!);
    words = words.slice(1);
    while (words.length && (/^-/.test(words[0]!) || (w === 'timeout' && /^\d/.test(words[0]!)) || (w === 'env' && /=/.test(words[0]!)))) words = words.slice(1);
    if (words.length === 0) return open ? { kind: 'any-command', why: `run any command through \`${w}\``, severity: 'high' } : undefined;
  }
  if (words.length === 0) return open ? { kind: 'any-command', why: 'run any shell command', severity: 'high' } : undefined;
  if (!open) return undefined;
  return judgeOpen(words);
}

/** A prefix rule's words (any words may follow them). */
function judgeOpen(words: string[]): ShellRuleVerdict | undefined {
  const prog = program(words[0]!);
  const rest = words.slice(1);
  const onlyFlags = rest.every((w) => w.startsWith('-'));
  if (SHELLS.has(prog) && onlyFlags) return { kind: 'any-command', why: `run any command through \`${words.join(' ')}\``, severity: 'high' };
  if (INTERPRETERS.test(prog) && onlyFlags && !rest.includes('-m')) {
    return { kind: 'any-code', why: `run any ${prog} code (\`${words.join(' ')} -c …\`, or a script it wrote)`, severity: 'high' };
  }
  if (INTERPRETERS.test(prog) && rest.length === 1 && rest[0] === '-m') return { kind: 'any-code', why: `run any ${prog} module, \`pip install\` included`, severity: 'high' };
  // `uv:*`, `npm:*`, `docker:*`: the runner with any subcommand, `run` included.
  if (onlyFlags && (TASK_RUNNERS[prog] || PACKAGE_RUNNERS[prog]) && !(TASK_RUNNERS[prog] ?? []).includes('') && !(PACKAGE_RUNNERS[prog] ?? []).includes('')) {
    const sub = [...(TASK_RUNNERS[prog] ?? []), ...(PACKAGE_RUNNERS[prog] ?? [])][0]!;
    return { kind: 'any-code', why: `run any script, package or program through any of its subcommands (\`${prog} ${sub} <anything>\`)`, severity: 'high' };
  }
  const runner = afterSubcommand(prog, rest, PACKAGE_RUNNERS);
  if (runner && runner.rest.every((w) => w.startsWith('-'))) return { kind: 'any-code', why: `download and run any package (\`${words.join(' ')} <package>\`)`, severity: 'high' };
  const task = afterSubcommand(prog, rest, TASK_RUNNERS);
  if (task) {
    const next = task.rest.filter((w) => !w.startsWith('-'));
    if (next.length === 0) return { kind: 'any-code', why: `run any script, target or program it names (\`${words.join(' ')} <anything>\`)`, severity: 'high' };
    // `uv run python:*`, `poetry run bash:*`: the task runner hands over to an open interpreter.
    const inner = judgeOpen(task.rest.filter((w, i) => i >= task.rest.indexOf(next[0]!)));
    if (inner && inner.kind !== 'code-by-option') return { ...inner, why: `${inner.why} through \`${words.slice(0, words.length - task.rest.length).join(' ')}\`` };
    if (inner) return inner;
  }
  return optionExec(prog, rest);
}

function optionExec(prog: string, rest: string[]): ShellRuleVerdict | undefined {
  const nonFlag = rest.filter((w) => !w.startsWith('-'));
  // `git grep`, `git config`, `uv pip`: two-word commands first.
  const two = nonFlag.length ? OPTION_EXEC[`${prog} ${nonFlag[0]}`] : undefined;
  if (two) {
    const after = nonFlag.slice(1);
    // `gh api` names its endpoint next: `gh api repos/o/r/pulls/comments:*` is that endpoint only.
    const bareOnly = `${prog} ${nonFlag[0]}` === 'gh api';
    if (bareOnly ? after.length === 0 : two.sub.some((s) => s === '' || after[0] === s)) return { kind: 'code-by-option', why: two.why, severity: 'medium' };
  }
  const one = OPTION_EXEC[prog];
  if (!one) return undefined;
  // `git`, `gh` alone run anything through a subcommand; `git log:*`, `gh pr view:*` do not.
  if ((prog === 'git' || prog === 'gh') && nonFlag.length > 0 && !rest.includes('-c')) return undefined;
  if (one.sub.some((s) => (s === '' ? true : s.split(' ').every((part, i) => nonFlag[i] === part)))) {
    if (one.sub.includes('') || nonFlag.length > 0) return { kind: 'code-by-option', why: one.why, severity: 'medium' };
  }
  return undefined;
}

/** The words after `prog`'s runner subcommand, when `rest` starts with one of them. */
function afterSubcommand(prog: string, rest: string[], table: Record<string, string[]>): { rest: string[] } | undefined {
  const subs = table[prog];
  if (!subs) return undefined;
  const words = rest;
  for (const sub of subs.filter(Boolean)) {
    const parts = sub.split(' ');
    if (parts.every((part, i) => words[i] === part)) return { rest: words.slice(parts.length) };
  }
  // `make:*`, `pnpm:*`: the runner alone, open.
  if (subs.includes('') && rest.every((w) => w.startsWith('-'))) return { rest: [] };
  return undefined;
}

/** `/usr/bin/python3` → `python3`, `./gradlew` → `gradlew`, `python.exe` → `python`. */
function program(word: string): string {
  const base = word.split(/[\\/]/).pop() ?? word;
  return base.replace(/\.(?:exe|cmd|bat)$/i, '').toLowerCase();
}
