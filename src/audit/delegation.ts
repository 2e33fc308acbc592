/**
 * The delegation section of the auditor's report: the graph of agents and hand-offs (cut to a
 * drawable size, agents on unapproved chains first) and each unapproved chain with the finding
 * that reports it.
 */
import type { ProjectFacts } from '../core/rule.js';
import type { Location } from '../core/types.js';
import { graphView, type ViewEdge, type ViewNode } from '../formats/delegation-graph.js';
import { buildDelegationGraph } from '../rules/code/delegation-graph.js';

export interface AuditDelegation {
  nodes: ViewNode[];
  edges: ViewEdge[];
  chains: { path: string[]; tool: string; location: Location; findingId?: string }[];
  /** Agents on hand-offs left out of the drawing. */
  omitted: number;
}

const MAX_AGENTS = 40;

export function auditDelegation(facts: ProjectFacts, findings: { id: string; ruleId: string; location: Location }[]): AuditDelegation | undefined {
  const graph = buildDelegationGraph(facts.inventory);
  if (graph.edges.length === 0) return undefined;
  const view = graphView(graph);
  const names = new Map(graph.agents.map((a) => [a.id, a.name]));
  const chains = view.chains.map((c) => {
    const location = c.edges[0]!.location;
    const finding = findings.find((f) => f.ruleId === 'code/unapproved-delegation' && f.location.path === location.path && f.location.startLine === location.startLine);
    return { path: [c.entry.name, ...c.edges.map((e) => names.get(e.to)!)], tool: c.tool.name, location, ...(finding ? { findingId: finding.id } : {}) };
  });
  const agents = view.nodes.filter((n) => n.kind === 'agent');
  if (agents.length <= MAX_AGENTS) return { nodes: view.nodes, edges: view.edges, chains, omitted: 0 };
  // Keep the agents of unapproved chains, then the others in order, and what they hold.
  const hot = new Set(view.edges.filter((e) => e.unapproved).flatMap((e) => [e.from, e.to]));
  const keep = new Set([...agents.filter((a) => hot.has(a.id)), ...agents.filter((a) => !hot.has(a.id))].slice(0, MAX_AGENTS).map((a) => a.id));
  const edges = view.edges.filter((e) => keep.has(e.from) && (keep.has(e.to) || e.label === 'tool'));
  const used = new Set(edges.flatMap((e) => [e.from, e.to]));
  return { nodes: view.nodes.filter((n) => (n.kind === 'agent' ? keep.has(n.id) : used.has(n.id))), edges, chains, omitted: agents.length - keep.size };
}
