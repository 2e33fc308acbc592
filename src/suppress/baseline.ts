/**
 * Baselines: the fingerprints of findings accepted as they are, so a scan reports only new ones.
 * `scan --baseline` also accepts any earlier JSON report of this tool.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import type { Finding } from '../core/types.js';

export interface BaselineFile {
  version: 1;
  tool: 'agentwarden';
  findings: { fingerprint: string; ruleId: string; path: string }[];
}

export function createBaseline(findings: Finding[]): BaselineFile {
  return {
    version: 1,
    tool: 'agentwarden',
    findings: findings.map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.location.path })),
  };
}

export function loadBaseline(file: string): Set<string> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`baseline ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const findings = (data as { findings?: unknown }).findings;
  if (!Array.isArray(findings) || findings.some((f) => typeof (f as { fingerprint?: unknown })?.fingerprint !== 'string')) {
    throw new UsageError(`baseline ${file}: expected a "findings" array of objects with a "fingerprint"`);
  }
  return new Set(findings.map((f) => (f as { fingerprint: string }).fingerprint));
}
