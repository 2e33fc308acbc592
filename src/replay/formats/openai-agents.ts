/**
 * OpenAI Agents SDK trace exports: the ingest batch `{data: [trace, span, …]}` the built-in exporter
 * sends, a JSON array of those objects, or JSONL (one object or one batch per line) as a custom
 * `TracingProcessor` writes. Spans: `agent` (name, tools, handoffs), `function` (tool calls; input
 * and output are strings), `handoff` (from_agent → to_agent), `generation` (messages). Spans are
 * buffered (compactly: the fields used) and sorted by `started_at`.
 */
import type { SourceRef } from '../model.js';
import type { FormatReader, Obj } from './util.js';
import { arr, obj, parseArgs, str, textOf } from './util.js';
import { cmp } from '../../engine/order.js';

interface Span {
  id: string;
  parent?: string;
  started: string;
  data: Obj;
  error: boolean;
  src: SourceRef;
}

function objectsOf(v: unknown): { o: Obj; sub: (string | number)[] }[] {
  const o = obj(v);
  if (o && Array.isArray(o.data)) return o.data.map((x, i) => ({ o: obj(x)!, sub: ['data', i] })).filter((x) => x.o);
  if (Array.isArray(v)) return v.map((x, i) => ({ o: obj(x)!, sub: [i] })).filter((x) => x.o);
  return o ? [{ o, sub: [] }] : [];
}

/**
 * What is kept of a span until the export is sorted: the fields the reader uses. Generation spans
 * keep their user messages and the assistant's text, not the whole conversation; other span types
 * (response, guardrail, custom …) only their type.
 */
function compact(d: Obj): Obj {
  switch (d.type) {
    case 'function':
      return { type: d.type, name: d.name, input: d.input, output: d.output, mcp_data: d.mcp_data };
    case 'agent':
      return { type: d.type, name: d.name, tools: d.tools };
    case 'handoff':
      return { type: d.type, from_agent: d.from_agent, to_agent: d.to_agent };
    case 'generation':
      return {
        type: d.type,
        input: arr(d.input).filter((m) => obj(m)?.role === 'user').slice(-1),
        output: arr(d.output).filter((m) => obj(m)?.role === 'assistant'),
      };
    default:
      return { type: d.type };
  }
}

export const openaiAgents: FormatReader = {
  id: 'openai-agents-trace',
  title: 'OpenAI Agents SDK trace export',
  detect(sample) {
    for (const rec of sample) for (const { o } of objectsOf(rec)) if (o.object === 'trace.span' || (o.object === 'trace' && 'workflow_name' in o)) return 1;
    return 0;
  },
  async read(input, emit, ctx) {
    const spans: Span[] = [];
    for await (const batch of input.batches(ctx.error)) for (const rec of batch) {
      for (const { o, sub } of objectsOf(rec.value)) {
        const at: SourceRef = { line: rec.lineOf(sub), pointer: `${rec.pointer}${sub.map((p) => `/${p}`).join('')}` || undefined };
        if (o.object === 'trace') {
          const meta = obj(o.metadata);
          emit({
            kind: 'session',
            sessionId: str(o.group_id) ?? str(o.id),
            agent: str(o.workflow_name),
            user: str(meta?.user_id) ?? str(meta?.user),
            src: at,
          });
          continue;
        }
        if (o.object !== 'trace.span') continue;
        const data = obj(o.span_data);
        if (!data) continue;
        spans.push({ id: str(o.id) ?? str(o.span_id) ?? `${at.line}`, parent: str(o.parent_id), started: str(o.started_at) ?? '', data: compact(data), error: !!o.error, src: at });
      }
    }
    spans.sort((a, b) => cmp(a.started, b.started));
    const byId = new Map(spans.map((s) => [s.id, s]));
    const agentOf = (s: Span): string | undefined => {
      for (let cur: Span | undefined = s, guard = 0; cur && guard < 1000; guard++) {
        if (cur.data.type === 'agent' && typeof cur.data.name === 'string') return cur.data.name;
        cur = cur.parent ? byId.get(cur.parent) : undefined;
      }
      return undefined;
    };
    const toolsOf = new Map<string, string[]>();
    for (const s of spans) {
      if (s.data.type === 'agent' && typeof s.data.name === 'string' && Array.isArray(s.data.tools)) {
        toolsOf.set(s.data.name, s.data.tools.filter((t): t is string => typeof t === 'string'));
      }
    }
    if (toolsOf.size && spans[0]) {
      emit({ kind: 'session', agentTools: [...toolsOf].map(([agent, tools]) => ({ agent, tools })), src: spans[0].src });
    }
    let prompted = false;
    for (const s of spans) {
      const time = s.started || undefined;
      const d = s.data;
      switch (d.type) {
        case 'function': {
          const tool = str(d.name) ?? '(unnamed)';
          const mcp = obj(d.mcp_data);
          emit({ kind: 'tool-call', callId: s.id, id: s.id, tool, server: str(mcp?.server), ...parseArgs(d.input), actor: agentOf(s), src: s.src, time });
          if (d.output !== undefined && d.output !== null) emit({ kind: 'tool-result', callId: s.id, text: textOf(d.output), isError: s.error || undefined, src: s.src, time });
          else if (s.error) emit({ kind: 'tool-result', callId: s.id, text: 'error', isError: true, src: s.src, time });
          break;
        }
        case 'handoff': {
          const to = str(d.to_agent);
          if (to) emit({ kind: 'delegation', from: str(d.from_agent), to, tools: toolsOf.get(to), actor: str(d.from_agent), src: s.src, time, id: s.id });
          break;
        }
        case 'agent': {
          // An agent running inside another agent's span is an agent used as a tool.
          const parentAgent = s.parent ? agentOf(byId.get(s.parent) ?? s) : undefined;
          const name = str(d.name);
          if (name && parentAgent && parentAgent !== name) emit({ kind: 'delegation', from: parentAgent, to: name, tools: toolsOf.get(name), actor: parentAgent, src: s.src, time, id: s.id });
          break;
        }
        case 'generation': {
          if (!prompted) {
            const user = arr(d.input).map(obj).filter((m) => m?.role === 'user').pop();
            if (user) {
              prompted = true;
              emit({ kind: 'message', role: 'user', text: textOf(user.content), actor: 'user', src: s.src, time });
            }
          }
          for (const m of arr(d.output)) {
            const mo = obj(m);
            const text = mo && mo.role === 'assistant' ? textOf(mo.content) : '';
            if (text) emit({ kind: 'message', role: 'assistant', text, actor: agentOf(s) ?? 'assistant', src: s.src, time });
          }
          break;
        }
        default:
          break;
      }
    }
  },
};
