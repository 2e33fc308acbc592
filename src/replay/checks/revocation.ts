/**
 * Revocation: a call touching a session, agent, tool, approval or credential revoked earlier (by a
 * record in the session, or by a policy revocation whose time has come).
 */
import { RevocationTracker, covers, type RevokableCall } from '../trackers/credentials.js';
import type { Policy } from '../policy.js';
import { RULES } from '../rules.js';
import type { Pending } from './types.js';

export class RevocationCheck {
  readonly tracker = new RevocationTracker();
  private readonly policyRevocations: Policy['revocations'];
  /** Issued credentials' values by id (bounded), to match a revoked credential by value. */
  readonly credentialValues = new Map<string, string>();

  constructor(policy: Policy) {
    this.policyRevocations = [...policy.revocations];
  }

  rememberValue(credential: string, value: string): void {
    if (this.credentialValues.size < 10_000) this.credentialValues.set(credential, value);
  }

  check(p: Pending, call: RevokableCall, summary: () => string): void {
    this.activatePolicyRevocations(p, call);
    for (const r of this.tracker.covering(call, (id) => this.credentialValues.get(id))) {
      p.afterRevocation = true;
      const what = r.target === 'session' ? 'the session' : `${r.target} ${r.ref}`;
      p.checks.push({
        verdict: 'deny',
        reason: `after revocation: ${what} was revoked at ${r.source}`,
        finding: {
          rule: RULES.afterRevocation,
          severity: r.target === 'session' || r.target === 'agent' ? 'critical' : 'high',
          message: `Step ${p.index}: ${p.actor} called ${p.e.tool} after ${what} was revoked (${r.source}).`,
          key: `${r.target}:${r.ref ?? ''}:${p.e.tool}:${p.e.callId ?? p.index}`,
          evidence: summary(),
        },
      });
    }
  }

  private activatePolicyRevocations(p: Pending, call: RevokableCall): void {
    if (!this.policyRevocations.length) return;
    if (p.time === undefined) {
      const relevant = this.policyRevocations.find((r) => covers(r, call, (id) => this.credentialValues.get(id)));
      if (relevant) p.checks.push({ verdict: 'unknown', reason: `${relevant.where} revokes ${relevant.target === 'session' ? 'the session' : `${relevant.target} ${relevant.ref}`} at ${relevant.atText}, and this step has no time` });
      return;
    }
    for (let i = this.policyRevocations.length - 1; i >= 0; i--) {
      const r = this.policyRevocations[i]!;
      if (p.time >= r.at) {
        this.tracker.add({ target: r.target, ref: r.ref, step: p.index, source: `${r.where} (${r.atText})` });
        this.policyRevocations.splice(i, 1);
      }
    }
  }
}
