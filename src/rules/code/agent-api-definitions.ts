/**
 * code/agent-api-no-auth, reading another Python module of the repository by name, without a parse:
 * what an imported name stands for (a module of the repository, or a name another module defines),
 * the module-level definition of a name (a function, a class, an assignment), and the module that
 * defines a name a package only re-exports (`from .settings import settings_router` in an
 * `__init__.py`). Used to read an app another module makes (`agent-api-imported-app.ts`), the
 * routers an app includes and the project's classes a route reaches (`agent-api-reach.ts`).
 */
import { blockEnd } from './python-blocks.js';
import { firstItem } from './http-listen.js';
import { pythonImports, withoutStrings } from './agent-api-routes.js';

/** A module's code (comment lines blanked) by its path from the root; undefined when it cannot be read. */
export type ModuleCode = (rel: string) => string | undefined;
/** A Python module specifier resolved from a module of the repository (`from`) to a file of it. */
export type ResolveSpec = (from: string, spec: string) => string | undefined;

/** What an imported name stands for: a module of the repository, or `name` as that module defines it. */
export interface ImportTarget {
  rel: string;
  name?: string;
}

/** A re-export is followed this many modules on. */
const MAX_REEXPORTS = 2;

/**
 * What a module's import binds a name to: `from pkg import shared` names the module `pkg/shared.py`
 * when there is one, else `shared` as `pkg` defines it; `import pkg.shared as shared` the module.
 * A capitalised name (`from pkg import Session`) is taken for a class, not looked for as a module.
 * Undefined when the specifier is no module of the repository (a library).
 */
export function importTarget(from: string, imported: { spec: string; name: string }, resolve: ResolveSpec): ImportTarget | undefined {
  if (!imported.name) {
    const rel = resolve(from, imported.spec);
    return rel ? { rel } : undefined;
  }
  const sub = /^[A-Z]/.test(imported.name) ? undefined : resolve(from, imported.spec.endsWith('.') ? `${imported.spec}${imported.name}` : `${imported.spec}.${imported.name}`);
  if (sub) return { rel: sub };
  const rel = resolve(from, imported.spec);
  return rel ? { rel, name: imported.name } : undefined;
}

/** A module-level definition: its kind and its text (a block, or an assignment's value). */
export interface Definition {
  kind: 'def' | 'class' | 'value';
  text: string;
}

/** A module-level definition's line: `def name(`, `class name`, `name = …` (the offset where its value starts). */
const TOP_DEFINITION = /^(?:(?:async[ \t]+)?def[ \t]+(\w+)|class[ \t]+(\w+)|(\w+)[ \t]*(?::[^=\n]+)?=(?!=)[ \t]*)/gm;

interface Place {
  kind: Definition['kind'];
  /** Where the `def` or `class` line starts, or where the value starts. */
  at: number;
}

/** The module-level definitions of the modules read last, by their code: one pass over each module, whatever the names asked. */
const indexes = new Map<string, Map<string, Place>>();
const MAX_INDEXES = 64;

/** Each name a module defines at module level, with where: the last binding of a name is the one its importers see. */
export function topDefinitions(code: string): ReadonlyMap<string, Place> {
  let index = indexes.get(code);
  if (!index) {
    index = new Map();
    // Read where strings are blanked: a line of a multi-line string (`name = …` in a prompt's text) defines nothing.
    for (const m of withoutStrings(code).matchAll(TOP_DEFINITION)) {
      const kind = m[1] ? 'def' : m[2] ? 'class' : 'value';
      index.set((m[1] ?? m[2] ?? m[3])!, { kind, at: kind === 'value' ? m.index + m[0].length : m.index });
    }
    if (indexes.size >= MAX_INDEXES) indexes.delete(indexes.keys().next().value!);
    indexes.set(code, index);
  }
  return index;
}

/**
 * The module-level definition of `name` in a module's code: `def name(…):` or `class name…:` with its
 * indented block, or the value of `name = …` (to the end of its brackets).
 */
export function definitionOf(code: string, name: string): Definition | undefined {
  const place = topDefinitions(code).get(name);
  if (!place) return undefined;
  if (place.kind === 'value') return { kind: 'value', text: firstItem(code, place.at) };
  const lines = code.slice(place.at).split('\n');
  return { kind: place.kind, text: lines.slice(0, blockEnd(blockLines(code, place.at), 0)).join('\n') };
}

/** Texts whose strings are blanked quotes and all, for the modules and definitions read last (`blockLines`). */
const layouts = new Map<string, string>();

/**
 * The lines of a Python text from `at`, its strings blanked with their quotes: a block is told by its
 * indentation, and the lines of a multi-line string (an f-string's text and its closing quotes at the
 * left margin) have none.
 */
export function blockLines(code: string, at = 0): string[] {
  let layout = layouts.get(code);
  if (layout === undefined) {
    // Once their contents are blanked, the quotes left are the strings' own.
    layout = withoutStrings(code).replace(/["']/g, ' ');
    if (layouts.size >= MAX_INDEXES) layouts.delete(layouts.keys().next().value!);
    layouts.set(code, layout);
  }
  return layout.slice(at).split('\n');
}

/** Where a name is defined: the module, the name there (a re-export may rename it), the module's code and the definition. */
export interface DefiningModule {
  rel: string;
  name: string;
  code: string;
  definition: Definition;
}

/**
 * The module that defines `name` and its definition, starting at `rel`: the module itself, or, when
 * it only imports the name from another module of the repository (a package re-exporting it), that
 * module, a few re-exports on.
 */
export function definingModule(rel: string, name: string, read: ModuleCode, resolve: ResolveSpec, hops = MAX_REEXPORTS): DefiningModule | undefined {
  const code = read(rel);
  if (code === undefined) return undefined;
  const definition = definitionOf(code, name);
  if (definition) return { rel, name, code, definition };
  const imported = hops > 0 ? pythonImports(code).get(name) : undefined;
  const target = imported && importTarget(rel, imported, resolve);
  return target?.name ? definingModule(target.rel, target.name, read, resolve, hops - 1) : undefined;
}
