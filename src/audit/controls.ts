/**
 * The auditor's report per framework: every control in the framework's own order, with its status
 * (findings, no findings, not testable by this tool), the findings that are its evidence and the
 * rules that test it.
 */
import type { RuleMeta } from '../core/rule.js';
import type { Control, Framework } from '../frameworks/index.js';
import type { AuditFinding, ControlRow, ControlTestStatus, FrameworkSection } from './model.js';
import { cmp } from '../engine/order.js';

/** Replay rules test a control only when sessions were replayed. */
export const isReplayRule = (id: string): boolean => id.startsWith('replay/');

export function frameworkSection(fw: Framework, rules: RuleMeta[], findings: AuditFinding[], replayed: boolean): FrameworkSection {
  const direct = new Map<string, { rules: Set<string>; findings: Set<string> }>();
  const entry = (id: string) => {
    let e = direct.get(id);
    if (!e) direct.set(id, (e = { rules: new Set(), findings: new Set() }));
    return e;
  };
  for (const r of rules) for (const id of r.frameworks?.[fw.id] ?? []) entry(id).rules.add(r.id);
  for (const f of findings) for (const id of f.frameworks[fw.id] ?? []) entry(id).findings.add(f.id);

  // Sub-controls: children by `parent`, and ATLAS techniques under the tactics they list.
  const children = new Map<string, string[]>();
  const addChild = (parent: string, child: string) => {
    const list = children.get(parent) ?? [];
    if (!list.includes(child)) list.push(child);
    children.set(parent, list);
  };
  for (const c of fw.controls) {
    if (c.parent) addChild(c.parent, c.id);
    for (const t of c.tactics ?? []) if (!c.parent) addChild(t, c.id);
  }
  const descendants = (id: string, seen = new Set<string>()): Set<string> => {
    for (const child of children.get(id) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      descendants(child, seen);
    }
    return seen;
  };
  const parentOf = new Map(fw.controls.map((x) => [x.id, x.parent]));
  const depthOf = (c: Control): number => {
    let depth = 0;
    let parent = c.parent;
    while (parent && depth < 10) {
      depth++;
      parent = parentOf.get(parent);
    }
    return depth;
  };

  const findingOrder = new Map(findings.map((f, i) => [f.id, i]));
  const byFindingOrder = (a: string, b: string) => findingOrder.get(a)! - findingOrder.get(b)!;
  const rows: ControlRow[] = treeOrder(fw.controls).map((c) => {
    const own = direct.get(c.id);
    const ownRules = [...(own?.rules ?? [])].sort(cmp);
    const ownFindings = [...(own?.findings ?? [])].sort(byFindingOrder);
    const subRules = new Set<string>();
    const subFindings = new Set<string>();
    for (const d of descendants(c.id)) {
      for (const r of direct.get(d)?.rules ?? []) if (!own?.rules.has(r)) subRules.add(r);
      for (const f of direct.get(d)?.findings ?? []) if (!own?.findings.has(f)) subFindings.add(f);
    }
    const testing = [...ownRules, ...subRules];
    const staticTesting = testing.filter((r) => !isReplayRule(r));
    let status: ControlTestStatus;
    let note: string | undefined;
    if (ownFindings.length || subFindings.size) {
      status = 'findings';
      if (!ownFindings.length) note = 'findings through sub-controls';
    } else if (staticTesting.length || (replayed && testing.length)) {
      status = 'no-findings';
    } else {
      status = 'not-testable';
      if (testing.length) note = 'tested only by replaying recorded sessions (none given)';
    }
    return {
      id: c.id,
      title: c.title,
      kind: c.kind,
      referenceStatus: c.status,
      ...(c.parent && { parent: c.parent }),
      depth: depthOf(c),
      status,
      ...(note && { note }),
      rules: ownRules,
      subRules: [...subRules].sort(cmp),
      findings: ownFindings,
      subFindings: [...subFindings].sort(byFindingOrder),
    };
  });
  const citing = findings.filter((f) => (f.frameworks[fw.id]?.length ?? 0) > 0).length;
  return {
    id: fw.id,
    name: fw.name,
    version: fw.version,
    url: fw.url,
    referenceStatus: fw.status,
    titleKind: fw.titleKind,
    counts: {
      controls: rows.length,
      citingFindings: citing,
      findings: rows.filter((r) => r.status === 'findings').length,
      'no-findings': rows.filter((r) => r.status === 'no-findings').length,
      'not-testable': rows.filter((r) => r.status === 'not-testable').length,
    },
    controls: rows,
  };
}

/** Controls as a tree, depth first (a function, its categories, each with its subcategories), siblings in catalog order. */
function treeOrder(controls: readonly Control[]): Control[] {
  const ids = new Set(controls.map((c) => c.id));
  const children = new Map<string, Control[]>();
  const roots: Control[] = [];
  for (const c of controls) {
    if (c.parent && ids.has(c.parent)) {
      const list = children.get(c.parent) ?? [];
      list.push(c);
      children.set(c.parent, list);
    } else roots.push(c);
  }
  const out: Control[] = [];
  const visit = (c: Control, depth: number) => {
    out.push(c);
    if (depth < 10) for (const child of children.get(c.id) ?? []) visit(child, depth + 1);
  };
  for (const r of roots) visit(r, 0);
  return out;
}
