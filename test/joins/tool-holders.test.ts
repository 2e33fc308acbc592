/**
 * A tool module read alone is reported low; once an agent of another file is given its high-risk
 * tool with no approval, the finding takes the tool's severity and names the agent. A tool no agent
 * holds, or one the holder gates, stays as it was.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const TOOLS_TS =
  "import { tool } from 'ai';\nimport { z } from 'zod';\nimport { exec } from 'node:child_process';\n\n" +
  "export const runScript = tool({\n  description: 'Run a script',\n  inputSchema: z.object({ script: z.string() }),\n" +
  '  execute: async ({ script }) => new Promise((resolve) => exec(script, (_e, out) => resolve(out))),\n});\n';
const AGENT_TS =
  "import { generateText } from 'ai';\nimport { openai } from '@ai-sdk/openai';\nimport { runScript } from './tools.js';\n\n" +
  "export async function answer(prompt: string) {\n  return generateText({ model: openai('gpt-4o'), tools: { runScript }, prompt });\n}\n";
const TOOLS_PY =
  'import subprocess\nfrom langchain_core.tools import tool\n\n\n@tool\ndef run_command(command: str) -> str:\n' +
  '    """Run a shell command."""\n    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout\n';
const AGENT_PY =
  'from langgraph.prebuilt import create_react_agent\n\nfrom app.tools import run_command\n\nagent = create_react_agent("openai:gpt-4o", tools=[run_command])\n';

const missing = async (files: Record<string, string>) =>
  (await scan({ paths: [tempTree(files)], threads: 1 })).report.findings.filter((f) => f.ruleId === 'code/missing-approval');

describe('tool modules judged with the agents that hold their tools', () => {
  it('TypeScript: a tool given to an agent of another file with no approval is reported at its risk', async () => {
    const [f, ...rest] = await missing({ 'src/tools.ts': TOOLS_TS, 'src/agent.ts': AGENT_TS });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'high', location: { path: 'src/tools.ts', startLine: 5 } });
    expect(f!.message).toContain('agent "answer" (src/agent.ts:6) is given it with no approval step');
    expect(f!.related?.some((r) => r.path === 'src/agent.ts')).toBe(true);
  });

  it('a tool module no agent of the repository holds stays low', async () => {
    const found = await missing({ 'src/tools.ts': TOOLS_TS });
    expect(found.map((f) => f.severity)).toEqual(['low']);
    expect(found[0]!.message).toContain('no agent in this file uses it');
  });

  it('an example that hands a library tool to an agent does not raise the library', async () => {
    const example = AGENT_TS.replace("'./tools.js'", "'../src/tools.js'");
    const found = await missing({ 'src/tools.ts': TOOLS_TS, 'examples/agent.ts': example });
    expect(found.map((f) => `${f.location.path} ${f.severity}`)).toEqual(['src/tools.ts low']);
  });

  it('a tool with its own approval is not reported, wherever its agent is', async () => {
    const gated = TOOLS_TS.replace("  execute:", '  needsApproval: true,\n  execute:');
    expect(await missing({ 'src/tools.ts': gated, 'src/agent.ts': AGENT_TS })).toEqual([]);
  });

  it('Python: a function imported from a tool module and given to an agent', async () => {
    expect((await missing({ 'app/tools.py': TOOLS_PY })).map((f) => f.severity)).toEqual(['low']);
    const found = await missing({ 'app/tools.py': TOOLS_PY, 'app/agent.py': AGENT_PY });
    expect(found.map((f) => `${f.location.path} ${f.severity}`)).toEqual(['app/tools.py high']);
  });
});
