/**
 * One credential, one finding: the same secret value reported in several places
 * (a key pasted into twelve golden files, a token repeated through a recorded cassette) becomes a
 * single finding at its most severe place, listing every other place as a related location.
 *
 * Findings carry no secret; the value is recognised by the one-way identity key (`secret:<hash>`)
 * that the reporting analyzer recorded at the same place.
 */
import type { IdentityUse, InventoryItem } from '../core/rule.js';
import type { Finding, RelatedLocation } from '../core/types.js';
import { severityRank } from '../core/severity.js';
import { compareFindings } from './order.js';
import { LOCAL_STACK_KEY } from '../rules/secrets/stated-local.js';

/** Related locations kept on one finding; the message still counts them all. */
const MAX_RELATED = 100;

export function mergeRepeatedSecrets(findings: Finding[], identities: IdentityUse[], inventory: InventoryItem[] = []): Finding[] {
  const valueAt = new Map<string, string>();
  for (const use of identities) {
    if (use.identityKind !== 'secret' || !use.key.startsWith('secret:')) continue;
    valueAt.set(placeKey(use.location.path, use.location.startLine, use.location.startColumn), use.key);
  }
  // Values reported at info (public by design) are inventory only, not identities.
  const statedLocal = new Map<string, string>();
  for (const item of inventory) {
    const key = item.type === 'credential' ? item.data.key : undefined;
    if (typeof key !== 'string' || !key.startsWith('secret:')) continue;
    valueAt.set(placeKey(item.location.path, item.location.startLine, item.location.startColumn), key);
    if (item.data.statedLocal === true && !statedLocal.has(key)) statedLocal.set(key, item.location.path);
  }
  if (valueAt.size === 0) return findings;
  const groups = new Map<string, Finding[]>();
  const out: Finding[] = [];
  for (const f of findings) {
    const value = f.category.startsWith('credential.') && !f.related ? valueAt.get(placeKey(f.location.path, f.location.startLine, f.location.startColumn)) : undefined;
    if (!value) {
      out.push(f);
      continue;
    }
    const key = value;
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  for (const [key, group] of groups) {
    const one = group.length === 1 ? group[0]! : merged(group);
    const guide = statedLocal.get(key);
    out.push(guide && one.severity !== 'info' && group.every((f) => LOCAL_KEY_CONTEXTS.has(f.context ?? 'production')) ? localStackKey(one, guide) : one);
  }
  return out;
}

/**
 * Where a local stack's own key is expected: its env files, its tests, its docs and examples. A
 * copy in shipped code or a deployed config keeps its rating (a development key that ships is a
 * finding of its own).
 */
const LOCAL_KEY_CONTEXTS = new Set<string>(['local-dev', 'test', 'docs', 'example', 'evaluation', 'recording']);

/** A value a guide of the repository says is hard-coded or seeded for local development (`stated-local.ts`), copied into the local stack's env files or tests: that local key, listed at info. */
function localStackKey(f: Finding, guide: string): Finding {
  return {
    ...f,
    severity: 'info',
    message: `${f.message} ${guide} says this value is hard-coded or seeded for local development: ${LOCAL_STACK_KEY} Listed for the inventory, not a leak.`,
  };
}

function merged(group: Finding[]): Finding {
  const [first, ...rest] = [...group].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || compareFindings(a, b));
  const related: RelatedLocation[] = rest.slice(0, MAX_RELATED).map((f) => ({ ...f.location, message: f.ruleId === first!.ruleId ? 'the same value' : `the same value (${f.ruleId})` }));
  const files = new Set(group.map((f) => f.location.path)).size;
  const where = files > 1 ? `${rest.length} more place${rest.length === 1 ? '' : 's'} in ${files - 1} other file${files === 2 ? '' : 's'}` : `${rest.length} more place${rest.length === 1 ? '' : 's'} in this file`;
  return { ...first!, message: `${first!.message} The same value is in ${where}.`, related };
}

function placeKey(path: string, line: number, column: number): string {
  return `${path}\0${line}\0${column}`;
}
