/**
 * Secret flow and credential use: a tracked secret leaving in an outbound call, and a long-lived or
 * shared credential handled in a call's arguments.
 */
import { redact } from '../../core/redact.js';
import { secretKey } from '../../core/fingerprint.js';
import type { CredentialTracker } from '../trackers/credentials.js';
import type { SecretTracker } from '../trackers/secrets.js';
import type { Policy } from '../policy.js';
import { RULES } from '../rules.js';
import { findSecrets, type Lifetime } from '../secrets.js';
import type { Pending } from './types.js';
import { ownProvider } from '../providers.js';

interface SecretValue {
  kind: string;
  lifetime: Lifetime;
  origin?: string;
  envName?: string;
  credential?: string;
}

export interface SecretUse {
  /** Secret values in the arguments (tracked or recognised). */
  values: Map<string, SecretValue>;
  /** Credential ids the call used (declared, or by a tracked value). */
  credentialIds: Set<string>;
}

export class SecretFlowCheck {
  private readonly reportedCredentialUse = new Set<string>();

  constructor(
    private readonly policy: Policy,
    private readonly secrets: SecretTracker,
    private readonly credentials: CredentialTracker,
  ) {}

  check(p: Pending): SecretUse {
    const { e, argsText, hosts, step, actor } = p;
    const policy = this.policy;
    const matches = this.secrets.search(argsText);
    const recognised = argsText ? findSecrets(argsText, 20) : [];
    const values = new Map<string, SecretValue>();
    for (const h of recognised) values.set(h.value, { kind: h.kind, lifetime: h.lifetime });
    for (const m of matches) values.set(m.secret.value, { kind: m.secret.kind, lifetime: m.secret.lifetime, origin: m.secret.origin, envName: m.secret.envName, credential: m.secret.credential });
    const exfiltrated = new Set<string>();
    if (p.outbound && matches.length) {
      const allowedHost = hosts.length > 0 && hosts.every((h) => policy.allowHosts.match(h));
      for (const m of matches) {
        const s = m.secret;
        const how = m.encoding === 'plain' ? '' : `, ${m.encoding}`;
        if (allowedHost) {
          step.reasons.push(`secret ${redact(s.value)} (${s.kind}) from ${s.origin} sent to an allowed host (${hosts.join(', ')})`);
          continue;
        }
        if (ownProvider(s.kind, hosts)) {
          step.reasons.push(`secret ${redact(s.value)} (${s.kind}) from ${s.origin} used against its own provider (${hosts.slice(0, 3).join(', ')}): credential use, not exfiltration`);
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
    return { values, credentialIds };
  }

  private checkCredential(p: Pending, value: string, v: SecretValue & { sharedDeclared: boolean }, exfiltrated: boolean): void {
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
}
