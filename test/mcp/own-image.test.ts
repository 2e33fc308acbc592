/** mcp/unpinned-image weighs an image the repository's own organisation publishes as its own packages are weighed. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function repo(files: Record<string, string>, origin: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'aw-own-image-'));
  roots.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  mkdirSync(path.join(root, '.git'));
  writeFileSync(path.join(root, '.git', 'config'), `[remote "origin"]\n\turl = ${origin}\n`);
  return root;
}

describe('mcp/unpinned-image and the repository\'s own images', () => {
  it('is info for its own tagged image, in its shipped manifest or its own config; another publisher\'s image keeps its level', async () => {
    const servers = (image: string) => `{ "mcpServers": { "ops": { "command": "docker", "args": ["run", "-i", "--rm", "${image}"] } } }`;
    const root = repo(
      {
        'gemini-extension.json': `{ "name": "ops", "version": "1.0.0", ${servers('acme-labs/ops-mcp:1.0.0').slice(1)}`,
        '.vscode/mcp.json': servers('acme-labs/ops-mcp:1.0.0'),
        '.cursor/mcp.json': servers('othervendor/ops-mcp:1.0.0'),
        'tools/.mcp.json': servers('acme-labs/ops-mcp'),
      },
      'https://github.com/acme-labs/ops-mcp.git',
    );
    const { report } = await scan({ paths: [root], threads: 1 });
    const got = report.findings
      .filter((f) => f.ruleId === 'mcp/unpinned-image')
      .map((f) => `${f.location.path} ${f.severity}`)
      .sort();
    expect(got).toEqual(['.cursor/mcp.json low', '.vscode/mcp.json info', 'gemini-extension.json info', 'tools/.mcp.json low']);
    expect(report.findings.find((f) => f.location.path === 'gemini-extension.json')?.message).toContain("the repository's own image");
  });
});
