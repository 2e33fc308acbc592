/**
 * Inline suppression: `agentwarden-ignore` in a comment on the finding's line or the line above,
 * optionally narrowed to rules (`agentwarden-ignore secrets/github-pat -- test fixture`).
 */
import type { SourceFile } from '../core/source.js';

const MARKER = 'agentwarden-ignore';

/** The rule ids named by a marker on the line (empty list: every rule), or undefined if none. */
export function parseMarker(line: string): string[] | undefined {
  const at = line.indexOf(MARKER);
  if (at < 0) return undefined;
  const rest = line.slice(at + MARKER.length);
  if (rest && !/^[\s:]/.test(rest)) return undefined; // part of a longer word
  const beforeReason = rest.split('--')[0]!;
  return beforeReason
    .replace(/^:/, '')
    .split(/[\s,]+/)
    .map((s) => s.replace(/(\*\/|-->|#\}|%\}).*$/, ''))
    .filter((s) => /^[a-z0-9-]+\/[a-z0-9*-]+$/i.test(s));
}

export function isSuppressedInline(file: SourceFile, line: number, ruleId: string): boolean {
  if (!file.text.includes(MARKER)) return false;
  for (const l of [line, line - 1]) {
    const rules = parseMarker(file.lineText(l));
    if (rules && (rules.length === 0 || rules.some((r) => matchesRuleId(r, ruleId)))) return true;
  }
  return false;
}

const ruleGlobs = new Map<string, RegExp>();

/** A rule id or a glob with `*` (e.g. `secrets/*`); each glob is compiled once. */
export function matchesRuleId(pattern: string, ruleId: string): boolean {
  if (!pattern.includes('*')) return pattern === ruleId;
  let re = ruleGlobs.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
    ruleGlobs.set(pattern, re);
  }
  return re.test(ruleId);
}
