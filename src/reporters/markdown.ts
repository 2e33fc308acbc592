/** Markdown for pull-request comments and job summaries: totals, then one table row per finding. */
import { SEVERITIES } from '../core/types.js';
import type { Reporter } from './types.js';
import { shortTags } from '../frameworks/index.js';

export const markdown: Reporter = (report) => {
  const out: string[] = ['# agentwarden report', ''];
  const s = report.stats;
  out.push(`${report.findings.length} findings · ${s.filesScanned} files scanned · ${s.filesSkipped} skipped · ${report.errors.length} errors`, '');
  out.push('| severity | count |', '| --- | ---: |');
  for (const level of SEVERITIES) out.push(`| ${level} | ${report.findings.filter((f) => f.severity === level).length} |`);
  out.push('');
  for (const session of report.sessions ?? []) {
    out.push(`## Session \`${cell(session.path)}\` (${session.format})`, '');
    out.push('| step | time | actor | tool | verdict | reasons |', '| ---: | --- | --- | --- | --- | --- |');
    for (const step of session.steps.filter((st) => st.kind === 'tool-call' || st.reasons.length)) {
      out.push(`| ${step.index} | ${cell(step.time ?? '')} | ${cell(step.actor ?? '')} | ${cell(step.tool ?? step.kind)} | ${step.verdict ?? ''} | ${cell(step.reasons.join('; '))} |`);
    }
    out.push('');
  }
  if (report.findings.length) {
    out.push('## Findings', '');
    out.push('| severity | rule | location | context | message | evidence | fix | frameworks |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const f of report.findings) {
      const where = `${f.location.path}:${f.location.startLine}${f.step ? ` (step ${f.step.index})` : ''}`;
      const tags = shortTags(f.frameworks).join(' ');
      out.push(`| ${f.severity} | \`${f.ruleId}\` | \`${cell(where)}\` | ${f.context ?? ''} | ${cell(f.message)} | ${f.evidence ? `\`${cell(f.evidence)}\`` : ''} | ${cell(f.remediation)} | ${cell(tags)} |`);
    }
    out.push('');
  }
  if (report.errors.length) {
    out.push('## Errors', '');
    for (const e of report.errors) out.push(`- \`${cell(e.path)}\`: ${cell(e.message)}`);
    out.push('');
  }
  return out.join('\n');
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/`/g, "'");
}
