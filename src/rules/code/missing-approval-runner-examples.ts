/**
 * Examples of code/missing-approval for agent builders that run the model's Python in this process
 * (`CODE_RUNNING_AGENTS`): PandasAI's agents, which write and run code for every question unless
 * given a sandbox.
 */
import type { RuleExample } from '../../core/rule.js';

/** A report service asking a PandasAI builder about a table; `imports` and `build` vary. */
const reportService = (imports: string, build: string) =>
  `import pandas as pd\n${imports}\n\n\n` +
  'def answer(question: str) -> str:\n    orders = pd.read_csv("orders.csv")\n' +
  `    analyst = ${build}\n    return str(analyst.chat(question))\n`;

export const runnerExamples: { positive: RuleExample[]; negative: RuleExample[] } = {
  positive: [
    // The agent, imported under another name: the user's question becomes Python run here.
    { path: 'reports/service.py', code: reportService('from pandasai import Agent as TableAgent', 'TableAgent([orders], memory_size=10)') },
    // The wrappers build the same agent.
    { path: 'reports/service.py', code: reportService('from pandasai import SmartDataframe', 'SmartDataframe(orders, config={"verbose": True})') },
    { path: 'reports/service.py', code: reportService('from pandasai.smart_datalake import SmartDatalake', 'SmartDatalake([orders, orders.head(5)])') },
    // `sandbox=None` is no sandbox.
    { path: 'reports/service.py', code: reportService('from pandasai import Agent', 'Agent([orders], sandbox=None)') },
  ],
  negative: [
    // Given a sandbox, the generated code runs in a container.
    { path: 'reports/service.py', code: reportService('from pandasai import Agent\nfrom pandasai_docker import DockerSandbox', 'Agent([orders], sandbox=DockerSandbox())') },
    // pandas alone asks no model to write code.
    { path: 'reports/service.py', code: reportService('', 'orders.query("region == @question")') },
    // An `Agent` of another framework, beside a PandasAI import, is not PandasAI's.
    {
      path: 'reports/crew.py',
      code:
        'from crewai import Agent\nfrom pandasai.llm import OpenAI\n\n' +
        'analyst = Agent(role="Analyst", goal="Summarise the orders", backstory="Reads reports.", llm=OpenAI())\n',
    },
    // The framework's own package wraps its agent for its callers: that is PandasAI, not a deployment of it.
    {
      path: 'pandasai/frames/wrapper.py',
      code: 'from pandasai.agent import Agent\n\n\nclass TableChat:\n    def __init__(self, table, config=None):\n        self._agent = Agent([table], config=config)\n\n    def chat(self, question):\n        return self._agent.chat(question)\n',
      with: { 'pyproject.toml': '[tool.poetry]\nname = "pandasai"\nversion = "0.0.1"\n' },
    },
  ],
};
