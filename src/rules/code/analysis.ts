/**
 * The judgement shared by the code rules: for each tool of a file, what makes it risky (sinks in
 * its body and in the same-module helpers it calls) and whether an approval step guards it.
 * Computed once per file and memoised, so each rule only reads it.
 */
import type { SourceFile } from '../../core/source.js';
import type { Confidence, Severity } from '../../core/types.js';
import { SEVERITIES } from '../../core/types.js';
import type { Body, CodeModel, Range, ToolDef } from './model.js';

export type { Contained, Risk };
import { pythonModel } from './python-model.js';
import { typescriptModel } from './typescript-model.js';
import { reach, worstFirst, type Contained, type Risk } from './reach.js';
import { scratchTargets } from './scratch-targets.js';
import { repliesFromImporters } from './model-output-callers.js';
import { sanitisedPaths } from './sanitised-paths.js';
import { ownMethods } from './own-methods.js';
import { readOnlySql } from './read-only-sql.js';
import { ownStoreSql } from './own-store-sql.js';
import { openFetch } from './open-fetch.js';
import { settleImportedTool } from './imported-tools.js';
import { importedHelpers } from './modules.js';
import { loadTaxonomy } from './sinks.js';
import { APPROVAL_CALLS, CONSOLE_CONFIRM, CONSOLE_INPUT, TOOL_APPROVAL_OPTIONS } from './vocabulary.js';
import { escapeRegExp } from '../../core/regex.js';

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
  /** Sinks the tool's inputs reach (or that are risky by themselves), worst first. */
  risks: Risk[];
  /** Sinks in the tool the model does not steer, with the reason. */
  contained: Contained[];
  approval: Approval;
  /** What in the tool reaches past the process (a file, the network, a database, the environment), risky or not; absent for a tool that works in memory. */
  outside?: string;
  /** What in the tool reaches past the process other than a lookup at a public host the code names (`reach.ts`); absent for a tool that only looks data up at such hosts, or works in memory. */
  pastFixedHosts?: string;
  /** A call in the tool of a function held in a value (a dispatch table's entry), which the analysis cannot follow. */
  unfollowed?: string;
}

export interface FileAnalysis {
  model: CodeModel;
  tools: ToolAssessment[];
  /** Other modules of the repository the analysis followed, by path, with the hash of their bytes. */
  dependencies: Map<string, string>;
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
    const declared = model.tools.filter((t) => !isStub(t));
    const decorators = declared.flatMap((t) => (t.ownDecorator ? [{ start: t.at.start, end: t.at.end, text: '', params: [], calls: [t.ownDecorator], strings: [] }] : []));
    const imported = await importedHelpers(file, model, [...declared.flatMap((t) => (t.body ? [t.body] : [])), ...decorators]);
    // A tool handed over by name from another module is one only when the name reaches a function of the repository;
    // a tool of the project's own decorator only when the decorator does.
    const kept = declared.filter(
      (t) => (!t.importedFrom || settleImportedTool(t, imported.lookup, file.relPath)) && (!t.ownDecorator || imported.lookup(file.relPath, t.ownDecorator) !== undefined),
    );
    model.tools = model.tools.filter((t) => !(t.importedFrom || t.ownDecorator) || kept.includes(t));
    model.agents = model.agents.filter((a) => !a.homeGrown || model.tools.some((t) => t.framework === 'own' && a.tools?.includes(t.name)));
    const dependencies = new Map(imported.modules);
    await repliesFromImporters(file, model, dependencies);
    const tools: ToolAssessment[] = [];
    for (const tool of kept) {
      const reached = reach(tool, model, taxonomy, imported.lookup, file.relPath);
      const own = await ownMethods(file, model, reached.risks, taxonomy, dependencies);
      const readOnly = readOnlySql(tool.body, own.risks, model.functions);
      const scratch = scratchTargets(readOnly.risks, file.text);
      const named = await sanitisedPaths(file, model, tool, scratch.risks, dependencies);
      tools.push({
        tool,
        // The adjusters change severities: worst first again, as the rules read the first risk.
        risks: [...ownStoreSql(file.text, model, openFetch(tool, named.risks, file.text))].sort(worstFirst),
        contained: [...reached.contained, ...own.contained, ...readOnly.contained, ...scratch.contained, ...named.contained],
        approval: approvalOf(tool, model, gates),
        ...(reached.outside ? { outside: reached.outside } : {}),
        ...(reached.pastFixedHosts ? { pastFixedHosts: reached.pastFixedHosts } : {}),
        ...(reached.unfollowed ? { unfollowed: reached.unfollowed } : {}),
      });
    }
    return { ok: true as const, analysis: { model, tools, dependencies } };
  });
}

export interface Gate {
  mechanism: string;
  at: Range;
  /** Tool names the gate covers; undefined means every tool of the agent. */
  tools?: string;
  partial?: boolean;
}

