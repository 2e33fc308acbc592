/**
 * OpenTelemetry GenAI spans in OTLP/JSON: a `TracesData` document, or JSONL with one `TracesData`
 * per line (the OTLP file exporter). `execute_tool` spans become tool calls (`gen_ai.tool.name`,
 * `gen_ai.tool.call.id`, opt-in `gen_ai.tool.call.arguments` / `.result`); MCP `tools/call` spans
 * too; nested `invoke_agent` spans become delegations.
 *
 * Exporters write a span when it ends, so a file is in end order and a parent (the agent) comes after
 * its children. The file is read twice: a first pass reads of each span only its ids, name, start and
 * the few attributes that tell its kind, and keeps the spans' ancestry (agent spans and other
 * wrappers, not tool or model calls) and the session's facts; the second puts tool and model
 * spans back in start order through a bounded window (`reorder.ts`) and emits them as they leave it,
 * so memory does not grow with the number of tool calls. A JSON document is held whole anyway and is
 * sorted completely. Arguments are opt-in in the conventions: when absent they are "not recorded",
 * never assumed safe.
 */
import type { InputRecord } from '../input.js';
import type { SourceRef } from '../model.js';
import type { FormatReader, Obj } from './util.js';
import { arr, obj, parseArgs, str, textOf } from './util.js';
import { attributes } from '../otlp-anyvalue.js';
import { ReorderWindow } from '../reorder.js';
import { BoundedMap } from '../bounded-map.js';

/** Tool-call ids remembered to pair an MCP client span with its execute_tool twin, and a call with its result. */
const SEEN_CAP = 200_000;

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

/** What the first pass keeps of a span that may be an ancestor: its parent and its agent. */
interface Ancestor {
  parent?: string;
  agent?: string;
}

interface Delegation {
  spanId: string;
  parent?: string;
  to: string;
  start: bigint;
  src: SourceRef;
}

/** Spans held for reordering in a JSONL export; a span ending more than this many spans late comes out late. */
const REORDER_WINDOW = 4096;
/** Ancestors remembered (agent and wrapper spans, not tool or model calls). */
const MAX_ANCESTORS = 200_000;

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

/** What tells a span's kind: its name and a few attributes. */
type Kinded = Pick<SpanRec, 'name' | 'attrs'>;

function isTool(s: Kinded): boolean {
  return s.attrs['gen_ai.operation.name'] === 'execute_tool' || s.name.startsWith('execute_tool') || s.attrs['mcp.method.name'] === 'tools/call';
}

function isModelCall(s: Kinded): boolean {
  const op = s.attrs['gen_ai.operation.name'];
  return op === 'chat' || op === 'generate_content' || op === 'text_completion' || s.attrs['gen_ai.input.messages'] !== undefined;
}

function isAgentInvocation(s: Kinded): boolean {
  return s.attrs['gen_ai.operation.name'] === 'invoke_agent' || s.name.startsWith('invoke_agent');
}

/** The attributes the first pass reads: a span's kind, the session's facts and the agent. */
const HEAD_ATTRIBUTES = new Set(['gen_ai.operation.name', 'mcp.method.name', 'gen_ai.input.messages', 'gen_ai.conversation.id', 'session.id', 'user.id', 'enduser.id', 'gen_ai.agent.name']);
const HEAD_RESOURCE = new Set(['user.id', 'service.name']);

/**
 * Every span object of a record in file order, with its resource's attributes (all of them, or
 * `resourceKeys`) and its place (`i`, `j`, `k`: resource, scope and span index).
 */
function forEachSpan(rec: InputRecord, resourceKeys: ReadonlySet<string> | undefined, fn: (s: Obj, resource: Obj, i: number, j: number, k: number) => void): void {
  arr(obj(rec.value)?.resourceSpans).forEach((r, i) => {
    const resource = attributes(obj(obj(r)?.resource)?.attributes, 0, resourceKeys);
    arr(obj(r)?.scopeSpans).forEach((ss, j) => {
      arr(obj(ss)?.spans).forEach((sp, k) => {
        const s = obj(sp);
        if (s) fn(s, resource, i, j, k);
      });
    });
  });
}

