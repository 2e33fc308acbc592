/**
 * Constraints across calls: per-session call budgets (`tools.maxCalls`) and the values earlier calls
 * used (`sameAs`).
 */
import type { ArgumentRule, Policy } from '../policy.js';
import { RULES } from '../rules.js';
import { valuesAt } from './arguments.js';
import type { Pending } from './types.js';

const MAX_REMEMBERED = 2000;

export class CallMemory {
  private readonly counts = new Map<string, number>();
  /** Arguments of earlier calls, by tool name (bounded, oldest dropped). */
  private readonly calls: { names: string[]; args: unknown }[] = [];

  constructor(private readonly policy: Policy) {}

  /** Values `ref.path` held in earlier calls to `ref.tool`; undefined when there was no such call. */
  earlier(ref: NonNullable<ArgumentRule['sameAs']>): unknown[] | undefined {
    const matching = this.calls.filter((c) => ref.tool.match(...c.names));
    if (!matching.length) return undefined;
    return matching.flatMap((c) => valuesAt(c.args, ref.path).map((x) => x.value));
  }

  check(p: Pending): void {
    for (const limit of this.policy.callLimits) {
      if (!limit.tool.match(...p.names)) continue;
      const n = (this.counts.get(limit.glob) ?? 0) + 1;
      this.counts.set(limit.glob, n);
      if (n <= limit.max) continue;
      p.checks.push({
        verdict: 'deny',
        reason: `policy: call ${n} to ${limit.glob}, tools.maxCalls allows ${limit.max} (${limit.where})`,
        finding: n === limit.max + 1
          ? { rule: RULES.callLimit, message: `Step ${p.index}: ${p.actor} made call ${n} to ${p.e.tool}; ${limit.where} allows ${limit.max} per session.`, key: `${limit.glob}:${p.actor}` }
          : undefined,
      });
    }
    if (p.e.argsRecorded && this.policy.argumentRules.some((r) => r.sameAs)) {
      if (this.calls.length >= MAX_REMEMBERED) this.calls.shift();
      this.calls.push({ names: p.names, args: p.e.args });
    }
  }
}
