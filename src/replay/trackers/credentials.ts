/**
 * CredentialTracker (credentials issued or used, their lifetime, who shares them) and
 * RevocationTracker (what was revoked, when, and which later steps it touches).
 */
import type { Lifetime } from '../secrets.js';
import { BoundedMap } from '../bounded-map.js';

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
