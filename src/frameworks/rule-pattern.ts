/**
 * Rule-id patterns of the framework mapping: an exact rule id, or a glob where `*` is any run of
 * characters other than `/` and `{a,b}` is a or b.
 */

const RULE_PATTERN = /^[a-z0-9*{},._/-]+$/i;

export function checkGlob(pattern: string): string | undefined {
  if (!RULE_PATTERN.test(pattern)) return 'may only contain letters, digits, . _ - / and the glob characters * { } ,';
  let depth = 0;
  for (const ch of pattern) {
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === ',' && depth !== 1) return '"," is only allowed inside {…}';
    if (depth < 0 || depth > 1) return 'unbalanced or nested {…}';
  }
  if (depth !== 0) return 'unbalanced {…}';
  return undefined;
}

/** Compiles a rule-id glob: `*` = any run of characters other than `/`, `{a,b}` = a or b. */
export function compileRulePattern(pattern: string): RegExp {
  const problem = checkGlob(pattern);
  if (problem) throw new Error(`invalid rule pattern ${JSON.stringify(pattern)}: ${problem}`);
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') re += '[^/]*';
    else if (ch === '{') re += '(?:';
    else if (ch === '}') re += ')';
    else if (ch === ',') re += '|';
    else re += ch === '.' ? '\\.' : ch;
  }
  return new RegExp(`^${re}$`);
}

/** True when `ruleId` is matched by a mapping key (an exact rule id or a glob). */
export function matchesRulePattern(pattern: string, ruleId: string): boolean {
  return compileRulePattern(pattern).test(ruleId);
}

export function isGlob(pattern: string): boolean {
  return /[*{]/.test(pattern);
}

/** Literal characters of a glob, a measure of how specific it is. */
export function literalLength(pattern: string): number {
  return pattern.replace(/\{[^}]*\}/g, '').replace(/\*/g, '').length;
}
