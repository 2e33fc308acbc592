/**
 * Builds the CodeModel of one Python file from its tree-sitter tree: imports (for resolving names),
 * functions and methods with the data flow of their calls, tools per framework (python-tools.ts),
 * agent settings, environment reads.
 */
import { pyStringValue, withPythonTree, type PyNode } from '../../parsers/python.js';
import type { AgentDecl, ArgValue, Body, CallSite, CodeModel, EnvRead, Setting, Text, ToolDef } from './model.js';
import { within } from './model.js';
import { PyScope } from './python-flow.js';
import { paramsOf } from './python-params.js';
import { moduleConstants, returnShapes } from './python-shapes.js';
import { markModelReplies } from './python-model-output.js';
import { ownDecoratorTools } from './python-own-tools.js';
import { enclosingClass, docstring, dotted, keywordArgs, onOneBranch, readImports, type PyImports } from './python-syntax.js';
import { callTools, classTools, decoratedTools, type PyToolContext } from './python-tools.js';
import { registeredTools } from './python-registered-tools.js';
import { registeredToolHolders } from './python-registered-holders.js';
import { graphNodes, laterLinks, runsOf } from './python-agents.js';
import { AGENT_CLASS, DICT_SETTING_NAMES, SETTING_NAMES } from './vocabulary.js';

/** `copyMaxChars`: see `withPythonTree` (a test reads every fixture both ways). */
export async function pythonModel(text: string, copyMaxChars?: number): Promise<{ ok: true; model: CodeModel } | { ok: false; error: string }> {
  const result = await withPythonTree(text, (root) => build(root), copyMaxChars);
  if (!result.ok) return result;
  if (result.syntaxError) result.value.syntaxError = { line: result.syntaxError.line };
  return { ok: true, model: result.value };
}

/**
 * The calls of a module that hand a model's reply to a function of another module (`handsReply`),
 * for a runner beside it whose code sink runs a parameter (`model-output-callers.ts`). Worked out only
 * when asked: a model is built without them.
 */
export async function pythonHandOffs(text: string): Promise<CallSite[]> {
  const result = await withPythonTree(text, (root) => build(root, true));
  return result.ok ? result.value.calls.filter((c) => c.handsReply) : [];
}