/** Approval gates set on agents, sessions or graphs in this file. */
export function fileGates(model: CodeModel): Gate[] {
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
      case 'auto_invoke':
        if (/^(?:False|false)$/.test(v)) gates.push({ mechanism: 'Semantic Kernel auto_invoke=False (the application confirms each function call)', at: s });
        break;
      case 'middleware':
        if (/HumanInTheLoop|humanInTheLoop/i.test(s.value) && !/interrupt_?[oO]n/.test(s.value)) gates.push({ mechanism: 'human-in-the-loop middleware', at: s });
        break;
    }
  }
  // BeeAI Framework: a RequirementAgent's AskPermissionRequirement asks the user before tool calls.
  const ask = model.calls.find((c) => /(?:^|\.)AskPermissionRequirement$/.test(c.callee));
  if (ask) gates.push({ mechanism: 'BeeAI AskPermissionRequirement', at: ask });
  // Semantic Kernel function-invocation filter that asks before the call goes on.
  const filter = model.calls.find((c) => /(?:^|\.)(?:add_filter|filter)$/.test(c.callee) && /FUNCTION_INVOCATION/.test(c.args));
  if (filter) {
    for (const body of model.functions.values()) {
      const found = confirmationIn(body, model, new Set(), 0);
      if (found) {
        gates.push({ mechanism: `Semantic Kernel function invocation filter with ${found.mechanism}`, at: filter });
        break;
      }
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
  // 1b. An MCP tool that declares itself destructive: the specification's annotations tell the host to ask the user before calling it.
  if (tool.framework === 'mcp' && /^(?:True|true)$/.test(tool.annotations?.destructiveHint?.trim() ?? '')) {
    return { found: true, mechanism: 'destructiveHint: true (MCP hosts ask the user before calling a tool annotated destructive)', scope: 'tool', at: tool.at };
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
      if (new RegExp(`['"\`]?${escapeRegExp(tool.name)}['"\`]?\\s*:\\s*(?!False|false|None)`).test(gate.tools)) return { found: true, mechanism: gate.mechanism, scope: 'agent', at: gate.at };
      continue;
    }
    if (gate.partial) partial ??= gate.mechanism;
    else if (!disabled) return { found: true, mechanism: gate.mechanism, scope: 'agent', at: gate.at };
  }
  return { found: false, disabled, partial };
}

export function confirmationIn(body: Body | undefined, model: CodeModel, seen: Set<Body>, depth: number): { mechanism: string; at: Range } | undefined {
  if (!body || seen.has(body) || depth > MAX_HELPER_DEPTH) return undefined;
  seen.add(body);
  for (const call of body.calls) {
    for (const [re, mechanism] of APPROVAL_CALLS) if (re.test(call.callee)) return { mechanism, at: call };
    if (CONSOLE_INPUT.test(call.callee) && CONSOLE_CONFIRM.test(call.args)) {
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


/** How sure a "no approval found" is, given what the file shows (`held`: an agent of the file may hold the tool). */
export function missingApprovalConfidence(a: ToolAssessment, held: boolean): Confidence {
  if (a.approval.disabled) return 'high';
  if (a.approval.partial) return 'low';
  // An MCP server cannot see the client's own confirmation; a tool module may be wired elsewhere.
  if (a.tool.framework === 'mcp') return 'low';
  return held ? 'high' : 'medium';
}

/** Risks worth a finding: what is at least medium (a model-chosen URL fetched is inventory only). */
export function reportable(risks: Risk[]): Risk[] {
  return risks.filter((r) => SEVERITIES.indexOf(r.severity) <= SEVERITIES.indexOf('medium'));
}

/**
 * A stub is not a capability: a tool whose body only passes, raises NotImplementedError or returns
 * a constant does nothing, whatever its name says.
 */
function isStub(tool: ToolDef): boolean {
  const body = tool.body;
  if (!body || tool.builtinRisk || tool.importedFrom) return false;
  const inner = body.text.replace(/^[\s\S]*?(?:\)\s*(?:->[^:]*)?:|=>\s*\{?|\)\s*\{)/, '').replace(/(?:'''|""")[\s\S]*?(?:'''|""")/g, '').replace(/#.*$/gm, '').replace(/\/\/.*$/gm, '').trim();
  return /^(?:pass|\.\.\.|raise\s+NotImplementedError(?:\([^)]*\))?|return(?:\s+(?:None|True|False|\d+|(['"])[^'"]*\1))?|throw\s+new\s+Error\([^)]*\);?|\}?)\s*\}?$/.test(inner);
}

export function worstSeverity(risks: Risk[]): Severity {
  return risks.reduce<Severity>((w, r) => (SEVERITIES.indexOf(r.severity) < SEVERITIES.indexOf(w) ? r.severity : w), 'info');
}
