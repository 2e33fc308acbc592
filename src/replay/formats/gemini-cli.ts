/**
 * Gemini CLI saved chats, in their layouts:
 *
 * - chat recording, JSON (`~/.gemini/tmp/<project>/chats/session-*.json`): `{sessionId, projectHash,
 *   startTime, lastUpdated, messages: [...]}`; a message is `{id, timestamp, type: user | gemini |
 *   info | error, content (string or [{text}]), toolCalls?: [{id, name, args, status, timestamp,
 *   result: [{functionResponse: {id, name, response: {output | error}}}], resultDisplay}]}`;
 * - chat recording, JSONL: a first line with the session fields, then one message per line (and
 *   metadata updates, `{"$set": {...}}`, which carry no step);
 * - `/chat save` checkpoints (`checkpoint-<tag>.json`): the model history, a list of
 *   `{role: user | model, parts: [{text} | {functionCall: {id, name, args}} | {functionResponse: {id, name, response}}]}`
 *   (also under `history`).
 *
 * A tool call's `status` tells whether it ran: `cancelled` means the user declined it (a denial);
 * Gemini CLI records no approval otherwise, so approvals stay unknown.
 */
import type { InputRecord, Path } from '../input.js';
import type { EventSink } from '../model.js';
import type { FormatReader, Obj } from './util.js';
import { arr, obj, str, src, textOf } from './util.js';

const MESSAGE_TYPES = new Set(['user', 'gemini', 'info', 'error', 'warning']);

function isRecordedMessage(v: unknown): boolean {
  const o = obj(v);
  return !!o && typeof o.type === 'string' && MESSAGE_TYPES.has(o.type) && ('content' in o || 'toolCalls' in o) && ('id' in o || 'timestamp' in o);
}
function isContent(v: unknown): boolean {
  const o = obj(v);
  return !!o && (o.role === 'user' || o.role === 'model') && Array.isArray(o.parts);
}

function resultText(call: Obj): { text: string; isError: boolean } {
  // `result` is a part list union: a list of parts, one part, or a string
  if (typeof call.result === 'string') return { text: call.result, isError: call.status === 'error' };
  for (const r of Array.isArray(call.result) ? call.result : [call.result]) {
    const fr = obj(obj(r)?.functionResponse);
    const resp = obj(fr?.response);
    if (resp) {
      if (resp.error !== undefined) return { text: textOf(resp.error), isError: true };
      return { text: textOf(resp.output ?? resp.result ?? resp), isError: false };
    }
  }
  const display = call.resultDisplay;
  return { text: typeof display === 'string' ? display : textOf(display), isError: call.status === 'error' };
}

export const geminiCli: FormatReader = {
  id: 'gemini-cli',
  title: 'Gemini CLI saved chat',
  detect(sample, shape) {
    let score = 0;
    for (const rec of sample) {
      const o = obj(rec);
      if (o && typeof o.sessionId === 'string' && ('projectHash' in o || 'startTime' in o)) score = Math.max(score, Array.isArray(o.messages) || shape === 'jsonl' ? 0.95 : 0.6);
      if (isRecordedMessage(rec)) score = Math.max(score, 0.85);
      if (isContent(rec)) score = Math.max(score, 0.7);
      if (o && Array.isArray(o.history) && o.history.some(isContent)) score = Math.max(score, 0.8);
      if (o && o.$set && obj(o.$set)) score = Math.max(score, 0.5);
    }
    return score;
  },
  async read(input, emit, ctx) {
    let n = 0;
    const nextId = (): string => `gemini-call-${++n}`;
    let started = false;
    const session = (rec: InputRecord, o?: Obj): void => {
      if (started && !o) return;
      started = true;
      emit({ kind: 'session', sessionId: str(o?.sessionId), agent: 'gemini-cli', time: str(o?.startTime), src: { line: rec.line } });
    };
    for await (const batch of input.batches(ctx.error)) for (const rec of batch) {
      const o = obj(rec.value);
      if (o && Array.isArray(o.messages)) {
        session(rec, o);
        o.messages.forEach((m, i) => emitMessage(m, ['messages', i], rec, emit, nextId));
      } else if (o && Array.isArray(o.history)) {
        session(rec);
        o.history.forEach((c, i) => emitContent(c, ['history', i], rec, emit, nextId));
      } else if (o && typeof o.sessionId === 'string' && !('type' in o)) {
        session(rec, o);
      } else if (isRecordedMessage(rec.value)) {
        session(rec);
        emitMessage(rec.value, [], rec, emit, nextId);
      } else if (isContent(rec.value)) {
        session(rec);
        emitContent(rec.value, [], rec, emit, nextId);
      } else if (o && obj(o.$set)) {
        // a metadata update: no step
      } else {
        ctx.error(rec.line, 'not a Gemini CLI chat record');
      }
    }
  },
};