function build(root: PyNode, handOffs = false): CodeModel {
  const imports = readImports(root);
  const { aliases, frameworks } = imports;
  const resolve = (node: PyNode | null): string => {
    const d = dotted(node);
    const dot = d.indexOf('.');
    const head = dot < 0 ? d : d.slice(0, dot);
    const target = aliases.get(head);
    return target ? target + (dot < 0 ? '' : d.slice(dot)) : d;
  };
  const constants = moduleConstants(root);

  // Functions: top level by name, methods as Class.method (and by bare name when unambiguous).
  const functionNodes = new Map<string, PyNode>();
  const scopes = new Map<number, PyScope>();
  const classes = new Set<string>();
  for (const cls of root.descendantsOfType('class_definition')) {
    const name = cls?.childForFieldName('name')?.text;
    if (name) classes.add(name);
  }
  const defs = root.descendantsOfType('function_definition').filter((fn): fn is PyNode => !!fn);
  for (const fn of defs) {
    const name = fn.childForFieldName('name')?.text;
    if (!name) continue;
    const cls = enclosingClass(fn);
    const key = cls ? `${cls}.${name}` : name;
    if (!functionNodes.has(key)) functionNodes.set(key, fn);
    if (cls && !functionNodes.has(name)) functionNodes.set(name, fn);
  }
  const shapes = returnShapes(functionNodes, (fn, own) => scopes.get(fn.id) ?? new PyScope(fn, resolve, constants, undefined, own));
  for (const fn of defs) {
    const outer = enclosingFunction(fn);
    scopes.set(fn.id, new PyScope(fn, resolve, constants, outer ? scopes.get(outer.id) : undefined, shapes));
  }

  const instances = importedInstances(root, imports);
  let classInstances: Map<string, string> | undefined;
  const allCalls: (CallSite & { node: PyNode })[] = [];
  for (const call of root.descendantsOfType('call')) {
    if (!call) continue;
    const fn = applied(call.childForFieldName('function'), functionNodes);
    const args = call.childForFieldName('arguments');
    // `Agent[Context](…)` constructs an Agent: the subscript only parameterises its type.
    const callee = resolve(fn?.type === 'subscript' && /^[A-Z]/.test(fn.childForFieldName('value')?.text.split('.').pop() ?? '') ? fn.childForFieldName('value') : fn);
    const site: CallSite & { node: PyNode } = { callee, args: (args?.text ?? '').replace(/^\(([\s\S]*)\)$/, '$1'), start: call.startIndex, end: call.endIndex, node: call };
    const target = assignmentTarget(call);
    if (target) site.assignedTo = target;
    const plain = callee.replace(/^(?:self|cls)\./, '');
    const from = imports.local.get(callee.split('.')[0]!);
    if (from) site.importedFrom = from;
    const origin = importOrigin(dotted(fn), imports, instances);
    if (origin) site.imported = origin;
    if (functionNodes.has(plain) && !plain.includes('.')) site.local = plain;
    else if (plain.startsWith('super().')) {
      const inherited = baseMethod(call, plain.slice('super().'.length), functionNodes);
      if (inherited) site.local = inherited;
    } else if (!origin && !aliases.has(plain.split('.')[0]!)) {
      // `runtime.exec_code(…)` on a collaborator of another class this module defines: the one
      // method of that name. A class calling its own method's name on another object delegates to that object.
      const method = onlyMethod(plain, functionNodes);
      const caller = enclosingFunction(call);
      if (method && enclosingClass(functionNodes.get(method)!) !== (caller && enclosingClass(caller))) site.local = method;
    }
    const owner = enclosingFunction(call);
    if (owner) site.argv = scopes.get(owner.id)!.argv(call);
    handOff(site, functionNodes, (ref) => {
      // A function of a library or of another module handed over (`asyncio.to_thread(client.containers.run, image)`,
      // `loop.run_in_executor(None, subprocess.run, cmd)`): the call is of it, imported as its name says.
      const node = positional(call, ref);
      if (node?.type !== 'identifier' && node?.type !== 'attribute') return undefined;
      const head = dotted(node).split('.')[0]!;
      return { callee: resolve(node), importedFrom: imports.local.get(head), imported: importOrigin(dotted(node), imports, instances) };
    });
    allCalls.push(site);
  }
  markModelReplies(allCalls, { functionNodes, enclosingFunction, scope: (fn, own, source) => new PyScope(fn, resolve, constants, undefined, own, source), starImports: [...imports.named.values()].some((i) => i.name === '*'), instanceOf: (name) => (classInstances ??= instancesOfClasses(root, (cls) => AGENT_CLASS.test(cls))).get(name), handOffs });
  const allStrings: Text[] = [];
  for (const s of root.descendantsOfType('string')) {
    if (!s || s.parent?.type === 'concatenated_string') continue;
    const value = pyStringValue(s);
    if (value !== undefined) allStrings.push({ text: value, start: s.startIndex, end: s.endIndex });
  }
  const bodies = new Map<number, Body>();
  const bodyOf = (node: PyNode): Body => {
    const known = bodies.get(node.id);
    if (known) return known;
    // A docstring describes the function; it is not something the body does.
    const doc = node.type === 'function_definition' ? docstring(node.childForFieldName('body')) : undefined;
    const params = node.type === 'function_definition' ? paramsOf(node) : undefined;
    const body: Body = {
      start: node.startIndex,
      end: node.endIndex,
      text: node.text,
      params: params?.params ?? [],
      ...(params?.kwargs ? { kwargs: params.kwargs } : {}),
      calls: within(allCalls, node.startIndex, node.endIndex).map(({ node: _n, ...c }) => c),
      strings: within(allStrings, node.startIndex, node.endIndex).filter((s) => s.start !== doc?.start),
    };
    bodies.set(node.id, body);
    return body;
  };
  const functions = new Map<string, Body>();
  for (const [key, node] of functionNodes) functions.set(key, bodyOf(node));

  const frameworkList = [...frameworks];
  const primary = frameworkList.find((f) => f !== 'mcp' && f !== 'langchain') ?? frameworkList[0] ?? 'unknown';
  const cx: PyToolContext = { resolve, imports, primary, functions, functionNodes, bodyOf, classes, constants };
  const tools: ToolDef[] = [];
  const toolFunctions = new Set<number>();
  decoratedTools(root, cx, tools, toolFunctions);
  classTools(root, cx, tools);
  registeredTools(root, cx, tools, toolFunctions);

  const settings: Setting[] = [];
  const envReads: EnvRead[] = [];
  const agents: AgentDecl[] = [];
  const listed = new Set<string>(tools.map((t) => t.body && [...functions].find(([, b]) => b === t.body)?.[0]).filter((n): n is string => !!n));
  for (const call of allCalls) {
    const { callee, node } = call;
    const args = node.childForFieldName('arguments');
    const kwargs = args && args.type === 'argument_list' ? keywordArgs(args) : new Map<string, PyNode>();
    for (const [name, value] of kwargs) {
      if (SETTING_NAMES.has(name)) {
        const arg = value.parent!;
        settings.push({ name, value: value.text, owner: callee, start: arg.startIndex, end: arg.endIndex, group: args!.startIndex, ...(onOneBranch(arg) ? { conditional: true } : {}) });
      }
    }
    const first = args?.namedChildren.find((a) => a && a.type !== 'keyword_argument' && a.type !== 'comment');
    if (/^os\.(?:getenv|environ\.get)$/.test(callee) && first?.type === 'string') {
      envReads.push({ name: pyStringValue(first) ?? '', start: call.start, end: call.end });
    }
    callTools(call, cx, tools, agents, listed, toolFunctions);
    // Semantic Kernel: automatic function calling is the agent loop that invokes kernel functions.
    if (/(?:^|\.)FunctionChoiceBehavior\.(?:Auto|Required)$/.test(callee) && frameworks.has('semantic-kernel')) agents.push({ callee, start: call.start, end: call.end });
  }
  // A dict literal of options the code unpacks into the call later (`ClaudeCodeOptions(**options)`):
  // bound to a name that a `**` hands on. A dict given to another call (a telemetry context that
  // records the options) is data about a session, not one.
  for (const pair of root.descendantsOfType('pair')) {
    const key = pair?.childForFieldName('key');
    const name = key?.type === 'string' ? pyStringValue(key) : undefined;
    const value = pair?.childForFieldName('value');
    if (!pair || !name || !value || !DICT_SETTING_NAMES.has(name) || !unpackedLater(pair.parent)) continue;
    settings.push({ name, value: value.text, owner: 'dict', start: pair.startIndex, end: pair.endIndex, group: pair.parent!.startIndex, ...(onOneBranch(pair) ? { conditional: true } : {}) });
  }
  ownDecoratorTools(root, cx, allCalls, tools, agents, toolFunctions);
  registeredToolHolders(root, cx, allCalls, agents);

  for (const t of tools) {
    const runs = runsOf(t.body, imports);
    if (runs.length) t.runs = runs;
  }
  laterLinks(allCalls, agents, imports);
  graphNodes(allCalls, agents, functions, imports);

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

  return {
    language: 'python',
    frameworks,
    functions,
    tools,
    settings,
    calls: allCalls.map(({ node: _n, ...c }) => c),
    envReads,
    agents,
    imports: imports.named,
  };
}

