/**
 * The identity graph: every analyzer reports the identities it sees (secret values by one-way key,
 * credential variables, service accounts, IAM users); one identity used by two or more distinct
 * consumers becomes a single finding listing every use.
 */
import type { IdentityUse, ProjectAnalyzer, RuleMeta } from '../../core/rule.js';

const meta: RuleMeta = {
  id: 'identity/shared-credential',
  title: 'One identity shared by several consumers',
  category: 'identity.shared-account',
  severity: 'high',
  confidence: 'medium',
  description:
    'The same credential, credential variable or workload identity is used by several agents, servers or workloads. ' +
    'Their actions cannot be told apart in audit logs, one compromise exposes all of them, and revoking it stops them all.',
  remediation:
    'Give each agent, server and workload its own identity with only the rights it needs (a distinct key, service account or ' +
    'federated role), so that audit trails attribute actions and one can be revoked without the others.',
  docs: { why: 'OWASP NHI Top 10 lists identity reuse; agents need a distinct identity each for attribution and revocation.' },
};

/** Identity kinds whose sharing is worth a finding (a Kubernetes service account shared is handled the same way). */
export const sharedIdentity: ProjectAnalyzer = {
  name: 'identity/shared-credential',
  rules: [meta],
  finish(facts, ctx) {
    const byKey = new Map<string, IdentityUse[]>();
    for (const use of facts.identities) {
      if (use.lifetime === 'reference' && use.identityKind === 'secret') continue;
      const list = byKey.get(use.key) ?? [];
      list.push(use);
      byKey.set(use.key, list);
    }
    for (const [key, uses] of [...byKey].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const consumers = distinctConsumers(uses);
      if (consumers.length < 2) continue;
      const first = consumers[0]!;
      ctx.report({
        ruleId: meta.id,
        key,
        location: first.location,
        message: `${first.label} is used by ${consumers.length} consumers: ${consumers.map((c) => c.consumer).join('; ')}.`,
        evidence: first.label,
        related: consumers.map((c) => ({ ...c.location, message: `used by ${c.consumer}` })),
      });
    }
  },
};

/** One use per place (the most specific consumer named there), then one per consumer, in file order. */
function distinctConsumers(uses: IdentityUse[]): IdentityUse[] {
  const byPlace = new Map<string, IdentityUse>();
  for (const use of uses) {
    const place = `${use.location.path}:${use.location.startLine}`;
    const current = byPlace.get(place);
    if (!current || (current.consumer === current.location.path && use.consumer !== use.location.path)) byPlace.set(place, use);
  }
  const byConsumer = new Map<string, IdentityUse>();
  const ordered = [...byPlace.values()].sort(
    (a, b) => (a.location.path < b.location.path ? -1 : a.location.path > b.location.path ? 1 : a.location.startLine - b.location.startLine),
  );
  for (const use of ordered) if (!byConsumer.has(use.consumer)) byConsumer.set(use.consumer, use);
  return [...byConsumer.values()];
}
