/**
 * Tools of frameworks that register classes (`tool-registrations.ts`): MetaGPT's `@register_tool()`
 * on a class or function, lagent's `BaseAction` subclasses and their `@tool_api` methods, ms-agent's
 * `ToolBase` subclasses and the methods their `Tool(tool_name=…)` schemas name. Each method
 * the model may call is a tool whose inputs are its parameters, read like any other tool's body.
 */
import { pyStringValue, type PyNode } from '../../parsers/python.js';
import { pythonFramework } from './frameworks.js';
import type { ToolDef } from './model.js';
import { paramsOf } from './python-params.js';
import { docstring, keywordArgs } from './python-syntax.js';
import type { PyToolContext } from './python-tools.js';
import { CLASS_TOOL_REGISTRATIONS, type ClassToolRegistration } from './tool-registrations.js';

const lastName = (qualified: string) => qualified.slice(qualified.lastIndexOf('.') + 1);

export function registeredTools(root: PyNode, cx: PyToolContext, tools: ToolDef[], toolFunctions: Set<number>): void {
  for (const reg of CLASS_TOOL_REGISTRATIONS) {
    if (reg.decorator) decoratorTools(root, reg, cx, tools, toolFunctions);
    if (reg.bases) baseClassTools(root, reg, cx, tools, toolFunctions);
  }
}

/** `@register_tool(…)` resolving to the framework's decorator, on a class (its methods) or a function (itself). */
function decoratorTools(root: PyNode, reg: ClassToolRegistration, cx: PyToolContext, tools: ToolDef[], toolFunctions: Set<number>): void {
  for (const dec of root.descendantsOfType('decorated_definition')) {
    const def = dec?.childForFieldName('definition');
    if (!dec || !def) continue;
    for (const decorator of dec.namedChildren) {
      const expr = decorator?.type === 'decorator' ? decorator.namedChildren[0] : undefined;
      if (!expr) continue;
      const fnNode = expr.type === 'call' ? expr.childForFieldName('function') : expr;
      const qualified = cx.resolve(fnNode);
      if (lastName(qualified) !== reg.decorator || pythonFramework(qualified) !== reg.framework) continue;
      const args = expr.type === 'call' ? expr.childForFieldName('arguments') : null;
      const keywords = args ? keywordArgs(args) : new Map<string, PyNode>();
      const tags = reg.tagsIn ? listedNames(keywords.get(reg.tagsIn)) : undefined;
      const via = `@${reg.decorator}`;
      if (def.type === 'function_definition') add(def, nameOf(def), undefined, reg, via, cx, tools, toolFunctions, tags);
      else if (def.type === 'class_definition' && reg.methods.kind === 'public') {
        const listed = reg.methods.listedIn ? listedNames(keywords.get(reg.methods.listedIn)) : undefined;
        const className = def.childForFieldName('name')?.text ?? '';
        const methods = listed ? listed.flatMap((m) => methodOf(def, className, m, cx) ?? []) : ownMethods(def).filter((m) => !nameOf(m).startsWith('_'));
        for (const m of methods) add(m, `${className}.${nameOf(m)}`, className, reg, `${via} on class ${className}`, cx, tools, toolFunctions, tags);
      }
      break;
    }
  }
}

/**
 * A class deriving from one of the framework's tool bases: the methods the registration says the model
 * calls (decorated, or named in the class's own schemas), else its fallback method. A base imported
 * relatively (the framework's own package) counts when the method decorator comes from the same
 * module, as in the framework's own sources.
 */
function baseClassTools(root: PyNode, reg: ClassToolRegistration, cx: PyToolContext, tools: ToolDef[], toolFunctions: Set<number>): void {
  const decoratorFrom = reg.methods.kind === 'decorated' ? cx.imports.named.get(reg.methods.methodDecorator)?.module : undefined;
  for (const cls of root.descendantsOfType('class_definition')) {
    const supers = cls?.childForFieldName('superclasses');
    if (!cls || !supers) continue;
    const base = supers.namedChildren.find((b) => {
      if (!b || b.type === 'keyword_argument' || !reg.bases!.includes(lastName(b.text))) return false;
      const qualified = cx.resolve(b);
      if (pythonFramework(qualified) === reg.framework) return true;
      const from = cx.imports.local.get(b.text);
      return from !== undefined && from === decoratorFrom;
    });
    if (!base) continue;
    const className = cls.childForFieldName('name')?.text ?? '';
    const via = `class ${className}(${lastName(base.text)})`;
    for (const m of calledMethods(cls, reg, cx)) add(m, `${className}.${nameOf(m)}`, className, reg, via, cx, tools, toolFunctions);
  }
}

