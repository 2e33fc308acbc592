/**
 * One credential per span of text: where several patterns match the same characters, a provider's
 * pattern beats a generic one, a generic match that names its vendor beats one that does not, then
 * the longer match, then the earlier pattern.
 */
import type { SecretCandidate } from './analyzer.js';

/** Keeps one candidate per span: specific beats generic, then the longer match, then the earlier pattern. */
export function resolveOverlaps(candidates: SecretCandidate[]): SecretCandidate[] {
  candidates.sort((a, b) => a.start - b.start || rank(a) - rank(b) || b.end - b.start - (a.end - a.start));
  const kept: SecretCandidate[] = [];
  for (const c of candidates) {
    const clash = kept.findIndex((k) => c.start < k.end && k.start < c.end);
    if (clash < 0) {
      kept.push(c);
      continue;
    }
    const other = kept[clash]!;
    if (rank(c) < rank(other)) kept[clash] = c;
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Provider patterns first, then generic matches that name their vendor, then the other generic ones. */
function rank(c: SecretCandidate): number {
  return c.pattern.generic ? (c.vendor ? 1 : 2) : 0;
}
