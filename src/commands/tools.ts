/**
 * `agentwarden tools [paths…]`: the inventory of agent tools — framework, file:line, risk classes,
 * and whether an approval step was found — from the `agent-tool` facts the code analyzers emit
 * during a normal scan. Text (a table) or JSON.
 */
import type { InventoryItem } from '../core/rule.js';
import type { Location, ScanError } from '../core/types.js';
import { scan } from '../engine/scan.js';
import { parseTargets, writeOutput } from './output.js';

export interface ToolRisk {
  class: string;
  label: string;
  severity: string;
  line: number;
  evidence: string;
  via?: string;
}

export interface ToolEntry {
  name: string;
  framework: string;
  language: string;
  via: string;
  location: Location;
  risks: ToolRisk[];
  approval: { found: boolean; mechanism?: string; scope?: string; line?: number; disabled?: string; partial?: string };
}

export interface ToolsReport {
  version: 1;
  root: string;
  tools: ToolEntry[];
  errors: ScanError[];
}

const FORMATS = ['text', 'json'] as const;

export async function runTools(paths: string[], options: { format?: string[]; output?: string[] }): Promise<number> {
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

export function toolsReport(root: string, inventory: InventoryItem[], errors: ScanError[] = []): ToolsReport {
  const tools = inventory
    .filter((i) => i.type === 'agent-tool')
    .map((i): ToolEntry => ({ ...(i.data as unknown as Omit<ToolEntry, 'location'>), location: i.location }))
    .sort((a, b) => (a.location.path < b.location.path ? -1 : a.location.path > b.location.path ? 1 : a.location.startLine - b.location.startLine));
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
  const out = [
    `${report.tools.length} agent tool${report.tools.length === 1 ? '' : 's'}, ${risky.length} high-risk, ${unguarded.length} of them with no approval found`,
    '',
  ];
  if (rows.length) out.push(line(header), ...rows.map(line));
  for (const t of unguarded) {
    const r = t.risks[0]!;
    out.push('', `${t.name} (${t.location.path}:${t.location.startLine}): ${r.label}: ${r.evidence} at line ${r.line}${r.via ? ` in ${r.via}()` : ''}`);
  }
  return `${out.join('\n')}\n`;
}
