/**
 * OpenTelemetry GenAI spans in OTLP/JSON: a `TracesData` document, or JSONL with one `TracesData`
 * per line (the OTLP file exporter). `execute_tool` spans become tool calls (`gen_ai.tool.name`,
 * `gen_ai.tool.call.id`, opt-in `gen_ai.tool.call.arguments` / `.result`); MCP `tools/call` spans
 * too; nested `invoke_agent` spans become delegations. Span order is not guaranteed, so spans are
 * buffered (compactly) and sorted by start time; this format does not stream in constant memory.
 * Arguments are opt-in in the conventions: when absent they are "not recorded", never assumed safe.
 */
import type { Path } from '../input.js';
import type { SourceRef } from '../model.js';
import type { FormatReader, Obj } from './util.js';
import { arr, obj, parseArgs, str, textOf } from './util.js';
import { attributes } from '../otlp-anyvalue.js';

interface SpanRec {
  spanId: string;
  parentId?: string;
  name: string;
  start: bigint;
  attrs: Obj;
  resource: Obj;
  error: boolean;
  src: SourceRef;
}

function nanos(v: unknown): bigint {
  try {
    if (typeof v === 'string' && /^\d{1,25}$/.test(v)) return BigInt(v);
    if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
  } catch {
    /* fall through */
  }
  return 0n;
}

const isoOf = (n: bigint): string | undefined => (n > 0n ? new Date(Number(n / 1_000_000n)).toISOString() : undefined);

function isTool(s: SpanRec): boolean {
  return s.attrs['gen_ai.operation.name'] === 'execute_tool' || s.name.startsWith('execute_tool') || s.attrs['mcp.method.name'] === 'tools/call';
}

