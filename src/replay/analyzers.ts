/**
 * The built-in analyzers: stateful trackers that compute, per step, the facts the verdict rests on.
 *
 * - SecretTracker      secrets seen in tool results, the environment and issued credentials, and
 *                      where they reappear (plain, URL-encoded, base64) in later calls
 * - CredentialTracker  credentials issued or used, their lifetime, who shares them
 * - RevocationTracker  what was revoked, when, and which later steps it touches
 * - DelegationTracker  who delegated to whom, and with which tools
 * - ApprovalLedger     approval records from the session, approval files and session settings
 *
 * Each keeps bounded state (caps with first-in-first-out eviction) so long sessions stay in memory.
 */
import { findSecrets, needlesFor, urlDecode, type Encoding, type Lifetime, type Needle, type SecretHit } from './secrets.js';
import type { ApprovalEvent, ToolCallEvent } from './model.js';
import type { ToolMatcher } from './config.js';
import { matchApproval, type ApprovalRecord, type CallRef } from './approvals.js';
import { BoundedMap } from './bounded-map.js';

const ARGS_TEXT_LIMIT = 1024 * 1024;

/** The text of a call's arguments that checks search: every string and number leaf, plus the raw JSON text. */
export function argsTextOf(e: Pick<ToolCallEvent, 'args' | 'argsRaw' | 'argsRecorded'>): string {
  if (!e.argsRecorded) return '';
  const parts: string[] = [];
  let total = 0;
  const walk = (v: unknown, depth: number): void => {
    if (total > ARGS_TEXT_LIMIT || depth > 32) return;
    if (typeof v === 'string') {
      parts.push(v);
      total += v.length;
    } else if (typeof v === 'number' || typeof v === 'boolean') {
      parts.push(String(v));
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'string' || typeof x === 'number') parts.push(`${k}=`);
        walk(x, depth + 1);
      }
    }
  };
  walk(e.args, 0);
  if (e.argsRaw && typeof e.args !== 'string') parts.push(e.argsRaw.length > ARGS_TEXT_LIMIT ? e.argsRaw.slice(0, ARGS_TEXT_LIMIT) : e.argsRaw);
  const text = parts.join('\n');
  return text.length > ARGS_TEXT_LIMIT ? text.slice(0, ARGS_TEXT_LIMIT) : text;
}

const SUMMARY_KEYS = ['command', 'cmd', 'code', 'query', 'sql', 'url', 'uri', 'file_path', 'path', 'to', 'recipient', 'prompt', 'input'];

/** A short, human view of the arguments (the caller scrubs it before printing). */
export function summarizeArgs(e: ToolCallEvent): string {
  if (!e.argsRecorded) return '(arguments not recorded)';
  const a = e.args;
  if (typeof a === 'string') return a;
  if (a && typeof a === 'object' && !Array.isArray(a)) {
    const o = a as Record<string, unknown>;
    for (const k of SUMMARY_KEYS) {
      const v = o[k];
      if (typeof v === 'string' && v) return v;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(' ');
    }
    const action = o.action ?? o.exec;
    if (action && typeof action === 'object') return summarizeArgs({ ...e, args: action });
  }
  try {
    return JSON.stringify(a) ?? '';
  } catch {
    return '';
  }
}

const URL_RE = /\b(?:https?|wss?|ftp):\/\/([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:]{2,45}\])(?::\d{1,5})?/g;
const LOCAL = /^(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[::1\]|::1|[\w-]{1,63}\.local|[\w-]{1,63}\.internal)$/i;

/** Hosts of the URLs in a text, and whether any is outside this machine. */
export function urlHosts(text: string): { hosts: string[]; external: boolean } {
  const hosts = new Set<string>();
  URL_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = URL_RE.exec(text)) !== null && n++ < 200) hosts.add(m[1]!.toLowerCase());
  const list = [...hosts];
  return { hosts: list, external: list.some((h) => !LOCAL.test(h)) };
}

/* ------------------------------------------------------------------------------------------ */

export interface TrackedSecret {
  value: string;
  kind: string;
  lifetime: Lifetime;
  /** `the result of step 4 (Read)`, `environment variable GITHUB_TOKEN`, `credential deploy-key`. */
  origin: string;
  step: number;
  envName?: string;
  credential?: string;
  needles: Needle[];
}

export interface SecretMatch {
  secret: TrackedSecret;
  encoding: Encoding;
}

const SECRET_NAME = /secret|token|passw|pwd|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth/i;

const PREFIX = 8;

export class SecretTracker {
  private readonly entries = new Map<string, TrackedSecret>();
  /** First characters of every form (plain and encoded) of every secret → the forms: a fast index for redaction. */
  private readonly prefixes = new Map<string, Set<string>>();
  constructor(private readonly cap = 2000) {}

