/**
 * Builds the CodeModel of one Python file from its tree-sitter tree: imports (for resolving names),
 * functions and methods, tools per framework, agent settings, environment reads.
 */
import { pyStringValue, withPythonTree, type PyNode } from '../../parsers/python.js';
import { pythonFramework } from './frameworks.js';
import type { AgentDecl, Body, CallSite, CodeModel, EnvRead, Option, Setting, Text, ToolDef } from './model.js';
import { AGENT_CONSTRUCTORS, BUILTIN_TOOLS, SETTING_NAMES } from './vocabulary.js';

export async function pythonModel(text: string): Promise<{ ok: true; model: CodeModel } | { ok: false; error: string }> {
  const result = await withPythonTree(text, (root) => build(root));
  if (!result.ok) return result;
  if (result.syntaxError) result.value.syntaxError = { line: result.syntaxError.line };
  return { ok: true, model: result.value };
}

function build(root: PyNode): CodeModel {
  const aliases = new Map<string, string>();
  const frameworks = new Set<string>();
  for (const imp of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!imp) continue;
    readImport(imp, aliases, frameworks);
  }
  const resolve = (node: PyNode | null): string => {
    const d = dotted(node);
    const dot = d.indexOf('.');
    const head = dot < 0 ? d : d.slice(0, dot);
    const target = aliases.get(head);
    return target ? target + (dot < 0 ? '' : d.slice(dot)) : d;
  };

  const allCalls: (CallSite & { node: PyNode })[] = [];
  for (const call of root.descendantsOfType('call')) {
    if (!call) continue;
    const fn = call.childForFieldName('function');
    const args = call.childForFieldName('arguments');
    allCalls.push({ callee: resolve(fn), args: (args?.text ?? '').replace(/^\(([\s\S]*)\)$/, '$1'), start: call.startIndex, end: call.endIndex, node: call });
  }
  const allStrings: Text[] = [];
  for (const s of root.descendantsOfType('string')) {
    if (!s || s.parent?.type === 'concatenated_string') continue;
    const value = pyStringValue(s);
    if (value !== undefined) allStrings.push({ text: value, start: s.startIndex, end: s.endIndex });
  }
  const bodyOf = (node: PyNode): Body => {
    // A docstring describes the function; it is not something the body does.
    const doc = node.type === 'function_definition' ? docstring(node.childForFieldName('body')) : undefined;
    return {
      start: node.startIndex,
      end: node.endIndex,
      text: node.text,
      calls: within(allCalls, node.startIndex, node.endIndex).map(({ node: _n, ...c }) => c),
      strings: within(allStrings, node.startIndex, node.endIndex).filter((s) => s.start !== doc?.start),
    };
  };

  // Functions: top level by name, methods as Class.method (and by bare name when unambiguous).
  const functions = new Map<string, Body>();
  const functionNodes = new Map<string, PyNode>();
  for (const fn of root.descendantsOfType('function_definition')) {
    if (!fn) continue;
    const name = fn.childForFieldName('name')?.text;
    if (!name) continue;
    const cls = enclosingClass(fn);
    const key = cls ? `${cls}.${name}` : name;
    if (!functions.has(key)) {
      functions.set(key, bodyOf(fn));
      functionNodes.set(key, fn);
    }
    if (cls && !functions.has(name)) functions.set(name, functions.get(key)!);
  }
  // Calls that reach a same-module function: `helper()`, `self.helper()`.
  for (const body of new Set(functions.values())) {
    for (const call of body.calls) {
      const plain = call.callee.replace(/^(?:self|cls)\./, '');
      if (functions.has(plain) && !plain.includes('.')) call.local = plain;
    }
  }

  const frameworkList = [...frameworks];
  const primary = frameworkList.find((f) => f !== 'mcp' && f !== 'langchain') ?? frameworkList[0] ?? 'unknown';
  const tools: ToolDef[] = [];
  const toolFunctions = new Set<PyNode['id']>();

  // 1. Decorated functions.
  for (const dec of root.descendantsOfType('decorated_definition')) {
    if (!dec) continue;
    const def = dec.childForFieldName('definition');
    if (!def || def.type !== 'function_definition') continue;
    for (const decorator of dec.namedChildren) {
      if (!decorator || decorator.type !== 'decorator') continue;
      const expr = decorator.namedChildren[0];
      if (!expr) continue;
      const isCall = expr.type === 'call';
      const fnNode = isCall ? expr.childForFieldName('function') : expr;
      const qualified = resolve(fnNode);
      const last = qualified.slice(qualified.lastIndexOf('.') + 1);
      let framework: string | undefined;
      if (last === 'function_tool') framework = 'openai-agents';
      else if (last === 'tool' || last === 'tool_plain') {
        framework = pythonFramework(qualified);
        if (!framework && qualified.includes('.')) {
          framework = frameworks.has('mcp') && last === 'tool' ? 'mcp' : frameworks.has('pydantic-ai') ? 'pydantic-ai' : frameworkList[0];
        } else if (!framework) framework = frameworks.size ? primary : undefined;
      } else if (last === 'call_tool' && frameworks.has('mcp')) framework = 'mcp';
      if (!framework) continue;
      const fnName = def.childForFieldName('name')!;
      const args = isCall ? expr.childForFieldName('arguments') : null;
      const positional = args ? args.namedChildren.filter((a): a is PyNode => !!a && a.type !== 'keyword_argument' && a.type !== 'comment') : [];
      const kwargs = args ? keywordArgs(args) : new Map<string, PyNode>();
      const nameNode = kwargs.get('name') ?? (positional[0]?.type === 'string' ? positional[0] : undefined);
      const descNode = kwargs.get('description') ?? (positional[1]?.type === 'string' ? positional[1] : undefined);
      const body = def.childForFieldName('body');
      const description = textOf(descNode) ?? docstring(body);
      const schemaStrings: Text[] = [];
      for (const p of positional.slice(2)) collectStrings(p, schemaStrings);
      const params = def.childForFieldName('parameters');
      if (params) collectStrings(params, schemaStrings);
      tools.push({
        name: (nameNode && pyStringValue(nameNode)) || (last === 'call_tool' ? `${fnName.text} (call_tool handler)` : fnName.text),
        framework,
        via: `@${dotted(fnNode)}${isCall ? '(…)' : ''}`,
        at: { start: fnName.startIndex, end: fnName.endIndex },
        body: bodyOf(def),
        description,
        schemaStrings,
        options: optionsOf(kwargs),
      });
      toolFunctions.add(def.id);
      break;
    }
  }

  // 2. Tool classes: class X(BaseTool) with _run / run / forward / call.
  for (const cls of root.descendantsOfType('class_definition')) {
    if (!cls) continue;
    const supers = cls.childForFieldName('superclasses');
    if (!supers) continue;
    const bases = supers.namedChildren.filter((b): b is PyNode => !!b && b.type !== 'keyword_argument').map((b) => resolve(b));
    const base = bases.find((b) => /(?:^|\.)(?:BaseTool|Tool)$/.test(b) && (pythonFramework(b) !== undefined || frameworks.size > 0));
    if (!base) continue;
    const framework = pythonFramework(base) ?? primary;
    const className = cls.childForFieldName('name')!;
    const body = cls.childForFieldName('body');
    let name: string | undefined;
    let description: Text | undefined;
    const schemaStrings: Text[] = [];
    let runBody: Body | undefined;
    for (const stmt of body?.namedChildren ?? []) {
      if (!stmt) continue;
      const assign = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : null;
      if (assign?.type === 'assignment') {
        const left = assign.childForFieldName('left')?.text;
        const right = assign.childForFieldName('right');
        if (left === 'name' && right) name = pyStringValue(right) ?? name;
        else if (left === 'description' && right) description = textOf(right) ?? description;
        else if ((left === 'inputs' || left === 'args_schema') && right) collectStrings(right, schemaStrings);
      }
      const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      if (def?.type === 'function_definition') {
        const m = def.childForFieldName('name')?.text ?? '';
        if (['_run', '_arun', 'run', 'forward', 'call', 'acall', '_execute'].includes(m) && !runBody) runBody = bodyOf(def);
      }
    }
    tools.push({
      name: name ?? className.text,
      framework,
      via: `class ${className.text}(${base.slice(base.lastIndexOf('.') + 1)})`,
      at: { start: className.startIndex, end: className.endIndex },
      body: runBody,
      description,
      schemaStrings,
      options: new Map(),
    });
  }

  // 3. Tools built by a call: FunctionTool(fn), StructuredTool.from_function(func=fn), register_function(fn, …), built-ins.
  const settings: Setting[] = [];
  const envReads: EnvRead[] = [];
  const agents: AgentDecl[] = [];
  const listed = new Set<string>(tools.map((t) => t.body && [...functions].find(([, b]) => b === t.body)?.[0]).filter((n): n is string => !!n));
  for (const call of allCalls) {
    const { callee, node } = call;
    const last = callee.slice(callee.lastIndexOf('.') + 1);
    const fw = pythonFramework(callee);
    const args = node.childForFieldName('arguments');
    const kwargs = args && args.type === 'argument_list' ? keywordArgs(args) : new Map<string, PyNode>();
    const positional = args ? args.namedChildren.filter((a): a is PyNode => !!a && a.type !== 'keyword_argument' && a.type !== 'comment') : [];

    for (const [name, value] of kwargs) {
      if (SETTING_NAMES.has(name)) settings.push({ name, value: value.text, owner: callee, start: value.parent!.startIndex, end: value.parent!.endIndex });
    }
    if (/^os\.(?:getenv|environ\.get)$/.test(callee) && positional[0]?.type === 'string') {
      envReads.push({ name: pyStringValue(positional[0]) ?? '', start: call.start, end: call.end });
    }

    const builtin = BUILTIN_TOOLS[last];
    // A shell in OpenAI's hosted container is sandboxed away from this machine and its credentials.
    const hostedContainer = last === 'ShellTool' && /container/.test(kwargs.get('environment')?.text ?? '');
    if (builtin && !hostedContainer && (fw || frameworks.size > 0) && !(callee.includes('.') && !fw && !/^[A-Z]/.test(callee))) {
      tools.push({
        name: last,
        framework: fw ?? primary,
        via: `${last}(…)`,
        at: { start: call.start, end: call.end },
        builtinRisk: builtin,
        schemaStrings: [],
        options: optionsOf(kwargs),
      });
      continue;
    }
    const isFunctionTool =
      (last === 'FunctionTool' || last === 'LongRunningFunctionTool' || last === 'from_defaults' || last === 'from_function' || last === 'register_function' || last === 'Tool' || last === 'StructuredTool') &&
      (fw !== undefined || (frameworks.size > 0 && /^(?:FunctionTool|StructuredTool|Tool)\.|^(?:register_function|FunctionTool|LongRunningFunctionTool)$/.test(callee)));
    if (isFunctionTool) {
      const fnArg = kwargs.get('func') ?? kwargs.get('fn') ?? kwargs.get('function') ?? kwargs.get('f') ?? kwargs.get('coroutine') ?? positional.find((p) => p.type === 'identifier' || p.type === 'attribute');
      const ref = fnArg?.text.replace(/^(?:self|cls)\./, '');
      const nameNode = kwargs.get('name');
      const descNode = kwargs.get('description');
      if (!ref && !nameNode) continue;
      const schemaStrings: Text[] = [];
      const schema = kwargs.get('args_schema') ?? kwargs.get('parameters');
      if (schema) collectStrings(schema, schemaStrings);
      const body = ref ? functions.get(ref) : undefined;
      tools.push({
        name: (nameNode && pyStringValue(nameNode)) || ref || last,
        framework: fw ?? primary,
        via: `${callee.replace(/^.*\.(?=\w+\.\w+$)/, '')}(…)`,
        at: { start: call.start, end: call.end },
        body,
        bodyRef: ref,
        description: textOf(descNode) ?? (ref ? docstring(functionNodes.get(ref)?.childForFieldName('body') ?? null) : undefined),
        schemaStrings,
        options: optionsOf(kwargs),
      });
      if (ref) listed.add(ref);
      continue;
    }
    if ((AGENT_CONSTRUCTORS.has(last) && (fw !== undefined || frameworks.size > 0)) || (last === 'query' && fw === 'claude-agent-sdk')) {
      const nameArg = kwargs.get('name') ?? kwargs.get('role') ?? (positional[0]?.type === 'string' ? positional[0] : undefined);
      const agentName = nameArg ? pyStringValue(nameArg) : undefined;
      agents.push({ name: agentName && !agentName.includes('{…}') ? agentName : undefined, callee, start: call.start, end: call.end });
      // Plain functions handed to an agent in tools=[…] are tools (ADK, OpenAI Agents, Pydantic AI, AutoGen).
      const list = kwargs.get('tools');
      if (list?.type === 'list') {
        for (const item of list.namedChildren) {
          if (!item || item.type !== 'identifier') continue;
          const ref = item.text;
          if (listed.has(ref) || !functionNodes.has(ref) || toolFunctions.has(functionNodes.get(ref)!.id)) continue;
          listed.add(ref);
          tools.push({
            name: ref,
            framework: fw ?? primary,
            via: `${last}(tools=[…])`,
            at: { start: item.startIndex, end: item.endIndex },
            body: functions.get(ref),
            bodyRef: ref,
            description: docstring(functionNodes.get(ref)!.childForFieldName('body')),
            schemaStrings: [],
            options: new Map(),
          });
        }
      }
    }
  }

  // os.environ["X"] reads and writes.
  for (const sub of root.descendantsOfType('subscript')) {
    if (!sub) continue;
    const value = sub.childForFieldName('value');
    if (!value || resolve(value) !== 'os.environ') continue;
    const key = sub.childForFieldName('subscript');
    const name = key ? pyStringValue(key) : undefined;
    if (!name) continue;
    const parent = sub.parent;
    if (parent?.type === 'assignment' && parent.childForFieldName('left')?.id === sub.id) {
      const right = parent.childForFieldName('right');
      settings.push({ name, value: right?.text ?? '', owner: 'os.environ', start: parent.startIndex, end: parent.endIndex });
    } else envReads.push({ name, start: sub.startIndex, end: sub.endIndex });
  }

  // Tool bodies built above are their own objects: mark their helper calls too.
  for (const t of tools) {
    for (const call of t.body?.calls ?? []) {
      const plain = call.callee.replace(/^(?:self|cls)\./, '');
      if (functions.has(plain) && !plain.includes('.')) call.local = plain;
    }
  }
  return {
    language: 'python',
    frameworks,
    functions,
    tools,
    settings,
    calls: allCalls.map(({ node: _n, ...c }) => c),
    envReads,
    agents,
  };
}

