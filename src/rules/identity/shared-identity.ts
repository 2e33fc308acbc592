/**
 * The identity graph: every analyzer reports the identities it sees (secret values by one-way key,
 * credential variables, Kubernetes ServiceAccounts and Secrets, IAM users); one identity used by
 * two or more distinct consumers becomes a single finding at its first use, listing every use as a
 * related location (SARIF relatedLocations).
 *
 * Keys (never a raw secret): `secret:<hash>`, `var:<NAME>`, `k8s-sa:<ns>/<name>`,
 * `k8s-secret:<ns>/<name>#<key>`, `iam-user:<name>`.
 */
import type { IdentityUse, ProjectAnalyzer, RuleMeta } from '../../core/rule.js';
import type { Confidence, Severity } from '../../core/types.js';
import { deploymentOf, isCodeVariableRead, isIssuer, joinChartInstalls, mergeHelpers, workloadOf } from './workloads.js';
import { cmp, compareLocations } from '../../engine/order.js';
import { presentedAt, sameProgram, servesLink, type LinkIndex } from './links.js';
import { workloadLinks } from '../deploy/service-links.js';

const meta: RuleMeta = {
  id: 'identity/shared-credential',
  title: 'One identity shared by several consumers',
  category: 'identity.shared-account',
  severity: 'high',
  confidence: 'medium',
  description:
    'The same credential, credential variable or workload identity (ServiceAccount, IAM user) is used by several agents, servers or workloads. ' +
    'Their actions cannot be told apart in audit logs, one compromise exposes all of them, and revoking it stops them all.',
  remediation:
    'Give each agent, server and workload its own identity with only the rights it needs (a distinct key, ServiceAccount or ' +
    'federated role), so that audit trails attribute actions and one can be revoked without the others.',
  docs: { why: 'OWASP NHI Top 10 lists identity reuse; agents need a distinct identity each for attribution and revocation.' },
};

interface KindPolicy {
  /** How the identity is named in the message. */
  noun: string;
  severity: Severity;
  confidence: Confidence;
}

/** Severity follows what sharing costs: a static secret or IAM user shared is worse than a variable name that may hold different values per environment. */
function policyFor(use: IdentityUse): KindPolicy {
  switch (use.identityKind) {
    case 'secret':
      if (use.key.startsWith('k8s-secret:')) return { noun: 'Kubernetes Secret key', severity: 'medium', confidence: 'high' };
      return use.lifetime === 'expiring'
        ? { noun: 'short-lived credential', severity: 'medium', confidence: 'high' }
        : { noun: 'credential', severity: 'high', confidence: 'high' };
    case 'iam-user':
      return { noun: 'IAM user', severity: 'high', confidence: 'high' };
    case 'iam-role':
      return { noun: 'IAM role', severity: 'medium', confidence: 'medium' };
    case 'service-account':
      return { noun: 'ServiceAccount', severity: 'medium', confidence: 'high' };
    case 'token':
      return { noun: 'token', severity: 'high', confidence: 'medium' };
    case 'variable':
      return { noun: 'credential variable', severity: 'medium', confidence: 'low' };
  }
}

/**
 * Tests, fixtures, examples and docs are not deployed consumers: the same fixture value in two test
 * files, or the same variable name read by two independent example programs, identifies nothing.
 */
const NOT_DEPLOYED = /(?:^|\/)(?:tests?|__tests__|spec|specs|fixtures?|testdata|examples?|samples?|docs?|cookbook|notebooks?)\//i;
const TEST_FILE = /(?:^|\/)(?:test_[^/]*|[^/]*_test\.[a-z]+|[^/]*\.(?:test|spec)\.[a-z]+|conftest\.py)$/i;

/** A file of tests, fixtures, examples or docs: what it holds is not deployed. */
export function notDeployed(path: string): boolean {
  return NOT_DEPLOYED.test(path) || TEST_FILE.test(path);
}

/** Identities that are shared by design and reported by other rules (the default ServiceAccount), or not deployed. */
function ignored(use: IdentityUse): boolean {
  if (use.lifetime === 'reference' && use.identityKind === 'secret') return true;
  if ((use.identityKind === 'secret' || use.identityKind === 'variable') && notDeployed(use.location.path)) {
    return true;
  }
  return /^k8s-sa:[^/]*\/default$/.test(use.key);
}