  private forms(s: TrackedSecret): string[] {
    return [s.value, ...s.needles.map((n) => n.text)];
  }

  private index(s: TrackedSecret, add: boolean): void {
    for (const form of this.forms(s)) {
      const key = form.slice(0, PREFIX);
      let set = this.prefixes.get(key);
      if (add) {
        if (!set) this.prefixes.set(key, (set = new Set()));
        set.add(form);
      } else if (set) {
        set.delete(form);
        if (!set.size) this.prefixes.delete(key);
      }
    }
  }

  /** The forms of tracked secrets that occur in a text (for redaction), found through the prefix index. */
  formsIn(text: string): string[] {
    if (!this.entries.size) return [];
    const out = new Set<string>();
    for (let i = 0; i + PREFIX <= text.length; i++) {
      const set = this.prefixes.get(text.slice(i, i + PREFIX));
      if (set) for (const form of set) if (text.startsWith(form, i)) out.add(form);
    }
    return [...out].sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.entries.size;
  }

  values(): IterableIterator<string> {
    return this.entries.keys();
  }

  get(value: string): TrackedSecret | undefined {
    return this.entries.get(value);
  }

  private put(s: Omit<TrackedSecret, 'needles'>): void {
    if (this.entries.has(s.value) || s.value.length < 8) return;
    if (this.entries.size >= this.cap) {
      const oldest = this.entries.values().next().value!;
      this.index(oldest, false);
      this.entries.delete(oldest.value);
    }
    const entry = { ...s, needles: needlesFor(s.value) };
    this.entries.set(s.value, entry);
    this.index(entry, true);
  }

  /** Secrets in a tool result. */
  fromText(text: string, origin: string, step: number): SecretHit[] {
    const hits = findSecrets(text);
    for (const h of hits) this.put({ ...h, origin, step });
    return hits;
  }

  /** Secrets in the environment: recognised values, and any value of a secret-named variable. */
  fromEnv(env: Record<string, string>, step: number): void {
    for (const [name, value] of Object.entries(env)) {
      const hits = findSecrets(`${name}=${value}`);
      const hit = hits.find((h) => value.includes(h.value));
      if (hit) this.put({ ...hit, value: hit.value, origin: `environment variable ${name}`, step, envName: name });
      else if (SECRET_NAME.test(name) && value.length >= 8) {
        this.put({ value, kind: `value of ${name}`, lifetime: 'unknown', origin: `environment variable ${name}`, step, envName: name });
      }
    }
  }

  fromCredential(value: string, credential: string, lifetime: Lifetime, step: number): void {
    const hit = findSecrets(value)[0];
    this.put({ value, kind: hit?.kind ?? `credential ${credential}`, lifetime, origin: `credential ${credential}`, step, credential });
  }

  /** Tracked secrets that appear in a text, with how they were encoded. */
  search(text: string): SecretMatch[] {
    if (!text || this.entries.size === 0) return [];
    const decoded = urlDecode(text);
    const out: SecretMatch[] = [];
    for (const s of this.entries.values()) {
      for (const n of s.needles) {
        if (text.includes(n.text)) {
          out.push({ secret: s, encoding: n.encoding });
          break;
        }
        if (n.encoding === 'plain' && decoded !== text && decoded.includes(n.text)) {
          out.push({ secret: s, encoding: 'URL-encoded' });
          break;
        }
      }
    }
    return out;
  }
}

/* ------------------------------------------------------------------------------------------ */

export interface CredentialInfo {
  id: string;
  lifetime: Lifetime;
  shared?: boolean;
  holder?: string;
  issuedAt: number;
}

export class CredentialTracker {
  readonly issued: BoundedMap<string, CredentialInfo>;
  /** secret value (or credential id) → actors that used it */
  private readonly users: BoundedMap<string, Set<string>>;
  constructor(cap = 10_000) {
    this.issued = new BoundedMap(cap);
    this.users = new BoundedMap(cap);
  }

  issue(c: CredentialInfo): void {
    this.issued.set(c.id, c);
  }

  /** Record a use; returns the other actors that used the same credential before. */
  use(key: string, actor: string): string[] {
    let set = this.users.get(key);
    if (!set) {
      set = new Set();
      this.users.set(key, set);
    }
    const others = [...set].filter((a) => a !== actor);
    if (set.size < 50) set.add(actor);
    return others;
  }
}

/* ------------------------------------------------------------------------------------------ */

export interface Revocation {
  target: 'credential' | 'session' | 'agent' | 'tool' | 'approval';
  ref?: string;
  step: number;
  /** `step 7` or `policy.yaml:20 (2026-11-02T08:00:00Z)`. */
  source: string;
}