/** Items of a start-sorted list that lie inside [start, end): binary search to the first, then scan. */
export function within<T extends { start: number; end: number }>(sorted: T[], start: number, end: number): T[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.start < start) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.start < end; i++) if (sorted[i]!.end <= end) out.push(sorted[i]!);
  return out;
}

function readImport(imp: PyNode, aliases: Map<string, string>, frameworks: Set<string>): void {
  if (imp.type === 'import_statement') {
    for (const n of imp.namedChildren) {
      if (!n) continue;
      if (n.type === 'dotted_name') {
        aliases.set(n.text.split('.')[0]!, n.text.split('.')[0]!);
        note(n.text, frameworks);
      } else if (n.type === 'aliased_import') {
        const name = n.childForFieldName('name')?.text ?? '';
        const alias = n.childForFieldName('alias')?.text;
        if (alias) aliases.set(alias, name);
        note(name, frameworks);
      }
    }
    return;
  }
  const mod = imp.childForFieldName('module_name')?.text ?? '';
  if (mod.startsWith('.')) return;
  note(mod, frameworks);
  for (const n of imp.childrenForFieldName('name')) {
    if (!n) continue;
    if (n.type === 'dotted_name') aliases.set(n.text, `${mod}.${n.text}`);
    else if (n.type === 'aliased_import') {
      const name = n.childForFieldName('name')?.text ?? '';
      const alias = n.childForFieldName('alias')?.text ?? name;
      aliases.set(alias, `${mod}.${name}`);
    }
  }
}

