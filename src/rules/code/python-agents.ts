/**
 * Delegation in Python agent code: the name an agent is bound to, the agents it hands work to
 * (OpenAI Agents `handoffs` and `as_tool`, Google ADK `sub_agents` and `AgentTool`, Agno `Team`
 * members, CrewAI hierarchical crews and `allow_delegation`, LangGraph supervisor and swarm,
 * AutoGen teams and `AgentTool`, Strands `Swarm`), its tools as references, and the agents a
 * tool's body runs. Names are resolved through the file's imports so that the project stage can
 * join them across modules.
 */
import type { PyNode } from '../../parsers/python.js';
import type { AgentDecl, AgentLink, AgentRef, Body, LinkKind } from './model.js';
import { pythonFramework } from './frameworks.js';
import { bindingOfCall, dotted, enclosingClass, type PyImports } from './python-syntax.js';
import { AGENT_CONSTRUCTORS, TOOL_APPROVAL_OPTIONS } from './vocabulary.js';

/** Keyword → kind of hand-off, for lists of agents given to an agent or team. */
const LIST_LINKS: Record<string, LinkKind> = { handoffs: 'handoff', sub_agents: 'sub-agent', members: 'member', participants: 'member' };
/** Constructors whose `agents=[…]` are agents they route work to. */
const ROUTERS = /^(?:create_supervisor|create_swarm|Swarm|SelectorGroupChat|RoundRobinGroupChat|MagenticOneGroupChat|GroupChat)$/;
/** Methods that run an agent, when called on one from a tool. */
const RUN_METHODS = /\.(?:run|arun|run_sync|run_async|run_stream|invoke|ainvoke|invoke_async|stream_async|print_response|aprint_response|kickoff|kickoff_async|initiate_chat|a_initiate_chat|generate_reply|on_messages)$/;

export function agentLinks(call: PyNode, callee: string, kwargs: Map<string, PyNode>, positional: PyNode[], imports: PyImports): Pick<AgentDecl, 'binding' | 'links' | 'toolRefs' | 'delegates'> {
  const last = callee.slice(callee.lastIndexOf('.') + 1);
  const links: AgentLink[] = [];
  const toolRefs: (AgentRef & { start: number; end: number })[] = [];
  const add = (kind: LinkKind, node: PyNode, target: PyNode, approval?: string) => {
    const ref = refOf(target, imports);
    if (ref) links.push({ kind, target: ref, start: node.startIndex, end: node.endIndex, ...(approval ? { approval } : {}) });
  };
  for (const [key, kind] of Object.entries(LIST_LINKS)) {
    for (const item of listItems(kwargs.get(key))) {
      // handoff(agent, …) / handoff(agent=…) wraps the agent with options.
      if (item.type === 'call' && /(?:^|\.)handoff$/.test(dotted(item.childForFieldName('function')))) {
        const { first, kw } = callArgs(item);
        const target = kw.get('agent') ?? first;
        if (target) add(kind, item, target, approvalIn(kw));
      } else add(kind, item, item);
    }
  }
  if (ROUTERS.test(last)) for (const item of listItems(kwargs.get('agents') ?? positional[0])) add('member', item, item);
  // CrewAI: a hierarchical crew's manager hands each task to the agent it picks.
  if (last === 'Crew' && (/hierarchical/.test(kwargs.get('process')?.text ?? '') || kwargs.has('manager_agent') || kwargs.has('manager_llm'))) {
    const agents = kwargs.get('agents');
    if (agents && /^self\.agents$/.test(agents.text)) links.push(...crewBaseAgents(call).map((name) => ({ kind: 'manager' as const, target: { name }, start: agents.startIndex, end: agents.endIndex })));
    else for (const item of listItems(agents)) add('manager', item, item);
  }
  for (const key of ['tools', 'toolsets']) {
    for (const item of listItems(kwargs.get(key))) {
      const fn = item.type === 'call' ? dotted(item.childForFieldName('function')) : '';
      if (/\.as_tool$/.test(fn)) {
        const obj = item.childForFieldName('function')?.childForFieldName('object');
        if (obj) add('agent-tool', item, obj, approvalIn(callArgs(item).kw));
      } else if (/(?:^|\.)AgentTool$/.test(fn)) {
        const { first, kw } = callArgs(item);
        const target = kw.get('agent') ?? first;
        if (target) add('agent-tool', item, target, approvalIn(kw));
      } else if (item.type === 'identifier' && asToolTarget(call, item.text)) {
        // `billing_tool = billing.as_tool(…)` earlier, then `tools=[billing_tool]`.
        const assigned = asToolTarget(call, item.text)!;
        add('agent-tool', item, assigned.target, approvalIn(callArgs(assigned.call).kw));
      } else {
        const ref = item.type === 'call' ? refFromText(dotted(item.childForFieldName('function')), imports) : refOf(item, imports);
        if (ref) toolRefs.push({ ...ref, start: item.startIndex, end: item.endIndex });
      }
    }
  }
  return {
    binding: bindingOf(call),
    ...(links.length ? { links } : {}),
    ...(toolRefs.length ? { toolRefs } : {}),
    ...(/^True$/.test(kwargs.get('allow_delegation')?.text ?? '') ? { delegates: true } : {}),
  };
}

