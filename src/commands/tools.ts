/**
 * `agentwarden tools [paths…]`: the inventory of agent tools — framework, file:line, risk classes,
 * and whether an approval step was found — from the `agent-tool` facts the code analyzers emit
 * during a normal scan. Text (a table) or JSON.
 */
import type { InventoryItem } from '../core/rule.js';
import type { Location, ScanError } from '../core/types.js';
import { scan } from '../engine/scan.js';
import { parseTargets, writeOutput } from './output.js';
import { UsageError } from '../core/errors.js';
import { GRAPH_FORMATS, renderGraph, type GraphFormat } from '../formats/delegation-graph.js';
import { buildDelegationGraph } from '../rules/code/delegation-graph.js';
import { compareLocations } from '../engine/order.js';

export interface ToolRisk {
  class: string;
  label: string;
  severity: string;
  line: number;
  evidence: string;
  /** The same-module helper the sink sits in (the last step of `path`). */
  via?: string;
  /** Tool inputs (parameters the model fills in) that reach the deciding argument; absent for sinks risky by themselves. */
  inputs?: string[];
  /** The deciding argument as written at the sink (`cmd`, `f"https://{host}/x"`). */
  argument?: string;
  /** Functions from the tool to the sink: the tool, then each helper called. */
  path: string[];
}

/** A sink in the tool that the model does not steer, and why it is not a risk. */
export interface ToolContained {
  class: string;
  line: number;
  evidence: string;
  reason: string;
  path: string[];
}

export interface ToolEntry {
  name: string;
  framework: string;
  language: string;
  via: string;
  location: Location;
  /** Parameters the model fills in (framework-injected context left out). */
  inputs?: string[];
  risks: ToolRisk[];
  contained: ToolContained[];
  /** MCP tool annotations as declared (`readOnlyHint`, `destructiveHint`, …). */
  annotations?: Record<string, string>;
  approval: { found: boolean; mechanism?: string; scope?: string; line?: number; disabled?: string; partial?: string };
}

export interface ToolsReport {
  version: 1;
  root: string;
  tools: ToolEntry[];
  errors: ScanError[];
}

const FORMATS = ['text', 'json'] as const;

export async function runTools(paths: string[], options: { format?: string[]; output?: string[]; graph?: string | boolean }): Promise<number> {
  if (options.graph !== undefined && options.graph !== false) return runGraph(paths, options.graph === true ? 'dot' : options.graph, options.output);
  const targets = parseTargets(options.format, options.output, FORMATS, { what: 'format for tools' });
  const { report, facts } = await scan({ paths });
  const tools = toolsReport(report.root, facts.inventory, report.errors);
  for (const t of targets) {
    const text = t.format === 'json' ? `${JSON.stringify(tools, null, 2)}\n` : renderText(tools);
    writeOutput(t.file, text);
  }
  if (!targets.some((t) => t.format === 'text' && !t.file)) {
    for (const e of report.errors) process.stderr.write(`agentwarden: ${e.path}: ${e.message}\n`);
  }
  return 0;
}

/** `tools --graph [dot|mermaid]`: the delegation graph instead of the table. */
async function runGraph(paths: string[], format: string, output?: string[]): Promise<number> {
  if (!(GRAPH_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown graph format "${format}" (expected ${GRAPH_FORMATS.join(' or ')})`);
  if ((output?.length ?? 0) > 1) throw new UsageError('--graph writes one file: give --output once');
  const { report, facts } = await scan({ paths });
  writeOutput(output?.[0], renderGraph(buildDelegationGraph(facts.inventory), format as GraphFormat));
  for (const e of report.errors) process.stderr.write(`agentwarden: ${e.path}: ${e.message}\n`);
  return 0;
}

export function toolsReport(root: string, inventory: InventoryItem[], errors: ScanError[] = []): ToolsReport {
  const tools = inventory
    .filter((i) => i.type === 'agent-tool')
    .map((i): ToolEntry => {
      // binding, runs and the registered name are the delegation graph's, not the inventory's.
      const { binding: _b, runs: _r, registered: _g, ...data } = i.data as unknown as Omit<ToolEntry, 'location'> & { binding?: string; runs?: unknown; registered?: unknown };
      return { ...data, contained: data.contained ?? [], location: i.location };
    })
    .sort((a, b) => compareLocations(a.location, b.location));
  return { version: 1, root, tools, errors };
}

export function renderText(report: ToolsReport): string {
  const rows = report.tools.map((t) => [
    `${t.location.path}:${t.location.startLine}`,
    t.name,
    t.framework,
    t.risks.length ? [...new Set(t.risks.map((r) => r.class))].join(', ') : '-',
    t.approval.found
      ? `yes: ${t.approval.mechanism}${t.approval.line ? ` (line ${t.approval.line})` : ''}`
      : t.risks.length
        ? `NO${t.approval.disabled ? ` (${t.approval.disabled})` : t.approval.partial ? ` (only ${t.approval.partial})` : ''}`
        : 'no (not needed: no risky action found)',
  ]);
  const header = ['LOCATION', 'TOOL', 'FRAMEWORK', 'RISK', 'APPROVAL'];
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const risky = report.tools.filter((t) => t.risks.length > 0);
  const unguarded = risky.filter((t) => !t.approval.found);
  const why = (t: ToolEntry): string[] => {
    const lines = t.risks.map((r) => `  risk: ${r.label}: ${r.inputs?.length ? `input ${r.inputs.join(', ')} → ` : ''}${r.evidence}${r.argument ? ` [${r.argument}]` : ''} at line ${r.line}${r.path.length > 1 ? ` via ${r.path.join(' → ')}` : ''}`);
    for (const c of t.contained) lines.push(`  not a risk: ${c.evidence} at line ${c.line}${c.path.length > 1 ? ` via ${c.path.join(' → ')}` : ''}: ${c.reason}`);
    return lines;
  };
  const out = [
    `${report.tools.length} agent tool${report.tools.length === 1 ? '' : 's'}, ${risky.length} high-risk, ${unguarded.length} of them with no approval found`,
    '',
  ];
  if (rows.length) out.push(line(header), ...rows.map(line));
  for (const t of report.tools) {
    const lines = why(t);
    if (lines.length) out.push('', `${t.name} (${t.location.path}:${t.location.startLine})${t.inputs?.length ? ` inputs: ${t.inputs.join(', ')}` : ''}`, ...lines);
  }
  return `${out.join('\n')}\n`;
}
