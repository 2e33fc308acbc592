/**
 * The rule set a report speaks for: every file and project rule of every domain, plus the replay
 * checks, each with its framework references. Replay lives in its own module, loaded when present.
 */
import type { Config } from '../core/config.js';
import type { RuleMeta } from '../core/rule.js';
import { sha256 } from '../core/fingerprint.js';
import { frameworksFor } from '../frameworks/index.js';
import { allRules } from '../rules/registry.js';
import { cmp } from '../engine/order.js';

export interface RuleSet {
  /** Sorted by id; replay checks included when the replay module is available. */
  rules: RuleMeta[];
  replayLoaded: boolean;
  /** Short digest of what the rules are (ids, categories, severities, framework references). */
  digest: string;
}

/** Replay rule metadata, or undefined when this build has no replay module. */
export async function loadReplayRules(): Promise<RuleMeta[] | undefined> {
  // A variable specifier keeps this module compiling and loading when replay is absent.
  const specifier = '../replay/rules.js';
  try {
    const mod = (await import(specifier)) as { replayRules?: RuleMeta[] };
    return Array.isArray(mod.replayRules) ? mod.replayRules : undefined;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}

export async function loadRuleSet(config: Config = {}): Promise<RuleSet> {
  const byId = new Map<string, RuleMeta>();
  for (const r of await allRules(config)) byId.set(r.id, r);
  const replay = await loadReplayRules();
  for (const r of replay ?? []) if (!byId.has(r.id)) byId.set(r.id, { ...r, frameworks: frameworksFor(r.id, r.category) });
  const rules = [...byId.values()].sort((a, b) => cmp(a.id, b.id));
  return { rules, replayLoaded: replay !== undefined, digest: ruleSetDigest(rules) };
}

export function ruleSetDigest(rules: readonly RuleMeta[]): string {
  const lines = rules.map((r) => `${r.id}\t${r.category}\t${r.severity}\t${JSON.stringify(r.frameworks ?? {})}`);
  return sha256(lines.join('\n')).slice(0, 12);
}
