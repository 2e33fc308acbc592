/**
 * What a route of an agent application's own web API does with a caller's request, read from one
 * Python or TypeScript/JavaScript file: the handlers (Flask, FastAPI and Flask-SocketIO decorators;
 * `app.post('/path', …)` calls of Express-style routers; Next.js handlers are read in `next-routes.ts`),
 * and what they expose: a handler that drives an agent or a model (its own call, or one into a module
 * of the repository it imports), runs the caller's text as a command or as code, hands back the app's
 * settings or rewrites them. Where the server starts is read in `agent-api-listen.ts`.
 */
import { blockEnd } from './python-blocks.js';
import { argsAt, clip, codeText, literal, named, splitArgs } from './http-listen.js';
import type { Language } from './model.js';
import { changesSettings, returnsSettings } from './route-settings.js';
import { CALLED_MODEL_ATTRIBUTE_IN_TEXT, CALLED_MODEL_IN_TEXT, REQUEST_INPUT } from './vocabulary.js';

export type Exposure =
  | { kind: 'agent'; route?: string; via: string }
  | { kind: 'commands'; route?: string; via: string }
  | { kind: 'settings'; route: string; via: string }
  /** A route that rewrites the app's settings with what the caller sent (`via`: the call). */
  | { kind: 'reconfigures'; route?: string; via: string };

/** Whether a module of the repository, imported by this file, runs an agent or a model (followed one module away). */
export type ImportedAgent = (spec: string, name: string) => boolean;

// ───────────────────────── what a route does ─────────────────────────

