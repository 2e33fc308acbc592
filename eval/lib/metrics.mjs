// Precision figures from matched findings and verdicts. Pure functions.
import { familyOf } from './match.mjs';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
export const FAMILIES = ['secrets', 'code', 'mcp', 'deploy', 'identity'];

const rank = (severity) => {
  const i = SEVERITIES.indexOf(severity);
  return i < 0 ? SEVERITIES.length : i;
};
export const atLeastMedium = (severity) => rank(severity) <= rank('medium');

/** Precision of a list of { verdict } pairs: tp / (tp + fp); null when nothing is judged. */
function ratio(pairs, isRight) {
  const judged = pairs.length;
  const right = pairs.filter(isRight).length;
  return { right, judged, precision: judged ? right / judged : null };
}

const isTp = (p) => p.verdict.verdict === 'tp';

/**
 * A true positive reported at >= medium is "right at that level" only when the severity it
 * deserves (its `fairSeverity`, else the severity it was judged at) is medium or above too. A real
 * but minor problem shouted at medium is noise to a team that fails builds at medium.
 */
const isRightAtLevel = (p) => isTp(p) && atLeastMedium(p.verdict.fairSeverity ?? p.verdict.severity);

/**
 * Stratified estimate over every finding of the scan, judged or not: the precision of each
 * (rule, severity) stratum that has verdicts, weighted by how many findings the stratum holds.
 */
function weightedEstimate(matched, unjudged) {
  const strata = new Map();
  const add = (f, judged) => {
    const key = `${f.ruleId}\0${f.severity}`;
    if (!strata.has(key)) strata.set(key, { total: 0, judged: [] });
    const s = strata.get(key);
    s.total += 1;
    if (judged) s.judged.push(judged);
  };
  for (const p of matched) add(p.finding, p);
  for (const f of unjudged) add(f, undefined);
  let covered = 0;
  let right = 0;
  let all = 0;
  for (const s of strata.values()) {
    all += s.total;
    if (!s.judged.length) continue;
    covered += s.total;
    right += (s.total * s.judged.filter(isTp).length) / s.judged.length;
  }
  return { precision: covered ? right / covered : null, findingsCovered: covered, findings: all };
}

/**
 * @param matched   [{ finding: { ruleId, severity, … }, verdict: { verdict, severity, fairSeverity? }, how }]
 * @param unjudged  findings without a verdict
 * @param unmatched verdicts whose finding is gone; those of a rule the scan reports nowhere are
 *                  counted apart (a rule this build does not have, or renamed), not as fixes or losses
 */
export function computeMetrics(matched, unjudged, unmatched = []) {
  const summarize = (pairs, loose) => {
    const medium = pairs.filter((p) => atLeastMedium(p.finding.severity));
    return {
      all: ratio(pairs, isTp),
      atLeastMedium: ratio(medium, isTp),
      atLeastMediumStrict: ratio(medium, isRightAtLevel),
      unjudged: loose.length,
      unjudgedAtLeastMedium: loose.filter((f) => atLeastMedium(f.severity)).length,
    };
  };
  const families = {};
  const known = new Set([...FAMILIES, ...matched.map((p) => familyOf(p.finding.ruleId)), ...unjudged.map((f) => familyOf(f.ruleId))]);
  for (const family of known) {
    families[family] = summarize(
      matched.filter((p) => familyOf(p.finding.ruleId) === family),
      unjudged.filter((f) => familyOf(f.ruleId) === family),
    );
  }
  const reported = new Set([...matched.map((p) => p.finding.ruleId), ...unjudged.map((f) => f.ruleId)]);
  const gone = unmatched.filter((v) => reported.has(v.ruleId));
  return {
    total: summarize(matched, unjudged),
    families,
    estimatedOverall: weightedEstimate(matched, unjudged),
    matchedBy: countBy(matched, (p) => p.how),
    gone: {
      fp: gone.filter((v) => v.verdict === 'fp').length,
      tp: gone.filter((v) => v.verdict === 'tp').length,
      ruleNotReported: unmatched.length - gone.length,
    },
  };
}

function countBy(list, keyOf) {
  const out = {};
  for (const x of list) out[keyOf(x)] = (out[keyOf(x)] ?? 0) + 1;
  return out;
}
