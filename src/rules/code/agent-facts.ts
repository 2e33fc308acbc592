/**
 * The `agent` facts of one file, for the delegation graph: each agent with the name code refers to
 * it by, its framework, the hand-offs it declares, its tools (as references, and the tools of this
 * file it holds), and the approval gates of its file. The project stage joins them across files.
 */
import type { AnalyzerContext } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import { fileGates, type FileAnalysis } from './analysis.js';
import { pythonFramework, tsFramework } from './frameworks.js';
import type { AgentDecl, RegistryRef, ToolDef } from './model.js';
import { namesRegistered } from './tool-registrations.js';

/** What an `agent` inventory item carries (plain data: it crosses worker threads and the cache). */
export interface AgentFact {
  name?: string;
  binding: string;
  framework: string;
  language: string;
  callee: string;
  links: { kind: string; target: { name: string; module?: string }; line: number; column: number; endLine: number; endColumn: number; approval?: string }[];
  toolRefs: { name: string; module?: string; line: number }[];
  /** Tools named by the name a framework's registry gives them (MetaGPT roles' `tools`): found in any file. */
  registryRefs?: RegistryRef[];
  /** Lines of this file's tools the agent holds (declared inside its call, or named in its tools). */
  toolLines: number[];
  /** Approval gates on agents or sessions in this file: every tool (`tools` unset) or the tools they name. */
  gates: { mechanism: string; line: number; tools?: string }[];
  delegates?: boolean;
}

export function emitAgents(file: SourceFile, analysis: FileAnalysis, ctx: AnalyzerContext): void {
  const { model } = analysis;
  if (model.agents.length === 0) return;
  const gates = fileGates(model)
    .filter((g) => !g.partial)
    .map((g) => ({ mechanism: g.mechanism, line: file.position(g.at.start).line, ...(g.tools !== undefined ? { tools: g.tools } : {}) }));
  const primary = [...model.frameworks].find((f) => f !== 'mcp' && f !== 'langchain') ?? [...model.frameworks][0] ?? 'unknown';
  for (const agent of model.agents) {
    if (!agent.binding) continue;
    const refs = agent.toolRefs ?? [];
    const toolLines = analysis.tools
      .filter((a) => holdsInFile(agent, a.tool))
      .map((a) => file.position(a.tool.at.start).line);
    const fact: AgentFact = {
      ...(agent.name ? { name: agent.name } : {}),
      binding: agent.binding,
      framework: frameworkOf(agent, model.language, primary),
      language: model.language,
      callee: agent.callee,
      links: (agent.links ?? []).map((l) => {
        const [s, e] = [file.position(l.start), file.position(l.end)];
        return { kind: l.kind, target: l.target, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, ...(l.approval ? { approval: l.approval } : {}) };
      }),
      toolRefs: refs.filter((r) => r.module).map((r) => ({ name: r.name, module: r.module, line: file.position(r.start).line })),
      ...(agent.registryRefs ? { registryRefs: agent.registryRefs } : {}),
      toolLines: [...new Set(toolLines)],
      gates,
      ...(agent.delegates ? { delegates: true } : {}),
    };
    ctx.inventory({ type: 'agent', span: { start: agent.start, end: agent.end }, data: fact as unknown as Record<string, unknown> });
  }
}

/**
 * Whether an agent holds a tool of its own file: one declared inside its call, or one it names. An
 * agent that names its tools by registered name holds those only (a role's class body may declare a
 * registered tool of its own, held only when the role lists it).
 */
export function holdsInFile(agent: AgentDecl, tool: ToolDef): boolean {
  if (agent.registryRefs) return agent.registryRefs.some((r) => namesRegistered(r, tool));
  return (tool.at.start >= agent.start && tool.at.end <= agent.end) || (agent.toolRefs ?? []).some((r) => !r.module && r.name === tool.binding);
}

function frameworkOf(agent: AgentDecl, language: string, primary: string): string {
  if (language === 'python') return pythonFramework(agent.callee) ?? primary;
  const dot = agent.callee.lastIndexOf('.');
  return (dot > 0 ? tsFramework(agent.callee.slice(0, dot)) : undefined) ?? primary;
}
