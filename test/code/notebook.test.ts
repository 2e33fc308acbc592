/**
 * Jupyter notebooks: their code cells are read as Python laid over the notebook's text, so a finding
 * points at the `.ipynb` line (and column) that holds the code; shell and magic lines are not Python.
 */
import { describe, expect, it } from 'vitest';
import { notebookPython } from '../../src/parsers/notebook.js';
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

describe('notebookPython', () => {
  it('keeps every offset of the notebook: same length, same lines, the code where its strings stand', () => {
    const python = notebookPython(AGENT)!;
    expect(python.length).toBe(AGENT.length);
    expect(python.split('\n').length).toBe(AGENT.split('\n').length);
    const at = AGENT.indexOf('ShellTools()');
    expect(python.slice(at, at + 'ShellTools()'.length)).toBe('ShellTools()');
    expect(python).toMatch(/^if 1:/m);
  });

  it('blanks shell lines, magics, automagic installs and cell magics', () => {
    const python = notebookPython(AGENT)!;
    expect(python).not.toMatch(/pip install|load_ext|echo not python|%%bash/);
    // The Python as written in the cell, its own escapes kept.
    expect(python).toContain('agent.print_response("List \\"files\\"")');
  });

  it('gives nothing for another language, for a cell written as one string of several lines, or for plain JSON', () => {
    expect(notebookPython(notebook([cell(['library(dplyr)\n'])], 'R'))).toBeUndefined();
    expect(notebookPython(JSON.stringify({ cells: [cell(['import os\nimport sys\n'])] }, null, 1))).toBeUndefined();
    expect(notebookPython('{"name": "not a notebook"}')).toBeUndefined();
  });
});

describe('agent code in notebooks', () => {
  it('reports the shell tool at its line and column of the .ipynb', async () => {
    const root = tempTree({ 'tutorials/shell_agent.ipynb': AGENT });
    const { report } = await scan({ paths: [root], threads: 1 });
    const f = report.findings.find((x) => x.ruleId === 'code/missing-approval');
    expect(f?.location.path).toBe('tutorials/shell_agent.ipynb');
    const line = AGENT.split('\n').findIndex((l) => l.includes('Agent(tools=[ShellTools()])')) + 1;
    expect(f?.location.startLine).toBe(line);
    expect(f?.location.startColumn).toBe(AGENT.split('\n')[line - 1]!.indexOf('ShellTools()') + 1);
    expect(report.errors).toEqual([]);
  });

  it('a notebook that declares no agent tool gives no code finding', async () => {
    const root = tempTree({ 'analysis.ipynb': notebook([cell(['import pandas as pd\n', 'df = pd.read_csv("data.csv")\n'])]) });
    const { report } = await scan({ paths: [root], threads: 1 });
    expect(report.findings.filter((x) => x.ruleId.startsWith('code/'))).toEqual([]);
  });
});
