/**
 * What the code rules know about one source file, in the same shape for Python and TypeScript:
 * the tools handed to agents, the module's own functions (so a tool's risk can follow the helpers
 * it calls), settings passed to agent constructors, credential variables read. Built once per file
 * by `python-model.ts` / `typescript-model.ts` from the syntax tree, which is freed with the model
 * (or by `settleArgv`, for a model kept longer).
 */

export type Language = 'python' | 'typescript';

export interface Range {
  start: number;
  end: number;
}

export interface Text extends Range {
  text: string;
}

/**
 * What reaches one argument of a call, in terms of the parameters of the function the call sits in
 * (the data flow the code rules follow from a tool's inputs to a sink). Built flow-insensitively:
 * a local variable carries everything ever assigned to it.
 */
export interface ArgValue {
  /** Parameters whose value reaches the argument as is or embedded (`cmd`, `f"ls {path}"`, `args.command`). */
  from: string[];
  /** Parameters that reach it only through a sanitiser (`shlex.quote`, `os.path.basename`, `int`). */
  quoted?: string[];
  /** The literal text, when the argument is a constant (or a name bound only to constants). */
  constant?: string;
  /** The constants it can be, when it is one of several (`"w" if overwrite else "x"`, or a name bound to each in turn). */
  choices?: string[];
  /** Constant text before the first part that depends on a parameter (`https://api.x.com/{id}` → `https://api.x.com/`); `{…}` stands for a fixed interpolation. */
  prefix?: string;
  /**
   * The parameter the value starts with, as is, when nothing constant comes before it (`url + "?" + q`,
   * `f"{base}/{path}"`): its caller, which knows what it passed, knows the start (`prefix` is then empty).
   */
  lead?: string;
  /** The constant text right after `lead` (`?` in `url + "?" + q`); `{…}` stands for a fixed part. */
  tail?: string;
  /** Items of a list or tuple literal (an argv: program first). */
  items?: ArgValue[];
  /** Properties of a dict or object literal (`{ to: email }`). */
  props?: Record<string, ArgValue>;
  /** Set on such a literal when it spreads another value or has a computed key: a key `props` lacks may still be in it. */
  openProps?: boolean;
  /** The value is a path joined under a fixed directory (`os.path.join(ROOT, name)`, `Path(ROOT) / name`, `path.join(root, p)`). */
  underFixedDir?: boolean;
  /** The last part of the path is named by the code (`join(out_dir, f"chunk_{i}.wav")`, `Path(d) / "out.txt"`): the model may pick the folder, not the file. */
  fixedName?: boolean;
  /**
   * A file the code makes itself: named by `tempfile`, or written by the function that names it
   * (`chunk.export(join(out_dir, f"chunk_{i}.wav"))`) and handed back, alone or in a list. Removing
   * it is clean-up of the code's own output, whoever chose the folder.
   */
  ownFile?: boolean;
  /**
   * On the shape of what a function returns: it hands back these positional parameters as it was
   * given them (`return output_path`), so a call's value is those arguments' own, not all of them mixed.
   */
  passes?: number[];
  /**
   * The characters the value can hold at most, when the code keeps it to a fixed set
   * (`''.join(c for c in s if c in "0123456789.+-*() ")`, `re.sub(r"[^0-9.+\-*() ]", "", s)`, or a
   * check that returns on any other character). A deny-list gives none.
   */
  charset?: string;
  /**
   * An object a class built from keyword arguments only (`OutboundCall(to_phone=n, …)`): their names.
   * An identifier it was not given (`call.conversation_id`) is one the object made, not the input.
   */
  builtWith?: string[];
  /** The function a value stands for when it is one bound for later (`partial(self.execute, …)`), as written. */
  fn?: string;
  /**
   * The parameter this value is, whole and unchanged, under another name: an alias (`opts = params`),
   * a copy (`params.copy()`), an unpacking (`**params`). A helper's caller, which knows what it passed
   * there, knows its shape (the entries of a dict it built).
   */
  param?: string;
  /** With `param`: the value is that dict's entry of this key (`params.get("command")`, `params["command"]`), unchanged. */
  entry?: string;
  /** Source text, clipped, for evidence. */
  text: string;
}

