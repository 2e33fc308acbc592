/**
 * The auditor's report as data: scope, executive summary, every control of every framework with
 * its status and evidence, the inventory of non-human identities, replay evidence. Renderers
 * (markdown, csv, json, html) are pure functions of this model; everything here is ordered
 * deterministically, so two reports of the same tree differ only in their timestamp.
 */
import { auditDelegation, type AuditDelegation } from './delegation.js';
import path from 'node:path';
import type { IdentityUse, InventoryItem, ProjectFacts, RuleMeta } from '../core/rule.js';
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
import { compareFindings } from '../engine/order.js';
import { getCatalog, type Control, type ControlStatus, type Framework } from '../frameworks/index.js';
import type { GitInfo } from './git.js';

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

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const isReplayRule = (id: string): boolean => id.startsWith('replay/');

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
// Frameworks: every control, its status, its evidence, the rules that test it

function frameworkSection(fw: Framework, rules: RuleMeta[], findings: AuditFinding[], replayed: boolean): FrameworkSection {
  const direct = new Map<string, { rules: Set<string>; findings: Set<string> }>();
  const entry = (id: string) => {
    let e = direct.get(id);
    if (!e) direct.set(id, (e = { rules: new Set(), findings: new Set() }));
    return e;
  };
  for (const r of rules) for (const id of r.frameworks?.[fw.id] ?? []) entry(id).rules.add(r.id);
  for (const f of findings) for (const id of f.frameworks[fw.id] ?? []) entry(id).findings.add(f.id);

  // Sub-controls: children by `parent`, and ATLAS techniques under the tactics they list.
  const children = new Map<string, string[]>();
  const addChild = (parent: string, child: string) => {
    const list = children.get(parent) ?? [];
    if (!list.includes(child)) list.push(child);
    children.set(parent, list);
  };
  for (const c of fw.controls) {
    if (c.parent) addChild(c.parent, c.id);
    for (const t of c.tactics ?? []) if (!c.parent) addChild(t, c.id);
  }
  const descendants = (id: string, seen = new Set<string>()): Set<string> => {
    for (const child of children.get(id) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      descendants(child, seen);
    }
    return seen;
  };
  const parentOf = new Map(fw.controls.map((x) => [x.id, x.parent]));
  const depthOf = (c: Control): number => {
    let depth = 0;
    let parent = c.parent;
    while (parent && depth < 10) {
      depth++;
      parent = parentOf.get(parent);
    }
    return depth;
  };

  const findingOrder = new Map(findings.map((f, i) => [f.id, i]));
  const byFindingOrder = (a: string, b: string) => findingOrder.get(a)! - findingOrder.get(b)!;
  const rows: ControlRow[] = treeOrder(fw.controls).map((c) => {
    const own = direct.get(c.id);
    const ownRules = [...(own?.rules ?? [])].sort(cmp);
    const ownFindings = [...(own?.findings ?? [])].sort(byFindingOrder);
    const subRules = new Set<string>();
    const subFindings = new Set<string>();
    for (const d of descendants(c.id)) {
      for (const r of direct.get(d)?.rules ?? []) if (!own?.rules.has(r)) subRules.add(r);
      for (const f of direct.get(d)?.findings ?? []) if (!own?.findings.has(f)) subFindings.add(f);
    }
    const testing = [...ownRules, ...subRules];
    const staticTesting = testing.filter((r) => !isReplayRule(r));
    let status: ControlTestStatus;
    let note: string | undefined;
    if (ownFindings.length || subFindings.size) {
      status = 'findings';
      if (!ownFindings.length) note = 'findings through sub-controls';
    } else if (staticTesting.length || (replayed && testing.length)) {
      status = 'no-findings';
    } else {
      status = 'not-testable';
      if (testing.length) note = 'tested only by replaying recorded sessions (none given)';
    }
    return {
      id: c.id,
      title: c.title,
      kind: c.kind,
      referenceStatus: c.status,
      ...(c.parent && { parent: c.parent }),
      depth: depthOf(c),
      status,
      ...(note && { note }),
      rules: ownRules,
      subRules: [...subRules].sort(cmp),
      findings: ownFindings,
      subFindings: [...subFindings].sort(byFindingOrder),
    };
  });
  const citing = findings.filter((f) => (f.frameworks[fw.id]?.length ?? 0) > 0).length;
  return {
    id: fw.id,
    name: fw.name,
    version: fw.version,
    url: fw.url,
    referenceStatus: fw.status,
    titleKind: fw.titleKind,
    counts: {
      controls: rows.length,
      citingFindings: citing,
      findings: rows.filter((r) => r.status === 'findings').length,
      'no-findings': rows.filter((r) => r.status === 'no-findings').length,
      'not-testable': rows.filter((r) => r.status === 'not-testable').length,
    },
    controls: rows,
  };
}