export class RevocationTracker {
  readonly revoked: Revocation[] = [];
  add(r: Revocation): void {
    if (this.revoked.length < 10_000) this.revoked.push(r);
  }
  get any(): boolean {
    return this.revoked.length > 0;
  }
  /** Revocations that cover a call. */
  covering(call: RevokableCall, credentialValue: (id: string) => string | undefined): Revocation[] {
    return this.revoked.filter((r) => covers(r, call, credentialValue));
  }
}

export interface RevokableCall {
  actor?: string;
  toolNames: string[];
  credentials: Set<string>;
  secretValues: Set<string>;
  /** The call's argument text: a revoked credential's identifier (an access key id, a token prefix) may show up in it. */
  text?: string;
}

/** A revocation ref that identifies a credential by value: an access key id or a token prefix (8+ characters, no spaces). */
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9_.+/=-]{7,}$/;

function identifierIn(ref: string, call: RevokableCall): boolean {
  if (!IDENTIFIER.test(ref) || !/\d/.test(ref)) return false;
  for (const v of call.secretValues) if (v.startsWith(ref) || v.includes(ref)) return true;
  if (!call.text) return false;
  let i = call.text.indexOf(ref);
  while (i >= 0) {
    const before = i === 0 ? '' : call.text[i - 1]!;
    if (!/[A-Za-z0-9]/.test(before)) return true; // at a token boundary: the id itself, or a token that starts with the prefix
    i = call.text.indexOf(ref, i + 1);
  }
  return false;
}

/** Whether a revocation reaches a call (whatever the time). */
export function covers(r: Pick<Revocation, 'target' | 'ref'>, call: RevokableCall, credentialValue: (id: string) => string | undefined): boolean {
  switch (r.target) {
    case 'session':
      return true;
    case 'agent':
      return !!r.ref && r.ref === call.actor;
    case 'tool':
      return !!r.ref && call.toolNames.some((n) => n.toLowerCase() === r.ref!.toLowerCase());
    case 'credential': {
      if (!r.ref) return false;
      if (call.credentials.has(r.ref)) return true;
      const value = credentialValue(r.ref);
      if (value && (call.secretValues.has(value) || (call.text?.includes(value) ?? false))) return true;
      return identifierIn(r.ref, call);
    }
    default:
      return false;
  }
}

/* ------------------------------------------------------------------------------------------ */

export class DelegationTracker {
  /** delegate → delegator */
  readonly delegatedBy = new Map<string, string>();
  /** tools an agent holds, as declared by the session (agent spans, delegation records) */
  readonly declared = new Map<string, string[]>();
  readonly reported = new Set<string>();

  delegate(from: string, to: string, tools?: string[]): void {
    if (this.delegatedBy.size < 10_000 && from !== to) this.delegatedBy.set(to, from);
    if (tools) this.declare(to, tools);
  }
  declare(agent: string, tools: string[]): void {
    if (this.declared.size < 10_000) this.declared.set(agent, tools);
  }
}

/** A tool set: a policy's globs, or a list of names the session declared. */
export interface ToolSet {
  label: string;
  has(toolNames: string[]): boolean;
  names: string[];
}

export function toolSetOf(matcher: ToolMatcher, label: string): ToolSet {
  return { label, has: (names) => !!matcher.match(...names), names: matcher.globs };
}

/* ------------------------------------------------------------------------------------------ */

export type ApprovalState = 'approved' | 'denied' | 'absent' | 'unknown';

export interface ApprovalFacts {
  state: ApprovalState;
  /** Who or what: `alice (approvals.yaml:4)`, `permission mode bypassPermissions` … */
  by: string;
  /** An explicit approval was revoked before this call. */
  revokedBy?: Revocation;
  /** The call ran inside a sandbox that limits it (Codex workspace-write / read-only). */
  sandboxed?: boolean;
  /** The denial was inferred from the result (the result is the refusal, not an execution). */
  inferredDenial?: boolean;
}

const EDIT_TOOLS = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

export interface LedgerCall {
  event: ToolCallEvent;
  ref: CallRef;
  attached: ApprovalEvent[];
  actor?: string;
}

export class ApprovalLedger {
  private readonly byRequest = new BoundedMap<string, ApprovalEvent>(50_000);
  /** Approvals recorded before their call (by call id). */
  private readonly byCall = new BoundedMap<string, ApprovalEvent[]>(50_000);
  private readonly sessionScoped: { tool?: string; approval: ApprovalEvent; step: number }[] = [];
  permissionMode?: string;
  approvalPolicy?: string;
  sandboxPolicy?: string;

  constructor(private readonly records: ApprovalRecord[]) {}

