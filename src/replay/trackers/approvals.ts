/** ApprovalLedger: approval records from the session, approval files and session settings. */
import type { ApprovalEvent, ToolCallEvent } from '../model.js';
import { matchApproval, type ApprovalRecord, type CallRef } from '../approvals.js';
import { BoundedMap } from '../bounded-map.js';
import type { Revocation } from './credentials.js';

export type ApprovalState = 'approved' | 'denied' | 'absent' | 'unknown';

export interface ApprovalFacts {
  state: ApprovalState;
  /** Who or what: `alice (approvals.yaml:4)`, `permission mode bypassPermissions` … */
  by: string;
  /** An explicit approval was revoked before this call. */
  revokedBy?: Revocation;
  /** The call ran inside a sandbox that limits it (Codex workspace-write / read-only). */
  sandboxed?: boolean;
  /** The denial was inferred from the result (the result is the refusal, not an execution). */
  inferredDenial?: boolean;
}

const EDIT_TOOLS = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

export interface LedgerCall {
  event: ToolCallEvent;
  ref: CallRef;
  attached: ApprovalEvent[];
  actor?: string;
}

export class ApprovalLedger {
  private readonly byRequest = new BoundedMap<string, ApprovalEvent>(50_000);
  /** Approvals recorded before their call (by call id). */
  private readonly byCall = new BoundedMap<string, ApprovalEvent[]>(50_000);
  private readonly sessionScoped: { tool?: string; approval: ApprovalEvent; step: number }[] = [];
  permissionMode?: string;
  approvalPolicy?: string;
  sandboxPolicy?: string;

  constructor(private readonly records: ApprovalRecord[]) {}

  /** An approval event not attached to a pending call: kept for later calls. */
  remember(e: ApprovalEvent, step: number, attached = false): void {
    if (e.callId && !attached) {
      this.byCall.set(e.callId, [...(this.byCall.get(e.callId) ?? []), e]);
    }
    if (e.requestId) {
      const prev = this.byRequest.get(e.requestId);
      if (!prev || e.decision !== 'requested') {
        this.byRequest.set(e.requestId, e);
      }
    }
    if (e.scope === 'session' && e.decision !== 'requested' && this.sessionScoped.length < 10_000) this.sessionScoped.push({ tool: e.tool, approval: e, step });
  }

  resolve(call: LedgerCall, revocations: Revocation[]): ApprovalFacts {
    const approvalRevoked = (tool: string | undefined, callId: string | undefined): Revocation | undefined =>
      revocations.find((r) => r.target === 'approval' && r.ref && (r.ref === callId || (tool && r.ref.toLowerCase() === tool.toLowerCase())));
    // 1. records attached to this call (by call id or approval request id)
    const explicit = [...(call.event.callId ? (this.byCall.get(call.event.callId) ?? []) : []), ...call.attached];
    if (call.event.approvalRequestId) {
      const r = this.byRequest.get(call.event.approvalRequestId);
      if (r) explicit.push(r);
    }
    const decided = explicit.filter((a) => a.decision !== 'requested');
    const last = decided[decided.length - 1];
    if (last) {
      const who = `${last.approver ?? 'an approver'}${last.inferred ? ' (inferred)' : ''}`;
      if (last.decision === 'approved') {
        const revokedBy = approvalRevoked(call.event.tool, call.event.callId);
        if (revokedBy) return { state: 'absent', by: `the approval by ${who} was revoked`, revokedBy };
        return { state: 'approved', by: who };
      }
      return { state: 'denied', by: who, inferredDenial: !!last.inferred };
    }
    // 2. approval files
    const rec = matchApproval(this.records, call.ref);
    if (rec) {
      const revokedBy = rec.decision === 'approved' ? approvalRevoked(call.event.tool, call.event.callId) : undefined;
      if (revokedBy) return { state: 'absent', by: `the approval by ${rec.approver} (${rec.where}) was revoked`, revokedBy };
      return { state: rec.decision, by: `${rec.approver} (${rec.where})` };
    }
    // 3. session-scoped approvals recorded earlier in the session
    for (let i = this.sessionScoped.length - 1; i >= 0; i--) {
      const s = this.sessionScoped[i]!;
      if (s.step > call.ref.step) continue;
      if (s.tool && !call.ref.toolNames.some((n) => n.toLowerCase() === s.tool!.toLowerCase())) continue;
      const revokedBy = approvalRevoked(s.tool, undefined);
      if (revokedBy) return { state: 'absent', by: `the session approval by ${s.approval.approver ?? 'an approver'} was revoked`, revokedBy };
      return s.approval.decision === 'approved'
        ? { state: 'approved', by: `${s.approval.approver ?? 'an approver'} (for the session, step ${s.step})` }
        : { state: 'denied', by: `${s.approval.approver ?? 'an approver'} (for the session, step ${s.step})` };
    }
    const requested = explicit.some((a) => a.decision === 'requested');
    if (requested) return { state: 'unknown', by: 'approval was requested but the answer is not recorded' };
    // 4. session settings
    const mode = this.permissionMode;
    if (mode) {
      if (mode === 'bypassPermissions') return { state: 'absent', by: 'permission mode bypassPermissions (no prompts)' };
      if (mode === 'auto') return { state: 'absent', by: 'permission mode auto (a classifier, not a person, approves)' };
      if (mode === 'acceptEdits' && EDIT_TOOLS.has(call.event.tool)) return { state: 'absent', by: 'permission mode acceptEdits (edits run without a prompt)' };
      return { state: 'unknown', by: `permission mode ${mode}: a prompt or an allow rule let the call run; the transcript does not say which` };
    }
    const policy = this.approvalPolicy;
    if (policy) {
      const sandbox = this.sandboxPolicy;
      const sandboxed = !!sandbox && sandbox !== 'danger-full-access';
      if (policy === 'never') return { state: 'absent', by: `approval policy never${sandbox ? `, sandbox ${sandbox}` : ''}`, sandboxed };
      if (policy === 'on-request' && !call.event.escalation) {
        return { state: 'absent', by: `approval policy on-request: the command ran without asking${sandbox ? ` (sandbox ${sandbox})` : ''}`, sandboxed };
      }
      return { state: 'unknown', by: `approval policy ${policy}: no approval request recorded for this call` };
    }
    if (call.event.approvalRecordedPerCall) return { state: 'absent', by: 'no approval request was made for this call' };
    return { state: 'unknown', by: 'the session format records no approvals' };
  }
}
