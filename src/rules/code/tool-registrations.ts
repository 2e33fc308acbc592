/**
 * Frameworks whose tools are classes the framework registers, declared as data: how a class is
 * made a tool, and which of its methods the model calls. `python-registered-tools.ts` reads it to
 * find the tools, and the prefilter (`markers.ts`) to know the names that declare one.
 */

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
   * `listedIn` names the decorator keyword that lists the methods instead (`include_functions=[…]`).
   */
  methods: { kind: 'public'; listedIn?: string } | { kind: 'decorated'; methodDecorator: string; fallback?: string };
}

export const CLASS_TOOL_REGISTRATIONS: ClassToolRegistration[] = [
  // MetaGPT (`metagpt.tools.tool_registry`): `@register_tool()` puts a class's public methods, or those
  // `include_functions` names, or a decorated function, in the registry its roles choose tools from.
  { framework: 'metagpt', decorator: 'register_tool', methods: { kind: 'public', listedIn: 'include_functions' } },
  // lagent (`lagent.actions`): an action class; its `@tool_api` methods are the tools, else its `run`.
  { framework: 'lagent', bases: ['BaseAction', 'AsyncActionMixin', 'AsyncBaseAction'], methods: { kind: 'decorated', methodDecorator: 'tool_api', fallback: 'run' } },
];

/** The decorators that register a tool: a class's or function's, and a method's. */
export const REGISTRATION_DECORATORS: string[] = CLASS_TOOL_REGISTRATIONS.flatMap((r) => [
  ...(r.decorator ? [r.decorator] : []),
  ...(r.methods.kind === 'decorated' ? [r.methods.methodDecorator] : []),
]);

/** Every name that declares a registered tool: the decorators and the base classes above. */
export const REGISTRATION_NAMES: string[] = [...REGISTRATION_DECORATORS, ...CLASS_TOOL_REGISTRATIONS.flatMap((r) => r.bases ?? [])];
