/**
 * Whether an agent-framework file can hold anything the code rules read, decided from its text
 * before any parser loads. The code model is built from tools, agents, settings and tracing
 * switches, and every one of them starts with a name the file spells out: the last segment of a
 * resolved callee is written either at the call or in the import or require that binds it. A file
 * without any of those names yields an empty model, so no finding and no fact: parsing it and
 * building its model (more than everything else a scan does to such a file) is skipped.
 *
 * The names come from the vocabulary the models use, plus the few the models spell in code. A
 * name counts only where the code uses it the way that declares something (called, bound, set as a
 * property or keyword argument), outside comment lines: a framework's own sources mention its
 * names everywhere in documentation, types and object keys without declaring a tool. A test checks
 * that every positive example of every code rule passes, and that the fixtures give the same
 * findings with and without this test; `bench/prefilter-check.mjs` does the same on real trees.
 */
import { prefiltersOn } from '../../core/prefilter.js';
import { gateWords, holdsAny } from './gate-words.js';
import { HOLDER_BUILDERS, HOLDER_LISTS, REGISTRATION_DECORATORS, REGISTRATION_NAMES } from './tool-registrations.js';
import { AGENT_CONSTRUCTORS, BUILTIN_TOOLS, CODE_RUNNING_AGENTS, CONSENT_BYPASS_ENV, DICT_SETTING_NAMES, SETTING_NAMES, TOOL_REGISTRATION_METHODS } from './vocabulary.js';

/** Callees that declare tools or switch tracing, besides the vocabulary's. */
const TS_CALLEES = ['tool', 'DynamicStructuredTool', 'DynamicTool', 'createTool', 'registerTool', 'registerAppTool', 'addTool', 'setRequestHandler', 'setTracingDisabled', 'promisify', 'callTool'];
const PY_CALLEES = [
  'tool', 'Tool', 'BaseTool', 'StructuredTool', 'function_tool', 'tool_plain', 'call_tool', 'FunctionTool', 'LongRunningFunctionTool',
  'from_defaults', 'from_function', 'register_function', 'set_tracing_disabled', 'kernel_function', 'Toolkit', 'FunctionChoiceBehavior',
  // A LangGraph graph whose nodes run agents (the delegation graph).
  'StateGraph',
  // Frameworks that register tool classes (MetaGPT's decorator, lagent's action bases).
  ...REGISTRATION_NAMES,
];
/** Environment variables whose assignment switches tracing off, or a framework's tool confirmation. */
const TRACING_ENV = ['LANGCHAIN_TRACING_V2', 'LANGCHAIN_TRACING', 'LANGSMITH_TRACING', 'LANGSMITH_TRACING_V2', 'OPENAI_AGENTS_DISABLE_TRACING', ...Object.keys(CONSENT_BYPASS_ENV)];

const CALLEES = [...AGENT_CONSTRUCTORS, ...Object.keys(BUILTIN_TOOLS), ...Object.keys(CODE_RUNNING_AGENTS), ...TOOL_REGISTRATION_METHODS];
/** Settings are property or keyword names. */
const KEYS = [...SETTING_NAMES];

const words = (list: string[]): string => [...new Set(list)].sort((a, b) => b.length - a.length).join('|');

/**
 * White space and comments between two tokens. Each comment is read whole (a line comment to its
 * line's end, a block comment to its first `*\/`): were it allowed to stop short or run on, a banner
 * of `////` or a run of comments would split in exponentially many ways when a match fails.
 */
const GAP = String.raw`(?:\s|//[^\n]*(?![^\n])|/\*(?:[^*]|\*(?!/))*\*/)*`;

/**
 * Two tests per language. `mention` is cheap and broad: a name where it may be called, bound or set.
 * `declares` is checked only where `mention` matched, anchored there: whether the name is used the
 * way that declares something. Every place `declares` accepts, `mention` matches too.
 */
interface Markers {
  mention: RegExp;
  declares: RegExp;
}