function emitMessage(v: unknown, path: Path, rec: InputRecord, emit: EventSink, nextId: () => string): void {
  const m = obj(v);
  if (!m) return;
  const at = src(rec, path);
  const time = str(m.timestamp);
  const text = textOf(m.content);
  if (m.type === 'user') {
    if (text) emit({ kind: 'message', role: 'user', text, actor: 'user', time, src: at });
    return;
  }
  if (m.type !== 'gemini') return; // info, error, warning: the CLI's own notices
  if (text) emit({ kind: 'message', role: 'assistant', text, actor: 'gemini-cli', time, src: at });
  arr(m.toolCalls).forEach((raw, i) => {
    const c = obj(raw);
    if (!c) return;
    const callAt = src(rec, [...path, 'toolCalls', i]);
    const callId = str(c.id) ?? nextId();
    const tool = str(c.name) ?? '(unnamed)';
    const argsRecorded = c.args !== undefined;
    emit({ kind: 'tool-call', callId, tool, args: c.args ?? {}, argsRecorded, actor: 'gemini-cli', time: str(c.timestamp) ?? time, src: callAt });
    if (c.status === 'cancelled') {
      emit({ kind: 'approval', callId, decision: 'denied', approver: 'user', inferred: true, reason: 'the call was cancelled', src: callAt });
      return;
    }
    if (c.result !== undefined || c.resultDisplay !== undefined) {
      const r = resultText(c);
      emit({ kind: 'tool-result', callId, tool, text: r.text, isError: r.isError || undefined, time: str(c.timestamp) ?? time, src: callAt });
    }
  });
}

function emitContent(v: unknown, path: Path, rec: InputRecord, emit: EventSink, nextId: () => string): void {
  const c = obj(v);
  if (!c) return;
  const role = c.role === 'model' ? 'assistant' : 'user';
  const pending: string[] = [];
  arr(c.parts).forEach((raw, i) => {
    const p = obj(raw);
    if (!p) return;
    const at = src(rec, [...path, 'parts', i]);
    if (typeof p.text === 'string' && p.text && !p.thought) emit({ kind: 'message', role, text: p.text, actor: role === 'user' ? 'user' : 'gemini-cli', src: at });
    const fc = obj(p.functionCall);
    if (fc) {
      const callId = str(fc.id) ?? nextId();
      pending.push(callId);
      emit({ kind: 'tool-call', callId, tool: str(fc.name) ?? '(unnamed)', args: fc.args ?? {}, argsRecorded: fc.args !== undefined, actor: 'gemini-cli', src: at });
    }
    const fr = obj(p.functionResponse);
    if (fr) {
      const resp = obj(fr.response);
      const isError = resp?.error !== undefined;
      emit({ kind: 'tool-result', callId: str(fr.id), tool: str(fr.name), text: textOf(isError ? resp!.error : (resp?.output ?? resp?.result ?? fr.response)), isError: isError || undefined, src: at });
    }
  });
}
