/**
 * `client.get(key)` and `client.delete(key)` are an HTTP client's request only when the client is
 * one: a tool whose module makes its `client` with a cache's or a database's constructor or helper
 * (`MemcachedConnectionManager.get_connection()`, `redis.Redis(…)`) reads and deletes keys; the same
 * calls on an httpx client fetch and send where the model says.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const TOOLS = (make: string): string =>
  `import httpx\nimport redis\nfrom mcp.server.fastmcp import FastMCP\nfrom .connection import MemcachedConnectionManager\n\nmcp = FastMCP("store")\n\n\n` +
  `@mcp.tool()\ndef read(key: str) -> str:\n    """Read a key."""\n    client = ${make}\n    return str(client.get(key))\n\n\n` +
  `@mcp.tool()\ndef remove(key: str) -> str:\n    """Remove a key."""\n    client = ${make}\n    client.delete(key)\n    return "removed"\n`;

async function network(make: string): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree({ 'pkg/__init__.py': '', 'pkg/connection.py': 'class MemcachedConnectionManager:\n    pass\n', 'pkg/tools.py': TOOLS(make) })], threads: 1 });
  return report.findings
    .filter((f) => f.ruleId === 'code/missing-approval' && /fetches any URL|sends data to a host/.test(f.message))
    .map((f) => `${f.location.path}:${f.location.startLine}`);
}

describe("a cache's or a database's client is no HTTP client", () => {
  it('memcached and redis clients read and delete keys', async () => {
    expect(await network('MemcachedConnectionManager.get_connection()')).toEqual([]);
    expect(await network('redis.Redis(host="localhost")')).toEqual([]);
  });
  it("an httpx client fetches and sends where the model's input says", async () => {
    expect(await network('httpx.Client()')).toEqual(['pkg/tools.py:10', 'pkg/tools.py:17']);
  });
});