const markers = (mention: string[], declares: string[], flags = ''): Markers & { each: RegExp } => ({
  mention: new RegExp(mention.join('|'), flags),
  each: new RegExp(mention.join('|'), `${flags}g`),
  declares: new RegExp(declares.join('|'), `${flags}y`),
});

/**
 * TypeScript. Tools and agents come from calls, so their names count where they are called
 * (`tool(`, `createAgent<S>(`, `new Agent`, `server.tool?.(`, but not after `function`, which
 * declares one) or bound under another name (`import { tool as t }`, `{ tool: t } = require(…)`),
 * not where prose, a type or an object key mentions them (`tool as StructuredTool`,
 * `{ tool: action.name }`, `(tool: Tool)`, `tool?.name`). Settings are object-literal properties
 * (`hooks: …`, `"hooks": …`, shorthand `{ hooks }`), not the same word in an import path or a
 * message. Tracing switches are environment variables, which count wherever they are named.
 */
const TS_CALLS = words([...CALLEES, ...TS_CALLEES]);
/** The MCP SDK's low-level request for a tool call (`client.request({ method: 'tools/call', … }, CallToolResultSchema)`). */
const TOOLS_CALL_REQUEST = `(?<=\\bmethod["']?${GAP}:${GAP}["'\`])tools/call["'\`]`;
const TS_MARKERS = markers(
  [`\\b(?:${words([...KEYS, ...TRACING_ENV])})\\b`, `\\b(?:${TS_CALLS})\\s*(?:[(<:)]|\\?\\.|as\\b|/[/*])`, `\\bnew\\s+(?:${TS_CALLS})\\b`, 'tools/call'],
  [
    TOOLS_CALL_REQUEST,
    `(?:${words(TRACING_ENV)})\\b`,
    `(?:${words(KEYS)})(?:["']?${GAP}:|${GAP}[,}])`,
    `(?<!\\bfunction[ \\t]*\\*?[ \\t]*)(?:${TS_CALLS})${GAP}(?:[(<]|\\?\\.${GAP}\\()`,
    // A parenthesised callee: `new (Agent)(…)`, `(ai.tool)(…)`.
    `(?<=\\(${GAP}(?:[\\w$]+${GAP}\\.${GAP})*)(?:${TS_CALLS})${GAP}\\)${GAP}(?:[(<]|\\?\\.)`,
    `(?:${TS_CALLS})\\s+as\\s+[\\w$]+${GAP}[,}]`,
    `(?<=[{,]${GAP})(?:${TS_CALLS})${GAP}:${GAP}[\\w$]+${GAP}[,}=]`,
    `new\\s+(?:${TS_CALLS})\\b`,
  ],
);
/**
 * Python adds decorators (`@tool`, `@mcp.tool()`), base classes (`class T(BaseTool):`) and imports.
 * Its settings are keyword arguments (`hooks=…`).
 */
const PY_CALLS = words([...CALLEES, ...PY_CALLEES]);
/** Called, listed, bound, or called after a subscript that parameterises its type (`oa.Agent[Ctx](…)`). */
const PY_CALL = `\\b(?:${PY_CALLS})\\s*(?:[(),]|as\\b|\\[(?:[^[\\]]|\\[(?:[^[\\]]|\\[[^[\\]]*\\])*\\])*\\]\\s*\\()`;
const PY_DECORATOR = `@\\s*(?:[\\w.]*\\.)?(?:${PY_CALLS})\\b`;
const PY_IMPORT = `^[ \\t]*(?:from|import)\\b[^\\n]*\\b(?:${PY_CALLS})\\b`;
/** Where a registering framework's agent lists its tools: an attribute or parameter, annotated or not (`tools: list[str] = […]`, `interpreter: dict = dict(…)`). */
const PY_HOLDER_LIST = `(?:${words(HOLDER_LISTS)})\\s*(?::[^=\\n]*)?=(?!=)`;
/** A registering framework's tool manager, defined (`class ToolManager:`): it builds the tools an agent's config names. */
const PY_HOLDER_BUILDER = `^[ \\t]*class[ \\t]+(?:${words(HOLDER_BUILDERS)})\\b`;
const PY_MARKERS = markers(
  [`\\b(?:${words([...KEYS, ...TRACING_ENV, ...HOLDER_LISTS, ...HOLDER_BUILDERS])})\\b`, PY_CALL, PY_DECORATOR, PY_IMPORT],
  [`(?:${words(TRACING_ENV)})\\b`, `(?:${words(KEYS)})\\s*=`, `(?:${words([...DICT_SETTING_NAMES])})["']\\s*:`, PY_HOLDER_LIST, PY_HOLDER_BUILDER, PY_CALL, PY_DECORATOR, PY_IMPORT],
  'm',
);