/**
 * Names bound to an instance of an imported class anywhere in the file (`runner = ShellRunner()`,
 * `self.runner = ShellRunner(…)`): name → class. Flow-insensitive, as the rest of the model; a name
 * bound to instances of two classes is left out.
 */
function importedInstances(root: PyNode, imports: PyImports): Map<string, string> {
  return instancesOfClasses(root, (cls) => imports.named.has(cls));
}

/** Names bound to an instance of a class (by its capitalised name), imported or not; a name bound to two classes is left out. */
function instancesOfClasses(root: PyNode, keep: (cls: string) => boolean = (cls) => /^[A-Z]/.test(cls)): Map<string, string> {
  const out = new Map<string, string>();
  const clash = new Set<string>();
  for (const a of root.descendantsOfType('assignment')) {
    const left = a?.childForFieldName('left');
    const right = a?.childForFieldName('right');
    if (!left || right?.type !== 'call') continue;
    const fn = right.childForFieldName('function');
    if (fn?.type !== 'identifier' || !keep(fn.text)) continue;
    const name = left.text.replace(/^self\./, '');
    if (!/^\w+$/.test(name)) continue;
    if (out.has(name) && out.get(name) !== fn.text) clash.add(name);
    out.set(name, fn.text);
  }
  for (const n of clash) out.delete(n);
  return out;
}

