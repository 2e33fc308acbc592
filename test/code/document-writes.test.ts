/**
 * A tool that saves an office document (openpyxl, python-docx, python-pptx) at the caller's path writes
 * that file; a helper named `ensure_<format>` that only adds an extension hands the caller's path back.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const AGENT = (body: string, imports = ''): string =>
  `from strands import Agent, tool\n${imports}\n\n@tool\ndef save_doc(filename: str, text: str) -> str:\n    """Save a document."""\n${body}    return filename\n\n\nagent = Agent(tools=[save_doc])\n`;

async function writes(files: Record<string, string>): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'code/missing-approval').map((f) => `${f.location.path}:${f.location.startLine}`);
}

describe('office documents saved at a path', () => {
  it.each([
    ['a workbook loaded and saved', 'from openpyxl import load_workbook', '    wb = load_workbook(filename)\n    wb.active["A1"] = text\n    wb.save(filename)\n'],
    ['a new workbook', 'from openpyxl import Workbook', '    wb = Workbook()\n    wb.save(filename)\n'],
    ['a Word document', 'from docx import Document', '    doc = Document()\n    doc.add_paragraph(text)\n    doc.save(filename)\n'],
  ])('%s at the caller\'s path is a file write', async (_, imports, body) => {
    expect(await writes({ 'agent.py': AGENT(body, imports) })).toEqual(['agent.py:5']);
  });

  it('a save of something no document library built is not one', async () => {
    expect(await writes({ 'agent.py': AGENT('    memory.save(filename)\n', 'from app.memory import memory') })).toEqual([]);
  });

  it('a document saved under a fixed name is not the caller\'s file', async () => {
    expect(await writes({ 'agent.py': AGENT('    doc = Document()\n    doc.add_paragraph(text)\n    doc.save("out/report.docx")\n', 'from docx import Document') })).toEqual([]);
  });
});

describe('helpers named ensure_…', () => {
  const tool = AGENT('    filename = ensure_docx(filename)\n    with open(filename, "w") as f:\n        f.write(text)\n', 'from helpers import ensure_docx, ensure_safe_path');
  it('one that only adds an extension hands the caller\'s path back', async () => {
    expect(await writes({ 'agent.py': tool, 'helpers.py': 'def ensure_docx(name):\n    return name if name.endswith(".docx") else name + ".docx"\n\n\ndef ensure_safe_path(name):\n    return name\n' })).toEqual(['agent.py:5']);
  });
  it('one whose name says it confines the path still counts as a check', async () => {
    expect(
      await writes({ 'agent.py': tool.replace('ensure_docx(filename)', 'ensure_safe_path(filename)'), 'helpers.py': 'def ensure_docx(name):\n    return name\n\n\ndef ensure_safe_path(name):\n    return name\n' }),
    ).toEqual([]);
  });
});