/** Controls as a tree, depth first (a function, its categories, each with its subcategories), siblings in catalog order. */
function treeOrder(controls: readonly Control[]): Control[] {
  const ids = new Set(controls.map((c) => c.id));
  const children = new Map<string, Control[]>();
  const roots: Control[] = [];
  for (const c of controls) {
    if (c.parent && ids.has(c.parent)) {
      const list = children.get(c.parent) ?? [];
      list.push(c);
      children.set(c.parent, list);
    } else roots.push(c);
  }
  const out: Control[] = [];
  const visit = (c: Control, depth: number) => {
    out.push(c);
    if (depth < 10) for (const child of children.get(c.id) ?? []) visit(child, depth + 1);
  };
  for (const r of roots) visit(r, 0);
  return out;
}

// ---------------------------------------------------------------------------------------------
// NHI inventory

const LIFETIME_CLASS: Record<NonNullable<IdentityUse['lifetime']>, LifetimeClass> = {
  static: 'long-lived',
  expiring: 'short-lived',
  reference: 'reference',
  unknown: 'unknown',
};
const LIFETIME_RANK: Record<LifetimeClass, number> = { 'long-lived': 0, 'short-lived': 1, unknown: 2, reference: 3 };

function compareLocations(a: Location, b: Location): number {
  return cmp(a.path, b.path) || a.startLine - b.startLine || a.startColumn - b.startColumn;
}

const placeOf = (l: Location): string => `${l.path}\0${l.startLine}`;

