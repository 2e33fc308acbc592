/**
 * code/missing-approval: an agent builder whose option turns on code execution
 * (`create_pandas_dataframe_agent(…, allow_dangerous_code=True)`) runs the model's Python in this
 * process; the same builder without it runs nothing. LangChain's experimental package is LangChain.
 * PandasAI's agents run the model's code by default, unless given a sandbox.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCodeFile } from './helpers.js';

const ID = 'code/missing-approval';
const DATAFRAME_AGENT = (option: string) =>
  'import pandas as pd\nfrom langchain_experimental.agents.agent_toolkits import create_pandas_dataframe_agent\nfrom langchain_openai import ChatOpenAI\n\n' +
  `sales = pd.read_csv("sales.csv")\nanalyst = create_pandas_dataframe_agent(ChatOpenAI(model="gpt-4o"), sales${option})\nanalyst.invoke("Which region sold most?")\n`;

async function findings(path: string, code: string) {
  return (await analyzeCodeFile(path, code)).findings.filter((f) => f.ruleId === ID);
}

describe('code/missing-approval: agents that run the model\'s code', () => {
  it('a dataframe agent allowed to run code is reported at the builder', async () => {
    const [f, ...rest] = await findings('analysis/agent.py', DATAFRAME_AGENT(', verbose=True, allow_dangerous_code=True'));
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('high');
    expect(f?.location.startLine).toBe(6);
    expect(f?.location.startColumn).toBe(DATAFRAME_AGENT(', verbose=True, allow_dangerous_code=True').split('\n')[5]!.indexOf('allow_dangerous_code') + 1);
    expect(f?.message).toContain('"create_pandas_dataframe_agent (allow_dangerous_code=True)" (LangChain create_pandas_dataframe_agent(…)) executes arbitrary code');
  });

  it('not without the option, nor with it off', async () => {
    expect(await findings('analysis/agent.py', DATAFRAME_AGENT(''))).toEqual([]);
    expect(await findings('analysis/agent.py', DATAFRAME_AGENT(', allow_dangerous_code=False'))).toEqual([]);
  });

  it('a Python REPL tool from langchain_experimental given to an agent is reported', async () => {
    const code =
      'from langchain_experimental.tools import PythonAstREPLTool\nfrom langchain.agents import create_react_agent\nfrom langchain_openai import ChatOpenAI\n\n' +
      'agent = create_react_agent(ChatOpenAI(), [PythonAstREPLTool(locals={"df": df})], prompt)\n';
    expect((await findings('analysis/repl.py', code))[0]?.message).toContain('Tool "PythonAstREPLTool"');
  });

  const PANDASAI = (imports: string, build: string) =>
    `import pandas as pd\n${imports}\n\norders = pd.read_csv("orders.csv")\nanalyst = ${build}\nprint(analyst.chat(input("question: ")))\n`;

  it('a PandasAI agent with no sandbox is reported at its construction, high', async () => {
    const code = PANDASAI('from pandasai import Agent as TableAgent', 'TableAgent([orders], config={"verbose": True})');
    const [f, ...rest] = await findings('analysis/chat.py', code);
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('high');
    expect(f?.location.startLine).toBe(5);
    expect(f?.message).toContain('"Agent (no sandbox)" (PandasAI Agent(…)) executes arbitrary code');
    expect(f?.remediation).toContain('sandbox=DockerSandbox()');
  });

  it('PandasAI\'s wrappers are the same agent; a sandbox confines it; another package\'s Agent is not it', async () => {
    expect(await findings('analysis/chat.py', PANDASAI('from pandasai import SmartDataframe', 'SmartDataframe(orders)'))).toHaveLength(1);
    expect(await findings('analysis/chat.py', PANDASAI('from pandasai import SmartDatalake', 'SmartDatalake([orders])'))).toHaveLength(1);
    expect(await findings('analysis/chat.py', PANDASAI('from pandasai import Agent\nfrom pandasai_docker import DockerSandbox', 'Agent([orders], sandbox=DockerSandbox())'))).toEqual([]);
    expect(await findings('analysis/chat.py', PANDASAI('from pandasai.llm import OpenAI\nfrom agents import Agent', 'Agent(name="analyst", instructions="Answer about orders.")'))).toEqual([]);
  });

  it('a file importing pandas but no PandasAI is not agent code', async () => {
    const code = 'import pandas as pd\n\n\nclass Agent:\n    def chat(self, q):\n        return q\n\n\nAgent().chat(pd.read_csv("orders.csv").to_string())\n';
    expect(await findings('analysis/chat.py', code)).toEqual([]);
  });
});
