/**
 * Step-by-step evaluation of one session: events in, timeline steps, verdicts and findings out.
 *
 * A tool call's facts that depend on what came before (secret flow, revocations, delegation,
 * credentials, the policy's tool and argument rules) are computed when the call arrives; the facts
 * that may be recorded after it (an approval, the result that shows it ran) are settled when its
 * result arrives, or after a bounded window of later events. Steps leave in order.
 *
 * Verdict precedence: deny > needs-approval > unknown > allow. A fact the format cannot supply
 * makes a check `unknown`, never `allow`.
 */
import { SEVERITIES, type Category, type Confidence, type Finding, type SessionTimeline, type Severity, type TimelineStep, type Verdict } from '../core/types.js';
import type { RuleMeta } from '../core/rule.js';
import { fingerprint, secretKey } from '../core/fingerprint.js';
import { redact } from '../core/redact.js';
import type {
  ApprovalEvent, CredentialIssueEvent, CredentialRevokeEvent, DelegationEvent, FormatId, ReplayEvent,
  SessionEvent, SourceRef, ToolCallEvent, ToolResultEvent,
} from './model.js';
import type { Policy, ArgumentRule } from './policy.js';
import { classify, toolNames, type ClassHit, type Taxonomy } from './taxonomy.js';
import type { ApprovalRecord } from './approvals.js';
import type { CedarEngine } from './cedar.js';
import {
  ApprovalLedger, CredentialTracker, DelegationTracker, RevocationTracker, SecretTracker, argsTextOf, covers, summarizeArgs, toolSetOf, urlHosts,
  type ApprovalFacts, type RevokableCall, type ToolSet,
} from './analyzers.js';
import { findSecrets, scrub, type Lifetime } from './secrets.js';
import { RULES } from './rules.js';
import { BoundedMap } from './bounded-map.js';

export interface EvaluatorOptions {
  /** Session file relative to the report root, `/` separators. */
  relPath: string;
  format: FormatId;
  policy: Policy;
  /** Shown as the timeline's policy. */
  policyLabel?: string;
  taxonomy: Taxonomy;
  approvals: ApprovalRecord[];
  cedar?: CedarEngine;
  /** Ordinary (allowed) steps kept in the timeline; later ones are counted in `stepsOmitted`. */
  maxTimelineSteps: number;
  maxFindings: number;
  /** Events a call waits for its approval and result. */
  pendingWindow: number;
}

export interface SessionOutcome {
  timeline: SessionTimeline;
  findings: Finding[];
  findingsOmitted: number;
  toolCalls: number;
  verdicts: Record<Verdict, number>;
}

interface FindingSpec {
  rule: RuleMeta;
  message: string;
  key: string;
  severity?: Severity;
  confidence?: Confidence;
  evidence?: string;
  category?: Category;
  title?: string;
}

interface Check {
  verdict: Verdict;
  reason: string;
  finding?: FindingSpec;
}

interface Need {
  rule: RuleMeta;
  severity: Severity;
  why: string;
  /** From the taxonomy: a sandbox the call ran in lowers the severity. */
  taxonomy: boolean;
}

interface Pending {
  e: ToolCallEvent;
  step: TimelineStep;
  index: number;
  names: string[];
  argsText: string;
  classes: ClassHit[];
  outbound: boolean;
  hosts: string[];
  checks: Check[];
  needs: Need[];
  attached: ApprovalEvent[];
  hasResult: boolean;
  done: boolean;
  actor: string;
  time?: number;
  secretFlow: boolean;
  afterRevocation: boolean;
  longLived: boolean;
  shared: boolean;
}

const RANK: Record<Verdict, number> = { allow: 0, unknown: 1, 'needs-approval': 2, deny: 3 };

function sevIndex(s: Severity): number {
  return SEVERITIES.indexOf(s);
}
function maxSeverity(list: Severity[]): Severity {
  return list.reduce((a, b) => (sevIndex(b) < sevIndex(a) ? b : a), 'info' as Severity);
}
function lowerSeverity(s: Severity): Severity {
  return SEVERITIES[Math.min(sevIndex(s) + 1, SEVERITIES.length - 1)]!;
}
function capSeverity(s: Severity, cap: Severity): Severity {
  return sevIndex(s) < sevIndex(cap) ? cap : s;
}

/** Strip control, bidi and line-separator characters that a hostile transcript could use against a terminal. */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, '\ufffd').replace(/[\n\t]/g, ' ');
}

