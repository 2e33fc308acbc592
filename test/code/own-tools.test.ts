/**
 * Tools of a project's own `@tool` decorator (`from app.agent_utils import tool`), in a file that
 * imports no agent framework: tools when the decorator is a function of the repository and their
 * list is handed, beside the chat model, to the loop that runs them; a decorator from outside the
 * repository makes none.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const UTILS = 'class Tool:\n    def __init__(self, fn):\n        self.fn = fn\n\n\ndef tool(**kwargs):\n    return Tool\n';
const AGENT = (source: string, loop: string) =>
  `import subprocess\nfrom ${source} import tool\n\n\n@tool()\ndef grep_code(query):\n    """Search the code."""\n    return subprocess.run(" ".join(["rg", "-n", query]), shell=True, capture_output=True, text=True).stdout\n\n\nTOOLS = [grep_code]\n\n\ndef answer(chat_llm, question):\n    return ${loop}\n`;

async function approvals(files: Record<string, string>) {
  const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'code/missing-approval').map((f) => `${f.severity} ${f.location.path}:${f.location.startLine}`);
}

describe("a tool of the project's own decorator", () => {
  it('is reported when the decorator is the repository\'s and the list reaches a loop with the model', async () => {
    const r = await approvals({ 'app/__init__.py': '', 'app/agent_utils.py': UTILS, 'app/search.py': AGENT('app.agent_utils', 'call_tools(chat_llm, question, TOOLS)') });
    expect(r).toEqual(['high app/search.py:6']);
  });

  it('is no tool when the decorator comes from outside the repository', async () => {
    const r = await approvals({ 'app/__init__.py': '', 'app/search.py': AGENT('toolbox', 'call_tools(chat_llm, question, TOOLS)') });
    expect(r).toEqual([]);
  });

  it('is no tool when its list goes to a call with no model beside it', async () => {
    const r = await approvals({ 'app/__init__.py': '', 'app/agent_utils.py': UTILS, 'app/search.py': AGENT('app.agent_utils', 'registry.add(question, TOOLS)') });
    expect(r).toEqual([]);
  });
});
