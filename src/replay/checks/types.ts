/**
 * What the per-call checks produce and share: a check (verdict, reason, optional finding), an
 * approval need, and the facts gathered about a pending call. Severity arithmetic lives here too.
 */
import { SEVERITIES, type Category, type Confidence, type Severity, type TimelineStep, type Verdict } from '../../core/types.js';
import type { RuleMeta } from '../../core/rule.js';
import type { ApprovalEvent, ToolCallEvent } from '../model.js';
import type { ClassHit } from '../taxonomy.js';

export interface FindingSpec {
  rule: RuleMeta;
  message: string;
  key: string;
  severity?: Severity;
  confidence?: Confidence;
  evidence?: string;
  category?: Category;
  title?: string;
}

export interface Check {
  verdict: Verdict;
  reason: string;
  finding?: FindingSpec;
  /** A recorded approval of this call lifts the check (a delegate using a right someone approved). */
  liftedByApproval?: boolean;
}

export interface Need {
  rule: RuleMeta;
  severity: Severity;
  why: string;
  /** From the taxonomy: a sandbox the call ran in lowers the severity. */
  taxonomy: boolean;
}

/** A tool call waiting for its approval and result; its checks accumulate here. */
export interface Pending {
  e: ToolCallEvent;
  step: TimelineStep;
  index: number;
  names: string[];
  argsText: string;
  classes: ClassHit[];
  outbound: boolean;
  hosts: string[];
  checks: Check[];
  needs: Need[];
  attached: ApprovalEvent[];
  hasResult: boolean;
  done: boolean;
  actor: string;
  time?: number;
  secretFlow: boolean;
  afterRevocation: boolean;
  longLived: boolean;
  shared: boolean;
  /** Provenance: decisive arguments that came only from untrusted tool results. */
  untrustedArguments: string[];
  /** Provenance: the origin per argument path (for the Cedar context). */
  provenance?: Record<string, string>;
}

export const RANK: Record<Verdict, number> = { allow: 0, unknown: 1, 'needs-approval': 2, deny: 3 };

export function sevIndex(s: Severity): number {
  return SEVERITIES.indexOf(s);
}
export function maxSeverity(list: Severity[]): Severity {
  return list.reduce((a, b) => (sevIndex(b) < sevIndex(a) ? b : a), 'info' as Severity);
}
export function lowerSeverity(s: Severity): Severity {
  return SEVERITIES[Math.min(sevIndex(s) + 1, SEVERITIES.length - 1)]!;
}
export function capSeverity(s: Severity, cap: Severity): Severity {
  return sevIndex(s) < sevIndex(cap) ? cap : s;
}
