import { SEVERITIES, type Severity } from './types.js';
import type { FailOn } from './config.js';

/** 4 for critical … 0 for info. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(s);
}

/** One level lower (`info` stays `info`). */
export function oneLower(s: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(s) + 1, SEVERITIES.length - 1)]!;
}

/** The more severe of two levels. */
export function worse(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

export function meetsThreshold(s: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && severityRank(s) >= severityRank(failOn);
}

/** GitHub code scanning's `security-severity`: a CVSS-like score per level. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};
