/**
 * Invariant traces: lists of chat-shaped events where `tool_calls[].function.arguments` is an
 * object (a JSON string is accepted too), tool outputs `{role: "tool", tool_call_id, content}`,
 * and bare tool-call events. Files: a JSON array of events (one trace), or the Explorer's JSONL
 * where each line is one trace (an array of events, or `{messages, annotations, metadata}`) and an
 * optional first line `{metadata}`. Each trace is its own session.
 */
import type { InputRecord, Path } from '../input.js';
import type { EventSink } from '../model.js';
import type { FormatReader, Obj } from './util.js';
import { arr, obj, parseArgs, str, textOf, src } from './util.js';

function isEvent(v: unknown): boolean {
  const o = obj(v);
  return !!o && (typeof o.role === 'string' || (o.type === 'function' && !!obj(o.function)));
}

export const invariant: FormatReader = {
  id: 'invariant-trace',
  title: 'Invariant trace',
  detect(sample, shape) {
    let score = 0;
    for (const rec of sample) {
      if (Array.isArray(rec)) {
        if (rec.some((e) => Array.isArray(e) && e.some(isEvent))) score = Math.max(score, 0.85);
        if (shape === 'jsonl' && rec.some(isEvent)) score = Math.max(score, 0.85);
      }
      const o = obj(rec);
      if (o && Array.isArray(o.messages) && ('annotations' in o || ('metadata' in o && !('suite_name' in o)))) score = Math.max(score, 0.8);
      if (o && o.type === 'function' && obj(o.function) && obj(obj(o.function)!.arguments)) score = Math.max(score, 0.8);
      const events = Array.isArray(rec) ? rec : o && Array.isArray(o.messages) ? o.messages : [rec];
      for (const e of events) {
        for (const tc of arr(obj(e)?.tool_calls)) {
          if (obj(obj(obj(tc)?.function)?.arguments)) score = Math.max(score, 0.75);
        }
      }
    }
    return score;
  },
  async read(input, emit, ctx) {
    let n = 0;
    let traces = 0;
    const nextId = (): string => `call-${++n}`;
    const startTrace = (rec: InputRecord, meta?: Obj): void => {
      traces++;
      emit({ kind: 'session', boundary: traces > 1, sessionId: str(meta?.id) ?? str(meta?.session_id), user: str(meta?.user), agent: str(meta?.agent), src: { line: rec.line } });
    };
    let single = false;
    for await (const batch of input.batches(ctx.error)) for (const rec of batch) {
      const v = rec.value;
      const o = obj(v);
      if (Array.isArray(v)) {
        startTrace(rec);
        v.forEach((e, i) => emitEvent(e, [i], rec, emit, nextId));
      } else if (o && Array.isArray(o.messages)) {
        startTrace(rec, obj(o.metadata));
        o.messages.forEach((e, i) => emitEvent(e, ['messages', i], rec, emit, nextId));
      } else if (o && isEvent(o)) {
        if (!single) {
          single = true;
          startTrace(rec);
        }
        emitEvent(o, [], rec, emit, nextId);
      } else if (o && obj(o.metadata) && Object.keys(o).length === 1) {
        // dataset metadata line
      } else {
        ctx.error(rec.line, 'not an Invariant trace or event');
      }
    }
  },
};

function emitEvent(v: unknown, path: Path, rec: InputRecord, emit: EventSink, nextId: () => string): void {
  const e = obj(v);
  if (!e) return;
  const at = src(rec, path);
  if (e.type === 'function' && obj(e.function)) {
    const fn = obj(e.function)!;
    emit({ kind: 'tool-call', callId: str(e.id) ?? nextId(), tool: str(fn.name) ?? '(unnamed)', ...parseArgs(fn.arguments), actor: 'assistant', src: at });
    return;
  }
  const role = str(e.role);
  if (role === 'tool') {
    emit({ kind: 'tool-result', callId: str(e.tool_call_id), text: textOf(e.content), isError: e.error ? true : undefined, src: at });
    return;
  }
  if (role !== 'user' && role !== 'assistant' && role !== 'system' && role !== 'developer') return;
  const text = textOf(e.content);
  if (text) emit({ kind: 'message', role, text, actor: role, src: at });
  arr(e.tool_calls).forEach((tc, i) => {
    const t = obj(tc);
    const fn = obj(t?.function);
    if (!t || !fn) return;
    emit({ kind: 'tool-call', callId: str(t.id) ?? nextId(), tool: str(fn.name) ?? '(unnamed)', ...parseArgs(fn.arguments), actor: role, src: src(rec, [...path, 'tool_calls', i]) });
  });
}
