/**
 * code/agent-cli-approvals-off: agent CLIs started with their approvals or sandbox off, from
 * configuration that names the command and from code that spawns it; severity by who is there to
 * watch (unattended, a user's choice, edits only), nothing for a sandboxed command line, a CLI that
 * defines its own flag, help text or a flag the program only checks for. Also the shared switch list.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzerSet, analyzeSource, type FileResult } from '../../src/engine/analyze-file.js';
import { SourceFile } from '../../src/core/source.js';
import { classify } from '../../src/discovery/classify.js';
import { agentCliApprovalsOff } from '../../src/rules/code/agent-cli-approvals-off.js';
import { agentCliOf, unsafeFlags } from '../../src/rules/code/agent-cli.js';
import { runExample } from '../../src/engine/examples.js';

async function run(relPath: string, text: string): Promise<string[]> {
  const source = new SourceFile({ absPath: path.join('/virtual', relPath), relPath, kind: classify(relPath), size: text.length }, text);
  const result: FileResult = { findings: [], errors: [], identities: [], inventory: [], bytes: 0, suppressed: 0 };
  await analyzeSource(source, analyzerSet([agentCliApprovalsOff]), result);
  return result.findings.map((f) => `${f.location.startLine} ${f.severity} ${f.evidence}`);
}

describe('the shared list of agent CLIs and switches', () => {
  it('knows a CLI by its program, its path or the package a launcher starts', () => {
    expect(agentCliOf(['codex', 'exec'])).toBe('codex');
    expect(agentCliOf(['/usr/local/bin/claude', '-p'])).toBe('claude');
    expect(agentCliOf(['npx', '-y', '@openai/codex@0.40.0', 'exec'])).toBe('codex');
    expect(agentCliOf(['pipx', 'run', 'aider-chat'])).toBe('aider');
    expect(agentCliOf(['docker', 'run', 'claude'])).toBeUndefined();
    expect(agentCliOf(['python', 'claude.py'])).toBeUndefined();
  });

  it('puts a switch that turns everything off before one that accepts edits only', () => {
    expect(unsafeFlags(' --permission-mode acceptEdits --dangerously-skip-permissions').map((f) => f.effect)).toEqual(['bypass', 'edits']);
    expect(unsafeFlags(' --approval-mode yolo')[0]!.effect).toBe('bypass');
    expect(unsafeFlags(' --approval-mode default --model pro')).toEqual([]);
  });

  it("reads --yolo as each CLI means it: Gemini CLI's skips the prompts, Codex's also drops the sandbox", () => {
    expect(unsafeFlags(' --yolo -p hi', 'gemini').map((f) => f.why)).toEqual(['runs every tool call and command without asking (--yolo)']);
    expect(unsafeFlags(' --yolo -p hi').map((f) => f.why)).toEqual(['runs every tool call and command without asking (--yolo)']);
    expect(unsafeFlags(' exec --yolo fix', 'codex').map((f) => f.why)).toEqual(['turns off approvals and the sandbox (--yolo)']);
  });

  it("reads a word other programs use too (--force, --yes) as one CLI's switch only", () => {
    expect(unsafeFlags(' -p fix --force', 'cursor').map((f) => f.why)).toEqual(['runs every command not explicitly denied without asking (--force)']);
    expect(unsafeFlags(' --yes --model sonnet', 'aider').map((f) => f.effect)).toEqual(['bypass']);
    expect(unsafeFlags(' push --force')).toEqual([]);
    expect(unsafeFlags(' --yes', 'claude')).toEqual([]);
    expect(unsafeFlags(' --yes-always', 'aider').map((f) => f.why)).toEqual(['approves every action (--yes-always)']);
    expect(unsafeFlags(' -x "fix" --dangerously-allow-all', 'amp')).toHaveLength(1);
    expect(unsafeFlags(' exec --skip-permissions-unsafe "fix"', 'droid')).toHaveLength(1);
  });
});

describe('agent CLI started with approvals off', () => {
  it('configuration: the command and its argument list, one finding per command, on the switch', async () => {
    const json = '{\n  "clients": [\n    { "command": "codex", "additional_args": ["--json", "--dangerously-bypass-approvals-and-sandbox"] },\n    { "command": "claude", "additional_args": ["--permission-mode", "acceptEdits"] }\n  ]\n}\n';
    expect(await run('conf/clients.json', json)).toEqual(['3 medium --dangerously-bypass-approvals-and-sandbox', '4 low --permission-mode acceptEdits']);
    expect(await run('agents.toml', '[agents.gemini]\ncommand = "npx"\nargs = ["-y", "@google/gemini-cli", "--yolo"]\n')).toEqual(['3 medium --yolo']);
    expect(await run('agents.yaml', 'pair:\n  cmd: aider --yes-always --model sonnet\n')).toEqual(['2 medium --yes-always']);
    expect(await run('agents.json', '{ "fixer": { "command": "cursor-agent", "args": ["-p", "fix the build", "--force"] } }\n')).toEqual(['1 medium --force']);
    expect(await run('agents.yaml', 'pair:\n  cmd: aider --yes --model sonnet\n')).toEqual(['2 medium --yes']);
    expect(await run('tasks.yaml', 'deploy:\n  cmd: helm upgrade --install app ./chart --force\n')).toEqual([]);
  });

  it("code: --force is the CLI's only on a line that names it, not a git push elsewhere in the file", async () => {
    const code = [
      "import { spawnSync } from 'node:child_process';",
      "export const AGENT = 'cursor-agent';",
      'export function publish() {',
      "  return spawnSync('git', ['push', '--force']);",
      '}',
      'export function fix(task: string) {',
      "  return spawnSync('cursor-agent', ['-p', task, '--force']);",
      '}',
    ].join('\n');
    expect(await run('src/agent.ts', code)).toEqual(['7 medium --force']);
  });

  it('configuration: a container command line, another program, prose and MCP client configs are not reports', async () => {
    expect(await run('agents.yaml', 'box:\n  command: docker\n  args: [run, --rm, img, claude, --dangerously-skip-permissions]\n')).toEqual([]);
    expect(await run('conf/lint.json', '{ "command": "eslint", "args": ["--yolo"] }\n')).toEqual([]);
    expect(await run('faq.json', '{ "answer": "claude --dangerously-skip-permissions skips every prompt" }\n')).toEqual([]);
    expect(await run('.mcp.json', '{ "mcpServers": { "c": { "command": "claude", "args": ["mcp", "serve", "--dangerously-skip-permissions"] } } }\n')).toEqual([]);
  });

  it('code: an argv built apart from the spawn, a command string, an f-string', async () => {
    const loop = [
      "import { spawnSync } from 'node:child_process';",
      'export class LoopService {',
      '  run(prompt: string, sandbox: boolean) {',
      "    const command = sandbox ? 'docker' : 'claude';",
      '    return spawnSync(command, this.args(prompt, sandbox));',
      '  }',
      '  args(prompt: string, sandbox: boolean): string[] {',
      "    if (sandbox) return ['sandbox', 'run', 'claude', '-p', prompt];",
      "    return ['-p', prompt, '--dangerously-skip-permissions'];",
      '  }',
      '}',
    ].join('\n');
    expect(await run('src/modules/loop/loop.service.ts', loop)).toEqual(['9 high --dangerously-skip-permissions']);
    expect(await run('src/agent.ts', loop)).toEqual(['9 medium --dangerously-skip-permissions']);
    expect(await run('src/run.ts', "import { execSync } from 'node:child_process';\nexecSync(`codex exec --dangerously-bypass-approvals-and-sandbox \"${task}\"`);\n")).toEqual([
      '2 medium --dangerously-bypass-approvals-and-sandbox',
    ]);
    expect(await run('agent/run.py', 'import subprocess\n\ndef go(task):\n    subprocess.run(f"claude -p {task} --permission-mode bypassPermissions", shell=True)\n')).toEqual([
      '4 medium --permission-mode bypassPermissions',
    ]);
  });

  it('code: a switch passed only when the user asks for it is low; a server or a loop makes it high', async () => {
    const choice = "import { spawn } from 'node:child_process';\nconst args = ['-p', prompt];\nif (options.yolo) {\n  args.push('--yolo');\n}\nspawn('gemini', args);\n";
    expect(await run('src/cli.ts', choice)).toEqual(['4 low --yolo']);
    // A conditional spread whose test and `?` sit on the lines above the switch is the user's choice too.
    const spread = "import { spawn } from 'node:child_process';\nexport const codex = {\n  binary: 'codex',\n  launchArgs: (prompt, mode) => [\n    ...(mode.bypassPermissions\n      ? ['--dangerously-bypass-approvals-and-sandbox']\n      : []),\n    prompt,\n  ],\n};\nexport const start = (prompt, mode) => spawn(codex.binary, codex.launchArgs(prompt, mode));\n";
    expect(await run('src/agents/registry.ts', spread)).toEqual(['6 low --dangerously-bypass-approvals-and-sandbox']);
    const server = 'import subprocess\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP("x")\n\n@mcp.tool()\ndef fix(task: str) -> str:\n    return subprocess.run(["codex", "exec", "--yolo", task]).stdout\n';
    expect(await run('tools/fix.py', server)).toEqual(['7 high --yolo']);
  });

  it('code: sandboxed, defined, checked, printed or commented switches are not reports', async () => {
    const lines = [
      "import { spawn } from 'node:child_process';",
      "spawn('docker', ['sandbox', 'run', 'claude', '-p', prompt, '--dangerously-skip-permissions']);",
      "spawn('podman', [",
      "  'run', 'img', 'claude',",
      "  '--dangerously-skip-permissions',",
      ']);',
      "program.option('--yolo', 'pass --yolo to gemini');",
      "if (argv.includes('--yolo')) warn();",
      "console.log('claude --dangerously-skip-permissions');",
      "// spawn('claude', ['--dangerously-skip-permissions'])",
      "const tip = 'Use --yolo only in a throwaway VM';",
      "spawn('gemini', ['-p', prompt]);",
    ].join('\n');
    expect(await run('src/launch.ts', lines)).toEqual([]);
    // Python docstrings and backtick markup are prose, not arguments.
    const doc = 'import subprocess\n\ndef switch():\n    """Leave YOLO mode (entered with `--yolo`) with Shift+Tab.\n\n    Sessions started as `codex --yolo` keep it.\n    """\n    subprocess.run(["codex", "exec", "hi"])\n';
    expect(await run('src/config.py', doc)).toEqual([]);
    // A file that starts no process, or names no agent CLI.
    expect(await run('src/flags.ts', "export const FLAGS = ['--dangerously-skip-permissions'];\nexport const cli = 'claude';\n")).toEqual([]);
    expect(await run('src/lint.ts', "import { spawn } from 'node:child_process';\nspawn('eslint', ['--yolo']);\n")).toEqual([]);
  });

  it('a configuration in a repository that serves MCP tools is high; one elsewhere stays medium', async () => {
    const config = '{ "command": "gemini", "additional_args": ["--yolo"] }\n';
    const server = 'from mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("agents")\n\n@mcp.tool()\ndef ask(prompt: str) -> str:\n    """Ask a CLI agent."""\n    return prompt\n';
    const inServer = await runExample([], { path: 'conf/gemini.json', code: config, with: { 'server.py': server } });
    const alone = await runExample([], { path: 'conf/gemini.json', code: config, with: { 'README.txt': 'agents\n' } });
    const pick = (fs: typeof inServer) => fs.filter((f) => f.ruleId === 'code/agent-cli-approvals-off').map((f) => f.severity);
    expect(pick(inServer)).toEqual(['high']);
    expect(pick(alone)).toEqual(['medium']);
  });
});

describe('agent CLIs started by shell scripts', () => {
  const findingsOf = async (relPath: string, text: string) => {
    const source = new SourceFile({ absPath: path.join('/virtual', relPath), relPath, kind: classify(relPath), size: text.length }, text);
    const result: FileResult = { findings: [], errors: [], identities: [], inventory: [], bytes: 0, suppressed: 0 };
    await analyzeSource(source, analyzerSet([agentCliApprovalsOff]), result);
    return result.findings;
  };

  it('reports a script once per CLI, its other starts as related places, and a loop as unattended', async () => {
    const text = '#!/bin/sh\nfor t in a b c; do\n  claude -p "$t" --dangerously-skip-permissions\ndone\nclaude -p "$(cat last.md)" \\\n  --dangerously-skip-permissions\ncodex exec --full-auto "tidy"\n';
    const found = await findingsOf('tools/batch', text);
    expect(found.map((f) => [f.location.startLine, f.severity, (f.related ?? []).map((r) => r.startLine)])).toEqual([
      [3, 'medium', [5]],
      [7, 'low', []],
    ]);
    const looping = await findingsOf('scripts/agent.sh', 'while true; do\n  claude -p "$(next)" --dangerously-skip-permissions\ndone\n');
    expect(looping.map((f) => f.severity)).toEqual(['high']);
  });

  it('reads no switch a script prints, tests for, or passes to a CLI inside a container', async () => {
    const text = 'echo "use --dangerously-skip-permissions with care"\nif [[ "$*" == *--yolo* ]]; then exit 1; fi\ndocker run --rm img claude -p x --dangerously-skip-permissions\n';
    expect(await findingsOf('scripts/run.sh', text)).toEqual([]);
  });
});