const spanIdOf = (s: Obj, rec: InputRecord, i: number, j: number, k: number): string => str(s.spanId) ?? `${rec.line}:${i}:${j}:${k}`;

function srcOf(rec: InputRecord, i: number, j: number, k: number): SourceRef {
  return { line: rec.lineOf(['resourceSpans', i, 'scopeSpans', j, 'spans', k]), pointer: `${rec.pointer}/resourceSpans/${i}/scopeSpans/${j}/spans/${k}` };
}

/** Every span of a record, compact, in file order. */
function eachSpan(rec: InputRecord, fn: (s: SpanRec) => void): void {
  forEachSpan(rec, undefined, (s, resource, i, j, k) =>
    fn({
      spanId: spanIdOf(s, rec, i, j, k),
      parentId: str(s.parentSpanId) || undefined,
      name: str(s.name) ?? '',
      start: nanos(s.startTimeUnixNano),
      attrs: attributes(s.attributes),
      resource,
      error: obj(s.status)?.code === 2 || obj(s.status)?.code === 'STATUS_CODE_ERROR',
      src: srcOf(rec, i, j, k),
    }),
  );
}

/** The earliest-starting span's value of a fact. */
class Earliest<T> {
  value?: T;
  private at?: bigint;
  offer(value: T | undefined, start: bigint): void {
    if (value === undefined || value === '') return;
    if (this.at === undefined || start < this.at) {
      this.value = value;
      this.at = start;
    }
  }
}

