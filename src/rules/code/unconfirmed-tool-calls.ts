/**
 * code/unconfirmed-tool-calls: an MCP client that feeds a model and runs whatever tool call the model
 * answers with (`session.call_tool(name, args)` / `client.callTool({ name, arguments })`, or the SDK's
 * low-level `client.request({ method: 'tools/call', params: { name, arguments } }, …)`, with the
 * name taken from the response), with no confirmation anywhere in the file. Every tool of every
 * connected server is then one model answer away from running.
 */
import { confirmationIn } from './analysis.js';
import { clip } from './http-listen.js';
import { innermostFunction, type ArgValue, type CallSite, type CodeModel } from './model.js';
import type { CodeRule } from './rule.js';
import { TOOL_APPROVAL_OPTIONS } from './vocabulary.js';

const ID = 'code/unconfirmed-tool-calls';

const CALL_TOOL = /(?:^|\.)(?:call_tool|callTool)$/;
/** The file talks to a model: an LLM SDK or a chat-completion style call. */
const LLM_CALL = /^(?:openai|anthropic|groq|litellm|google\.genai|ollama|mistralai|cohere|ai|@ai-sdk\/[\w-]+|@anthropic-ai\/sdk|@google\/genai)(?:\.|$)|(?:^|\.)(?:completions\.create|messages\.create|responses\.create|generate_content|acompletion|completion|generateText|streamText|chat)$/;

/** Data types of a model SDK (`google.genai.types.FunctionDeclaration`, `openai.types.…`): building one asks no model anything. */
const SDK_TYPE = /(?:^|\.)types\./;

/** …or calls a model's HTTP API directly. */
const LLM_URL = /\/chat\/completions\b|\/v1\/messages\b|:generateContent\b|\/api\/(?:chat|generate)\b|api\.(?:openai|anthropic|groq|mistral|together|fireworks)\.\w+/;

