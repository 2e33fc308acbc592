/**
 * Agents of frameworks that register tool classes (`tool-registrations.ts`), with the tools they hold
 * as the framework lets them say it: a MetaGPT role lists registered names (`tools: list[str] =
 * ["Terminal:run_command", "Editor"]`, or `DataInterpreter(tools=[…])`), which the delegation graph
 * looks up among the repository's registered tools; a lagent agent class defaults a parameter to a
 * config dict naming an action class (`interpreter: dict = dict(type=IPythonInteractive)`), a
 * reference resolved through the file's imports like any other tool reference; ms-agent's tool manager
 * builds the tool classes an agent's YAML config names (`LocalCodeExecutionTool(config)` when the
 * config has `code_executor`), so it holds each class it constructs. An agent class that names no
 * tool is left out: it holds whatever its caller gives it.
 */
import { pyStringValue, type PyNode } from '../../parsers/python.js';
import type { AgentDecl, AgentRef, CallSite, Range, RegistryRef } from './model.js';
import { pythonFramework } from './frameworks.js';
import { bindingOfCall, keywordArgs } from './python-syntax.js';
import type { PyToolContext } from './python-tools.js';
import { CLASS_TOOL_REGISTRATIONS, type ClassToolRegistration, type ToolHolders } from './tool-registrations.js';

type Registry = Extract<ToolHolders, { kind: 'registry' }>;
type Config = Extract<ToolHolders, { kind: 'config' }>;
type Built = Extract<ToolHolders, { kind: 'built' }>;

export function registeredToolHolders(root: PyNode, cx: PyToolContext, calls: (CallSite & { node: PyNode })[], agents: AgentDecl[]): void {
  for (const reg of CLASS_TOOL_REGISTRATIONS) {
    const holders = reg.holders;
    if (holders.kind === 'built') {
      builtTools(root, reg, holders, cx, agents);
      continue;
    }
    const classes = agentClasses(root, holders.agentModules, cx);
    for (const [cls, base] of classes) {
      const className = cls.childForFieldName('name')?.text ?? '';
      const at = { start: cls.startIndex, end: cls.endIndex };
      if (holders.kind === 'registry') {
        const named = classAttributes(cls, holders.lists).flatMap((list) => registryNames(list, reg, holders));
        if (named.length) agents.push({ callee: base, binding: className, ...at, tools: named.map((r) => r.text), registryRefs: named.map((r) => r.ref) });
      } else {
        const refs = configDefaults(cls, holders, cx);
        if (refs.length) agents.push({ callee: base, binding: className, ...at, tools: refs.map((r) => r.name), toolRefs: refs });
      }
    }
    // A role built where it is used: `DataInterpreter(tools=["Terminal"])`.
    if (holders.kind !== 'registry') continue;
    const local = new Map([...classes].map(([cls, base]) => [cls.childForFieldName('name')?.text ?? '', base]));
    for (const call of calls) {
      const fn = call.node.childForFieldName('function');
      const callee = local.get(fn?.text ?? '') ?? cx.resolve(fn);
      if (!inModules(callee, holders.agentModules)) continue;
      const args = call.node.childForFieldName('arguments');
      const kwargs = args?.type === 'argument_list' ? keywordArgs(args) : new Map<string, PyNode>();
      const named = holders.lists.flatMap((k) => registryNames(kwargs.get(k), reg, holders));
      if (named.length === 0) continue;
      const binding = bindingOfCall(call.node);
      agents.push({ callee, ...(binding ? { binding } : {}), start: call.start, end: call.end, tools: named.map((r) => r.text), registryRefs: named.map((r) => r.ref) });
    }
  }
}

const inModules = (qualified: string, modules: string[]) => modules.some((m) => qualified.startsWith(`${m}.`));

/**
 * The file's agent classes: deriving from a class of the agent modules, or from an agent class of
 * this file (`MathCoder(AgentForInternLM)`), in source order. Class → the framework class it derives from.
 */
function agentClasses(root: PyNode, modules: string[], cx: PyToolContext): Map<PyNode, string> {
  const out = new Map<PyNode, string>();
  const byName = new Map<string, string>();
  for (const cls of root.descendantsOfType('class_definition')) {
    if (!cls) continue;
    for (const b of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (!b || b.type === 'keyword_argument') continue;
      const base = byName.get(b.text) ?? cx.resolve(b);
      if (!inModules(base, modules)) continue;
      out.set(cls, base);
      byName.set(cls.childForFieldName('name')?.text ?? '', base);
      break;
    }
  }
  return out;
}

