/**
 * The delegation graph of a repository: its agents, the tools each holds, and the edges by which
 * one agent hands work to another (hand-offs, sub-agents, agents used as tools, team members, a
 * tool whose body runs another agent), joined across files through each file's imports. Built from
 * the `agent` and `agent-tool` facts of the scan; pure data, shared by the rule, `tools --graph`
 * and the HTML report.
 */
import path from 'node:path';
import type { InventoryItem } from '../../core/rule.js';
import type { Location, Severity } from '../../core/types.js';
import { SEVERITIES } from '../../core/types.js';
import type { AgentFact } from './agent-facts.js';
import { escapeRegExp } from '../../core/regex.js';
import type { RegisteredName } from './model.js';
import { namesRegistered } from './tool-registrations.js';

export interface GraphAgent {
  id: string;
  name: string;
  binding: string;
  framework: string;
  location: Location;
  /** Ids of the tools it holds. */
  tools: string[];
  gates: AgentFact['gates'];
}

export interface GraphRisk {
  class: string;
  label: string;
  severity: Severity;
  line: number;
  evidence: string;
}

export interface GraphTool {
  id: string;
  name: string;
  framework: string;
  location: Location;
  /** Risks worth a finding (at least medium). */
  risks: GraphRisk[];
  /** The approval on the tool itself, if any. */
  approval?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: string;
  location: Location;
  /** Approval on the hand-off: its own option, a gate of the delegating agent's file, or the approval of the tool that runs the sub-agent. */
  approval?: string;
  /** The tool of the delegating agent whose body runs the sub-agent. */
  via?: string;
}

export interface DelegationGraph {
  agents: GraphAgent[];
  tools: GraphTool[];
  edges: GraphEdge[];
}

interface ToolFact {
  name: string;
  binding?: string;
  registered?: RegisteredName;
  framework: string;
  runs?: { name: string; module?: string }[];
  risks: GraphRisk[];
  approval: { found: boolean; mechanism?: string };
}

const REPORTABLE = new Set<Severity>(['critical', 'high', 'medium']);

