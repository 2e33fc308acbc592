/**
 * Jupyter notebooks: their code cells are read as Python laid over the notebook's text, so a finding
 * points at the `.ipynb` line (and column) that holds the code; shell and magic lines are not Python.
 */
import { describe, expect, it } from 'vitest';
import { notebookCode } from '../../src/parsers/notebook.js';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const cell = (source: string[], type = 'code') => ({ cell_type: type, metadata: {}, ...(type === 'code' ? { execution_count: null, outputs: [] } : {}), source });
const notebook = (cells: object[], language = 'python') => JSON.stringify({ cells, metadata: { kernelspec: { display_name: 'K', language, name: 'k' } }, nbformat: 4, nbformat_minor: 5 }, null, 1);

const AGENT = notebook([
  cell(['# A shell agent\n'], 'markdown'),
  cell(['!pip install -q agno\n', 'pip install duckduckgo-search\n', '%load_ext autoreload']),
  cell(['%%bash\n', 'echo not python\n']),
  cell(['from agno.agent import Agent\n', 'from agno.tools.shell import ShellTools\n', '\n', 'agent = Agent(tools=[ShellTools()])\n', 'agent.print_response("List \\"files\\"")']),
]);

describe('notebookCode', () => {
  it('gives the code cells as Python, each line with where it stands in the notebook', () => {
    const code = notebookCode(AGENT)!;
    const lines = code.python.split('\n');
    const i = lines.indexOf('agent = Agent(tools=[ShellTools()])');
    const row = AGENT.split('\n').findIndex((l) => l.includes('Agent(tools=[ShellTools()])'));
    expect(code.origin[i]).toEqual({ line: row + 1, column: AGENT.split('\n')[row]!.indexOf('agent = ') + 1 });
    expect(code.origin.length).toBe(lines.length);
  });

  it('blanks shell lines, magics, automagic installs and cell magics; keeps the Python as written', () => {
    const { python } = notebookCode(AGENT)!;
    expect(python).not.toMatch(/pip install|load_ext|echo not python|%%bash/);
    expect(python).toContain('agent.print_response("List \\"files\\"")');
  });

  it('gives nothing for another language, for a cell written as one string of several lines, or for plain JSON', () => {
    expect(notebookCode(notebook([cell(['library(dplyr)\n'])], 'R'))).toBeUndefined();
    expect(notebookCode(JSON.stringify({ cells: [cell(['import os\nimport sys\n'])] }, null, 1))).toBeUndefined();
    expect(notebookCode('{"name": "not a notebook"}')).toBeUndefined();
  });
});

describe('agent code in notebooks', () => {
  it('reports the shell tool at its line and column of the .ipynb, and names that line', async () => {
    const root = tempTree({ 'tutorials/shell_agent.ipynb': AGENT });
    const { report } = await scan({ paths: [root], threads: 1 });
    const f = report.findings.find((x) => x.ruleId === 'code/missing-approval');
    expect(f?.location.path).toBe('tutorials/shell_agent.ipynb');
    const line = AGENT.split('\n').findIndex((l) => l.includes('Agent(tools=[ShellTools()])')) + 1;
    expect(f?.location.startLine).toBe(line);
    expect(f?.location.startColumn).toBe(AGENT.split('\n')[line - 1]!.indexOf('ShellTools()') + 1);
    expect(f?.message).toContain(`at line ${line}`);
    expect(report.errors).toEqual([]);
  });

  it('a notebook that declares no agent tool gives no code finding', async () => {
    const root = tempTree({ 'analysis.ipynb': notebook([cell(['import pandas as pd\n', 'df = pd.read_csv("data.csv")\n'])]) });
    const { report } = await scan({ paths: [root], threads: 1 });
    expect(report.findings.filter((x) => x.ruleId.startsWith('code/'))).toEqual([]);
  });
});
