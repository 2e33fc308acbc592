/** DelegationTracker: who delegated to whom, and with which tools. */
import type { ToolMatcher } from '../config.js';

export class DelegationTracker {
  /** delegate → delegator */
  readonly delegatedBy = new Map<string, string>();
  /** tools an agent holds, as declared by the session (agent spans, delegation records) */
  readonly declared = new Map<string, string[]>();
  readonly reported = new Set<string>();

  delegate(from: string, to: string, tools?: string[]): void {
    if (this.delegatedBy.size < 10_000 && from !== to) this.delegatedBy.set(to, from);
    if (tools) this.declare(to, tools);
  }
  declare(agent: string, tools: string[]): void {
    if (this.declared.size < 10_000) this.declared.set(agent, tools);
  }
}

/** A tool set: a policy's globs, or a list of names the session declared. */
export interface ToolSet {
  label: string;
  has(toolNames: string[]): boolean;
  names: string[];
}

export function toolSetOf(matcher: ToolMatcher, label: string): ToolSet {
  return { label, has: (names) => !!matcher.match(...names), names: matcher.globs };
}
