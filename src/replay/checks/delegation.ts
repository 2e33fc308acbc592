/**
 * Delegation: a hand-off to an agent holding tools its delegator lacks, and a delegate using such a
 * tool. A hand-off to an agent with fewer tools is fine.
 */
import type { TimelineStep } from '../../core/types.js';
import { DelegationTracker, toolSetOf, type ToolSet } from '../trackers/delegation.js';
import type { Policy } from '../policy.js';
import { RULES } from '../rules.js';
import { classify, toolNames, type Taxonomy } from '../taxonomy.js';
import type { FindingSpec, Pending } from './types.js';

export class DelegationCheck {
  readonly tracker = new DelegationTracker();
  /** The agent that runs the session. */
  mainAgent?: string;

  constructor(
    private readonly policy: Policy,
    private readonly taxonomy: Taxonomy,
  ) {}

  toolsOf(agent: string | undefined): ToolSet | undefined {
    if (!agent) return undefined;
    const declaredPolicy = this.policy.agents.get(agent);
    if (declaredPolicy) return toolSetOf(declaredPolicy, `agents.${agent}.tools in ${this.policy.file}`);
    const declared = this.tracker.declared.get(agent);
    if (declared) {
      const set = new Set(declared.map((t) => t.toLowerCase()));
      return { label: 'tools the session declares', names: declared, has: (names) => names.some((n) => set.has(n.toLowerCase())) };
    }
    if (this.policy.allow && agent === this.mainAgent && !this.tracker.delegatedBy.has(agent)) {
      return toolSetOf(this.policy.allow, `tools.allow in ${this.policy.file}`);
    }
    return undefined;
  }

  /** The chain of delegators above an agent, outermost first: `main → planner → worker`. */
  chainOf(agent: string): string[] {
    const chain = [agent];
    let cur = agent;
    for (let i = 0; i < 16; i++) {
      const up = this.tracker.delegatedBy.get(cur);
      if (!up || chain.includes(up)) break;
      chain.unshift(up);
      cur = up;
    }
    return chain;
  }

  /** A hand-off: sets the step's verdict and returns the finding to report, if any. */
  onDelegation(step: TimelineStep, from: string, to: string, tools: string[] | undefined): FindingSpec | undefined {
    this.tracker.delegate(from, to, tools);
    step.reasons.push(`${this.chainOf(to).join(' → ')}`);
    const parent = this.toolsOf(from);
    const child = this.toolsOf(to);
    if (!parent || !child) {
      step.verdict = 'unknown';
      step.reasons.push(`tools of ${!child ? to : from} not declared (declare them under agents: in the policy)`);
      return undefined;
    }
    const extra = child.names.filter((t) => !parent.has(toolNames(t)));
    if (!extra.length) {
      step.verdict = 'allow';
      step.reasons.push(`${to} holds no tool beyond those of ${from}`);
      return undefined;
    }
    step.verdict = 'deny';
    const risky = extra.some((t) => classify(this.taxonomy, t, undefined).hits.some((h) => h.cls.requireApproval));
    const list = extra.slice(0, 8).join(', ');
    step.reasons.push(`delegation escalation: ${to} holds ${list}, which ${from} does not (${parent.label})`);
    this.tracker.reported.add(`${from}>${to}`);
    return {
      rule: RULES.delegationEscalation,
      severity: risky ? 'high' : 'medium',
      message: `Step ${step.index}: ${from} delegated to ${to}, which holds tools ${from} does not: ${list} (chain ${this.chainOf(to).join(' → ')}).`,
      key: `${from}>${to}`,
      evidence: list,
    };
  }

  /** A delegate calling a tool its delegator does not hold. */
  callCheck(p: Pending, summary: () => string): void {
    const delegator = this.tracker.delegatedBy.get(p.actor);
    if (!delegator) return;
    const parentTools = this.toolsOf(delegator);
    if (!parentTools || parentTools.has(p.names)) return;
    const key = `${delegator}>${p.actor}:${p.e.tool}`;
    const first = !this.tracker.reported.has(key) && !this.tracker.reported.has(`${delegator}>${p.actor}`);
    this.tracker.reported.add(key);
    const chain = this.chainOf(p.actor).join(' → ');
    p.checks.push({
      verdict: 'deny',
      liftedByApproval: true,
      reason: `delegation: ${p.actor} (delegated by ${delegator}; chain ${chain}) used ${p.e.tool}, which ${delegator} does not hold (${parentTools.label})`,
      finding: first
        ? { rule: RULES.delegationEscalation, message: `Step ${p.index}: sub-agent ${p.actor}, delegated by ${delegator} (chain ${chain}), called ${p.e.tool}, a tool ${delegator} does not hold (${parentTools.label}).`, key, evidence: summary() }
        : undefined,
    });
  }
}
