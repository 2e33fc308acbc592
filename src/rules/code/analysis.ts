/**
 * The judgement shared by the code rules: for each tool of a file, what makes it risky (sinks in
 * its body and in the same-module helpers it calls) and whether an approval step guards it.
 * Computed once per file and memoised, so each rule only reads it.
 */
import type { SourceFile } from '../../core/source.js';
import type { Confidence, Severity } from '../../core/types.js';
import { SEVERITIES } from '../../core/types.js';
import type { Body, CodeModel, Range, ToolDef } from './model.js';
import { pythonModel } from './python-model.js';
import { typescriptModel } from './typescript-model.js';
import { loadTaxonomy, type Taxonomy } from './sinks.js';
import { APPROVAL_CALLS, CONSOLE_CONFIRM, TOOL_APPROVAL_OPTIONS } from './vocabulary.js';

export interface Risk extends Range {
  riskClass: string;
  label: string;
  severity: Severity;
  /** What matched, never secret: a callee (`subprocess.run`) or a short literal. */
  evidence: string;
  /** Same-module helper the sink sits in, when not in the tool's own body. */
  via?: string;
}

export interface Approval {
  found: boolean;
  mechanism?: string;
  /** tool: on the tool itself; agent: a gate on the agent/session in this file. */
  scope?: 'tool' | 'agent';
  at?: Range;
  /** Approval explicitly switched off on the tool (`needs_approval=False`, `requireApproval: 'never'`). */
  disabled?: Range & { option: string; value: string };
  /** A gate that reviews only partly (CrewAI human_input, AutoGen TERMINATE). */
  partial?: string;
}

export interface ToolAssessment {
  tool: ToolDef;
  risks: Risk[];
  approval: Approval;
}

export interface FileAnalysis {
  model: CodeModel;
  tools: ToolAssessment[];
}

const MAX_HELPER_DEPTH = 4;

/** Parses (once) and assesses a file; `undefined` with an error message when it cannot be parsed. */
export function analyzeCode(file: SourceFile): Promise<{ ok: true; analysis: FileAnalysis } | { ok: false; error: string }> {
  return file.memo('code:analysis', async () => {
    const built = file.kind === 'python' ? await pythonModel(file.text) : await typescriptModel(file.relPath, file.text);
    if (!built.ok) return built;
    const taxonomy = loadTaxonomy();
    const model = built.model;
    const gates = fileGates(model);
    const tools = model.tools.map((tool) => ({ tool, risks: risksOf(tool, model, taxonomy), approval: approvalOf(tool, model, gates) }));
    return { ok: true as const, analysis: { model, tools } };
  });
}

function risksOf(tool: ToolDef, model: CodeModel, taxonomy: Taxonomy): Risk[] {
  const risks: Risk[] = [];
  if (tool.builtinRisk) {
    const cls = taxonomy.classes.get(tool.builtinRisk);
    risks.push({ riskClass: tool.builtinRisk, label: cls?.label ?? tool.builtinRisk, severity: cls?.severity ?? 'high', evidence: tool.via, start: tool.at.start, end: tool.at.end });
  }
  const seen = new Set<Body>();
  const visit = (body: Body | undefined, via: string | undefined, depth: number): void => {
    if (!body || seen.has(body) || depth > MAX_HELPER_DEPTH) return;
    seen.add(body);
    for (const sink of taxonomy.sinks) {
      if (sink.language !== 'any' && sink.language !== model.language) continue;
      const cls = taxonomy.classes.get(sink.riskClass)!;
      const add = (r: Range, evidence: string): void => {
        if (risks.some((x) => x.riskClass === sink.riskClass && x.start === r.start)) return;
        risks.push({ riskClass: sink.riskClass, label: cls.label, severity: cls.severity, evidence, via, start: r.start, end: r.end });
      };
      if (sink.call) {
        for (const call of body.calls) {
          if (sink.call.test(call.callee) && (!sink.args || sink.args.test(call.args))) add(call, `${call.callee}(…)`);
        }
      }
      if (sink.strings) for (const s of body.strings) if (sink.strings.test(s.text)) add(s, JSON.stringify(s.text.slice(0, 40)));
      if (sink.text) {
        const m = sink.text.exec(body.text);
        if (m) add({ start: body.start + m.index, end: body.start + m.index + m[0].length }, m[0].slice(0, 60));
      }
    }
    for (const call of body.calls) if (call.local) visit(model.functions.get(call.local), call.local, depth + 1);
  };
  visit(tool.body, undefined, 0);
  return risks.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.start - b.start);
}

interface Gate {
  mechanism: string;
  at: Range;
  /** Tool names the gate covers; undefined means every tool of the agent. */
  tools?: string;
  partial?: boolean;
}

