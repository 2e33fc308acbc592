/**
 * Anthropic Messages: `content` blocks; `tool_use` (input is an object) on assistant messages,
 * `tool_result` (`tool_use_id`, `is_error`) in the next user message; also `server_tool_use`,
 * `mcp_tool_use` / `mcp_tool_result`. Accepts a JSON array of messages, a request body
 * `{system, messages}`, a response object (`type: "message"`), or JSONL with one message per line.
 * Shared with the Claude Code reader, whose assistant records embed Messages responses.
 */
import type { EventSink } from '../model.js';
import type { InputRecord, Path } from '../input.js';
import { type FormatReader, arr, messageList, obj, str, textOf, src } from './util.js';
import { sampleMessages } from './openai-chat.js';

const TOOL_USE = new Set(['tool_use', 'server_tool_use', 'mcp_tool_use']);
const TOOL_RESULT = new Set(['tool_result', 'mcp_tool_result', 'web_search_tool_result', 'web_fetch_tool_result', 'code_execution_tool_result', 'bash_code_execution_tool_result']);

export interface BlockContext {
  rec: InputRecord;
  path: Path;
  role: 'user' | 'assistant';
  actor: string;
  time?: string;
  branch?: 'sidechain' | 'abandoned';
  emit: EventSink;
  /** Claude Code: structured result stored beside the message. */
  toolUseResultText?: string;
  /** Called for each tool_use block before it is emitted; returning false skips it (duplicates). */
  seen?: (id: string) => boolean;
  /** Claude Code: a tool result that records the user declining the call. */
  denial?: (text: string) => boolean;
  /** Claude Code: called for Task/Agent tool uses (delegation to a sub-agent). */
  onToolUse?: (block: Record<string, unknown>, path: Path) => void;
}

/** Emit the events of one message's content (string or blocks). */
export function emitContent(content: unknown, c: BlockContext): void {
  if (typeof content === 'string') {
    if (content) c.emit({ kind: 'message', role: c.role, text: content, actor: c.actor, src: src(c.rec, c.path), time: c.time, branch: c.branch });
    return;
  }
  const blocks = arr(content);
  let text: string[] = [];
  let textPath: Path | undefined;
  const flush = (): void => {
    if (text.length && textPath) {
      c.emit({ kind: 'message', role: c.role, text: text.join('\n'), actor: c.actor, src: src(c.rec, textPath), time: c.time, branch: c.branch });
    }
    text = [];
    textPath = undefined;
  };
  blocks.forEach((b, i) => {
    const block = obj(b);
    if (!block) return;
    const type = str(block.type) ?? '';
    const path = [...c.path, i];
    if (type === 'text') {
      if (!textPath) textPath = path;
      text.push(textOf(block.text));
      return;
    }
    if (TOOL_USE.has(type)) {
      flush();
      const id = str(block.id);
      if (id && c.seen && !c.seen(id)) return;
      const name = str(block.name) ?? '(unnamed)';
      const server = str(block.server_name) ?? mcpServerOf(name);
      c.emit({
        kind: 'tool-call',
        callId: id,
        tool: name,
        server,
        args: block.input,
        argsRecorded: block.input !== undefined,
        actor: c.actor,
        src: src(c.rec, path),
        time: c.time,
        branch: c.branch,
      });
      c.onToolUse?.(block, path);
      return;
    }
    if (TOOL_RESULT.has(type)) {
      flush();
      const callId = str(block.tool_use_id);
      let body = textOf(block.content);
      if (c.toolUseResultText && !body.includes(c.toolUseResultText)) body = body ? `${body}\n${c.toolUseResultText}` : c.toolUseResultText;
      const isError = block.is_error === true;
      if (isError && c.denial?.(body)) {
        c.emit({ kind: 'approval', callId, decision: 'denied', approver: 'user', inferred: true, reason: 'the tool result records that the user declined the call', src: src(c.rec, path), time: c.time, branch: c.branch });
      }
      c.emit({ kind: 'tool-result', callId, text: body, isError, src: src(c.rec, path), time: c.time, branch: c.branch });
      return;
    }
    // thinking, redacted_thinking, image, document …: not steps
  });
  flush();
}

/** `mcp__<server>__<tool>` (Claude Code) names carry their MCP server. */
export function mcpServerOf(name: string): string | undefined {
  const m = /^mcp__([^_][^]*?)__/.exec(name);
  return m ? m[1] : undefined;
}

export const anthropicMessages: FormatReader = {
  id: 'anthropic-messages',
  title: 'Anthropic Messages',
  detect(sample) {
    let score = 0;
    for (const m of sampleMessages(sample)) {
      if (!Array.isArray(m.content)) continue;
      for (const b of m.content) {
        const t = str(obj(b)?.type);
        if (t && (TOOL_USE.has(t) || TOOL_RESULT.has(t))) score = Math.max(score, 0.85);
        else if (t === 'text' && typeof obj(b)?.text === 'string') score = Math.max(score, 0.35);
      }
    }
    for (const rec of sample) {
      const o = obj(rec);
      if (o && (has(o, 'parentUuid') || has(o, 'sessionId'))) return 0; // Claude Code envelope
    }
    return score;
  },
  async read(input, emit, ctx) {
    for await (const batch of input.batches(ctx.error)) for (const rec of batch) {
      const root = obj(rec.value);
      if (root && typeof root.system === 'string' && Array.isArray(root.messages)) {
        emit({ kind: 'message', role: 'system', text: root.system, actor: 'system', src: src(rec, ['system']) });
      }
      for (const { value, path } of messageList(rec, ['messages'])) {
        const m = obj(value);
        if (!m) continue;
        const role = m.role === 'assistant' ? 'assistant' : m.role === 'user' ? 'user' : undefined;
        if (!role) continue;
        emitContent(m.content, { rec, path: [...path, 'content'], role, actor: role, emit });
      }
    }
  },
};

function has(o: Record<string, unknown>, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}
