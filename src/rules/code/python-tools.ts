/**
 * Where a Python file hands tools to agents, per framework: decorated functions (`@tool`,
 * `@function_tool`, `@agent.tool`, `@mcp.tool`, `@kernel_function`), tool classes (`BaseTool`,
 * smolagents `Tool`, Agno `Toolkit`), tools built by a call (`FunctionTool(fn)`, `Tool(fn)`,
 * `FunctionTool.from_defaults(fn=…)`), built-in risky tools (python-builtin-tools.ts), and plain
 * functions listed in an agent's `tools=[…]`.
 */
import { pyStringValue, type PyNode } from '../../parsers/python.js';
import { pythonFramework } from './frameworks.js';
import type { AgentDecl, Body, ToolDef, Text } from './model.js';
import type { Resolve } from './python-flow.js';
import { paramsOf } from './python-params.js';
import { bindingOfCall, collectStrings, docstring, dotted, keywordArgs, optionsOf, textOf, type PyImports } from './python-syntax.js';
import { AGENT_CONSTRUCTORS, BUILTIN_TOOL_FUNCTIONS, TOOL_REGISTRATION_METHODS } from './vocabulary.js';
import { importedTool } from './imported-tools.js';
import { IMPORTED_SERVER_NAME } from './markers.js';
import { agentLinks } from './python-agents.js';
import { builtinTool, codeRunningAgentTool } from './python-builtin-tools.js';

export interface PyToolContext {
  resolve: Resolve;
  imports: PyImports;
  primary: string;
  functions: Map<string, Body>;
  functionNodes: Map<string, PyNode>;
  bodyOf(node: PyNode): Body;
  /** Classes defined in this file (a local `ShellTool` class is not the framework's built-in). */
  classes: Set<string>;
  /** Module-level string constants (an instruction kept in a variable). */
  constants: Map<string, string>;
}

/** Decorators that make a function a tool: last segment → framework when the import does not say. */
const TOOL_DECORATORS = new Set(['tool', 'tool_plain', 'function_tool', 'kernel_function', 'call_tool']);

function inputsOf(def: PyNode): string[] {
  return paramsOf(def).inputs;
}

/**
 * `@mcp.tool()` on a server imported from another module of the repository (`from ..mcp import mcp`,
 * `from myserver.app import mcp`, not a library): the tools of a package whose server is made in one
 * module and given tools in many. The file itself then imports nothing of MCP.
 */
function importedServer(decorator: string, imports: PyImports): boolean {
  const head = decorator.split('.')[0]!;
  if (!IMPORTED_SERVER_NAME.test(head)) return false;
  const from = imports.named.get(head);
  return imports.local.has(head) || (from !== undefined && pythonFramework(from.module) === undefined);
}

