/**
 * The tools and agents a TypeScript call defines: AI SDK and OpenAI Agents JS `tool({…})`, the Claude
 * Agent SDK's `tool(name, description, schema, handler)`, LangChain.js `tool(fn, {…})` and
 * `DynamicStructuredTool`, Mastra `createTool`, MCP servers' `tool`/`registerTool`/`addTool` (and the MCP Apps extension's `registerAppTool`),
 * the low-level MCP server's `setRequestHandler(CallToolRequestSchema, handler)`,
 * provider built-ins (`openai.tools.localShell()`), and agent constructors with their tools.
 */
import type { ObjectExpression } from 'oxc-parser';
import { tsFramework } from './frameworks.js';
import type { AgentDecl, AgentRef, Body, CallSite, Option, Text, ToolDef } from './model.js';
import { tsAgentLinks } from './typescript-agents.js';
import { isStubImplementation } from './typescript-stubs.js';
import { isStringLiteral, objectProps, propName, sourceOf, stringValue, type CallLike, type Node } from './typescript-syntax.js';
import { AGENT_CONSTRUCTORS, BUILTIN_TOOLS } from './vocabulary.js';

export type TsCall = CallSite & { node: CallLike };

/** What the model builder knows of the file, for reading tool and agent definitions. */
export interface TsToolContext {
  text: string;
  /** Agent frameworks the file imports. */
  frameworks: ReadonlySet<string>;
  localImports: Map<string, AgentRef>;
  dotted(node: Node): string;
  textOf(node: Node | undefined): Text | undefined;
  stringsIn(node: Node): Text[];
  /** A function node, or a reference to a same-module function, as a body. */
  bodyFor(node: Node | undefined, functions: Map<string, Body>): { body?: Body; ref?: string };
}

