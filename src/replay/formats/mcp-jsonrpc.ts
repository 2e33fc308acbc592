/**
 * MCP JSON-RPC 2.0 traffic logs: one message per line, bare (a tee of stdio) or wrapped by a capture
 * proxy as `{ts|timestamp|time, dir|direction, msg|message|data|payload}`. `tools/call` requests
 * are tool calls, their responses (joined by `id`) are results (`isError` or a JSON-RPC `error`).
 * `initialize` names the client (actor) and the server. No approvals are recorded in MCP itself.
 */
import type { Obj } from './util.js';
import type { FormatReader } from './util.js';
import { arr, isoTime, obj, str, textOf } from './util.js';

const WRAP_KEYS = ['msg', 'message', 'data', 'payload', 'json', 'body'];

/** The JSON-RPC message(s) of a record, and the wrapper's time if any. */
export function unwrap(v: unknown): { messages: { m: Obj; pointer: string }[]; time?: string } {
  const direct = (x: unknown, pointer: string): { m: Obj; pointer: string }[] => {
    if (Array.isArray(x)) return x.map((e, i) => ({ m: obj(e)!, pointer: `${pointer}/${i}` })).filter((e) => e.m && e.m.jsonrpc === '2.0');
    const o = obj(x);
    return o && o.jsonrpc === '2.0' ? [{ m: o, pointer }] : [];
  };
  const here = direct(v, '');
  if (here.length) return { messages: here };
  const o = obj(v);
  if (!o) return { messages: [] };
  for (const k of WRAP_KEYS) {
    let inner = o[k];
    if (typeof inner === 'string' && inner.startsWith('{')) {
      try {
        inner = JSON.parse(inner);
      } catch {
        continue;
      }
    }
    const found = direct(inner, `/${k}`);
    if (found.length) return { messages: found, time: isoTime(o.ts ?? o.timestamp ?? o.time) };
  }
  return { messages: [] };
}

export const mcpJsonRpc: FormatReader = {
  id: 'mcp-jsonrpc',
  title: 'MCP JSON-RPC log',
  detect(sample) {
    let hits = 0;
    for (const rec of sample) if (unwrap(rec).messages.length) hits++;
    return hits === 0 ? 0 : hits >= Math.min(2, sample.length) ? 0.95 : 0.6;
  },
  async read(input, emit, ctx) {
    const pending = new Map<string, string>();
    let client = 'mcp-client';
    let server: string | undefined;
    let sessionSent = false;
    for await (const batch of input.batches(ctx.error)) for (const rec of batch) {
      const { messages, time } = unwrap(rec.value);
      if (!messages.length) {
        ctx.error(rec.line, 'not a JSON-RPC 2.0 message');
        continue;
      }
      for (const { m, pointer } of messages) {
        const at = { line: rec.line, pointer: `${rec.pointer}${pointer}` || undefined };
        const method = str(m.method);
        const id = m.id === undefined || m.id === null ? undefined : String(m.id);
        const params = obj(m.params);
        if (method === 'initialize') {
          client = str(obj(params?.clientInfo)?.name) ?? client;
          if (id) pending.set(id, '\u0000initialize');
          continue;
        }
        if (method === 'tools/call') {
          const name = str(params?.name) ?? '(unnamed)';
          if (id) pending.set(id, name);
          const args = params && 'arguments' in params ? params.arguments : {};
          emit({ kind: 'tool-call', callId: id, tool: name, server, args, argsRecorded: true, actor: client, src: at, time });
          continue;
        }
        if (method) continue; // other requests and notifications
        if (!id || !pending.has(id)) continue;
        const tool = pending.get(id)!;
        pending.delete(id);
        const result = obj(m.result);
        if (tool === '\u0000initialize') {
          server = str(obj(result?.serverInfo)?.name);
          if (!sessionSent) {
            sessionSent = true;
            emit({ kind: 'session', agent: client, src: at, time });
          }
          continue;
        }
        if (result) {
          let text = textOf(arr(result.content));
          if (result.structuredContent !== undefined) text = `${text}\n${textOf(result.structuredContent)}`;
          emit({ kind: 'tool-result', callId: id, tool, text, isError: result.isError === true || undefined, src: at, time });
        } else {
          const err = obj(m.error);
          emit({ kind: 'tool-result', callId: id, tool, text: str(err?.message) ?? 'error', isError: true, src: at, time });
        }
      }
    }
  },
};