function getPath(v: unknown, path: string): unknown {
  let cur = v;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export class SessionEvaluator {
  private readonly o: EvaluatorOptions;
  private readonly steps: TimelineStep[] = [];
  private stepsOmitted = 0;
  private remarkableKept = 0;
  private readonly findings: Finding[] = [];
  private findingsOmitted = 0;
  private readonly ordinals = new Map<string, number>();
  private index = 0;
  private toolCalls = 0;
  private readonly verdicts: Record<Verdict, number> = { allow: 0, deny: 0, 'needs-approval': 0, unknown: 0 };

  private readonly queue: { step: TimelineStep; pending?: Pending }[] = [];
  private readonly open: Pending[] = [];
  private readonly byCallId = new BoundedMap<string, Pending>(50_000);
  private readonly callInfo = new BoundedMap<string, { tool: string; index: number }>(50_000);

  private sessionId?: string;
  private mainAgent?: string;
  private user?: string;
  private objective?: string;
  private readonly secrets = new SecretTracker();
  private readonly credentials = new CredentialTracker();
  private readonly revocations = new RevocationTracker();
  private readonly delegation = new DelegationTracker();
  private readonly ledger: ApprovalLedger;
  private readonly policyRevocations: Policy['revocations'];
  private readonly reportedCredentialUse = new Set<string>();

  constructor(opts: EvaluatorOptions) {
    this.o = opts;
    this.ledger = new ApprovalLedger(opts.approvals);
    this.objective = opts.policy.objective;
    this.policyRevocations = [...opts.policy.revocations];
  }

  push(e: ReplayEvent): void {
    switch (e.kind) {
      case 'session':
        this.onSession(e);
        return;
      case 'message':
        this.enqueue(this.makeStep(e, 'message', { actor: e.actor ?? e.role }));
        break;
      case 'tool-call':
        this.onToolCall(e);
        break;
      case 'tool-result':
        this.onToolResult(e);
        break;
      case 'approval':
        this.onApproval(e);
        break;
      case 'delegation':
        this.onDelegation(e);
        break;
      case 'credential-issue':
        this.onCredentialIssue(e);
        break;
      case 'credential-revoke':
        this.onCredentialRevoke(e);
        break;
    }
    this.age();
    this.flush();
  }

  finish(): SessionOutcome {
    for (const entry of this.queue) if (entry.pending && !entry.pending.done) this.finalize(entry.pending);
    this.flush();
    this.findings.sort((a, b) => (a.step?.index ?? 0) - (b.step?.index ?? 0));
    const timeline: SessionTimeline = { path: this.o.relPath, format: this.o.format, steps: this.steps };
    if (this.o.policyLabel) timeline.policy = this.o.policyLabel;
    if (this.stepsOmitted) timeline.stepsOmitted = this.stepsOmitted;
    return { timeline, findings: this.findings, findingsOmitted: this.findingsOmitted, toolCalls: this.toolCalls, verdicts: this.verdicts };
  }

  /* ---------------------------------------------------------------------------------------- */

  private makeStep(e: ReplayEvent, kind: TimelineStep['kind'], extra: Partial<TimelineStep> = {}): TimelineStep {
    const step: TimelineStep = {
      index: ++this.index,
      kind,
      reasons: [],
      location: this.location(e.src),
      ...extra,
    };
    const id = extra.id ?? e.id;
    if (id) step.id = id;
    if (e.time) step.time = e.time;
    if (e.branch) step.reasons.push(e.branch === 'sidechain' ? 'on a sidechain (sub-agent)' : 'on a branch the user rewound (it still ran)');
    return step;
  }

  private location(src: SourceRef): TimelineStep['location'] {
    const col = src.column ?? 1;
    return { path: this.o.relPath, startLine: src.line, startColumn: col, endLine: src.line, endColumn: col + 1 };
  }

  private enqueue(step: TimelineStep, pending?: Pending): void {
    this.queue.push({ step, pending });
  }

  private age(): void {
    const front = this.queue[0];
    if (front?.pending && !front.pending.done && this.index - front.pending.index > this.o.pendingWindow) this.finalize(front.pending);
  }

  private flush(): void {
    while (this.queue.length) {
      const front = this.queue[0]!;
      if (front.pending && !front.pending.done) break;
      this.queue.shift();
      this.keep(front.step);
    }
  }

  private keep(step: TimelineStep): void {
    const remarkable = (step.verdict !== undefined && step.verdict !== 'allow') || step.reasons.some((r) => r.startsWith('!'));
    if (step.index <= this.o.maxTimelineSteps) this.steps.push(step);
    else if (remarkable && this.remarkableKept < this.o.maxTimelineSteps) {
      this.remarkableKept++;
      this.steps.push(step);
    } else return void this.stepsOmitted++;
    for (let i = 0; i < step.reasons.length; i++) if (step.reasons[i]!.startsWith('!')) step.reasons[i] = step.reasons[i]!.slice(1);
    // ids, names and reasons can carry secrets (a token as a call id or credential id): scrubbed like findings
    if (step.tool) step.tool = this.shown(step.tool);
    if (step.actor) step.actor = this.shown(step.actor);
    if (step.id) step.id = this.shown(step.id);
    step.reasons = step.reasons.map((r) => this.shown(r, 600));
  }

  /** Text of this session on its way out: known and recognisable secrets redacted, control characters replaced. */
  private shown(text: string, max = 200): string {
    return printable(this.safe(text, max));
  }

  private report(step: TimelineStep, f: FindingSpec): void {
    if (this.findings.length >= this.o.maxFindings) {
      this.findingsOmitted++;
      return;
    }
    const key = `${this.o.relPath}\0${f.rule.id}\0${f.key}`;
    const ordinal = this.ordinals.get(key) ?? 0;
    this.ordinals.set(key, ordinal + 1);
    const finding: Finding = {
      ruleId: f.rule.id,
      category: f.category ?? f.rule.category,
      severity: f.severity ?? f.rule.severity,
      confidence: f.confidence ?? 'high',
      title: f.title ?? f.rule.title,
      message: this.shown(f.message, 600),
      location: step.location,
      fingerprint: fingerprint(f.rule.id, this.o.relPath, f.key, ordinal),
      frameworks: {},
      remediation: f.rule.remediation,
      step: step.id ? { index: step.index, id: step.id } : { index: step.index },
    };
    if (f.evidence) finding.evidence = this.shown(f.evidence);
    if (finding.step?.id) finding.step.id = this.shown(finding.step.id);
    this.findings.push(finding);
  }

  /** Printable text about this session: known and recognisable secrets redacted, clipped. */
  private safe(text: string, max = 120): string {
    return scrub(text, (t) => this.secrets.formsIn(t), max);
  }

  /* ---------------------------------------------------------------------------------------- */

  private onSession(e: SessionEvent): void {
    if (e.sessionId) this.sessionId = e.sessionId;
    if (e.agent) this.mainAgent ??= e.agent;
    if (e.user) this.user = e.user;
    if (e.objective) this.objective ??= e.objective;
    if (e.env) this.secrets.fromEnv(e.env, this.index);
    if (e.settings?.permissionMode) this.ledger.permissionMode = e.settings.permissionMode;
    if (e.settings?.approvalPolicy) this.ledger.approvalPolicy = e.settings.approvalPolicy;
    if (e.settings?.sandboxPolicy) this.ledger.sandboxPolicy = e.settings.sandboxPolicy;
    for (const a of e.agentTools ?? []) this.delegation.declare(a.agent, a.tools);
  }

  private toolsOf(agent: string | undefined): ToolSet | undefined {
    if (!agent) return undefined;
    const declaredPolicy = this.o.policy.agents.get(agent);
    if (declaredPolicy) return toolSetOf(declaredPolicy, `agents.${agent}.tools in ${this.o.policy.file}`);
    const declared = this.delegation.declared.get(agent);
    if (declared) {
      const set = new Set(declared.map((t) => t.toLowerCase()));
      return { label: 'tools the session declares', names: declared, has: (names) => names.some((n) => set.has(n.toLowerCase())) };
    }
    if (this.o.policy.allow && agent === this.mainAgent && !this.delegation.delegatedBy.has(agent)) {
      return toolSetOf(this.o.policy.allow, `tools.allow in ${this.o.policy.file}`);
    }
    return undefined;
  }

  private onToolCall(e: ToolCallEvent): void {
    this.toolCalls++;
    const policy = this.o.policy;
    const actor = e.actor ?? this.mainAgent ?? 'agent';
    if (!this.mainAgent && !this.delegation.delegatedBy.has(actor) && e.branch !== 'sidechain') this.mainAgent = actor;
    const step = this.makeStep(e, 'tool-call', { tool: e.tool, actor, id: e.callId ?? e.id });
    const names = toolNames(e.tool);
    const argsText = argsTextOf(e);
    const exempt = policy.exempt.match(...names);
    const { hits } = exempt ? { hits: [] as ClassHit[] } : classify(this.o.taxonomy, e.tool, argsText);
    const classes = [...hits];
    if (e.escalation && !exempt) {
      const priv = this.o.taxonomy.classes.find((c) => c.id === 'privilege');
      if (priv && !classes.some((h) => h.cls.id === 'privilege')) classes.push({ cls: priv, because: 'the call asked to run outside the sandbox' });
    }
    const { hosts, external } = urlHosts(argsText);
    const outbound = classes.some((h) => h.cls.outbound) || external;
    const time = e.time ? Date.parse(e.time) : undefined;
    const p: Pending = {
      e, step, index: step.index, names, argsText, classes, outbound, hosts, checks: [], needs: [], attached: [], hasResult: false, done: false,
      actor, time: Number.isNaN(time) ? undefined : time, secretFlow: false, afterRevocation: false, longLived: false, shared: false,
    };
    const summary = (): string => this.safe(summarizeArgs(e), 80);

    if (classes.length) {
      step.reasons.push(`risk: ${classes.map((h) => `${h.cls.id} (${this.safe(h.because, 80)})`).join('; ')}`);
    }
    if (e.argsError) step.reasons.push(e.argsError);

    // policy: tools
    const denied = policy.deny.match(...names);
    if (denied) {
      p.checks.push({
        verdict: 'deny',
        reason: `policy: tools.deny "${denied}" (${policy.file})`,
        finding: { rule: RULES.toolDenied, message: `Step ${step.index}: ${actor} called ${e.tool}, which ${policy.file} denies (tools.deny "${denied}").`, key: `${e.tool}:${e.callId ?? step.index}`, evidence: summary() },
      });
    }
    if (policy.allow && !policy.allow.match(...names)) {
      const obj = this.objective ? ` The objective is "${this.safe(this.objective, 100)}".` : '';
      p.checks.push({
        verdict: 'deny',
        reason: `policy: ${e.tool} is not in tools.allow (${policy.file}): intent drift`,
        finding: { rule: RULES.toolNotAllowed, message: `Step ${step.index}: ${actor} called ${e.tool}, which is not in the allowed tools of ${policy.file}.${obj}`, key: `${e.tool}:${e.callId ?? step.index}`, evidence: summary() },
      });
    }
    const agentTools = policy.agents.get(actor);
    if (agentTools && !agentTools.match(...names)) {
      p.checks.push({
        verdict: 'deny',
        reason: `policy: ${e.tool} is not among the tools of agent ${actor} (${policy.file})`,
        finding: { rule: RULES.toolNotAllowed, message: `Step ${step.index}: agent ${actor} called ${e.tool}, which is not among its tools (agents.${actor}.tools in ${policy.file}).`, key: `${actor}:${e.tool}:${e.callId ?? step.index}`, evidence: summary() },
      });
    }
    const needApproval = policy.requireApproval.match(...names);
    if (needApproval) p.needs.push({ rule: RULES.approvalRequired, severity: 'high', why: `tools.requireApproval "${needApproval}" (${policy.file})`, taxonomy: false });

    // policy: argument constraints
    for (const rule of policy.argumentRules) {
      if (!rule.tool.match(...names)) continue;
      this.checkArguments(p, rule, summary);
    }

    // taxonomy: classes that need approval
    const requiring = classes.filter((h) => (policy.requireApprovalClasses ? policy.requireApprovalClasses.includes(h.cls.id) : h.cls.requireApproval));
    if (requiring.length) {
      p.needs.push({
        rule: RULES.unapprovedHighRisk,
        severity: maxSeverity(requiring.map((h) => h.cls.severity)),
        why: `high-risk class ${requiring.map((h) => h.cls.id).join(', ')}`,
        taxonomy: true,
      });
    }

    // secrets: flow into outbound calls, and credential use
    const matches = this.secrets.search(argsText);
    const recognised = argsText ? findSecrets(argsText, 20) : [];
    const values = new Map<string, { kind: string; lifetime: Lifetime; origin?: string; envName?: string; credential?: string }>();
    for (const h of recognised) values.set(h.value, { kind: h.kind, lifetime: h.lifetime });
    for (const m of matches) values.set(m.secret.value, { kind: m.secret.kind, lifetime: m.secret.lifetime, origin: m.secret.origin, envName: m.secret.envName, credential: m.secret.credential });
    const exfiltrated = new Set<string>();
    if (outbound && matches.length) {
      const allowedHost = hosts.length > 0 && hosts.every((h) => policy.allowHosts.match(h));
      for (const m of matches) {
        const s = m.secret;
        const how = m.encoding === 'plain' ? '' : `, ${m.encoding}`;
        if (allowedHost) {
          step.reasons.push(`secret ${redact(s.value)} (${s.kind}) from ${s.origin} sent to an allowed host (${hosts.join(', ')})`);
          continue;
        }
        exfiltrated.add(s.value);
        p.secretFlow = true;
        const dest = hosts.length ? ` to ${hosts.slice(0, 3).join(', ')}` : '';
        p.checks.push({
          verdict: 'deny',
          reason: `secret flow: ${redact(s.value)} (${s.kind}) from ${s.origin} leaves in this call${dest}${how}`,
          finding: {
            rule: RULES.secretExfiltration,
            message: `Step ${step.index}: ${actor} sent a ${s.kind} it got from ${s.origin} out through ${e.tool}${dest}${how ? ` (${m.encoding})` : ''}.`,
            key: `${secretKey(s.value)}:${e.tool}`,
            evidence: `${redact(s.value)} → ${e.tool}${dest}`,
          },
        });
      }
    }
    const credentialIds = new Set<string>();
    if (e.credential) credentialIds.add(e.credential);
    for (const v of values.values()) if (v.credential) credentialIds.add(v.credential);
    for (const [value, v] of values) {
      const info = v.credential ? this.credentials.issued.get(v.credential) : undefined;
      this.checkCredential(p, value, { ...v, lifetime: info?.lifetime ?? v.lifetime, sharedDeclared: !!info?.shared || (!!v.envName && policy.sharedCredentials.has(v.envName)) || (!!v.credential && policy.sharedCredentials.has(v.credential)) }, exfiltrated.has(value));
    }
    if (e.credential && !values.size) {
      const info = this.credentials.issued.get(e.credential);
      this.checkCredential(p, `credential:${e.credential}`, { kind: `credential ${e.credential}`, lifetime: info?.lifetime ?? 'unknown', credential: e.credential, sharedDeclared: !!info?.shared || policy.sharedCredentials.has(e.credential) }, false);
    }

    // revocations
    const revokable = { actor, toolNames: names, credentials: credentialIds, secretValues: new Set(values.keys()) };
    this.activatePolicyRevocations(p, revokable);
    const covering = this.revocations.covering(revokable, (id) => this.credentialValues.get(id));
    for (const r of covering) {
      p.afterRevocation = true;
      const what = r.target === 'session' ? 'the session' : `${r.target} ${r.ref}`;
      p.checks.push({
        verdict: 'deny',
        reason: `after revocation: ${what} was revoked at ${r.source}`,
        finding: {
          rule: RULES.afterRevocation,
          severity: r.target === 'session' || r.target === 'agent' ? 'critical' : 'high',
          message: `Step ${step.index}: ${actor} called ${e.tool} after ${what} was revoked (${r.source}).`,
          key: `${r.target}:${r.ref ?? ''}:${e.tool}:${e.callId ?? step.index}`,
          evidence: summary(),
        },
      });
    }

    // delegation: a delegate using tools its delegator does not hold
    const delegator = this.delegation.delegatedBy.get(actor);
    if (delegator) {
      const parentTools = this.toolsOf(delegator);
      if (parentTools && !parentTools.has(names)) {
        const key = `${delegator}>${actor}:${e.tool}`;
        const first = !this.delegation.reported.has(key) && !this.delegation.reported.has(`${delegator}>${actor}`);
        this.delegation.reported.add(key);
        p.checks.push({
          verdict: 'deny',
          reason: `delegation: ${actor} (delegated by ${delegator}) used ${e.tool}, which ${delegator} does not hold (${parentTools.label})`,
          finding: first
            ? { rule: RULES.delegationEscalation, message: `Step ${step.index}: sub-agent ${actor}, delegated by ${delegator}, called ${e.tool}, a tool ${delegator} does not hold (${parentTools.label}).`, key, evidence: summary() }
            : undefined,
        });
      }
    }

    if (!e.argsRecorded) step.reasons.push('arguments not recorded by this format');
    this.enqueue(step, p);
    if (e.callId) {
      this.byCallId.set(e.callId, p);
      this.callInfo.set(e.callId, { tool: e.tool, index: step.index });
    }
    this.open.push(p);
    if (this.open.length > 256) this.open.shift();
  }

  private readonly credentialValues = new Map<string, string>();

  private checkArguments(p: Pending, rule: ArgumentRule, summary: () => string): void {
    const e = p.e;
    const label = `argument constraint ${rule.where}${rule.path ? ` (${rule.path})` : ''}`;
    if (!e.argsRecorded) {
      p.checks.push({ verdict: 'unknown', reason: `${label} not checked: arguments not recorded` });
      return;
    }
    const value = rule.path ? getPath(e.args, rule.path) : p.argsText;
    if (value === undefined) {
      p.step.reasons.push(`${label}: argument absent`);
      return;
    }
    const problems: string[] = [];
    const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value) ?? '';
    const num = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined;
    if (rule.equals !== undefined && value !== rule.equals) problems.push(`is not ${JSON.stringify(rule.equals)}`);
    if (rule.oneOf && !rule.oneOf.some((x) => x === value)) problems.push(`is not one of the allowed values`);
    if (rule.pattern && !rule.pattern.test(text)) problems.push(`does not match /${rule.pattern.source}/`);
    if (rule.notPattern?.test(text)) problems.push(`matches the forbidden /${rule.notPattern.source}/`);
    if (rule.min !== undefined && (num === undefined || num < rule.min)) problems.push(num === undefined ? 'is not a number' : `is below ${rule.min}`);
    if (rule.max !== undefined && (num === undefined || num > rule.max)) problems.push(num === undefined ? 'is not a number' : `is above ${rule.max}`);
    if (rule.maxLength !== undefined && text.length > rule.maxLength) problems.push(`is longer than ${rule.maxLength}`);
    if (!problems.length) return;
    const what = `${rule.path ?? 'the arguments'} ${problems.join(', ')}`;
    const message = rule.message ? `${rule.message} (${what})` : what;
    if (rule.verdict === 'needs-approval') {
      p.needs.push({ rule: RULES.approvalRequired, severity: rule.severity, why: `${label}: ${message}`, taxonomy: false });
      return;
    }
    p.checks.push({
      verdict: 'deny',
      reason: `${label}: ${message}`,
      finding: {
        rule: RULES.argumentConstraint,
        severity: rule.severity,
        message: `Step ${p.index}: ${p.actor} called ${e.tool} with arguments the policy forbids: ${message} (${rule.where}).`,
        key: `${rule.where}:${e.tool}:${e.callId ?? p.index}`,
        evidence: summary(),
      },
    });
  }

  private checkCredential(
    p: Pending,
    value: string,
    v: { kind: string; lifetime: Lifetime; origin?: string; envName?: string; credential?: string; sharedDeclared: boolean },
    exfiltrated: boolean,
  ): void {
    const keyOf = value.startsWith('credential:') ? value : secretKey(value);
    const others = this.credentials.use(keyOf, p.actor);
    const shared = v.sharedDeclared || others.length > 0;
    const longLived = v.lifetime === 'long-lived';
    if (!shared && !longLived) return;
    if (exfiltrated && !shared) return; // the exfiltration finding says it already
    p.longLived ||= longLived;
    p.shared ||= shared;
    const shown = value.startsWith('credential:') ? value.slice(11) : redact(value);
    const why = shared
      ? others.length
        ? `shared: also used by ${others.slice(0, 3).join(', ')}`
        : 'declared shared'
      : 'long-lived';
    const reportKey = `${keyOf}:${p.actor}`;
    const first = !this.reportedCredentialUse.has(reportKey);
    if (first) this.reportedCredentialUse.add(reportKey);
    p.checks.push({
      verdict: 'deny',
      reason: `credential: ${shown} (${v.kind}) is ${why}`,
      finding: first
        ? {
            rule: RULES.credentialMisuse,
            severity: shared ? 'high' : 'medium',
            message: `Step ${p.index}: ${p.actor} used a ${why} ${v.kind} in ${p.e.tool}${v.origin ? ` (from ${v.origin})` : ''}.`,
            key: `${keyOf}:${p.actor}`,
            evidence: shown,
          }
        : undefined,
    });
  }

  private activatePolicyRevocations(p: Pending, call: RevokableCall): void {
    if (!this.policyRevocations.length) return;
    if (p.time === undefined) {
      const relevant = this.policyRevocations.find((r) => covers(r, call, (id) => this.credentialValues.get(id)));
      if (relevant) p.checks.push({ verdict: 'unknown', reason: `${relevant.where} revokes ${relevant.target === 'session' ? 'the session' : `${relevant.target} ${relevant.ref}`} at ${relevant.atText}, and this step has no time` });
      return;
    }
    for (let i = this.policyRevocations.length - 1; i >= 0; i--) {
      const r = this.policyRevocations[i]!;
      if (p.time >= r.at) {
        this.revocations.add({ target: r.target, ref: r.ref, step: p.index, source: `${r.where} (${r.atText})` });
        this.policyRevocations.splice(i, 1);
      }
    }
  }

  private link(e: ToolResultEvent): Pending | undefined {
    if (e.callId) {
      const p = this.byCallId.get(e.callId);
      if (p) return p;
      return undefined;
    }
    const byTool = e.tool ? this.open.find((p) => !p.hasResult && p.e.tool === e.tool) : undefined;
    return byTool ?? this.open.find((p) => !p.hasResult);
  }

  private onToolResult(e: ToolResultEvent): void {
    const p = this.link(e);
    const info = p ? { tool: p.e.tool, index: p.index } : e.callId ? this.callInfo.get(e.callId) : undefined;
    const tool = info?.tool ?? e.tool;
    const step = this.makeStep(e, 'tool-result', { tool, actor: 'tool', id: e.callId });
    const origin = info ? `the result of step ${info.index} (${info.tool})` : `the result at step ${step.index}${tool ? ` (${tool})` : ''}`;
    const hits = this.secrets.fromText(e.text, origin, step.index);
    if (hits.length) step.reasons.push(`!holds ${hits.slice(0, 3).map((h) => `${redact(h.value)} (${h.kind})`).join(', ')}${hits.length > 3 ? ` and ${hits.length - 3} more` : ''}`);
    if (e.isError) step.reasons.push('the tool reported an error');
    if (p) {
      p.hasResult = true;
      if (e.callId) this.byCallId.delete(e.callId);
      const i = this.open.indexOf(p);
      if (i >= 0) this.open.splice(i, 1);
      if (!p.done) this.finalize(p);
    }
    this.enqueue(step);
  }

  private onApproval(e: ApprovalEvent): void {
    const step = this.makeStep(e, 'approval', { actor: e.approver ?? e.actor, id: e.callId ?? e.requestId, tool: e.tool });
    const target = e.callId ? this.byCallId.get(e.callId) : undefined;
    const info = e.callId ? this.callInfo.get(e.callId) : undefined;
    const of = info ? ` for step ${info.index} (${info.tool})` : e.tool ? ` for ${e.tool}` : '';
    const who = e.approver ? ` by ${e.approver}` : '';
    step.reasons.push(`${e.decision}${e.decision === 'requested' ? '' : who}${of}${e.scope === 'session' ? ' for the session' : ''}${e.inferred ? ' (inferred)' : ''}${e.reason ? `: ${this.safe(e.reason, 80)}` : ''}`);
    const attach = !!target && !target.done;
    if (attach) target!.attached.push(e);
    this.ledger.remember(e, step.index, attach);
    this.enqueue(step);
  }

  private onDelegation(e: DelegationEvent): void {
    const from = e.from ?? e.actor ?? this.mainAgent ?? 'agent';
    const step = this.makeStep(e, 'delegation', { actor: from, id: e.callId ?? e.id });
    this.delegation.delegate(from, e.to, e.tools);
    step.reasons.push(`${from} → ${e.to}`);
    const parent = this.toolsOf(from);
    const child = this.toolsOf(e.to);
    if (!parent || !child) {
      step.verdict = 'unknown';
      step.reasons.push(`tools of ${!child ? e.to : from} not declared (declare them under agents: in the policy)`);
    } else {
      const extra = child.names.filter((t) => !parent.has(toolNames(t)));
      if (!extra.length) {
        step.verdict = 'allow';
        step.reasons.push(`${e.to} holds no tool beyond those of ${from}`);
      } else {
        step.verdict = 'deny';
        const risky = extra.some((t) => classify(this.o.taxonomy, t, undefined).hits.some((h) => h.cls.requireApproval));
        const list = extra.slice(0, 8).join(', ');
        step.reasons.push(`delegation escalation: ${e.to} holds ${list}, which ${from} does not (${parent.label})`);
        this.delegation.reported.add(`${from}>${e.to}`);
        this.report(step, {
          rule: RULES.delegationEscalation,
          severity: risky ? 'high' : 'medium',
          message: `Step ${step.index}: ${from} delegated to ${e.to}, which holds tools ${from} does not: ${list}.`,
          key: `${from}>${e.to}`,
          evidence: list,
        });
      }
    }
    if (step.verdict) this.verdicts[step.verdict]++;
    this.enqueue(step);
  }

  private onCredentialIssue(e: CredentialIssueEvent): void {
    const step = this.makeStep(e, 'credential-issue', { actor: e.holder ?? e.actor, id: e.credential });
    this.credentials.issue({ id: e.credential, lifetime: e.lifetime ?? 'unknown', shared: e.shared, holder: e.holder, issuedAt: step.index });
    if (e.value) {
      this.secrets.fromCredential(e.value, e.credential, e.lifetime ?? 'unknown', step.index);
      if (this.credentialValues.size < 10_000) this.credentialValues.set(e.credential, e.value);
    }
    step.reasons.push(`credential ${e.credential} issued${e.holder ? ` to ${e.holder}` : ''} (${e.lifetime ?? 'lifetime unknown'}${e.shared ? ', shared' : ''})`);
    this.enqueue(step);
  }

  private onCredentialRevoke(e: CredentialRevokeEvent): void {
    const step = this.makeStep(e, 'credential-revoke', { actor: e.actor, id: e.ref });
    this.revocations.add({ target: e.target, ref: e.ref, step: step.index, source: `step ${step.index}` });
    step.reasons.push(`revoked ${e.target === 'session' ? 'the session' : `${e.target} ${e.ref ?? '(unnamed)'}`}`);
    this.enqueue(step);
  }

  /* ---------------------------------------------------------------------------------------- */

  private finalize(p: Pending): void {
    p.done = true;
    const e = p.e;
    const facts = this.ledger.resolve(
      {
        event: e,
        attached: p.attached,
        actor: p.actor,
        ref: { callId: e.callId, step: p.index, tool: e.tool, toolNames: p.names, time: p.time, sessionId: this.sessionId, sessionPath: this.o.relPath },
      },
      this.revocations.revoked.filter((r) => r.step < p.index),
    );
    const executed = p.hasResult && !(facts.state === 'denied' && facts.inferredDenial);
    const checks = [...p.checks];

    if (this.o.cedar) this.cedarCheck(p, facts, checks);
    if (p.needs.length) this.approvalCheck(p, facts, executed, checks);
    else if (facts.state === 'denied') checks.push({ verdict: 'deny', reason: `denied by ${facts.by}${executed ? '' : '; the call did not run'}` });

    let verdict: Verdict = 'allow';
    for (const c of checks) if (RANK[c.verdict] > RANK[verdict]) verdict = c.verdict;
    if (verdict === 'allow' && !e.argsRecorded && !p.classes.length) {
      verdict = 'unknown';
      checks.push({ verdict: 'unknown', reason: 'without arguments the high-risk, constraint and secret-flow checks cannot run' });
    }
    const step = p.step;
    step.verdict = verdict;
    const seen = new Set<string>();
    for (const c of checks) {
      if (seen.has(c.reason)) continue;
      seen.add(c.reason);
      step.reasons.push(c.reason);
      if (c.finding) this.report(step, c.finding);
    }
    if (!executed && p.hasResult === false) step.reasons.push('no result recorded');
    if (verdict === 'allow' && !checks.length && !p.classes.length) step.reasons.push(this.o.cedar ? 'allowed' : 'no rule applies');
    this.verdicts[verdict]++;
  }

  private approvalCheck(p: Pending, facts: ApprovalFacts, executed: boolean, checks: Check[]): void {
    const why = p.needs.map((n) => n.why).join('; ');
    if (facts.revokedBy) {
      checks.push({
        verdict: 'deny',
        reason: `after revocation: ${facts.by}`,
        finding: { rule: RULES.afterRevocation, message: `Step ${p.index}: ${p.actor} called ${p.e.tool} relying on an approval that was revoked (${facts.revokedBy.source}).`, key: `approval:${p.e.tool}:${p.e.callId ?? p.index}` },
      });
    }
    switch (facts.state) {
      case 'approved':
        checks.push({ verdict: 'allow', reason: `approval required (${why}): approved by ${facts.by}` });
        return;
      case 'denied':
        if (executed && !facts.inferredDenial) {
          checks.push({
            verdict: 'deny',
            reason: `approval required (${why}): denied by ${facts.by}, yet the call ran`,
            finding: { rule: RULES.executedDespiteDenial, message: `Step ${p.index}: ${p.actor} ran ${p.e.tool} although ${facts.by} denied it.`, key: `${p.e.tool}:${p.e.callId ?? p.index}`, evidence: this.safe(summarizeArgs(p.e), 80) },
          });
        } else {
          checks.push({ verdict: 'deny', reason: `approval required (${why}): denied by ${facts.by}; the call did not run` });
        }
        return;
      case 'absent':
      case 'unknown': {
        const unknown = facts.state === 'unknown';
        const byRule = new Map<string, Need[]>();
        for (const n of p.needs) byRule.set(n.rule.id, [...(byRule.get(n.rule.id) ?? []), n]);
        let first = true;
        for (const needs of byRule.values()) {
          let severity = maxSeverity(needs.map((n) => n.severity));
          if (facts.sandboxed && needs.every((n) => n.taxonomy)) severity = lowerSeverity(severity);
          if (unknown) severity = capSeverity(severity, 'medium');
          const rule = needs[0]!.rule;
          const reasons = needs.map((n) => n.why).join('; ');
          checks.push({
            verdict: 'needs-approval',
            reason: `approval required (${reasons}): ${unknown ? 'not shown' : 'none'} — ${facts.by}`,
            finding: {
              rule,
              severity,
              confidence: unknown ? 'low' : 'high',
              message: `Step ${p.index}: ${p.actor} called ${p.e.tool} (${reasons}) ${unknown ? 'and the session does not show an approval' : 'with no approval'}: ${facts.by}.`,
              key: `${p.e.tool}:${p.e.callId ?? p.index}`,
              evidence: first ? this.safe(summarizeArgs(p.e), 80) : undefined,
            },
          });
          first = false;
        }
        return;
      }
    }
  }

  private cedarCheck(p: Pending, facts: ApprovalFacts, checks: Check[]): void {
    const e = p.e;
    const context: Record<string, unknown> = {
      argumentsRecorded: e.argsRecorded,
      approved: facts.state === 'approved',
      approval: facts.state,
      riskClasses: p.classes.map((h) => h.cls.id),
      highRisk: p.classes.some((h) => h.cls.requireApproval),
      outbound: p.outbound,
      secretFlow: p.secretFlow,
      afterRevocation: p.afterRevocation,
      longLivedCredential: p.longLived,
      sharedCredential: p.shared,
      delegated: this.delegation.delegatedBy.has(p.actor),
      format: this.o.format,
      step: p.index,
      hosts: p.hosts,
    };
    if (e.argsRecorded) context.input = e.args !== null && typeof e.args === 'object' && !Array.isArray(e.args) ? e.args : { value: e.args };
    const settings: Record<string, string> = {};
    if (this.ledger.permissionMode) settings.permissionMode = this.ledger.permissionMode;
    if (this.ledger.approvalPolicy) settings.approvalPolicy = this.ledger.approvalPolicy;
    if (this.ledger.sandboxPolicy) settings.sandboxPolicy = this.ledger.sandboxPolicy;
    context.settings = settings;
    if (e.server) context.server = e.server;
    const d = this.o.cedar!.decide({ agent: p.actor, user: this.user, tool: e.tool, server: e.server, context });
    const ids = d.policies.map((x) => `${x.id} (${x.file}:${x.line})`).join(', ');
    const errors = d.errors.length ? `; errors: ${this.safe(d.errors.slice(0, 2).join('; '), 160)}` : '';
    switch (d.verdict) {
      case 'allow':
        checks.push({ verdict: 'allow', reason: `Cedar: permitted by ${ids}` });
        break;
      case 'unknown':
        checks.push({ verdict: 'unknown', reason: `Cedar: a policy could not be evaluated, the decision is unknown${errors}` });
        break;
      case 'needs-approval': {
        const severity = maxSeverity(d.policies.map((x) => x.severity ?? 'high'));
        p.needs.push({ rule: RULES.approvalRequired, severity, why: `Cedar ${ids}`, taxonomy: false });
        break;
      }
      case 'deny': {
        const first = d.policies[0];
        const why = first ? `forbidden by ${ids}` : `no policy permits Action::"${e.tool}"`;
        checks.push({
          verdict: 'deny',
          reason: `Cedar: ${why}${first?.reason ? ` — ${this.safe(first.reason, 100)}` : ''}`,
          finding: {
            rule: RULES.cedarDeny,
            category: first?.category,
            severity: first?.severity,
            message: `Step ${p.index}: Cedar ${why} for ${p.actor} calling ${e.tool}${first?.reason ? `: ${this.safe(first.reason, 100)}` : ''}.`,
            key: `${first?.id ?? 'default-deny'}:${e.tool}:${e.callId ?? p.index}`,
            evidence: this.safe(summarizeArgs(e), 80),
          },
        });
        break;
      }
    }
  }
}
