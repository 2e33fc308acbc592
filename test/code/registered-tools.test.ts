/**
 * Tools a framework registers by class (MetaGPT's `@register_tool`, lagent's actions): which methods
 * are tools, what they reach (a base class's method through `super()`, a Jupyter kernel), and the
 * level of a tool module's tool (low: whichever agent is given it adds the approval).
 */
import { describe, expect, it } from 'vitest';
import { analyzeCodeFile } from './helpers.js';

const findings = async (relPath: string, text: string) =>
  (await analyzeCodeFile(relPath, text)).findings.filter((f) => f.ruleId === 'code/missing-approval').map((f) => `${f.location.startLine} ${f.severity} ${/Tool "([^"]+)"/.exec(f.message)?.[1]}`);

const tools = async (relPath: string, text: string) =>
  (await analyzeCodeFile(relPath, text)).inventory.filter((i) => i.type === 'agent-tool').map((i) => (i.data as { name: string }).name);

describe('registered tool classes', () => {
  it('MetaGPT: public methods of a registered class, or only those include_functions lists; a registered function', async () => {
    const code = [
      'from metagpt.tools.tool_registry import register_tool',
      '',
      '@register_tool()',
      'class Notes:',
      '    def add(self, text: str):',
      '        return text',
      '    def _save(self):',
      '        return None',
      '',
      '@register_tool(include_functions=["run"])',
      'class Planner:',
      '    def run(self, goal: str):',
      '        return goal',
      '    def draft(self, goal: str):',
      '        return goal',
      '',
      '@register_tool(tags=["math"])',
      'def add_numbers(a: int, b: int) -> int:',
      '    return a + b',
    ].join('\n');
    expect(await tools('app/tools.py', code)).toEqual(['Notes.add', 'Planner.run', 'add_numbers']);
  });

  it('lagent: a subclass that calls its base action through super() reaches what the base runs; a tool module stays low', async () => {
    const code = [
      'from lagent.actions.base_action import AsyncActionMixin, BaseAction, tool_api',
      '',
      'class Snippet(BaseAction):',
      '    @tool_api',
      '    def run(self, code: str):',
      '        """Run code."""',
      '        scope = {}',
      '        exec(code, scope)',
      '        return scope',
      '',
      'class AsyncSnippet(AsyncActionMixin, Snippet):',
      '    @tool_api',
      '    async def run(self, code: str):',
      '        """Run code."""',
      '        return super().run(code)',
    ].join('\n');
    expect(await findings('app/actions/snippet.py', code)).toEqual(['5 low Snippet.run', '13 low AsyncSnippet.run']);
  });

  it('a Jupyter kernel client asked to execute the model\'s code', async () => {
    const code = [
      'from jupyter_client import KernelManager',
      'from lagent.actions.base_action import BaseAction, tool_api',
      '',
      'class Kernel(BaseAction):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.manager = KernelManager()',
      '        self.manager.start_kernel()',
      '        self.kernel_client = self.manager.client()',
      '',
      '    @tool_api',
      '    def run(self, command: str):',
      '        """Run a cell."""',
      '        return self.kernel_client.execute(command)',
    ].join('\n');
    expect(await findings('app/actions/kernel.py', code)).toEqual(['12 low Kernel.run']);
  });
});
