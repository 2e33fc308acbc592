/** The auditor's report model as JSON, keys in a fixed order, for tools that build on it. */
import type { AuditReport } from './model.js';

export function renderJson(r: AuditReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
