/**
 * The auditor's report as data: scope, executive summary, every control of every framework with
 * its status and evidence, the inventory of non-human identities, replay evidence. Renderers
 * (markdown, csv, json, html) are pure functions of this model; everything here is ordered
 * deterministically, so two reports of the same tree differ only in their timestamp.
 */
import { auditDelegation, type AuditDelegation } from './delegation.js';
import path from 'node:path';
import type { IdentityUse, ProjectFacts, RuleMeta } from '../core/rule.js';
import {
  CATEGORIES,
  SEVERITIES,
  type Category,
  type Finding,
  type Location,
  type Report,
  type ScanError,
  type SessionTimeline,
  type Severity,
  type SkippedFile,
  type TimelineStep,
} from '../core/types.js';
import { cmp, compareFindings } from '../engine/order.js';
import { getCatalog, type Control, type ControlStatus, type Framework } from '../frameworks/index.js';
import type { GitInfo } from './git.js';
import { buildInventory } from './inventory.js';
import { frameworkSection, isReplayRule } from './controls.js';

export const REPORT_MODEL_VERSION = 1;

export type ControlTestStatus = 'findings' | 'no-findings' | 'not-testable';

export interface AuditFinding extends Finding {
  /** `F1`, `F2`, … in report order; stable for the same tree. */
  id: string;
  /** Short framework tags (ASI03, NHI2, MAESTRO-L6, …). */
  tags: string[];
}

export interface ControlRow {
  id: string;
  title: string;
  kind: Control['kind'];
  /** How sure the catalog is of this entry (confirmed, confirmed-secondary, unconfirmed). */
  referenceStatus: ControlStatus;
  parent?: string;
  /** Nesting below the framework's top level (0 = top). */
  depth: number;
  status: ControlTestStatus;
  /** Why a control is not testable, or that its findings come from sub-controls. */
  note?: string;
  /** Rules that cite this control directly. */
  rules: string[];
  /** Rules that cite one of its sub-controls (tactic members, sub-techniques, subcategories). */
  subRules: string[];
  /** Findings citing this control directly (AuditFinding ids). */
  findings: string[];
  /** Findings citing one of its sub-controls, not already in `findings`. */
  subFindings: string[];
}

export interface FrameworkSection {
  id: string;
  name: string;
  version: string;
  url: string;
  referenceStatus: ControlStatus;
  titleKind: Framework['titleKind'];
  /** Controls per status, the number of controls, and the number of findings citing the framework. */
  counts: Record<ControlTestStatus, number> & { controls: number; citingFindings: number };
  controls: ControlRow[];
}

export type LifetimeClass = 'long-lived' | 'short-lived' | 'reference' | 'unknown';

export interface NhiUse {
  consumer: string;
  location: Location;
}

export interface NhiEntry {
  /** `N1`, `N2`, … in inventory order. */
  id: string;
  /**
   * Identity key of named identities (`var:NAME`, `k8s-sa:ns/name`, `iam-user:name`, …). Left out
   * for secret values: their key is a salted hash with a public salt, which would let anyone holding
   * the report test guesses of a short password against it.
   */
  key?: string;
  /** Redacted label (`OpenAI API key sk-p…3xQ`, `OPENAI_API_KEY`, `IAM user deployer`). */
  label: string;
  identityKind: IdentityUse['identityKind'];
  provider?: string;
  /** Credential kind from the secret patterns (e.g. `personal access token`). */
  kind?: string;
  lifetime: NonNullable<IdentityUse['lifetime']>;
  lifetimeClass: LifetimeClass;
  /** Every line it appears on, in path/line order. */
  locations: Location[];
  /** Distinct consumers, one per place (the most specific name given there). */
  consumers: NhiUse[];
  shared: boolean;
  /** Credential and identity findings at one of its places. */
  findings: string[];
}

export interface SessionSection {
  path: string;
  format: string;
  policy?: string;
  steps: TimelineStep[];
  stepsOmitted: number;
  counts: { steps: number; toolCalls: number; allow: number; deny: number; needsApproval: number; unknown: number };
  /** Findings about this session (AuditFinding ids). */
  violations: string[];
}

