/**
 * Which agent framework an import belongs to, and the cheap text test that decides whether a file
 * is agent code at all (run before any parser loads).
 */
import type { SourceFile } from '../../core/source.js';
import { ownPublicationsOf } from '../../discovery/repository-owner.js';

/** Python module prefixes → framework id. Longest prefix wins. */
const PYTHON_MODULES: [string, string][] = [
  ['langchain', 'langchain'],
  ['langchain_core', 'langchain'],
  ['langchain_community', 'langchain'],
  ['langchain_experimental', 'langchain'],
  ['langgraph', 'langgraph'],
  ['agents', 'openai-agents'],
  ['crewai', 'crewai'],
  ['crewai_tools', 'crewai'],
  ['autogen', 'autogen'],
  ['autogen_agentchat', 'autogen'],
  ['autogen_core', 'autogen'],
  ['autogen_ext', 'autogen'],
  ['ag2', 'autogen'],
  ['google.adk', 'google-adk'],
  ['claude_agent_sdk', 'claude-agent-sdk'],
  ['claude_code_sdk', 'claude-agent-sdk'],
  ['mcp', 'mcp'],
  ['fastmcp', 'mcp'],
  ['pydantic_ai', 'pydantic-ai'],
  ['smolagents', 'smolagents'],
  ['llama_index', 'llamaindex'],
  ['strands', 'strands'],
  ['agno', 'agno'],
  ['semantic_kernel', 'semantic-kernel'],
  ['beeai_framework', 'beeai'],
  ['camel', 'camel'],
  ['qwen_agent', 'qwen-agent'],
  ['agentscope', 'agentscope'],
  ['metagpt', 'metagpt'],
  ['lagent', 'lagent'],
  ['ms_agent', 'ms-agent'],
  // PandasAI: its agents write Python for each question and run it (its extensions are `pandasai_*` packages, not the framework).
  ['pandasai', 'pandasai'],
];

const TS_MODULES: [RegExp, string][] = [
  [/^ai$|^@ai-sdk\//, 'vercel-ai'],
  [/^@openai\/agents/, 'openai-agents'],
  [/^@langchain\/langgraph/, 'langgraph'],
  [/^langchain(?:\/|$)|^@langchain\//, 'langchain'],
  [/^@mastra\//, 'mastra'],
  [/^@voltagent\//, 'voltagent'],
  // The MCP TypeScript SDK: v1 is one package, v2 splits it (`@modelcontextprotocol/server`, `/client`, and the transports' `/node`, `/express`, `/hono`).
  [/^@modelcontextprotocol\/(?:sdk|server|client|node|express|hono)(?:\/|$)|^fastmcp$|^mcp-framework$/, 'mcp'],
  [/^@anthropic-ai\/claude-(?:agent-sdk|code)/, 'claude-agent-sdk'],
  [/^@openai\/codex-sdk/, 'codex'],
];

/** Framework of a qualified Python name or module (`langchain_core.tools.tool` → `langchain`). */
export function pythonFramework(qualified: string): string | undefined {
  let best: [string, string] | undefined;
  for (const entry of PYTHON_MODULES) {
    const [prefix] = entry;
    if ((qualified === prefix || qualified.startsWith(prefix + '.')) && (!best || prefix.length > best[0].length)) best = entry;
  }
  return best?.[1];
}

/**
 * Whether a file is the framework's own source: it lies in a package directory of one of the
 * framework's modules (`pandasai/…`), and the project it belongs to publishes that module's package.
 * There the framework builds its pieces for its callers (PandasAI's `SmartDataframe` wraps an
 * `Agent`); a directory of the same name in a project that uses the framework is that project's own.
 */
export function isFrameworkSource(file: SourceFile, framework: string, dependsOn?: (relPath: string, hash: string) => void): boolean {
  const modules = PYTHON_MODULES.filter(([, fw]) => fw === framework).map(([m]) => m.split('.')[0]!);
  const dirs = new Set(file.relPath.split('/').slice(0, -1));
  const inside = modules.filter((m) => dirs.has(m));
  if (inside.length === 0) return false;
  const { packages } = ownPublicationsOf(file, dependsOn);
  return inside.some((m) => packages.has(m.replace(/_/g, '-')));
}

export function tsFramework(moduleName: string): string | undefined {
  return TS_MODULES.find(([re]) => re.test(moduleName))?.[1];
}

/** A module a TypeScript/JavaScript text imports or requires by name (`from 'x'`, `require('x')`). */
const TS_IMPORTED = /(?:from\s+|require\(\s*)['"]([^'"\n]+)['"]/g;

/** Whether a TypeScript/JavaScript text imports a module of `framework` (as `tsFramework` tells them). */
export function importsTsFramework(text: string, framework: string): boolean {
  for (const m of text.matchAll(TS_IMPORTED)) if (tsFramework(m[1]!) === framework) return true;
  return false;
}

const PY_IMPORT = /^[ \t]*(?:from|import)[ \t]+(?:langchain|langgraph|agents\b|crewai|autogen|ag2|google\.adk|claude_agent_sdk|claude_code_sdk|mcp\b|fastmcp|pydantic_ai|smolagents|llama_index|strands(?:_tools)?\b|agno\b|semantic_kernel|beeai_framework|camel\b|qwen_agent\b|agentscope\b|metagpt\b|lagent\b|ms_agent\b|pandasai\b)/m;
const TS_IMPORT = /(?:from|require\(|import\()\s*['"](?:ai|@ai-sdk\/[^'"]+|@openai\/agents[^'"]*|@openai\/codex-sdk|@langchain\/[^'"]+|langchain[^'"]*|@mastra\/[^'"]+|@voltagent\/[^'"]+|@modelcontextprotocol\/(?:sdk|server|client|node|express|hono)(?:\/[^'"]*)?|fastmcp|mcp-framework|@anthropic-ai\/claude-(?:agent-sdk|code)[^'"]*)['"]/;

/** Cheap prefilter: does this file import an agent framework? */
export function importsAgentFramework(text: string, language: 'python' | 'typescript'): boolean {
  if (language === 'python') return text.includes('import') && PY_IMPORT.test(text);
  return (text.includes('from') || text.includes('require') || text.includes('import')) && TS_IMPORT.test(text);
}

/** Test suites exercise tools on purpose; their tools are not given to a deployed agent. `.vitest.ts` is a suite too (a project running vitest beside another runner names its files so). */
const TEST_PATH = /(?:^|\/)(?:tests?|__tests__|__mocks__|spec|integration_tests|e2e)\/|(?:^|\/)(?:test_[^/]*\.py|[^/]*_test\.py|conftest\.py|[^/]*\.(?:test|spec|vitest)(?:-d)?\.[cm]?[jt]sx?)$/;

export function isTestPath(relPath: string): boolean {
  return TEST_PATH.test(relPath);
}
