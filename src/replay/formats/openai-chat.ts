/**
 * OpenAI Chat Completions messages: `assistant.tool_calls[].function.arguments` is a JSON string,
 * results are `role: "tool"` messages joined by `tool_call_id`. Accepts a JSON array of messages,
 * a request body `{messages: […]}` (plus `choices[].message` of a stored response), or JSONL with
 * one message per line. No timestamps or approvals: approval facts stay unknown.
 */
import type { EventSink } from '../model.js';
import { type FormatReader, type Obj, arr, messageList, obj, parseArgs, str, textOf, src, isoFromUnixSeconds } from './util.js';

/** Message-like objects of the sample records (used by every role-based detector). */
export function sampleMessages(sample: unknown[]): Obj[] {
  const out: Obj[] = [];
  for (const rec of sample) {
    const items = Array.isArray(rec) ? rec : [rec];
    for (const item of items) {
      const o = obj(item);
      if (!o) continue;
      if (Array.isArray(o.messages)) for (const m of o.messages.slice(0, 50)) { const mo = obj(m); if (mo) out.push(mo); }
      else if (typeof o.role === 'string') out.push(o);
      if (Array.isArray(o.choices)) for (const c of o.choices) { const m = obj(obj(c)?.message); if (m) out.push(m); }
    }
  }
  return out;
}

export const openaiChat: FormatReader = {
  id: 'openai-chat',
  title: 'OpenAI Chat Completions messages',
  detect(sample) {
    const msgs = sampleMessages(sample);
    if (msgs.length === 0) return 0;
    let score = 0;
    for (const m of msgs) {
      for (const tc of arr(m.tool_calls)) {
        const fn = obj(obj(tc)?.function);
        if (fn && typeof fn.arguments === 'string') score = Math.max(score, 0.85);
        else if (fn && obj(fn.arguments)) return 0; // object arguments: Invariant
      }
      if (m.role === 'tool' && typeof m.tool_call_id === 'string' && !obj(m.tool_call)) score = Math.max(score, 0.8);
      if (m.role === 'tool' && obj(m.tool_call)) return 0; // AgentDojo
      if (Array.isArray(m.content) && m.content.some((b) => ['tool_use', 'tool_result'].includes(String(obj(b)?.type)))) return 0;
      if (typeof m.role === 'string' && (typeof m.content === 'string' || m.content === null)) score = Math.max(score, 0.4);
    }
    return score;
  },
  async read(input, emit: EventSink, ctx) {
    let n = 0;
    for await (const batch of input.batches(ctx.error)) for (const rec of batch) {
      const root = obj(rec.value);
      const time = isoFromUnixSeconds(root?.created);
      for (const { value, path } of messageList(rec, ['messages'])) {
        emitMessage(value, path, rec, emit, time, () => `call-${++n}`);
      }
      if (root && Array.isArray(root.choices)) {
        root.choices.forEach((c, i) => emitMessage(obj(c)?.message, ['choices', i, 'message'], rec, emit, time, () => `call-${++n}`));
      }
    }
  },
};

function emitMessage(
  value: unknown,
  path: (string | number)[],
  rec: Parameters<typeof src>[0],
  emit: EventSink,
  time: string | undefined,
  nextId: () => string,
): void {
  const m = obj(value);
  if (!m) return;
  const role = str(m.role);
  const name = str(m.name);
  if (role === 'tool' || role === 'function') {
    emit({
      kind: 'tool-result',
      callId: str(m.tool_call_id),
      tool: role === 'function' ? name : undefined,
      text: textOf(m.content),
      src: src(rec, path),
      time,
    });
    return;
  }
  if (role !== 'user' && role !== 'assistant' && role !== 'system' && role !== 'developer') return;
  const text = textOf(m.content);
  const actor = name ?? role;
  if (text) emit({ kind: 'message', role, text, actor, src: src(rec, path), time });
  if (role !== 'assistant') return;
  const calls = arr(m.tool_calls);
  calls.forEach((tc, i) => {
    const t = obj(tc);
    const fn: Obj | undefined = obj(t?.function) ?? (t?.type === 'custom' ? obj(t?.custom) : undefined);
    if (!t || !fn) return;
    const raw = fn.arguments ?? (typeof fn.input === 'string' ? { input: fn.input } : undefined);
    emit({
      kind: 'tool-call',
      callId: str(t.id) ?? nextId(),
      tool: str(fn.name) ?? '(unnamed)',
      ...parseArgs(raw),
      actor,
      src: src(rec, [...path, 'tool_calls', i]),
      time,
    });
  });
  const legacy = obj(m.function_call);
  if (legacy) {
    emit({ kind: 'tool-call', callId: nextId(), tool: str(legacy.name) ?? '(unnamed)', ...parseArgs(legacy.arguments), actor, src: src(rec, [...path, 'function_call']), time });
  }
}
