/**
 * The command line. Only commander loads at start-up; each command's module (and its heavy
 * dependencies) is imported inside its action, so `agentwarden --help` stays fast.
 */
import { Command, Option } from 'commander';
import { UsageError } from './core/errors.js';
import { tuneTiering } from './core/tiering.js';
import { VERSION } from './core/version.js';

// `agentwarden rules | head`: the reader went away; stop quietly instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const program = new Command();
/** Commands that scan a tree without the result cache: V8 is tuned for a cold scan before they start (see `core/tiering.ts`). */
const COLD_SCANS = new Set(['report', 'tools', 'baseline', 'mcp list', 'mcp lock']);
// `scan` decides once it knows whether the result cache will serve it; replay and the rest keep V8's own tiering.
program.hook('preAction', (_program, action) => {
  const name = action.parent && action.parent !== program ? `${action.parent.name()} ${action.name()}` : action.name();
  if (COLD_SCANS.has(name)) tuneTiering();
});

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function outputOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('-f, --format <format>', 'output format: text, json, sarif, junit, markdown, html, gitlab (repeatable; "sarif:out.sarif" names a file)').argParser(collect),
    )
    .addOption(new Option('-o, --output <file>', 'write the format at the same position to this file (repeatable)').argParser(collect))
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above: critical, high, medium, low, info, none (default: high)')
    .option('-q, --quiet', 'print findings only: no summary, no notes on stderr')
    .option('--strict', 'exit 2 when any file could not be read or parsed')
    .option('--color', 'colour the text output even when it is not a terminal')
    .option('--no-color', 'never colour the text output (NO_COLOR=1 does the same)')
    .option('--no-progress', 'no live progress display on stderr (it only shows on a terminal outside CI)');
}

program
  .name('agentwarden')
  .description('Security scanner for AI agents and their non-human identities.')
  .version(VERSION, '-v, --version')
  .showHelpAfterError()
  .configureOutput({ outputError: (str, write) => write(str) })
  // Before any subcommand is added, so they inherit it: a usage error must exit 2, not commander's 1.
  .exitOverride();

outputOptions(
  program
    .command('scan')
    .description('scan for agent credentials, identities and oversight gaps')
    .argument('[paths...]', 'files or folders to scan', ['.'])
    .option('-c, --config <file>', 'configuration file (default: .agentwarden.yaml at the scanned root)')
    .option('-b, --baseline <file>', 'report only findings whose fingerprints are not in this baseline or earlier JSON report')
    .addOption(new Option('-e, --exclude <glob>', 'leave matching paths out (repeatable)').argParser(collect))
    .option('--staged', 'scan the content staged in git (the index, not the working tree): for pre-commit')
    .option('--since <rev>', 'scan only files changed since a git revision (plus untracked files); with --history, only commits since it')
    .option('--history', 'scan every blob in the git history (each unique blob once) for secrets, with the commit that added each')
    .option('--log-opts <opts>', 'with --history: revisions and commit filters instead of --all (e.g. "main --since=2024-01-01")')
    .option('--user-configs', "also scan this user's agent-client configs (~/.cursor/mcp.json, Claude, VS Code …)")
    .option('--cache <dir>', 'keep per-file results in this folder, so a repeat scan analyzes only changed files (default: $XDG_CACHE_HOME/agentwarden or ~/.cache/agentwarden)')
    .option('--no-cache', 'analyze every file; read and write no result cache')
    .addOption(new Option('--threads <n>', 'threads that analyze, the main one included (default: one per core)').hideHelp()),
).action(async (paths: string[], options) => {
  const { runScan } = await import('./commands/scan.js');
  process.exitCode = await runScan(paths, options);
});

outputOptions(
  program
    .command('replay')
    .description('replay recorded agent sessions against a policy, offline')
    .argument('<session-files...>', 'session files or folders (.json, .jsonl): OpenAI, Anthropic, Claude Code, OpenTelemetry, MCP JSON-RPC …')
    .option('-p, --policy <file>', 'replay policy (YAML, or a .cedar file)')
    .option('--input-format <format>', 'force the session format instead of detecting it')
    .option('--cedar-schema <file>', 'Cedar schema for a .cedar policy')
    .addOption(new Option('--approvals <file>', 'approval records to take into account (repeatable)').argParser(collect))
    .option('--taxonomy <file>', 'high-risk tool taxonomy replacing the built-in one')
    .option('--skip-unrecognized', 'skip empty or unrecognised session files given by name instead of exiting 2')
    .option('--max-line-mb <n>', 'longest JSONL line parsed, in MB (default 16); a longer line exits 2', Number)
    .option('--max-document-mb <n>', 'largest single JSON document loaded, in MB (default 64); a larger one exits 2', Number)
    .addOption(new Option('--no-sandbox', 'evaluate in this process (for debugging)').hideHelp()),
).action(async (files: string[], options) => {
  const { runReplayCommand } = await import('./commands/replay-cli.js');
  process.exitCode = await runReplayCommand(files, options);
});

