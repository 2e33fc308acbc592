/**
 * Step-by-step evaluation of one session: events in, timeline steps, verdicts and findings out. This
 * file orchestrates; the facts come from the trackers (`trackers/`, `provenance.ts`) and the
 * checks from `checks/*`.
 *
 * A tool call's facts that depend on what came before (secret flow, revocations, delegation,
 * credentials, provenance, the policy's tool and argument rules) are computed when the call arrives;
 * the facts that may be recorded after it (an approval, the result that shows it ran) are settled
 * when its result arrives, or after a bounded window of later events. Steps leave in order.
 *
 * Verdict precedence: deny > needs-approval > unknown > allow. A fact the format cannot supply
 * makes a check `unknown`, never `allow`.
 */
import type { Finding, SessionTimeline, TimelineStep, Verdict } from '../core/types.js';
import { redact } from '../core/redact.js';
import type {
  ApprovalEvent, CredentialIssueEvent, CredentialRevokeEvent, DelegationEvent, FormatId, ReplayEvent,
  SessionEvent, ToolCallEvent, ToolResultEvent,
} from './model.js';
import { READ_TOOL, type Policy } from './policy.js';
import { classify, toolNames, type ClassHit, type Taxonomy } from './taxonomy.js';
import type { ApprovalRecord } from './approvals.js';
import type { CedarEngine } from './cedar.js';
import { ApprovalLedger } from './trackers/approvals.js';
import { CredentialTracker } from './trackers/credentials.js';
import { SecretTracker } from './trackers/secrets.js';
import { argsTextOf, summarizeArgs, urlHosts } from './trackers/arguments.js';
import { scrub } from './secrets.js';
import { RULES } from './rules.js';
import { BoundedMap } from './bounded-map.js';
import { Recorder } from './recorder.js';
import { RANK, maxSeverity, type Check, type Pending } from './checks/types.js';
import { checkArguments, hostsIn } from './checks/arguments.js';
import { approvalCheck } from './checks/approval.js';
import { cedarCheck } from './checks/cedar-check.js';
import { SecretFlowCheck } from './checks/secret-flow.js';
import { RevocationCheck } from './checks/revocation.js';
import { DelegationCheck } from './checks/delegation.js';
import { ProvenanceCheck } from './checks/provenance-check.js';
import { CallMemory } from './checks/call-memory.js';

export { printable } from './recorder.js';

const NONE: never[] = [];

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

export class SessionEvaluator {
  private readonly o: EvaluatorOptions;
  private readonly rec: Recorder;
  private toolCalls = 0;
  private readonly verdicts: Record<Verdict, number> = { allow: 0, deny: 0, 'needs-approval': 0, unknown: 0 };

  private readonly queue: { step: TimelineStep; pending?: Pending }[] = [];
  private readonly open: Pending[] = [];
  /** Calls by id: their tool and step, and the call itself while its result is awaited. */
  private readonly calls = new BoundedMap<string, { tool: string; index: number; pending?: Pending }>(50_000);

  private sessionId?: string;
  private user?: string;
  private objective?: string;
  private readonly secrets = new SecretTracker();
  private readonly credentials = new CredentialTracker();
  private readonly ledger: ApprovalLedger;
  private readonly secretFlow: SecretFlowCheck;
  private readonly revocation: RevocationCheck;
  private readonly delegation: DelegationCheck;
  private readonly provenance: ProvenanceCheck;
  private readonly memory: CallMemory;

  constructor(opts: EvaluatorOptions) {
    this.o = opts;
    this.rec = new Recorder(opts.relPath, opts.maxTimelineSteps, opts.maxFindings, this.safe);
    this.ledger = new ApprovalLedger(opts.approvals);
    this.objective = opts.policy.objective;
    this.secretFlow = new SecretFlowCheck(opts.policy, this.secrets, this.credentials);
    this.revocation = new RevocationCheck(opts.policy);
    this.delegation = new DelegationCheck(opts.policy, opts.taxonomy);
    this.provenance = new ProvenanceCheck(opts.policy);
    this.memory = new CallMemory(opts.policy);
  }

