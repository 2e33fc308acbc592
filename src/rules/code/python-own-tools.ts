/**
 * A project's own tool framework in Python: functions decorated with a `tool` decorator that the
 * repository defines (`from myapp.agent_utils import tool`, or `def tool(…)` in the file), collected
 * in a list that the file hands, beside a chat model, to the call that runs the tool loop
 * (`get_function_call(chat, message, tools)`). The list reaching a call with a model object is what
 * makes the functions tools and the call an agent. A decorator imported from another module counts
 * only when it resolves to a function of the repository (`analysis.ts`): a library's decorator of the
 * same name is not taken for one.
 */
import type { PyNode } from '../../parsers/python.js';
import { pythonFramework } from './frameworks.js';
import type { AgentDecl, CallSite, ToolDef } from './model.js';
import type { PyToolContext } from './python-tools.js';
import { paramsOf } from './python-params.js';
import { docstring } from './python-syntax.js';

/** An argument that holds the chat model the loop asks (`chat_gpt`, `self.llm`, `model`, `client`). */
const MODEL_OBJECT = /(?:^|_)(?:llm|chat|gpt|model|client|claude|openai|anthropic)(?:$|_|\d)/i;

export function ownDecoratorTools(root: PyNode, cx: PyToolContext, calls: (CallSite & { node: PyNode })[], tools: ToolDef[], agents: AgentDecl[], toolFunctions: Set<number>): void {
  const origin = cx.imports.named.get('tool');
  const definedHere = cx.functionNodes.get('tool')?.parent?.type === 'module';
  if (!definedHere && (!origin || pythonFramework(origin.module) !== undefined)) return;
  const decorated = new Map<string, PyNode>();
  for (const dec of root.descendantsOfType('decorated_definition')) {
    const def = dec?.childForFieldName('definition');
    if (!dec || def?.type !== 'function_definition' || toolFunctions.has(def.id)) continue;
    const own = dec.namedChildren.some((d) => {
      const expr = d?.type === 'decorator' ? d.namedChildren[0] : undefined;
      const fn = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
      return fn?.type === 'identifier' && fn.text === 'tool';
    });
    const name = def.childForFieldName('name')?.text;
    if (own && name) decorated.set(name, def);
  }
  if (!decorated.size) return;
  const decoratorCall = (at: { start: number; end: number }): CallSite | undefined =>
    definedHere ? undefined : { callee: 'tool', args: '', start: at.start, end: at.end, imported: origin! };
  const added = new Set<string>();
  for (const list of root.descendantsOfType('list')) {
    const names = (list?.namedChildren ?? []).flatMap((c) => (c?.type === 'identifier' && decorated.has(c.text) ? [c.text] : []));
    if (!list || !names.length) continue;
    for (const call of loopsGiven(list, calls)) {
      agents.push({ callee: call.callee, start: call.start, end: call.end, tools: names, homeGrown: true });
      for (const name of names) {
        if (added.has(name)) continue;
        added.add(name);
        const def = decorated.get(name)!;
        const nameNode = def.childForFieldName('name')!;
        const at = { start: nameNode.startIndex, end: nameNode.endIndex };
        const via = definedHere ? '@tool' : `@tool, from ${origin!.module}`;
        const ownDecorator = decoratorCall(at);
        tools.push({
          name,
          binding: name,
          framework: 'own',
          via,
          at,
          body: cx.bodyOf(def),
          description: docstring(def.childForFieldName('body')),
          schemaStrings: [],
          options: new Map(),
          inputs: paramsOf(def).inputs,
          ...(ownDecorator ? { ownDecorator } : {}),
        });
        toolFunctions.add(def.id);
      }
    }
  }
}

/** The calls a list of tools is handed to, directly or through the name it is bound to, beside a model object. */
function loopsGiven(list: PyNode, calls: (CallSite & { node: PyNode })[]): (CallSite & { node: PyNode })[] {
  const parent = list.parent;
  const bound = parent?.type === 'assignment' && parent.childForFieldName('right')?.id === list.id ? parent.childForFieldName('left') : null;
  const handed = (arg: PyNode | null | undefined): boolean => !!arg && (arg.id === list.id || (bound?.type === 'identifier' && arg.type === 'identifier' && arg.text === bound.text));
  return calls.filter(({ node }) => {
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).map((a) => (a?.type === 'keyword_argument' ? a.childForFieldName('value') : a));
    return args.some(handed) && args.some((a) => !!a && (a.type === 'identifier' || a.type === 'attribute') && MODEL_OBJECT.test(a.text.slice(a.text.lastIndexOf('.') + 1)));
  });
}
