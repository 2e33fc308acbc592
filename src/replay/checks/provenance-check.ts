/**
 * The provenance check: a consequential call whose decisive argument came only from a tool result
 * the user did not point at (`runtime.untrusted-argument`), and an argument the policy says must come
 * from the user that did not.
 */
import type { Severity } from '../../core/types.js';
import { redact } from '../../core/redact.js';
import type { Policy } from '../policy.js';
import { ProvenanceTracker, TRUSTED_ORIGINS, type Traced } from '../provenance.js';
import { decisiveValues, normText, type ValueKind } from '../decisive-values.js';
import { RULES } from '../rules.js';
import { admits, pathCovers } from './arguments.js';
import { capSeverity, sevIndex, type Pending } from './types.js';

const NO_REQUEST = 'the session records no request of the user to compare it with';

/** Classes where an injected destination does the most harm: money, outbound messages and shares, code execution, privilege. */
const HIGH_CLASSES = new Set(['payments', 'data-export', 'shell', 'network-egress', 'privilege']);
const MEDIUM_CLASSES = new Set(['file-write', 'file-delete', 'destructive-db', 'credential-access']);
/** Kinds that decide where something goes, whatever the tool. */
const DESTINATION_KINDS = new Set<ValueKind>(['email', 'iban', 'phone', 'account']);

function severityOf(p: Pending, kind: ValueKind): Severity | undefined {
  const ids = p.classes.map((h) => h.cls.id);
  // amounts and names (channels, user names) are traced and shown, never decisive on their own:
  // directory listings legitimately supply them
  if (kind === 'amount' || kind === 'recipient') return undefined;
  if (kind === 'credential') return 'high';
  if (ids.some((c) => HIGH_CLASSES.has(c))) return kind === 'path' && !ids.includes('data-export') ? 'medium' : 'high';
  if (ids.some((c) => MEDIUM_CLASSES.has(c))) return kind === 'path' && !ids.some((c) => c === 'file-delete' || c === 'file-write') ? undefined : 'medium';
  if (DESTINATION_KINDS.has(kind) || kind === 'url') return 'medium';
  return undefined;
}

/**
 * Words by which a request asks for an action of a class. A result the user pointed at may decide
 * the payee of a payment the user asked for ("pay the bill in bill.txt"), not the recipient of a
 * message nobody asked to send ("summarise this page" → the page says "mail it to …").
 */
const ASKS: Record<string, RegExp> = {
  payments: /\b(?:pay|paid|payment|transfer|wire|send|settle|refund|remit|reimburs|money|rent|bill|invoice|transaction|schedul)/,
  'data-export': /\b(?:send|sent|e-?mail|mail|forward|reply|respond|answer|share|post|notify|invite|contact|tell|inform|message|write|let \w+ know|cc|add)/,
  'network-egress': /\b(?:send|post|upload|submit|share|fetch|download|visit|open|call|request|book|reserve|sign up|register|order)/,
  shell: /\b(?:run|execute|install|build|deploy|script|command|compile|test|fix|set up|setup)/,
  privilege: /\b(?:sudo|root|admin|grant|permission|role|access|privilege)/,
  'file-write': /\b(?:write|save|create|update|edit|append|store|put|copy|move|rename)/,
  'file-delete': /\b(?:delete|remove|clean|erase|purge|drop)/,
  'destructive-db': /\b(?:delete|drop|truncate|remove|clean|purge|reset|migrat)/,
  'credential-access': /\b(?:token|key|secret|password|credential|login|log in|sign in)/,
};
const GENERIC_WORDS = new Set(['tool', 'call', 'get', 'set', 'the', 'new', 'from', 'with', 'data', 'info', 'item', 'items', 'file', 'files', 'user', 'list', 'make', 'do']);

