/**
 * code/agent-api-no-auth: what an agent API's file reads from the other modules of its repository,
 * for one file analysed: the bind host a settings module gives (`hostElsewhere`), whether a module a
 * route handler calls into runs an agent (`imported`, one module on), the project's classes a route
 * reaches its agent through (`reached`, `agent-api-reach.ts`), the routers an app includes
 * (`routers`), and the app another module makes for a launcher (`apps`, `agent-api-imported-app.ts`);
 * a module authenticates also through a dependency of the repository whose definition does
 * (`authenticates`). Every module read is a dependency of the file's result (`readModule`).
 */
import path from 'node:path';
import type { AnalyzerContext } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import { allInterfaces, codeText, type HostElsewhere } from './http-listen.js';
import { hasAuthentication } from './agent-api-listen.js';
import { drivesAgent, pythonImports, routerCode, type ImportedAgent, type IncludedRouter, type ReachedAgent } from './agent-api-routes.js';
import { followImport, readModule, type ResolveModule } from './agent-api-rule.js';
import { definingModule, importTarget, type ModuleCode, type ResolveSpec } from './agent-api-definitions.js';
import { reachCache, reachedAgent } from './agent-api-reach.js';
import { importedApps, type ImportedApp } from './agent-api-imported-app.js';

/** Routers an app includes, read from the modules that hold them, at most this many. */
const MAX_ROUTERS = 16;
/** How many routers deep includes are followed (`app` → `v1_router` → `agents_router`). */
const MAX_ROUTER_DEPTH = 3;
/** How many dependencies deep a module's authentication is followed (`verify_team_member` → `get_current_user`). */
const MAX_DEPENDENCY_DEPTH = 2;

export interface AppModules {
  hostElsewhere: HostElsewhere;
  /** Follows a route handler's call from the module at `rel` one module on: whether the imported module runs an agent or a model. */
  imported(rel: string, lang: 'python' | 'typescript'): ImportedAgent;
  /** How a route of the Python module at `rel` (`code`, comment lines blanked) reaches an agent through the project's objects and classes. */
  reached(rel: string, code: string): ReachedAgent;
  /** The routers the Python module at `rel` includes, and those they include. */
  routers(rel: string, text: string): IncludedRouter[];
  /** The apps another module makes that the file serves with uvicorn. */
  apps(): ImportedApp[];
}

export function appModules(file: SourceFile, ctx: AnalyzerContext, resolveModule: ResolveModule): AppModules {
  const root = file.root;
  const codes = new Map<string, string | undefined>();
  const read: ModuleCode = (rel) => {
    if (!root) return undefined;
    if (!codes.has(rel)) {
      const text = readModule(root, rel, ctx);
      codes.set(rel, text === undefined ? undefined : codeText(text, 'python'));
    }
    return codes.get(rel);
  };
  // A specifier resolves the same from every module of one folder: each is resolved once (a library's name is tried on every folder up to the root).
  const resolved = new Map<string, string | undefined>();
  const resolve: ResolveSpec = (from, spec) => {
    if (!root) return undefined;
    const key = `${path.posix.dirname(from)}\0${spec}`;
    if (!resolved.has(key)) resolved.set(key, resolveModule(root, from, spec, 'python'));
    return resolved.get(key);
  };
  const imported = (rel: string, lang: 'python' | 'typescript') => followImport(root, rel, ctx, lang, resolveModule, (text) => drivesAgent(text, lang));
  const readers = new Map<string, ReachedAgent>();
  const walked = reachCache();
  const reached = (rel: string, code: string): ReachedAgent => {
    if (!readers.has(rel)) readers.set(rel, reachedAgent(rel, code, read, resolve, walked));
    return readers.get(rel)!;
  };
  return {
    hostElsewhere: hostElsewhere(file, read, resolve),
    imported,
    reached,
    routers: (rel, text) => (file.kind === 'python' && root ? includedRouters(rel, text, read, resolve, imported, reached) : []),
    apps: () => (file.kind === 'python' ? importedApps(file.relPath, file.text, read, resolve, (rel, code) => authenticates(rel, code, read, resolve)) : []),
  };
}

/**
 * A bind host read from an object another module of the app defines (`from config import settings`,
 * `host=settings.HOST`): that module's own binding of the attribute (a settings class's default).
 * Several listeners may read the same attribute: the file's imports are read once, and each
 * attribute's module resolved and read once.
 */