export const unconfirmedToolCalls: CodeRule = {
  meta: {
    id: ID,
    title: 'MCP client runs every tool call the model asks for',
    category: 'oversight.missing-approval',
    severity: 'medium',
    confidence: 'medium',
    description:
      'A client connects to MCP servers, asks a model what to do, and calls whichever tool the model names with the arguments ' +
      'it gives, with no confirmation step. The servers\' tools (shell, file writes, messages, payments) run on one model answer, ' +
      'and so on one prompt injection in anything the model reads.',
    remediation:
      'Show the tool name and arguments to the user and ask before calling (at least for tools not annotated readOnlyHint), ' +
      'or allow-list the tools the client may call without asking.',
    examples: {
      positive: [
        {
          path: 'client/chat.py',
          code: 'import json\nfrom mcp import ClientSession\nfrom openai import OpenAI\n\nasync def turn(session: ClientSession, llm: OpenAI, messages):\n    reply = llm.chat.completions.create(model="gpt-4.1", messages=messages)\n    call = json.loads(reply.choices[0].message.content)\n    return await session.call_tool(call["tool"], call["arguments"])\n',
        },
        // A loop over the tool_use blocks of a model's reply.
        {
          path: 'src/client.ts',
          code:
            "import Anthropic from '@anthropic-ai/sdk';\nimport { Client } from '@modelcontextprotocol/sdk/client/index.js';\n\n" +
            'export async function turn(llm: Anthropic, mcp: Client, messages: Anthropic.MessageParam[]) {\n' +
            "  const reply = await llm.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages });\n" +
            "  for (const block of reply.content) {\n    if (block.type !== 'tool_use') continue;\n" +
            '    await mcp.callTool({ name: block.name, arguments: block.input as Record<string, unknown> });\n  }\n}\n',
        },
        // The SDK's low-level request for a tool call, named by a streamed reply's tool_use block.
        {
          path: 'src/cli.ts',
          code:
            "import Anthropic from '@anthropic-ai/sdk';\nimport { Client } from '@modelcontextprotocol/sdk/client/index.js';\nimport { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';\n\n" +
            'export async function turn(llm: Anthropic, mcp: Client, messages: Anthropic.MessageParam[]) {\n' +
            "  const reply = await llm.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages });\n" +
            "  const use = reply.content.find((b) => b.type === 'tool_use');\n  if (!use || use.type !== 'tool_use') return;\n" +
            "  return mcp.request({ method: 'tools/call', params: { name: use.name, arguments: use.input as Record<string, unknown> } }, CallToolResultSchema);\n}\n",
        },
      ],
      negative: [
        // The same request relayed for a widget that sent it: the method is tested, the widget named the tool.
        {
          path: 'src/relay.ts',
          code:
            "import { Client } from '@modelcontextprotocol/sdk/client/index.js';\nimport { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';\nimport { generateText } from 'ai';\n\n" +
            'export async function relay(client: Client, msg: { method: string; params: { name: string; arguments?: Record<string, unknown> } }) {\n' +
            "  if (msg.method === 'tools/call') return client.request({ method: 'tools/call', params: { name: msg.params.name, arguments: msg.params.arguments } }, CallToolResultSchema);\n}\n\n" +
            "export const summary = (model: Parameters<typeof generateText>[0]['model'], prompt: string) => generateText({ model, prompt });\n",
        },
        // A proxy that forwards the MCP requests a UI widget sends (a switch on the JSON-RPC method): the widget named the tool, not the model.
        {
          path: 'app/api/agent/route.ts',
          code:
            "import { Client } from '@modelcontextprotocol/sdk/client/index.js';\nimport { streamText } from 'ai';\n\n" +
            'export async function relay(client: Client, method: string, params: Record<string, unknown>) {\n  switch (method) {\n' +
            "    case 'tools/call':\n      return client.callTool(params as { name: string });\n" +
            "    case 'resources/read':\n      return client.readResource(params as { uri: string });\n  }\n}\n\n" +
            'export function answer(model: Parameters<typeof streamText>[0][\'model\'], prompt: string) {\n  return streamText({ model, prompt });\n}\n',
        },
        // A route that runs the tool the HTTP request names (a button in the app's own page).
        {
          path: 'app/api/tool/route.ts',
          code:
            "import { Client } from '@modelcontextprotocol/sdk/client/index.js';\nimport { generateText } from 'ai';\n\ndeclare const client: Client;\n\n" +
            'export async function POST(req: Request) {\n  const { name, args } = await req.json();\n' +
            '  return Response.json(await client.callTool({ name, arguments: args }));\n}\n\n' +
            'export const summary = (model: Parameters<typeof generateText>[0][\'model\'], prompt: string) => generateText({ model, prompt });\n',
        },
        {
          path: 'client/chat.py',
          code: 'import json\nfrom mcp import ClientSession\nfrom openai import OpenAI\n\nasync def turn(session: ClientSession, llm: OpenAI, messages):\n    reply = llm.chat.completions.create(model="gpt-4.1", messages=messages)\n    call = json.loads(reply.choices[0].message.content)\n    if input(f"Run {call[\'tool\']}? [y/N] ") != "y":\n        return "declined"\n    return await session.call_tool(call["tool"], call["arguments"])\n',
        },
        // A framework's adapter for one MCP tool: it runs the tool it wraps; approval belongs to the application's callbacks.
        {
          path: 'src/framework/tools/mcp_tool.py',
          code: 'from google.genai.types import FunctionDeclaration\nfrom mcp import ClientSession\nfrom .base_tool import BaseTool\n\nclass McpTool(BaseTool):\n  def declaration(self):\n    return FunctionDeclaration(name=self.name, description=self.description)\n\n  async def run_async(self, *, args, session: ClientSession):\n    return await session.call_tool(self.name, arguments=args)\n',
        },
        // A library converter that turns listed MCP tools into AI SDK tools and hands on the approval setting its caller passes.
        {
          path: 'packages/bridge/src/to-ai-tools.ts',
          code:
            "import { generateText, tool, jsonSchema, type ToolSet } from 'ai';\nimport { Client } from '@modelcontextprotocol/sdk/client/index.js';\n\n" +
            'export function toAiTools(client: Client, listed: { name: string; inputSchema: object }[], { needsApproval }: { needsApproval?: boolean } = {}): ToolSet {\n' +
            '  const out: ToolSet = {};\n  for (const entry of listed) {\n    const name = entry.name;\n' +
            '    out[name] = tool({\n      inputSchema: jsonSchema(entry.inputSchema),\n      ...(needsApproval != null ? { needsApproval } : {}),\n' +
            '      execute: async (args) => client.callTool({ name, arguments: args as Record<string, unknown> }),\n    });\n  }\n  return out;\n}\n\n' +
            "export const ask = (model: Parameters<typeof generateText>[0]['model'], prompt: string, tools: ToolSet) => generateText({ model, prompt, tools });\n",
        },
        {
          path: 'client/ping.py',
          code: 'from mcp import ClientSession\n\nasync def ping(session: ClientSession):\n    return await session.call_tool("health", {})\n',
        },
      ],
    },
  },
  check(file, analysis, ctx) {
    const { model } = analysis;
    const talksToModel = model.calls.some((c) => LLM_CALL.test(c.callee) && !SDK_TYPE.test(c.callee)) || [...model.functions.values()].some((b) => b.strings.some((t) => LLM_URL.test(t.text)));
    if (!model.frameworks.has('mcp') || !talksToModel) return;
    const dynamic = model.calls.filter((c) => (CALL_TOOL.test(c.callee) || toolCallRequest(c)) && isDynamicName(c) && !relayed(c, model) && !approvalLeftToCaller(c, model));
    if (dynamic.length === 0) return;
    for (const body of model.functions.values()) if (confirmationIn(body, model, new Set(), 0)) return;
    const first = dynamic[0]!;
    const atTerminal = drivenAtTerminal(file.text, model);
    ctx.report({
      ruleId: ID,
      message:
        `This MCP client calls whichever tool the model names (${first.callee}(${clipArgs(first.args)})) and asks nobody first: every tool of every connected server runs on one model answer.` +
        (atTerminal ? ' Low: a client a developer drives at the terminal, typing each query, against the server named on its command line.' : ''),
      span: first,
      key: 'client:call_tool',
      evidence: `${first.callee}(…)`,
      ...(atTerminal ? { severity: 'low' as const } : {}),
    });
  },
};