function buildInventory(facts: ProjectFacts, findings: AuditFinding[]): NhiEntry[] {
  const credentials = new Map<string, InventoryItem>();
  for (const item of [...facts.inventory].sort((a, b) => compareLocations(a.location, b.location))) {
    const key = item.type === 'credential' && typeof item.data.key === 'string' ? item.data.key : undefined;
    if (key && !credentials.has(key)) credentials.set(key, item);
  }
  const uses = new Map<string, IdentityUse[]>();
  for (const use of facts.identities) {
    const list = uses.get(use.key) ?? [];
    list.push(use);
    uses.set(use.key, list);
  }
  // A credential seen only as an inventory item still belongs in the inventory.
  for (const [key, item] of credentials) {
    if (uses.has(key)) continue;
    uses.set(key, [
      {
        key,
        label: [item.data.provider, item.data.kind, item.data.evidence].filter((x) => typeof x === 'string').join(' '),
        identityKind: 'secret',
        consumer: item.location.path,
        location: item.location,
        ...(typeof item.data.provider === 'string' && { provider: item.data.provider }),
        lifetime: (item.data.lifetime as IdentityUse['lifetime']) ?? 'unknown',
      },
    ]);
  }

  const identityFindings = findings.filter((f) => f.category.startsWith('credential.') || f.category.startsWith('identity.'));
  const findingsAt = new Map<string, Set<string>>();
  for (const f of identityFindings) {
    for (const l of [f.location, ...(f.related ?? [])]) {
      const set = findingsAt.get(placeOf(l)) ?? new Set<string>();
      set.add(f.id);
      findingsAt.set(placeOf(l), set);
    }
  }
  const order = new Map(findings.map((f, i) => [f.id, i]));
  // Whether an identity is shared is the shared-identity rule's judgement (helpers of one app, code
  // reading a setting, a service and its one client are not sharing), not a count of consumers here.
  const sharingFindings = new Set(findings.filter((f) => f.ruleId === 'identity/shared-credential').map((f) => f.id));

  const entries: (Omit<NhiEntry, 'id' | 'key'> & { key: string })[] = [];
  for (const [key, list] of uses) {
    const sorted = [...list].sort((a, b) => compareLocations(a.location, b.location) || cmp(a.consumer, b.consumer));
    const item = credentials.get(key);
    const first = sorted.find((u) => u.provider) ?? sorted[0]!;
    const lifetime = strongestLifetime(sorted.map((u) => u.lifetime ?? 'unknown'), item?.data.lifetime);
    const locations: Location[] = [];
    const seenPlaces = new Set<string>();
    for (const u of sorted) {
      // One place per line: several uses on a line (the value and its server) are one place.
      const k = placeOf(u.location);
      if (!seenPlaces.has(k)) {
        seenPlaces.add(k);
        locations.push(u.location);
      }
    }
    const consumers = distinctConsumers(sorted);
    const ids = new Set<string>();
    for (const l of locations) for (const id of findingsAt.get(placeOf(l)) ?? []) ids.add(id);
    const provider = (typeof item?.data.provider === 'string' ? item.data.provider : undefined) ?? first.provider;
    const kind = typeof item?.data.kind === 'string' ? item.data.kind : undefined;
    entries.push({
      key,
      label: first.label,
      identityKind: first.identityKind,
      ...(provider && { provider }),
      ...(kind && { kind }),
      lifetime,
      lifetimeClass: LIFETIME_CLASS[lifetime],
      locations,
      consumers,
      shared: consumers.length > 1 && [...ids].some((id) => sharingFindings.has(id)),
      findings: [...ids].sort((a, b) => order.get(a)! - order.get(b)!),
    });
  }
  entries.sort(
    (a, b) =>
      LIFETIME_RANK[a.lifetimeClass] - LIFETIME_RANK[b.lifetimeClass] ||
      Number(b.shared) - Number(a.shared) ||
      cmp(a.provider ?? '\uffff', b.provider ?? '\uffff') ||
      cmp(a.label, b.label) ||
      cmp(a.key!, b.key!),
  );
  return entries.map(({ key, ...rest }, i) => ({ id: `N${i + 1}`, ...(key.startsWith('secret:') ? {} : { key }), ...rest }));
}

/** A literal anywhere makes the identity long-lived; otherwise the most telling lifetime seen. */
function strongestLifetime(seen: NonNullable<IdentityUse['lifetime']>[], fromInventory: unknown): NonNullable<IdentityUse['lifetime']> {
  const all = new Set<string>([...seen, ...(typeof fromInventory === 'string' ? [fromInventory] : [])]);
  for (const l of ['static', 'expiring', 'unknown', 'reference'] as const) if (all.has(l)) return l;
  return 'unknown';
}

/** One consumer per place (the most specific name given there), then one use per consumer. */
function distinctConsumers(uses: IdentityUse[]): NhiUse[] {
  const byPlace = new Map<string, IdentityUse>();
  for (const use of uses) {
    const place = placeOf(use.location);
    const current = byPlace.get(place);
    if (!current || (current.consumer === current.location.path && use.consumer !== use.location.path)) byPlace.set(place, use);
  }
  const byConsumer = new Map<string, NhiUse>();
  for (const use of byPlace.values()) if (!byConsumer.has(use.consumer)) byConsumer.set(use.consumer, { consumer: use.consumer, location: use.location });
  return [...byConsumer.values()];
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
