/**
 * OpenAI Responses API items: `function_call` / `function_call_output` joined by `call_id`,
 * `mcp_call` (inline output, `approval_request_id`), first-class approvals
 * (`mcp_approval_request`, `mcp_approval_response`), shell, patch, computer and custom tool calls.
 * Accepts a JSON array of items, `{input, output}`, a response object, or JSONL of items. The item
 * mapping is shared with the Codex rollout reader, whose `response_item` payloads are these items.
 */
import type { EventSink, ReplayEvent } from '../model.js';
import type { InputRecord, Path } from '../input.js';
import { type FormatReader, type Obj, arr, obj, parseArgs, str, textOf, src, isoFromUnixSeconds } from './util.js';

const ITEM_TYPES = new Set([
  'message', 'function_call', 'function_call_output', 'reasoning', 'mcp_call', 'mcp_approval_request',
  'mcp_approval_response', 'mcp_list_tools', 'local_shell_call', 'local_shell_call_output', 'shell_call',
  'shell_call_output', 'apply_patch_call', 'apply_patch_call_output', 'computer_call', 'computer_call_output',
  'custom_tool_call', 'custom_tool_call_output', 'web_search_call', 'file_search_call', 'code_interpreter_call',
  'image_generation_call', 'item_reference',
]);
const STRONG = new Set(['function_call', 'function_call_output', 'mcp_call', 'mcp_approval_request', 'mcp_approval_response', 'local_shell_call', 'custom_tool_call', 'shell_call']);

export interface ItemContext {
  rec: InputRecord;
  path: Path;
  actor: string;
  time?: string;
  emit: EventSink;
}

/** Codex shell arguments: `sandbox_permissions: "require_escalated"` (or the older `with_escalated_permissions`). */
function escalationOf(args: unknown): boolean | undefined {
  const a = obj(args);
  if (!a) return undefined;
  if (a.sandbox_permissions === 'require_escalated' || a.with_escalated_permissions === true) return true;
  return undefined;
}

/** Emit the events of one Responses item. Returns false for types this reader does not know. */
export function emitItem(item: Obj, c: ItemContext): boolean {
  const type = str(item.type) ?? (typeof item.role === 'string' ? 'message' : '');
  const at = src(c.rec, c.path);
  const base = { src: at, time: c.time };
  const callId = str(item.call_id) ?? str(item.id);
  const out = (e: ReplayEvent): void => c.emit(e);
  switch (type) {
    case 'message': {
      const role = str(item.role);
      const text = textOf(item.content);
      if (text && (role === 'user' || role === 'assistant' || role === 'system' || role === 'developer')) {
        out({ kind: 'message', role, text, actor: role === 'assistant' ? c.actor : role, ...base });
      }
      return true;
    }
    case 'function_call': {
      const parsed = parseArgs(item.arguments);
      const name = str(item.name) ?? '(unnamed)';
      const ns = str(item.namespace);
      out({ kind: 'tool-call', callId, tool: ns ? `${ns}.${name}` : name, ...parsed, escalation: escalationOf(parsed.args), actor: c.actor, ...base });
      return true;
    }
    case 'custom_tool_call':
      out({ kind: 'tool-call', callId, tool: str(item.name) ?? '(unnamed)', args: { input: item.input }, argsRecorded: item.input !== undefined, actor: c.actor, ...base });
      return true;
    case 'function_call_output':
    case 'custom_tool_call_output':
    case 'local_shell_call_output':
    case 'shell_call_output':
    case 'apply_patch_call_output':
    case 'computer_call_output': {
      const output = item.output;
      const text = typeof output === 'string' ? unwrapCodexOutput(output) : textOf(output);
      const failed = item.status === 'failed' || item.status === 'incomplete' || obj(output)?.success === false;
      out({ kind: 'tool-result', callId: str(item.call_id), text, isError: failed || undefined, ...base });
      return true;
    }
    case 'mcp_call': {
      const parsed = parseArgs(item.arguments);
      const id = str(item.id);
      out({
        kind: 'tool-call', callId: id, tool: str(item.name) ?? '(unnamed)', server: str(item.server_label), ...parsed,
        approvalRequestId: str(item.approval_request_id), approvalRecordedPerCall: true, actor: c.actor, ...base,
      });
      if (item.output !== undefined && item.output !== null) out({ kind: 'tool-result', callId: id, text: textOf(item.output), ...base });
      else if (item.error !== undefined && item.error !== null) out({ kind: 'tool-result', callId: id, text: textOf(item.error), isError: true, ...base });
      return true;
    }
    case 'mcp_approval_request':
      out({ kind: 'approval', requestId: str(item.id), tool: str(item.name), decision: 'requested', reason: `MCP server ${str(item.server_label) ?? '?'} asks approval`, ...base });
      return true;
    case 'mcp_approval_response':
      out({
        kind: 'approval', requestId: str(item.approval_request_id), decision: item.approve === true ? 'approved' : 'denied',
        approver: 'user', reason: str(item.reason), ...base,
      });
      return true;
    case 'local_shell_call': {
      const action = obj(item.action);
      const exec = obj(action?.exec) ?? action;
      out({ kind: 'tool-call', callId, tool: 'local_shell', args: exec ?? {}, argsRecorded: !!exec, actor: c.actor, ...base });
      const env = obj(exec?.env);
      if (env) {
        const vars: Record<string, string> = {};
        for (const [k, v] of Object.entries(env)) if (typeof v === 'string') vars[k] = v;
        out({ kind: 'session', env: vars, ...base });
      }
      return true;
    }
    case 'shell_call': {
      const action = obj(item.action) ?? {};
      out({ kind: 'tool-call', callId, tool: 'shell', args: action, argsRecorded: true, actor: c.actor, ...base });
      return true;
    }
    case 'apply_patch_call':
      out({ kind: 'tool-call', callId, tool: 'apply_patch', args: obj(item.operation) ?? {}, argsRecorded: item.operation !== undefined, actor: c.actor, ...base });
      return true;
    case 'computer_call':
      out({ kind: 'tool-call', callId, tool: 'computer', args: obj(item.action) ?? {}, argsRecorded: item.action !== undefined, actor: c.actor, ...base });
      return true;
    case 'web_search_call':
      out({ kind: 'tool-call', callId, tool: 'web_search', args: obj(item.action) ?? {}, argsRecorded: item.action !== undefined, actor: c.actor, ...base });
      return true;
    case 'file_search_call':
      out({ kind: 'tool-call', callId, tool: 'file_search', args: { queries: arr(item.queries) }, argsRecorded: Array.isArray(item.queries), actor: c.actor, ...base });
      if (Array.isArray(item.results)) out({ kind: 'tool-result', callId, text: textOf(item.results), ...base });
      return true;
    case 'code_interpreter_call':
      out({ kind: 'tool-call', callId, tool: 'code_interpreter', args: { code: item.code }, argsRecorded: typeof item.code === 'string', actor: c.actor, ...base });
      if (Array.isArray(item.outputs)) out({ kind: 'tool-result', callId, text: textOf(item.outputs), ...base });
      return true;
    case 'reasoning':
    case 'mcp_list_tools':
    case 'image_generation_call':
    case 'item_reference':
    case 'compaction':
    case 'ghost_snapshot':
      return true;
    default:
      return false;
  }
}

