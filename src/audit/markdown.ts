/** The auditor's report as Markdown: scope, summary, findings, NHI inventory, every control, replay. */
import { SEVERITIES } from '../core/types.js';
import type { AuditReport, ControlRow, FrameworkSection } from './model.js';
import {
  IDENTITY_KIND_LABEL,
  LIFETIME_LABEL,
  REFERENCE_LABEL,
  STATUS_LABEL,
  capped,
  displayRules,
  findingIndex,
  findingWhere,
  groupEvidence,
  providerKind,
  scopeLines,
  where,
} from './format.js';

export function renderMarkdown(r: AuditReport): string {
  const out: string[] = ['# agentwarden audit report', ''];
  const byId = findingIndex(r);

  out.push('## Scope', '', '| | |', '| --- | --- |');
  for (const [k, v] of scopeLines(r)) out.push(`| ${k} | ${cell(v)} |`);
  out.push('');

  out.push('## Executive summary', '');
  out.push(
    `${r.findings.length} findings. ${r.summary.nhi.total} non-human identities in the inventory: ` +
      `${r.summary.nhi.longLived} long-lived, ${r.summary.nhi.shared} shared, ${r.summary.nhi.literal} written as literal values.`,
    '',
  );
  out.push(`| ${SEVERITIES.join(' | ')} |`, `| ${SEVERITIES.map(() => '---:').join(' | ')} |`);
  out.push(`| ${SEVERITIES.map((s) => r.summary.bySeverity[s]).join(' | ')} |`, '');
  if (r.summary.byCategory.length) {
    out.push(`| category | total | ${SEVERITIES.join(' | ')} |`, `| --- | ---: | ${SEVERITIES.map(() => '---:').join(' | ')} |`);
    for (const c of r.summary.byCategory) out.push(`| ${c.category} | ${c.total} | ${SEVERITIES.map((s) => c.bySeverity[s]).join(' | ')} |`);
    out.push('');
  }
  out.push(
    '| framework | findings citing it | controls | with findings | no findings | not testable statically |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const f of r.summary.byFramework) {
    out.push(`| ${cell(f.name)} | ${f.findings} | ${f.controls} | ${f.withFindings} | ${f.noFindings} | ${f.notTestable} |`);
  }
  out.push('');

  out.push('## Findings', '');
  if (!r.findings.length) out.push('No findings.', '');
  else {
    out.push('| id | severity | rule | location | message | evidence | fix | frameworks |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const f of r.findings) {
      out.push(
        `| ${f.id} | ${f.severity} | \`${f.ruleId}\` | \`${cell(findingWhere(f))}\` | ${cell(f.message)} | ${f.evidence ? `\`${cell(f.evidence)}\`` : ''} | ${cell(f.remediation)} | ${cell(f.tags.join(' '))} |`,
      );
    }
    out.push('');
  }

  out.push('## Non-human identity inventory', '');
  if (!r.scope.inventoryAvailable) out.push('Not available: this report was made from a scan report without identity facts; run `agentwarden report` for the inventory.', '');
  else if (!r.inventory.length) out.push('No credentials or identities found.', '');
  else {
    out.push('| id | identity | type | provider / kind | lifetime | appears at | used by | shared | findings |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const e of r.inventory) {
      out.push(
        `| ${e.id} | \`${cell(e.label)}\` | ${IDENTITY_KIND_LABEL[e.identityKind]} | ${cell(providerKind(e))} | ${LIFETIME_LABEL[e.lifetimeClass]} | ${cell(moreText(capped(e.locations.map(where)), ', '))} | ${cell(moreText(capped(e.consumers.map((c) => c.consumer)), '; '))} | ${e.shared ? `**yes** (${e.consumers.length})` : 'no'} | ${e.findings.join(' ')} |`,
      );
    }
    out.push('');
  }

  if (r.sessions.length) {
    out.push('## Replay evidence', '');
    for (const s of r.sessions) {
      out.push(`### Session \`${cell(s.path)}\` (${s.format})`, '');
      out.push(
        `${s.counts.steps} steps, ${s.counts.toolCalls} tool calls: ${s.counts.allow} allowed, ${s.counts.deny} denied, ${s.counts.needsApproval} needing approval, ${s.counts.unknown} unknown.` +
          `${s.policy ? ` Policy: \`${cell(s.policy)}\`.` : ''}${s.stepsOmitted ? ` ${s.stepsOmitted} unremarkable steps omitted.` : ''}` +
          `${s.violations.length ? ` Violations: ${s.violations.join(' ')}.` : ' No violations.'}`,
        '',
      );
      const shown = s.steps.filter((st) => st.kind !== 'message' || st.reasons.length);
      if (shown.length) {
        out.push('| step | time | actor | kind | tool | verdict | reasons |', '| ---: | --- | --- | --- | --- | --- | --- |');
        for (const st of shown) {
          out.push(`| ${st.index} | ${cell(st.time ?? '')} | ${cell(st.actor ?? '')} | ${st.kind} | ${cell(st.tool ?? '')} | ${st.verdict ?? ''} | ${cell(st.reasons.join('; '))} |`);
        }
        out.push('');
      }
    }
  }

  out.push('## Frameworks', '');
  out.push(
    'Every control of every framework. Status: **findings** (a finding cites it or one of its sub-controls), **no findings** (rules test it and found nothing), **not testable statically** (no rule of this scan tests it). Reference marks: ✓ confirmed in the publisher\'s text, ≈ confirmed from secondary sources, ? unconfirmed.',
    '',
  );
  for (const fw of r.frameworks) renderFramework(out, fw, byId);

  if (r.errors.length || r.skipped.length) {
    out.push('## Files not analysed', '');
    for (const e of r.errors) out.push(`- \`${cell(e.path)}\`: ${cell(e.message)}`);
    for (const s of r.skipped) out.push(`- \`${cell(s.path)}\`: skipped (${s.reason})`);
    out.push('');
  }
  return out.join('\n');
}

