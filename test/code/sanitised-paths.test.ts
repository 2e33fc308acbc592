import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const TOOL =
  'from strands import Agent, tool\nfrom helpers.files import out_path\n\nOUT_DIR = "reports"\n\n\n' +
  '@tool\ndef save_report(filename: str, content: str) -> str:\n    """Save a report."""\n    filename = out_path(OUT_DIR, filename)\n' +
  '    with open(filename, "w") as f:\n        f.write(content)\n    return filename\n\n\nagent = Agent(tools=[save_report])\n';

async function writes(helper: string, tool = TOOL): Promise<string[]> {
  const root = tempTree({ 'agent.py': tool, 'helpers/__init__.py': '', 'helpers/files.py': helper });
  const { report } = await scan({ paths: [root], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'code/missing-approval').map((f) => `${f.location.path}:${f.location.startLine}`);
}

describe('a file path made by a helper of a sibling module', () => {
  it.each([
    ['re.sub keeping word characters', 'import re\n\n\ndef out_path(folder, name):\n    safe = re.sub(r"[^\\w-]", "", name)\n    return f"{folder}/{safe}.md"\n'],
    ['secure_filename', 'import os\nfrom werkzeug.utils import secure_filename\n\n\ndef out_path(folder, name):\n    safe = secure_filename(name)\n    return os.path.join(folder, safe)\n'],
    ['Path(name).name', 'from pathlib import Path\n\n\ndef out_path(folder, name):\n    base = Path(name).name\n    return Path(folder) / base\n'],
  ])('keeping the name to one file under a fixed folder (%s) is a confined write', async (_, helper) => {
    expect(await writes(helper)).toEqual([]);
  });

  it.each([
    ['a class that keeps the separator', 'import re\n\n\ndef out_path(folder, name):\n    safe = re.sub(r"[^\\w/.-]", "", name)\n    return f"{folder}/{safe}"\n'],
    ['the raw name used as well', 'import os\nimport re\n\n\ndef out_path(folder, name):\n    safe = re.sub(r"[^\\w-]", "", name)\n    return os.path.join(folder, name if name.endswith(".md") else safe)\n'],
    ['no sanitiser', 'import os\n\n\ndef out_path(folder, name):\n    return os.path.join(folder, name)\n'],
  ])('%s still lets the model pick the place', async (_, helper) => {
    expect(await writes(helper)).toEqual(['agent.py:8']);
  });

  it('a folder the model also gives is no fixed folder', async () => {
    const tool = TOOL.replace('def save_report(filename: str, content: str)', 'def save_report(folder: str, filename: str, content: str)').replace('out_path(OUT_DIR, filename)', 'out_path(folder, filename)');
    expect(await writes('import re\n\n\ndef out_path(folder, name):\n    safe = re.sub(r"[^\\w-]", "", name)\n    return f"{folder}/{safe}.md"\n', tool)).toEqual(['agent.py:8']);
  });
});
