/**
 * A tool whose argument reaches a sink in a helper module it imports (Python absolute and relative
 * imports, a package re-export, a TypeScript re-export) is reported at the tool with the path across
 * modules; the same shape with an allow-list or a fixed program is not. The result cache follows
 * the helper module: changing it alone changes the tool's finding.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/joins');
const missing = async (root: string, cache?: string) =>
  (await scan({ paths: [root], threads: 1, ...(cache ? { cache } : {}) })).report.findings.filter((f) => f.ruleId === 'code/missing-approval');

describe('cross-module sinks', () => {
  it('reports each tool at its definition, the sink in the helper module as related location', async () => {
    const found = await missing(path.join(FIXTURES, 'cross-module'));
    const byTool = Object.fromEntries(found.map((f) => [/Tool "(\w+)"/.exec(f.message)![1]!, f]));
    expect(Object.keys(byTool).sort()).toEqual(['build', 'pack_logs', 'run_task']);

    expect(byTool.run_task!.location).toMatchObject({ path: 'ops/agent.py', startLine: 8 });
    expect(byTool.run_task!.message).toContain('input "command" reaches subprocess.run(…) at ops/tools/shell.py:5 through run_task → ops/tools/shell.py:run_in_shell()');
    expect(byTool.run_task!.related?.[0]).toMatchObject({ path: 'ops/tools/shell.py', startLine: 5 });
    // Through the package's __init__.py re-export.
    expect(byTool.pack_logs!.message).toContain('os.system(…) at ops/tools/files.py:5 through pack_logs → ops/tools/files.py:archive()');
    // TypeScript, through lib/index.ts re-exporting lib/exec.ts.
    expect(byTool.build!.message).toContain('child_process.execSync(…) at web/src/lib/exec.ts:4 through build → web/src/lib/exec.ts:runScript()');
    expect(byTool.build!.related?.[0]).toMatchObject({ path: 'web/src/lib/exec.ts', startLine: 4 });
  });

  it('the negative twin: helpers that allow-list the command or run a fixed program', async () => {
    const root = path.join(FIXTURES, 'cross-module-safe');
    expect((await missing(root)).map((f) => f.message)).toEqual([]);
    const { facts } = await scan({ paths: [root], threads: 1 });
    const tools = facts.inventory.filter((i) => i.type === 'agent-tool');
    expect(tools.map((t) => t.data.name).sort()).toEqual(['build', 'pack_logs', 'run_task']);
    for (const t of tools) {
      expect(t.data.risks).toEqual([]);
      // Still followed: the contained sink names the helper module.
      expect((t.data.contained as { site?: string }[]).some((c) => c.site)).toBe(true);
    }
  });

  it('a cached result is not reused when the helper module it followed changes', async () => {
    const safe = (p: string) => readFileSync(path.join(FIXTURES, 'cross-module-safe', p), 'utf8');
    const risky = (p: string) => readFileSync(path.join(FIXTURES, 'cross-module', p), 'utf8');
    const root = tempTree({
      'ops/__init__.py': '',
      'ops/agent.py': safe('ops/agent.py'),
      'ops/tools/__init__.py': safe('ops/tools/__init__.py'),
      'ops/tools/shell.py': safe('ops/tools/shell.py'),
      'ops/tools/files.py': safe('ops/tools/files.py'),
    });
    const cache = tempTree();
    expect(await missing(root, cache)).toEqual([]);
    writeFileSync(path.join(root, 'ops/tools/shell.py'), risky('ops/tools/shell.py'));
    expect((await missing(root, cache)).map((f) => f.location.path)).toEqual(['ops/agent.py']);
  });
});

describe('cross-module forms', () => {
  it('a method of a class imported and built in place, and a default export', async () => {
    const root = tempTree({
      'app/__init__.py': '',
      'app/bot.py':
        'from agents import Agent, function_tool\nfrom .runner import ShellRunner\n\n\n@function_tool\ndef run(cmd: str) -> str:\n    """Run it."""\n    return ShellRunner().run(cmd)\n\n\nbot = Agent(name="bot", tools=[run])\n',
      'app/runner.py': 'import subprocess\n\n\nclass ShellRunner:\n    def run(self, command):\n        return subprocess.check_output(command, shell=True)\n',
      'web/agent.ts':
        "import { tool } from 'ai';\nimport { z } from 'zod';\nimport runIt from './run.js';\n\nexport const build = tool({\n  description: 'Run',\n  inputSchema: z.object({ cmd: z.string() }),\n  execute: async ({ cmd }) => runIt(cmd),\n});\n",
      'web/run.ts': "import { exec } from 'node:child_process';\n\nexport default function runIt(c: string) {\n  return exec(c);\n}\n",
    });
    const found = await missing(root);
    expect(found.map((f) => `${f.location.path} ${f.related?.[0]?.path}:${f.related?.[0]?.startLine}`).sort()).toEqual(['app/bot.py app/runner.py:6', 'web/agent.ts web/run.ts:4']);
  });

  it('an instance of an imported class held in a name, and a CommonJS require', async () => {
    const root = tempTree({
      'app/__init__.py': '',
      'app/bot.py':
        'from agents import Agent, function_tool\nfrom app.runner import ShellRunner\n\nrunner = ShellRunner()\n\n\n@function_tool\ndef run(cmd: str) -> str:\n    """Run it."""\n    return runner.run(cmd)\n\n\nbot = Agent(name="bot", tools=[run])\n',
      'app/runner.py': 'import subprocess\n\n\nclass ShellRunner:\n    def run(self, command):\n        return subprocess.check_output(command, shell=True)\n',
      'web/agent.js':
        "const { tool } = require('ai');\nconst { z } = require('zod');\nconst { runIt } = require('./run');\n\nexports.build = tool({\n  description: 'Run',\n  inputSchema: z.object({ cmd: z.string() }),\n  execute: async ({ cmd }) => runIt(cmd),\n});\n",
      'web/run.js': "const { exec } = require('node:child_process');\n\nfunction runIt(c) {\n  return exec(c);\n}\n\nmodule.exports = { runIt };\n",
    });
    const found = await missing(root);
    expect(found.map((f) => `${f.location.path} ${f.related?.[0]?.path}:${f.related?.[0]?.startLine}`).sort()).toEqual(['app/bot.py app/runner.py:6', 'web/agent.js web/run.js:4']);
  });
});