/** One call in a body: the callee resolved through the file's imports (`sp.run` → `subprocess.run`). */
export interface CallSite extends Range {
  callee: string;
  /** Source text of the arguments (for argument conditions such as `shell=True` or `method: 'POST'`). */
  args: string;
  /** Name of a same-module function this call reaches (a helper), when it is one. */
  local?: string;
  /** Module a name imported from elsewhere in the repository comes from (`._backends` for `from ._backends import shell`). */
  importedFrom?: string;
  /** The name the call's value is assigned to (`shell` of `shell = pexpect.spawn(…)`, `self._shell`), in Python. */
  assignedTo?: string;
  /**
   * The function a call reaches through an import, as written: `{ module: '.shell', name: 'run' }`
   * for `run(…)` after `from .shell import run`, `{ module: 'pkg.util', name: 'run' }` after
   * `from pkg.util import run`, `{ module: './shell', name: 'run' }` after `import { run } from './shell'`
   * (`Shell.run` for a class imported and its method called). The analysis resolves it to a file of
   * the repository when there is one (`modules.ts`).
   */
  imported?: { module: string; name: string };
  /** Arguments by position (`0`, `1`, …) or keyword / property name, and the receiver (`self`) of a method call. */
  argv?: Record<string, ArgValue>;
  /**
   * On calls that run code: the arguments a model's reply reaches, each with where the reply comes
   * from (`self.llm.chat_completion(…)`, a parameter `assistant_reply`, `… through run_code()`).
   */
  modelArgs?: Record<string, string>;
  /**
   * On calls into another module of the repository (`imported`), in a module that asks a model: the
   * arguments a reply reaches, with where it comes from; that module's code sink may run them. Set
   * only in the calls `pythonHandOffs` gives, for a runner that asks (`model-output-callers.ts`).
   */
  handsReply?: Record<string, string>;
}

/** A function body: its calls and string literals, enough to judge risk and approval. */
export interface Body extends Range {
  /** Names bound by each positional parameter (a destructured parameter binds several); `self`/`cls` left out. */
  params: string[][];
  /** The parameter that takes the keyword arguments no other one names (Python `**kwargs`). */
  kwargs?: string;
  calls: CallSite[];
  strings: Text[];
  /** The body's source text, for text-level sinks such as whole-environment dumps. */
  text: string;
}

/** An option given where a tool or agent is defined: `needs_approval=True`, `needsApproval: async () => …`. */
export interface Option extends Range {
  /** Source text of the value. */
  value: string;
}

