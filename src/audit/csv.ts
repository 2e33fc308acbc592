/**
 * The auditor's report as CSV (RFC 4180): the control matrix, one row per control and finding
 * citing it directly (a control without direct findings gets one row, naming the findings of its
 * sub-controls), so a spreadsheet can filter by framework, status or rule. Cells that a spreadsheet would read as a formula are quoted and prefixed.
 */
import type { AuditReport } from './model.js';
import { REFERENCE_LABEL, STATUS_LABEL, displayRules, findingIndex, findingWhere } from './format.js';

const HEADER = [
  'framework',
  'framework_version',
  'control_id',
  'control_title',
  'control_kind',
  'reference_status',
  'status',
  'note',
  'rules',
  'findings_in_sub_controls',
  'finding_id',
  'severity',
  'rule',
  'location',
  'message',
  'evidence',
  'fix',
];

export function renderCsv(r: AuditReport): string {
  const byId = findingIndex(r);
  const rows: string[][] = [HEADER];
  for (const fw of r.frameworks) {
    for (const c of fw.controls) {
      const base = [
        fw.id,
        fw.version,
        c.id,
        c.title,
        c.kind,
        REFERENCE_LABEL[c.referenceStatus],
        STATUS_LABEL[c.status],
        c.note ?? '',
        displayRules([...c.rules, ...c.subRules]).join(' '),
        c.subFindings.join(' '),
      ];
      if (!c.findings.length) rows.push([...base, '', '', '', '', '', '', '']);
      for (const id of c.findings) {
        const f = byId.get(id)!;
        rows.push([...base, f.id, f.severity, f.ruleId, findingWhere(f), f.message, f.evidence ?? '', f.remediation]);
      }
    }
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function csvCell(value: string): string {
  // A leading = + - @ (or tab/CR) makes spreadsheets evaluate the cell: neutralise it.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}
