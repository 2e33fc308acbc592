/** One deterministic order for findings everywhere: path, line, column, rule, fingerprint. */
import type { Finding } from '../core/types.js';

export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.location.path, b.location.path) ||
    a.location.startLine - b.location.startLine ||
    a.location.startColumn - b.location.startColumn ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.fingerprint, b.fingerprint)
  );
}

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/**
 * Facts (identities, inventory) in file order, each file's in the order its analyzers gave them,
 * however the files were spread over threads or served from the result cache.
 */
export function sortByFile<T extends { location: { path: string } }>(facts: T[]): T[] {
  return facts.sort((a, b) => cmp(a.location.path, b.location.path));
}

/** Code-unit order of two strings, the same on every machine and locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Errors and skipped files: by path. */
export function byPath<T extends { path: string }>(a: T, b: T): number {
  return cmp(a.path, b.path);
}

/** Two places in the scanned tree: by path, then line. */
export function compareLocations(a: { path: string; startLine: number }, b: { path: string; startLine: number }): number {
  return cmp(a.path, b.path) || a.startLine - b.startLine;
}