/** Reading a typed line: Python's `input()`, Node's readline (`rl.question`, `readline.createInterface`). */
const TYPED_LINE = /^(?:input|readline\.createInterface|(?:[\w$]+\.)*question)$/;
/** The server named on the command line: `sys.argv`, argparse, `process.argv`. */
const COMMAND_LINE = /\bsys\.argv\b|\bargparse\b|\bprocess\.argv\b/;

/**
 * A client a developer runs at a terminal to try a server (the MCP quickstart's shape): each query is
 * typed at a prompt and the server is named on its command line. Nothing asks before a tool runs, but
 * the person who chose the server reads every answer as it comes: no one else's tools or data are in reach.
 */
function drivenAtTerminal(text: string, model: CodeModel): boolean {
  return model.calls.some((c) => TYPED_LINE.test(c.callee)) && COMMAND_LINE.test(text);
}

/**
 * Whether the tool name comes from somewhere other than the code: not a constant, and not the
 * instance's own (`self.name`, `this.name`: a framework's adapter that wraps one MCP tool runs that
 * tool, and the framework's callbacks, not the adapter, are where an application asks first).
 */
function isDynamicName(call: CallSite): boolean {
  const name = nameOf(call);
  if (!name || name.constant !== undefined) return false;
  return !/^(?:self|this)\.[\w.]+$/.test(name.text.trim());
}

/** A JSON-RPC request for a tool call (`client.request({ method: 'tools/call', params: { name, arguments } }, schema)`). */
const REQUEST = /(?:^|\.)request$/;

function toolCallRequest(call: CallSite): boolean {
  return REQUEST.test(call.callee) && call.argv?.['0']?.props?.method?.constant === TOOLS_CALL_METHOD;
}

/** The value that names the tool: `callTool({ name })`, `call_tool(name=…)`, the first argument, or a request's `params.name`. */
function nameOf(call: CallSite): ArgValue | undefined {
  const argv = call.argv;
  if (!argv) return undefined;
  if (toolCallRequest(call)) return argv['0']?.props?.params?.props?.name;
  return argv['0']?.props?.name ?? argv['name'] ?? (argv['0']?.props ? undefined : argv['0']);
}

/** The JSON-RPC method of an MCP tool call: code that switches on it is serving a request someone sent. */
const TOOLS_CALL_METHOD = 'tools/call';

/** Code that tests a request's method for a tool call: a `case` of a switch or a comparison. */
const DISPATCH = /\bcase\s*['"`]tools\/call['"`]|[=!]==?\s*['"`]tools\/call['"`]|['"`]tools\/call['"`]\s*[=!]==?/;

/** Parameters that hold the HTTP request a handler serves. */
const REQUEST_PARAM = /^(?:req|request)$/;

/**
 * Whether the call relays a tool call that arrived as a request rather than one a model chose: it
 * sits in a function that dispatches MCP methods (`case "tools/call":`, a proxy for a UI widget or a
 * gateway), or its tool name comes from the HTTP request a handler serves (`await req.json()`). Whoever
 * sent that request named the tool; any confirmation belongs to the side that sent it.
 */
function relayed(call: CallSite, model: CodeModel): boolean {
  const fn = innermostFunction(model.functions, call);
  // A request for a tool call names the method itself: only a test of the method (`case 'tools/call':`) makes it a relay.
  if (toolCallRequest(call) ? fn && DISPATCH.test(fn.body.text) : fn?.body.strings.some((s) => s.text === TOOLS_CALL_METHOD)) return true;
  const from = nameOf(call)?.from ?? [];
  return from.length > 0 && from.every((p) => REQUEST_PARAM.test(p));
}

/** A parameter that carries a tool-approval setting: the frameworks' option names, and the same with "Tool" in it (`requireToolApproval`). */
const APPROVAL_PARAM = new RegExp(`^(?:${[...Object.keys(TOOL_APPROVAL_OPTIONS), 'requireToolApproval', 'require_tool_approval'].join('|')})$`);

/**
 * Whether the call sits in a function that takes a tool-approval setting from its caller
 * (`convert(tools, { callTool, needsApproval })`): a library converter or factory that turns MCP tools
 * into a framework's tools and hands that setting on. Whether a call is confirmed is then its caller's
 * choice, made where the converter is used, not something this function leaves out.
 */
function approvalLeftToCaller(call: CallSite, model: CodeModel): boolean {
  for (const body of model.functions.values()) {
    if (body.start > call.start || call.end > body.end) continue;
    if (body.params.some((names) => names.some((n) => APPROVAL_PARAM.test(n)))) return true;
  }
  return false;
}

/** The call's arguments as quoted in the message: one line, cut short, any value given to a secret's name masked. */
function clipArgs(args: string): string {
  return clip(args, 50);
}
