/**
 * Which imports make a file agent code: the framework of each module name, and the cheap test that
 * runs before any parser loads.
 */
import { describe, expect, it } from 'vitest';
import { importsAgentFramework, pythonFramework, tsFramework } from '../../src/rules/code/frameworks.js';

describe('frameworks', () => {
  it('knows the MCP TypeScript SDK in both its one-package and its split forms', () => {
    for (const m of ['@modelcontextprotocol/sdk/server/mcp.js', '@modelcontextprotocol/server', '@modelcontextprotocol/server/stdio', '@modelcontextprotocol/client', '@modelcontextprotocol/node', '@modelcontextprotocol/express']) {
      expect(tsFramework(m), m).toBe('mcp');
    }
    // The SDK's own internals and look-alike names are not the framework.
    expect(tsFramework('@modelcontextprotocol/core-internal')).toBeUndefined();
    expect(tsFramework('@modelcontextprotocol/serverless-kit')).toBeUndefined();
    expect(importsAgentFramework("import { McpServer } from '@modelcontextprotocol/server';\n", 'typescript')).toBe(true);
    expect(importsAgentFramework("import { McpServer } from '@modelcontextprotocol/serverless-kit';\n", 'typescript')).toBe(false);
  });

  it('knows CAMEL', () => {
    expect(pythonFramework('camel.toolkits.TerminalToolkit')).toBe('camel');
    expect(importsAgentFramework('from camel.agents import ChatAgent\n', 'python')).toBe(true);
    expect(importsAgentFramework('import camelot\n', 'python')).toBe(false);
  });

  it('knows the BeeAI Framework', () => {
    expect(pythonFramework('beeai_framework.tools.code.ShellTool')).toBe('beeai');
    expect(importsAgentFramework('from beeai_framework.agents.requirement import RequirementAgent\n', 'python')).toBe(true);
    expect(importsAgentFramework('from beeai_helpers import x\n', 'python')).toBe(false);
  });
});
