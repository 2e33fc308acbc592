/**
 * code/agent-api-no-auth: a Python route handler that reaches its agent through the project's own
 * objects and classes, several modules on. A WebSocket route that hands the connection to an object
 * of another module (`await shared.manager.connect(websocket)`), whose method makes a session of a
 * class of a third module (`ChatSession(…)`) that runs the agent, drives the agent though no line of
 * the route's module shows it.
 *
 * Followed by what the handler calls, definition by definition: a function or class a module of the
 * repository defines (`ChatSession(…)`, `sessions.open(…)`, `shared.manager.connect(…)`), then what
 * that definition calls, at most MAX_AWAY definitions on, until one runs an agent or calls a model.
 * A method called on an object is read alone, with the methods of its class it calls on `self`
 * (`state.sessions.count()` reads `count`, not the class's other methods); a class that is
 * constructed is read whole, as the caller may run any of its methods next. A name only read, not
 * called (`len(state.sessions.open)`), is not followed; nor is the rest of a module.
 */
import type { ReachedAgent } from './agent-api-routes.js';
import { agentRunIn, pythonImports, withoutStrings } from './agent-api-routes.js';
import { argsAt } from './http-listen.js';
import { blockEnd } from './python-blocks.js';
import { blockLines, definingModule, importTarget, topDefinitions, type Definition, type ImportTarget, type ModuleCode, type ResolveSpec } from './agent-api-definitions.js';

/** Definitions followed from a route handler before one must run the agent: the route's module's object, its class, a class that class makes. */
const MAX_AWAY = 3;
/** Definitions read for the routes one file serves, whatever the number of routes and of their modules. */
const MAX_DEFINITIONS = 64;
/** Methods of a class read for one method called on its object (that method and those it calls on `self`). */
const MAX_METHODS = 8;

interface Target {
  rel: string;
  name: string;
  /** The method called on it (`open` in `sessions.open(…)`), when it is an object or a class. */
  member?: string;
}

interface Use {
  at: number;
  /** How the call reads, for the message: `shared.manager.connect`, `ChatSession`. */
  label: string;
  target: Target;
}

/**
 * What the readers of one file's route modules share: each module's imports and definitions, each
 * definition's answer (the way it runs an agent, or none) with how far from a route it was judged,
 * and the definitions left to read.
 */
export interface ReachCache {
  modules: Map<string, { imports: ReturnType<typeof pythonImports>; tops: ReadonlyMap<string, unknown>; targets: Map<string, ImportTarget | undefined> }>;
  judged: Map<string, { way: string | undefined; away: number }>;
  /** Definitions still to be read (MAX_DEFINITIONS at first). */
  budget: { left: number };
}

export function reachCache(): ReachCache {
  return { modules: new Map(), judged: new Map(), budget: { left: MAX_DEFINITIONS } };
}

/**
 * The reader for the routes of the module at `rel` (`code`: its code, comment lines blanked): for a
 * route handler's body, how it reaches an agent (`state.sessions.open → SessionRegistry →
 * DeskSession in deskhand/session.py: Runner.run()`), or undefined.
 */
