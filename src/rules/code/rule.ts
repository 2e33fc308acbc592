/** The shape of a code rule: metadata and examples beside a check that reads the file's analysis. */
import type { AnalyzerContext, RuleMeta } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import type { FileAnalysis } from './analysis.js';

export interface CodeRule {
  meta: RuleMeta;
  check(file: SourceFile, analysis: FileAnalysis, ctx: AnalyzerContext): void;
}

const NAMES: Record<string, string> = {
  langchain: 'LangChain',
  langgraph: 'LangGraph',
  'openai-agents': 'OpenAI Agents SDK',
  crewai: 'CrewAI',
  autogen: 'AutoGen',
  'google-adk': 'Google ADK',
  'claude-agent-sdk': 'Claude Agent SDK',
  mcp: 'MCP server',
  'pydantic-ai': 'Pydantic AI',
  smolagents: 'smolagents',
  llamaindex: 'LlamaIndex',
  strands: 'Strands Agents',
  'vercel-ai': 'Vercel AI SDK',
  mastra: 'Mastra',
  voltagent: 'VoltAgent',
  codex: 'Codex SDK',
  agno: 'Agno',
  'semantic-kernel': 'Semantic Kernel',
  'qwen-agent': 'Qwen-Agent',
  agentscope: 'AgentScope',
  metagpt: 'MetaGPT',
  lagent: 'lagent',
  'ms-agent': 'ms-agent',
  pandasai: 'PandasAI',
  own: 'home-grown',
};

export function frameworkName(id: string): string {
  return NAMES[id] ?? id;
}