/** `query()` makes an agent only when it is the Claude Agent SDK's. */
const QUERY = /\bquery\b/;
const CLAUDE_SDK = /claude[-_](?:agent|code)[-_]sdk|@anthropic-ai\/claude-(?:agent-sdk|code)/;

/**
 * Template syntax where Python cannot have it (`from {{package}}.tools import …`, `class {{name}}:`,
 * a `{% … %}` or `{# … #}` line): a project template, which does not parse. It declares nothing,
 * but parsed it is reported as not parsing, so it is parsed with the prefilter too.
 */
const PY_TEMPLATE = /^[ \t]*(?:\{[%#]|(?:from|import|class|(?:async[ \t]+)?def)[ \t][^\n#]*\{\{)/m;

/** Cheap prefilter after `importsAgentFramework`: could this file yield a tool, an agent, a setting or a tracing switch? */
export function mayDeclareAgentCode(text: string, language: 'python' | 'typescript'): boolean {
  if (!prefiltersOn()) return true;
  if (language === 'python' && PY_TEMPLATE.test(text)) return true;
  const m = language === 'python' ? PY_MARKERS : TS_MARKERS;
  // Most framework files mention none of the names; only those that do are read more closely.
  if (m.mention.test(text) && declaresOutsideComments(text, language, m)) return true;
  return QUERY.test(text) && CLAUDE_SDK.test(text);
}

/**
 * Whether some mention declares something outside comment lines. In TypeScript the text as written
 * is tested first: blanking comment lines cannot make a declaring use appear (the declaring patterns
 * read any comment between two tokens as white space), so only a file where the raw text declares
 * something (most often in a documentation example) has its comment lines blanked and is tested again.
 * Most framework files stop at the first test, and blanking, which splits the file into lines, was
 * most of this prefilter's cost. In Python a blanked `#` line can join a name to the `(` below it, so
 * its comments are always blanked first (one replace, cheap).
 */
function declaresOutsideComments(text: string, language: 'python' | 'typescript', m: Markers & { each: RegExp }): boolean {
  if (language === 'typescript' && !declares(text, m)) return false;
  return declares(withoutCommentLines(text, language), m);
}

/** Whether some mention in the code declares something. */
function declares(code: string, m: Markers & { each: RegExp }): boolean {
  m.each.lastIndex = 0;
  for (let hit = m.each.exec(code); hit; hit = m.each.exec(code)) {
    m.declares.lastIndex = hit.index;
    if (m.declares.test(code)) return true;
  }
  return false;
}

/**
 * The text with its comment lines blank: in TypeScript, lines that start with `//`, and the lines of a
 * block comment that starts a line (`/**` documentation, where examples call `tool(…)` and
 * `createAgent(…)`), up to its `*\/`; in Python, lines that start with `#`. A line inside a
 * template literal is that literal's text, whatever it starts with (`/*.log` in a `.gitignore`
 * written out): the backticks of the code kept so far tell whether a line starts inside one. Where
 * that count is thrown off (a backtick in a quoted string or a trailing comment), lines are kept
 * that could have been blanked; a line is never blanked that the count reads as code. A block
 * comment opened after code on a line is left in (the test then says "maybe" more often, never less).
 */
export function withoutCommentLines(text: string, language: 'python' | 'typescript'): string {
  if (language === 'python') return text.replace(/^[ \t]*#.*$/gm, '');
  const lines = text.split('\n');
  let inBlock = false;
  let inTemplate = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (inBlock) {
      const close = line.indexOf('*/');
      if (close < 0) lines[i] = '';
      else {
        inBlock = false;
        lines[i] = line.slice(close + 2);
      }
    } else if (!inTemplate) {
      const code = line.trimStart();
      if (code.startsWith('//')) lines[i] = '';
      else if (code.startsWith('/*')) {
        const close = code.indexOf('*/', 2);
        if (close < 0) {
          inBlock = true;
          lines[i] = '';
        } else lines[i] = code.slice(close + 2);
      }
    }
    if (oddBackticks(lines[i]!)) inTemplate = !inTemplate;
  }
  return lines.join('\n');
}

/** Whether a line holds an odd number of backticks that no backslash escapes. */
function oddBackticks(line: string): boolean {
  let odd = false;
  for (let at = line.indexOf('`'); at >= 0; at = line.indexOf('`', at + 1)) {
    let slashes = 0;
    while (line[at - 1 - slashes] === '\\') slashes++;
    if (slashes % 2 === 0) odd = !odd;
  }
  return odd;
}

/** A call that runs code (not a method such as `model.eval()`), and a word for a model, chain, agent or reply (or a crew's `kickoff`). */
const PY_RUNS_CODE = /(?<![.\w])(?:eval|exec)\s*\(|\.(?:runsource|runcode|run_path|run_module)\s*\(|\brunpy\b|PythonREPL|InteractiveInterpreter/;
/** The words of the two: every text either matches holds one. */
const PY_RUNS_WORDS = gateWords(['eval', 'exec', 'runsource', 'runcode', 'run_path', 'run_module', 'runpy', 'PythonREPL', 'InteractiveInterpreter']);
const TS_RUNS_WORDS = gateWords(['eval', 'Function(', 'Function (', 'runIn', 'compileFunction', 'Script(', 'Script (']);
const PY_MODEL_WORD = /llm|model|chain|agent|chat|completion|generate_content|assistant_|litellm|ollama|kickoff/i;
/**
 * `eval(…)`, `new Function(…)`, Node's `vm` (not `page.$eval(…)`, `isFunction(…)`), and the same words in camel case (not a browser's `userAgent`).
 * `Function` and `Script` are followed by at most one space before their `(`, so that their words can hold the `(`: `function` is in every file.
 */
const TS_RUNS_CODE = /(?<![.\w$])(?:eval\s*|Function ?)\(|\b(?:runInNewContext|runInThisContext|runInContext|compileFunction)\s*\(|\bnew\s+(?:[\w$]+\.)?Script ?\(/;
const TS_MODEL_WORD = /llm|model|chain|(?<!user-?)agent|chat|completion|generate(?:Content|Text|Object)|streamText|assistant|ollama|generated_?code/i;

/**
 * Whether a file that imports no agent framework could still run a model's reply as code
 * (`code/model-output-executed`): it calls eval, exec, `new Function`, `vm` or an interpreter and
 * names a model somewhere, or runs a name it was handed inside a function (a runner another module
 * hands a reply to). Unlike `mayDeclareAgentCode` this is a gate, not only a shortcut: it holds
 * with prefilters off too.
 */
export function mayRunModelReply(text: string, language: 'python' | 'typescript'): boolean {
  if (!holdsAny(text, language === 'python' ? PY_RUNS_WORDS : TS_RUNS_WORDS)) return false;
  return language === 'python' ? PY_RUNS_CODE.test(text) && (PY_MODEL_WORD.test(text) || (PY_RUNS_PARAMETER.test(text) && /^[ \t]*(?:async[ \t]+)?def[ \t]/m.test(text))) : TS_RUNS_CODE.test(text) && TS_MODEL_WORD.test(text);
}

/**
 * `exec(code_str, …)` of a bare name inside a function: a runner that executes what its caller hands
 * it, whose caller (a module beside it, `model-output-callers.ts`) may be the one that asks a model,
 * so this module names none.
 */
const PY_RUNS_PARAMETER = /^[ \t]+(?:[^#\n]*[^#\n.\w])?(?:exec|eval)\s*\(\s*[A-Za-z_]\w*\s*[,)]/m;

/** `@tool` / `@tool(…)` on a function, with `tool` imported by name or defined in the module. */
const PY_OWN_TOOL = /^[ \t]*@tool\b(?!\.)/m;
const PY_TOOL_SOURCE = /^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t]+(?:\([^)]*|[^\n#]*)\btool\b|^def[ \t]+tool[ \t]*\(/m;

/**
 * Whether a file that imports no agent framework could declare tools of the project's own decorator
 * (`python-own-tools.ts`): a gate, as `mayRunModelReply` is, so it holds with prefilters off too.
 */
export function mayDeclareOwnTools(text: string, language: 'python' | 'typescript'): boolean {
  return language === 'python' && PY_OWN_TOOL.test(text) && PY_TOOL_SOURCE.test(text);
}

/** A registration decorator (`@tool_api`, `@register_tool(…)`) on a line of its own, and an import of that name. */
const PY_REGISTRATION_DECORATOR = new RegExp(`^[ \\t]*@[ \\t]*(?:[\\w.]*\\.)?(${REGISTRATION_DECORATORS.join('|')})\\b`, 'm');

/**
 * Whether a file that imports no agent framework by name could declare registered tools: a module of
 * the framework's own package imports its registration relatively (`from .base_action import
 * BaseAction, tool_api`) and uses it. A gate, as `mayDeclareOwnTools` is.
 */
export function mayDeclareRegisteredTools(text: string, language: 'python' | 'typescript'): boolean {
  if (language !== 'python') return false;
  const name = PY_REGISTRATION_DECORATOR.exec(text)?.[1];
  return name !== undefined && RELATIVE_IMPORT_OF.get(name)!.test(text);
}

/**
 * The names a package's module gives the MCP server it makes (`mcp = FastMCP("codemcp")`), for the
 * modules of the package that import it and register their tools on it (`from ..mcp import mcp`,
 * then `@mcp.tool()`): such a module imports nothing of MCP itself.
 */
const IMPORTED_SERVER_NAMES = ['mcp', 'mcp_server', 'mcp_app', 'server'];
export const IMPORTED_SERVER_NAME = new RegExp(`^(?:${IMPORTED_SERVER_NAMES.join('|')})$`);
const PY_IMPORTED_SERVER_TOOL = new RegExp(`^[ \\t]*@[ \\t]*(${IMPORTED_SERVER_NAMES.join('|')})\\.tool\\b`, 'm');

/** Whether a file could register tools on an MCP server another module of its package makes: the decorator, and an import of its name. A gate, as `mayDeclareOwnTools` is. */
export function mayDeclareImportedServerTools(text: string, language: 'python' | 'typescript'): boolean {
  if (language !== 'python') return false;
  const name = PY_IMPORTED_SERVER_TOOL.exec(text)?.[1];
  return name !== undefined && IMPORT_OF.get(name)!.test(text);
}

/** A `from <module> import … name` line (parenthesised lists too), of a relative module when `module` says so. */
function fromImport(name: string, module: string): RegExp {
  return new RegExp(`^[ \\t]*from[ \\t]+${module}[ \\t]+import[ \\t]+(?:\\([^)]*|[^\\n#]*)\\b${name}\\b`, 'm');
}

/** Each registration decorator's relative import (`from .base_action import tool_api`), compiled once. */
const RELATIVE_IMPORT_OF = new Map(REGISTRATION_DECORATORS.map((name) => [name, fromImport(name, '\\.[\\w.]*')]));
/** Each server name's import from any module (`from ..mcp import mcp`, `from pkg.app import server`), compiled once. */
const IMPORT_OF = new Map(IMPORTED_SERVER_NAMES.map((name) => [name, fromImport(name, '[\\w.]+')]));
