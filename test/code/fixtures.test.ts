/**
 * fixtures/code/<framework>/ holds the same risky tool unguarded and guarded by the framework's own
 * approval mechanism: the first must yield code/missing-approval, the second nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCodeFile } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/code');
const dirs = readdirSync(ROOT).sort();
const file = (dir: string, stem: string) => readdirSync(path.join(ROOT, dir)).find((f) => f.startsWith(stem + '.'))!;

describe('framework fixtures', () => {
  it('covers at least 15 frameworks', () => expect(dirs.length).toBeGreaterThanOrEqual(15));

  it.each(dirs)('%s: unguarded tool is reported, with its sink', async (dir) => {
    const name = file(dir, 'unguarded');
    const r = await analyzeCodeFile(`${dir}/${name}`, readFileSync(path.join(ROOT, dir, name), 'utf8'));
    expect(r.errors).toEqual([]);
    const f = r.findings.find((x) => x.ruleId === 'code/missing-approval');
    expect(f, JSON.stringify(r.findings.map((x) => x.message))).toBeDefined();
    expect(f!.message).toMatch(/ at line \d+/);
    const tools = r.inventory.filter((i) => i.type === 'agent-tool');
    expect(tools.some((t) => (t.data.approval as { found: boolean }).found === false && (t.data.risks as unknown[]).length > 0)).toBe(true);
  });

  it.each(dirs)('%s: guarded tool is not reported and its approval is in the inventory', async (dir) => {
    const name = file(dir, 'guarded');
    const r = await analyzeCodeFile(`${dir}/${name}`, readFileSync(path.join(ROOT, dir, name), 'utf8'));
    expect(r.errors).toEqual([]);
    expect(r.findings.map((x) => `${x.ruleId}: ${x.message}`)).toEqual([]);
    const risky = r.inventory.filter((i) => i.type === 'agent-tool' && (i.data.risks as unknown[]).length > 0);
    expect(risky.length).toBeGreaterThan(0);
    for (const t of risky) expect((t.data.approval as { found: boolean; mechanism: string }).mechanism).toBeTruthy();
  });
});

describe('confidence and wording', () => {
  it('an MCP server tool without elicitation is reported at low confidence', async () => {
    const r = await analyzeCodeFile('mcp-python/unguarded.py', readFileSync(path.join(ROOT, 'mcp-python/unguarded.py'), 'utf8'));
    expect(r.findings[0]!.confidence).toBe('low');
  });

  it('a tool module with no agent in sight is an inventory entry: low, and says so', async () => {
    const code = 'import os\nfrom langchain_core.tools import tool\n\n@tool\ndef wipe(path: str) -> str:\n    """Delete a file."""\n    os.remove(path)\n    return "ok"\n';
    const r = await analyzeCodeFile('tools/files.py', code);
    expect(r.findings[0]!.severity).toBe('low');
    expect(r.findings[0]!.message).toMatch(/no agent in this file uses it/);
  });

  it('approval switched off explicitly is high confidence and named', async () => {
    const code = 'import os\nfrom agents import function_tool\n\n@function_tool(needs_approval=False)\ndef wipe(path: str) -> str:\n    """Delete a file."""\n    os.remove(path)\n    return "ok"\n';
    const r = await analyzeCodeFile('tools/files.py', code);
    expect(r.findings[0]!.confidence).toBe('high');
    expect(r.findings[0]!.message).toContain('needs_approval=False');
  });

  it('follows same-module helpers to the sink, with the argv shape the tool built', async () => {
    const code = 'import subprocess\nfrom agents import Agent, function_tool\n\ndef _run(cmd):\n    return subprocess.check_output(cmd, shell=True)\n\n@function_tool\ndef build(target: str) -> str:\n    """Build a target."""\n    return _run(["make", target])\n\nagent = Agent(name="builder", tools=[build])\n';
    const r = await analyzeCodeFile('agents/build.py', code);
    expect(r.findings).toEqual([]);
    const risky = 'import subprocess\nfrom agents import Agent, function_tool\n\ndef _run(cmd):\n    return subprocess.check_output(cmd, shell=True)\n\n@function_tool\ndef build(target: str) -> str:\n    """Build a target."""\n    return _run(f"make {target}")\n\nagent = Agent(name="builder", tools=[build])\n';
    const r2 = await analyzeCodeFile('agents/build.py', risky);
    expect(r2.findings[0]!.message).toContain('input "target" reaches subprocess.check_output(…) at line 5 through build → _run()');
  });

  it('risk from the tool name alone is not reported', async () => {
    const code = 'from agents import Agent, function_tool\nfrom .shell import run\n\n@function_tool\ndef run_shell(cmd: str) -> str:\n    """Run a shell command."""\n    return run(cmd)\n\nagent = Agent(name="a", tools=[run_shell])\n';
    const r = await analyzeCodeFile('agents/a.py', code);
    expect(r.findings).toEqual([]);
    expect(r.inventory.filter((i) => i.type === 'agent-tool')).toHaveLength(1);
  });
});

describe('identities', () => {
  it('credential variables read by an agent feed the identity graph', async () => {
    const code = 'import os\nfrom agents import Agent\n\nclient_key = os.environ["OPENAI_API_KEY"]\nregion = os.getenv("AWS_REGION")\nagent = Agent(name="triage")\n';
    const r = await analyzeCodeFile('agents/triage.py', code);
    expect(r.identities.map((i) => [i.key, i.consumer])).toEqual([['var:OPENAI_API_KEY', 'agent triage (agents/triage.py)']]);
  });

  it('TypeScript process.env reads too', async () => {
    const code = "import { Agent } from '@openai/agents';\nconst key = process.env.GITHUB_TOKEN;\nexport const a = new Agent({ name: 'reviewer' });\n";
    const r = await analyzeCodeFile('src/reviewer.ts', code);
    expect(r.identities.map((i) => i.key)).toEqual(['var:GITHUB_TOKEN']);
  });
});

describe('bad input', () => {
  it('broken Python: error names the line, the rest is still analysed', async () => {
    const code = 'import os\nfrom langchain_core.tools import tool\n\ndef broken(:\n    pass\n\n@tool\ndef wipe(path: str) -> str:\n    """Delete."""\n    os.remove(path)\n    return "ok"\n';
    const r = await analyzeCodeFile('agents/broken.py', code);
    expect(r.errors[0]!.path).toBe('agents/broken.py');
    expect(r.errors[0]!.message).toMatch(/syntax error at line \d+/);
  });

  it('broken TypeScript: error, no crash', async () => {
    const r = await analyzeCodeFile('src/broken.ts', "import { tool } from 'ai';\nexport const t = tool({ execute: async () => { ;\n");
    expect(r.errors[0]!.message).toMatch(/syntax error at line \d+/);
  });

  it('deeply nested TypeScript: clear error or analysis, never a crash', async () => {
    // A bracket a line: one long line would be taken for minified code, which the code rules skip.
    const code = "import { tool } from 'ai';\nexport const t = tool({ execute: async () => x });\nconst x = " + '[\n'.repeat(20000) + ']\n'.repeat(20000) + ';\n';
    const r = await analyzeCodeFile('src/deep.ts', code);
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors.every((e) => e.path === 'src/deep.ts' && !/internal error/.test(e.message))).toBe(true);
  });

  it('deeply nested Python: no crash', async () => {
    const code = 'from agents import Agent\nx = ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '\n';
    const r = await analyzeCodeFile('agents/deep.py', code);
    expect(r.errors.every((e) => !/internal error/.test(e.message))).toBe(true);
  });

  it('files that import no agent framework are not parsed', async () => {
    const r = await analyzeCodeFile('lib/util.py', 'import subprocess\n\ndef run(c):\n    return subprocess.run(c, shell=True)\n');
    expect(r.findings).toEqual([]);
    expect(r.inventory).toEqual([]);
  });
});
