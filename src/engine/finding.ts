/** Turning what an analyzer reported into a Finding: metadata, redaction, fingerprint — in one place. */
import type { ReportDescriptor, RuleMeta } from '../core/rule.js';
import type { Finding, Location } from '../core/types.js';
import { clip, maskNamedValues, maskUrlPasswords, redact, redactIn } from '../core/redact.js';
import { fingerprint, secretKey } from '../core/fingerprint.js';

/** The fingerprint key of a reported occurrence: its secret, its declared key, or its source line. */
export function occurrenceKey(descriptor: ReportDescriptor, lineText: string): string {
  if (descriptor.secret) return `s:${secretKey(descriptor.secret)}`;
  return descriptor.key ?? `l:${lineText.trim()}`;
}

export function buildFinding(args: {
  meta: RuleMeta;
  descriptor: ReportDescriptor;
  location: Location;
  key: string;
  ordinal: number;
  /** Secrets that must not show in the message, evidence or snippet (every secret on the line). */
  secrets: string[];
  lineText?: string;
}): Finding {
  const { meta, descriptor, location, key, ordinal, secrets } = args;
  return {
    ruleId: meta.id,
    category: meta.category,
    severity: descriptor.severity ?? meta.severity,
    confidence: descriptor.confidence ?? meta.confidence ?? 'high',
    title: meta.title,
    message: maskUrlPasswords(redactIn(descriptor.message, secrets)),
    location,
    evidence: descriptor.secret
      ? redact(descriptor.secret)
      : descriptor.evidence
        ? clip(maskNamedValues(redactIn(descriptor.evidence, secrets)))
        : undefined,
    snippet: args.lineText !== undefined ? clip(maskNamedValues(redactIn(args.lineText.trim(), secrets)), 160) : undefined,
    fingerprint: fingerprint(meta.id, location.path, key, ordinal),
    frameworks: {},
    remediation: descriptor.remediation ?? meta.remediation,
    related: descriptor.related?.map((r) => (r.message === undefined ? r : { ...r, message: maskUrlPasswords(redactIn(r.message, secrets)) })),
    ...(descriptor.contextFloor ? { contextFloor: descriptor.contextFloor } : {}),
  };
}