/** Approval gates set on agents, sessions or graphs in this file. */
function fileGates(model: CodeModel): Gate[] {
  const gates: Gate[] = [];
  for (const s of model.settings) {
    const v = unquote(s.value);
    switch (s.name) {
      case 'can_use_tool':
      case 'canUseTool':
        if (!/^(?:None|null|undefined)$/.test(v)) gates.push({ mechanism: `${s.name} permission callback`, at: s });
        break;
      case 'hooks':
        if (/PreToolUse/.test(s.value)) gates.push({ mechanism: 'PreToolUse hook', at: s });
        break;
      case 'interrupt_before':
      case 'interruptBefore':
        gates.push({ mechanism: `LangGraph ${s.name}`, at: s });
        break;
      case 'interrupt_on':
      case 'interruptOn':
        gates.push({ mechanism: 'human-in-the-loop middleware', at: s, tools: s.value });
        break;
      case 'human_input_mode':
        if (v === 'ALWAYS') gates.push({ mechanism: 'AutoGen human_input_mode="ALWAYS"', at: s });
        else if (v === 'TERMINATE') gates.push({ mechanism: 'AutoGen human_input_mode="TERMINATE" (asks only at termination)', at: s, partial: true });
        break;
      case 'human_input':
        if (v === 'True' || v === 'true') gates.push({ mechanism: 'CrewAI human_input=True (reviews the task result, not each tool call)', at: s, partial: true });
        break;
      case 'approval_func':
        gates.push({ mechanism: 'approval_func', at: s });
        break;
      case 'middleware':
        if (/HumanInTheLoop|humanInTheLoop/i.test(s.value) && !/interrupt_?[oO]n/.test(s.value)) gates.push({ mechanism: 'human-in-the-loop middleware', at: s });
        break;
    }
  }
  return gates;
}

function approvalOf(tool: ToolDef, model: CodeModel, gates: Gate[]): Approval {
  // 1. On the tool itself.
  let disabled: Approval['disabled'];
  for (const [option, mechanism] of Object.entries(TOOL_APPROVAL_OPTIONS)) {
    const o = tool.options.get(option);
    if (!o) continue;
    if (isOff(o.value)) disabled = { option, value: o.value, start: o.start, end: o.end };
    else return { found: true, mechanism, scope: 'tool', at: o };
  }
  // 2. A confirmation inside the body or a helper it calls.
  const inBody = confirmationIn(tool.body, model, new Set(), 0);
  if (inBody) return { found: true, mechanism: inBody.mechanism, scope: 'tool', at: inBody.at };
  // 2b. A built-in tool driven by an executor/editor object of this file that asks before acting.
  if (tool.builtinRisk && ['executor', 'editor', 'computer'].some((k) => tool.options.has(k))) {
    for (const [name, body] of model.functions) {
      if (!name.includes('.')) continue;
      const found = confirmationIn(body, model, new Set(), 0);
      if (found) return { found: true, mechanism: `${found.mechanism} in ${name}() of the tool's executor`, scope: 'tool', at: found.at };
    }
  }
  // 3. A gate on the agent or session in this file.
  let partial: string | undefined;
  for (const gate of gates) {
    if (gate.tools !== undefined) {
      if (new RegExp(`['"\`]?${escape(tool.name)}['"\`]?\\s*:\\s*(?!False|false|None)`).test(gate.tools)) return { found: true, mechanism: gate.mechanism, scope: 'agent', at: gate.at };
      continue;
    }
    if (gate.partial) partial ??= gate.mechanism;
    else if (!disabled) return { found: true, mechanism: gate.mechanism, scope: 'agent', at: gate.at };
  }
  return { found: false, disabled, partial };
}

function confirmationIn(body: Body | undefined, model: CodeModel, seen: Set<Body>, depth: number): { mechanism: string; at: Range } | undefined {
  if (!body || seen.has(body) || depth > MAX_HELPER_DEPTH) return undefined;
  seen.add(body);
  for (const call of body.calls) {
    for (const [re, mechanism] of APPROVAL_CALLS) if (re.test(call.callee)) return { mechanism, at: call };
    if ((call.callee === 'input' || call.callee === 'readline.question' || /(?:^|\.)question$/.test(call.callee)) && CONSOLE_CONFIRM.test(call.args)) {
      return { mechanism: 'console confirmation prompt', at: call };
    }
  }
  for (const call of body.calls) {
    if (!call.local) continue;
    const found = confirmationIn(model.functions.get(call.local), model, seen, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function isOff(value: string): boolean {
  return /^(?:False|false|None|null|undefined|0|['"]never['"])$/.test(value.trim());
}

function unquote(value: string): string {
  return value.trim().replace(/^(['"`])(.*)\1$/s, '$2');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** How sure a "no approval found" is, given what the file shows. */
export function missingApprovalConfidence(a: ToolAssessment, model: CodeModel): Confidence {
  if (a.approval.disabled) return 'high';
  if (a.approval.partial) return 'low';
  // An MCP server cannot see the client's own confirmation; a tool module may be wired elsewhere.
  if (a.tool.framework === 'mcp') return 'low';
  return model.agents.length > 0 ? 'high' : 'medium';
}

export function worstSeverity(risks: Risk[]): Severity {
  return risks.reduce<Severity>((w, r) => (SEVERITIES.indexOf(r.severity) < SEVERITIES.indexOf(w) ? r.severity : w), 'info');
}