export interface AuditScope {
  /** Absolute root of the scan (only JSON shows it; renderers show `target`). */
  root: string;
  /** Root relative to the working directory, or its absolute path when outside. */
  target: string;
  /** Paths as given on the command line, relative to the working directory. */
  paths: string[];
  generatedAt: string;
  tool: { name: string; version: string };
  ruleSet: { rules: number; staticRules: number; replayRules: number; digest: string };
  frameworks: { id: string; name: string; version: string }[];
  git?: GitInfo;
  config?: { file?: string; hash?: string };
  stats: {
    filesScanned: number;
    filesSkipped: number;
    bytesScanned: number;
    errors: number;
    findings: number;
    findingsSuppressed: number;
    findingsBaselined: number;
  };
  sessions: { path: string; format: string; policy?: string }[];
  policy?: string;
  /** The one framework shown, when `--framework` narrowed the report. */
  framework?: string;
  /** False when the report was built from a plain scan report, without the identity facts. */
  inventoryAvailable: boolean;
}

export interface AuditSummary {
  bySeverity: Record<Severity, number>;
  byCategory: { category: Category; total: number; bySeverity: Record<Severity, number> }[];
  byFramework: { id: string; name: string; findings: number; controls: number; withFindings: number; noFindings: number; notTestable: number }[];
  nhi: { total: number; longLived: number; shared: number; literal: number };
}

export interface AuditReport {
  reportVersion: typeof REPORT_MODEL_VERSION;
  scope: AuditScope;
  summary: AuditSummary;
  findings: AuditFinding[];
  frameworks: FrameworkSection[];
  inventory: NhiEntry[];
  /** The delegation graph of the agents in the code, when the scan's facts are known and any agent hands work to another. */
  delegation?: AuditDelegation;
  sessions: SessionSection[];
  rules: { id: string; title: string; category: Category; severity: Severity; replay: boolean }[];
  errors: ScanError[];
  skipped: SkippedFile[];
}

export interface AuditInput {
  report: Report;
  /** Every rule the report speaks for, with `frameworks` (see loadRuleSet). */
  rules: RuleMeta[];
  ruleSetDigest?: string;
  /** Identity and inventory facts of the scan; without them the NHI inventory is left empty. */
  facts?: ProjectFacts;
  /** Paths as given; default the report's root. */
  paths?: string[];
  config?: { file?: string; hash?: string };
  git?: GitInfo;
  /** ISO time; default from SOURCE_DATE_EPOCH, else now. */
  generatedAt?: string;
  /** Only this framework in the per-framework sections (a catalog id). */
  framework?: string;
  /** Whether recorded sessions were replayed (replay checks then count as tests). */
  replayed?: boolean;
  policy?: string;
  cwd?: string;
}

/** The report's timestamp: SOURCE_DATE_EPOCH (seconds) when set, so golden reports are reproducible. */
export function reportTimestamp(env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch.trim())) return new Date(Number(epoch.trim()) * 1000).toISOString();
  return now().toISOString();
}


function displayPath(p: string, cwd: string): string {
  const rel = path.relative(cwd, p);
  if (rel === '') return '.';
  return rel.startsWith('..') || path.isAbsolute(rel) ? p.split(path.sep).join('/') : rel.split(path.sep).join('/');
}

