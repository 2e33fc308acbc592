/**
 * What the code rules know about one source file, in the same shape for Python and TypeScript:
 * the tools handed to agents, the module's own functions (so a tool's risk can follow the helpers
 * it calls), settings passed to agent constructors, credential variables read. Built once per file
 * by `python-model.ts` / `typescript-model.ts` from the syntax tree, which is freed right after.
 */

export type Language = 'python' | 'typescript';

export interface Range {
  start: number;
  end: number;
}

export interface Text extends Range {
  text: string;
}

/** One call in a body: the callee resolved through the file's imports (`sp.run` → `subprocess.run`). */
export interface CallSite extends Range {
  callee: string;
  /** Source text of the arguments (for argument conditions such as `shell=True` or `method: 'POST'`). */
  args: string;
  /** Name of a same-module function this call reaches (a helper), when it is one. */
  local?: string;
}

/** A function body: its calls and string literals, enough to judge risk and approval. */
export interface Body extends Range {
  calls: CallSite[];
  strings: Text[];
  /** The body's source text, for text-level sinks such as whole-environment dumps. */
  text: string;
}

/** An option given where a tool or agent is defined: `needs_approval=True`, `needsApproval: async () => …`. */
export interface Option extends Range {
  /** Source text of the value. */
  value: string;
}

export interface ToolDef {
  name: string;
  framework: string;
  /** How it is declared, for the inventory: `@function_tool`, `tool({…})`, `server.registerTool`. */
  via: string;
  /** Where to point: the name of the tool or its declaring call. */
  at: Range;
  body?: Body;
  /** Name of a function defined elsewhere in the module whose body is the tool's (`FunctionTool(fn)`). */
  bodyRef?: string;
  description?: Text;
  /** Strings from the tool's schema (parameter names, `.describe()` texts, `Field(description=…)`). */
  schemaStrings: Text[];
  options: Map<string, Option>;
  /** Built-in tools whose risk is their kind (hosted shell, computer use, local code executors). */
  builtinRisk?: string;
}

/** A setting passed to an agent, runner, client or graph: a keyword argument or object property. */
export interface Setting extends Range {
  name: string;
  value: string;
  /** The call it is passed to (resolved), e.g. `ClaudeAgentOptions`, `query`, `Agent`. */
  owner: string;
}

export interface EnvRead extends Range {
  name: string;
}

export interface AgentDecl extends Range {
  name?: string;
  callee: string;
}

export interface CodeModel {
  language: Language;
  /** Agent frameworks imported by the file (ids such as `langchain`, `openai-agents`, `mcp`). */
  frameworks: Set<string>;
  functions: Map<string, Body>;
  tools: ToolDef[];
  settings: Setting[];
  /** Every call in the file (for file-level approval gates and tracing switches). */
  calls: CallSite[];
  envReads: EnvRead[];
  agents: AgentDecl[];
  syntaxError?: { line: number; message?: string };
}
