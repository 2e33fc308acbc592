/**
 * Frameworks whose tools are classes the framework registers, declared as data: how a class is
 * made a tool, which of its methods the model calls, and how the framework's agents name the tools
 * they hold. `python-registered-tools.ts` reads it to find the tools, `python-registered-holders.ts`
 * to find the agents holding them, and the prefilter (`markers.ts`) to know the names that declare one.
 */
import type { RegisteredName, RegistryRef } from './model.js';

export interface ClassToolRegistration {
  /** Framework id, as `frameworks.ts` maps the framework's modules. */
  framework: string;
  /** A class (or function) decorator that registers it, by its last name (`@register_tool(…)`). */
  decorator?: string;
  /** Base classes that make a subclass a tool, by their last name. */
  bases?: string[];
  /**
   * Which methods of a registered class the model calls:
   *   public      every method whose name does not start with `_`
   *   decorated   the methods carrying `methodDecorator`; `fallback` when none does
   *   declared    the methods the class names in the schemas it hands the model, as the string of a
   *               `keyword` anywhere in its body (`Tool(tool_name='run_shell', …)`); `fallback` (the
   *               dispatcher, whose arguments are the model's) when none is a method of the class
   * `listedIn` names the decorator keyword that lists the methods instead (`include_functions=[…]`).
   */
  methods:
    | { kind: 'public'; listedIn?: string }
    | { kind: 'decorated'; methodDecorator: string; fallback?: string }
    | { kind: 'declared'; keyword: string; fallback?: string };
  /** The decorator keyword listing the tags a tool is registered under (agents may name a tag for every tool under it). */
  tagsIn?: string;
  /** How the framework's agents say which tools they hold. */
  holders: ToolHolders;
}

/**
 * The framework's agents: classes deriving from a class of `agentModules` (or from such a class of
 * the same file), and calls building one. How they name their tools:
 *   registry     by the name the tool is registered under (its class or function name), or a tag, in
 *                a list of strings: a class attribute or a keyword of the call (`tools: list[str] =
 *                ["Terminal:run_command"]`); `methodsAfter` splits off the methods held, `everyTool` names them all
 *   config       by class, in the config dict (`dict(type=IPythonInteractive)`, or a list of them) a
 *                parameter of the agent class's `__init__` defaults to: the framework builds it
 *   built        not in code at all: the agent's config file names the tool, and the framework's tool
 *                manager (a class named in `builders`, defined in a file that imports the framework, or
 *                deriving from the framework's class of that name) builds each tool class it constructs.
 *                The manager stands for the agents: it holds every tool it builds
 */
export type ToolHolders =
  | { agentModules: string[]; kind: 'registry'; lists: string[]; methodsAfter?: string; everyTool?: string }
  | { agentModules: string[]; kind: 'config'; parameters: string[]; typeKey: string }
  | { kind: 'built'; builders: string[] };

export const CLASS_TOOL_REGISTRATIONS: ClassToolRegistration[] = [
  // MetaGPT (`metagpt.tools.tool_registry`): `@register_tool()` puts a class's public methods, or those
  // `include_functions` names, or a decorated function, in the registry its roles choose tools from.
  // Its roles (`metagpt.roles`) name the tools they hold in `tools` (and DataAnalyst's `custom_tools`):
  // a registered name, `Name:method,method` for some methods, a tag, or `<all>`; RoleZero looks them up.
  {
    framework: 'metagpt',
    decorator: 'register_tool',
    methods: { kind: 'public', listedIn: 'include_functions' },
    tagsIn: 'tags',
    holders: { agentModules: ['metagpt.roles'], kind: 'registry', lists: ['tools', 'custom_tools'], methodsAfter: ':', everyTool: '<all>' },
  },
  // lagent (`lagent.actions`): an action class; its `@tool_api` methods are the tools, else its `run`.
  // Its agents (`lagent.agents`) take actions as config dicts: a shipped agent class holds the actions
  // its `__init__` defaults `actions`, `plugins` or `interpreter` to (`MathCoder`'s IPython interpreter).
  {
    framework: 'lagent',
    bases: ['BaseAction', 'AsyncActionMixin', 'AsyncBaseAction'],
    methods: { kind: 'decorated', methodDecorator: 'tool_api', fallback: 'run' },
    holders: { agentModules: ['lagent.agents'], kind: 'config', parameters: ['actions', 'plugins', 'interpreter'], typeKey: 'type' },
  },
  // ms-agent (`ms_agent.tools.base`): a `ToolBase` subclass hands the model `Tool(tool_name=…)` schemas and
  // its `call_tool` runs the method of that name (`getattr(self, tool_name)(**tool_args)`); a class whose
  // names are no methods dispatches in `call_tool` itself. An agent's YAML config turns a tool on by its
  // key (`tools: code_executor: …`), and the `ToolManager` the agent runs builds the class that key names.
  {
    framework: 'ms-agent',
    bases: ['ToolBase'],
    methods: { kind: 'declared', keyword: 'tool_name', fallback: 'call_tool' },
    holders: { kind: 'built', builders: ['ToolManager'] },
  },
];

/** The decorators that register a tool: a class's or function's, and a method's. */
export const REGISTRATION_DECORATORS: string[] = CLASS_TOOL_REGISTRATIONS.flatMap((r) => [
  ...(r.decorator ? [r.decorator] : []),
  ...(r.methods.kind === 'decorated' ? [r.methods.methodDecorator] : []),
]);

/** Every name that declares a registered tool: the decorators and the base classes above. */
export const REGISTRATION_NAMES: string[] = [...REGISTRATION_DECORATORS, ...CLASS_TOOL_REGISTRATIONS.flatMap((r) => r.bases ?? [])];

/** The names under which agents list their tools: attributes, keywords and parameters (for the prefilter). */
export const HOLDER_LISTS: string[] = [
  ...new Set(CLASS_TOOL_REGISTRATIONS.flatMap((r) => (r.holders.kind === 'registry' ? r.holders.lists : r.holders.kind === 'config' ? r.holders.parameters : []))),
];

/** The tool managers that build the tools an agent's config names (for the prefilter: a class of that name). */
export const HOLDER_BUILDERS: string[] = [...new Set(CLASS_TOOL_REGISTRATIONS.flatMap((r) => (r.holders.kind === 'built' ? r.holders.builders : [])))];

/**
 * Whether an agent's registry reference names this tool: its registered name (with the method, when
 * the reference lists some), a tag it is registered under, or every tool of the framework.
 */
export function namesRegistered(ref: RegistryRef, tool: { framework: string; registered?: RegisteredName }): boolean {
  const r = tool.registered;
  if (!r || tool.framework !== ref.framework) return false;
  if (ref.every) return true;
  if (r.name === ref.name) return !ref.methods || !r.method || ref.methods.includes(r.method);
  return !ref.methods && (r.tags ?? []).includes(ref.name);
}
