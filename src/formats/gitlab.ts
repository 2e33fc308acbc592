/**
 * The GitLab security report of type `secret_detection` (schema version `GITLAB_SCHEMA_VERSION` of
 * gitlab-org/security-products/security-report-schemas, `secret-detection-report-format.json`), so
 * findings show in the merge request's security widget and the vulnerability report. Every finding
 * goes in, the rule id as primary identifier and the category as a second one. GitLab requires a
 * commit on every location: the commit that added it for `scan --history`, otherwise `0000000`
 * (what GitLab's own analyzer writes for a scan of the working tree). No secret in full: the
 * report carries the redacted evidence and never `raw_source_code_extract`.
 */
import { createHash } from 'node:crypto';
import type { Finding, Severity } from '../core/types.js';
import type { Reporter } from './types.js';
import { historyLine } from './text.js';

export const GITLAB_SCHEMA_VERSION = '15.2.1';

const SEVERITY: Record<Severity, 'Critical' | 'High' | 'Medium' | 'Low' | 'Info'> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

/** What GitLab's analyzer records as the commit of a finding outside any commit. */
const NO_COMMIT = '0000000';

export const gitlab: Reporter = (report, options) => {
  const end = options.now ?? Date.now();
  const tool = { id: 'agentwarden', name: 'agentwarden', version: report.tool.version, vendor: { name: 'agentwarden' } };
  const doc = {
    version: GITLAB_SCHEMA_VERSION,
    scan: {
      analyzer: tool,
      scanner: { ...tool, url: 'https://github.com/agentwarden/agentwarden' },
      type: 'secret_detection',
      start_time: gitlabTime(end - report.stats.durationMs),
      end_time: gitlabTime(end),
      status: 'success',
      messages: report.errors.map((e) => ({ level: 'warn', value: `${e.path}: ${e.message}` })),
    },
    vulnerabilities: report.findings.map(vulnerability),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
};

function vulnerability(f: Finding) {
  const description = [f.message, f.evidence ? `Evidence: ${f.evidence}` : '', f.history ? `History: ${historyLine(f.history)}` : ''].filter(Boolean).join('\n\n');
  return {
    id: uuidOf(f.fingerprint),
    name: f.title,
    description,
    severity: SEVERITY[f.severity],
    solution: f.remediation,
    identifiers: [
      { type: 'agentwarden_rule_id', name: f.ruleId, value: f.ruleId },
      { type: 'agentwarden_category', name: f.category, value: f.category },
    ],
    location: {
      file: f.location.path,
      start_line: f.location.startLine,
      end_line: f.location.endLine,
      commit: { sha: f.history?.commit ?? NO_COMMIT, ...(f.history?.date ? { date: f.history.date } : {}) },
    },
  };
}

/** A stable UUID-shaped id from the finding's fingerprint, so GitLab tracks it across pipelines. */
function uuidOf(fingerprint: string): string {
  const h = createHash('sha256').update(`agentwarden:${fingerprint}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** `YYYY-MM-DDTHH:MM:SS`, UTC, as the schema's pattern wants (no fraction, no zone). */
function gitlabTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}