export function decoratedTools(root: PyNode, cx: PyToolContext, tools: ToolDef[], toolFunctions: Set<number>): void {
  const { resolve, imports } = cx;
  const frameworks = imports.frameworks;
  const frameworkList = [...frameworks];
  for (const dec of root.descendantsOfType('decorated_definition')) {
    if (!dec) continue;
    const def = dec.childForFieldName('definition');
    if (!def || def.type !== 'function_definition') continue;
    for (const decorator of dec.namedChildren) {
      if (!decorator || decorator.type !== 'decorator') continue;
      const expr = decorator.namedChildren[0];
      if (!expr) continue;
      const isCall = expr.type === 'call';
      const fnNode = isCall ? expr.childForFieldName('function') : expr;
      const qualified = resolve(fnNode);
      const last = qualified.slice(qualified.lastIndexOf('.') + 1);
      if (!TOOL_DECORATORS.has(last)) continue;
      let framework: string | undefined;
      if (last === 'function_tool') framework = 'openai-agents';
      else if (last === 'kernel_function') framework = pythonFramework(qualified) ?? (frameworks.has('semantic-kernel') ? 'semantic-kernel' : undefined);
      else if (last === 'call_tool') framework = frameworks.has('mcp') ? 'mcp' : undefined;
      else {
        framework = pythonFramework(qualified);
        if (!framework && qualified.includes('.')) {
          framework = (frameworks.has('mcp') || importedServer(dotted(fnNode), imports)) && last === 'tool' ? 'mcp' : frameworks.has('pydantic-ai') ? 'pydantic-ai' : frameworkList[0];
        } else if (!framework) framework = frameworks.size ? cx.primary : undefined;
      }
      if (!framework) continue;
      const fnName = def.childForFieldName('name')!;
      const args = isCall ? expr.childForFieldName('arguments') : null;
      const positional = args ? args.namedChildren.filter((a): a is PyNode => !!a && a.type !== 'keyword_argument' && a.type !== 'comment') : [];
      const kwargs = args ? keywordArgs(args) : new Map<string, PyNode>();
      const nameNode = kwargs.get('name') ?? (positional[0]?.type === 'string' ? positional[0] : undefined);
      const descNode = kwargs.get('description') ?? (positional[1]?.type === 'string' ? positional[1] : undefined);
      const body = def.childForFieldName('body');
      const schemaStrings: Text[] = [];
      for (const p of positional.slice(2)) collectStrings(p, schemaStrings);
      const params = def.childForFieldName('parameters');
      if (params) collectStrings(params, schemaStrings);
      tools.push({
        name: (nameNode && pyStringValue(nameNode)) || (last === 'call_tool' ? `${fnName.text} (call_tool handler)` : fnName.text),
        binding: fnName.text,
        framework,
        via: `@${dotted(fnNode)}${isCall ? '(…)' : ''}`,
        at: { start: fnName.startIndex, end: fnName.endIndex },
        body: cx.bodyOf(def),
        description: textOf(descNode) ?? docstring(body),
        schemaStrings,
        options: optionsOf(kwargs),
        inputs: inputsOf(def),
        annotations: annotationsOf(kwargs.get('annotations')),
        ...(last === 'call_tool' ? { dispatches: true } : {}),
      });
      toolFunctions.add(def.id);
      break;
    }
  }
}

/** `annotations=ToolAnnotations(readOnlyHint=True)` or `annotations={"destructiveHint": False}`. */
function annotationsOf(node: PyNode | undefined): Record<string, string> | undefined {
  if (!node) return undefined;
  const out: Record<string, string> = {};
  if (node.type === 'call') {
    const args = node.childForFieldName('arguments');
    if (args) for (const [k, v] of keywordArgs(args)) out[k] = v.text;
  } else if (node.type === 'dictionary') {
    for (const pair of node.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const k = pair.childForFieldName('key');
      const key = k ? pyStringValue(k) : undefined;
      if (key) out[key] = pair.childForFieldName('value')?.text ?? '';
    }
  }
  return Object.keys(out).length ? out : undefined;
}

const RUN_METHODS = ['_run', '_arun', 'run', 'forward', 'call', 'acall', '_execute', 'execute'];

export function classTools(root: PyNode, cx: PyToolContext, tools: ToolDef[]): void {
  const { resolve, imports } = cx;
  for (const cls of root.descendantsOfType('class_definition')) {
    if (!cls) continue;
    const supers = cls.childForFieldName('superclasses');
    if (!supers) continue;
    const bases = supers.namedChildren.filter((b): b is PyNode => !!b && b.type !== 'keyword_argument').map((b) => resolve(b));
    const className = cls.childForFieldName('name')!;
    const body = cls.childForFieldName('body');
    const toolkit = bases.find((b) => /(?:^|\.)Toolkit$/.test(b) && (pythonFramework(b) !== undefined || imports.frameworks.size > 0));
    if (toolkit) {
      toolkitTools(cls, className.text, pythonFramework(toolkit) ?? cx.primary, cx, tools);
      continue;
    }
    const base = bases.find((b) => /(?:^|\.)(?:BaseTool|Tool)$/.test(b) && (pythonFramework(b) !== undefined || imports.frameworks.size > 0));
    if (!base) continue;
    let name: string | undefined;
    let description: Text | undefined;
    const schemaStrings: Text[] = [];
    let runBody: Body | undefined;
    let inputs: string[] | undefined;
    for (const stmt of body?.namedChildren ?? []) {
      if (!stmt) continue;
      const assign = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : null;
      if (assign?.type === 'assignment') {
        const left = assign.childForFieldName('left')?.text;
        const right = assign.childForFieldName('right');
        if (left === 'name' && right) name = pyStringValue(right) ?? name;
        else if (left === 'description' && right) description = textOf(right) ?? description;
        else if ((left === 'inputs' || left === 'args_schema') && right) collectStrings(right, schemaStrings);
      }
      const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      if (def?.type === 'function_definition') {
        const m = def.childForFieldName('name')?.text ?? '';
        if (RUN_METHODS.includes(m) && !runBody) {
          runBody = cx.bodyOf(def);
          inputs = inputsOf(def);
        }
      }
    }
    tools.push({
      name: name ?? className.text,
      binding: className.text,
      framework: pythonFramework(base) ?? cx.primary,
      via: `class ${className.text}(${base.slice(base.lastIndexOf('.') + 1)})`,
      at: { start: className.startIndex, end: className.endIndex },
      body: runBody,
      description,
      schemaStrings,
      options: new Map(),
      inputs,
    });
  }
}

