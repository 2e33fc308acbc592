/** mcp/unpinned-package: a launch of a built package file of one version is a release, not a branch. */
import { describe, expect, it } from 'vitest';
import { npmPin, pythonPin } from '../../src/rules/mcp/launch.js';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

describe('a release file of one version', () => {
  it('is read as a release file, not a git ref or a moving URL', () => {
    expect(pythonPin('https://github.com/acme/samples/releases/download/servers-v0.0.9/memory_server-0.0.9-py3-none-any.whl')).toEqual({ pinned: false, why: 'release-file' });
    expect(npmPin('https://registry.example.com/acme-mcp/-/acme-mcp-1.2.3.tgz')).toEqual({ pinned: false, why: 'release-file' });
    // A branch archive or a repository stays what it was.
    expect(pythonPin('https://github.com/acme/server/archive/refs/heads/main.zip')).toEqual({ pinned: false, why: 'git-ref' });
    expect(pythonPin('git+https://github.com/acme/server@main')).toEqual({ pinned: false, why: 'git-ref' });
  });

  it('is low, where a launch with no version is medium', async () => {
    const config = (arg: string) => JSON.stringify({ mcpServers: { memory: { command: 'uvx', args: [arg] } } });
    const levels = async (arg: string) =>
      (await scan({ paths: [tempTree({ '.mcp.json': config(arg) })], threads: 1 })).report.findings.filter((f) => f.ruleId === 'mcp/unpinned-package').map((f) => f.severity);
    expect(await levels('https://github.com/acme/samples/releases/download/servers-v0.0.9/memory_server-0.0.9-py3-none-any.whl')).toEqual(['low']);
    expect(await levels('acme-memory-server')).toEqual(['medium']);
  });
});
