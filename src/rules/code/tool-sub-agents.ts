/**
 * Agents a tool builds to do its own work: a workflow tool that makes one agent per task, a
 * delegation tool that spins up a helper agent. They are made in the tool's body or in a function of
 * the module the tool reaches (`self._create_task_agent()`, or a method it hands to an executor), and they are not the agents the tool is
 * given to: an agent "in this file" that makes the tool a file's own, rather than a tool module's,
 * is one built elsewhere in the file (unless a sub-agent lists the tool among its own tools).
 */
import type { AgentDecl, Body, CodeModel, ToolDef } from './model.js';

const MAX_DEPTH = 6;

/** The agents of the file that `tool` builds itself, in its body or a function of the module it calls. */
export function subAgentsOf(tool: ToolDef, model: CodeModel): Set<AgentDecl> {
  const out = new Set<AgentDecl>();
  if (!tool.body || model.agents.length === 0) return out;
  const reached: Body[] = [];
  const seen = new Set<Body>();
  const walk = (body: Body | undefined, depth: number): void => {
    if (!body || seen.has(body) || depth > MAX_DEPTH) return;
    seen.add(body);
    reached.push(body);
    for (const call of body.calls) if (call.local) walk(model.functions.get(call.local), depth + 1);
    // A method handed on as a value (`executor.submit(self.execute_task, …)`) runs too.
    for (const m of body.text.matchAll(/\b(?:self|cls)\.(\w+)\b(?!\s*\()/g)) walk(model.functions.get(m[1]!), depth + 1);
  };
  walk(tool.body, 0);
  for (const agent of model.agents) {
    if (agent.tools?.some((t) => t === tool.name || t === tool.binding)) continue;
    if (reached.some((b) => b.start <= agent.start && agent.end <= b.end)) out.add(agent);
  }
  return out;
}