/** Agno toolkits: the methods registered with `tools=[self.a, …]` or `self.register(self.a)` are the tools. */
function toolkitTools(cls: PyNode, className: string, framework: string, cx: PyToolContext, tools: ToolDef[]): void {
  const registered = new Set<string>();
  const options = new Map<string, import('./model.js').Option>();
  for (const call of cls.descendantsOfType('call')) {
    if (!call) continue;
    const fn = dotted(call.childForFieldName('function'));
    const args = call.childForFieldName('arguments');
    if (!args) continue;
    if (fn === 'self.register') {
      const first = args.namedChildren[0];
      if (first?.type === 'attribute' && first.text.startsWith('self.')) registered.add(first.text.slice(5));
    } else if (/(?:^|\.)__init__$/.test(fn) || fn === 'super().__init__') {
      const kw = keywordArgs(args);
      for (const item of kw.get('tools')?.namedChildren ?? []) if (item?.type === 'attribute' && item.text.startsWith('self.')) registered.add(item.text.slice(5));
      for (const [k, o] of optionsOf(kw)) options.set(k, o);
    }
  }
  for (const method of registered) {
    const key = `${className}.${method}`;
    const node = cx.functionNodes.get(key);
    const body = cx.functions.get(key);
    if (!node || !body) continue;
    const nameNode = node.childForFieldName('name')!;
    tools.push({
      name: method,
      binding: className,
      framework,
      via: `class ${className}(Toolkit)`,
      at: { start: nameNode.startIndex, end: nameNode.endIndex },
      body,
      description: docstring(node.childForFieldName('body')),
      schemaStrings: [],
      options: toolkitOptions(options, method),
      inputs: inputsOf(node),
    });
  }
}

/** `requires_confirmation_tools=["rm"]` on a toolkit applies to the tools it names. */
function toolkitOptions(all: Map<string, import('./model.js').Option>, method: string): Map<string, import('./model.js').Option> {
  const out = new Map<string, import('./model.js').Option>();
  const listed = all.get('requires_confirmation_tools');
  if (listed && new RegExp(`['"]${method}['"]`).test(listed.value)) out.set('requires_confirmation', { ...listed, value: 'True' });
  return out;
}

const FUNCTION_TOOL_CALLS = /^(?:FunctionTool|LongRunningFunctionTool|from_defaults|from_function|register_function|Tool|StructuredTool)$/;

/**
 * Tools built by a call and agents declared by one; also the names an agent lists in `tools=[…]`.
 * Returns true when the call was a tool, so the caller skips it.
 */
