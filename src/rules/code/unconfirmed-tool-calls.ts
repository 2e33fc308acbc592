/**
 * code/unconfirmed-tool-calls: an MCP client that feeds a model and runs whatever tool call the model
 * answers with (`session.call_tool(name, args)` / `client.callTool({ name, arguments })` with the
 * name taken from the response), with no confirmation anywhere in the file. Every tool of every
 * connected server is then one model answer away from running.
 */
import { confirmationIn } from './analysis.js';
import type { ArgValue, CallSite } from './model.js';
import type { CodeRule } from './rule.js';

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
      ],
      negative: [
        {
          path: 'client/chat.py',
          code: 'import json\nfrom mcp import ClientSession\nfrom openai import OpenAI\n\nasync def turn(session: ClientSession, llm: OpenAI, messages):\n    reply = llm.chat.completions.create(model="gpt-4.1", messages=messages)\n    call = json.loads(reply.choices[0].message.content)\n    if input(f"Run {call[\'tool\']}? [y/N] ") != "y":\n        return "declined"\n    return await session.call_tool(call["tool"], call["arguments"])\n',
        },
        // A framework's adapter for one MCP tool: it runs the tool it wraps; approval belongs to the application's callbacks.
        {
          path: 'src/framework/tools/mcp_tool.py',
          code: 'from google.genai.types import FunctionDeclaration\nfrom mcp import ClientSession\nfrom .base_tool import BaseTool\n\nclass McpTool(BaseTool):\n  def declaration(self):\n    return FunctionDeclaration(name=self.name, description=self.description)\n\n  async def run_async(self, *, args, session: ClientSession):\n    return await session.call_tool(self.name, arguments=args)\n',
        },
        {
          path: 'client/ping.py',
          code: 'from mcp import ClientSession\n\nasync def ping(session: ClientSession):\n    return await session.call_tool("health", {})\n',
        },
      ],
    },
  },
  check(_file, analysis, ctx) {
    const { model } = analysis;
    const talksToModel = model.calls.some((c) => LLM_CALL.test(c.callee) && !SDK_TYPE.test(c.callee)) || [...model.functions.values()].some((b) => b.strings.some((t) => LLM_URL.test(t.text)));
    if (!model.frameworks.has('mcp') || !talksToModel) return;
    const dynamic = model.calls.filter((c) => CALL_TOOL.test(c.callee) && isDynamicName(c));
    if (dynamic.length === 0) return;
    for (const body of model.functions.values()) if (confirmationIn(body, model, new Set(), 0)) return;
    const first = dynamic[0]!;
    ctx.report({
      ruleId: ID,
      message: `This MCP client calls whichever tool the model names (${first.callee}(${clipArgs(first.args)})) and asks nobody first: every tool of every connected server runs on one model answer.`,
      span: first,
      key: 'client:call_tool',
      evidence: `${first.callee}(…)`,
    });
  },
};

/**
 * Whether the tool name comes from somewhere other than the code: not a constant, and not the
 * instance's own (`self.name`, `this.name`: a framework's adapter that wraps one MCP tool runs that
 * tool, and the framework's callbacks, not the adapter, are where an application asks first).
 */
function isDynamicName(call: CallSite): boolean {
  const argv = call.argv;
  if (!argv) return false;
  const name: ArgValue | undefined = argv['0']?.props?.name ?? argv['name'] ?? (argv['0']?.props ? undefined : argv['0']);
  if (!name || name.constant !== undefined) return false;
  return !/^(?:self|this)\.[\w.]+$/.test(name.text.trim());
}

function clipArgs(args: string): string {
  const one = args.replace(/\s+/g, ' ').trim();
  return one.length > 50 ? `${one.slice(0, 47)}…` : one;
}
