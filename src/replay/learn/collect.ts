/**
 * What `policy learn` keeps from a benign session: the user's requests, every tool call with its
 * arguments and the provenance of its decisive values, and whether the format records approvals.
 */
import type { FormatId, ReplayEvent } from '../model.js';
import { ProvenanceTracker, type Origin } from '../provenance.js';
import { decisiveValues, type ValueKind } from '../decisive-values.js';

export interface LearnedValue {
  /** Path with list indices generalised: `recipients[]`. */
  path: string;
  kind: ValueKind;
  value: string;
  origin: Origin;
}

export interface LearnedCall {
  tool: string;
  args: unknown;
  argsRecorded: boolean;
  values: LearnedValue[];
  approved?: boolean;
}

export interface SessionFacts {
  file: string;
  format: FormatId;
  calls: LearnedCall[];
  /** The format recorded approval events or settings. */
  approvalsRecorded: boolean;
  requests: string[];
}

export const generalPath = (path: string): string => path.replace(/\[\d+\]/g, '[]');

/** Collects one session's facts from its events (bounded: the first 5,000 calls). */
export class FactCollector {
  private readonly provenance = new ProvenanceTracker();
  private readonly facts: SessionFacts;
  private step = 0;
  private readonly byId = new Map<string, LearnedCall>();
  private readonly open: { call: LearnedCall; args: unknown }[] = [];

  constructor(file: string, format: FormatId) {
    this.facts = { file, format, calls: [], approvalsRecorded: false, requests: [] };
  }

  push(e: ReplayEvent): void {
    this.step++;
    switch (e.kind) {
      case 'session':
        if (e.settings && (e.settings.approvalPolicy || e.settings.permissionMode)) this.facts.approvalsRecorded = true;
        return;
      case 'message':
        if (e.role === 'user' || e.role === 'system' || e.role === 'developer') {
          this.provenance.addTrusted(e.role === 'user' ? 'user' : 'system', e.text, this.step);
          if (e.role === 'user' && this.facts.requests.length < 20) this.facts.requests.push(e.text.slice(0, 2000));
        }
        return;
      case 'tool-call': {
        if (this.facts.calls.length >= 5000) return;
        const values = e.argsRecorded
          ? decisiveValues(e.args).map((v) => {
              const t = this.provenance.trace(v, this.step);
              return { path: generalPath(v.path), kind: v.kind, value: v.value, origin: t.origin };
            })
          : [];
        const call: LearnedCall = { tool: e.tool, args: e.args, argsRecorded: e.argsRecorded, values };
        this.facts.calls.push(call);
        if (e.callId) this.byId.set(e.callId, call);
        this.open.push({ call, args: e.args });
        if (this.open.length > 64) this.open.shift();
        return;
      }
      case 'tool-result': {
        const linked = e.callId ? this.byId.get(e.callId) : this.open.shift()?.call;
        this.provenance.addResult(e.text, this.step, linked?.tool ?? e.tool, linked?.argsRecorded ? linked.args : undefined);
        return;
      }
      case 'approval': {
        this.facts.approvalsRecorded = true;
        const call = e.callId ? this.byId.get(e.callId) : undefined;
        if (call && e.decision === 'approved') call.approved = true;
        return;
      }
      default:
        return;
    }
  }

  done(): SessionFacts {
    return this.facts;
  }
}
