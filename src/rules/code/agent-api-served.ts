/**
 * Agent servers whose routes a protocol library defines rather than the file: an A2A (Agent2Agent)
 * application (`A2AStarletteApplication`, `A2AFastAPIApplication`, `A2ARESTFastAPIApplication` of the
 * a2a SDK) serves `message/send` and `message/stream`, and each of those runs the agent executor its
 * request handler was given (`DefaultRequestHandler(agent_executor=…)`). The file shows no route,
 * yet anyone who reaches the server sends the agent a task. The executor counts when it runs an agent
 * or a model: a class of the file or of the module it is imported from whose code does, or one made
 * around an agent, runner or graph (`AgentExecutor(runner=runner)`); an executor that only echoes is none.
 */
import { argsAt, clip, splitArgs } from './http-listen.js';
import { blockEnd } from './python-blocks.js';
import type { Exposure } from './agent-api-routes.js';

/** The a2a SDK's server applications. */
export const A2A_APP = /(?<![\w.])(?:\w+\.)*(A2A(?:Starlette|FastAPI|RESTFastAPI)Application)\s*\(/;

/** A constructor argument that hands the executor an agent to run (`agent=…`, `runner=runner`, `graph=root_agent`, a positional `runner`). */
const AGENT_ARGUMENT = /^(?:(?:agent|runner|graph|crew|workflow|team)\w*\s*=(?!=)|(?:\w+\.)*\w*(?:agent|runner|graph|crew)\w*$)/i;

export interface ServedContext {
  /** Whether a module of the repository this file imports defines `name` as code that runs an agent or a model. */
  imported?: (spec: string, name: string) => boolean;
  /** The module each imported name comes from (`pythonImports`). */
  imports: Map<string, { spec: string; name: string }>;
  /** Whether a part of this file's code (a class body) runs an agent or a model. */
  drives: (part: string) => boolean;
}

/** What an A2A application of the file exposes: its agent executor, when that runs an agent. */
export function a2aExposure(code: string, context: ServedContext): Exposure | undefined {
  const app = A2A_APP.exec(code);
  if (!app) return undefined;
  for (const m of code.matchAll(/(?<![\w.])agent_executor\s*=(?!=)\s*/g)) {
    const executor = executorCall(code, m.index + m[0].length);
    if (!executor) continue;
    const via = runsAgent(executor, code, context);
    if (via) return { kind: 'agent', route: `${app[1]} message/send`, via };
  }
  return undefined;
}

interface ExecutorCall {
  /** The class constructed (`MSAgentExecutor`). */
  cls: string;
  args: string[];
  text: string;
}

/** The executor constructed at `at` (`Cls(…)`) or bound to the name there (`executor = Cls(…)` elsewhere in the file). */
function executorCall(code: string, at: number): ExecutorCall | undefined {
  const direct = /^([A-Za-z_][\w.]*)\s*\(/.exec(code.slice(at, at + 200));
  if (!direct) {
    const name = /^([A-Za-z_]\w*)\b(?!\s*[.(])/.exec(code.slice(at, at + 100))?.[1];
    if (!name) return undefined;
    const bound = new RegExp(`(?<![\\w.])${name}\\s*(?::[^=\\n]+)?=(?!=)\\s*(?=[A-Za-z_][\\w.]*\\s*\\()`).exec(code);
    return bound ? executorCall(code, bound.index + bound[0].length) : undefined;
  }
  const a = argsAt(code, at + direct[0].length - 1);
  if (!a) return undefined;
  return { cls: direct[1]!.split('.').pop()!, args: splitArgs(a.args), text: code.slice(at, a.end) };
}

/** How the executor runs an agent (for the message), or undefined when nothing shows it does. */
function runsAgent(executor: ExecutorCall, code: string, context: ServedContext): string | undefined {
  if (executor.args.some((a) => AGENT_ARGUMENT.test(a))) return clip(executor.text);
  const own = classBody(executor.cls, code);
  if (own !== undefined) return context.drives(own) ? `${executor.cls}, which runs the agent` : undefined;
  const from = context.imports.get(executor.cls);
  if (from && context.imported?.(from.spec, from.name || executor.cls)) return `${executor.cls} from ${from.spec}`;
  return undefined;
}

/** The body of a class the file defines, to its end (the next line indented no deeper than `class`). */
function classBody(name: string, code: string): string | undefined {
  const head = new RegExp(`^[ \\t]*class[ \\t]+${name}\\b`, 'm').exec(code);
  if (!head) return undefined;
  const lines = code.slice(head.index).split('\n');
  return lines.slice(1, blockEnd(lines, 0)).join('\n');
}
