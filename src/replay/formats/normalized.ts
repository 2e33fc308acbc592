/**
 * agentwarden's own normalized session format (`agentwarden.session/v1`), JSONL, one event per
 * line; documented in `src/replay/README.md`. Every field is validated; a bad line is reported
 * with its line number and skipped.
 */
import type { ReplayEvent, SessionSettings } from '../model.js';
import type { FormatReader, Obj } from './util.js';
import { arr, obj, str, textOf } from './util.js';

export const NORMALIZED_SCHEMA = 'agentwarden.session/v1';
const TYPES = new Set(['session', 'message', 'tool-call', 'tool-result', 'approval', 'delegation', 'credential-issue', 'credential-revoke']);
const ROLES = new Set(['user', 'assistant', 'system', 'developer', 'tool']);

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

/** Convert one line; a string is an error message. */
export function normalizedEvent(o: Obj, line: number): ReplayEvent | string {
  const type = str(o.type);
  const base = { src: { line }, time: str(o.time) ?? str(o.timestamp), actor: str(o.actor), id: str(o.id) };
  switch (type) {
    case 'session': {
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(obj(o.env) ?? {})) if (typeof v === 'string') env[k] = v;
      const s = obj(o.settings);
      const settings: SessionSettings | undefined = s
        ? { permissionMode: str(s.permissionMode), approvalPolicy: str(s.approvalPolicy), sandboxPolicy: str(s.sandboxPolicy) }
        : undefined;
      const agentsObj = obj(o.agents);
      const agentTools = agentsObj
        ? Object.entries(agentsObj).map(([agent, v]) => ({ agent, tools: strings(obj(v)?.tools) ?? strings(v) ?? [] }))
        : undefined;
      return { kind: 'session', ...base, boundary: o.boundary === true || undefined, sessionId: str(o.id) ?? str(o.sessionId), agent: str(o.agent), user: str(o.user), objective: str(o.objective), env: Object.keys(env).length ? env : undefined, settings, agentTools };
    }
    case 'message': {
      const role = str(o.role) ?? 'user';
      if (!ROLES.has(role)) return `message.role must be one of ${[...ROLES].join(', ')}`;
      return { kind: 'message', ...base, role: role as 'user', text: textOf(o.text ?? o.content) };
    }
    case 'tool-call': {
      const tool = str(o.tool);
      if (!tool) return 'tool-call needs "tool" (the tool name)';
      let args: unknown = o.args;
      let argsRaw: string | undefined;
      let argsError: string | undefined;
      if (args === undefined && typeof o.arguments === 'string') {
        argsRaw = o.arguments;
        try {
          args = JSON.parse(o.arguments);
        } catch {
          args = o.arguments;
          argsError = 'arguments are not valid JSON';
        }
      }
      return {
        kind: 'tool-call', ...base, callId: str(o.callId) ?? str(o.id), tool, server: str(o.server), args,
        argsRecorded: args !== undefined, argsRaw, argsError, credential: str(o.credential), escalation: o.escalation === true || undefined,
      };
    }
    case 'tool-result': {
      return { kind: 'tool-result', ...base, callId: str(o.callId), tool: str(o.tool), text: textOf(o.output ?? o.text ?? o.content), isError: o.isError === true || undefined };
    }
    case 'approval': {
      const decision = str(o.decision);
      if (decision !== 'approved' && decision !== 'denied' && decision !== 'requested') return 'approval.decision must be approved, denied or requested';
      const scope = str(o.scope);
      if (scope !== undefined && scope !== 'once' && scope !== 'session') return 'approval.scope must be once or session';
      return { kind: 'approval', ...base, callId: str(o.callId), tool: str(o.tool), decision, approver: str(o.approver), scope: scope as 'once' | undefined, reason: str(o.reason) };
    }
    case 'delegation': {
      const to = str(o.to);
      if (!to) return 'delegation needs "to" (the agent delegated to)';
      return { kind: 'delegation', ...base, from: str(o.from), to, tools: strings(o.tools), callId: str(o.callId) };
    }
    case 'credential-issue': {
      const credential = str(o.credential) ?? str(o.id);
      if (!credential) return 'credential-issue needs "credential" (its id)';
      const lifetime = str(o.lifetime);
      if (lifetime !== undefined && !['long-lived', 'expiring', 'unknown'].includes(lifetime)) return 'credential-issue.lifetime must be long-lived, expiring or unknown';
      return { kind: 'credential-issue', ...base, credential, lifetime: lifetime as 'long-lived' | undefined, shared: typeof o.shared === 'boolean' ? o.shared : undefined, holder: str(o.holder), value: str(o.value) };
    }
    case 'credential-revoke': {
      const target = str(o.target) ?? 'credential';
      if (!['credential', 'session', 'agent', 'tool', 'approval'].includes(target)) return 'credential-revoke.target must be credential, session, agent, tool or approval';
      return { kind: 'credential-revoke', ...base, target: target as 'credential', ref: str(o.ref) ?? str(o.credential) };
    }
    default:
      return `unknown event type "${String(type).slice(0, 40)}"`;
  }
}

export const normalized: FormatReader = {
  id: 'agentwarden-jsonl',
  title: 'agentwarden normalized session JSONL',
  detect(sample) {
    let score = 0;
    for (const rec of sample) {
      const o = obj(rec);
      if (!o) continue;
      if (o.type === 'session' && o.schema === NORMALIZED_SCHEMA) return 1;
      if (TYPES.has(String(o.type)) && String(o.type).includes('-') && ('tool' in o || 'callId' in o || 'credential' in o || 'to' in o)) score = 0.9;
    }
    return score;
  },
  async read(input, emit, ctx) {
    const one = (item: unknown, line: number): void => {
      const o = obj(item);
      if (!o) return ctx.error(line, 'an event must be a JSON object');
      const e = normalizedEvent(o, line);
      if (typeof e === 'string') ctx.error(line, e);
      else emit(e);
    };
    for await (const batch of input.batches(ctx.error)) {
      for (const rec of batch) {
        if (Array.isArray(rec.value)) for (const item of arr(rec.value)) one(item, rec.line);
        else one(rec.value, rec.line);
      }
    }
  },
};
