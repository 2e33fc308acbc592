/**
 * The Cedar check: the call, its facts and the session settings as a Cedar request context, and the
 * engine's decision as a check (or an approval need).
 */
import type { ApprovalFacts } from '../trackers/approvals.js';
import { summarizeArgs } from '../trackers/arguments.js';
import type { CedarEngine } from '../cedar.js';
import type { FormatId } from '../model.js';
import { RULES } from '../rules.js';
import { maxSeverity, type Check, type Pending } from './types.js';

export interface CedarFacts {
  cedar: CedarEngine;
  format: FormatId;
  user?: string;
  delegated: boolean;
  settings: Record<string, string>;
  /** Provenance per decisive argument: `user`, `system`, `tool`, `vouched`, `policy`, `none`. */
  provenance: Record<string, string>;
  safe(text: string, max?: number): string;
}

export function cedarContext(p: Pending, facts: ApprovalFacts, f: CedarFacts): Record<string, unknown> {
  const e = p.e;
  const context: Record<string, unknown> = {
    argumentsRecorded: e.argsRecorded,
    approved: facts.state === 'approved',
    approval: facts.state,
    riskClasses: p.classes.map((h) => h.cls.id),
    highRisk: p.classes.some((h) => h.cls.requireApproval),
    outbound: p.outbound,
    secretFlow: p.secretFlow,
    afterRevocation: p.afterRevocation,
    longLivedCredential: p.longLived,
    sharedCredential: p.shared,
    delegated: f.delegated,
    format: f.format,
    step: p.index,
    hosts: p.hosts,
    untrustedArgument: p.untrustedArguments.length > 0,
    untrustedArguments: p.untrustedArguments,
    provenance: f.provenance,
  };
  if (e.argsRecorded) context.input = e.args !== null && typeof e.args === 'object' && !Array.isArray(e.args) ? e.args : { value: e.args };
  context.settings = f.settings;
  if (e.server) context.server = e.server;
  return context;
}

export function cedarCheck(p: Pending, facts: ApprovalFacts, checks: Check[], f: CedarFacts): void {
  const e = p.e;
  const d = f.cedar.decide({ agent: p.actor, user: f.user, tool: e.tool, server: e.server, context: cedarContext(p, facts, f) });
  const ids = d.policies.map((x) => `${x.id} (${x.file}:${x.line})`).join(', ');
  const errors = d.errors.length ? `; errors: ${f.safe(d.errors.slice(0, 2).join('; '), 160)}` : '';
  switch (d.verdict) {
    case 'allow':
      checks.push({ verdict: 'allow', reason: `Cedar: permitted by ${ids}` });
      break;
    case 'unknown':
      checks.push({ verdict: 'unknown', reason: `Cedar: a policy could not be evaluated, the decision is unknown${errors}` });
      break;
    case 'needs-approval': {
      const severity = maxSeverity(d.policies.map((x) => x.severity ?? 'high'));
      p.needs.push({ rule: RULES.approvalRequired, severity, why: `Cedar ${ids}`, taxonomy: false });
      break;
    }
    case 'deny': {
      const first = d.policies[0];
      const why = first ? `forbidden by ${ids}` : `no policy permits Action::"${e.tool}"`;
      checks.push({
        verdict: 'deny',
        reason: `Cedar: ${why}${first?.reason ? ` — ${f.safe(first.reason, 100)}` : ''}`,
        finding: {
          rule: RULES.cedarDeny,
          category: first?.category,
          severity: first?.severity,
          message: `Step ${p.index}: Cedar ${why} for ${p.actor} calling ${e.tool}${first?.reason ? `: ${f.safe(first.reason, 100)}` : ''}.`,
          key: `${first?.id ?? 'default-deny'}:${e.tool}:${e.callId ?? p.index}`,
          evidence: f.safe(summarizeArgs(e), 80),
        },
      });
      break;
    }
  }
}
