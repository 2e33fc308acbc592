// Matching the findings of a scan to hand-judged verdicts, so a verdict survives line moves and
// small rule changes. Pure functions: no file system, no scanning (run.mjs does that).
import { createHash } from 'node:crypto';

/** How far (in lines) a finding may move from its judged line and still meet its verdict. */
export const LINE_TOLERANCE = 3;

const SALT = 'agentwarden-eval/v1';

/**
 * A short one-way hash of a source line, whitespace-normalised, so a verdict can find its line again
 * after lines above it moved. Stored in the verdicts instead of the line itself (no third-party text
 * and no secret is ever written down).
 */
export function lineHash(text) {
  const normal = String(text ?? '').trim().replace(/\s+/g, ' ');
  return createHash('sha256').update(`${SALT}:${normal}`).digest('hex').slice(0, 16);
}

export function familyOf(ruleId) {
  return String(ruleId).split('/')[0];
}

/**
 * Pairs findings with verdicts, one verdict per finding at most, strongest evidence first:
 *   1. `fingerprint`  same repository and same scanner fingerprint (rule, path, key, ordinal);
 *   2. `line-text`    same repository, path and rule, same line text (nearest line wins);
 *   3. `nearby`       same repository, path and rule, within LINE_TOLERANCE lines (nearest wins).
 * A verdict never passes to another rule, even on the same line: when a rule is renamed or split the
 * new rule's finding says something else (a key now reported as public by design at info, a step
 * now reported for piping a script into a shell), so it is listed as unjudged, to be judged anew.
 *
 * @param findings  [{ repo, path, line, ruleId, severity, fingerprint?, lineHash? }]
 * @param verdicts  [{ repo, path, line, ruleId, verdict, fingerprint?, lineHash?, … }]
 * @returns {{ matched: {finding, verdict, how}[], unjudged: finding[], unmatched: verdict[] }}
 */
export function matchVerdicts(findings, verdicts) {
  const used = new Set();
  const pairOf = new Map(); // finding index -> { verdict, how }

  const byPlace = new Map(); // repo \0 path -> verdict indexes
  verdicts.forEach((v, i) => {
    const key = `${v.repo}\0${v.path}`;
    if (!byPlace.has(key)) byPlace.set(key, []);
    byPlace.get(key).push(i);
  });
  const byFingerprint = new Map();
  verdicts.forEach((v, i) => {
    if (v.fingerprint) byFingerprint.set(`${v.repo}\0${v.fingerprint}`, i);
  });

  const passes = [
    {
      how: 'fingerprint',
      pick: (f) => {
        if (!f.fingerprint) return undefined;
        const i = byFingerprint.get(`${f.repo}\0${f.fingerprint}`);
        return i !== undefined && !used.has(i) && verdicts[i].ruleId === f.ruleId ? i : undefined;
      },
    },
    {
      how: 'line-text',
      pick: (f) => nearest(f, (v) => v.ruleId === f.ruleId && !!f.lineHash && v.lineHash === f.lineHash, Infinity),
    },
    {
      how: 'nearby',
      pick: (f) => nearest(f, (v) => v.ruleId === f.ruleId, LINE_TOLERANCE),
    },
  ];

  function nearest(f, accepts, tolerance) {
    let best;
    let bestDistance = Infinity;
    for (const i of byPlace.get(`${f.repo}\0${f.path}`) ?? []) {
      if (used.has(i) || !accepts(verdicts[i])) continue;
      const distance = Math.abs(verdicts[i].line - f.line);
      if (distance <= tolerance && distance < bestDistance) {
        best = i;
        bestDistance = distance;
      }
    }
    return best;
  }

  for (const pass of passes) {
    findings.forEach((f, fi) => {
      if (pairOf.has(fi)) return;
      const vi = pass.pick(f);
      if (vi === undefined) return;
      used.add(vi);
      pairOf.set(fi, { verdict: verdicts[vi], how: pass.how });
    });
  }

  const matched = [];
  const unjudged = [];
  findings.forEach((f, fi) => {
    const pair = pairOf.get(fi);
    if (pair) matched.push({ finding: f, verdict: pair.verdict, how: pair.how });
    else unjudged.push(f);
  });
  const unmatched = verdicts.filter((_, i) => !used.has(i));
  return { matched, unjudged, unmatched };
}
