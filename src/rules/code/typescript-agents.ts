/**
 * Delegation in TypeScript agent code: the variable an agent is bound to, the agents it hands work
 * to (OpenAI Agents JS `handoffs` and `agent.asTool()`, VoltAgent `subAgents`, Mastra `agents`),
 * its tools as references, and the agents a tool's handler runs. Relative imports are kept so that
 * the project stage can join names across modules.
 */
import type { AgentDecl, AgentLink, AgentRef, Body, LinkKind } from './model.js';
import { isPlainProperty, isStringLiteral, nameOf, parentOf, sourceOf, type Call, type Node } from './typescript-syntax.js';

export interface TsAgentContext {
  text: string;
  /** Names imported from a relative module: local name → module and exported name. */
  localImports: Map<string, AgentRef>;
  dotted(node: Node): string;
}

const LIST_LINKS: Record<string, LinkKind> = { handoffs: 'handoff', subAgents: 'sub-agent', agents: 'agent-tool', members: 'member' };
const APPROVAL = /^(?:needsApproval|requireApproval)$/;
/** Methods that run an agent, when a tool's handler calls them on one. */
const RUN_METHODS = /\.(?:generate|stream|generateText|streamText|generateObject|streamObject|invoke|network)$/;

export function tsAgentLinks(cx: TsAgentContext, call: Call, props: Map<string, Node>): Pick<AgentDecl, 'binding' | 'links' | 'toolRefs'> {
  const links: AgentLink[] = [];
  const toolRefs: (AgentRef & { start: number; end: number })[] = [];
  const add = (kind: LinkKind, site: Node, target: Node, approval?: string) => {
    const ref = refOf(cx, target);
    if (ref) links.push({ kind, target: ref, start: site.start, end: site.end, ...(approval ? { approval } : {}) });
  };
  for (const [key, kind] of Object.entries(LIST_LINKS)) {
    for (const item of items(props.get(key))) {
      if (item.type === 'CallExpression' && /(?:^|\.)handoff$/.test(cx.dotted(item.callee)) && item.arguments[0]) add(kind, item, item.arguments[0], approvalOf(cx.text, item.arguments[1]));
      else add(kind, item, item);
    }
  }
  for (const item of items(props.get('tools'))) {
    if (item.type === 'CallExpression' && item.callee.type === 'MemberExpression' && !item.callee.computed && nameOf(item.callee.property) === 'asTool') {
      add('agent-tool', item, item.callee.object, approvalOf(cx.text, item.arguments[0]));
      continue;
    }
    const target = item.type === 'CallExpression' ? item.callee : item;
    const ref = refOf(cx, target);
    if (ref) toolRefs.push({ ...ref, start: item.start, end: item.end });
  }
  return { binding: bindingOf(call), ...(links.length ? { links } : {}), ...(toolRefs.length ? { toolRefs } : {}) };
}

/** Agents a tool's handler runs: `run(agent, …)`, `agent.generate(…)`, `agent.run(…)`. */
export function tsRunsOf(body: Body | undefined, localImports: Map<string, AgentRef>): AgentRef[] {
  if (!body) return [];
  const out = new Map<string, AgentRef>();
  for (const call of body.calls) {
    let text: string | undefined;
    if (/(?:^|\.)run$/.test(call.callee) && /^[\w$]+$/.test(call.argv?.['0']?.text ?? '')) text = call.argv!['0']!.text;
    else if (RUN_METHODS.test(call.callee) || /^[\w$]+\.run$/.test(call.callee)) text = call.callee.replace(/\.\w+$/, '');
    if (!text || !/^[\w$]+$/.test(text)) continue;
    const ref = localImports.get(text) ?? { name: text };
    out.set(`${ref.module ?? ''}:${ref.name}`, ref);
  }
  return [...out.values()];
}

/** `const billing = new Agent(…)` → billing; an agent built inline → `@<offset>`. */
export function bindingOf(node: Node): string {
  let n = node;
  while (n.parent && (n.parent.type === 'ParenthesizedExpression' || n.parent.type === 'TSAsExpression' || n.parent.type === 'AwaitExpression')) n = n.parent;
  const p = n.parent;
  if (p?.type === 'VariableDeclarator' && p.id.type === 'Identifier') return p.id.name;
  if (p && isPlainProperty(p) && !p.computed && (p.key.type === 'Identifier' || isStringLiteral(p.key))) return nameOf(p.key)!;
  if (p?.type === 'ReturnStatement' || p?.type === 'ArrowFunctionExpression') {
    for (let f: Node | undefined = p; f; f = parentOf(f)) {
      if ((f.type === 'FunctionDeclaration' || f.type === 'TSDeclareFunction') && f.id) return f.id.name;
      if ((f.type === 'ArrowFunctionExpression' || f.type === 'FunctionExpression') && f.parent?.type === 'VariableDeclarator' && f.parent.id.type === 'Identifier') return f.parent.id.name;
    }
  }
  return `@${node.start}`;
}

function items(node: Node | undefined): Node[] {
  if (!node) return [];
  if (node.type === 'ArrayExpression') return node.elements.filter((e): e is NonNullable<typeof e> => e !== null);
  // Mastra and the AI SDK key tools and agents by name: `{ researcher, writer: writerAgent }`.
  if (node.type === 'ObjectExpression') {
    return node.properties.flatMap((p) => (p.type === 'Property' && p.kind === 'init' && !p.method ? [p.value] : []));
  }
  return [];
}

function approvalOf(text: string, options: Node | undefined): string | undefined {
  if (options?.type !== 'ObjectExpression') return undefined;
  for (const p of options.properties) {
    if (!(p.type === 'Property' && isPlainProperty(p)) || p.computed || p.key.type !== 'Identifier' || !APPROVAL.test(p.key.name)) continue;
    if (!/^(?:false|undefined|null|['"`]never['"`])$/.test(sourceOf(text, p.value))) return `${p.key.name} on the hand-off`;
  }
  return undefined;
}

function refOf(cx: TsAgentContext, node: Node): AgentRef | undefined {
  if (node.type === 'NewExpression' || (node.type === 'CallExpression' && /^[A-Z]|(?:^|\.)create\w*Agent$/.test(cx.dotted(node.callee).replace(/^.*\./, '')))) {
    return { name: `@${node.start}` };
  }
  if (node.type === 'CallExpression') return refOf(cx, node.callee);
  if (node.type !== 'Identifier' && !(node.type === 'MemberExpression' && !node.computed)) return undefined;
  const text = cx.dotted(node).replace(/^this\./, '');
  if (!/^[\w$.]+$/.test(text)) return undefined;
  const head = text.split('.')[0]!;
  const imported = cx.localImports.get(head);
  if (imported && !text.includes('.')) return imported;
  return { name: text.slice(text.lastIndexOf('.') + 1) };
}
