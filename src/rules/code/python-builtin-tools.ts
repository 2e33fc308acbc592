/**
 * Built-in risky tools a Python file constructs from a framework (`ShellTool(…)`, Agno's
 * `FileTools(…)`): which of a toolkit's risky functions are enabled and confirmed, and whether a
 * file toolkit is confined to a directory fixed by the code.
 */
import { pyStringValue, type PyNode } from '../../parsers/python.js';
import type { ToolDef } from './model.js';
import { bindingOfCall, optionsOf } from './python-syntax.js';
import { AGNO_TOOLKITS, BUILTIN_TOOLS, CODE_RUNNING_AGENTS, FILE_TOOLKIT_ROOT } from './vocabulary.js';

/**
 * The tool a call to a framework class builds when that class is a built-in risky tool
 * (`last` is the class name); undefined for any other class.
 */
export function builtinTool(call: { start: number; end: number; node: PyNode }, last: string, framework: string, kwargs: Map<string, PyNode>, positional: PyNode[]): ToolDef | undefined {
  const builtin = BUILTIN_TOOLS[last];
  if (!builtin) return undefined;
  // A shell in OpenAI's hosted container is sandboxed away from this machine and its credentials.
  if (last === 'ShellTool' && /container/.test(kwargs.get('environment')?.text ?? '')) return undefined;
  // CAMEL's terminal running every command in a Docker container, or only the commands a fixed list allows.
  if (last === 'TerminalToolkit' && (kwargs.get('use_docker_backend')?.text === 'True' || kwargs.get('allowed_commands')?.type === 'list')) return undefined;
  // CAMEL's code runner on this host: a subprocess or a local Jupyter kernel, not its restricted interpreter (the default), Docker or E2B.
  if (last === 'CodeExecutionToolkit') {
    const sandbox = kwargs.get('sandbox') ?? positional[0];
    if (!sandbox || !/^(?:subprocess|jupyter)$/.test(pyStringValue(sandbox) ?? '')) return undefined;
  }
  const options = optionsOf(kwargs);
  const risky = AGNO_TOOLKITS[last] ? agnoRiskyFunctions(last, kwargs) : undefined;
  if (risky && risky.unconfirmed.length === 0 && risky.included.length > 0) options.set('requires_confirmation', { value: 'True', start: call.start, end: call.end });
  const name = risky?.included.length ? `${last} (${risky.included.join(', ')})` : last;
  const root = FILE_TOOLKIT_ROOT[last];
  const rootNode = root ? (kwargs.get(root.keyword) ?? (root.position !== undefined ? positional[root.position] : undefined)) : undefined;
  const confinedTo = rootNode && isFixedDirectory(rootNode) ? rootNode.text : undefined;
  return { name, binding: bindingOfCall(call.node), framework, via: `${last}(…)`, at: { start: call.start, end: call.end }, builtinRisk: risky && risky.included.length === 0 ? undefined : builtin, schemaStrings: [], options, ...(confinedTo ? { confinedTo } : {}) };
}

/**
 * The code-running tool an agent builder gives the model when it runs the model's Python here:
 * when its option turns execution on (`create_pandas_dataframe_agent(llm, df, allow_dangerous_code=True)`),
 * or by default when no sandbox is given (PandasAI's `Agent([df])`); undefined otherwise.
 */
export function codeRunningAgentTool(call: { start: number; end: number; node: PyNode }, last: string, framework: string, kwargs: Map<string, PyNode>): ToolDef | undefined {
  const runner = CODE_RUNNING_AGENTS[last];
  if (!runner || runner.framework !== framework) return undefined;
  let name: string;
  let at: { start: number; end: number };
  if (runner.enabledBy) {
    const value = kwargs.get(runner.enabledBy);
    if (!value || value.text !== 'True') return undefined;
    name = `${last} (${runner.enabledBy}=True)`;
    // Pointed at the option that turns execution on (`allow_dangerous_code=True`).
    const node = value.parent?.type === 'keyword_argument' ? value.parent : value;
    at = { start: node.startIndex, end: node.endIndex };
  } else {
    // Any sandbox given, even one a caller passes in, takes the code out of this process; `None` is none.
    const sandbox = runner.confinedBy ? kwargs.get(runner.confinedBy) : undefined;
    if (sandbox && sandbox.text !== 'None') return undefined;
    name = `${last} (${runner.confinedBy ? `no ${runner.confinedBy}` : 'runs generated code'})`;
    at = { start: call.start, end: call.end };
  }
  return { name, binding: bindingOfCall(call.node), framework, via: `${last}(…)`, at, builtinRisk: 'code-exec', schemaStrings: [], options: optionsOf(kwargs) };
}

/** Which risky functions of an Agno toolkit are enabled, and which of them need no confirmation. */
function agnoRiskyFunctions(toolkit: string, kwargs: Map<string, PyNode>): { included: string[]; unconfirmed: string[] } {
  const names = (key: string): string[] | undefined => {
    const node = kwargs.get(key);
    if (!node || (node.type !== 'list' && node.type !== 'tuple')) return undefined;
    return node.namedChildren.map((c) => (c ? pyStringValue(c) : undefined)).filter((x): x is string => !!x);
  };
  const include = names('include_tools');
  const exclude = names('exclude_tools') ?? [];
  const confirm = names('requires_confirmation_tools') ?? [];
  const off = (fn: string) => [`enable_${fn}`, fn, fn.replace(/_file$/, '_files')].some((k) => /^(?:False|0)$/.test(kwargs.get(k)?.text ?? ''));
  const all = kwargs.get('all')?.text === 'True';
  const included = AGNO_TOOLKITS[toolkit]!.filter((fn) => (all || !include || include.includes(fn)) && !exclude.includes(fn) && !off(fn));
  return { included, unconfirmed: included.filter((fn) => !confirm.includes(fn)) };
}

/** Names a fixed directory may be built from: `Path(…)`, `os.path` helpers, `__file__`. */
const PATH_WORDS = new Set(['Path', 'PurePath', 'pathlib', 'os', 'path', 'join', 'abspath', 'dirname', 'resolve', 'parent', 'parents', '__file__', 'absolute', 'expanduser', 'str']);

/**
 * Whether a directory argument is fixed by the code: `"tmp/files"`, `Path("tmp/files")`,
 * `Path(__file__).parent / "data"`; not a variable, an environment read or an f-string with a value.
 */
function isFixedDirectory(node: PyNode, depth = 0): boolean {
  let fixed = true;
  let literal = false;
  const visit = (n: PyNode): void => {
    if (!fixed) return;
    if (n.type === 'interpolation') fixed = false;
    else if (n.type === 'string') literal = true;
    else if (n.type === 'identifier' && !PATH_WORDS.has(n.text)) {
      // A module-level name bound once to a fixed directory (`SANDBOX = Path("tmp/files")`).
      const bound = depth < 3 ? moduleBinding(n) : undefined;
      if (bound && isFixedDirectory(bound, depth + 1)) literal = true;
      else fixed = false;
    }
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(node);
  return fixed && literal;
}

/** The value a name is given at module level, when it is given exactly one. */
function moduleBinding(name: PyNode): PyNode | undefined {
  let found: PyNode | undefined;
  for (const stmt of name.tree.rootNode.namedChildren) {
    const a = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : null;
    const left = a?.type === 'assignment' || a?.type === 'augmented_assignment' ? a.childForFieldName('left') : null;
    if (left?.type !== 'identifier' || left.text !== name.text) continue;
    if (found || a!.type === 'augmented_assignment') return undefined;
    found = a!.childForFieldName('right') ?? undefined;
  }
  return found;
}