export interface ToolDef {
  name: string;
  /** The name the code refers to the tool by (function, variable or toolkit class), when it differs from nothing. */
  binding?: string;
  /**
   * A tool a framework's registry holds (`tool-registrations.ts`): the name it is registered under, the
   * method of that class it is, and its tags. Agents of that framework may name it by these.
   */
  registered?: RegisteredName;
  /** Agents the tool's body runs (`Runner.run(billing, …)`, `researcher(query)`): an agent used as a tool. */
  runs?: AgentRef[];
  framework: string;
  /** How it is declared, for the inventory: `@function_tool`, `tool({…})`, `server.registerTool`. */
  via: string;
  /** Where to point: the name of the tool or its declaring call. */
  at: Range;
  body?: Body;
  /** Name of a function defined elsewhere in the module whose body is the tool's (`FunctionTool(fn)`). */
  bodyRef?: string;
  description?: Text;
  /** Strings from the tool's schema (parameter names, `.describe()` texts, `Field(description=…)`). */
  schemaStrings: Text[];
  options: Map<string, Option>;
  /** Built-in tools whose risk is their kind (hosted shell, computer use, local code executors). */
  builtinRisk?: string;
  /** A built-in file toolkit given a fixed root directory (source text): it works only under it. */
  confinedTo?: string;
  /** Parameters of the body the model fills in (framework-injected context such as `ctx: RunContext` left out). */
  inputs?: string[];
  /**
   * The low-level MCP server's one handler for every tool call (Python `@server.call_tool()`,
   * TypeScript `setRequestHandler(CallToolRequestSchema, …)`): the tools the server declares by
   * schema alone (`types.Tool(name=…, inputSchema=…)`) run through its body.
   */
  dispatches?: boolean;
  /** MCP tool annotations declared with the tool (`readOnlyHint`, `destructiveHint`, …): name → source text of the value. */
  annotations?: Record<string, string>;
  /**
   * A function imported from another module of the repository and handed to an agent by name
   * (`Agent(tools=[run_shell])` after `from .tools import run_shell`): its body is a call of that
   * function, which the analysis resolves and fills in (`imported-tools.ts`); unresolved, it is dropped.
   */
  importedFrom?: { module: string; name: string };
  /**
   * The call of a project's own `tool` decorator, imported from another module (`python-own-tools.ts`):
   * the tool stands only when the decorator resolves to a function of the repository.
   */
  ownDecorator?: CallSite;
}

/** A setting passed to an agent, runner, client or graph: a keyword argument or object property. */
export interface Setting extends Range {
  name: string;
  value: string;
  /** The call it is passed to (resolved), e.g. `ClaudeAgentOptions`, `query`, `Agent`. */
  owner: string;
  /** Set only on one branch of a condition (an `if`, a case, a conditional expression): chosen at run time. */
  conditional?: boolean;
  /** Where the call's arguments or the object literal it is one entry of starts: settings given together share it. */
  group?: number;
}

export interface EnvRead extends Range {
  name: string;
}

/** A name as the code writes it, with the module it is imported from (`.billing`, `app.agents`, `./billing`), if any. */
export interface AgentRef {
  name: string;
  module?: string;
}

/** How an agent hands work to another. */
export type LinkKind = 'handoff' | 'agent-tool' | 'sub-agent' | 'member' | 'manager' | 'coworker' | 'node';

/** One hand-off edge as declared on the delegating agent. */
export interface AgentLink extends Range {
  kind: LinkKind;
  target: AgentRef;
  /** Approval required on the hand-off itself (`as_tool(needs_approval=True)`). */
  approval?: string;
}

/** How a framework's registry knows a tool: its name, the method of that class, its tags. */
export interface RegisteredName {
  name: string;
  method?: string;
  tags?: string[];
}

/** A tool an agent names by the registry's name (`"Terminal:run_command"`), a tag, or every tool (`<all>`). */
export interface RegistryRef {
  framework: string;
  name: string;
  /** The methods held, when the name lists some; else all of the tool's. */
  methods?: string[];
  every?: true;
}

export interface AgentDecl extends Range {
  name?: string;
  callee: string;
  /** The name other code refers to this agent by: its variable, or the function that returns it. */
  binding?: string;
  /** Agents this one hands work to. */
  links?: AgentLink[];
  /** Its tools as references, resolved through imports (`tools` holds the bare texts). */
  toolRefs?: (AgentRef & Range)[];
  /** Tools it names by their registered name (MetaGPT roles' `tools`); it holds no other tool of its file. */
  registryRefs?: RegistryRef[];
  /** CrewAI `allow_delegation=True`: the agent may hand work to any co-worker of its crew. */
  delegates?: boolean;
  /** What its `tools=[…]` (or `plugins`, `toolsets`) lists: names and constructors (`run_shell`, `WebSearchTool`). */
  tools?: string[];
  /** Its instructions / system prompt, when a literal. */
  instructions?: Text;
  /** A loop of the project's own that runs tools of its own decorator: it stands only while one of them does. */
  homeGrown?: true;
}