/**
 * Where a called name comes from when it is imported: `run(…)` after `from .shell import run` is
 * `run` of `.shell`; `shell.run(…)` after `from . import shell` is `shell.run` of `.` (a submodule or
 * a class, decided when resolving); `pkg.shell.run(…)` after `import pkg.shell` is `run` of `pkg.shell`.
 */
function importOrigin(callee: string, imports: PyImports, instances: Map<string, string>): { module: string; name: string } | undefined {
  // `Runner().run(…)`: the method of a class imported and built in place; `runner.run(…)` after `runner = Runner()`.
  let parts = callee.replace(/^(?:self\.)?(\w+)\(\)\./, '$1.').replace(/^self\./, '').split('.');
  if (parts.some((p) => !/^\w+$/.test(p))) return undefined;
  const cls = parts.length > 1 && !imports.named.has(parts[0]!) ? instances.get(parts[0]!) : undefined;
  if (cls) parts = [cls, ...parts.slice(1)];
  const named = imports.named.get(parts[0]!);
  if (named) return { module: named.module, name: [named.name, ...parts.slice(1)].join('.') };
  const mod = imports.modules.get(parts[0]!);
  if (mod && parts.length >= 2) {
    const full = [mod, ...parts.slice(1)];
    return { module: full.slice(0, -1).join('.'), name: full[full.length - 1]! };
  }
  return undefined;
}

/** The name a call's value is assigned to (`shell = pexpect.spawn(…)`, `self._shell = await make()`), if it is one name. */
function assignmentTarget(call: PyNode): string | undefined {
  const up = call.parent?.type === 'await' ? call.parent : call;
  const assignment = up.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== up.id) return undefined;
  const left = assignment.childForFieldName('left');
  return left?.type === 'identifier' || left?.type === 'attribute' ? left.text : undefined;
}

function enclosingFunction(node: PyNode): PyNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
}

/**
 * Calls that run a function they are handed, with the arguments after it: `asyncio.to_thread(fn, a)`,
 * `loop.run_in_executor(None, fn, a)`, `anyio.to_thread.run_sync(fn, a)`, `executor.submit(fn, a)`,
 * `functools.partial(fn, a)`. Callee regex → position of the function.
 */
const HAND_OFF: [RegExp, number][] = [
  [/^(?:asyncio\.to_thread|anyio\.to_thread\.run_sync|functools\.partial|partial|map)$|(?:^|\.)(?:submit|run_sync|map|imap|imap_unordered|map_async|starmap|apply_async)$/, 0],
  [/(?:^|\.)run_in_executor$/, 1],
];

/**
 * The function a call runs when a wrapper is applied to it inline (`timeout(20)(runtime.exec_code)(code)`,
 * `retry(3)(self._send)(msg)`): the one function of this module the wrapper is given. Otherwise the
 * call's own function.
 */
function applied(fn: PyNode | null, functionNodes: Map<string, PyNode>): PyNode | null {
  if (fn?.type !== 'call') return fn;
  const args = (fn.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is PyNode => !!a && a.type !== 'comment');
  const only = args.length === 1 ? args[0]! : undefined;
  if (only?.type !== 'identifier' && only?.type !== 'attribute') return fn;
  const plain = only.text.replace(/^(?:self|cls)\./, '');
  return functionNodes.has(plain) || onlyMethod(plain, functionNodes) ? only : fn;
}

/** `obj.name` → `name` when this module defines exactly one method of that name (never a dunder). */
function onlyMethod(callee: string, functionNodes: Map<string, PyNode>): string | undefined {
  const dot = callee.lastIndexOf('.');
  if (dot < 0) return undefined;
  const name = callee.slice(dot + 1);
  if (!functionNodes.has(name) || name.startsWith('__')) return undefined;
  let owner: PyNode | undefined;
  for (const [key, node] of functionNodes) {
    if (!key.endsWith(`.${name}`)) continue;
    if (owner) return undefined;
    owner = node;
  }
  // The bare name must be that method, not a module-level function of the same name.
  return owner && functionNodes.get(name) === owner ? name : undefined;
}