const MARK = { confirmed: '✓', 'confirmed-secondary': '≈', unconfirmed: '?' } as const;

function renderFramework(out: string[], fw: FrameworkSection, byId: ReturnType<typeof findingIndex>): void {
  out.push(`### ${cell(fw.name)} ${fw.version}`, '');
  out.push(
    `${fw.url} · reference ${REFERENCE_LABEL[fw.referenceStatus]} · ${fw.counts.controls} controls: ${fw.counts.findings} with findings, ${fw.counts['no-findings']} no findings, ${fw.counts['not-testable']} not testable statically.`,
    '',
  );
  out.push('| control | title | status | findings | rules that test it |', '| --- | --- | --- | --- | --- |');
  for (const c of fw.controls) {
    const indent = '\u00a0\u00a0'.repeat(c.depth);
    const findings = [...c.findings, ...(c.subFindings.length ? [`(+${c.subFindings.length} in sub-controls)`] : [])].join(' ');
    const rules = [...displayRules(c.rules).map((id) => `\`${id}\``), ...(c.subRules.length ? [`(+${c.subRules.length} through sub-controls)`] : [])].join(' ');
    out.push(
      `| ${indent}${cell(c.id)} ${MARK[c.referenceStatus]} | ${cell(c.title)} | ${statusCell(c)} | ${findings} | ${rules} |`,
    );
  }
  out.push('');
  const withEvidence = fw.controls.filter((c) => c.findings.length);
  if (withEvidence.length) {
    out.push(`Evidence for ${fw.name}:`, '');
    for (const c of withEvidence) {
      out.push(`- **${cell(c.id)}** ${cell(c.title)}`);
      for (const g of groupEvidence(c.findings, byId)) {
        const places = g.findings.map((f) => `${f.id} \`${cell(findingWhere(f))}\`${f.evidence ? ` (\`${cell(f.evidence)}\`)` : ''}`);
        out.push(`  - ${g.severity} \`${g.ruleId}\`: ${places.join(', ')}. Fix: ${cell(g.remediation)}`);
      }
    }
    out.push('');
  }
}

function statusCell(c: ControlRow): string {
  const label = STATUS_LABEL[c.status];
  return c.status === 'findings' ? `**${label}**` : c.note && c.status === 'not-testable' && c.rules.length + c.subRules.length ? `${label} (replay only)` : label;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/`/g, "'");
}

function moreText(list: { shown: string[]; more: number }, sep: string): string {
  return list.shown.join(sep) + (list.more ? `${sep}and ${list.more} more` : '');
}
