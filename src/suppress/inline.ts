/**
 * Inline suppression: `agentwarden-ignore` in a comment on the finding's line or the line above,
 * optionally narrowed to rules (`agentwarden-ignore secrets/github-pat -- test fixture`). The allow
 * markers of other secret scanners are honoured for secret findings: a maintainer who marked a value
 * for gitleaks, secretlint, detect-secrets or trufflehog has already judged it.
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

/**
 * Other secret scanners' allow markers: `gitleaks:allow`, `pragma: allowlist secret` (detect-secrets)
 * and `trufflehog:ignore` on the line; secretlint's `secretlint-disable-line`,
 * `secretlint-disable-next-line`, and a `secretlint-disable` … `secretlint-enable` block (to the end
 * of the file when never enabled again); detect-secrets' `pragma: allowlist nextline secret`.
 */
const SAME_LINE = /gitleaks:allow|pragma:\s*allowlist secret|trufflehog:ignore|secretlint-disable-line/i;
const NEXT_LINE = /secretlint-disable-next-line|pragma:\s*allowlist nextline secret/i;
const BLOCK_START = /secretlint-disable(?![\w-])/i;
const BLOCK_END = /secretlint-enable(?![\w-])/i;
/** Whether a file holds any marker at all (the three kinds read before a block's end). */
const ANY_MARKER = new RegExp([SAME_LINE, NEXT_LINE, BLOCK_START].map((r) => r.source).join('|'), 'i');

const allowedLines = new WeakMap<SourceFile, ReadonlySet<number>>();

/** The lines (1-based) another secret scanner's marker allows. */
function scannerAllowedLines(file: SourceFile): ReadonlySet<number> {
  let lines = allowedLines.get(file);
  if (lines) return lines;
  const allowed = new Set<number>();
  if (ANY_MARKER.test(file.text)) {
    let inBlock = false;
    file.text.split('\n').forEach((text, i) => {
      const line = i + 1;
      if (inBlock) {
        allowed.add(line);
        if (BLOCK_END.test(text)) inBlock = false;
        return;
      }
      if (SAME_LINE.test(text)) allowed.add(line);
      if (NEXT_LINE.test(text)) allowed.add(line + 1);
      else if (BLOCK_START.test(text)) inBlock = !BLOCK_END.test(text);
    });
  }
  allowedLines.set(file, (lines = allowed));
  return lines;
}

/** Whether a secret finding on `line` sits where another secret scanner's allow marker puts it out of scope. */
export function isAllowedByScannerMarker(file: SourceFile, line: number): boolean {
  return scannerAllowedLines(file).has(line);
}
