/**
 * code/missing-approval: an agent builder whose option turns on code execution
 * (`create_pandas_dataframe_agent(…, allow_dangerous_code=True)`) runs the model's Python in this
 * process; the same builder without it runs nothing. LangChain's experimental package is LangChain.
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
});
