/**
 * Whether an agent-framework file can hold anything the code rules read, decided from its text
 * before any parser loads. The code model is built from tools, agents, settings and tracing
 * switches, and every one of them starts with a name the file spells out: the last segment of a
 * resolved callee is written either at the call or in the import or require that binds it. A file
 * without any of those names yields an empty model, so no finding and no fact: parsing it and
 * building its model (more than everything else a scan does to such a file) is skipped.
 *
 * The names come from the vocabulary the models use, plus the few the models spell in code. A
 * test checks that every positive example of every code rule passes, and that the fixtures give the
 * same findings with and without this test.
 */
import { prefiltersOn } from '../../core/prefilter.js';
import { AGENT_CONSTRUCTORS, BUILTIN_TOOLS, SETTING_NAMES } from './vocabulary.js';

/** Callees that declare tools or switch tracing, besides the vocabulary's. */
const TS_CALLEES = ['tool', 'DynamicStructuredTool', 'DynamicTool', 'createTool', 'registerTool', 'addTool', 'setTracingDisabled', 'promisify', 'callTool'];
const PY_CALLEES = [
  'tool', 'Tool', 'BaseTool', 'StructuredTool', 'function_tool', 'tool_plain', 'call_tool', 'FunctionTool', 'LongRunningFunctionTool',
  'from_defaults', 'from_function', 'register_function', 'set_tracing_disabled', 'kernel_function', 'Toolkit', 'FunctionChoiceBehavior',
  // A LangGraph graph whose nodes run agents (the delegation graph).
  'StateGraph',
];
/** Environment variables whose assignment switches tracing off. */
const TRACING_ENV = ['LANGCHAIN_TRACING_V2', 'LANGCHAIN_TRACING', 'LANGSMITH_TRACING', 'LANGSMITH_TRACING_V2', 'OPENAI_AGENTS_DISABLE_TRACING'];

const CALLEES = [...AGENT_CONSTRUCTORS, ...Object.keys(BUILTIN_TOOLS)];
/** Settings are property or keyword names: they count wherever they are written. */
const KEYS = [...SETTING_NAMES, ...TRACING_ENV];

const words = (list: string[]): string => [...new Set(list)].sort((a, b) => b.length - a.length).join('|');

/**
 * Tools and agents come from calls, so their names count where they are called (`tool(`,
 * `createAgent<S>(`, `new Agent`, `server.tool?.(`) or bound under another name (`tool as t`,
 * `{ tool: t }`), not where prose or a type mentions them.
 */
const TS_CALLS = words([...CALLEES, ...TS_CALLEES]);
const TS_MARKERS = new RegExp(`\\b(?:${words(KEYS)})\\b|\\b(?:${TS_CALLS})\\s*(?:[(<:]|\\?\\.|as\\b)|\\bnew\\s+(?:${TS_CALLS})\\b`);
/** Python adds decorators (`@tool`, `@mcp.tool()`), base classes (`class T(BaseTool):`) and imports. */
const PY_CALLS = words([...CALLEES, ...PY_CALLEES]);
const PY_MARKERS = new RegExp(
  `\\b(?:${words(KEYS)})\\b|\\b(?:${PY_CALLS})\\s*(?:[(),]|as\\b)|@\\s*(?:[\\w.]*\\.)?(?:${PY_CALLS})\\b|^[ \\t]*(?:from|import)\\b[^\\n]*\\b(?:${PY_CALLS})\\b`,
  'm',
);

/** `query()` makes an agent only when it is the Claude Agent SDK's. */
const QUERY = /\bquery\b/;
const CLAUDE_SDK = /claude[-_](?:agent|code)[-_]sdk|@anthropic-ai\/claude-(?:agent-sdk|code)/;

/** Cheap prefilter after `importsAgentFramework`: could this file yield a tool, an agent, a setting or a tracing switch? */
export function mayDeclareAgentCode(text: string, language: 'python' | 'typescript'): boolean {
  if (!prefiltersOn()) return true;
  if ((language === 'python' ? PY_MARKERS : TS_MARKERS).test(text)) return true;
  return QUERY.test(text) && CLAUDE_SDK.test(text);
}
