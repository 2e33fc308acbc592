/**
 * Functions of another module of the repository handed to an agent by name: `Agent(tools=[run_shell])`
 * after `from .tools import run_shell`. The agent's file declares the tool; its body is the imported
 * function's. The model gives it a body of one call of that function (so the data-flow walk follows
 * it into the other module, as it follows any imported helper, and points at the list item that
 * hands it over); once the imports are resolved, the function's parameters become the tool's
 * inputs, passed through as they are. A name that resolves to no function of the repository (a
 * library's tool, a class) is no tool of this file.
 */
import type { ImportLookup } from './modules.js';
import type { CallSite, Range, ToolDef } from './model.js';

export function importedTool(name: string, origin: { module: string; name: string }, at: Range, framework: string, via: string): ToolDef {
  const call: CallSite = { callee: name, args: '', start: at.start, end: at.end, imported: origin, argv: {} };
  return {
    name,
    binding: name,
    framework,
    via: `${via}, from ${origin.module}`,
    at,
    body: { start: at.start, end: at.end, params: [], calls: [call], strings: [], text: '' },
    schemaStrings: [],
    options: new Map(),
    importedFrom: origin,
  };
}

/**
 * Fills in an imported tool from the function it resolved to: its parameters become the tool's
 * inputs. False when it resolved to nothing, or to a function its own module declares as a tool
 * (`@tool(requires_confirmation=True)` there): that module judges it, with what it was declared with.
 */
export function settleImportedTool(tool: ToolDef, lookup: ImportLookup, fromPath: string): boolean {
  const call = tool.body?.calls[0];
  const fn = call && lookup(fromPath, call);
  if (!call || !fn) return false;
  // A tool of its own module already (`@function_tool` there): that module reports it, once.
  if (fn.module.model.tools.some((t) => (t.bodyRef ?? t.binding ?? t.name) === fn.name)) return false;
  const params = fn.body.params.flat();
  call.argv = {};
  params.forEach((p, i) => {
    const value = { from: [p], text: p };
    call.argv![String(i)] = value;
    call.argv![p] = value;
  });
  tool.inputs = params;
  tool.body!.params = params.map((p) => [p]);
  return true;
}
