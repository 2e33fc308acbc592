/** Wording shared by every renderer of the auditor's report, so formats say the same thing. */
import type { Location } from '../core/types.js';
import type { AuditFinding, AuditReport, ControlTestStatus, LifetimeClass, NhiEntry } from './model.js';
import type { ControlStatus } from '../frameworks/index.js';

export const STATUS_LABEL: Record<ControlTestStatus, string> = {
  findings: 'findings',
  'no-findings': 'no findings',
  'not-testable': 'not testable statically',
};

export const REFERENCE_LABEL: Record<ControlStatus, string> = {
  confirmed: 'confirmed',
  'confirmed-secondary': 'confirmed (secondary sources)',
  unconfirmed: 'unconfirmed',
};

export const LIFETIME_LABEL: Record<LifetimeClass, string> = {
  'long-lived': 'long-lived (static)',
  'short-lived': 'short-lived (expires)',
  reference: 'reference (injected at run time)',
  unknown: 'unknown',
};

export const IDENTITY_KIND_LABEL: Record<NhiEntry['identityKind'], string> = {
  secret: 'secret value',
  variable: 'credential variable',
  'service-account': 'service account',
  'iam-user': 'IAM user',
  'iam-role': 'IAM role',
  token: 'token',
};

export function where(l: Location): string {
  return `${l.path}:${l.startLine}`;
}

export function findingWhere(f: AuditFinding): string {
  return `${where(f.location)}${f.step ? ` (step ${f.step.index})` : ''}`;
}

export function providerKind(e: NhiEntry): string {
  return [e.provider, e.kind].filter(Boolean).join(' · ') || '';
}

export function scopeLines(r: AuditReport): [string, string][] {
  const s = r.scope;
  const rows: [string, string][] = [
    ['target', s.target],
    ['paths', s.paths.join(', ')],
    ['generated', s.generatedAt],
    ['tool', `${s.tool.name} ${s.tool.version}`],
    [
      'rule set',
      `${s.ruleSet.rules} rules (${s.ruleSet.staticRules} static, ${s.ruleSet.replayRules} replay)${s.ruleSet.digest ? `, digest ${s.ruleSet.digest}` : ''}`,
    ],
    ['frameworks', s.frameworks.map((f) => `${f.name} ${f.version}`).join('; ')],
    ['git commit', s.git ? `${s.git.commit}${s.git.branch ? ` (${s.git.branch})` : ' (detached)'}` : 'not in a git repository'],
    ['config', s.config ? `${s.config.file ?? 'config'}${s.config.hash ? ` (sha256 ${s.config.hash})` : ''}` : 'none (defaults)'],
    [
      'files',
      `${s.stats.filesScanned} scanned, ${s.stats.filesSkipped} skipped, ${s.stats.errors} could not be read or parsed`,
    ],
    ['findings', `${s.stats.findings} reported, ${s.stats.findingsSuppressed} suppressed, ${s.stats.findingsBaselined} in the baseline`],
  ];
  if (s.sessions.length) rows.push(['sessions', s.sessions.map((x) => `${x.path} (${x.format})`).join(', ')]);
  if (s.policy) rows.push(['policy', s.policy]);
  if (s.framework) rows.push(['framework shown', s.framework]);
  return rows;
}

/** Stable per-finding lookup for renderers. */
export function findingIndex(r: AuditReport): Map<string, AuditFinding> {
  return new Map(r.findings.map((f) => [f.id, f]));
}

export interface EvidenceGroup {
  ruleId: string;
  remediation: string;
  /** The most severe of the group's findings. */
  severity: AuditFinding['severity'];
  findings: AuditFinding[];
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];

/** A control's findings grouped by rule and fix, so a fix shared by many findings is shown once. */
export function groupEvidence(ids: readonly string[], byId: Map<string, AuditFinding>): EvidenceGroup[] {
  const groups = new Map<string, EvidenceGroup>();
  for (const id of ids) {
    const f = byId.get(id);
    if (!f) continue;
    const key = `${f.ruleId}\0${f.remediation}`;
    const g = groups.get(key);
    if (!g) groups.set(key, { ruleId: f.ruleId, remediation: f.remediation, severity: f.severity, findings: [f] });
    else {
      g.findings.push(f);
      if (SEVERITY_ORDER.indexOf(f.severity) < SEVERITY_ORDER.indexOf(g.severity)) g.severity = f.severity;
    }
  }
  return [...groups.values()];
}

/**
 * Rule ids for display: the credential patterns of the secrets domain (nearly two hundred, one
 * per provider token format) collapse into one entry so the rules that test a control stay readable.
 */
export function displayRules(ids: readonly string[]): string[] {
  const secrets = ids.filter((id) => id.startsWith('secrets/'));
  if (secrets.length < 5) return [...ids];
  const out: string[] = [];
  for (const id of ids) {
    if (!id.startsWith('secrets/')) out.push(id);
    else if (id === secrets[0]) out.push(`secrets/* (${secrets.length} credential patterns)`);
  }
  return out;
}

/** At most `max` items for display, then "and N more" (the JSON report keeps them all). */
export function capped<T>(items: readonly T[], max = 8): { shown: T[]; more: number } {
  return items.length <= max ? { shown: [...items], more: 0 } : { shown: items.slice(0, max), more: items.length - max };
}