/** The values a class body assigns to these attributes (`tools: list[str] = […]`, `tools = […]`). */
function classAttributes(cls: PyNode, names: string[]): PyNode[] {
  const out: PyNode[] = [];
  for (const stmt of cls.childForFieldName('body')?.namedChildren ?? []) {
    const a = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
    if (a?.type !== 'assignment') continue;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (left?.type === 'identifier' && names.includes(left.text) && right) out.push(right);
  }
  return out;
}

/** The names a list of strings gives (`"Terminal:run_command"`, `Browser.__name__`), as registry references. */
function registryNames(list: PyNode | undefined, reg: ClassToolRegistration, holders: Registry): { text: string; ref: RegistryRef }[] {
  if (!list || (list.type !== 'list' && list.type !== 'tuple')) return [];
  return list.namedChildren.flatMap((item) => {
    const text = item?.type === 'string' ? pyStringValue(item) : item?.type === 'attribute' && item.childForFieldName('attribute')?.text === '__name__' ? item.childForFieldName('object')?.text : undefined;
    if (!text) return [];
    if (text === holders.everyTool) return [{ text, ref: { framework: reg.framework, name: text, every: true as const } }];
    const cut = holders.methodsAfter ? text.indexOf(holders.methodsAfter) : -1;
    if (cut < 0) return [{ text, ref: { framework: reg.framework, name: text } }];
    const methods = text.slice(cut + 1).split(',').map((m) => m.trim()).filter(Boolean);
    return [{ text, ref: { framework: reg.framework, name: text.slice(0, cut), methods } }];
  });
}

/** The action classes `__init__` defaults its action parameters to: `dict(type=Cls, …)`, a list of them, or `Cls()`. */
function configDefaults(cls: PyNode, holders: Config, cx: PyToolContext): (AgentRef & Range)[] {
  const init = cls.childForFieldName('body')?.namedChildren.map((s) => (s?.type === 'decorated_definition' ? s.childForFieldName('definition') : s)).find((d) => d?.type === 'function_definition' && d.childForFieldName('name')?.text === '__init__');
  const out: (AgentRef & Range)[] = [];
  for (const p of init?.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p || (p.type !== 'default_parameter' && p.type !== 'typed_default_parameter') || !holders.parameters.includes(p.childForFieldName('name')?.text ?? '')) continue;
    const value = p.childForFieldName('value');
    const items = value?.type === 'list' || value?.type === 'tuple' ? value.namedChildren : [value];
    for (const item of items) {
      if (item?.type !== 'call') continue;
      const fn = item.childForFieldName('function');
      const args = item.childForFieldName('arguments');
      const type = fn?.text === 'dict' && args?.type === 'argument_list' ? keywordArgs(args).get(holders.typeKey) : fn;
      const ref = type ? classRef(type, cx) : undefined;
      if (ref) out.push({ ...ref, start: type!.startIndex, end: type!.endIndex });
    }
  }
  return out;
}

/** A class named in code, with the module it is imported from (none for a class of this file). */
function classRef(node: PyNode, cx: PyToolContext): AgentRef | undefined {
  if (node.type !== 'identifier') return undefined;
  if (cx.classes.has(node.text)) return { name: node.text };
  const imported = cx.imports.named.get(node.text);
  return imported ? { name: imported.name, module: imported.module } : undefined;
}

/**
 * The framework's tool manager (`class ToolManager:` in a file importing the framework, or a class
 * deriving from the framework's) and the imported classes it constructs: the graph keeps those that
 * are tools. It stands for every agent whose config turns one on.
 */
function builtTools(root: PyNode, reg: ClassToolRegistration, holders: Built, cx: PyToolContext, agents: AgentDecl[]): void {
  const importsFramework = cx.imports.frameworks.has(reg.framework);
  for (const cls of root.descendantsOfType('class_definition')) {
    const className = cls?.childForFieldName('name')?.text ?? '';
    if (!cls) continue;
    const derived = (cls.childForFieldName('superclasses')?.namedChildren ?? []).some((b) => {
      const qualified = b && b.type !== 'keyword_argument' ? cx.resolve(b) : '';
      return holders.builders.includes(qualified.slice(qualified.lastIndexOf('.') + 1)) && pythonFramework(qualified) === reg.framework;
    });
    if (!derived && !(importsFramework && holders.builders.includes(className))) continue;
    const refs: (AgentRef & Range)[] = [];
    for (const call of cls.descendantsOfType('call')) {
      const fn = call?.childForFieldName('function');
      const ref = fn ? classRef(fn, cx) : undefined;
      if (ref?.module && !refs.some((r) => r.name === ref.name)) refs.push({ ...ref, start: fn!.startIndex, end: fn!.endIndex });
    }
    if (refs.length) agents.push({ callee: className, binding: className, start: cls.startIndex, end: cls.endIndex, tools: refs.map((r) => r.name), toolRefs: refs });
  }
}