const policyCmd = program.command('policy').description('learn a replay policy from benign sessions, and test one against sessions');
policyCmd
  .command('learn')
  .description('write a commented replay policy generalised from benign sessions')
  .argument('<session-files...>', 'benign session files or folders (.json, .jsonl)')
  .option('-o, --output <file>', 'write the policy here (default: standard output)')
  .option('--input-format <format>', 'force the session format instead of detecting it')
  .action(async (files: string[], options: { output?: string; inputFormat?: string }) => {
    const { runPolicyLearn } = await import('./commands/policy.js');
    process.exitCode = await runPolicyLearn(files, options);
  });
policyCmd
  .command('test')
  .description('replay sessions against a policy and show what each of its rules catches')
  .argument('<policy>', 'replay policy (YAML)')
  .argument('<session-files...>', 'session files or folders (.json, .jsonl)')
  .option('--input-format <format>', 'force the session format instead of detecting it')
  .option('--json', 'print the tally as JSON')
  .addOption(new Option('--no-sandbox', 'evaluate in this process (for debugging)').hideHelp())
  .action(async (policy: string, files: string[], options: { inputFormat?: string; json?: boolean; sandbox?: boolean }) => {
    const { runPolicyTest } = await import('./commands/policy.js');
    process.exitCode = await runPolicyTest(policy, files, options);
  });

program
  .command('report')
  .description("the auditor's report per framework (html, markdown, csv, json)")
  .argument('[paths...]', 'files or folders to scan', ['.'])
  .addOption(new Option('-f, --format <format>', 'html, markdown, csv, json (repeatable; "html:report.html" names a file)').argParser(collect))
  .addOption(new Option('-o, --output <file>', 'write the format at the same position to this file (repeatable)').argParser(collect))
  .addOption(new Option('--sessions <path>', 'recorded sessions to replay into the report (repeatable)').argParser(collect))
  .option('-p, --policy <file>', 'replay policy for the sessions')
  .option('--framework <framework>', 'only this framework (owasp-asi, nhi, llm, maestro, nist, atlas …)')
  .option('-c, --config <file>', 'configuration file')
  .option('-b, --baseline <file>', 'leave out findings in this baseline')
  .addOption(new Option('-e, --exclude <glob>', 'leave matching paths out (repeatable)').argParser(collect))
  .option('--fail-on <severity>', 'exit 1 at or above this severity (default: none: a report is a document, not a gate)')
  .option('--strict', 'exit 2 when any file could not be read or parsed')
  .option('-q, --quiet', 'no notes on stderr')
  .action(async (paths: string[], options) => {
    const { runReport } = await import('./commands/report.js');
    process.exitCode = await runReport(paths, options);
  });

program
  .command('frameworks')
  .description('the frameworks and controls findings map to')
  .option('--framework <framework>', 'only this framework (an id such as owasp-nhi, or nhi, atlas, nist …)')
  .addOption(new Option('-f, --format <format>', 'text or json').argParser(collect))
  .addOption(new Option('-o, --output <file>', 'write to this file').argParser(collect))
  .action(async (options) => {
    const { runFrameworks } = await import('./commands/frameworks.js');
    process.exitCode = await runFrameworks(options);
  });

const mcp = program.command('mcp').description('MCP servers (mcp list, mcp lock)');

mcp
  .command('lock')
  .description('write the MCP lockfile (agentwarden-mcp.lock.json): servers, packages, versions, digests and tool descriptions, so scan fails on unreviewed changes')
  .argument('[path]', 'the folder to lock (the lockfile is written there)', '.')
  .addOption(new Option('--from-session <files...>', 'also take tools from tools/list responses recorded in these MCP JSON-RPC logs (files or folders)'))
  .option('-o, --output <file>', `lockfile to write or check (default: <path>/agentwarden-mcp.lock.json)`)
  .option('--check', 'write nothing: list what differs from the lockfile and exit 1 if anything does')
  .option('-q, --quiet', 'no notes on stderr')
  .action(async (dir: string, options) => {
    const { runMcpLock } = await import('./commands/mcp-lock.js');
    process.exitCode = await runMcpLock(dir, options);
  });

