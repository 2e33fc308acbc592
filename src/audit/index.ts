/** The auditor's report: model and renderers. */
import type { AuditReport } from './model.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';

export const REPORT_FORMATS = ['html', 'markdown', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const RENDERERS: Record<ReportFormat, (r: AuditReport) => string> = {
  html: renderHtml,
  markdown: renderMarkdown,
  csv: renderCsv,
  json: renderJson,
};

export { buildAuditReport, reportTimestamp, type AuditInput, type AuditReport } from './model.js';
export { html } from './html.js';
