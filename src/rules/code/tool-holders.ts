/**
 * A tool module judged with the agents that hold its tools. Read alone, a module that defines a
 * high-risk tool and no agent is an inventory entry (reported low, or medium for a tool that runs
 * programs or code: whichever agent is given it needs an approval step). Once every file is read,
 * the delegation graph knows which agents of other files import the tool and are given it: when one
 * holds it with no gate of its own file, the tool runs unapproved in this repository, and the finding
 * takes the severity of the tool's risk. Only agents of the tool's own context count: an example or a
 * test that hands a library's tool to an agent says nothing of how the library ships it. Tools no
 * such agent holds stay as they were.
 */
import type { ProjectAnalyzer } from '../../core/rule.js';
import type { Finding } from '../../core/types.js';
import { contextOf } from '../../discovery/context.js';
import { buildDelegationGraph, gated, worst, type GraphAgent, type GraphTool } from './delegation-graph.js';
import { TOOL_MODULE } from './vocabulary.js';

const RULE = 'code/missing-approval';

export const toolHolders: ProjectAnalyzer = {
  name: 'code/tool-holders',
  rules: [],
  finish() {},
  settle(findings, facts) {
    const candidates = findings.filter((f) => f.ruleId === RULE && f.message.includes(TOOL_MODULE));
    if (candidates.length === 0) return findings;
    const graph = buildDelegationGraph(facts.inventory);
    const toolAt = new Map(graph.tools.map((t) => [`${t.location.path}:${t.location.startLine}`, t]));
    const changed = new Map<Finding, Finding>();
    for (const f of candidates) {
      const tool = toolAt.get(`${f.location.path}:${f.location.startLine}`);
      if (!tool || tool.approval || tool.risks.length === 0) continue;
      const context = contextOf(tool.location.path);
      const holders = graph.agents.filter(
        (a) => a.tools.includes(tool.id) && a.location.path !== tool.location.path && contextOf(a.location.path) === context && !gated(a, tool),
      );
      if (holders.length === 0) continue;
      changed.set(f, held(f, tool, holders));
    }
    return changed.size ? findings.map((f) => changed.get(f) ?? f) : findings;
  },
};

function held(f: Finding, tool: GraphTool, holders: GraphAgent[]): Finding {
  const first = holders[0]!;
  const more = holders.length > 1 ? ` and ${holders.length - 1} more` : '';
  const by = `agent "${first.name}" (${first.location.path}:${first.location.startLine})${more} is given it with no approval step`;
  return {
    ...f,
    severity: worst(tool.risks.map((r) => r.severity)),
    message: f.message.replace(TOOL_MODULE, by),
    related: [
      ...(f.related ?? []),
      ...holders.slice(0, 5).map((a) => ({ ...a.location, message: `given to agent "${a.name}" with no approval step` })),
    ],
  };
}
