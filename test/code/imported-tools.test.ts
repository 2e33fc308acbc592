/**
 * Tools handed to an agent by name from another module of the repository (`from app.tools import
 * run_shell`, then `Agent(tools=[run_shell])`): judged by the function's body in its module, with
 * the approval it was declared with there; a name from a library, or one that is no function, is no tool.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const AGENT = 'from pydantic_ai import Agent\n\nfrom app.tools import run_shell\n\nagent = Agent("openai:gpt-4o", tools=[run_shell])\n';

async function approvals(files: Record<string, string>) {
  const { report, facts } = await scan({ paths: [tempTree(files)], threads: 1 });
  return {
    findings: report.findings.filter((f) => f.ruleId === 'code/missing-approval').map((f) => `${f.severity} ${f.location.path}:${f.location.startLine}`),
    tools: facts.inventory.filter((i) => i.type === 'agent-tool').map((i) => `${(i.data as { name: string }).name} ${i.location.path}`),
  };
}

describe('a tool imported from another module of the repository', () => {
  it('is judged by the imported function: the model\'s command run by a shell', async () => {
    const r = await approvals({
      'app/__init__.py': '',
      'app/tools.py': 'import subprocess\n\n\ndef run_shell(command: str) -> str:\n    """Run a shell command."""\n    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout\n',
      'app/agent.py': AGENT,
    });
    expect(r.findings).toEqual(['high app/agent.py:5']);
    expect(r.tools).toContain('run_shell app/agent.py');
  });

  it('is not reported when the imported function runs a fixed command', async () => {
    const r = await approvals({
      'app/__init__.py': '',
      'app/tools.py': 'import subprocess\n\n\ndef run_shell(command: str) -> str:\n    """Disk usage."""\n    return subprocess.run(["df", "-h"], capture_output=True, text=True).stdout\n',
      'app/agent.py': AGENT,
    });
    expect(r.findings).toEqual([]);
  });

  it('keeps the approval it was declared with in its own module', async () => {
    const r = await approvals({
      'app/__init__.py': '',
      'app/tools.py': 'import subprocess\nfrom agno.tools import tool\n\n\n@tool(requires_confirmation=True)\ndef run_shell(command: str) -> str:\n    """Run a shell command."""\n    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout\n',
      'app/agent.py': 'from agno.agent import Agent\n\nfrom app.tools import run_shell\n\nagent = Agent(tools=[run_shell])\n',
    });
    expect(r.findings.filter((f) => f.includes('app/agent.py'))).toEqual([]);
  });

  it('is no tool when the name comes from outside the repository', async () => {
    const r = await approvals({ 'app/agent.py': 'from pydantic_ai import Agent\n\nfrom vendor_tools import run_shell\n\nagent = Agent("openai:gpt-4o", tools=[run_shell])\n' });
    expect(r.tools).toEqual([]);
    expect(r.findings).toEqual([]);
  });
});