/** `super().run(…)` in a method: the method of that name on a base class this module defines (`Base.run`). */
function baseMethod(call: PyNode, name: string, functionNodes: Map<string, PyNode>): string | undefined {
  const method = enclosingFunction(call);
  let cls = method?.parent;
  while (cls && cls.type !== 'class_definition') cls = cls.type === 'function_definition' ? null : cls.parent;
  for (const base of cls?.childForFieldName('superclasses')?.namedChildren ?? []) {
    const key = base?.type === 'identifier' ? `${base.text}.${name}` : undefined;
    if (key && functionNodes.has(key)) return key;
  }
  return undefined;
}

/** Calls that start a process or thread running the function given as `target`, with `args`. */
const THREAD_START = /^(?:multiprocessing|threading|mp|torch\.multiprocessing)\.(?:Process|Thread)$|(?:^|\.)(?:get_context\([^)]*\)\.)?Process$|^(?:Process|Thread)$/;

/** The `at`-th positional argument node of a call. */
function positional(call: PyNode, at: number): PyNode | undefined {
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is PyNode => !!a && a.type !== 'comment' && a.type !== 'keyword_argument');
  return args[at];
}

/** What a function handed over from elsewhere is: its callee and where it is imported from. */
type Handed = Pick<CallSite, 'callee' | 'importedFrom' | 'imported'>;

/**
 * A hand-off is a call of the function it is given, with the arguments after it: a function of this
 * module is followed as a helper; another (`elsewhere`, from the argument's position) becomes the
 * call's callee, so a library's sink or another module's helper is judged as if called directly.
 */
function handOff(site: CallSite, functionNodes: Map<string, PyNode>, elsewhere: (at: number) => Handed | undefined): void {
  if (site.local || !site.argv) return;
  // `multiprocessing.Process(target=run, args=(code, q))`, `threading.Thread(…)`: the target is called with the tuple.
  if (THREAD_START.test(site.callee) && site.argv.target) {
    const fn = site.argv.target.text.replace(/^(?:self|cls)\./, '');
    if (fn.includes('.') || !functionNodes.has(fn)) return;
    const items = site.argv.args?.items ?? [];
    site.local = fn;
    site.argv = Object.fromEntries(items.map((v, i) => [String(i), v]));
    return;
  }
  for (const [re, at] of HAND_OFF) {
    if (!re.test(site.callee)) continue;
    // The function itself, or a variable bound to `partial(self.execute, …)`.
    const ref = site.argv[String(at)];
    const fn = (ref?.fn ?? ref?.text)?.replace(/^(?:self|cls)\./, '');
    const local = !!fn && !fn.includes('.') && functionNodes.has(fn);
    const handed = local ? undefined : elsewhere(at);
    if (!local && !handed) return;
    const argv: Record<string, ArgValue> = {};
    for (const [k, v] of Object.entries(site.argv)) {
      if (!/^\d+$/.test(k)) argv[k] = v;
      else if (Number(k) > at) argv[String(Number(k) - at - 1)] = v;
    }
    if (local) site.local = fn;
    else {
      site.callee = handed!.callee;
      site.importedFrom = handed!.importedFrom;
      site.imported = handed!.imported;
      if (!site.importedFrom) delete site.importedFrom;
      if (!site.imported) delete site.imported;
    }
    site.argv = argv;
    return;
  }
}

/** Whether a dict literal is bound to a name (`options = {…}`) that the module unpacks into a call (`**options`). */
function unpackedLater(dict: PyNode | null): boolean {
  const bound = dict?.parent?.type === 'assignment' ? dict.parent.childForFieldName('left') : undefined;
  if (!dict || bound?.type !== 'identifier') return false;
  const root = dict.tree.rootNode;
  return root.descendantsOfType('dictionary_splat').some((splat) => splat?.namedChildren[0]?.text === bound.text);
}