export const otlpJson: FormatReader = {
  id: 'otlp-json',
  title: 'OpenTelemetry GenAI spans (OTLP/JSON)',
  detect(sample) {
    for (const rec of sample) if (Array.isArray(obj(rec)?.resourceSpans)) return 1;
    return 0;
  },
  async read(input, emit, ctx) {
    const spans: SpanRec[] = [];
    for await (const batch of input.batches(ctx.error)) for (const rec of batch) {
      const rs = arr(obj(rec.value)?.resourceSpans);
      rs.forEach((r, i) => {
        const resource = attributes(obj(obj(r)?.resource)?.attributes);
        arr(obj(r)?.scopeSpans).forEach((ss, j) => {
          arr(obj(ss)?.spans).forEach((sp, k) => {
            const s = obj(sp);
            if (!s) return;
            const path: Path = ['resourceSpans', i, 'scopeSpans', j, 'spans', k];
            spans.push({
              spanId: str(s.spanId) ?? `${rec.line}:${k}`,
              parentId: str(s.parentSpanId) || undefined,
              name: str(s.name) ?? '',
              start: nanos(s.startTimeUnixNano),
              attrs: attributes(s.attributes),
              resource,
              error: obj(s.status)?.code === 2 || obj(s.status)?.code === 'STATUS_CODE_ERROR',
              src: { line: rec.lineOf(path), pointer: `${rec.pointer}/resourceSpans/${i}/scopeSpans/${j}/spans/${k}` },
            });
          });
        });
      });
    }
    spans.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const agentOf = (s: SpanRec | undefined, skipSelf = false): string | undefined => {
      for (let cur = skipSelf ? (s?.parentId ? byId.get(s.parentId) : undefined) : s, guard = 0; cur && guard < 1000; guard++) {
        const name = str(cur.attrs['gen_ai.agent.name']);
        if (name) return name;
        cur = cur.parentId ? byId.get(cur.parentId) : undefined;
      }
      return undefined;
    };
    const first = spans[0];
    if (first) {
      const conv = spans.map((s) => str(s.attrs['gen_ai.conversation.id']) ?? str(s.attrs['session.id'])).find(Boolean);
      const user = spans.map((s) => str(s.attrs['user.id']) ?? str(s.attrs['enduser.id']) ?? str(s.resource['user.id'])).find(Boolean);
      const agent = spans.map((s) => str(s.attrs['gen_ai.agent.name'])).find(Boolean) ?? str(first.resource['service.name']);
      emit({ kind: 'session', sessionId: conv, user, agent, src: first.src, time: isoOf(first.start) });
    }
    const hasToolSpans = spans.some(isTool);
    const seenPartCalls = new Set<string>();
    const seenToolSpans = new Set<string>();
    let firstPrompt = true;
    for (const s of spans) {
      const time = isoOf(s.start);
      const op = str(s.attrs['gen_ai.operation.name']);
      if (isTool(s)) {
        const tool = str(s.attrs['gen_ai.tool.name']) ?? s.name.replace(/^(execute_tool|tools\/call)\s+/, '');
        const callId = str(s.attrs['gen_ai.tool.call.id']) ?? str(s.attrs['jsonrpc.request.id']) ?? s.spanId;
        if (seenToolSpans.has(callId)) continue; // an MCP client span and its execute_tool span
        seenToolSpans.add(callId);
        const rawArgs = s.attrs['gen_ai.tool.call.arguments'];
        emit({ kind: 'tool-call', callId, tool, ...parseArgs(rawArgs), actor: agentOf(s), src: s.src, time, id: s.spanId });
        const result = s.attrs['gen_ai.tool.call.result'];
        if (result !== undefined || s.error) {
          emit({ kind: 'tool-result', callId, text: textOf(result ?? s.attrs['error.type'] ?? 'error'), isError: s.error || undefined, src: s.src, time });
        }
        continue;
      }
      if (op === 'invoke_agent' || s.name.startsWith('invoke_agent')) {
        const to = str(s.attrs['gen_ai.agent.name']);
        const from = agentOf(s, true);
        if (to && from && to !== from) emit({ kind: 'delegation', from, to, actor: from, src: s.src, time, id: s.spanId });
      }
      if (op === 'chat' || op === 'generate_content' || op === 'text_completion' || s.attrs['gen_ai.input.messages'] !== undefined) {
        const inMsgs = messagesAttr(s.attrs['gen_ai.input.messages']);
        const outMsgs = messagesAttr(s.attrs['gen_ai.output.messages']);
        if (firstPrompt) {
          const user = inMsgs.find((m) => m.role === 'user');
          if (user) {
            firstPrompt = false;
            emit({ kind: 'message', role: 'user', text: partsText(user.parts), actor: 'user', src: s.src, time });
          }
        }
        for (const m of outMsgs) {
          const text = partsText(m.parts);
          if (text) emit({ kind: 'message', role: 'assistant', text, actor: agentOf(s) ?? 'assistant', src: s.src, time });
          if (hasToolSpans) continue;
          for (const p of m.parts) {
            if (p.type === 'tool_call' && typeof p.name === 'string') {
              const id = str(p.id) ?? `${s.spanId}:${p.name}`;
              if (seenPartCalls.has(id)) continue;
              seenPartCalls.add(id);
              emit({ kind: 'tool-call', callId: id, tool: p.name, ...parseArgs(p.arguments), actor: agentOf(s), src: s.src, time });
            }
          }
        }
        if (!hasToolSpans) {
          for (const m of inMsgs) for (const p of m.parts) {
            if (p.type === 'tool_call_response' && typeof p.id === 'string' && seenPartCalls.has(p.id)) {
              seenPartCalls.delete(p.id);
              emit({ kind: 'tool-result', callId: p.id, text: textOf(p.response ?? p.result), src: s.src, time });
            }
          }
        }
      }
    }
  },
};

interface GenAiMessage {
  role?: string;
  parts: Obj[];
}

function messagesAttr(v: unknown): GenAiMessage[] {
  let value = v;
  if (typeof v === 'string') {
    try {
      value = JSON.parse(v);
    } catch {
      return [];
    }
  }
  return arr(value).map((m) => ({ role: str(obj(m)?.role), parts: arr(obj(m)?.parts).map((p) => obj(p) ?? {}) }));
}

function partsText(parts: Obj[]): string {
  return parts.filter((p) => p.type === 'text').map((p) => textOf(p.content ?? p.text)).join('\n');
}
