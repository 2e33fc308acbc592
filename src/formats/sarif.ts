/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: one run, every rule with help
 * text, tags (category and framework IDs) and `security-severity`, results with relative URIs,
 * regions and partial fingerprints.
 */
import type { RuleMeta } from '../core/rule.js';
import type { Finding, Location, Severity } from '../core/types.js';
import { SECURITY_SEVERITY } from '../core/severity.js';
import type { Reporter } from './types.js';
import { shortTags } from '../frameworks/index.js';
import { cmp } from '../engine/order.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

const INFORMATION_URI = 'https://github.com/agentwarden/agentwarden';

export const sarif: Reporter = (report, options) => {
  const rules = [...options.rules];
  const known = new Set(rules.map((r) => r.id));
  for (const f of report.findings) {
    if (!known.has(f.ruleId)) {
      known.add(f.ruleId);
      rules.push({ id: f.ruleId, title: f.title, category: f.category, severity: f.severity, description: f.title, remediation: f.remediation, frameworks: f.frameworks });
    }
  }
  rules.sort((a, b) => cmp(a.id, b.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const doc = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'agentwarden',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: rules.map(sarifRule),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: toFileUri(report.root) } },
        invocations: [
          {
            // a replay that could not evaluate a session file did not complete
            executionSuccessful: !report.stats.filesFailed,
            toolExecutionNotifications: report.errors.map((e) => ({
              level: 'warning',
              message: { text: e.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: encodePath(e.path), uriBaseId: '%SRCROOT%' } } }],
            })),
          },
        ],
        results: report.findings.map((f) => sarifResult(f, index.get(f.ruleId)!)),
      },
    ],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
};

function sarifRule(r: RuleMeta) {
  const tags = ['security', r.category, ...shortTags(r.frameworks ?? {})];
  const refs = Object.entries(r.frameworks ?? {}).map(([fw, ids]) => `${fw}: ${ids.join(', ')}`);
  const help = `${r.description}\n\nFix: ${r.remediation}${refs.length ? `\n\nFrameworks: ${refs.join('; ')}` : ''}`;
  return {
    id: r.id,
    name: toPascal(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: { text: help, markdown: `${r.description}\n\n**Fix:** ${r.remediation}${refs.length ? `\n\n**Frameworks:**\n${refs.map((x) => `- ${x}`).join('\n')}` : ''}` },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: {
      tags,
      precision: r.confidence === 'low' ? 'low' : r.confidence === 'medium' ? 'medium' : 'high',
      'security-severity': SECURITY_SEVERITY[r.severity],
      category: r.category,
    },
  };
}

function sarifResult(f: Finding, ruleIndex: number) {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.evidence ? `${f.message} Evidence: ${f.evidence}` : f.message },
    locations: [physical(f.location)],
    ...(f.related?.length
      ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, ...physical(r), message: { text: r.message ?? 'related' } })) }
      : {}),
    partialFingerprints: { 'agentwarden/v1': f.fingerprint },
    properties: {
      severity: f.severity,
      confidence: f.confidence,
      category: f.category,
      'security-severity': SECURITY_SEVERITY[f.severity],
      ...(f.step ? { step: f.step.index } : {}),
      ...(f.context ? { context: f.context } : {}),
      ...(f.originalSeverity ? { originalSeverity: f.originalSeverity } : {}),
      ...(f.history ? { commit: f.history.commit, commitDate: f.history.date, atHead: f.history.atHead } : {}),
    },
  };
}

function physical(l: Location) {
  return {
    physicalLocation: {
      artifactLocation: { uri: encodePath(l.path), uriBaseId: '%SRCROOT%' },
      region: { startLine: l.startLine, startColumn: l.startColumn, endLine: l.endLine, endColumn: l.endColumn },
    },
  };
}

function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

function toFileUri(abs: string): string {
  const posix = abs.replace(/\\/g, '/');
  return `file://${posix.startsWith('/') ? '' : '/'}${encodePath(posix)}${posix.endsWith('/') ? '' : '/'}`;
}

function toPascal(id: string): string {
  return id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