export interface CodeModel {
  language: Language;
  /** Agent frameworks imported by the file (ids such as `langchain`, `openai-agents`, `mcp`). */
  frameworks: Set<string>;
  functions: Map<string, Body>;
  tools: ToolDef[];
  settings: Setting[];
  /** Every call in the file (for file-level approval gates and tracing switches). */
  calls: CallSite[];
  envReads: EnvRead[];
  agents: AgentDecl[];
  /**
   * Names this module imports from other modules, and re-exports (`export { run } from './shell'`,
   * `from .shell import run` in an `__init__.py`): name → where it comes from. Lets a call into this
   * module be followed one more module on. A module of `''` is this one (`export default run`).
   */
  imports: Map<string, { module: string; name: string }>;
  /** Packages a TypeScript module imports or requires by name (`whoiser`, `@notionhq/client`): a call of a name from one resolves to `<package>.<name>`. */
  packages?: ReadonlySet<string>;
  syntaxError?: { line: number; message?: string };
}

/**
 * Makes `site.argv` computed on its first read, once for the site and every copy `withoutNode`
 * makes of it. The data flow behind an argv is the costliest part of a model, and the rules read
 * the arguments of few calls (those a tool's body reaches, a runner's, a client's tool call);
 * `compute` holds the syntax tree until it has run. Setting `argv` replaces it on that object.
 */
export function deferArgv(site: CallSite, compute: () => CallSite['argv']): void {
  let pending: (() => CallSite['argv']) | undefined = compute;
  let value: CallSite['argv'];
  Object.defineProperty(site, 'argv', {
    enumerable: true,
    configurable: true,
    get(): CallSite['argv'] {
      if (pending) {
        value = pending();
        pending = undefined;
      }
      return value;
    },
    set(this: CallSite, v: CallSite['argv']) {
      Object.defineProperty(this, 'argv', { value: v, writable: true, enumerable: true, configurable: true });
    },
  });
}

/** The fields a copy of a call site takes over as they are (a field added to `CallSite` must be listed here to compile). */
const SITE_FIELDS: Record<Exclude<keyof CallSite, 'argv'>, true> = { callee: true, args: true, start: true, end: true, local: true, importedFrom: true, assignedTo: true, imported: true, modelArgs: true, handsReply: true };
const SITE_KEYS = Object.keys(SITE_FIELDS) as (keyof typeof SITE_FIELDS)[];

/** A copy of a call site without its syntax node; a deferred argv stays deferred (and shared). */
export function withoutNode(site: CallSite & { node: unknown }): CallSite {
  const copy: Record<string, unknown> = {};
  for (const key of SITE_KEYS) if (site[key] !== undefined) copy[key] = site[key];
  const argv = Object.getOwnPropertyDescriptor(site, 'argv');
  if (argv) Object.defineProperty(copy, 'argv', argv);
  return copy as unknown as CallSite;
}

/** Computes every deferred argv of a model, so that it no longer holds its syntax tree (a model kept across files). */
export function settleArgv(model: CodeModel): void {
  for (const call of model.calls) void call.argv;
  for (const body of model.functions.values()) for (const call of body.calls) void call.argv;
  for (const tool of model.tools) for (const call of tool.body?.calls ?? []) void call.argv;
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


/**
 * The innermost function of a module that holds a call, by its fullest name (`Class.method` over
 * `method`, for the one body listed under both).
 */
export function innermostFunction(functions: Map<string, Body>, call: Range): { name: string; body: Body } | undefined {
  let best: { name: string; body: Body } | undefined;
  for (const [name, body] of functions) {
    if (body.start > call.start || call.end > body.end) continue;
    if (!best || body.start > best.body.start || (body.start === best.body.start && body.end < best.body.end) || (body === best.body && name.length > best.name.length)) best = { name, body };
  }
  return best;
}