export function buildDelegationGraph(inventory: InventoryItem[]): DelegationGraph {
  const agentItems = inventory.filter((i) => i.type === 'agent');
  const toolItems = inventory.filter((i) => i.type === 'agent-tool');
  const files = new Files([...agentItems, ...toolItems].map((i) => i.location.path));

  const tools: GraphTool[] = [];
  const toolFacts = new Map<string, ToolFact>();
  const toolsByFile = new Map<string, { tool: GraphTool; fact: ToolFact }[]>();
  for (const item of toolItems) {
    const fact = item.data as unknown as ToolFact;
    const tool: GraphTool = {
      id: `${item.location.path}:${item.location.startLine}:${fact.name}`,
      name: fact.name,
      framework: fact.framework,
      location: item.location,
      risks: fact.risks.filter((r) => REPORTABLE.has(r.severity)).map((r) => ({ class: r.class, label: r.label, severity: r.severity, line: r.line, evidence: r.evidence })),
      ...(fact.approval.found ? { approval: fact.approval.mechanism ?? 'approval' } : {}),
    };
    tools.push(tool);
    toolFacts.set(tool.id, fact);
    push(toolsByFile, item.location.path, { tool, fact });
  }

  const agents: GraphAgent[] = [];
  const facts = new Map<string, AgentFact>();
  const agentsByFile = new Map<string, GraphAgent[]>();
  for (const item of agentItems) {
    const fact = item.data as unknown as AgentFact;
    const id = `${item.location.path}:${item.location.startLine}:${fact.binding}`;
    const inFile = toolsByFile.get(item.location.path) ?? [];
    const held = new Set(inFile.filter(({ tool }) => fact.toolLines.includes(tool.location.startLine)).map(({ tool }) => tool.id));
    for (const ref of fact.toolRefs) {
      for (const p of files.resolve(item.location.path, ref.module!, fact.language)) {
        for (const { tool, fact: t } of toolsByFile.get(p) ?? []) if (t.binding === ref.name) held.add(tool.id);
      }
    }
    // Tools named by the name their framework registers them under, wherever they are defined.
    for (const ref of fact.registryRefs ?? []) {
      for (const tool of tools) if (namesRegistered(ref, toolFacts.get(tool.id)!)) held.add(tool.id);
    }
    const agent: GraphAgent = {
      id,
      name: fact.name ?? (fact.binding.startsWith('@') ? `${fact.callee.replace(/^.*\./, '')}@${item.location.startLine}` : fact.binding),
      binding: fact.binding,
      framework: fact.framework,
      location: item.location,
      tools: [...held],
      gates: fact.gates,
    };
    agents.push(agent);
    facts.set(id, fact);
    push(agentsByFile, item.location.path, agent);
  }

  const lookup = (from: Location, ref: { name: string; module?: string }, language: string): GraphAgent[] => {
    const paths = ref.module ? files.resolve(from.path, ref.module, language) : [from.path];
    const found = paths.flatMap((p) => (agentsByFile.get(p) ?? []).filter((a) => a.binding === ref.name));
    return found;
  };

  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const addEdge = (e: GraphEdge) => {
    const key = `${e.from}>${e.to}>${e.kind}>${e.via ?? ''}`;
    if (e.from === e.to || seen.has(key)) return;
    seen.add(key);
    edges.push(e);
  };
  const toolsById = new Map(tools.map((t) => [t.id, t]));
  for (const agent of agents) {
    const fact = facts.get(agent.id)!;
    const fileGate = fact.gates.find((g) => g.tools === undefined);
    for (const link of fact.links) {
      const location = { path: agent.location.path, startLine: link.line, startColumn: link.column, endLine: link.endLine, endColumn: link.endColumn };
      const approval = link.approval ?? (fileGate ? `${fileGate.mechanism} (line ${fileGate.line})` : undefined);
      for (const target of lookup(agent.location, link.target, fact.language)) addEdge({ from: agent.id, to: target.id, kind: link.kind, location, ...(approval ? { approval } : {}) });
    }
    // A tool whose body runs another agent: the agent used as a tool.
    for (const toolId of agent.tools) {
      const tool = toolsById.get(toolId)!;
      for (const ref of toolFacts.get(toolId)?.runs ?? []) {
        for (const target of lookup(tool.location, ref, fact.language)) {
          addEdge({ from: agent.id, to: target.id, kind: 'agent-tool', location: tool.location, via: toolId, ...(tool.approval ? { approval: tool.approval } : {}) });
        }
      }
    }
    // CrewAI: an agent allowed to delegate may hand work to its co-workers (the agents of its crew module).
    if (fact.delegates) {
      for (const other of agentsByFile.get(agent.location.path) ?? []) {
        const o = facts.get(other.id)!;
        if (other.id !== agent.id && o.callee.endsWith('Agent') && o.framework === fact.framework) addEdge({ from: agent.id, to: other.id, kind: 'coworker', location: agent.location });
      }
    }
  }
  return { agents, tools, edges };
}

/** A risky tool of a sub-agent reachable from an entry agent with no approval on the way. */
export interface UnapprovedChain {
  entry: GraphAgent;
  /** Edges from the entry to the agent holding the tool. */
  edges: GraphEdge[];
  holder: GraphAgent;
  tool: GraphTool;
}

const MAX_DEPTH = 8;

/**
 * Entry agents are those nothing hands work to; an agent in a cycle that no entry reaches counts as
 * an entry too (triage ⇄ billing). From each, every path of unapproved hand-offs to an agent holding
 * a risky tool that neither the tool nor the holder's file approves.
 */
export function unapprovedChains(graph: DelegationGraph): UnapprovedChain[] {
  const out = graph.edges.reduce((m, e) => push(m, e.from, e), new Map<string, GraphEdge[]>());
  const incoming = new Set(graph.edges.map((e) => e.to));
  const byId = new Map(graph.agents.map((a) => [a.id, a]));
  const tools = new Map(graph.tools.map((t) => [t.id, t]));
  const entries = graph.agents.filter((a) => !incoming.has(a.id) && out.has(a.id));
  // Everything an entry reaches (breadth first: each agent once, whatever the number of paths).
  const reached = new Set<string>();
  const queue = entries.map((e) => e.id);
  while (queue.length) {
    for (const e of out.get(queue.shift()!) ?? []) {
      if (reached.has(e.to)) continue;
      reached.add(e.to);
      queue.push(e.to);
    }
  }
  const roots = new Set(entries.map((e) => e.id));
  for (const a of graph.agents) if (out.has(a.id) && !reached.has(a.id) && !roots.has(a.id)) entries.push(a);

  const found: UnapprovedChain[] = [];
  for (const entry of entries) {
    for (const first of out.get(entry.id) ?? []) {
      if (first.approval || first.to === entry.id) continue;
      // Shortest unapproved path from this hand-off to every agent behind it.
      const via = new Map<string, GraphEdge[]>([[first.to, [first]]]);
      const todo = [first.to];
      while (todo.length) {
        const id = todo.shift()!;
        const path = via.get(id)!;
        const holder = byId.get(id)!;
        for (const toolId of holder.tools) {
          const tool = tools.get(toolId)!;
          if (tool.risks.length && !tool.approval && !gated(holder, tool)) found.push({ entry, edges: path, holder, tool });
        }
        if (path.length >= MAX_DEPTH) continue;
        for (const e of out.get(id) ?? []) {
          if (e.approval || e.to === entry.id || via.has(e.to)) continue;
          via.set(e.to, [...path, e]);
          todo.push(e.to);
        }
      }
    }
  }
  // One chain per entry and tool, the shortest; inside a cycle that no entry reaches (agents that
  // all hand work to each other), one per tool for the whole cycle.
  const best = new Map<string, UnapprovedChain>();
  for (const c of found) {
    const key = roots.has(c.entry.id) ? `${c.entry.id}>${c.tool.id}` : `cycle>${c.holder.id}>${c.tool.id}`;
    const known = best.get(key);
    if (!known || c.edges.length < known.edges.length) best.set(key, c);
  }
  const chains = [...best.values()];
  return chains;
}

