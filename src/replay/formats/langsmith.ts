/**
 * LangSmith run exports: runs (spans) as a JSON array, `{runs: […]}`, or JSONL. Order by
 * `dotted_order` (else `start_time`). `run_type: "tool"` runs are tool calls (`inputs` = arguments,
 * `outputs` = result, `error`); the root run's inputs give the user prompt. Buffered to sort, compactly
 * (model and chain runs without their inputs and outputs); each trace is its own session.
 */
import type { EventSink, SourceRef } from '../model.js';
import type { FormatReader, Obj } from './util.js';
import { obj, str, textOf } from './util.js';
import { cmp } from '../../engine/order.js';

interface Run {
  o: Obj;
  order: string;
  src: SourceRef;
}

function runsOf(v: unknown): { o: Obj; sub: (string | number)[] }[] {
  const o = obj(v);
  if (o && Array.isArray(o.runs)) return o.runs.map((x, i) => ({ o: obj(x)!, sub: ['runs', i] })).filter((x) => x.o);
  if (Array.isArray(v)) return v.map((x, i) => ({ o: obj(x)!, sub: [i] })).filter((x) => x.o);
  return o ? [{ o, sub: [] }] : [];
}

/** Tool inputs are often `{input: "<JSON or text>"}`: unwrap a JSON object from it. */
function toolArgs(inputs: unknown): unknown {
  const i = obj(inputs);
  if (i && Object.keys(i).length === 1 && typeof i.input === 'string') {
    const t = i.input.trim();
    if (t.startsWith('{')) {
      try {
        return JSON.parse(t);
      } catch {
        /* keep text */
      }
    }
  }
  return inputs;
}

/**
 * What is kept of a run until the export is sorted: its place in the tree and times, and the inputs
 * and outputs only of tool runs and root runs. Model and chain runs carry the whole conversation in
 * their inputs and outputs (and `serialized`, `events`): dropping them keeps a long export small.
 */
function compact(o: Obj): Obj {
  const keep = o.run_type === 'tool' || !o.parent_run_id;
  const meta = obj(obj(o.extra)?.metadata);
  return {
    id: o.id, trace_id: o.trace_id, parent_run_id: o.parent_run_id, dotted_order: o.dotted_order, run_type: o.run_type, name: o.name,
    start_time: o.start_time, end_time: o.end_time, error: o.error,
    ...(meta && meta.user_id !== undefined ? { extra: { metadata: { user_id: meta.user_id } } } : {}),
    ...(keep ? { inputs: o.inputs, outputs: o.outputs } : {}),
  };
}

export const langsmith: FormatReader = {
  id: 'langsmith-runs',
  title: 'LangSmith run export',
  detect(sample) {
    for (const rec of sample) {
      for (const { o } of runsOf(rec)) {
        if (typeof o.run_type === 'string' && ('dotted_order' in o || 'trace_id' in o || 'parent_run_id' in o)) return 0.95;
        if (typeof o.run_type === 'string' && 'inputs' in o) return 0.7;
      }
    }
    return 0;
  },
  async read(input, emit, ctx) {
    const runs: Run[] = [];
    for await (const batch of input.batches(ctx.error)) for (const rec of batch) {
      for (const { o, sub } of runsOf(rec.value)) {
        if (typeof o.run_type !== 'string') continue;
        runs.push({
          o: compact(o),
          order: str(o.dotted_order) ?? str(o.start_time) ?? '',
          src: { line: rec.lineOf(sub), pointer: `${rec.pointer}${sub.map((p) => `/${p}`).join('')}` || undefined },
        });
      }
    }
    runs.sort((a, b) => cmp(a.order, b.order));
    // an export holds the runs of many traces: each trace is its own session (dotted orders keep a trace together)
    const traces = new Map<string, Run[]>();
    for (const r of runs) {
      const trace = str(r.o.trace_id) ?? str(r.o.dotted_order)?.split('.')[0] ?? '';
      let list = traces.get(trace);
      if (!list) traces.set(trace, (list = []));
      list.push(r);
    }
    let first = true;
    for (const list of traces.values()) {
      emitTrace(list, emit, first);
      first = false;
    }
  },
};

function emitTrace(runs: Run[], emit: EventSink, first: boolean): void {
  const root = runs.find((r) => !r.o.parent_run_id) ?? runs[0];
  if (!root) return;
  const agent = str(root.o.name);
  const meta = obj(obj(root.o.extra)?.metadata);
  emit({ kind: 'session', boundary: first ? undefined : true, sessionId: str(root.o.trace_id) ?? str(root.o.id), agent, user: str(meta?.user_id), src: root.src, time: str(root.o.start_time) });
  const prompt = obj(root.o.inputs);
  if (prompt) {
    const text = textOf(prompt.input ?? prompt.question ?? prompt.query ?? prompt.messages ?? prompt);
    if (text) emit({ kind: 'message', role: 'user', text, actor: 'user', src: root.src, time: str(root.o.start_time) });
  }
  for (const r of runs) {
    if (r.o.run_type !== 'tool') continue;
    const id = str(r.o.id);
    const time = str(r.o.start_time);
    emit({ kind: 'tool-call', callId: id, id, tool: str(r.o.name) ?? '(unnamed)', args: toolArgs(r.o.inputs), argsRecorded: r.o.inputs !== undefined && r.o.inputs !== null, actor: agent, src: r.src, time });
    const outputs = obj(r.o.outputs);
    if (outputs || r.o.error) {
      emit({ kind: 'tool-result', callId: id, text: r.o.error ? textOf(r.o.error) : textOf(outputs?.output ?? outputs), isError: !!r.o.error || undefined, src: r.src, time: str(r.o.end_time) });
    }
  }
  const out = obj(root.o.outputs);
  if (out) {
    const text = textOf(out.output ?? out.answer ?? out.result ?? out.messages);
    if (text) emit({ kind: 'message', role: 'assistant', text, actor: agent, src: root.src, time: str(root.o.end_time) });
  }
}
