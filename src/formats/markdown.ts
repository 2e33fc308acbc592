/** Markdown for pull-request comments and job summaries: totals, then one table row per finding. */
import { SEVERITIES } from '../core/types.js';
import type { Reporter } from './types.js';
import { shortTags } from '../frameworks/index.js';
import { escapeControl, markdownCell as md } from '../core/text-safety.js';
import { historyLine } from './text.js';

export const markdown: Reporter = (report) => {
  const out: string[] = ['# agentwarden report', ''];
  const s = report.stats;
  const files = s.filesFailed === undefined ? `${s.filesScanned} files scanned · ${s.filesSkipped} skipped` : `${s.filesScanned} files evaluated · ${s.filesSkipped} skipped · ${s.filesFailed} failed`;
  out.push(`${report.findings.length} findings · ${files} · ${report.errors.length} errors`, '');
  out.push('| severity | count |', '| --- | ---: |');
  for (const level of SEVERITIES) out.push(`| ${level} | ${report.findings.filter((f) => f.severity === level).length} |`);
  out.push('');
  for (const session of report.sessions ?? []) {
    out.push(`## Session \`${cell(session.path)}\` (${md(session.format)})`, '');
    out.push('| step | time | actor | tool | verdict | reasons |', '| ---: | --- | --- | --- | --- | --- |');
    for (const step of session.steps.filter((st) => st.kind === 'tool-call' || st.reasons.length)) {
      out.push(`| ${step.index} | ${md(step.time ?? '')} | ${md(step.actor ?? '')} | ${md(step.tool ?? step.kind)} | ${step.verdict ?? ''} | ${md(step.reasons.join('; '))} |`);
    }
    out.push('');
  }
  if (report.findings.length) {
    out.push('## Findings', '');
    out.push('| severity | rule | location | context | message | evidence | fix | frameworks |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const f of report.findings) {
      const where = `${f.location.path}:${f.location.startLine}${f.step ? ` (step ${f.step.index})` : ''}${f.history ? ` (${historyLine(f.history)})` : ''}`;
      const tags = shortTags(f.frameworks).join(' ');
      out.push(`| ${f.severity} | \`${f.ruleId}\` | \`${cell(where)}\` | ${f.context ?? ''} | ${md(f.message)} | ${f.evidence ? `\`${cell(f.evidence)}\`` : ''} | ${md(f.remediation)} | ${md(tags)} |`);
    }
    out.push('');
  }
  if (report.errors.length) {
    out.push('## Errors', '');
    for (const e of report.errors) out.push(`- \`${cell(e.path)}\`: ${md(e.message)}`);
    out.push('');
  }
  return out.join('\n');
};

/** Inside a code span (paths, evidence): nothing is interpreted there but pipes and backticks. */
function cell(text: string): string {
  return escapeControl(text).replace(/\|/g, '\\|').replace(/`/g, "'");
}
