/**
 * A package that makes its MCP server in one module (`mcp = FastMCP("codemcp")` in `pkg/mcp.py`)
 * and registers its tools in others (`from ..mcp import mcp`, then `@mcp.tool()`): those modules
 * import nothing of MCP, but their tools are the server's. A decorator named `tool` on some other
 * object of the package (`@registry.tool()`) is not taken for one.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const SERVER = 'from mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("ops")\n';
const TOOL = (imports: string, decorator: string): string =>
  `import subprocess\n${imports}\n\n\n@${decorator}()\nasync def run(cmd: str) -> str:\n    """Run a command."""\n    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout\n`;

async function shellTools(files: Record<string, string>): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree({ 'pkg/__init__.py': '', 'pkg/tools/__init__.py': '', 'pkg/mcp.py': SERVER, ...files })], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'code/missing-approval' && f.message.includes('runs shell commands')).map((f) => `${f.location.path}:${f.location.startLine}`);
}

describe("tools registered on a server another module of the package makes", () => {
  it('imported relatively or by the package name', async () => {
    expect(await shellTools({ 'pkg/tools/run.py': TOOL('from ..mcp import mcp', 'mcp.tool') })).toEqual(['pkg/tools/run.py:6']);
    expect(await shellTools({ 'pkg/tools/run.py': TOOL('from pkg.mcp import mcp', 'mcp.tool') })).toEqual(['pkg/tools/run.py:6']);
  });
  it('a `tool` decorator of another object of the package is not a server\'s', async () => {
    const registry = 'class Registry:\n    def tool(self):\n        return lambda fn: fn\n\n\nregistry = Registry()\n';
    expect(await shellTools({ 'pkg/registry.py': registry, 'pkg/tools/run.py': TOOL('from ..registry import registry', 'registry.tool') })).toEqual([]);
  });
});
