/**
 * Approval files: approvals given outside the transcript (a ticket, a chat-ops bot, a change
 * record), matched to calls by call id, by step, or by tool for the whole session.
 *
 * ```yaml
 * version: 1
 * approvals:
 *   - callId: toolu_01ABC           # or step: 12, or tool: issue_refund with scope: session
 *     decision: approved            # approved | denied (default approved)
 *     approver: alice@example.com
 *     session: 9f1c…                # optional: session id, or a glob on the session file path
 *     scope: once                   # once | session
 *     at: 2026-11-02T08:00:00Z      # optional: a session-scope approval counts from then on
 *     reason: CHG-1234
 * ```
 */
import { ToolMatcher, Validator, globToRegExp, loadYaml } from './config.js';

export interface ApprovalRecord {
  callId?: string;
  step?: number;
  tool?: ToolMatcher;
  session?: string;
  sessionRe?: { test(text: string): boolean };
  decision: 'approved' | 'denied';
  approver: string;
  scope: 'once' | 'session';
  at?: number;
  reason?: string;
  where: string;
}

export function loadApprovals(abs: string, file: string): ApprovalRecord[] {
  const y = loadYaml(abs, file);
  const v = new Validator(y);
  const root = v.object(y.value, [], ['version', 'approvals'], ['version', 'approvals']);
  if (root.version !== 1) v.fail(['version'], 'must be 1');
  return v.list(root.approvals, ['approvals']).map((raw, i) => {
    const path = ['approvals', i];
    const a = v.object(raw, path, ['callId', 'step', 'tool', 'session', 'decision', 'approver', 'scope', 'at', 'reason'], ['approver']);
    const rec: ApprovalRecord = {
      callId: v.optString(a.callId, [...path, 'callId']),
      step: a.step === undefined ? undefined : v.number(a.step, [...path, 'step']),
      tool: a.tool === undefined ? undefined : new ToolMatcher([v.string(a.tool, [...path, 'tool'], { nonEmpty: true })]),
      session: v.optString(a.session, [...path, 'session']),
      decision: a.decision === undefined ? 'approved' : v.oneOf(a.decision, [...path, 'decision'], ['approved', 'denied'] as const),
      approver: v.string(a.approver, [...path, 'approver'], { nonEmpty: true }),
      scope: a.scope === undefined ? 'once' : v.oneOf(a.scope, [...path, 'scope'], ['once', 'session'] as const),
      reason: v.optString(a.reason, [...path, 'reason']),
      where: `${file}:${y.lineOf(path) ?? 1}`,
    };
    if (rec.session) rec.sessionRe = globToRegExp(rec.session);
    if (a.at !== undefined) {
      const t = Date.parse(v.string(a.at, [...path, 'at']));
      if (Number.isNaN(t)) v.fail([...path, 'at'], 'must be an ISO-8601 time');
      rec.at = t;
    }
    if (rec.callId === undefined && rec.step === undefined && rec.tool === undefined) v.fail(path, 'needs callId, step or tool');
    if (rec.scope === 'once' && rec.callId === undefined && rec.step === undefined) {
      v.fail(path, 'a scope "once" approval names its call (callId or step); use scope: session to approve a tool for the session');
    }
    return rec;
  });
}

export interface CallRef {
  callId?: string;
  step: number;
  tool: string;
  toolNames: string[];
  time?: number;
  sessionId?: string;
  sessionPath: string;
}

/** The last matching record wins (a later denial overrides an earlier approval). */
export function matchApproval(records: ApprovalRecord[], call: CallRef): ApprovalRecord | undefined {
  let hit: ApprovalRecord | undefined;
  for (const r of records) {
    if (r.sessionRe && !(call.sessionId && r.sessionRe.test(call.sessionId)) && !r.sessionRe.test(call.sessionPath)) continue;
    if (r.callId !== undefined) {
      if (r.callId !== call.callId) continue;
    } else if (r.step !== undefined) {
      if (r.step !== call.step) continue;
    }
    if (r.tool && !r.tool.match(...call.toolNames)) continue;
    if (r.scope === 'session' && r.at !== undefined && (call.time === undefined || call.time < r.at)) continue;
    hit = r;
  }
  return hit;
}