export function buildAuditReport(input: AuditInput): AuditReport {
  const catalog = getCatalog();
  const cwd = input.cwd ?? process.cwd();
  const { report } = input;

  const findings: AuditFinding[] = [...report.findings].sort(compareFindings).map((f, i) => ({
    ...f,
    id: `F${i + 1}`,
    tags: catalog.shortTags(f.frameworks),
  }));

  let frameworks = [...catalog.frameworks];
  if (input.framework !== undefined) frameworks = frameworks.filter((fw) => fw.id === input.framework);

  const replayed = input.replayed ?? (report.sessions?.length ?? 0) > 0;
  const sections = frameworks.map((fw) => frameworkSection(fw, input.rules, findings, replayed));
  const inventory = input.facts ? buildInventory(input.facts, findings) : [];
  const sessions = (report.sessions ?? []).map((s) => sessionSection(s, findings));
  const delegation = input.facts ? auditDelegation(input.facts, findings) : undefined;

  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as Record<Severity, number>;
  const byCategory = CATEGORIES.map((category) => {
    const of = findings.filter((f) => f.category === category);
    return {
      category,
      total: of.length,
      bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, of.filter((f) => f.severity === s).length])) as Record<Severity, number>,
    };
  }).filter((c) => c.total > 0);
  const byFramework = sections.map((s) => ({
    id: s.id,
    name: s.name,
    findings: s.counts.citingFindings,
    controls: s.counts.controls,
    withFindings: s.counts.findings,
    noFindings: s.counts['no-findings'],
    notTestable: s.counts['not-testable'],
  }));

  const replayRules = input.rules.filter((r) => isReplayRule(r.id)).length;
  const paths = (input.paths?.length ? input.paths : [report.root]).map((p) => displayPath(path.resolve(cwd, p), cwd));
  const scope: AuditScope = {
    root: report.root,
    target: displayPath(report.root, cwd),
    paths,
    generatedAt: input.generatedAt ?? reportTimestamp(),
    tool: { ...report.tool },
    ruleSet: {
      rules: input.rules.length,
      staticRules: input.rules.length - replayRules,
      replayRules,
      digest: input.ruleSetDigest ?? '',
    },
    frameworks: catalog.frameworks.map((fw) => ({ id: fw.id, name: fw.name, version: fw.version })),
    ...(input.git && { git: input.git }),
    ...(input.config && (input.config.file || input.config.hash) && { config: { ...input.config } }),
    stats: {
      filesScanned: report.stats.filesScanned,
      filesSkipped: report.stats.filesSkipped,
      bytesScanned: report.stats.bytesScanned,
      errors: report.errors.length,
      findings: findings.length,
      findingsSuppressed: report.stats.findingsSuppressed,
      findingsBaselined: report.stats.findingsBaselined,
    },
    sessions: (report.sessions ?? []).map((s) => ({ path: s.path, format: s.format, ...(s.policy && { policy: s.policy }) })),
    ...(input.policy && { policy: input.policy }),
    ...(input.framework !== undefined && { framework: input.framework }),
    inventoryAvailable: input.facts !== undefined,
  };

  return {
    reportVersion: REPORT_MODEL_VERSION,
    scope,
    summary: {
      bySeverity,
      byCategory,
      byFramework,
      nhi: {
        total: inventory.length,
        longLived: inventory.filter((e) => e.lifetimeClass === 'long-lived').length,
        shared: inventory.filter((e) => e.shared).length,
        literal: inventory.filter((e) => e.identityKind === 'secret' && e.lifetime !== 'reference').length,
      },
    },
    findings,
    frameworks: sections,
    inventory,
    ...(delegation && { delegation }),
    sessions,
    rules: input.rules.map((r) => ({ id: r.id, title: r.title, category: r.category, severity: r.severity, replay: isReplayRule(r.id) })),
    errors: [...report.errors].sort((a, b) => cmp(a.path, b.path) || cmp(a.message, b.message)),
    skipped: [...report.skipped].sort((a, b) => cmp(a.path, b.path)),
  };
}

// ---------------------------------------------------------------------------------------------
// Replay

function sessionSection(s: SessionTimeline, findings: AuditFinding[]): SessionSection {
  const calls = s.steps.filter((st) => st.kind === 'tool-call');
  const count = (v: string) => calls.filter((st) => (st.verdict ?? 'unknown') === v).length;
  return {
    path: s.path,
    format: s.format,
    ...(s.policy && { policy: s.policy }),
    steps: [...s.steps].sort((a, b) => a.index - b.index),
    stepsOmitted: s.stepsOmitted ?? 0,
    counts: {
      steps: s.steps.length + (s.stepsOmitted ?? 0),
      toolCalls: calls.length,
      allow: count('allow'),
      deny: count('deny'),
      needsApproval: count('needs-approval'),
      unknown: count('unknown'),
    },
    violations: findings.filter((f) => f.location.path === s.path && f.step !== undefined).map((f) => f.id),
  };
}