function hostElsewhere(file: SourceFile, read: ModuleCode, resolve: ResolveSpec): HostElsewhere {
  // Asked only about this file's code: its imports and each attribute's answer stand for the file.
  let imports: ReturnType<typeof pythonImports> | undefined;
  const answers = new Map<string, string | undefined>();
  const lookUp = (imported: string, attribute: string, code: string): string | undefined => {
    imports ??= pythonImports(code);
    const from = imports.get(imported);
    if (!from) return undefined;
    const inner = from.name ? (from.spec.endsWith('.') ? `${from.spec}${from.name}` : `${from.spec}.${from.name}`) : undefined;
    const rel = (inner && resolve(file.relPath, inner)) ?? resolve(file.relPath, from.spec);
    const text = rel && read(rel);
    const bind = text ? allInterfaces(attribute, text, 'python') : undefined;
    return bind && `${bind}, ${imported}.${attribute} in ${rel}`;
  };
  return (imported, attribute, code) => {
    const key = `${imported}.${attribute}`;
    if (!answers.has(key)) answers.set(key, lookUp(imported, attribute, code));
    return answers.get(key);
  };
}

/** The imported function whose result a router name holds (`acp_router = configure_adapter(…)`, then `app.include_router(acp_router)`). */
function routerMaker(name: string, text: string): string | undefined {
  if (!/^\w+$/.test(name)) return undefined;
  return new RegExp(`^[ \\t]*${name}[ \\t]*(?::[^=\\n]+)?=(?!=)[ \\t]*(?:await[ \\t]+)?(\\w+)\\s*\\(`, 'm').exec(text)?.[1];
}

/**
 * The router modules a FastAPI app includes (`app.include_router(chat.router)` after `from .routers
 * import chat`, `app.include_router(chat_router)` after `from .routers.chat import router as
 * chat_router`, or `app.include_router(acp_router)` after `acp_router = configure_adapter(…)` and `from .adapter import
 * configure_adapter`), found through the module's imports, a package that only re-exports a router
 * (`from .settings import settings_router` in `api/__init__.py`) followed to the module that defines
 * it, and the routers those include in turn (a versioned router gathering the others:
 * `v1_router.include_router(agents_router)`); a router whose module authenticates its callers (a
 * security dependency on the router) is left out, with what it includes.
 */
function includedRouters(
  relPath: string,
  text: string,
  read: ModuleCode,
  resolve: ResolveSpec,
  imported: AppModules['imported'],
  reached: AppModules['reached'],
): IncludedRouter[] {
  const out: IncludedRouter[] = [];
  const seen = new Set<string>([relPath]);
  const collect = (from: string, code: string, depth: number): void => {
    if (!/\.include_router\s*\(/.test(code)) return;
    const imports = pythonImports(code);
    for (const m of code.matchAll(/\.include_router\s*\(\s*([\w.]+)/g)) {
      if (out.length >= MAX_ROUTERS) return;
      const imp = imports.get(m[1]!.split('.')[0]!) ?? imports.get(routerMaker(m[1]!, code) ?? '');
      // `from .routers import chat` names a module (`.routers.chat`); `from .routers.chat import router` names a value of one.
      const target = imp && importTarget(from, imp, resolve);
      if (!target) continue;
      const rel = (target.name && definingModule(target.rel, target.name, read, resolve)?.rel) || target.rel;
      if (seen.has(rel)) continue;
      seen.add(rel);
      const router = read(rel);
      if (router === undefined || authenticates(rel, router, read, resolve)) continue;
      out.push({ code: router, imported: imported(rel, 'python'), reached: reached(rel, router) });
      if (depth < MAX_ROUTER_DEPTH) collect(rel, router, depth + 1);
    }
  };
  collect(relPath, routerCode(text, 'python'), 1);
  return out;
}

/**
 * Whether a Python module (`code`, comment lines blanked) authenticates its callers: by what it shows
 * (`hasAuthentication`), or through a FastAPI dependency of its routes that the repository defines
 * and whose own definition authenticates (`Depends(verify_team_member)`, where `verify_team_member`
 * depends on `get_current_user`), a dependency or two on.
 */
function authenticates(rel: string, code: string, read: ModuleCode, resolve: ResolveSpec, depth = 0): boolean {
  if (hasAuthentication(code, 'python')) return true;
  if (depth >= MAX_DEPENDENCY_DEPTH || !/\bDepends\s*\(/.test(code)) return false;
  const imports = pythonImports(code);
  const names = new Set([...code.matchAll(/\bDepends\s*\(\s*(\w+)\s*\)/g)].map((m) => m[1]!));
  for (const name of names) {
    const imported = imports.get(name);
    const target = imported ? importTarget(rel, imported, resolve) : { rel, name };
    const found = target?.name ? definingModule(target.rel, target.name, read, resolve) : undefined;
    if (found?.definition.kind === 'def' && authenticates(found.rel, found.definition.text, read, resolve, depth + 1)) return true;
  }
  return false;
}