/** Hand-offs added after the agent is built: `faq.handoffs.append(triage)`, `root.sub_agents.extend([a, b])`. */
export function laterLinks(calls: { callee: string; start: number; end: number; node: PyNode }[], agents: AgentDecl[], imports: PyImports): void {
  for (const call of calls) {
    const m = /^(?:self\.)?(\w+)\.(handoffs|sub_agents|members)\.(append|extend|insert)$/.exec(call.callee);
    if (!m) continue;
    const owner = agents.find((a) => a.binding === m[1]);
    if (!owner) continue;
    const args = call.node.childForFieldName('arguments')?.namedChildren.filter((c): c is PyNode => !!c && c.type !== 'comment' && c.type !== 'keyword_argument') ?? [];
    const value = m[3] === 'insert' ? args[1] : args[0];
    const items = value && (value.type === 'list' || value.type === 'tuple') ? listItems(value) : value ? [value] : [];
    for (const item of items) {
      const target = item.type === 'call' && /(?:^|\.)handoff$/.test(dotted(item.childForFieldName('function'))) ? (callArgs(item).kw.get('agent') ?? callArgs(item).first) : item;
      const ref = target ? refOf(target, imports) : undefined;
      if (ref) (owner.links ??= []).push({ kind: LIST_LINKS[m[2]!]!, target: ref, start: item.startIndex, end: item.endIndex });
    }
  }
}

/**
 * LangGraph: a `StateGraph` whose nodes are agents, or functions that run agents, hands the state to
 * each: the graph is the delegating agent, its nodes the hand-offs.
 */
export function graphNodes(calls: { callee: string; start: number; end: number; node: PyNode }[], agents: AgentDecl[], functions: Map<string, Body>, imports: PyImports): void {
  const graphs = new Map<string, AgentDecl>();
  for (const call of calls) {
    if (!/(?:^|\.)StateGraph$/.test(call.callee)) continue;
    const binding = bindingOf(call.node);
    if (!binding.startsWith('@')) graphs.set(binding, { name: binding, callee: call.callee, start: call.start, end: call.end, binding, links: [] });
  }
  if (graphs.size === 0) return;
  for (const call of calls) {
    const m = /^(?:self\.)?(\w+)\.add_node$/.exec(call.callee);
    const graph = m ? graphs.get(m[1]!) : undefined;
    if (!graph) continue;
    const args = call.node.childForFieldName('arguments')?.namedChildren.filter((c): c is PyNode => !!c && c.type !== 'comment' && c.type !== 'keyword_argument') ?? [];
    const target = args.length >= 2 ? args[1]! : args[0];
    if (!target || !['identifier', 'attribute', 'call'].includes(target.type)) continue;
    // A node function of this module: the agents it runs are what the graph hands work to.
    const fn = target.type === 'identifier' ? functions.get(target.text) : undefined;
    const refs = fn ? runsOf(fn, imports) : [refOf(target, imports)].filter((r): r is AgentRef => !!r);
    for (const ref of refs) graph.links!.push({ kind: 'node', target: ref, start: target.startIndex, end: target.endIndex });
  }
  for (const g of graphs.values()) if (g.links!.length) agents.push(g);
}

/** The agent behind a variable assigned `agent.as_tool(…)` in the scope of the call that lists it. */
function asToolTarget(call: PyNode, name: string): { target: PyNode; call: PyNode } | undefined {
  let scope: PyNode | null = call.parent;
  while (scope && scope.type !== 'function_definition' && scope.type !== 'module') scope = scope.parent;
  for (const a of scope?.descendantsOfType('assignment') ?? []) {
    if (a?.childForFieldName('left')?.text !== name) continue;
    const right = a.childForFieldName('right');
    const fn = right?.type === 'call' ? right.childForFieldName('function') : null;
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'as_tool') {
      const target = fn.childForFieldName('object');
      if (target) return { target, call: right! };
    }
  }
  return undefined;
}

/** Agents a tool's body runs: `Runner.run(agent, …)`, `agent.run(…)`, `agent(…)` (Strands), `build_agent().invoke(…)`. */
export function runsOf(body: Body | undefined, imports: PyImports): AgentRef[] {
  if (!body) return [];
  const out = new Map<string, AgentRef>();
  for (const call of body.calls) {
    let text: string | undefined;
    let resolved = true;
    let from = call.importedFrom;
    if (/(?:^|\.)Runner\.run(?:_sync|_streamed)?$/.test(call.callee)) {
      text = call.argv?.['0']?.text ?? call.argv?.starting_agent?.text;
      resolved = false;
      // The agent is the argument: where `Runner` comes from says nothing about it.
      from = undefined;
    } else if (RUN_METHODS.test(call.callee)) text = call.callee.replace(RUN_METHODS, '');
    else if (!pythonFramework(call.callee)) text = call.callee;
    if (!text || !/^[\w.]+(?:\(\))?$/.test(text) || /^(?:str|int|len|print|dict|list|json|os|re|subprocess|asyncio|logging|super)\b/.test(text)) continue;
    // An imported agent: its name in the module it comes from (`ops.invoke` of `workers` → `ops`).
    const imported = resolved && call.imported ? { name: call.imported.name.replace(RUN_METHODS, ''), module: call.imported.module } : undefined;
    const ref = imported && /^\w+$/.test(imported.name) ? imported : refFromText(text, imports, from, resolved);
    out.set(`${ref.module ?? ''}:${ref.name}`, ref);
  }
  return [...out.values()].slice(0, 24);
}