export function callTools(call: { callee: string; start: number; end: number; node: PyNode }, cx: PyToolContext, tools: ToolDef[], agents: AgentDecl[], listed: Set<string>, toolFunctions: Set<number>): void {
  const { callee, node } = call;
  const frameworks = cx.imports.frameworks;
  const last = callee.slice(callee.lastIndexOf('.') + 1);
  const fw = pythonFramework(callee);
  const args = node.childForFieldName('arguments');
  const kwargs = args && args.type === 'argument_list' ? keywordArgs(args) : new Map<string, PyNode>();
  const positional = args ? args.namedChildren.filter((a): a is PyNode => !!a && a.type !== 'keyword_argument' && a.type !== 'comment') : [];
  const head = callee.split('.')[0]!;

  // Built-ins are framework classes: `ShellTool(…)`, not a local helper `shell()` or a class of this file.
  const isFrameworkClass = /^[A-Z]/.test(last) && !cx.classes.has(last) && !cx.imports.local.has(head) && (fw !== undefined || (!callee.includes('.') && frameworks.size > 0));
  const builtin = isFrameworkClass ? builtinTool(call, last, fw ?? cx.primary, kwargs, positional) : undefined;
  if (builtin) {
    tools.push(builtin);
    return;
  }
  const runner = fw !== undefined && !cx.imports.local.has(head) ? codeRunningAgentTool(call, last, fw, kwargs) : undefined;
  if (runner) {
    // The builder makes the agent that holds its interpreter: the agent this file runs.
    tools.push(runner);
    agents.push({ callee, start: call.start, end: call.end, binding: runner.binding, tools: [runner.name] });
    return;
  }
  // A toolkit's registration method (`toolkit.register_tool_function(fn)`) in a file of a framework that has one.
  const registers = TOOL_REGISTRATION_METHODS.has(last) && callee.includes('.') && frameworks.size > 0;
  const isFunctionTool =
    registers ||
    (FUNCTION_TOOL_CALLS.test(last) && !cx.imports.local.has(head) &&
      (fw !== undefined || (frameworks.size > 0 && /^(?:FunctionTool|StructuredTool|Tool)\.|^(?:register_function|FunctionTool|LongRunningFunctionTool)$/.test(callee))));
  if (isFunctionTool) {
    const fnArg = kwargs.get('func') ?? kwargs.get('fn') ?? kwargs.get('function') ?? kwargs.get('tool_func') ?? kwargs.get('f') ?? kwargs.get('coroutine') ?? positional.find((p) => p.type === 'identifier' || p.type === 'attribute');
    const ref = fnArg?.text.replace(/^(?:self|cls)\./, '');
    const shipped = ref && !cx.functionNodes.has(ref) ? shippedTool(ref, cx) : undefined;
    if (shipped) {
      tools.push({ name: ref!, binding: ref, framework: shipped.framework, via: `${callee.replace(/^.*\.(?=\w+$)/, '')}(${ref})`, at: { start: call.start, end: call.end }, builtinRisk: shipped.risk, schemaStrings: [], options: optionsOf(kwargs) });
      listed.add(ref!);
      return;
    }
    const nameNode = kwargs.get('name');
    const descNode = kwargs.get('description');
    if (!ref && !nameNode) return;
    const schemaStrings: Text[] = [];
    const schema = kwargs.get('args_schema') ?? kwargs.get('parameters');
    if (schema) collectStrings(schema, schemaStrings);
    const fnNode = ref ? cx.functionNodes.get(ref) : undefined;
    tools.push({
      name: (nameNode && pyStringValue(nameNode)) || ref || last,
      binding: bindingOfCall(node) ?? ref,
      framework: fw ?? cx.primary,
      via: `${callee.replace(/^.*\.(?=\w+\.\w+$)/, '')}(…)`,
      at: { start: call.start, end: call.end },
      body: ref ? cx.functions.get(ref) : undefined,
      bodyRef: ref,
      description: textOf(descNode) ?? (fnNode ? docstring(fnNode.childForFieldName('body')) : undefined),
      schemaStrings,
      options: optionsOf(kwargs),
      inputs: fnNode ? inputsOf(fnNode) : undefined,
    });
    if (ref) listed.add(ref);
    return;
  }
  if ((AGENT_CONSTRUCTORS.has(last) && (fw !== undefined || frameworks.size > 0) && !cx.classes.has(last)) || (last === 'query' && fw === 'claude-agent-sdk')) {
    const nameArg = kwargs.get('name') ?? kwargs.get('role') ?? (positional[0]?.type === 'string' ? positional[0] : undefined);
    const agentName = nameArg ? pyStringValue(nameArg) : undefined;
    const list = kwargs.get('tools') ?? kwargs.get('plugins') ?? kwargs.get('toolsets');
    const refs = list && (list.type === 'list' || list.type === 'tuple') ? list.namedChildren.filter((c): c is PyNode => !!c && c.type !== 'comment').map((c) => dotted(c.type === 'call' ? c.childForFieldName('function') : c)) : [];
    agents.push({
      name: agentName && !agentName.includes('{…}') ? agentName : undefined,
      callee,
      start: call.start,
      end: call.end,
      tools: refs,
      instructions: instructionText(kwargs, cx.constants),
      ...agentLinks(node, callee, kwargs, positional, cx.imports),
    });
    // Plain functions handed to an agent in tools=[…] are tools (ADK, OpenAI Agents, Pydantic AI, AutoGen, Strands).
    if (list?.type !== 'list') return;
    for (const item of list.namedChildren) {
      if (!item || item.type !== 'identifier') continue;
      const ref = item.text;
      const fnNode = cx.functionNodes.get(ref);
      const origin = fnNode ? undefined : cx.imports.named.get(ref);
      if (origin && !listed.has(ref) && pythonFramework(origin.module) === undefined) {
        listed.add(ref);
        tools.push(importedTool(ref, origin, { start: item.startIndex, end: item.endIndex }, fw ?? cx.primary, `${last}(tools=[…])`));
        continue;
      }
      if (listed.has(ref) || !fnNode || toolFunctions.has(fnNode.id)) continue;
      listed.add(ref);
      tools.push({
        name: ref,
        binding: ref,
        framework: fw ?? cx.primary,
        via: `${last}(tools=[…])`,
        at: { start: item.startIndex, end: item.endIndex },
        body: cx.functions.get(ref),
        bodyRef: ref,
        description: docstring(fnNode.childForFieldName('body')),
        schemaStrings: [],
        options: new Map(),
        inputs: inputsOf(fnNode),
      });
    }
  }
}

