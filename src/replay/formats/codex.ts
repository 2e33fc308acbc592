/**
 * OpenAI Codex CLI rollouts (`~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`): every line is
 * `{timestamp, type, payload}`. `session_meta` names the session, `turn_context` carries the
 * `approval_policy` and `sandbox_policy`, `response_item` payloads are Responses items (tool calls
 * and outputs), and `event_msg` payloads include `exec_approval_request` /
 * `apply_patch_approval_request`. Codex records the request but not the user's answer: a call whose
 * output follows a request ran, so it counts as approved (inferred), unless the output says it was
 * rejected. `codex exec --json` prints a different stream and is not this format.
 */
import type { FormatReader } from './util.js';
import { obj, str } from './util.js';
import { emitItem } from './openai-responses.js';

const LINE_TYPES = new Set(['session_meta', 'response_item', 'event_msg', 'turn_context', 'compacted', 'world_state']);
const REJECTED = /\b(?:rejected|denied|declined|aborted)\b[^\n]{0,40}\b(?:by (?:the )?user|approval)|user (?:rejected|denied|declined)|not approved/i;

function sandboxMode(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  const o = obj(v);
  return str(o?.mode) ?? str(o?.type);
}

export const codexRollout: FormatReader = {
  id: 'codex-rollout',
  title: 'Codex CLI rollout JSONL',
  detect(sample) {
    let hits = 0;
    for (const rec of sample) {
      const o = obj(rec);
      if (o && LINE_TYPES.has(String(o.type)) && obj(o.payload)) hits++;
    }
    return hits === 0 ? 0 : hits >= Math.min(2, sample.length) ? 1 : 0.7;
  },
  async read(input, emit, ctx) {
    const awaitingAnswer = new Map<string, { line: number }>();
    let agent = 'codex';
    for await (const batch of input.batches(ctx.error)) for (const rec of batch) {
      const o = obj(rec.value);
      const payload = obj(o?.payload);
      if (!o || !payload) continue;
      const time = str(o.timestamp);
      switch (o.type) {
        case 'session_meta': {
          agent = str(payload.agent_nickname) ?? str(payload.originator) ?? 'codex';
          emit({ kind: 'session', sessionId: str(payload.id), agent, src: { line: rec.line, pointer: '/payload' }, time });
          break;
        }
        case 'turn_context': {
          emit({
            kind: 'session',
            settings: { approvalPolicy: str(payload.approval_policy), sandboxPolicy: sandboxMode(payload.sandbox_policy) },
            src: { line: rec.line, pointer: '/payload' },
            time,
          });
          break;
        }
        case 'event_msg': {
          const t = str(payload.type);
          if (t === 'exec_approval_request' || t === 'apply_patch_approval_request') {
            const callId = str(payload.call_id);
            emit({ kind: 'approval', callId, decision: 'requested', reason: str(payload.reason), src: { line: rec.line, pointer: '/payload' }, time });
            if (callId) awaitingAnswer.set(callId, { line: rec.line });
          }
          break;
        }
        case 'response_item': {
          const callId = str(payload.call_id);
          const isOutput = typeof payload.type === 'string' && payload.type.endsWith('_output');
          if (isOutput && callId && awaitingAnswer.has(callId)) {
            awaitingAnswer.delete(callId);
            const text = typeof payload.output === 'string' ? payload.output : JSON.stringify(payload.output ?? '');
            const rejected = REJECTED.test(text.slice(0, 600));
            emit({
              kind: 'approval',
              callId,
              decision: rejected ? 'denied' : 'approved',
              approver: 'user',
              inferred: true,
              reason: rejected ? 'the output says the user rejected the command' : 'the command ran after Codex asked for approval',
              src: { line: rec.line, pointer: '/payload' },
              time,
            });
          }
          if (!emitItem(payload, { rec, path: ['payload'], actor: agent, time, emit })) {
            ctx.error(rec.line, `unknown response item type "${String(payload.type).slice(0, 40)}" skipped`);
          }
          break;
        }
        default:
          break;
      }
    }
  },
};