  push(e: ReplayEvent): void {
    switch (e.kind) {
      case 'session':
        this.onSession(e);
        return;
      case 'message': {
        const step = this.rec.makeStep(e, 'message', { actor: e.actor ?? e.role });
        if (e.role === 'user' || e.role === 'system' || e.role === 'developer') this.provenance.tracker.addTrusted(e.role === 'user' ? 'user' : 'system', e.text, step.index);
        else if (e.role === 'tool') this.provenance.tracker.addResult(e.text, step.index, undefined, undefined);
        this.enqueue(step);
        break;
      }
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
    const findings = this.rec.findings;
    findings.sort((a, b) => (a.step?.index ?? 0) - (b.step?.index ?? 0));
    const timeline: SessionTimeline = { path: this.o.relPath, format: this.o.format, steps: this.rec.steps };
    if (this.o.policyLabel) timeline.policy = this.o.policyLabel;
    if (this.rec.stepsOmitted) timeline.stepsOmitted = this.rec.stepsOmitted;
    return { timeline, findings, findingsOmitted: this.rec.findingsOmitted, toolCalls: this.toolCalls, verdicts: this.verdicts };
  }

  /* ---------------------------------------------------------------------------------------- */

  private enqueue(step: TimelineStep, pending?: Pending): void {
    this.queue.push({ step, pending });
  }

  private age(): void {
    const front = this.queue[0];
    if (front?.pending && !front.pending.done && this.rec.index - front.pending.index > this.o.pendingWindow) this.finalize(front.pending);
  }

  private flush(): void {
    while (this.queue.length) {
      const front = this.queue[0]!;
      if (front.pending && !front.pending.done) break;
      this.queue.shift();
      this.rec.keep(front.step);
    }
  }

  /** Printable text about this session: known and recognisable secrets redacted, clipped. */
  private safe = (text: string, max = 120): string => scrub(text, (t) => this.secrets.formsIn(t), max);

  /* ---------------------------------------------------------------------------------------- */

  private onSession(e: SessionEvent): void {
    if (e.sessionId) this.sessionId = e.sessionId;
    if (e.agent) this.delegation.mainAgent ??= e.agent;
    if (e.user) this.user = e.user;
    if (e.objective) this.objective ??= e.objective;
    if (e.env) this.secrets.fromEnv(e.env, this.rec.index);
    if (e.settings?.permissionMode) this.ledger.permissionMode = e.settings.permissionMode;
    if (e.settings?.approvalPolicy) this.ledger.approvalPolicy = e.settings.approvalPolicy;
    if (e.settings?.sandboxPolicy) this.ledger.sandboxPolicy = e.settings.sandboxPolicy;
    for (const a of e.agentTools ?? []) this.delegation.tracker.declare(a.agent, a.tools);
  }

  private onToolCall(e: ToolCallEvent): void {
    this.toolCalls++;
    const policy = this.o.policy;
    const actor = e.actor ?? this.delegation.mainAgent ?? 'agent';
    if (!this.delegation.mainAgent && !this.delegation.tracker.delegatedBy.has(actor) && e.branch !== 'sidechain') this.delegation.mainAgent = actor;
    const step = this.rec.makeStep(e, 'tool-call', { tool: e.tool, actor, id: e.callId ?? e.id });
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
      actor, time: Number.isNaN(time) ? undefined : time, secretFlow: false, afterRevocation: false, longLived: false, shared: false, untrustedArguments: [],
    };
    const summary = (): string => this.safe(summarizeArgs(e), 80);

    if (classes.length) {
      step.reasons.push(`risk: ${classes.map((h) => `${h.cls.id} (${this.safe(h.because, 80)})`).join('; ')}`);
    }
    if (e.argsError) step.reasons.push(e.argsError);

    this.toolPolicyChecks(p, summary);

    // policy: argument constraints
    for (const rule of policy.argumentRules) {
      if (!rule.tool.match(...names)) continue;
      checkArguments(p, rule, summary, (ref) => this.memory.earlier(ref), (value) => this.provenance.supplied(value, p.index));
    }
    this.memory.check(p);

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

    const { values, credentialIds } = this.secretFlow.check(p);
    p.provenance = this.provenance.check(p, this.safe);
    this.revocation.check(p, { actor, toolNames: names, credentials: credentialIds, secretValues: new Set(values.keys()), text: argsText }, summary);
    this.delegation.callCheck(p, summary);

    if (!e.argsRecorded) step.reasons.push('arguments not recorded by this format');
    this.enqueue(step, p);
    if (e.callId) this.calls.set(e.callId, { tool: e.tool, index: step.index, pending: p });
    this.open.push(p);
    if (this.open.length > 256) this.open.shift();
  }