export function reachedAgent(rel: string, code: string, read: ModuleCode, resolve: ResolveSpec, cache: ReachCache = reachCache()): ReachedAgent {
  const { modules, judged, budget } = cache;
  const moduleOf = (at: string, text: string) => {
    if (!modules.has(at)) modules.set(at, { imports: pythonImports(text), tops: topDefinitions(text), targets: new Map() });
    return modules.get(at)!;
  };

  /** The calls a text makes of what a module of the repository defines, in the order it first makes them. */
  const uses = (text: string, at: string, module: string, self?: string): Use[] => {
    const { imports, tops, targets } = moduleOf(at, module);
    const out: Use[] = [];
    const seen = new Set<string>();
    const add = (index: number, label: string, target: Target): void => {
      const key = `${target.rel}\0${target.name}\0${target.member ?? ''}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ at: index, label, target });
    };
    // `name(`, `name.member(`, `name.attribute(`, `name.attribute.member(`: a call of the name, of its method, or of its module's object.
    for (const m of text.matchAll(/(?<![\w.])([A-Za-z_]\w*)(?:\.(\w+))?(?:\.(\w+))?\s*\(/g)) {
      const [, name, second, third] = m as unknown as [string, string, string | undefined, string | undefined];
      const imported = imports.get(name);
      if (imported) {
        // Each imported name is resolved once per module, however often it is called (`logger.info(…)`).
        if (!targets.has(name)) targets.set(name, importTarget(at, imported, resolve));
        const target = targets.get(name);
        if (!target) continue;
        if (target.name) add(m.index, second ? `${name}.${second}` : name, { rel: target.rel, name: target.name, member: second });
        else if (second) add(m.index, [name, second, third].filter(Boolean).join('.'), { rel: target.rel, name: second, member: third });
      } else if (name !== self && tops.has(name)) {
        add(m.index, second ? `${name}.${second}` : name, { rel: at, name, member: second });
      }
    }
    return out.sort((a, b) => a.at - b.at);
  };

  /** How the definition of `target` (in its module, or the module it re-exports it from) runs an agent, `away` definitions from the route. */
  const walk = (target: Target, away: number): string | undefined => {
    const key = `${target.rel}\0${target.name}\0${target.member ?? ''}`;
    // A way found as far from a route or further holds here; none found as near or nearer holds too (less room to look).
    const known = judged.get(key);
    if (known && (known.way ? away <= known.away : away >= known.away)) return known.way;
    judged.set(key, { way: undefined, away });
    if (budget.left-- <= 0) return undefined;
    const found = definingModule(target.rel, target.name, read, resolve);
    if (!found) return undefined;
    const part = withoutStrings(called(found.definition, target.member));
    const run = agentRunIn(part, found.code, 'python');
    let way: string | undefined = run && `${found.name} in ${found.rel}: ${run}`;
    if (!way && away < MAX_AWAY) {
      for (const use of uses(objectCall(found.definition, target.member) ?? part, found.rel, found.code, found.name)) {
        const further = walk(use.target, away + 1);
        if (further) {
          way = `${found.name} → ${further}`;
          break;
        }
      }
    }
    judged.set(key, { way, away });
    return way;
  };

  return (body) => {
    // The handler's own `def` line names the handler, not a call of it.
    for (const use of uses(withoutStrings(body.replace(/^[ \t]*(?:async[ \t]+)?def[^\n]*/, '')), rel, code)) {
      const way = walk(use.target, 1);
      // The first step reads as the handler wrote it (`shared.manager.connect`), then the definitions it leads through.
      if (way) return `${use.label}${way.slice(way.indexOf(' '))}`;
    }
    return undefined;
  };
}

/** What of a definition a call runs: a method of a class called on its object (and the methods that calls on `self`), else the whole definition. */
function called(definition: Definition, member: string | undefined): string {
  if (definition.kind !== 'class' || !member) return definition.text;
  const lines = definition.text.split('\n');
  const blocks = blockLines(definition.text);
  const methods = new Map<string, string>();
  blocks.forEach((line, i) => {
    const name = /^[ \t]+(?:async[ \t]+)?def[ \t]+(\w+)/.exec(line)?.[1];
    if (name && !methods.has(name)) methods.set(name, lines.slice(i, blockEnd(blocks, i)).join('\n'));
  });
  // A method the class inherits is not read here: the class is read whole.
  if (!methods.has(member)) return definition.text;
  const read = new Set([member]);
  const queue = [member];
  while (queue.length && read.size < MAX_METHODS) {
    for (const m of methods.get(queue.shift()!)!.matchAll(/\bself\.(\w+)\s*\(/g)) {
      if (methods.has(m[1]!) && !read.has(m[1]!)) {
        read.add(m[1]!);
        queue.push(m[1]!);
      }
    }
  }
  return [...read].map((m) => methods.get(m)!).join('\n');
}

/**
 * A method called on an object a module binds to a call (`sessions = SessionRegistry(…)`, then
 * `sessions.open(…)`): that call's method, as text to follow (`SessionRegistry.open(`).
 */
function objectCall(definition: Definition, member: string | undefined): string | undefined {
  if (definition.kind !== 'value' || !member) return undefined;
  const callee = /^([A-Za-z_][\w.]*)\s*\(/.exec(definition.text);
  if (!callee || argsAt(definition.text, callee[0].length - 1)?.end !== definition.text.length) return undefined;
  return `${callee[1]}.${member}(`;
}
