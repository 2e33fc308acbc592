/**
 * The terminal report: findings grouped by file, coloured by severity, each with its masked source
 * line, the fix and short framework tags; then a one-line summary. No colour unless asked.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding, FindingHistory, Report, SessionTimeline, Severity } from '../core/types.js';
import { SEVERITIES } from '../core/types.js';
import type { Reporter } from './types.js';
import { shortTags } from '../frameworks/index.js';
import { escapeControl as esc } from '../core/text-safety.js';
import { fileCounts } from '../ui/summary.js';

/** The severity palette of every terminal output (reports, the live summary). */
export function severityPaint(c: ChalkInstance): Record<Severity, (s: string) => string> {
  return {
    critical: (s) => c.bgRed.white.bold(s),
    high: (s) => c.red.bold(s),
    medium: (s) => c.yellow(s),
    low: (s) => c.cyan(s),
    info: (s) => c.gray(s),
  };
}

/** The terminal shows the OWASP and MAESTRO tags; JSON, SARIF and the report carry every reference. */
const TERMINAL_TAGS = /^(?:ASI\d|NHI\d|LLM\d|MAESTRO-)/;

export const text: Reporter = (report, options) => {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const sev = severityPaint(c);
  const out: string[] = [];
  for (const session of report.sessions ?? []) out.push(...timeline(session, c, sev));
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byFile.get(f.location.path) ?? [];
    list.push(f);
    byFile.set(f.location.path, list);
  }
  for (const [file, findings] of byFile) {
    out.push(c.underline(esc(file)));
    for (const f of findings) {
      const pos = `${f.location.startLine}:${f.location.startColumn}`.padEnd(8);
      const step = f.step ? c.dim(`step ${f.step.index} `) : '';
      out.push(`  ${c.dim(pos)}${sev[f.severity](f.severity.padEnd(8))} ${step}${c.bold(esc(f.title))}  ${c.dim(f.ruleId)}${contextTag(f, c)}`);
      out.push(`          ${esc(f.message)}`);
      if (f.snippet) out.push(`          ${c.dim('│')} ${esc(f.snippet)}`);
      if (f.evidence && !f.snippet?.includes(f.evidence)) out.push(`          ${c.dim('evidence:')} ${esc(f.evidence)}`);
      if (f.history) out.push(`          ${c.dim('history:')} ${historyLine(f.history, c)}`);
      for (const r of f.related ?? []) out.push(`          ${c.dim('↳')} ${esc(r.path)}:${r.startLine}${r.message ? ` ${c.dim(esc(r.message))}` : ''}`);
      out.push(`          ${c.green('fix:')} ${f.remediation}`);
      const tags = shortTags(f.frameworks).filter((t) => TERMINAL_TAGS.test(t));
      if (tags.length) out.push(`          ${c.dim(tags.join(' '))}`);
    }
    out.push('');
  }
  out.push(summary(report, c, sev));
  return `${out.join('\n')}\n`;
};

/** "added in 1a2b3c4d5e6f on 2024-01-02 · removed from HEAD (still in the history)". */
export function historyLine(h: FindingHistory, c?: ChalkInstance): string {
  const added = h.commit ? `added in ${h.commit.slice(0, 12)}${h.date ? ` on ${h.date.slice(0, 10)}` : ''}` : 'commit unknown';
  const head = h.atHead ? 'still at HEAD' : 'removed from HEAD (still in the history: rotate it)';
  return `${added} · ${c && h.atHead ? c.bold(head) : head}`;
}

/** Where the finding lives, when that is not shipped code, and what it would be there. */
function contextTag(f: Finding, c: ChalkInstance): string {
  const was = f.originalSeverity ? `was ${f.originalSeverity}` : '';
  if (!f.context || f.context === 'production') return was ? c.dim(`  [low confidence, ${was}]`) : '';
  return c.dim(`  [${f.context}${was ? `, ${was}` : ''}]`);
}

export function summary(report: Report, c: ChalkInstance, sev: Record<Severity, (s: string) => string>): string {
  const s = report.stats;
  const counts = SEVERITIES.map((level) => [level, report.findings.filter((f) => f.severity === level).length] as const)
    .filter(([, n]) => n > 0)
    .map(([level, n]) => sev[level](`${n} ${level}`));
  const files = new Set(report.findings.map((f) => f.location.path)).size;
  const head = report.findings.length
    ? `${c.red('✖')} ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} (${counts.join(', ')}) in ${files} file${files === 1 ? '' : 's'}`
    : s.filesFailed
      ? `${c.red('✖')} no findings, but ${s.filesFailed} file${s.filesFailed === 1 ? ' was' : 's were'} not evaluated`
      : `${c.green('✔')} no findings`;
  const extra = [
    ...fileCounts(s),
    report.errors.length ? `${report.errors.length} error${report.errors.length === 1 ? '' : 's'}` : '',
    s.findingsSuppressed ? `${s.findingsSuppressed} suppressed` : '',
    s.findingsBaselined ? `${s.findingsBaselined} in baseline` : '',
    `${s.durationMs} ms`,
  ].filter(Boolean);
  return `${head} · ${extra.join(', ')}`;
}

function timeline(session: SessionTimeline, c: ChalkInstance, sev: Record<Severity, (s: string) => string>): string[] {
  const out = [c.underline(esc(session.path)) + c.dim(` (${session.format}${session.policy ? `, policy ${esc(session.policy)}` : ''})`)];
  const verdictColor = { allow: c.green, deny: sev.high, 'needs-approval': sev.medium, unknown: c.gray } as const;
  const timed = session.steps.some((st) => st.time);
  for (const step of session.steps) {
    const verdict = step.verdict ? verdictColor[step.verdict](step.verdict.padEnd(14)) : ''.padEnd(14);
    const time = timed ? `${c.dim(esc((step.time ?? '').slice(11, 19)).padEnd(8))} ` : '';
    const who = step.actor ? `${esc(step.actor)} ` : '';
    out.push(`  ${String(step.index).padStart(4)} ${time}${verdict} ${who}${step.kind}${step.tool ? ` ${c.bold(esc(step.tool))}` : ''}`);
    for (const r of step.reasons) out.push(`         ${c.dim(esc(r))}`);
  }
  if (session.stepsOmitted) out.push(c.dim(`       … ${session.stepsOmitted} unremarkable steps omitted`));
  out.push('');
  return out;
}
