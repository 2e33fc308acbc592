/**
 * code/agent-api-no-auth for a launcher whose app another module of the repository makes: a file
 * that starts uvicorn on an app it imports rather than makes, as a command-line entry point does:
 *
 *   from pkg.server.app import create_app      app = create_app()      uvicorn.run(app, host=args.host)
 *
 * and its forms `uvicorn.run(create_app(), …)`, `from pkg.main import app`, `uvicorn.run("pkg.main:app", …)`
 * (with `factory=True`, the name is the factory's). The import is resolved to a file of the repository
 * (`modules.ts`), re-exports followed (`definingModule`), and that module read for the app: a
 * module-level function that makes a FastAPI or Starlette app and returns it, or a module-level app.
 * That module is then the app's: its routes and the routers it includes are what the launcher
 * serves, and its authentication and CORS policy count as the launcher's own.
 */
import { argsAt, codeText, literal } from './http-listen.js';
import { wildcardCors } from './agent-api-cors.js';
import { hasAuthentication, madeApp, servedApp, type AppElsewhere } from './agent-api-listen.js';
import { pythonImports } from './agent-api-routes.js';
import { definingModule, importTarget, type DefiningModule, type ModuleCode, type ResolveSpec } from './agent-api-definitions.js';

export interface ImportedApp extends AppElsewhere {
  /** The app as the launcher's uvicorn call names it: `app`, `create_app()`, `"pkg.main:app"`. */
  served: string;
  /** The module that makes it, from the root, and its code (comment lines blanked). */
  rel: string;
  code: string;
  /** How that module makes it, for the message: `made by create_app() in pkg/server/app.py`, `"app" of pkg/main.py`. */
  made: string;
}

const UVICORN = /(?<![\w.])uvicorn\.(?:run|Config)\s*\(/g;

/**
 * The apps another module of the repository makes that a launcher file (`relPath`) serves with
 * uvicorn, one per app as its calls name it; `authenticates` says whether the module that makes one
 * authenticates its callers.
 */
export function importedApps(
  relPath: string,
  text: string,
  read: ModuleCode,
  resolve: ResolveSpec,
  authenticates: (rel: string, code: string) => boolean = (_rel, code) => hasAuthentication(code, 'python'),
): ImportedApp[] {
  if (!/\buvicorn\.(?:run|Config)\s*\(/.test(text)) return [];
  const code = codeText(text, 'python');
  const imports = pythonImports(code);
  const out = new Map<string, ImportedApp>();
  for (const m of code.matchAll(UVICORN)) {
    const a = argsAt(code, m.index + m[0].length - 1);
    const served = a && servedApp(code.slice(m.index, a.end));
    if (!a || !served || out.has(served)) continue;
    const made = maker(served, a.args, code, relPath, imports, read, resolve);
    if (!made || made.module.rel === relPath) continue;
    const cors = wildcardCors(made.module.code, 'python');
    out.set(served, {
      served,
      server: made.server,
      rel: made.module.rel,
      code: made.module.code,
      made: made.factory ? `made by ${made.module.name}() in ${made.module.rel}` : `"${made.module.name}" of ${made.module.rel}`,
      authenticated: authenticates(made.module.rel, made.module.code),
      ...(cors ? { cors: `${cors} in ${made.module.rel}` } : {}),
    });
  }
  return [...out.values()];
}

interface Made {
  module: DefiningModule;
  server: AppElsewhere['server'];
  factory: boolean;
}

/** The module that makes the app a uvicorn call serves (`served`, its arguments `args`), read through the launcher's imports. */
function maker(served: string, args: string, code: string, relPath: string, imports: ReturnType<typeof pythonImports>, read: ModuleCode, resolve: ResolveSpec): Made | undefined {
  const made = (module: DefiningModule | undefined, factory: boolean): Made | undefined => {
    const server = module && madeApp(module.code, module.name, factory);
    return module && server ? { module, server, factory } : undefined;
  };
  // `"pkg.main:app"`: a module and its attribute, the app or (with `factory=True`) the function that makes it.
  const path = /^([\w.]+):(\w+)$/.exec(literal(served) ?? '');
  if (path) {
    const rel = resolve(relPath, path[1]!);
    return rel ? made(definingModule(rel, path[2]!, read, resolve), /\bfactory\s*=\s*True\b/.test(args)) : undefined;
  }
  // `create_app()` or `server.create_app()` in the call, or a name the launcher binds to one (`app = create_app()`, in any function).
  const bound = /^\w+$/.test(served) ? new RegExp(`^[ \\t]*${served}[ \\t]*(?::[^=\\n]+)?=(?!=)[ \\t]*(?:await[ \\t]+)?([\\w.]+)\\s*\\(`, 'm').exec(code)?.[1] : undefined;
  const call = bound ?? /^([\w.]+)\s*\(/.exec(served)?.[1];
  // Else the name itself is imported: the app another module makes (`from pkg.main import app`).
  const [first, attribute, more] = (call ?? served).split('.');
  if (more !== undefined || !first) return undefined;
  const imported = imports.get(first);
  const target = imported && importTarget(relPath, imported, resolve);
  if (!target) return undefined;
  // A module imported whole is read for its attribute (`server.create_app()`); a name, in the module that defines it.
  const name = target.name ? (attribute === undefined ? target.name : undefined) : attribute;
  return name ? made(definingModule(target.rel, name, read, resolve), call !== undefined) : undefined;
}