  /** An approval event not attached to a pending call: kept for later calls. */
  remember(e: ApprovalEvent, step: number, attached = false): void {
    if (e.callId && !attached) {
      this.byCall.set(e.callId, [...(this.byCall.get(e.callId) ?? []), e]);
    }
    if (e.requestId) {
      const prev = this.byRequest.get(e.requestId);
      if (!prev || e.decision !== 'requested') {
        this.byRequest.set(e.requestId, e);
      }
    }
    if (e.scope === 'session' && e.decision !== 'requested' && this.sessionScoped.length < 10_000) this.sessionScoped.push({ tool: e.tool, approval: e, step });
  }

  resolve(call: LedgerCall, revocations: Revocation[]): ApprovalFacts {
    const approvalRevoked = (tool: string | undefined, callId: string | undefined): Revocation | undefined =>
      revocations.find((r) => r.target === 'approval' && r.ref && (r.ref === callId || (tool && r.ref.toLowerCase() === tool.toLowerCase())));
    // 1. records attached to this call (by call id or approval request id)
    const explicit = [...(call.event.callId ? (this.byCall.get(call.event.callId) ?? []) : []), ...call.attached];
    if (call.event.approvalRequestId) {
      const r = this.byRequest.get(call.event.approvalRequestId);
      if (r) explicit.push(r);
    }
    const decided = explicit.filter((a) => a.decision !== 'requested');
    const last = decided[decided.length - 1];
    if (last) {
      const who = `${last.approver ?? 'an approver'}${last.inferred ? ' (inferred)' : ''}`;
      if (last.decision === 'approved') {
        const revokedBy = approvalRevoked(call.event.tool, call.event.callId);
        if (revokedBy) return { state: 'absent', by: `the approval by ${who} was revoked`, revokedBy };
        return { state: 'approved', by: who };
      }
      return { state: 'denied', by: who, inferredDenial: !!last.inferred };
    }
    // 2. approval files
    const rec = matchApproval(this.records, call.ref);
    if (rec) {
      const revokedBy = rec.decision === 'approved' ? approvalRevoked(call.event.tool, call.event.callId) : undefined;
      if (revokedBy) return { state: 'absent', by: `the approval by ${rec.approver} (${rec.where}) was revoked`, revokedBy };
      return { state: rec.decision, by: `${rec.approver} (${rec.where})` };
    }
    // 3. session-scoped approvals recorded earlier in the session
    for (let i = this.sessionScoped.length - 1; i >= 0; i--) {
      const s = this.sessionScoped[i]!;
      if (s.step > call.ref.step) continue;
      if (s.tool && !call.ref.toolNames.some((n) => n.toLowerCase() === s.tool!.toLowerCase())) continue;
      const revokedBy = approvalRevoked(s.tool, undefined);
      if (revokedBy) return { state: 'absent', by: `the session approval by ${s.approval.approver ?? 'an approver'} was revoked`, revokedBy };
      return s.approval.decision === 'approved'
        ? { state: 'approved', by: `${s.approval.approver ?? 'an approver'} (for the session, step ${s.step})` }
        : { state: 'denied', by: `${s.approval.approver ?? 'an approver'} (for the session, step ${s.step})` };
    }
    const requested = explicit.some((a) => a.decision === 'requested');
    if (requested) return { state: 'unknown', by: 'approval was requested but the answer is not recorded' };
    // 4. session settings
    const mode = this.permissionMode;
    if (mode) {
      if (mode === 'bypassPermissions') return { state: 'absent', by: 'permission mode bypassPermissions (no prompts)' };
      if (mode === 'auto') return { state: 'absent', by: 'permission mode auto (a classifier, not a person, approves)' };
      if (mode === 'acceptEdits' && EDIT_TOOLS.has(call.event.tool)) return { state: 'absent', by: 'permission mode acceptEdits (edits run without a prompt)' };
      return { state: 'unknown', by: `permission mode ${mode}: a prompt or an allow rule let the call run; the transcript does not say which` };
    }
    const policy = this.approvalPolicy;
    if (policy) {
      const sandbox = this.sandboxPolicy;
      const sandboxed = !!sandbox && sandbox !== 'danger-full-access';
      if (policy === 'never') return { state: 'absent', by: `approval policy never${sandbox ? `, sandbox ${sandbox}` : ''}`, sandboxed };
      if (policy === 'on-request' && !call.event.escalation) {
        return { state: 'absent', by: `approval policy on-request: the command ran without asking${sandbox ? ` (sandbox ${sandbox})` : ''}`, sandboxed };
      }
      return { state: 'unknown', by: `approval policy ${policy}: no approval request recorded for this call` };
    }
    if (call.event.approvalRecordedPerCall) return { state: 'absent', by: 'no approval request was made for this call' };
    return { state: 'unknown', by: 'the session format records no approvals' };
  }
}