/** `billing = Agent(…)` → billing; `def build(): return Agent(…)` → build; `self.x = Agent(…)` → x; an inline agent → `@<offset>`. */
function bindingOf(call: PyNode): string {
  let node = call;
  // `x = Agent(…) # type` and `x: Agent = Agent(…)`
  const assigned = bindingOfCall(node);
  if (assigned !== undefined) return assigned;
  while (node.parent && (node.parent.type === 'parenthesized_expression')) node = node.parent;
  if (node.parent?.type === 'return_statement') {
    for (let p = node.parent.parent; p; p = p.parent) {
      if (p.type === 'function_definition') return p.childForFieldName('name')?.text ?? `@${call.startIndex}`;
    }
  }
  return `@${call.startIndex}`;
}

/** CrewAI `@CrewBase` classes: `agents=self.agents` is every `@agent` method of the class. */
function crewBaseAgents(call: PyNode): string[] {
  let cls: PyNode | null = call.parent;
  while (cls && cls.type !== 'class_definition') cls = cls.parent;
  if (!cls || !enclosingClass(call)) return [];
  const out: string[] = [];
  for (const dec of cls.descendantsOfType('decorated_definition')) {
    if (!dec || !dec.namedChildren.some((d) => d?.type === 'decorator' && /^@\s*agent\b/.test(d.text))) continue;
    const name = dec.childForFieldName('definition')?.childForFieldName('name')?.text;
    if (name) out.push(name);
  }
  return out;
}

function listItems(node: PyNode | undefined): PyNode[] {
  if (!node || (node.type !== 'list' && node.type !== 'tuple')) return [];
  return node.namedChildren.filter((c): c is PyNode => !!c && c.type !== 'comment');
}

function callArgs(call: PyNode): { first?: PyNode; kw: Map<string, PyNode> } {
  const kw = new Map<string, PyNode>();
  let first: PyNode | undefined;
  for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name')?.text;
      const value = a.childForFieldName('value');
      if (name && value) kw.set(name, value);
    } else first ??= a;
  }
  return { first, kw };
}

/** An approval option switched on where the hand-off is declared (`as_tool(needs_approval=True)`). */
function approvalIn(kw: Map<string, PyNode>): string | undefined {
  for (const [option, mechanism] of Object.entries(TOOL_APPROVAL_OPTIONS)) {
    const v = kw.get(option)?.text;
    if (v !== undefined && !/^(?:False|None|0)$/.test(v)) return `${mechanism} on the hand-off`;
  }
  return undefined;
}

/** The agent a node names: an identifier, `module.agent`, `self.method()`, `build_agent()`, or an agent built inline. */
function refOf(node: PyNode, imports: PyImports): AgentRef | undefined {
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    const text = dotted(fn);
    // An agent constructed right in the list: the inline agent's own binding.
    const last = text.slice(text.lastIndexOf('.') + 1);
    if (/^[A-Z]/.test(last) || AGENT_CONSTRUCTORS.has(last)) return { name: `@${node.startIndex}` };
    return refFromText(`${text}()`, imports);
  }
  if (node.type !== 'identifier' && node.type !== 'attribute') return undefined;
  return refFromText(node.text, imports);
}

function refFromText(raw: string, imports: PyImports, importedFrom?: string, resolved = false): AgentRef {
  const text = stripSelf(raw.replace(/\(\)$/, ''));
  const parts = text.split('.');
  const head = parts[0]!;
  const local = importedFrom ?? imports.local.get(head);
  if (local !== undefined) {
    if (parts.length === 1) return { name: head, module: local };
    return { name: parts[parts.length - 1]!, module: joinRelative(local, parts.slice(0, -1)) };
  }
  const alias = imports.aliases.get(head);
  if (alias) {
    const full = [alias, ...parts.slice(1)].join('.').split('.');
    return { name: full[full.length - 1]!, module: full.slice(0, -1).join('.') };
  }
  // A callee already resolved through an absolute import (`app.agents.billing.run` → `app.agents.billing`).
  if (resolved && parts.length > 1) return { name: parts[parts.length - 1]!, module: parts.slice(0, -1).join('.') };
  return { name: parts[parts.length - 1]! };
}

/** `from . import billing` then `billing.agent` → module `.billing`; `from .pkg import billing` → `.pkg.billing`. */
function joinRelative(module: string, parts: string[]): string {
  return /\.$/.test(module) ? module + parts.join('.') : [module, ...parts].join('.');
}

function stripSelf(text: string): string {
  return text.replace(/^(?:self|cls)\./, '');
}
