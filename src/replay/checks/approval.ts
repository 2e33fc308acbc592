/**
 * The approval check: a call that needs an approval (taxonomy class, policy, Cedar) against what the
 * approval ledger says happened.
 */
import type { ApprovalFacts } from '../trackers/approvals.js';
import { summarizeArgs } from '../trackers/arguments.js';
import { RULES } from '../rules.js';
import { capSeverity, lowerSeverity, maxSeverity, type Check, type Need, type Pending } from './types.js';

export function approvalCheck(p: Pending, facts: ApprovalFacts, executed: boolean, checks: Check[], safe: (text: string, max?: number) => string): void {
  const why = p.needs.map((n) => n.why).join('; ');
  if (facts.revokedBy) {
    checks.push({
      verdict: 'deny',
      reason: `after revocation: ${facts.by}`,
      finding: { rule: RULES.afterRevocation, message: `Step ${p.index}: ${p.actor} called ${p.e.tool} relying on an approval that was revoked (${facts.revokedBy.source}).`, key: `approval:${p.e.tool}:${p.e.callId ?? p.index}` },
    });
  }
  switch (facts.state) {
    case 'approved':
      checks.push({ verdict: 'allow', reason: `approval required (${why}): approved by ${facts.by}` });
      return;
    case 'denied':
      if (executed && !facts.inferredDenial) {
        checks.push({
          verdict: 'deny',
          reason: `approval required (${why}): denied by ${facts.by}, yet the call ran`,
          finding: { rule: RULES.executedDespiteDenial, message: `Step ${p.index}: ${p.actor} ran ${p.e.tool} although ${facts.by} denied it.`, key: `${p.e.tool}:${p.e.callId ?? p.index}`, evidence: safe(summarizeArgs(p.e), 80) },
        });
      } else {
        checks.push({ verdict: 'deny', reason: `approval required (${why}): denied by ${facts.by}; the call did not run` });
      }
      return;
    case 'absent':
    case 'unknown': {
      const unknown = facts.state === 'unknown';
      const byRule = new Map<string, Need[]>();
      for (const n of p.needs) byRule.set(n.rule.id, [...(byRule.get(n.rule.id) ?? []), n]);
      let first = true;
      for (const needs of byRule.values()) {
        let severity = maxSeverity(needs.map((n) => n.severity));
        if (facts.sandboxed && needs.every((n) => n.taxonomy)) severity = lowerSeverity(severity);
        if (unknown) severity = capSeverity(severity, 'medium');
        const rule = needs[0]!.rule;
        const reasons = needs.map((n) => n.why).join('; ');
        checks.push({
          verdict: 'needs-approval',
          reason: `approval required (${reasons}): ${unknown ? 'not shown' : 'none'} — ${facts.by}`,
          finding: {
            rule,
            severity,
            confidence: unknown ? 'low' : 'high',
            message: `Step ${p.index}: ${p.actor} called ${p.e.tool} (${reasons}) ${unknown ? 'and the session does not show an approval' : 'with no approval'}: ${facts.by}.`,
            key: `${p.e.tool}:${p.e.callId ?? p.index}`,
            evidence: first ? safe(summarizeArgs(p.e), 80) : undefined,
          },
        });
        first = false;
      }
      return;
    }
  }
}