function note(module: string, frameworks: Set<string>): void {
  const fw = pythonFramework(module);
  if (fw) frameworks.add(fw);
}

/** `a.b.c` for identifiers and attribute chains; a call in the chain becomes `f()`. */
function dotted(node: PyNode | null | undefined): string {
  if (!node) return '?';
  switch (node.type) {
    case 'identifier':
      return node.text;
    case 'attribute':
      return `${dotted(node.childForFieldName('object'))}.${node.childForFieldName('attribute')?.text ?? '?'}`;
    case 'call':
      return `${dotted(node.childForFieldName('function'))}()`;
    case 'subscript':
      return `${dotted(node.childForFieldName('value'))}[]`;
    case 'parenthesized_expression':
      return dotted(node.namedChildren[0]);
    case 'string':
      return 'str';
    default:
      return '?';
  }
}

function enclosingClass(node: PyNode): string | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'class_definition') return p.childForFieldName('name')?.text;
    if (p.type === 'function_definition') return undefined;
  }
  return undefined;
}

function keywordArgs(args: PyNode): Map<string, PyNode> {
  const out = new Map<string, PyNode>();
  for (const a of args.namedChildren) {
    if (a?.type !== 'keyword_argument') continue;
    const name = a.childForFieldName('name')?.text;
    const value = a.childForFieldName('value');
    if (name && value) out.set(name, value);
  }
  return out;
}

function optionsOf(kwargs: Map<string, PyNode>): Map<string, Option> {
  const out = new Map<string, Option>();
  for (const [name, value] of kwargs) out.set(name, { value: value.text, start: value.parent!.startIndex, end: value.parent!.endIndex });
  return out;
}

function textOf(node: PyNode | null | undefined): Text | undefined {
  if (!node) return undefined;
  const value = pyStringValue(node);
  return value === undefined ? undefined : { text: value, start: node.startIndex, end: node.endIndex };
}

function docstring(body: PyNode | null): Text | undefined {
  const first = body?.namedChildren[0];
  if (first?.type !== 'expression_statement') return undefined;
  return textOf(first.namedChildren[0]);
}

function collectStrings(node: PyNode, out: Text[]): void {
  for (const s of node.type === 'string' ? [node] : node.descendantsOfType('string')) {
    if (!s) continue;
    const value = pyStringValue(s);
    if (value !== undefined) out.push({ text: value, start: s.startIndex, end: s.endIndex });
  }
}
