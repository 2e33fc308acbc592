/**
 * The delegation graph as text for `agentwarden tools --graph`: Graphviz DOT or Mermaid. Agents
 * that hand work to others (or receive it) with the tools they hold; a risky tool is marked, an
 * approved hand-off or tool says by what, and the hand-offs of an unapproved chain are drawn red.
 * The same view (`graphView`) feeds the HTML report's drawing.
 */
import type { DelegationGraph, GraphAgent, GraphEdge, GraphTool, UnapprovedChain } from '../rules/code/delegation-graph.js';
import { unapprovedChains } from '../rules/code/delegation-graph.js';
import { frameworkName } from '../rules/code/rule.js';

export const GRAPH_FORMATS = ['dot', 'mermaid'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface ViewNode {
  id: string;
  kind: 'agent' | 'tool';
  label: string;
  detail: string;
  /** A tool with a high-risk action and no approval of its own. */
  risky: boolean;
  approval?: string;
}

export interface ViewEdge {
  from: string;
  to: string;
  label: string;
  /** On a chain that reaches a risky tool with no approval. */
  unapproved: boolean;
  approval?: string;
}

export interface GraphView {
  nodes: ViewNode[];
  edges: ViewEdge[];
  chains: UnapprovedChain[];
}

/** The part of the graph about delegation: agents on a hand-off and the tools they hold. */
export function graphView(graph: DelegationGraph): GraphView {
  const chains = unapprovedChains(graph);
  const onEdge = new Set(graph.edges.flatMap((e) => [e.from, e.to]));
  const agents = graph.agents.filter((a) => onEdge.has(a.id));
  const tools = new Map(graph.tools.map((t) => [t.id, t]));
  const ids = new Map<string, string>();
  const nodes: ViewNode[] = [];
  agents.forEach((a, i) => {
    ids.set(a.id, `a${i}`);
    nodes.push({ id: `a${i}`, kind: 'agent', label: a.name, detail: `${frameworkName(a.framework)} · ${where(a)}`, risky: false });
  });
  const hot = new Set(chains.flatMap((c) => c.edges.map((e) => edgeKey(e))));
  const hotTools = new Set(chains.map((c) => `${c.holder.id}>${c.tool.id}`));
  const edges: ViewEdge[] = [];
  let t = 0;
  for (const a of agents) {
    for (const toolId of a.tools) {
      const tool = tools.get(toolId)!;
      let id = ids.get(tool.id);
      if (!id) {
        id = `t${t++}`;
        ids.set(tool.id, id);
        nodes.push({ id, kind: 'tool', label: tool.name, detail: toolDetail(tool), risky: tool.risks.length > 0 && !tool.approval, ...(tool.approval ? { approval: tool.approval } : {}) });
      }
      edges.push({ from: ids.get(a.id)!, to: id, label: 'tool', unapproved: hotTools.has(`${a.id}>${tool.id}`) });
    }
  }
  for (const e of graph.edges) {
    edges.push({ from: ids.get(e.from)!, to: ids.get(e.to)!, label: e.kind, unapproved: hot.has(edgeKey(e)), ...(e.approval ? { approval: e.approval } : {}) });
  }
  return { nodes, edges, chains };
}

export function renderGraph(graph: DelegationGraph, format: GraphFormat): string {
  const view = graphView(graph);
  return format === 'mermaid' ? mermaid(view) : dot(view);
}

function dot(view: GraphView): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const out = ['digraph delegation {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const n of view.nodes) {
    const style = n.kind === 'agent' ? 'shape=box, style="rounded"' : n.risky ? 'shape=ellipse, color=red, fontcolor=red' : n.approval ? 'shape=ellipse, color=darkgreen' : 'shape=ellipse, color=gray40';
    const label = `${n.label}\\n${n.detail}${n.approval ? `\\napproval: ${n.approval}` : ''}`;
    out.push(`  ${n.id} [label=${q(label).replace(/\\\\n/g, '\\n')}, ${style}];`);
  }
  for (const e of view.edges) {
    const attrs = [`label=${q(e.approval ? `${e.label} (approval)` : e.label)}`];
    if (e.unapproved) attrs.push('color=red', 'fontcolor=red', 'penwidth=2');
    else if (e.approval) attrs.push('color=darkgreen', 'style=dashed');
    if (e.label === 'tool') attrs.push('arrowhead=none');
    out.push(`  ${e.from} -> ${e.to} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

function mermaid(view: GraphView): string {
  // Mermaid labels: quotes and brackets would end the label; `#quot;` is its escape.
  const q = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;
  const out = ['flowchart LR'];
  for (const n of view.nodes) {
    const label = q(`${n.label}<br/>${n.detail}${n.approval ? `<br/>approval: ${n.approval}` : ''}`);
    out.push(n.kind === 'agent' ? `  ${n.id}[${label}]` : `  ${n.id}([${label}])`);
  }
  const red: number[] = [];
  view.edges.forEach((e, i) => {
    const label = e.approval ? `${e.label} (approval)` : e.label;
    out.push(e.label === 'tool' ? `  ${e.from} --- ${e.to}` : e.approval ? `  ${e.from} -. ${q(label)} .-> ${e.to}` : `  ${e.from} -- ${q(label)} --> ${e.to}`);
    if (e.unapproved) red.push(i);
  });
  out.push('  classDef risky stroke:#c00,color:#c00,stroke-width:2px;', '  classDef approved stroke:#070;');
  const risky = view.nodes.filter((n) => n.risky).map((n) => n.id);
  const approved = view.nodes.filter((n) => n.approval).map((n) => n.id);
  if (risky.length) out.push(`  class ${risky.join(',')} risky;`);
  if (approved.length) out.push(`  class ${approved.join(',')} approved;`);
  if (red.length) out.push(`  linkStyle ${red.join(',')} stroke:#c00,stroke-width:2px;`);
  return `${out.join('\n')}\n`;
}

function where(a: GraphAgent): string {
  return `${a.location.path}:${a.location.startLine}`;
}

function toolDetail(t: GraphTool): string {
  const risk = t.risks.length ? [...new Set(t.risks.map((r) => r.label))].join(', ') : 'no risky action';
  return `${risk} · ${t.location.path}:${t.location.startLine}`;
}

function edgeKey(e: GraphEdge): string {
  return `${e.from}>${e.to}>${e.kind}>${e.via ?? ''}`;
}