mcp
  .command('list')
  .description('list the MCP servers configured in a project (and, with --user-configs, for this user), with their credentials')
  .argument('[paths...]', 'files or folders to scan', ['.'])
  .option('--user-configs', "also this user's agent-client configs (~/.cursor/mcp.json, Claude, VS Code …)")
  .addOption(new Option('-f, --format <format>', 'text or json').argParser(collect))
  .addOption(new Option('-o, --output <file>', 'write to this file').argParser(collect))
  .action(async (paths: string[], options) => {
    const { runMcpList } = await import('./commands/mcp.js');
    process.exitCode = await runMcpList(paths, options);
  });

program
  .command('tools')
  .description('the tools agent code exposes, with risk and approval')
  .argument('[paths...]', 'files or folders to scan', ['.'])
  .addOption(new Option('-f, --format <format>', 'text or json').argParser(collect))
  .addOption(new Option('--graph [format]', 'print the delegation graph (agents, hand-offs, tools) instead: dot (default) or mermaid'))
  .addOption(new Option('-o, --output <file>', 'write to this file').argParser(collect))
  .action(async (paths: string[], options) => {
    const { runTools } = await import('./commands/tools.js');
    process.exitCode = await runTools(paths, options);
  });

program
  .command('baseline')
  .description('record current findings so later scans report only new ones')
  .argument('[paths...]', 'files or folders to scan', ['.'])
  .option('-o, --output <file>', 'baseline file to write', '.agentwarden-baseline.json')
  .option('-c, --config <file>', 'configuration file')
  .addOption(new Option('-e, --exclude <glob>', 'leave matching paths out (repeatable)').argParser(collect))
  .action(async (paths: string[], options) => {
    const { runBaseline } = await import('./commands/baseline.js');
    process.exitCode = await runBaseline(paths, options);
  });

program
  .command('rules')
  .description('list every rule')
  .option('--category <category>', 'only this category, or a family such as "credential" or "runtime.*"')
  .option('--framework <framework>', 'only rules citing this framework or control (owasp-asi, ASI03, AML.T0051, MAESTRO-L7 …)')
  .option('-f, --format <format>', 'text or json', 'text')
  .option('--color', 'colour the output even when it is not a terminal')
  .option('--no-color', 'never colour the output')
  .addOption(new Option('--docs <dir>', 'write a Markdown page per rule and an index to this folder').hideHelp())
  .action(async (options) => {
    const { runRules } = await import('./commands/rules.js');
    process.exitCode = await runRules(options);
  });

program
  .command('explain')
  .description('explain a rule, with its own example run live')
  .argument('<rule-id>', 'a rule id such as secrets/github-pat (or just github-pat)')
  .option('-f, --format <format>', 'text, markdown or json', 'text')
  .option('--color', 'colour the output even when it is not a terminal')
  .option('--no-color', 'never colour the output')
  .action(async (ruleId: string, options) => {
    const { runExplain } = await import('./commands/explain.js');
    process.exitCode = await runExplain(ruleId, options);
  });

program
  .command('init')
  .description('write a commented starter .agentwarden.yaml')
  .argument('[dir]', 'folder to write it in', '.')
  .option('--force', 'overwrite an existing config')
  .action(async (dir: string, options) => {
    const { runInit } = await import('./commands/init.js');
    process.exitCode = await runInit(dir, options);
  });

program
  .command('hook')
  .description('install or remove a git pre-commit hook (scan --staged)')
  .argument('<action>', 'install or uninstall')
  .option('--fail-on <severity>', 'refuse the commit at or above: critical, high, medium, low, info (default: high)')
  .option('--force', 'replace a pre-commit hook that is not agentwarden\'s')
  .action(async (action: string, options) => {
    const { runHook } = await import('./commands/hook.js');
    process.exitCode = await runHook(action, options);
  });


// No top-level await: the bundle is CommonJS (see core/code-cache.ts).
program.parseAsync(process.argv).catch((err: unknown) => {
  process.exitCode = exitCodeFor(err);
});

function exitCodeFor(err: unknown): number {
  const e = err as { code?: string; exitCode?: number; message?: string };
  if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
    // --help and --version exit 0; any other parse problem is a usage error.
    return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`agentwarden: ${err.message}\n`);
    return 2;
  }
  process.stderr.write(`agentwarden: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
  return 2;
}
