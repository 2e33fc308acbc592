/**
 * AgentDojo result files (`runs/<pipeline>/<suite>/<user_task>/<attack>/<injection_task>.json`):
 * one JSON object with `suite_name`, `user_task_id`, `injection_task_id`, `messages`, `utility`,
 * `security`. Assistant `tool_calls` are `{function, args (object), id}`; tool messages repeat the
 * call in `tool_call` and carry `error`. `content` is a string or `[{type: "text", content}]`.
 */
import type { FormatReader } from './util.js';
import { arr, obj, str, textOf, src } from './util.js';

export const agentdojo: FormatReader = {
  id: 'agentdojo-result',
  title: 'AgentDojo result',
  detect(sample) {
    for (const rec of sample) {
      const o = obj(rec);
      if (o && 'suite_name' in o && 'user_task_id' in o && Array.isArray(o.messages)) return 1;
      const msgs = Array.isArray(rec) ? rec : arr(o?.messages);
      if (msgs.some((m) => obj(m)?.role === 'tool' && typeof obj(obj(m)?.tool_call)?.function === 'string')) return 0.9;
    }
    return 0;
  },
  async read(input, emit, ctx) {
    let n = 0;
    for await (const batch of input.batches(ctx.error)) for (const rec of batch) {
      const o = obj(rec.value);
      const messages = Array.isArray(rec.value) ? rec.value : arr(o?.messages);
      const base: (string | number)[] = Array.isArray(rec.value) ? [] : ['messages'];
      if (o && !Array.isArray(rec.value)) {
        const id = [o.suite_name, o.user_task_id, o.injection_task_id].filter((x) => typeof x === 'string').join('/');
        emit({ kind: 'session', sessionId: id || undefined, agent: str(o.pipeline_name), time: str(o.evaluation_timestamp), src: { line: rec.line } });
      }
      messages.forEach((mv, i) => {
        const m = obj(mv);
        if (!m) return;
        const path = [...base, i];
        const role = str(m.role);
        if (role === 'tool') {
          const call = obj(m.tool_call);
          emit({
            kind: 'tool-result',
            callId: str(m.tool_call_id) ?? str(call?.id),
            tool: str(call?.function),
            text: textOf(m.content),
            isError: m.error ? true : undefined,
            src: src(rec, path),
          });
          return;
        }
        if (role !== 'user' && role !== 'assistant' && role !== 'system') return;
        const text = textOf(m.content);
        if (text) emit({ kind: 'message', role, text, actor: role, src: src(rec, path) });
        arr(m.tool_calls).forEach((tc, j) => {
          const t = obj(tc);
          if (!t || typeof t.function !== 'string') return;
          emit({
            kind: 'tool-call',
            callId: str(t.id) ?? `call-${++n}`,
            tool: t.function,
            args: obj(t.args) ?? {},
            argsRecorded: t.args !== undefined,
            actor: 'assistant',
            src: src(rec, [...path, 'tool_calls', j]),
          });
        });
      });
    }
  },
};
