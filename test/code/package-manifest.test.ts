/**
 * The nearest package.json, shared by the Next.js route reader and the MCP WebSocket rule: read once
 * per folder, each caller testing its own dependency; and what counts as an MCP import or dependency
 * (the `mcp` entry of frameworks.ts, nothing else).
 */
import { describe, expect, it } from 'vitest';
import { withRootFiles } from '../../src/core/root-file.js';
import { nearestManifest } from '../../src/rules/code/package-manifest.js';
import { nextRouteOf } from '../../src/rules/code/next-routes.js';
import { partOfMcpServer } from '../../src/rules/code/mcp-websocket-listen.js';

const ROOT = '/virtual/manifest-root';
const files = new Map([
  ['package.json', '{ "dependencies": { "next": "15.0.0" } }'],
  ['bridge/package.json', '{ "dependencies": { "mcp-framework": "0.2.0", "ws": "8.0.0" } }'],
  ['tools/package.json', '{ "dependencies": { "@modelcontextprotocol/inspector": "0.10.0" } }'],
  ['broken/package.json', '{ not json'],
]);

describe('nearest package manifest', () => {
  it('finds the package.json nearest above a file, once per folder for every caller', () =>
    withRootFiles(ROOT, files, async () => {
      const heard: string[] = [];
      expect(nearestManifest(ROOT, 'bridge/src/ws.ts', (p) => heard.push(p))?.project).toBe('bridge');
      expect(nearestManifest(ROOT, 'bridge/src/other.ts')?.text).toContain('mcp-framework');
      // The second caller hears of the same files, from the facts of the first.
      const again: string[] = [];
      nearestManifest(ROOT, 'bridge/src/ws.ts', (p) => again.push(p));
      expect(again).toEqual(heard);
      expect(nearestManifest(ROOT, 'broken/x.ts')?.dependencies.dependencies).toEqual([]);
    }));

  it('stops at the nearest manifest, whichever rule asks', () =>
    withRootFiles(ROOT, files, async () => {
      expect(nextRouteOf(ROOT, 'app/api/chat/route.ts')).toMatchObject({ project: '', path: '/api/chat' });
      expect(nextRouteOf(ROOT, 'bridge/app/api/chat/route.ts')).toBeUndefined();
      expect(partOfMcpServer('', ROOT, 'bridge/src/ws.ts')).toBe(true);
      expect(partOfMcpServer('', ROOT, 'src/ws.ts')).toBe(false);
    }));

  it('takes for MCP what frameworks.ts does: mcp-framework yes, the inspector (a client tool) no', () =>
    withRootFiles(ROOT, files, async () => {
      expect(partOfMcpServer('', ROOT, 'tools/ws.ts')).toBe(false);
      expect(partOfMcpServer("import { MCPServer } from 'mcp-framework';\n", undefined, 'ws.ts')).toBe(true);
      expect(partOfMcpServer("import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\n", undefined, 'ws.ts')).toBe(true);
      expect(partOfMcpServer("const { FastMCP } = require('fastmcp');\n", undefined, 'ws.ts')).toBe(true);
      expect(partOfMcpServer("import '@modelcontextprotocol/inspector';\nimport x from '@modelcontextprotocol/inspector';\n", undefined, 'ws.ts')).toBe(false);
    }));
});