export function toolFromCall(cx: TsToolContext, call: TsCall, primary: string, functions: Map<string, Body>, tools: ToolDef[], agents: AgentDecl[]): void {
  const { text } = cx;
  const { callee, node } = call;
  if (node.type === 'ImportExpression') return;
  const args: Node[] = node.arguments;
  const last = callee.slice(callee.lastIndexOf('.') + 1);
  const moduleOf = callee.includes('.') ? callee.slice(0, callee.lastIndexOf('.')) : '';
  const fw = moduleOf ? tsFramework(moduleOf) : undefined;
  const obj = args.find((a): a is ObjectExpression => a.type === 'ObjectExpression');
  const props = obj ? objectProps(obj) : new Map<string, Node>();
  const options = (): Map<string, Option> => {
    const out = new Map<string, Option>();
    // Where an option is set: its `key: value` (for a method, the object literal that holds it).
    for (const [k, v] of props) out.set(k, { value: sourceOf(text, v), start: v.parent!.start, end: v.parent!.end });
    return out;
  };
  const nameFromContext = (): string | undefined => {
    const p = node.parent;
    if (p?.type === 'VariableDeclarator' && p.id.type === 'Identifier') return p.id.name;
    if (p?.type === 'Property' && p.kind === 'init' && !p.method && !p.shorthand) return propName(p);
    return undefined;
  };
  const schemaOf = (...nodes: (Node | undefined)[]): Text[] => nodes.flatMap((n) => (n ? cx.stringsIn(n) : []));
  const at = { start: call.start, end: call.end };

  // Provider and SDK built-ins: openai.tools.localShell(), anthropic.tools.bash_20250124(), shellTool().
  const builtin = BUILTIN_TOOLS[last];
  // A shell in OpenAI's hosted container is sandboxed away from this machine and its credentials.
  const hostedContainer = builtin === 'shell' && /type\s*:\s*['"`]container/.test(call.args);
  if (builtin && !hostedContainer && (/\.tools\.\w+$/.test(callee) || (fw !== undefined && /Tool$/.test(last)))) {
    // A documentation snippet's stub (`computer = { click: async () => {} … }`) controls nothing.
    if (isStubImplementation(props, node)) return;
    // An AI SDK provider tool with no `execute` and no sandbox session to run in: the SDK runs
    // nothing, it hands the model's call back to the application.
    if ((fw ?? primary) === 'vercel-ai' && !props.has('execute') && !/\bexperimental_sandbox\b/.test(text)) return;
    tools.push({ name: nameFromContext() ?? last, framework: fw ?? primary, via: `${callee.replace(/^.*?(\w+\.tools\.)/, '$1')}(…)`, at, builtinRisk: builtin, schemaStrings: [], options: options() });
    return;
  }
  // An MCP server's `server.tool(name, …)` (three arguments look like LangChain's `tool(fn, {…})`): the MCP forms below.
  const mcpServerTool = last === 'tool' && callee.includes('.') && cx.frameworks.has('mcp') && stringValue(args[0]) !== undefined;
  if (last === 'tool' && !mcpServerTool && (fw || cx.frameworks.size > 0) && !callee.includes('()')) {
    const framework = fw ?? primary;
    if (obj && args[0] === obj) {
      // AI SDK / OpenAI Agents JS: tool({ name?, description, inputSchema|parameters, execute, needsApproval })
      const exec = cx.bodyFor(props.get('execute'), functions);
      tools.push({
        name: stringValue(props.get('name')) ?? nameFromContext() ?? 'tool',
        framework,
        via: 'tool({…})',
        at,
        body: exec.body,
        bodyRef: exec.ref,
        description: cx.textOf(props.get('description')),
        schemaStrings: schemaOf(props.get('inputSchema'), props.get('parameters'), props.get('schema')),
        options: options(),
      });
    } else if (args.length >= 4 && isStringLiteral(args[0])) {
      // Claude Agent SDK: tool(name, description, schema, handler)
      const exec = cx.bodyFor(args[3], functions);
      tools.push({ name: args[0].value, framework, via: 'tool(name, description, schema, handler)', at, body: exec.body, bodyRef: exec.ref, description: cx.textOf(args[1]), schemaStrings: schemaOf(args[2]), options: new Map() });
    } else if (args.length >= 2 && obj === args[1]) {
      // LangChain.js: tool(fn, { name, description, schema })
      const exec = cx.bodyFor(args[0], functions);
      tools.push({ name: stringValue(props.get('name')) ?? nameFromContext() ?? 'tool', framework, via: 'tool(fn, {…})', at, body: exec.body, bodyRef: exec.ref, description: cx.textOf(props.get('description')), schemaStrings: schemaOf(props.get('schema')), options: options() });
    }
    return;
  }
  if ((last === 'DynamicStructuredTool' || last === 'DynamicTool' || last === 'createTool') && obj) {
    const exec = cx.bodyFor(props.get('func') ?? props.get('execute'), functions);
    tools.push({
      name: stringValue(props.get('name')) ?? stringValue(props.get('id')) ?? nameFromContext() ?? last,
      framework: fw ?? (last === 'createTool' ? 'mastra' : 'langchain'),
      via: `${last}({…})`,
      at,
      body: exec.body,
      bodyRef: exec.ref,
      description: cx.textOf(props.get('description')),
      schemaStrings: schemaOf(props.get('schema'), props.get('inputSchema')),
      options: options(),
    });
    return;
  }
  // The MCP Apps extension's `registerAppTool(server, name, config, handler)`: `registerTool` with the server passed first.
  const appTool = last === 'registerAppTool' && /(?:^|\/)ext-apps\b/.test(moduleOf);
  if ((last === 'tool' || last === 'registerTool' || last === 'addTool' || appTool) && callee.includes('.') && cx.frameworks.has('mcp') && args.length >= 1) {
    if (last === 'addTool' && obj) {
      const exec = cx.bodyFor(props.get('execute'), functions);
      tools.push({ name: stringValue(props.get('name')) ?? 'tool', framework: 'mcp', via: `${callee}({…})`, at, body: exec.body, bodyRef: exec.ref, description: cx.textOf(props.get('description')), schemaStrings: schemaOf(props.get('parameters')), options: options() });
      return;
    }
    const own = appTool ? args.slice(1) : args;
    const name = stringValue(own[0]);
    if (name === undefined) return;
    const handler = own[own.length - 1];
    const exec = cx.bodyFor(handler, functions);
    const registers = last === 'registerTool' || appTool;
    const description = registers ? cx.textOf(props.get('description')) : own.length >= 3 ? cx.textOf(own[1]) : undefined;
    const schema = registers ? schemaOf(props.get('inputSchema'), props.get('title')) : schemaOf(...own.slice(1, -1).filter((a) => a !== own[1] || !description));
    const declared = props.get('annotations') ?? own.slice(1, -1).find((a) => a.type === 'ObjectExpression' && [...objectProps(a).keys()].some((k) => /Hint$/.test(k)));
    const annotations = declared?.type === 'ObjectExpression' ? Object.fromEntries([...objectProps(declared)].map(([k, v]) => [k, sourceOf(text, v)])) : undefined;
    tools.push({ name, framework: 'mcp', via: `${callee.replace(/^.*\.(?=\w+$)/, 'server.')}(…)`, at, body: exec.body, bodyRef: exec.ref, description, schemaStrings: schema, options: options(), annotations });
    return;
  }
  // The low-level MCP server: one handler runs every tool call, `server.setRequestHandler(CallToolRequestSchema, async (request) => …)`.
  if (last === 'setRequestHandler' && cx.frameworks.has('mcp') && args.length >= 2 && /(?:^|\.)CallToolRequestSchema$/.test(cx.dotted(args[0]!))) {
    const exec = cx.bodyFor(args[1], functions);
    tools.push({ name: 'CallToolRequestSchema handler', framework: 'mcp', via: 'server.setRequestHandler(CallToolRequestSchema, …)', at, body: exec.body, bodyRef: exec.ref, schemaStrings: [], options: new Map(), dispatches: true });
    return;
  }
  if ((AGENT_CONSTRUCTORS.has(last) && (fw !== undefined || cx.frameworks.size > 0)) || (last === 'query' && fw === 'claude-agent-sdk')) {
    const list = props.get('tools');
    const refs =
      list?.type === 'ArrayExpression'
        ? list.elements.map((e) => (e ? cx.dotted(e.type === 'CallExpression' ? e.callee : e) : '?'))
        : list?.type === 'ObjectExpression'
          ? [...objectProps(list).keys()]
          : list
            ? [sourceOf(text, list)]
            : [];
    const instructions = props.get('instructions') ?? props.get('system') ?? props.get('prompt');
    agents.push({
      name: stringValue(props.get('name')) ?? stringValue(props.get('id')),
      callee,
      start: call.start,
      end: call.end,
      tools: refs,
      instructions: cx.textOf(instructions),
      ...tsAgentLinks({ text, localImports: cx.localImports, dotted: cx.dotted }, node, props),
    });
  }
}
