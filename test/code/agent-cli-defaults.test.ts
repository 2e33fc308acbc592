/**
 * code/agent-cli-approvals-off on a switch code passes only under a condition: the user's choice
 * (low) unless the setting it is passed for is on by default, in this module or another one (a
 * config schema's `.default(…)`, a parameter's `= True`), which makes it what every user gets:
 * medium, or high unattended, with the default named and related. A default in a test, one for
 * another value, a branch's assignment, or a negated test leaves it the user's choice.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzerSet, analyzeSource, type FileResult } from '../../src/engine/analyze-file.js';
import { SourceFile } from '../../src/core/source.js';
import { classify } from '../../src/discovery/classify.js';
import { agentCliApprovalsOff } from '../../src/rules/code/agent-cli-approvals-off.js';
import { scan } from '../../src/engine/scan.js';
import { gateOf } from '../../src/rules/code/agent-cli-settings.js';
import { tempTree } from '../helpers/tmp.js';

const ID = 'code/agent-cli-approvals-off';

async function rated(files: Record<string, string>) {
  const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
  return report.findings.filter((f) => f.ruleId === ID);
}
const brief = (fs: Awaited<ReturnType<typeof rated>>) => fs.map((f) => `${f.location.path}:${f.location.startLine} ${f.severity} ${f.evidence}`);

/** A plugin that builds the CLI's command line from the agent's permission setting, and starts it. */
const plugin = [
  "import { execFile } from 'node:child_process';",
  "import type { LaunchConfig } from '../core/schema';",
  '',
  'export function launchCommand(config: LaunchConfig): string[] {',
  "  const parts = ['claude'];",
  "  if (config.permissions === 'permissionless' || config.permissions === 'trusted-edits') {",
  "    parts.push('--dangerously-skip-permissions');",
  '  }',
  "  if (config.model) parts.push('--model', config.model);",
  '  return parts;',
  '}',
  '',
  'export function start(config: LaunchConfig) {',
  '  const [bin, ...args] = launchCommand(config);',
  '  return execFile(bin!, args);',
  '}',
].join('\n');
const schema = (fallback: string) =>
  [
    "import { z } from 'zod';",
    '',
    "export const PermissionSchema = z.enum(['permissionless', 'trusted-edits', 'ask']).default('" + fallback + "');",
    'export const LaunchSchema = z.object({ permissions: PermissionSchema, model: z.string().optional() });',
    'export type LaunchConfig = z.infer<typeof LaunchSchema>;',
  ].join('\n');