export const otlpJson: FormatReader = {
  id: 'otlp-json',
  title: 'OpenTelemetry GenAI spans (OTLP/JSON)',
  detect(sample) {
    for (const rec of sample) if (Array.isArray(obj(rec)?.resourceSpans)) return 1;
    return 0;
  },
  async read(input, emit, ctx) {
    // first pass: ancestry, delegations and the session's facts
    const ancestors = new Map<string, Ancestor>();
    const delegations: Delegation[] = [];
    const conv = new Earliest<string>();
    const user = new Earliest<string>();
    const agent = new Earliest<string>();
    const service = new Earliest<string>();
    // The earliest span's place, found where the span is (its line is looked up once, at the end).
    const first = new Earliest<{ rec: InputRecord; i: number; j: number; k: number; start: bigint }>();
    let hasToolSpans = false;
    let spans = 0;
    for await (const batch of input.batches(ctx.error)) for (const rec of batch) {
      // Only what this pass needs: ids, name, start and the attributes of HEAD_ATTRIBUTES.
      forEachSpan(rec, HEAD_RESOURCE, (sp, resource, i, j, k) => {
        spans++;
        const s = { name: str(sp.name) ?? '', attrs: attributes(sp.attributes, 0, HEAD_ATTRIBUTES) };
        const start = nanos(sp.startTimeUnixNano);
        first.offer({ rec, i, j, k, start }, start);
        conv.offer(str(s.attrs['gen_ai.conversation.id']) ?? str(s.attrs['session.id']), start);
        user.offer(str(s.attrs['user.id']) ?? str(s.attrs['enduser.id']) ?? str(resource['user.id']), start);
        const agentName = str(s.attrs['gen_ai.agent.name']);
        agent.offer(agentName, start);
        service.offer(str(resource['service.name']), start);
        const tool = isTool(s);
        hasToolSpans ||= tool;
        const parent = str(sp.parentSpanId) || undefined;
        if ((!tool && !isModelCall(s)) || agentName) {
          if (ancestors.size < MAX_ANCESTORS) ancestors.set(spanIdOf(sp, rec, i, j, k), { parent, agent: agentName });
        }
        if (isAgentInvocation(s) && agentName && delegations.length < MAX_ANCESTORS) {
          delegations.push({ spanId: spanIdOf(sp, rec, i, j, k), parent, to: agentName, start, src: srcOf(rec, i, j, k) });
        }
      });
    }
    if (!spans) return;
    const agentFrom = (spanId: string | undefined): string | undefined => {
      for (let cur = spanId ? ancestors.get(spanId) : undefined, guard = 0; cur && guard < 1000; guard++) {
        if (cur.agent) return cur.agent;
        cur = cur.parent ? ancestors.get(cur.parent) : undefined;
      }
      return undefined;
    };
    const agentOf = (s: SpanRec): string | undefined => str(s.attrs['gen_ai.agent.name']) ?? agentFrom(s.parentId);
    const earliest = first.value!;
    emit({ kind: 'session', sessionId: conv.value, user: user.value, agent: agent.value ?? service.value, src: srcOf(earliest.rec, earliest.i, earliest.j, earliest.k), time: isoOf(earliest.start) });

    delegations.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    let nextDelegation = 0;
    const delegationsUntil = (start: bigint | undefined): void => {
      for (; nextDelegation < delegations.length && (start === undefined || delegations[nextDelegation]!.start <= start); nextDelegation++) {
        const d = delegations[nextDelegation]!;
        const from = agentFrom(d.parent);
        if (from && from !== d.to) emit({ kind: 'delegation', from, to: d.to, actor: from, src: d.src, time: isoOf(d.start), id: d.spanId });
      }
    };

    // Bounded: a long export forgets the oldest half at a time, never all at once.
    const seenPartCalls = new BoundedMap<string, true>(SEEN_CAP);
    const seenToolSpans = new BoundedMap<string, true>(SEEN_CAP);
    let firstPrompt = true;
    const step = (s: SpanRec): void => {
      delegationsUntil(s.start);
      const time = isoOf(s.start);
      if (isTool(s)) {
        const tool = str(s.attrs['gen_ai.tool.name']) ?? s.name.replace(/^(execute_tool|tools\/call)\s+/, '');
        const callId = str(s.attrs['gen_ai.tool.call.id']) ?? str(s.attrs['jsonrpc.request.id']) ?? s.spanId;
        if (seenToolSpans.has(callId)) return; // an MCP client span and its execute_tool span
        seenToolSpans.set(callId, true);
        const rawArgs = s.attrs['gen_ai.tool.call.arguments'];
        emit({ kind: 'tool-call', callId, tool, ...parseArgs(rawArgs), actor: agentOf(s), src: s.src, time, id: s.spanId });
        const result = s.attrs['gen_ai.tool.call.result'];
        if (result !== undefined || s.error) {
          emit({ kind: 'tool-result', callId, text: textOf(result ?? s.attrs['error.type'] ?? 'error'), isError: s.error || undefined, src: s.src, time });
        }
        return;
      }
      const inMsgs = messagesAttr(s.attrs['gen_ai.input.messages']);
      const outMsgs = messagesAttr(s.attrs['gen_ai.output.messages']);
      if (firstPrompt) {
        const userMsg = inMsgs.find((m) => m.role === 'user');
        if (userMsg) {
          firstPrompt = false;
          emit({ kind: 'message', role: 'user', text: partsText(userMsg.parts), actor: 'user', src: s.src, time });
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
            seenPartCalls.set(id, true);
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
    };

    // second pass: tool and model spans in start order
    const window = new ReorderWindow<SpanRec>(input.shape === 'document' ? Number.POSITIVE_INFINITY : REORDER_WINDOW, step);
    for await (const batch of input.batches(() => {})) for (const rec of batch) {
      eachSpan(rec, (s) => {
        if (isTool(s) || isModelCall(s)) window.push(s.start, s);
      });
    }
    window.drain();
    delegationsUntil(undefined);
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
