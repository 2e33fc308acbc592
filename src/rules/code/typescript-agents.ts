/**
 * Delegation in TypeScript agent code: the variable an agent is bound to, the agents it hands work
 * to (OpenAI Agents JS `handoffs` and `agent.asTool()`, VoltAgent `subAgents`, Mastra `agents`),
 * its tools as references, and the agents a tool's handler runs. Relative imports are kept so that
 * the project stage can join names across modules.
 */
import type { ts as TsNamespace } from 'ts-morph';
import type { Ts } from '../../parsers/typescript.js';
import type { AgentDecl, AgentLink, AgentRef, Body, LinkKind } from './model.js';

type Node = TsNamespace.Node;

export interface TsAgentContext {
  ts: Ts;
  sf: TsNamespace.SourceFile;
  /** Names imported from a relative module: local name → module and exported name. */
  localImports: Map<string, AgentRef>;
  dotted(node: Node): string;
}

const LIST_LINKS: Record<string, LinkKind> = { handoffs: 'handoff', subAgents: 'sub-agent', agents: 'agent-tool', members: 'member' };
const APPROVAL = /^(?:needsApproval|requireApproval)$/;
/** Methods that run an agent, when a tool's handler calls them on one. */
const RUN_METHODS = /\.(?:generate|stream|generateText|streamText|generateObject|streamObject|invoke|network)$/;

export function tsAgentLinks(cx: TsAgentContext, call: TsNamespace.CallExpression | TsNamespace.NewExpression, props: Map<string, Node>): Pick<AgentDecl, 'binding' | 'links' | 'toolRefs'> {
  const { ts, sf } = cx;
  const links: AgentLink[] = [];
  const toolRefs: (AgentRef & { start: number; end: number })[] = [];
  const add = (kind: LinkKind, site: Node, target: Node, approval?: string) => {
    const ref = refOf(cx, target);
    if (ref) links.push({ kind, target: ref, start: site.getStart(sf), end: site.end, ...(approval ? { approval } : {}) });
  };
  for (const [key, kind] of Object.entries(LIST_LINKS)) {
    for (const item of items(ts, props.get(key))) {
      if (ts.isCallExpression(item) && /(?:^|\.)handoff$/.test(cx.dotted(item.expression)) && item.arguments[0]) add(kind, item, item.arguments[0], approvalOf(ts, item.arguments[1]));
      else add(kind, item, item);
    }
  }
  for (const item of items(ts, props.get('tools'))) {
    if (ts.isCallExpression(item) && ts.isPropertyAccessExpression(item.expression) && item.expression.name.text === 'asTool') {
      add('agent-tool', item, item.expression.expression, approvalOf(ts, item.arguments[0]));
      continue;
    }
    const target = ts.isCallExpression(item) ? item.expression : item;
    const ref = refOf(cx, target);
    if (ref) toolRefs.push({ ...ref, start: item.getStart(sf), end: item.end });
  }
  return { binding: bindingOf(ts, call), ...(links.length ? { links } : {}), ...(toolRefs.length ? { toolRefs } : {}) };
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
export function bindingOf(ts: Ts, node: Node): string {
  let n = node;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isAwaitExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) return p.name.text;
  if (ts.isReturnStatement(p) || ts.isArrowFunction(p)) {
    for (let f: Node | undefined = p; f; f = f.parent) {
      if (ts.isFunctionDeclaration(f) && f.name) return f.name.text;
      if ((ts.isArrowFunction(f) || ts.isFunctionExpression(f)) && ts.isVariableDeclaration(f.parent) && ts.isIdentifier(f.parent.name)) return f.parent.name.text;
    }
  }
  return `@${node.getStart(node.getSourceFile())}`;
}

function items(ts: Ts, node: Node | undefined): Node[] {
  if (!node) return [];
  if (ts.isArrayLiteralExpression(node)) return [...node.elements];
  // Mastra and the AI SDK key tools and agents by name: `{ researcher, writer: writerAgent }`.
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.flatMap((p) => (ts.isPropertyAssignment(p) ? [p.initializer] : ts.isShorthandPropertyAssignment(p) ? [p.name] : []));
  }
  return [];
}

function approvalOf(ts: Ts, options: Node | undefined): string | undefined {
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  for (const p of options.properties) {
    if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name) || !APPROVAL.test(p.name.text)) continue;
    if (!/^(?:false|undefined|null|['"`]never['"`])$/.test(p.initializer.getText())) return `${p.name.text} on the hand-off`;
  }
  return undefined;
}

function refOf(cx: TsAgentContext, node: Node): AgentRef | undefined {
  const { ts } = cx;
  if (ts.isNewExpression(node) || (ts.isCallExpression(node) && /^[A-Z]|(?:^|\.)create\w*Agent$/.test(cx.dotted(node.expression).replace(/^.*\./, '')))) {
    return { name: `@${node.getStart(cx.sf)}` };
  }
  if (ts.isCallExpression(node)) return refOf(cx, node.expression);
  if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node)) return undefined;
  const text = cx.dotted(node).replace(/^this\./, '');
  if (!/^[\w$.]+$/.test(text)) return undefined;
  const head = text.split('.')[0]!;
  const imported = cx.localImports.get(head);
  if (imported && !text.includes('.')) return imported;
  return { name: text.slice(text.lastIndexOf('.') + 1) };
}
