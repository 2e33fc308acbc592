/**
 * mcp/unpinned-package and the project's own dependencies: `npx nx mcp` in a repository whose
 * package.json depends on nx runs the installed copy (info, saying so); a package the project does
 * not depend on, or a runner that always fetches (`pnpm dlx`), stays medium.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const config = (command: string, args: string[]) => JSON.stringify({ mcpServers: { dev: { command, args } } });

async function unpinned(files: Record<string, string>): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'mcp/unpinned-package').map((f) => `${f.severity} ${f.location.path}`);
}

describe('an MCP server that is a dependency of the project', () => {
  it('is info when npx runs a package the root package.json depends on', async () => {
    const found = await unpinned({ 'package.json': JSON.stringify({ devDependencies: { nx: '22.7.5' } }), '.mcp.json': config('npx', ['nx', 'mcp']) });
    expect(found).toEqual(['info .mcp.json']);
  });

  it('reads the package.json of the config\'s own folder in a monorepo', async () => {
    const found = await unpinned({
      'package.json': JSON.stringify({ private: true }),
      'apps/web/package.json': JSON.stringify({ dependencies: { '@acme/dev-mcp': '^1.2.0' } }),
      'apps/web/.cursor/mcp.json': config('npx', ['-y', '@acme/dev-mcp']),
    });
    expect(found).toEqual(['info apps/web/.cursor/mcp.json']);
  });

  it('stays medium for a package the project does not depend on, and for a runner that always fetches', async () => {
    const files = { 'package.json': JSON.stringify({ devDependencies: { nx: '22.7.5' } }) };
    expect(await unpinned({ ...files, '.mcp.json': config('npx', ['-y', 'example-files-mcp', '.']) })).toEqual(['medium .mcp.json']);
    expect(await unpinned({ ...files, '.mcp.json': config('pnpm', ['dlx', 'nx', 'mcp']) })).toEqual(['medium .mcp.json']);
  });
});
