/**
 * code/unapproved-delegation: an agent hands work, directly or through a chain of hand-offs,
 * sub-agents or agents used as tools, to an agent holding a high-risk tool, and no approval step
 * stands anywhere on the way: not on a hand-off, not on the tool, not on the sub-agent. The
 * finding sits at the entry agent's first hand-off and names the chain.
 */
import type { ProjectAnalyzer, RuleMeta } from '../../core/rule.js';
import type { RelatedLocation } from '../../core/types.js';
import { buildDelegationGraph, unapprovedChains, worst, type UnapprovedChain } from './delegation-graph.js';
import { frameworkName } from './rule.js';
import { HOW_TO_APPROVE } from './vocabulary.js';

const SHELL_LEAF = [
  'import subprocess',
  'from agents import Agent, function_tool',
  '',
  '@function_tool',
  'def run_command(cmd: str) -> str:',
  '    """Run a shell command on the build host."""',
  '    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout',
  '',
  'ops = Agent(name="ops", instructions="Operate the build host.", tools=[run_command])',
].join('\n');

const READ_ONLY_LEAF = [
  'import requests',
  'from agents import Agent, function_tool',
  '',
  '@function_tool',
  'def lookup(order_id: str) -> str:',
  '    """Look an order up."""',
  '    return requests.get("https://orders.example.com/api", params={"id": order_id}).text',
  '',
  'ops = Agent(name="ops", instructions="Answer order questions.", tools=[lookup])',
].join('\n');

const chain = (leaf: string, asTool = 'ops.as_tool(tool_name="operate", tool_description="Operate the host")') =>
  `${leaf}\nsupport = Agent(name="support", tools=[${asTool}])\ntriage = Agent(name="triage", handoffs=[support])\n`;

export const unapprovedDelegationMeta: RuleMeta = {
  id: 'code/unapproved-delegation',
  title: 'Agent hands work to a sub-agent with a high-risk tool, with no approval on the way',
  category: 'oversight.missing-approval',
  severity: 'high',
  confidence: 'medium',
  description:
    'An agent hands work — by a hand-off, a sub-agent, a team member or an agent used as a tool, directly or through other agents — ' +
    'to an agent that holds a high-risk tool (shell, code execution, payments, data export, credentials, permissions), and no approval ' +
    'step stands anywhere on that path. Whoever can steer the entry agent (a user, a prompt injection in what it reads) steers the ' +
    'risky tool, and the oversight that the entry agent seemed to have is split across agents that each approve nothing.',
  remediation:
    'Put an approval step on the path: require approval on the risky tool (needs_approval / require_confirmation / requires_confirmation), ' +
    'on the hand-off itself (agent.as_tool(needs_approval=True)), or gate the sub-agent with the framework\'s human-in-the-loop mechanism; ' +
    'or give the sub-agent only read-only tools.',
  docs: {
    why: 'OWASP Agentic Top 10 (insecure inter-agent communication, cascading failures) and the agentic threats on delegation: a supervisor with no risky tool of its own can still reach one through its sub-agents.',
  },
  examples: {
    positive: [{ path: 'agents/triage.py', code: chain(SHELL_LEAF) }],
    negative: [
      { path: 'agents/triage.py', code: chain(SHELL_LEAF, 'ops.as_tool(tool_name="operate", tool_description="Operate the host", needs_approval=True)') },
      { path: 'agents/triage.py', code: chain(SHELL_LEAF.replace('@function_tool\n', '@function_tool(needs_approval=True)\n')) },
      { path: 'agents/triage.py', code: chain(READ_ONLY_LEAF) },
    ],
  },
};

export const unapprovedDelegation: ProjectAnalyzer = {
  name: 'code/delegation-graph',
  rules: [unapprovedDelegationMeta],
  finish(facts, ctx) {
    const graph = buildDelegationGraph(facts.inventory);
    if (graph.edges.length === 0) return;
    // One finding per entry agent and first hand-off: every risky tool reached through it.
    const groups = new Map<string, UnapprovedChain[]>();
    for (const c of unapprovedChains(graph)) {
      const key = `${c.entry.id}>${c.edges[0]!.to}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const names = new Map(graph.agents.map((a) => [a.id, a.name]));
    for (const chains of groups.values()) {
      const first = chains[0]!;
      const edge = first.edges[0]!;
      const path = (c: UnapprovedChain) => [c.entry.name, ...c.edges.map((e) => names.get(e.to)!)].map((n) => `"${n}"`).join(' → ');
      const tool = (c: UnapprovedChain) => `"${c.tool.name}" (${[...new Set(c.tool.risks.map((r) => r.label))].join(', ')}: ${c.tool.risks[0]!.evidence})`;
      const more = chains.length > 1 ? `, and ${chains.length - 1} more risky tool${chains.length > 2 ? 's' : ''} on this hand-off (${chains.slice(1, 4).map((c) => `"${c.tool.name}" via ${path(c)}`).join('; ')})` : '';
      const related: RelatedLocation[] = [];
      const add = (r: RelatedLocation) => {
        if (!related.some((x) => x.path === r.path && x.startLine === r.startLine)) related.push(r);
      };
      for (const c of chains.slice(0, 4)) {
        for (const e of c.edges.slice(1)) add({ ...e.location, message: `hand-off (${e.kind}) to "${names.get(e.to)}"` });
        add({ ...c.holder.location, message: `agent "${c.holder.name}" holds tool "${c.tool.name}"` });
        add({ ...c.tool.location, message: `${c.tool.risks[0]!.label}: ${c.tool.risks[0]!.evidence} (line ${c.tool.risks[0]!.line})` });
      }
      const how = HOW_TO_APPROVE[first.tool.framework];
      ctx.report({
        ruleId: unapprovedDelegationMeta.id,
        message:
          `Agent "${first.entry.name}" (${frameworkName(first.entry.framework)}) hands work (${edge.kind}) along ${path(first)}, ` +
          `which holds tool ${tool(first)}${more}; no approval step is on the path (not on the hand-offs, the tool or the sub-agent).`,
        location: edge.location,
        key: `delegation:${first.entry.binding}>${names.get(edge.to)}:${chains.map((c) => c.tool.name).sort().join(',')}`,
        evidence: path(first),
        severity: worst(chains.flatMap((c) => c.tool.risks.map((r) => r.severity))),
        remediation: how
          ? `Require approval on the path: on the hand-off (as_tool(needs_approval=True) where the framework has it) or on the tool: ${how}. Or give the sub-agent read-only tools.`
          : undefined,
        related,
      });
    }
  },
};