/** Whether the user's request asks for the kind of action this call is (by its classes, or the words of its name). */
function requested(p: Pending, tracker: ProvenanceTracker): boolean {
  for (const h of p.classes) {
    const re = ASKS[h.cls.id];
    if (re && tracker.requestMatches(re)) return true;
  }
  const words = p.e.tool
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length >= 3 && !GENERIC_WORDS.has(w));
  if (words.length && tracker.requestMatches(new RegExp(`\\b(?:${words.map((w) => w.slice(0, Math.max(3, w.length - 1))).join('|')})`))) return true;
  // a tool of no known class: any request for an outbound action will do
  return !p.classes.some((h) => ASKS[h.cls.id]) && Object.values(ASKS).slice(0, 3).some((re) => tracker.requestMatches(re));
}

function describe(t: Traced, unasked = false): string {
  if (unasked) return `${describe(t)}, but the request asks for no such action`;
  switch (t.origin) {
    case 'user':
      return 'the user';
    case 'system':
      return 'the system prompt';
    case 'policy':
      return 'the policy';
    case 'trusted-tool':
      return `the result of step ${t.source!.step} (${t.source!.tool ?? 'tool'}, a trusted source)`;
    case 'vouched':
      return `the result of step ${t.source!.step} (${t.source!.tool ?? 'tool'}; ${t.source!.vouched})`;
    case 'tool':
      return `the result of step ${t.source!.step} (${t.source!.tool ?? 'tool'})`;
    case 'none':
      return 'nowhere in the session (model-made)';
  }
}

export class ProvenanceCheck {
  readonly tracker: ProvenanceTracker;

  constructor(private readonly policy: Policy) {
    this.tracker = new ProvenanceTracker((tool) => !!policy.trustedSources.match(tool));
    if (policy.objective) this.tracker.addTrusted('policy', policy.objective, 0);
  }

  /**
   * Trace the call's decisive values, add checks, and return the origin per argument path (for the
   * Cedar context).
   */
  check(p: Pending, safe: (text: string, max?: number) => string): Record<string, string> {
    const out: Record<string, string> = {};
    if (!p.e.argsRecorded || this.policy.provenanceOff) return out;
    const values = decisiveValues(p.e.args);
    if (!values.length) return out;
    const rules = this.policy.argumentRules.filter((r) => r.tool.match(...p.names));
    const shown = (t: Traced): string => (t.kind === 'credential' ? redact(t.value) : safe(t.value, 60));
    const notes: string[] = [];
    const untrusted: { t: Traced; severity: Severity; unasked: boolean }[] = [];
    let asked: boolean | undefined;
    /** The session records no words of the user or system prompt, and the policy has no objective: nothing to trace to. */
    const blind = !this.tracker.hasRequest && !this.policy.objective;
    for (const v of values) {
      const t = this.tracker.trace(v, p.index);
      out[t.path] = out[t.path] && out[t.path] !== t.origin ? `${out[t.path]},${t.origin}` : t.origin;
      // must come from the user
      const fromUser = rules.find((r) => r.fromUser && pathCovers(r.path, t.path));
      if (fromUser && !TRUSTED_ORIGINS.has(t.origin)) {
        p.untrustedArguments.push(t.path);
        p.checks.push({
          verdict: 'deny',
          reason: `provenance: ${t.path} must come from the user (${fromUser.where}); it came from ${describe(t)}`,
          finding: {
            rule: RULES.untrustedArgument,
            severity: fromUser.severity,
            message: `Step ${p.index}: ${p.actor} called ${p.e.tool} with ${t.path} = ${shown(t)}, which the policy says must come from the user (${fromUser.where}); it came from ${describe(t)}.`,
            key: `from-user:${fromUser.where}:${t.path}:${p.e.callId ?? p.index}`,
            evidence: this.chain(p, t, shown, safe),
          },
        });
        continue;
      }
      if (t.kind === 'credential' && p.secretFlow) continue; // the secret-flow finding says it already
      // a result the user pointed at vouches for the values of an action the user asked for, no other
      let unasked = false;
      if (t.origin === 'vouched' && severityOf(p, t.kind)) {
        asked ??= requested(p, this.tracker);
        unasked = !asked;
      }
      if (t.origin !== 'tool' && !unasked) {
        if (t.origin !== 'user' && t.origin !== 'system' && notes.length < 4) notes.push(`${t.path} ${shown(t)} from ${describe(t)}`);
        continue;
      }
      const severity = severityOf(p, t.kind);
      if (!severity) {
        if (notes.length < 4) notes.push(`${t.path} ${shown(t)} from ${describe(t)}`);
        continue;
      }
      const admitted = rules.find((r) => admits(r, t.path, t.value));
      if (admitted) {
        if (notes.length < 4) notes.push(`${t.path} ${shown(t)} from ${describe(t)}, admitted by ${admitted.where}`);
        continue;
      }
      p.untrustedArguments.push(t.path);
      untrusted.push({ t, severity, unasked });
      p.checks.push({ verdict: blind ? 'unknown' : 'deny', reason: `provenance: ${t.path} (${t.kind}) ${shown(t)} came only from ${describe(t, unasked)}${blind ? `; ${NO_REQUEST}` : ': untrusted data chose it'}` });
    }
    if (untrusted.length) {
      // one finding per call: the most severe value leads, the others are named
      untrusted.sort((a, b) => sevIndex(a.severity) - sevIndex(b.severity));
      const { t, severity, unasked } = untrusted[0]!;
      const others = untrusted.slice(1).map((u) => `${u.t.path} = ${shown(u.t)}`);
      p.checks.push({
        verdict: blind ? 'unknown' : 'deny',
        reason: `provenance: untrusted argument${untrusted.length > 1 ? 's' : ''} ${[...new Set(untrusted.map((u) => u.t.path))].join(', ')}`,
        finding: {
          rule: RULES.untrustedArgument,
          // without the request, "only from a tool result" may be what the user asked for: low confidence, at most medium
          severity: blind ? capSeverity(severity, 'medium') : severity,
          ...(blind ? { confidence: 'low' as const } : {}),
          message: `Step ${p.index}: ${p.actor} called ${p.e.tool} with ${t.path} = ${shown(t)} (${t.kind}), taken from ${describe(t, unasked)}; ${blind ? NO_REQUEST : 'neither the user nor the policy supplied it'}${others.length ? ` (also ${others.slice(0, 3).join(', ')})` : ''}.`,
          key: `${p.e.tool}:${p.e.callId ?? p.index}`,
          evidence: this.chain(p, t, shown, safe),
        },
      });
    }
    if (notes.length) p.step.reasons.push(`provenance: ${notes.join('; ')}`);
    return out;
  }