  /** tools.deny, tools.allow, the agent's own tools, tools.requireApproval. */
  private toolPolicyChecks(p: Pending, summary: () => string): void {
    const { e, step, names, actor } = p;
    const policy = this.o.policy;
    const denied = policy.deny.match(...names);
    if (denied) {
      p.checks.push({
        verdict: 'deny',
        reason: `policy: tools.deny "${denied}" (${policy.file})`,
        finding: { rule: RULES.toolDenied, message: `Step ${step.index}: ${actor} called ${e.tool}, which ${policy.file} denies (tools.deny "${denied}").`, key: `${e.tool}:${e.callId ?? step.index}`, evidence: summary() },
      });
    }
    if (policy.allow && !policy.allow.match(...names) && !(policy.allowReads && !p.classes.length && !hostsIn(p.argsText).length && names.some((n) => READ_TOOL.test(n)))) {
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
  }

  private link(e: ToolResultEvent): Pending | undefined {
    if (e.callId) return this.calls.get(e.callId)?.pending;
    const byTool = e.tool ? this.open.find((p) => !p.hasResult && p.e.tool === e.tool) : undefined;
    return byTool ?? this.open.find((p) => !p.hasResult);
  }

  private onToolResult(e: ToolResultEvent): void {
    const p = this.link(e);
    const info = p ? { tool: p.e.tool, index: p.index } : e.callId ? this.calls.get(e.callId) : undefined;
    const tool = info?.tool ?? e.tool;
    const step = this.rec.makeStep(e, 'tool-result', { tool, actor: 'tool', id: e.callId });
    const origin = info ? `the result of step ${info.index} (${info.tool})` : `the result at step ${step.index}${tool ? ` (${tool})` : ''}`;
    const hits = this.secrets.fromText(e.text, origin, step.index);
    this.provenance.tracker.addResult(e.text, step.index, tool, p?.e.argsRecorded ? p.e.args : undefined);
    if (hits.length) step.reasons.push(`!holds ${hits.slice(0, 3).map((h) => `${redact(h.value)} (${h.kind})`).join(', ')}${hits.length > 3 ? ` and ${hits.length - 3} more` : ''}`);
    if (e.isError) step.reasons.push('the tool reported an error');
    if (p) {
      p.hasResult = true;
      const known = e.callId ? this.calls.get(e.callId) : undefined;
      if (known) known.pending = undefined;
      const i = this.open.indexOf(p);
      if (i >= 0) this.open.splice(i, 1);
      if (!p.done) this.finalize(p);
    }
    this.enqueue(step);
  }

  private onApproval(e: ApprovalEvent): void {
    const step = this.rec.makeStep(e, 'approval', { actor: e.approver ?? e.actor, id: e.callId ?? e.requestId, tool: e.tool });
    const info = e.callId ? this.calls.get(e.callId) : undefined;
    const target = info?.pending;
    const of = info ? ` for step ${info.index} (${info.tool})` : e.tool ? ` for ${e.tool}` : '';
    const who = e.approver ? ` by ${e.approver}` : '';
    step.reasons.push(`${e.decision}${e.decision === 'requested' ? '' : who}${of}${e.scope === 'session' ? ' for the session' : ''}${e.inferred ? ' (inferred)' : ''}${e.reason ? `: ${this.safe(e.reason, 80)}` : ''}`);
    const attach = !!target && !target.done;
    if (attach) target!.attached.push(e);
    this.ledger.remember(e, step.index, attach);
    this.enqueue(step);
  }

  private onDelegation(e: DelegationEvent): void {
    const from = e.from ?? e.actor ?? this.delegation.mainAgent ?? 'agent';
    const step = this.rec.makeStep(e, 'delegation', { actor: from, id: e.callId ?? e.id });
    const finding = this.delegation.onDelegation(step, from, e.to, e.tools);
    if (finding) this.rec.report(step, finding);
    if (step.verdict) this.verdicts[step.verdict]++;
    this.enqueue(step);
  }

  private onCredentialIssue(e: CredentialIssueEvent): void {
    const step = this.rec.makeStep(e, 'credential-issue', { actor: e.holder ?? e.actor, id: e.credential });
    this.credentials.issue({ id: e.credential, lifetime: e.lifetime ?? 'unknown', shared: e.shared, holder: e.holder, issuedAt: step.index });
    if (e.value) {
      this.secrets.fromCredential(e.value, e.credential, e.lifetime ?? 'unknown', step.index);
      this.revocation.rememberValue(e.credential, e.value);
    }
    step.reasons.push(`credential ${e.credential} issued${e.holder ? ` to ${e.holder}` : ''} (${e.lifetime ?? 'lifetime unknown'}${e.shared ? ', shared' : ''})`);
    this.enqueue(step);
  }

  private onCredentialRevoke(e: CredentialRevokeEvent): void {
    const step = this.rec.makeStep(e, 'credential-revoke', { actor: e.actor, id: e.ref });
    this.revocation.tracker.add({ target: e.target, ref: e.ref, step: step.index, source: `step ${step.index}` });
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
      this.revocation.tracker.revoked.length ? this.revocation.tracker.revoked.filter((r) => r.step < p.index) : NONE,
    );
    const executed = p.hasResult && !(facts.state === 'denied' && facts.inferredDenial);
    const checks: Check[] = p.checks.map((c) =>
      c.liftedByApproval && facts.state === 'approved' ? { verdict: 'allow', reason: `${c.reason}; approved by ${facts.by}` } : c,
    );

    if (this.o.cedar) {
      const settings: Record<string, string> = {};
      if (this.ledger.permissionMode) settings.permissionMode = this.ledger.permissionMode;
      if (this.ledger.approvalPolicy) settings.approvalPolicy = this.ledger.approvalPolicy;
      if (this.ledger.sandboxPolicy) settings.sandboxPolicy = this.ledger.sandboxPolicy;
      cedarCheck(p, facts, checks, {
        cedar: this.o.cedar, format: this.o.format, user: this.user, delegated: this.delegation.tracker.delegatedBy.has(p.actor), settings, provenance: p.provenance ?? {}, safe: this.safe,
      });
    }
    if (p.needs.length) approvalCheck(p, facts, executed, checks, this.safe);
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
      if (c.finding) this.rec.report(step, c.finding);
    }
    if (!executed && p.hasResult === false) step.reasons.push('no result recorded');
    if (verdict === 'allow' && !checks.length && !p.classes.length) step.reasons.push(this.o.cedar ? 'allowed' : 'no rule applies');
    this.verdicts[verdict]++;
  }
}