/** The agent's instruction text (system prompt), where approval is sometimes only asked for in words. */
function instructionText(kwargs: Map<string, PyNode>, constants: Map<string, string>): Text | undefined {
  for (const key of ['instruction', 'instructions', 'system_prompt', 'system_message', 'backstory', 'prompt']) {
    const node = kwargs.get(key);
    if (!node) continue;
    const t = textOf(node);
    if (t) return { ...t, text: t.text + interpolatedText(node) };
    const c = node.type === 'identifier' ? constants.get(node.text) : undefined;
    if (c !== undefined) return { text: c, start: node.startIndex, end: node.endIndex };
  }
  return undefined;
}

/**
 * The strings a prompt's f-string splices in from module-level names (`{approval_instruction}`,
 * set to one sentence or another): they are part of what the agent is told.
 */
function interpolatedText(node: PyNode): string {
  const names = new Set(node.descendantsOfType('interpolation').flatMap((i) => (i && i.namedChildren[0]?.type === 'identifier' ? [i.namedChildren[0].text] : [])));
  if (names.size === 0) return '';
  const parts: Text[] = [];
  for (const stmt of node.tree.rootNode.namedChildren) {
    const a = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : null;
    const left = a?.type === 'assignment' ? a.childForFieldName('left') : null;
    const right = a?.childForFieldName('right');
    if (left?.type === 'identifier' && names.has(left.text) && right) collectStrings(right, parts);
  }
  return parts.length ? `\n${parts.map((p) => p.text).join('\n')}` : '';
}

/** A framework's own risky tool function, imported by name from one of its modules (`from agentscope.tool import execute_shell_command`). */
function shippedTool(ref: string, cx: PyToolContext): { framework: string; risk: string } | undefined {
  const origin = cx.imports.named.get(ref);
  const framework = origin && pythonFramework(origin.module);
  const risk = framework && BUILTIN_TOOL_FUNCTIONS[framework]?.[origin!.name];
  return framework && risk ? { framework, risk } : undefined;
}