/** Older Codex rollouts store `{"output": "...", "metadata": {...}}` as the output string. */
function unwrapCodexOutput(s: string): string {
  if (s.startsWith('{"output"')) {
    try {
      const o = obj(JSON.parse(s));
      if (o && typeof o.output === 'string') return o.output;
    } catch {
      /* plain text */
    }
  }
  return s;
}

function itemsOf(v: unknown): { items: unknown[]; key: string }[] {
  const o = obj(v);
  if (!o) return [];
  const out: { items: unknown[]; key: string }[] = [];
  for (const key of ['input', 'output', 'items', 'data']) if (Array.isArray(o[key])) out.push({ items: o[key] as unknown[], key });
  return out;
}

export const openaiResponses: FormatReader = {
  id: 'openai-responses',
  title: 'OpenAI Responses items',
  detect(sample) {
    let score = 0;
    const consider = (v: unknown): void => {
      const o = obj(v);
      const t = str(o?.type);
      if (!t || !ITEM_TYPES.has(t)) return;
      if (STRONG.has(t)) score = Math.max(score, 0.9);
      else if (t === 'message' && Array.isArray(o?.content) && o!.content.some((p) => /^(input|output)_text$/.test(String(obj(p)?.type)))) score = Math.max(score, 0.6);
      else score = Math.max(score, 0.3);
    };
    for (const rec of sample) {
      const o = obj(rec);
      if (o?.object === 'response') score = Math.max(score, 0.9);
      if (Array.isArray(rec)) rec.slice(0, 50).forEach(consider);
      else {
        consider(rec);
        for (const { items } of itemsOf(rec)) items.slice(0, 50).forEach(consider);
      }
    }
    return score;
  },
  async read(input, emit, ctx) {
    for await (const batch of input.batches(ctx.error)) for (const rec of batch) {
      const root = obj(rec.value);
      const lists = itemsOf(rec.value);
      const time = isoFromUnixSeconds(root?.created_at);
      if (root && lists.length && (root.object === 'response' || root.type === undefined)) {
        for (const { items, key } of lists) {
          items.forEach((it, i) => {
            const item = obj(it);
            if (item && !emitItem(item, { rec, path: [key, i], actor: 'assistant', time, emit })) {
              ctx.error(rec.lineOf([key, i]), `unknown Responses item type "${String(item.type).slice(0, 40)}" skipped`);
            }
          });
        }
        continue;
      }
      if (root && !emitItem(root, { rec, path: [], actor: 'assistant', time, emit })) {
        ctx.error(rec.line, `unknown Responses item type "${String(root.type).slice(0, 40)}" skipped`);
      }
    }
  },
};