export const sharedIdentity: ProjectAnalyzer = {
  name: 'identity/shared-credential',
  rules: [meta],
  finish(facts, ctx) {
    const links = workloadLinks(facts.inventory);
    const byKey = new Map<string, IdentityUse[]>();
    for (const use of facts.identities) {
      if (ignored(use)) continue;
      const list = byKey.get(use.key) ?? [];
      list.push(use);
      byKey.set(use.key, list);
    }
    for (const [key, uses] of [...byKey].sort(([a], [b]) => cmp(a, b))) {
      const places = sharingPlaces(distinctPlaces(joinChartInstalls(uses)), links);
      if (places.length === 0) continue;
      const consumers = mergeHelpers(distinctConsumers(places));
      // The same value pasted in two files, with nothing known to use it, is two findings of the secrets rules, not a shared identity.
      if (!consumers.some((c) => c.consumer !== c.location.path)) continue;
      const first = consumers[0]!;
      const policy = policyFor(first);
      const label = bestLabel(places.map((p) => vendorByAddress(p, links)));
      ctx.report({
        ruleId: meta.id,
        key,
        location: first.location,
        severity: policy.severity,
        confidence: policy.confidence,
        message: `${named(policy.noun, label)} is used by ${consumers.length} consumers: ${consumers.map((c) => c.consumer).join('; ')}.`,
        evidence: label,
        related: places.map((p) => ({ ...p.location, message: `used by ${p.consumer}` })),
      });
    }
  },
};

/**
 * The places of the uses that share the identity, or none. A secret value, ServiceAccount or IAM
 * user is shared when two workloads hold it, wherever they run: the value itself is reused. A
 * variable is only a name: code reading it asks for a setting (an example app, the server a launcher
 * config starts), and two deployments reading the same name are each given their user's own value.
 * It is shared when deployment config hands it to two workloads of one deployment (see
 * `deploymentOf`); only those uses are listed.
 */
function sharingPlaces(places: IdentityUse[], links: LinkIndex): IdentityUse[] {
  if (places[0]?.identityKind !== 'variable') return holders(places, links) >= 2 ? places : [];
  const byDeployment = new Map<string, IdentityUse[]>();
  for (const p of places) {
    if (isCodeVariableRead(p)) continue;
    const d = deploymentOf(p);
    byDeployment.set(d, [...(byDeployment.get(d) ?? []), p]);
  }
  return [...byDeployment.values()].filter((group) => holders(group, links) >= 2).flat().sort((a, b) => compareLocations(a.location, b.location));
}

/**
 * How many distinct workloads hold the identity. The service that issues or checks a credential and
 * the one client that presents it are its two ends, not two holders: a database, broker or identity
 * provider by its name, and a workload that another holder's configuration connects to when the
 * credential is that link's own token (see `links.ts`). Two clients of one such service still share it.
 */
function holders(places: IdentityUse[], links: LinkIndex): number {
  // Workloads of one file running one program (its API, MCP server and worker from one image) are one holder.
  const held = mergeHelpers(distinctConsumers(places))
    .filter((c) => !isIssuer(c.consumer))
    .filter((c, i, all) => !all.slice(0, i).some((o) => sameProgram(c, o, links)));
  return held.filter((c) => !held.some((o) => o !== c && servesLink(c, o, links))).length;
}

/** One use per place (the most specific consumer named there), in file order. */
function distinctPlaces(uses: IdentityUse[]): IdentityUse[] {
  const byPlace = new Map<string, IdentityUse>();
  for (const use of uses) {
    const place = `${use.location.path}:${use.location.startLine}`;
    const current = byPlace.get(place);
    if (!current || (current.consumer === current.location.path && use.consumer !== use.location.path)) byPlace.set(place, use);
  }
  return [...byPlace.values()].sort(
    (a, b) => compareLocations(a.location, b.location),
  );
}

/** One use per workload (see workloads.ts), in file order. */
function distinctConsumers(places: IdentityUse[]): IdentityUse[] {
  const byConsumer = new Map<string, IdentityUse>();
  for (const use of places) {
    const w = workloadOf(use);
    if (!byConsumer.has(w)) byConsumer.set(w, use);
  }
  return [...byConsumer.values()];
}

/** `The ServiceAccount agents/x` rather than `The ServiceAccount ServiceAccount agents/x`. */
function named(noun: string, label: string): string {
  const first = label.split(' ')[0]!.toLowerCase();
  return noun.toLowerCase().split(' ').includes(first) || /^(?:secret|iam)$/.test(first) ? `The ${label}` : `The ${noun} ${label}`;
}

/**
 * A vendor named only by the credential's setting (`OPENAI_API_KEY`) is not the vendor's when the
 * address beside it is another host (`OPENAI_API_BASE_URL=http://localhost:9099`, a server speaking
 * the vendor's API): the label then names no vendor.
 */
function vendorByAddress(use: IdentityUse, links: LinkIndex): IdentityUse {
  if (!use.provider || !use.providerByName) return use;
  const hosts = presentedAt(use, links);
  const vendor = use.provider.toLowerCase();
  if (hosts.length === 0 || hosts.some((h) => h.includes(vendor))) return use;
  const { provider: _vendor, providerByName: _byName, ...rest } = use;
  return { ...rest, label: use.label.slice(use.provider.length + 1) };
}

/** The most informative label (one naming the provider), all of them redacted by their analyzers. */
function bestLabel(places: IdentityUse[]): string {
  return places.find((p) => p.provider && p.label.includes(p.provider))?.label ?? places[0]!.label;
}