describe('a conditional switch whose setting is on by default', () => {
  it('a config schema in another module defaults the mode that passes it: medium, the default named and related', async () => {
    const files = { 'src/plugins/claude.ts': plugin, 'src/core/schema.ts': schema('permissionless') };
    const found = await rated(files);
    expect(brief(found)).toEqual(['src/plugins/claude.ts:7 medium --dangerously-skip-permissions']);
    expect(found[0]!.message).toContain("the setting asks for it by default (.default('permissionless') at src/core/schema.ts:3)");
    expect(found[0]!.related?.map((r) => `${r.path}:${r.startLine}`)).toEqual(['src/core/schema.ts:3']);
  });

  it('the same launch with the schema defaulting to asking, or defaulting only in a test, stays the user\'s choice: low', async () => {
    const launch = plugin;
    expect(brief(await rated({ 'src/plugins/claude.ts': launch, 'src/core/schema.ts': schema('ask') }))).toEqual(['src/plugins/claude.ts:7 low --dangerously-skip-permissions']);
    expect(brief(await rated({ 'src/plugins/claude.ts': launch, 'src/core/schema.ts': schema('ask'), 'test/fixtures/config.test.ts': "export const cfg = { permissions: 'permissionless' };\n" }))).toEqual([
      'src/plugins/claude.ts:7 low --dangerously-skip-permissions',
    ]);
    const found = await rated({ 'src/plugins/claude.ts': launch, 'src/core/schema.ts': schema('ask') });
    expect(found[0]!.message).toContain('passed only when its user asks for it');
  });

  it('a parameter that defaults to true in the same module: medium; high where it runs unattended', async () => {
    const py = [
      'import subprocess',
      '',
      '',
      'class ClaudeRunner:',
      '    def __init__(self, workspace: str, skip_permissions: bool = True):',
      '        self.workspace = workspace',
      '        self.skip_permissions = skip_permissions',
      '',
      '    def run(self, task: str) -> str:',
      '        cmd = ["claude", "-p", task]',
      '        if self.skip_permissions:',
      '            cmd.append("--dangerously-skip-permissions")',
      '        return subprocess.run(cmd, cwd=self.workspace, capture_output=True, text=True).stdout',
    ].join('\n');
    expect(brief(await rated({ 'agents/claude_runner.py': py }))).toEqual(['agents/claude_runner.py:12 medium --dangerously-skip-permissions']);
    expect(brief(await rated({ 'agents/worker/claude_runner.py': py }))).toEqual(['agents/worker/claude_runner.py:12 high --dangerously-skip-permissions']);
    // Off by default: the caller has to ask for it.
    expect(brief(await rated({ 'agents/claude_runner.py': py.replace('skip_permissions: bool = True', 'skip_permissions: bool = False') }))).toEqual([
      'agents/claude_runner.py:12 low --dangerously-skip-permissions',
    ]);
  });

  it('a switch the user must pass on the command line stays low, however the option is declared', async () => {
    const commander = [
      "import { spawn } from 'node:child_process';",
      "import { Command } from 'commander';",
      '',
      "const program = new Command().option('--yolo', 'let gemini run without asking', false).parse();",
      'const opts = program.opts();',
      "const args = ['-p', opts.prompt];",
      'if (opts.yolo) {',
      "  args.push('--yolo');",
      '}',
      "spawn('gemini', args, { stdio: 'inherit' });",
    ].join('\n');
    expect(brief(await rated({ 'src/cli.ts': commander }))).toEqual(['src/cli.ts:8 low --yolo']);
    const typer = [
      'import subprocess',
      'import typer',
      '',
      'app = typer.Typer()',
      '',
      '',
      '@app.command()',
      'def fix(task: str, yolo: bool = typer.Option(False, "--yolo")):',
      '    cmd = ["codex", "exec", task]',
      '    if yolo:',
      '        cmd.append("--dangerously-bypass-approvals-and-sandbox")',
      '    subprocess.run(cmd)',
    ].join('\n');
    expect(brief(await rated({ 'tools/fix.py': typer }))).toEqual(['tools/fix.py:11 low --dangerously-bypass-approvals-and-sandbox']);
  });

  it('a mode a branch assigns, or a negated test of a setting on by default, leaves it the user\'s choice', async () => {
    const branch = [
      "import { spawn } from 'node:child_process';",
      'export function start(prompt: string, unsafe: boolean) {',
      "  let approval = 'ask';",
      "  if (unsafe) approval = 'yolo';",
      "  const args = ['-p', prompt];",
      "  if (approval === 'yolo') {",
      "    args.push('--yolo');",
      '  }',
      "  return spawn('gemini', args);",
      '}',
    ].join('\n');
    expect(brief(await rated({ 'src/start.ts': branch }))).toEqual(['src/start.ts:7 low --yolo']);
    const negated = [
      "import { spawn } from 'node:child_process';",
      'export function start(prompt: string, { requirePermission = true } = {}) {',
      "  const args = ['-p', prompt];",
      "  if (!requirePermission) args.push('--dangerously-skip-permissions');",
      "  return spawn('claude', args);",
      '}',
    ].join('\n');
    expect(brief(await rated({ 'src/start.ts': negated }))).toEqual(['src/start.ts:4 low --dangerously-skip-permissions']);
  });
});