/** The methods of a tool class the model calls, as its registration says; its fallback method when none is. */
function calledMethods(cls: PyNode, reg: ClassToolRegistration, cx: PyToolContext): PyNode[] {
  const own = ownMethods(cls);
  const m = reg.methods;
  let called: PyNode[] = [];
  if (m.kind === 'decorated') called = own.filter((d) => decoratorsOf(d).some((x) => lastName(cx.resolve(x)) === m.methodDecorator));
  else if (m.kind === 'declared') {
    const declared = declaredNames(cls, m.keyword);
    called = own.filter((d) => declared.has(nameOf(d)));
  } else called = own.filter((d) => !nameOf(d).startsWith('_'));
  const fallback = m.kind === 'public' ? undefined : m.fallback;
  return called.length || !fallback ? called : own.filter((d) => nameOf(d) === fallback);
}

/** The strings a class body gives a keyword (`Tool(tool_name='run_shell', …)`): the tool names it hands the model. */
function declaredNames(cls: PyNode, keyword: string): Set<string> {
  const out = new Set<string>();
  for (const kw of cls.descendantsOfType('keyword_argument')) {
    const value = kw?.childForFieldName('value');
    if (kw?.childForFieldName('name')?.text !== keyword || value?.type !== 'string') continue;
    const v = pyStringValue(value);
    if (v) out.add(v);
  }
  return out;
}

/**
 * A registered tool: `binding` is its class (a method's) or none (a function, registered under its
 * own name), which is also the name the registry knows it by.
 */
function add(def: PyNode, name: string, binding: string | undefined, reg: ClassToolRegistration, via: string, cx: PyToolContext, tools: ToolDef[], toolFunctions: Set<number>, tags?: string[]): void {
  const nameNode = def.childForFieldName('name');
  if (!nameNode || toolFunctions.has(def.id)) return;
  const registeredAs = binding ?? nameNode.text;
  tools.push({
    name,
    binding: registeredAs,
    registered: { name: registeredAs, ...(binding ? { method: nameNode.text } : {}), ...(tags?.length ? { tags } : {}) },
    framework: reg.framework,
    via,
    at: { start: nameNode.startIndex, end: nameNode.endIndex },
    body: cx.bodyOf(def),
    description: docstring(def.childForFieldName('body')),
    schemaStrings: [],
    options: new Map(),
    inputs: paramsOf(def).inputs,
  });
  toolFunctions.add(def.id);
}

/** The functions defined in a class's own body (decorated or not). */
function ownMethods(cls: PyNode): PyNode[] {
  const out: PyNode[] = [];
  for (const stmt of cls.childForFieldName('body')?.namedChildren ?? []) {
    const def = stmt?.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (def?.type === 'function_definition') out.push(def);
  }
  return out;
}

/** A listed method: the class's own, else one of a base class this file defines (`Bash(Terminal)` listing `run_command`). */
function methodOf(cls: PyNode, className: string, method: string, cx: PyToolContext): PyNode | undefined {
  const own = cx.functionNodes.get(`${className}.${method}`);
  if (own) return own;
  for (const b of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
    const inherited = b?.type === 'identifier' ? cx.functionNodes.get(`${b.text}.${method}`) : undefined;
    if (inherited) return inherited;
  }
  return undefined;
}

function decoratorsOf(def: PyNode): PyNode[] {
  const dec = def.parent?.type === 'decorated_definition' ? def.parent : undefined;
  return (dec?.namedChildren ?? []).flatMap((d) => {
    const expr = d?.type === 'decorator' ? d.namedChildren[0] : undefined;
    const fn = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
    return fn ? [fn] : [];
  });
}

function listedNames(node: PyNode | undefined): string[] | undefined {
  if (!node || (node.type !== 'list' && node.type !== 'tuple')) return undefined;
  return node.namedChildren.flatMap((c) => {
    const v = c?.type === 'string' ? pyStringValue(c) : undefined;
    return v ? [v] : [];
  });
}

const nameOf = (def: PyNode) => def.childForFieldName('name')?.text ?? '';