/** A model client call (OpenAI, Anthropic, LiteLLM, Gemini, Ollama) or an agent framework's run, by its API. */
const PY_CLIENT_CALL =
  /\.chat\.completions\.create\(|\.completions\.create\(|\.messages\.(?:create|stream)\(|\.responses\.(?:create|stream)\(|\blitellm\.a?completion\(|\.generate_content(?:_async)?\(|\bollama\.(?:chat|generate)\(|\bRunner\.run(?:_sync|_streamed)?\(|\.kickoff(?:_async)?\(|\.initiate_chat\(/;
/** A run of an object the code names as an agent, crew, graph, chain, assistant or LLM. */
const PY_AGENT_RUN =
  /\b\w*(?:agent|crew|graph|chain|assistant|llm|swarm|query_engine|chat_engine)\w*\.(?:run|arun|run_sync|run_stream|a?run_agent(?:_async)?|invoke|ainvoke|stream|astream|astream_events|execute|chat|achat|step|kickoff|generate|agenerate|print_response|query|aquery|subsequent_execute)\(/i;
/**
 * The Claude Agent SDK (and the Claude Code SDK before it), only where the module imports it: a client
 * session (`ClaudeSDKClient(options)`, then `client.query(…)`) or the one-shot `query(prompt=…)` runs
 * Claude Code as an agent with the tools its options allow.
 */
const PY_CLAUDE_SDK_IMPORT = /^[ \t]*(?:from|import)[ \t]+claude_(?:agent|code)_sdk\b/m;
const PY_CLAUDE_SDK_CALL = /\bClaudeSDKClient\s*\(|(?<![\w.])query\s*\(\s*prompt\s*=/;
const TS_CLIENT_CALL = /\.chat\.completions\.create\(|\.messages\.(?:create|stream)\(|\.responses\.(?:create|stream)\(|\.generateContent(?:Stream)?\(/;
/** The AI SDK's calls, only where the file imports it (Hono's `streamText` streams any text). */
const TS_AI_SDK_CALL = /(?<![\w$.])(?:generateText|streamText|generateObject|streamObject)\s*\(/;
const TS_AI_SDK_IMPORT = /\bfrom\s*['"](?:ai|@ai-sdk\/[\w-]+)['"]|\brequire\(\s*['"](?:ai|@ai-sdk\/[\w-]+)['"]\s*\)/;
const TS_AGENT_RUN =
  /(?<![\w$.])run\(\s*[\w$]*agent[\w$]*\s*,|\b[\w$]*(?:agent|crew|graph|chain|assistant|llm|swarm)[\w$]*\.(?:run|invoke|stream|execute|chat|generate|streamText|generateText|streamEvents|step)\s*\(/i;

/**
 * A run through an agent framework's runner object (Google ADK's `runner.runAsync({ newMessage })`,
 * `runner.run_async(new_message=…)`, `run_live`): the runner holds the agent and runs it. Only where
 * the file names a `Runner` or `InMemoryRunner` class, so a test or task runner of another kind is not one.
 */
const RUNNER_RUN = /(?<![\w$.])(?:self\.|this\.)?[\w$]*[rR]unner[\w$]*\.(?:run_async|runAsync|run_live|runLive|runEphemeral|run)\s*\(/;
const RUNNER_CLASS = /(?<![\w$])(?:InMemory)?Runner(?![\w$])/;

/**
 * An agent object called directly (lagent's and AgentScope's agents run when called: `agent(inputs)`,
 * `await agent(msg)`; see `CALLED_MODEL`), bound by the same text from a call or a constructor
 * (`agent = init_agent(…)`), so neither a function of that name nor an agent class is taken for one;
 * or an object's own agent (`self.agent(*messages)`), bound so in the file's code (`self.agent = cls(**config)`).
 */
function calledAgent(text: string, code: string): RegExpExecArray | null {
  // A name called several times is judged once: what it is bound to does not change between its calls.
  const checked = new Set<string>();
  for (const m of text.matchAll(CALLED_MODEL_IN_TEXT)) {
    const name = m[1]!;
    if (checked.has(name)) continue;
    checked.add(name);
    if (new RegExp(`^[ \\t]*(?:async[ \\t]+)?def[ \\t]+${name}\\b`, 'm').test(text)) continue;
    if (boundByCall(name, text)) return m as RegExpExecArray;
  }
  checked.clear();
  for (const m of text.matchAll(CALLED_MODEL_ATTRIBUTE_IN_TEXT)) {
    if (checked.has(m[1]!)) continue;
    checked.add(m[1]!);
    if (boundByCall(`self\\.${m[1]!}`, code)) return m as RegExpExecArray;
  }
  return null;
}

/** Whether the text binds a name (`agent`, or `self\.agent` as a pattern) to what a call or a constructor returns (`agent = init_agent(…)`). */
function boundByCall(target: string, text: string): boolean {
  return new RegExp(`(?<![\\w.])${target}\\s*(?::[^=\\n]+)?=(?!=)\\s*(?:await\\s+)?[\\w.()\\s]*\\(`).test(text);
}

/** The call in a text (a handler, a module) that runs an agent or a model, if any; words in a Python string (a docstring, a field's description) are none. */
function agentCall(source: string, language: Language, code: string): RegExpExecArray | null {
  const text = language === 'python' ? withoutStrings(source) : source;
  const runner = RUNNER_CLASS.test(code) ? RUNNER_RUN.exec(text) : null;
  if (language === 'python') {
    const claude = code.includes('claude_') && PY_CLAUDE_SDK_IMPORT.test(code) ? PY_CLAUDE_SDK_CALL.exec(text) : null;
    return PY_CLIENT_CALL.exec(text) ?? PY_AGENT_RUN.exec(text) ?? claude ?? runner ?? calledAgent(text, code);
  }
  return TS_CLIENT_CALL.exec(text) ?? (TS_AI_SDK_IMPORT.test(code) ? TS_AI_SDK_CALL.exec(text) : null) ?? TS_AGENT_RUN.exec(text) ?? runner;
}

/** Texts blanked last (`withoutStrings`), by their text. */
const blanked = new Map<string, string>();

/**
 * A Python text with what its string literals hold blanked, quotes and offsets kept: the words of a
 * docstring or a field's description (`"Name of the agent (overrides …)"`, `runner.run()` in an
 * example) are no call.
 */
export function withoutStrings(text: string): string {
  const known = blanked.get(text);
  if (known !== undefined) return known;
  const out = text.replace(/("""|''')[\s\S]*?\1|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (s) => {
    const q = s.startsWith('"""') || s.startsWith("'''") ? 3 : 1;
    return s.slice(0, q) + s.slice(q, -q).replace(/[^\n]/g, ' ') + s.slice(-q);
  });
  // A module is read again for each file that imports it: the texts blanked last are kept.
  if (blanked.size >= 128) blanked.delete(blanked.keys().next().value!);
  blanked.set(text, out);
  return out;
}

/** Received text run as a shell command or as code. */
const PY_EXEC = /\bsubprocess\.(?:run|Popen|call|check_call|check_output)\s*\(|(?<![\w.])os\.(?:system|popen)\s*\(|(?<![\w.])(?:exec|eval)\s*\(|\bpexpect\.spawn\s*\(/g;
const TS_EXEC = /(?<![\w$.])(?:exec|execSync)\s*\(|\bchild_process\.(?:exec|execSync)\s*\(|(?<![\w$.])eval\s*\(|\bnew\s+Function\s*\(|(?<![\w$.])(?:spawn|spawnSync)\s*\([^)]*shell\s*:\s*true/g;

/** A route that names the app's settings or keys. */
const SETTINGS_ROUTE = /(?:^|\/)(?:settings|config|configuration|api[-_]?keys|keys|credentials|secrets)(?:\/|$)/i;

export interface Route {
  path?: string;
  /** Whether the route answers GET (Flask's default, `@app.get`, `methods=["GET"]`). */
  get: boolean;
  /** Whether it answers POST, PUT or PATCH, and is read for writes to the app's settings. */
  writes?: boolean;
  body: string;
  /** Whether the handler takes the caller's input (parameters, `request.…`). */
  input: boolean;
}

/** Route handlers: a decorated function's body (`@app.route`, `@app.post`, `@router.get`, `@socketio.on`, `@app.websocket`, Starlette's `@app.websocket_route`). */
function pythonRoutes(code: string): Route[] {
  const out: Route[] = [];
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([ \t]*)@[\w.]*?\.(route|get|post|put|patch|delete|websocket|websocket_route|api_route|on|event)\s*\((.*)$/.exec(lines[i]!);
    if (!m) continue;
    let j = i + 1;
    while (j < lines.length && !/^[ \t]*(?:async[ \t]+)?def[ \t]/.test(lines[j]!)) {
      if (j > i + 8) break;
      j++;
    }
    const def = lines[j];
    if (!def || !/^[ \t]*(?:async[ \t]+)?def[ \t]/.test(def)) continue;
    const decorator = lines.slice(i, j).join('\n');
    const path = literal(splitArgs(m[3]!.replace(/\)\s*$/, ''))[0] ?? '');
    out.push(pythonRoute(m[2]!, path, /methods\s*=\s*\[([^\]]*)\]/.exec(decorator)?.[1], lines, j));
    i = j;
  }
  return [...out, ...registeredRoutes(code, lines)];
}

/** A route whose handler is the function defined at `lines[at]`, read to the end of its indented block. */
function pythonRoute(method: string, path: string | undefined, methods: string | undefined, lines: string[], at: number): Route {
  const def = lines[at]!;
  const body = lines.slice(at, blockEnd(lines, at));
  const get = method === 'get' || (/^(?:route|add_url_rule)$/.test(method) && (!methods || /['"]GET['"]/i.test(methods))) || method === 'api_route';
  const writes = /^(?:post|put|patch)$/.test(method) || (/^(?:route|api_route|add_url_rule)$/.test(method) && !!methods && /['"](?:POST|PUT|PATCH)['"]/i.test(methods));
  const text = body.join('\n');
  const params = /def[ \t]+\w+\s*\(([^)]*)\)/.exec(def)?.[1]?.replace(/\bself\b,?/, '').trim();
  return { path, get, writes, body: text, input: Boolean(params) || REQUEST_INPUT.python.test(text) };
}

/**
 * Routes registered by a call rather than a decorator: FastAPI's and Starlette's
 * `app.add_api_route("/solve", run, methods=["POST"])`, Flask's `app.add_url_rule("/run", view_func=run)`.
 * The handler may be chosen by an expression (`run_async if args.asy else run`): each function of the
 * file it names is a route.
 */
function registeredRoutes(code: string, lines: string[]): Route[] {
  const out: Route[] = [];
  // The app may be an attribute of the object that serves it (`self.app.add_api_route(…)`).
  for (const m of code.matchAll(/(?<![\w.])(?:self\.)?\w+\.(add_api_route|add_url_rule|add_api_websocket_route)\s*\(/g)) {
    const a = argsAt(code, m.index + m[0].length - 1);
    if (!a) continue;
    const items = splitArgs(a.args);
    const path = literal(items[0] ?? '');
    const handler = named(items, m[1] === 'add_url_rule' ? 'view_func' : 'endpoint', '=') ?? items.slice(1).find((x) => !/^\w+\s*=(?!=)/.test(x)) ?? '';
    const methods = /^\[([^\]]*)\]$/.exec(named(items, 'methods', '=') ?? '')?.[1];
    const method = m[1] === 'add_url_rule' ? 'add_url_rule' : m[1] === 'add_api_websocket_route' ? 'websocket' : 'api_route_call';
    for (const name of new Set(handler.match(/[A-Za-z_]\w*/g) ?? [])) {
      const def = new RegExp(`^[ \\t]*(?:async[ \\t]+)?def[ \\t]+${name}\\s*\\(`);
      const at = lines.findIndex((l) => def.test(l));
      if (at < 0) continue;
      // FastAPI's add_api_route answers GET unless given methods; Flask's add_url_rule too.
      out.push(pythonRoute(method === 'api_route_call' ? (methods ? 'route' : 'get') : method, path, methods, lines, at));
    }
  }
  return out;
}

/** Route handlers: `app.post('/path', …handlers)`, `router.get(…)`, `app.ws(…)`; the handler text is the call's arguments. */
function typescriptRoutes(code: string): Route[] {
  const out: Route[] = [];
  for (const m of code.matchAll(/(?<![\w$])[\w$]+\.(get|post|put|patch|delete|all|ws|route)\s*\(\s*(['"`])(\/[^'"`]*)\2/g)) {
    const a = argsAt(code, m.index + m[0].indexOf('('));
    if (!a) continue;
    out.push({ path: m[3], get: m[1] === 'get' || m[1] === 'all', body: a.args, input: REQUEST_INPUT.express.test(a.args) });
  }
  return out;
}

// ───────────────────────── exposure ─────────────────────────

/**
 * What the app's routes expose: its own, then those of the routers it includes (`app.include_router(chat.router)`,
 * each read from its module with its own imports followed); a command or settings route first.
 */
export function routeExposure(code: string, language: Language, extra: RouteContext): Exposure | undefined {
  const own = fileRouteExposure(code, language, extra);
  if (own && own.kind !== 'agent') return own;
  let found = own;
  for (const router of extra.routers ?? []) {
    const theirs = fileRouteExposure(router.code, language, { imported: router.imported, reached: router.reached });
    if (theirs && theirs.kind !== 'agent') return theirs;
    found ??= theirs;
  }
  return found;
}

/** A module of the app's routes that the app includes: its code (comments and strings blanked) and how its imports are followed. */
export interface IncludedRouter {
  code: string;
  imported?: ImportedAgent;
  reached?: ReachedAgent;
}

/** How a route handler reaches an agent through the project's own objects and classes, several modules on (`agent-api-reach.ts`): the way, or undefined. */
export type ReachedAgent = (body: string) => string | undefined;

export interface RouteContext {
  agentNames?: string[];
  /** Module-level objects of the module's own classes that call no model (`agent = SimpleAgent()`, `plain-objects.ts`): their `run()` drives no agent. */
  plain?: ReadonlySet<string>;
  imported?: ImportedAgent;
  reached?: ReachedAgent;
  routers?: IncludedRouter[];
}

function fileRouteExposure(code: string, language: Language, extra: RouteContext): Exposure | undefined {
  return routesExposure(code, language, language === 'python' ? pythonRoutes(code) : typescriptRoutes(code), extra);
}

/** What the given routes of a file (`code`, comments blanked) expose: a command or settings route first, else the first that drives an agent. */
export function routesExposure(code: string, language: Language, routes: Route[], extra: RouteContext): Exposure | undefined {
  const names = (extra.agentNames ?? []).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  // The file's own agents (the shared inventory): `helper.run(…)`, `run(helper, …)`, `Runner.run(helper, …)`.
  const alt = names.join('|');
  const declared = names.length
    ? new RegExp(`(?<![\\w$.])(?:self\\.)?(?:${alt})\\.(?:a?run\\w*|a?invoke|a?stream\\w*|kickoff\\w*|execute|a?chat|generate\\w*|step|print_response)\\s*\\(|(?<![\\w$])run(?:_sync|_streamed)?\\(\\s*(?:${alt})\\s*,`)
    : undefined;
  const imports = extra.imported ? importedNames(code, language) : new Map<string, string>();
  // Names bound to plain objects, blanked before a call on them could be read as an agent's.
  const plain = extra.plain?.size ? new RegExp(`(?<![\\w.])(?:${[...extra.plain].join('|')})(?=\\s*\\.)`, 'g') : undefined;
  let found: Exposure | undefined;
  for (const r of routes) {
    // Received text run as a command or as code.
    const exec = r.input ? execOfInput(r.body, language) : undefined;
    if (exec) return { kind: 'commands', route: r.path, via: exec };
    const back = r.get && r.path && SETTINGS_ROUTE.test(r.path) ? returnsSettings(r.body, language) : undefined;
    if (back) return { kind: 'settings', route: r.path!, via: back };
    const change = r.writes ? changesSettings(r.body, language) : undefined;
    if (change) return { kind: 'reconfigures', route: r.path, via: change };
    if (found) continue;
    const body = plain ? r.body.replace(plain, (n) => ' '.repeat(n.length)) : r.body;
    const call = agentCall(body, language, code) ?? declared?.exec(body);
    if (call) {
      found = { kind: 'agent', route: r.path, via: clip(call[0].replace(/\($/, '()')) };
      continue;
    }
    for (const [name, spec] of imports) {
      const use = usesImported(name, r.body, code, language);
      if (!use) continue;
      if (extra.imported!(spec, name)) {
        found = { kind: 'agent', route: r.path, via: `${name}${use === 'call' ? '()' : ''} from ${spec}` };
        break;
      }
    }
    const reached = found ? undefined : extra.reached?.(body);
    if (reached) found = { kind: 'agent', route: r.path, via: reached };
  }
  return found;
}

/**
 * Whether a route handler uses an imported name: calls it (`summarise(…)`), or, in Python, takes a
 * parameter of that class (`server: AirlineServer = Depends(get_server)`) or calls an
 * instance of it (`chat_server = AirlineServer()`, then `chat_server.process(…)`).
 */
function usesImported(name: string, body: string, code: string, language: Language): 'call' | 'instance' | undefined {
  const n = name.replace(/\$/g, '\\$');
  // A body that never names it neither calls it nor takes a parameter of its class (the plain search first: most imports are not used by most routes).
  if (body.includes(name)) {
    if (new RegExp(`(?<![\\w$.])${n}\\s*\\(`).test(body)) return 'call';
    if (language === 'python' && new RegExp(`(?<![\\w.])\\w+\\s*:\\s*(?:Annotated\\[\\s*)?${n}\\b`).test(body)) return 'instance';
  }
  if (language !== 'python') return undefined;
  // Bound at module level, or by a setup function that assigns the module's global (`global _server` then `_server = AgentServer(…)`).
  for (const instance of instancesOf(code).get(name) ?? []) {
    if (body.includes(instance) && new RegExp(`(?<![\\w.])${instance}\\.\\w+\\s*\\(`).test(body)) return 'instance';
  }
  return undefined;
}

/** The names a Python module binds to a call, by the callee (`chat_server = AirlineServer()`: AirlineServer → chat_server), for the modules read last. */
const instanceIndexes = new Map<string, Map<string, string[]>>();

function instancesOf(code: string): Map<string, string[]> {
  let index = instanceIndexes.get(code);
  if (!index) {
    index = new Map();
    for (const m of code.matchAll(/^[ \t]*(\w+)\s*(?::[^=\n]+)?=\s*(\w+)\s*\(/gm)) {
      const bound = index.get(m[2]!);
      if (bound) bound.push(m[1]!);
      else index.set(m[2]!, [m[1]!]);
    }
    if (instanceIndexes.size >= 64) instanceIndexes.delete(instanceIndexes.keys().next().value!);
    instanceIndexes.set(code, index);
  }
  return index;
}

/** A sink in a handler given something other than a plain string: `subprocess.run(cmd, shell=True)`, `exec(code)`, `os.system(…)`. */
function execOfInput(body: string, language: Language): string | undefined {
  // matchAll works on a copy of the regex: the shared one's lastIndex is never moved.
  for (const m of body.matchAll(language === 'python' ? PY_EXEC : TS_EXEC)) {
    const a = argsAt(body, m.index + m[0].indexOf('('));
    if (!a) continue;
    const items = splitArgs(a.args);
    const first = items[0];
    if (!first || literal(first) !== undefined || /^\[\s*(['"])[^'"]*\1\s*(?:,\s*(['"])[^'"]*\2\s*)*\]$/.test(first)) continue;
    if (language === 'python' && /^subprocess\./.test(m[0]) && !/shell\s*=\s*True/.test(a.args) && !/['"](?:ba|z)?sh['"]\s*,\s*['"]-c['"]/.test(first)) continue;
    return clip(body.slice(m.index, a.end));
  }
  return undefined;
}

/** What a raw socket server does with what it receives: run it through a shell or as code. */
export function socketExposure(code: string, language: Language): Exposure | undefined {
  if (language === 'python' && !/\.recv\s*\(/.test(code)) return undefined;
  if (language === 'typescript' && !/\.on\(\s*['"]data['"]/.test(code)) return undefined;
  const exec = execOfInput(code, language);
  return exec ? { kind: 'commands', via: exec } : undefined;
}

/** Names this file imports from modules of its own repository (relative imports, or a package of the project in Python). */
export function importedNames(code: string, language: Language): Map<string, string> {
  const out = new Map<string, string>();
  if (language === 'typescript') {
    // Relative imports, and an app's path aliases (`@/lib/…`, `~/lib/…`), which the caller's lookup may resolve.
    for (const m of code.matchAll(/\bimport\s+(?:([\w$]+)\s*,?\s*)?(?:\{([^}]*)\})?\s*from\s*['"]((?:\.|[@~]\/)[^'"]+)['"]/g)) {
      if (m[1]) out.set(m[1], m[3]!);
      for (const part of (m[2] ?? '').split(',')) {
        const n = /(?:[\w$]+\s+as\s+)?([\w$]+)\s*$/.exec(part.trim())?.[1];
        if (n && !/^type$/.test(n)) out.set(n, m[3]!);
      }
    }
  } else {
    for (const [local, { spec, name }] of pythonImports(code)) if (name) out.set(local, spec);
  }
  return out;
}

/**
 * A Python module's imports by the name they bind: `from .routers import chat as c` binds `c` to
 * `{ spec: '.routers', name: 'chat' }`; `import app.routers.chat as chat` binds `chat` to
 * `{ spec: 'app.routers.chat', name: '' }` (a bare `import a.b` binds `a`).
 */
export function pythonImports(code: string): Map<string, { spec: string; name: string }> {
  const out = new Map<string, { spec: string; name: string }>();
  // A parenthesised list may run over several lines: `from .executor import (\n    Executor,\n    configure,\n)`.
  for (const m of code.matchAll(/^[ \t]*from[ \t]+(\.+[\w.]*|[\w.]+)[ \t]+import[ \t]+(?:\(([^)]*)\)?|([^\n]*))/gm)) {
    for (const part of (m[2] ?? m[3]!).split(',')) {
      const p = /^(?:(\w+)\s+as\s+)?(\w+)\s*$/.exec(part.trim());
      if (p) out.set(p[2]!, { spec: m[1]!, name: p[1] ?? p[2]! });
    }
  }
  for (const m of code.matchAll(/^[ \t]*import[ \t]+([\w.]+)(?:[ \t]+as[ \t]+(\w+))?/gm)) {
    out.set(m[2] ?? m[1]!.split('.')[0]!, { spec: m[2] ? m[1]! : m[1]!.split('.')[0]!, name: '' });
  }
  return out;
}
/** What a file's routes expose (see `openAgentApis`), for an app the file does not start itself. */
export function appExposure(text: string, language: Language, extra: RouteContext = {}): Exposure | undefined {
  return routeExposure(codeText(text, language), language, extra);
}

/** A router module's text as the route reading wants it: comments and strings blanked. */
export function routerCode(text: string, language: Language): string {
  return codeText(text, language);
}

/** Whether a module's text runs an agent or calls a model (for a module a route's handler calls into). */
export function drivesAgent(text: string, language: Language): boolean {
  const code = codeText(text, language);
  return agentCall(code, language, code) !== null;
}

/** Whether one definition of a module (`part`, comments blanked) runs an agent or calls a model; the module's code says what it imports. */
export function partDrivesAgent(part: string, module: string, language: Language): boolean {
  return agentCall(part, language, module) !== null;
}

/** The call (clipped) by which one definition of a module runs an agent or calls a model, if any. */
export function agentRunIn(part: string, module: string, language: Language): string | undefined {
  const call = agentCall(part, language, module);
  return call ? clip(call[0].replace(/\($/, '()')) : undefined;
}