describe('the settings a switch is passed for', () => {
  const lines = (text: string) => text.split('\n');

  it('reads the if blocks around it, innermost first, and not an else block\'s', () => {
    const ts = lines(
      [
        'function flags(parts: string[], mode: string, allowBypass = true) {',
        "  if (mode === 'permissionless') {",
        '    if (allowBypass) {',
        "      parts.push('--dangerously-bypass-approvals-and-sandbox');",
        '    } else {',
        "      parts.push('--ask-for-approval', 'never');",
        '    }',
        '  }',
        '}',
      ].join('\n'),
    );
    expect(gateOf(ts, 3, false)).toEqual({ values: ['permissionless'], names: ['allowBypass'] });
    expect(gateOf(ts, 5, false)).toEqual({ values: ['permissionless'], names: [] });
  });

  it('reads a test before `?` or `&&`, an inline if, and Python blocks', () => {
    const spread = lines("const args = [\n  ...(mode.bypassPermissions\n    ? ['--dangerously-skip-permissions']\n    : []),\n];");
    expect(gateOf(spread, 2, false).names).toEqual(['bypassPermissions']);
    expect(gateOf(lines("if (opts.yolo) args.push('--yolo');"), 0, false).names).toEqual(['yolo']);
    const py = lines('def run(self):\n    if self.mode in ("yolo", "auto"):\n        if not self.safe_mode:\n            cmd.append("--yolo")\n');
    expect(gateOf(py, 3, true)).toEqual({ values: ['yolo', 'auto'], names: [] });
    expect(gateOf(lines('    cmd += ["--yolo"] if self.yolo else []'), 0, true).names).toEqual(['yolo']);
  });
});

describe('the defaults code declares for a switch or an approval mode', () => {
  const defaults = async (relPath: string, text: string) => {
    const source = new SourceFile({ absPath: path.join('/virtual', relPath), relPath, kind: classify(relPath), size: text.length }, text);
    const result: FileResult = { findings: [], errors: [], identities: [], inventory: [], bytes: 0, suppressed: 0 };
    await analyzeSource(source, analyzerSet([agentCliApprovalsOff]), result);
    return result.inventory.filter((i) => i.type === 'setting-default').map((i) => `${i.location.startLine} ${String(i.data.value ?? i.data.name)}`);
  };

  it('a schema default, a declared value, a typed field, a parameter over several lines, a property, a negatable option', async () => {
    const ts = [
      "export const Mode = z.enum(['permissionless', 'ask']).default('permissionless');",
      "const sandboxMode: SandboxMode = 'danger-full-access';",
      'export function start(',
      '  prompt: string,',
      '  allowBypass = true,',
      ') {}',
      "const role = { permissions: 'bypassPermissions' as const };",
      "program.option('--no-yolo', 'ask before each tool call');",
      'export const Settings = z.object({ skipPermissions: z.boolean().default(true) });',
    ].join('\n');
    expect(await defaults('src/settings.ts', ts)).toEqual(['1 permissionless', '2 danger-full-access', '5 allowBypass', '7 bypassPermissions', '8 yolo', '9 skipPermissions']);
    const py = 'from pydantic import BaseModel, Field\n\nYOLO = True\nDEFAULT_SANDBOX_MODE = "danger-full-access"\n\n\nclass Settings(BaseModel):\n    approval_mode: str = "yolo"\n    trust_workspace: bool = Field(default=True)\n';
    expect(await defaults('app/settings.py', py)).toEqual(['3 YOLO', '4 danger-full-access', '8 yolo', '9 trust_workspace']);
  });

  it('not in comments, docstrings, types, comparisons, a branch\'s assignment, another object\'s attribute, or a test', async () => {
    const ts = [
      "// permissions: 'permissionless' by default",
      '/**',
      " * @example start({ yolo: true })",
      ' */',
      "type Mode = { approval: 'yolo' | 'ask' };",
      "if (mode === 'yolo') warn();",
      "if (opts.unsafe) mode = 'yolo';",
      'this.skipPermissions = true;',
      "export const MODE_YOLO = 'yolo';",
    ].join('\n');
    expect(await defaults('src/notes.ts', ts)).toEqual([]);
    expect(await defaults('app/notes.py', 'def run(yolo=False):\n    """Run it.\n\n    Args:\n        yolo: bool = True skips every prompt.\n    """\n')).toEqual([]);
    // An option declared with its negation: its own default decides (typer's `--yolo/--no-yolo`, commander's pair).
    expect(await defaults('tools/cli.py', 'yolo: bool = typer.Option(False, "--yolo/--no-yolo")\n')).toEqual([]);
    expect(await defaults('src/cli.ts', "program.option('--yolo', 'skip prompts').option('--no-yolo', 'ask');\n")).toEqual([]);
    expect(await defaults('src/settings.test.ts', "export const cfg = { permissions: 'permissionless', yolo: true };\n")).toEqual([]);
  });
});
