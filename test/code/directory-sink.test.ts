/**
 * code/missing-approval: creating a directory writes no file. A tool whose input only reaches
 * `mkdir` (a workspace it sets up) is not a file-writing tool; the same input written to a file is.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCodeFile } from './helpers.js';

const ID = 'code/missing-approval';
const PY = (sink: string) =>
  'from pathlib import Path\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("workspace")\n\n' +
  `@mcp.tool()\ndef set_workspace(path: str) -> str:\n    """Use this folder for the next steps."""\n    target = Path(path)\n    ${sink}\n    return str(target)\n`;
const TS = (sink: string) =>
  "import { tool } from 'ai';\nimport { z } from 'zod';\nimport { mkdir, writeFile } from 'node:fs/promises';\n\n" +
  `export const setWorkspace = tool({\n  description: 'Use this folder for the next steps',\n  inputSchema: z.object({ dir: z.string() }),\n  execute: async ({ dir }) => { ${sink} return dir; },\n});\n`;

async function reported(path: string, code: string): Promise<string[]> {
  return (await analyzeCodeFile(path, code)).findings.filter((f) => f.ruleId === ID).map((f) => f.message);
}

describe('code/missing-approval: directories', () => {
  it('a tool that only creates a directory is not reported as writing files', async () => {
    expect(await reported('server.py', PY('target.mkdir(parents=True, exist_ok=True)'))).toEqual([]);
    expect(await reported('src/server.ts', TS('await mkdir(dir, { recursive: true });'))).toEqual([]);
  });

  it('the same input written to a file still is', async () => {
    expect((await reported('server.py', PY('target.write_text("notes")')))[0]).toContain('writes files');
    expect((await reported('src/server.ts', TS("await writeFile(dir, 'notes');")))[0]).toContain('writes files');
  });

  it('a browser page saved where the model says (page.pdf, page.screenshot) writes a file, with or without the folder made first', async () => {
    expect((await reported('src/server.ts', TS('await mkdir(dir, { recursive: true }); await page.pdf({ path: dir, format: "A4" });')))[0]).toContain('writes files');
    expect((await reported('server.py', PY('page.screenshot(path=str(target), full_page=True)')))[0]).toContain('writes files');
    // Saved to a fixed file, or not saved at all (the bytes handed back), it is not the model's path.
    expect(await reported('src/server.ts', TS('await page.pdf({ path: "report.pdf" });'))).toEqual([]);
    expect(await reported('server.py', PY('page.screenshot(full_page=True)'))).toEqual([]);
  });
});
