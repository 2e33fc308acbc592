/**
 * The auditor's inventory of non-human identities: every credential, variable and account the scan
 * saw, with where it is used, by whom, how long it lives, and whether the shared-identity rule
 * found it shared. Ordered long-lived first, shared first.
 */
import type { IdentityUse, InventoryItem, ProjectFacts } from '../core/rule.js';
import type { Location } from '../core/types.js';
import type { AuditFinding, LifetimeClass, NhiEntry, NhiUse } from './model.js';
import { cmp } from '../engine/order.js';

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

export function buildInventory(facts: ProjectFacts, findings: AuditFinding[]): NhiEntry[] {
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