/** A gate of the holder's file covering the tool (every tool, or this one by name). */
export function gated(holder: GraphAgent, tool: GraphTool): boolean {
  return holder.gates.some((g) => g.tools === undefined || new RegExp(`['"\`]?${escapeRegExp(tool.name)}['"\`]?\\s*:\\s*(?!False|false|None)`).test(g.tools));
}

export function worst(severities: Severity[]): Severity {
  return severities.reduce<Severity>((w, s) => (SEVERITIES.indexOf(s) < SEVERITIES.indexOf(w) ? s : w), 'info');
}

/** The repository's source files, to resolve an import to the files it may name. */
class Files {
  private readonly stems = new Map<string, string[]>();
  private readonly paths: string[];
  private readonly memo = new Map<string, string[]>();
  constructor(paths: string[]) {
    this.paths = [...new Set(paths)];
    for (const p of this.paths) push(this.stems, p.replace(/\.[^./]+$/, ''), p);
  }

  /** Files a module names: the module itself, its package `__init__`/`index`, or (a package that re-exports) the files under it. */
  resolve(fromPath: string, module: string, language: string): string[] {
    const key = `${language}\0${module.startsWith('.') ? path.posix.dirname(fromPath) : ''}\0${module}`;
    let found = this.memo.get(key);
    if (!found) {
      found = this.lookup(fromPath, module, language);
      this.memo.set(key, found);
    }
    return found;
  }

  private lookup(fromPath: string, module: string, language: string): string[] {
    const targets = language === 'python' ? this.pythonTargets(fromPath, module) : this.tsTargets(fromPath, module);
    for (const t of targets) {
      const direct = [...(this.stems.get(t) ?? []), ...(this.stems.get(`${t}/__init__`) ?? []), ...(this.stems.get(`${t}/index`) ?? [])];
      const under = this.paths.filter((p) => p.startsWith(`${t}/`));
      if (direct.length || under.length) return [...direct, ...under];
    }
    return [];
  }

  private pythonTargets(fromPath: string, module: string): string[] {
    const dots = /^\.*/.exec(module)![0].length;
    const rest = module.slice(dots).split('.').filter(Boolean);
    if (dots > 0) {
      let base = path.posix.dirname(fromPath);
      for (let i = 1; i < dots; i++) base = path.posix.dirname(base);
      return [path.posix.join(base === '.' ? '' : base, ...rest)];
    }
    // An absolute module: wherever the source root is (repository root, src/, a package folder).
    const suffix = rest.join('/');
    const roots = new Set<string>();
    for (const stem of this.stems.keys()) {
      const i = stem === suffix || stem.startsWith(`${suffix}/`) ? 0 : stem.indexOf(`/${suffix}`);
      if (i === 0) roots.add(suffix);
      else if (i > 0 && (stem.length === i + 1 + suffix.length || stem[i + 1 + suffix.length] === '/')) roots.add(stem.slice(0, i + 1 + suffix.length));
    }
    return [...roots];
  }

  private tsTargets(fromPath: string, module: string): string[] {
    if (!module.startsWith('.')) return [];
    const joined = path.posix.normalize(path.posix.join(path.posix.dirname(fromPath), module));
    return [joined.replace(/\.(?:[cm]?js|tsx?|jsx)$/, '')];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): Map<K, V[]> {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
  return map;
}

