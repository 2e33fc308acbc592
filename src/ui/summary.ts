/**
 * The end-of-run summary as data: counts by severity and by category, files scanned, duration and
 * the files that need attention first. Pure, so the ink view and tests share it.
 */
import { severityRank } from '../core/severity.js';
import type { Category, Report, Severity } from '../core/types.js';
import { SEVERITIES } from '../core/types.js';
import { cmp } from '../engine/order.js';

export interface FileScore {
  path: string;
  findings: number;
  /** Worst severity in the file. */
  worst: Severity;
}

export interface Summary {
  findings: number;
  bySeverity: { severity: Severity; count: number }[];
  byCategory: { category: Category; count: number; worst: Severity }[];
  worstFiles: FileScore[];
  filesScanned: number;
  filesSkipped: number;
  /** Replay: files that could not be evaluated completely. */
  filesFailed?: number;
  errors: number;
  suppressed: number;
  baselined: number;
  durationMs: number;
  /** Replay: tool-call verdicts over every session. */
  verdicts?: Record<string, number>;
  sessions?: number;
}

/** The more severe of two (severityRank: 4 for critical … 0 for info). */
const worse = (a: Severity, b: Severity): Severity => (severityRank(a) >= severityRank(b) ? a : b);

export function summarize(report: Report, worstFiles = 5): Summary {
  const bySeverity = SEVERITIES.map((severity) => ({ severity, count: report.findings.filter((f) => f.severity === severity).length })).filter(
    (s) => s.count > 0,
  );
  const categories = new Map<Category, { count: number; worst: Severity }>();
  const files = new Map<string, { findings: number; worst: Severity; weight: number }>();
  for (const f of report.findings) {
    const c = categories.get(f.category) ?? { count: 0, worst: f.severity };
    categories.set(f.category, { count: c.count + 1, worst: worse(c.worst, f.severity) });
    const file = files.get(f.location.path) ?? { findings: 0, worst: f.severity, weight: 0 };
    // One finding outweighs ten of the next level down.
    files.set(f.location.path, { findings: file.findings + 1, worst: worse(file.worst, f.severity), weight: file.weight + 10 ** severityRank(f.severity) });
  }
  const byCategory = [...categories]
    .map(([category, v]) => ({ category, ...v }))
    .sort((a, b) => severityRank(b.worst) - severityRank(a.worst) || b.count - a.count || cmp(a.category, b.category));
  const ranked = [...files]
    .sort(([pa, a], [pb, b]) => b.weight - a.weight || cmp(pa, pb))
    .slice(0, worstFiles)
    .map(([path, v]) => ({ path, findings: v.findings, worst: v.worst }));
  const summary: Summary = {
    findings: report.findings.length,
    bySeverity,
    byCategory,
    worstFiles: ranked,
    filesScanned: report.stats.filesScanned,
    filesSkipped: report.stats.filesSkipped,
    ...(report.stats.filesFailed !== undefined ? { filesFailed: report.stats.filesFailed } : {}),
    errors: report.errors.length,
    suppressed: report.stats.findingsSuppressed,
    baselined: report.stats.findingsBaselined,
    durationMs: report.stats.durationMs,
  };
  if (report.sessions?.length) {
    const verdicts: Record<string, number> = {};
    for (const s of report.sessions) for (const step of s.steps) if (step.verdict) verdicts[step.verdict] = (verdicts[step.verdict] ?? 0) + 1;
    summary.verdicts = verdicts;
    summary.sessions = report.sessions.length;
  }
  return summary;
}

/** `3 files scanned, 1 skipped`, or for replay `2 files evaluated, 1 skipped, 1 failed` (always all three). */
export function fileCounts(s: { filesScanned: number; filesSkipped: number; filesFailed?: number }): string[] {
  const files = `${s.filesScanned} file${s.filesScanned === 1 ? '' : 's'}`;
  if (s.filesFailed === undefined) return [`${files} scanned`, s.filesSkipped ? `${s.filesSkipped} skipped` : ''].filter(Boolean);
  return [`${files} evaluated`, `${s.filesSkipped} skipped`, `${s.filesFailed} failed`];
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