  /** Whether the user, the system prompt or the policy supplied a value (for `allowFromUser`). */
  supplied(value: string, before: number): boolean {
    const v = value.trim();
    const kind: ValueKind = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(v)
      ? 'email'
      : /^[A-Z]{2}\d{2}[A-Z0-9 -]{11,40}$/i.test(v)
        ? 'iban'
        : /^(?:[a-z][a-z0-9+.-]{0,15}:\/\/|www\.)/i.test(v)
          ? 'url'
          : /^(?:[a-z0-9-]+\.)+[a-z]{2,}$/i.test(v)
            ? 'host'
            : 'recipient';
    return TRUSTED_ORIGINS.has(this.tracker.trace({ path: '', kind, value: v }, before).origin);
  }

  /** `step 4 read_file result "…iban: us13…" → step 7 send_money recipient` */
  private chain(p: Pending, t: Traced, shown: (t: Traced) => string, safe: (text: string, max?: number) => string): string {
    let excerpt = t.excerpt ?? '';
    // The excerpt is in the searched form (lower case, white space collapsed): the value is hidden in that form.
    const searched = normText(t.value).trim();
    if (t.kind === 'credential' && searched) excerpt = excerpt.split(searched).join(redact(t.value));
    const from = t.source ? `step ${t.source.step} ${t.source.tool ?? t.source.kind} ${t.source.kind === 'tool' ? 'result' : 'message'} "${safe(excerpt, 100)}"` : 'nowhere';
    return `${from} → step ${p.index} ${p.e.tool} ${t.path} = ${shown(t)}`;
  }
}
