/**
 * A Python function's parameters as the flow reads them: their names in order, which of them the
 * model fills in (not a framework's injected context, not a closed set of values), and which hold a
 * graph's shared state.
 */
import type { PyNode } from '../../parsers/python.js';

/** Parameter annotations and names a framework fills in; the model never chooses them. */
const INJECTED_TYPE = /\b(?:RunContext|ToolContext|CallbackContext|InvocationContext|Context|RunContextWrapper|InjectedState|InjectedToolArg|InjectedStore|InjectedToolCallId|ToolRuntime|RunnableConfig|CallbackManagerForToolRun|AsyncCallbackManagerForToolRun|Kernel|KernelArguments|ToolContextT|AgentContext)\b/;
const INJECTED_NAME = /^(?:ctx|context|tool_context|run_context|runtime|config|callbacks|run_manager|kernel|agent|state|store|tool_call_id)$/;
/** A parameter the model can only pick from a fixed set. */
const CLOSED_TYPE = /^\s*(?:typing\.)?Literal\[|^\s*bool\s*$/;

export interface PyParams {
  /** Names per positional parameter, `self`/`cls` left out. */
  params: string[][];
  /** Parameters the model fills in: not injected context, not a closed set (Literal, bool, numbers). */
  inputs: string[];
  /** The `**kwargs` parameter, which takes the keyword arguments no other parameter names. */
  kwargs?: string;
}

export function paramsOf(fn: PyNode): PyParams {
  const params: string[][] = [];
  const inputs: string[] = [];
  let kwargs: string | undefined;
  const list = fn.childForFieldName('parameters');
  for (const p of list?.namedChildren ?? []) {
    if (!p) continue;
    let nameNode: PyNode | null = null;
    let type: string | undefined;
    if (p.type === 'identifier') nameNode = p;
    else if (p.type === 'typed_parameter') {
      nameNode = p.namedChildren.find((c) => c?.type === 'identifier') ?? p.namedChildren.find((c) => c?.type === 'list_splat_pattern' || c?.type === 'dictionary_splat_pattern')?.namedChildren[0] ?? null;
      type = p.childForFieldName('type')?.text;
    } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      nameNode = p.childForFieldName('name');
      type = p.childForFieldName('type')?.text;
    } else if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') nameNode = p.namedChildren[0] ?? null;
    const name = nameNode?.text;
    if (!name) continue;
    if (p.type === 'dictionary_splat_pattern' || (p.type === 'typed_parameter' && p.namedChildren.some((c) => c?.type === 'dictionary_splat_pattern'))) kwargs = name;
    if ((name === 'self' || name === 'cls') && params.length === 0 && inputs.length === 0) continue;
    params.push([name]);
    if ((type && (INJECTED_TYPE.test(type) || CLOSED_TYPE.test(type))) || (!type && INJECTED_NAME.test(name))) continue;
    inputs.push(name);
  }
  return { params, inputs, ...(kwargs ? { kwargs } : {}) };
}

/**
 * A graph node's state parameter: named `state`, or typed as a state (`GraphState`, `AgentState`,
 * `MessagesState`); a `state` typed as a plain dict is the same shared state, passed from step to step.
 */
const STATE_TYPE = /^\s*\w*State\s*$/;
const DICT_TYPE = /^\s*(?:typing\.)?(?:dict|Dict)\s*(?:\[[^\]]*\])?\s*$/;

export function graphStateParams(fn: PyNode): string[] {
  const out: string[] = [];
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p) continue;
    const name = p.type === 'identifier' ? p : p.type === 'typed_parameter' ? p.namedChildren.find((c) => c?.type === 'identifier') : null;
    const type = p.type === 'typed_parameter' ? p.childForFieldName('type')?.text : undefined;
    if (name && (type ? STATE_TYPE.test(type) || (name.text === 'state' && DICT_TYPE.test(type)) : name.text === 'state')) out.push(name.text);
  }
  return out;
}
