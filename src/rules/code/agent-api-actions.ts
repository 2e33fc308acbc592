/**
 * code/agent-api-no-auth for Next.js server actions: a function of a `"use server"` module (or one
 * that opens with the directive) is an endpoint Next.js exposes to any caller of the app, who sends
 * its arguments. An action that starts a process from what it is sent (a command and its arguments
 * handed to `spawn`, `exec` or an MCP stdio transport, here or in the functions it calls, one module
 * on) and that nothing authenticates runs the caller's commands on the host.
 *
 * The arguments are followed by position: an action's parameter, passed to one of the module's own
 * functions or to a function it imports from the repository, is that function's parameter, and so
 * on a few calls deep, until it is the command of a process launch. A command that comes from
 * elsewhere (a stored configuration, a literal) is not the caller's.
 */
import type { AnalyzerContext } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import { importedNames } from './agent-api-routes.js';
import { ID, message, readModule, type ResolveModule } from './agent-api-rule.js';
import { argsAt, clip, codeText, literal, named, splitArgs } from './http-listen.js';
import { middlewareOf, routeAuthenticates } from './next-middleware.js';
import { aliasResolver, localFunctions, nextAppOf, startsOnLoopback, type NextRoute } from './next-routes.js';

/** The directive, as the first statement of a module or of a function body. */
const DIRECTIVE = /(['"])use server\1/;
const MODULE_DIRECTIVE = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(['"])use server\1/;

/** A process launch and the argument that decides what runs: `spawn(cmd, …)`, `exec(cmd)`, `new StdioClientTransport({ command })`. */
const LAUNCH = /(?<![\w$.])(?:new\s+StdioClientTransport|(?:child_process\.|cp\.)?(?:spawn|spawnSync|execFile|execFileSync|exec|execSync|fork|execa|execaSync|execaCommand)|Bun\.spawn)\s*\(/g;

/** Calls a parameter is followed through, and modules away from the action. */
const MAX_DEPTH = 4;

export function mayHoldServerActions(text: string): boolean {
  // The plain search first: a regex with a back-reference scans every file at its own, slower pace.
  return text.includes('use server') && DIRECTIVE.test(text);
}

/**
 * Reports the server actions of a Next.js app's module that launch a process from their arguments;
 * false when the file is no module of a Next.js app (then read as any other file).
 */
export async function analyzeServerActions(file: SourceFile, ctx: AnalyzerContext): Promise<boolean> {
  const root = file.root;
  if (!root) return false;
  const dependsOn = ctx.dependsOn?.bind(ctx);
  const app = nextAppOf(root, file.relPath, dependsOn);
  if (!app) return false;
  const code = codeText(file.text, 'typescript');
  const local = localFunctions(code);
  const actions = serverActions(code, local);
  if (actions.length === 0 || routeAuthenticates(code) || startsOnLoopback(app.text)) return true;
  // An action is posted to whatever page calls it: the middleware is asked for the app's root page.
  const route: NextRoute = { project: app.project, path: '/', router: 'app', manifest: app.text };
  if (middlewareOf(root, route, dependsOn).authenticates) return true;
  const { resolveModule } = await import('./modules.js');
  const alias = aliasResolver(root, route, file.relPath, dependsOn);
  const resolve: ResolveModule = (r, from, spec, lang) => resolveModule(r, from, alias(spec) ?? spec, lang);
  const reader = moduleReader(root, ctx, resolve);
  for (const action of actions) {
    const fn = local.get(action.name)!;
    const params = parameters(fn);
    if (params.length === 0) continue;
    const launch = launchFrom(fn, new Set(params), { rel: file.relPath, code, local, imports: importedNames(code, 'typescript') }, reader, 0);
    if (!launch) continue;
    const lineEnd = code.indexOf('\n', action.start);
    const span = { start: action.start, end: lineEnd < 0 ? code.length : lineEnd };
    const exposure = { kind: 'commands' as const, route: `server action ${action.name}()`, via: launch };
    ctx.report({
      ruleId: ID,
      message: message("Next.js app on every interface (next start's default) with no authentication", exposure, undefined, 'neither the action nor a middleware checks a session, token or login'),
      span,
      key: `server-action:${action.name}`,
      evidence: launch,
      severity: 'high',
    });
  }
  return true;
}

interface Module {
  rel: string;
  code: string;
  local: Map<string, string>;
  /** What the module imports, by local name: the specifier. */
  imports: Map<string, string>;
}

/** `export function name`, `export default async function name`, `export const name`: the names a module exports where it defines them. */
const EXPORTED_DEFINITION = /^[ \t]*export\s+(?:default\s+)?(?:(?:async\s+)?function\s*\*?\s*|const\s+|let\s+)([A-Za-z_$][\w$]*)/gm;

/** The actions of a module: every exported function of a `"use server"` module, and any function whose body opens with the directive. */
function serverActions(code: string, local: Map<string, string>): { name: string; start: number }[] {
  const exported = MODULE_DIRECTIVE.test(code) ? new Set([...code.matchAll(EXPORTED_DEFINITION)].map((m) => m[1]!)) : undefined;
  const out: { name: string; start: number }[] = [];
  for (const [name, text] of local) {
    const own = /=>\s*\{\s*(['"])use server\1|\)\s*(?::[^{]+)?\{\s*(['"])use server\2/.test(text.slice(0, 2000));
    if (exported?.has(name) || own) out.push({ name, start: lineStart(code, code.indexOf(text)) });
  }
  return out;
}

function lineStart(code: string, at: number): number {
  return code.lastIndexOf('\n', at - 1) + 1;
}

/** A function's parameter names by position: `(id: string, { command, args }: Config)` → `id`, then both names of the pattern. */
function parameters(fn: string): string[] {
  const open = /^[^(=]*?(?:=\s*(?:async\s*)?(?:function\b[^(]*)?)?\(/.exec(fn);
  if (!open) {
    const one = /=\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(fn);
    return one ? [one[1]!] : [];
  }
  const a = argsAt(fn, open[0].length - 1);
  if (!a) return [];
  return splitArgs(a.args).map((item) => {
    const p = item.trim().replace(/^\.\.\./, '');
    if (/^[{[]/.test(p)) return (p.slice(0, (argsAt(p, 0)?.end ?? p.length)).match(/[A-Za-z_$][\w$]*(?=\s*[,}\]=]|\s*$)/g) ?? []).join(' ');
    return /^[A-Za-z_$][\w$]*/.exec(p)?.[0] ?? '';
  });
}

/**
 * Whether an expression reads one of the names (`config`, `config.command`, `{ ...config }`). A name
 * used as a key (`servers[id]`) only picks a stored value: what it picks is not the caller's.
 */
function reads(expr: string, names: ReadonlySet<string>): boolean {
  const picked = expr.replace(/(?<=[\w$\])])\s*\[[^[\]]*\]/g, '');
  for (const m of picked.matchAll(/(?<![\w$.])[A-Za-z_$][\w$]*/g)) if (names.has(m[0])) return true;
  return false;
}

type ModuleReader = (from: Module, name: string) => { module: Module; fn: string } | undefined;

/** The definition of a name a module imports from the repository, one module on, each module read once. */
function moduleReader(root: string, ctx: AnalyzerContext, resolve: ResolveModule): ModuleReader {
  const modules = new Map<string, Module | undefined>();
  return (from, name) => {
    const spec = from.imports.get(name);
    const rel = spec && resolve(root, from.rel, spec, 'typescript');
    if (!rel) return undefined;
    if (!modules.has(rel)) {
      const text = readModule(root, rel, ctx);
      const code = text === undefined ? undefined : codeText(text, 'typescript');
      modules.set(rel, code === undefined ? undefined : { rel, code, local: localFunctions(code), imports: importedNames(code, 'typescript') });
    }
    const module = modules.get(rel);
    const fn = module?.local.get(name);
    return module && fn ? { module, fn } : undefined;
  };
}

/**
 * The launch (clipped) whose command a function takes from the named values, in its own body or in
 * a function it passes them to; the function's local bindings from those values are followed too.
 */
function launchFrom(fn: string, given: Set<string>, module: Module, read: ModuleReader, depth: number): string | undefined {
  const names = new Set(given);
  // `const { command, args } = config`, `const cfg = { ...config, status }`: bindings from the values, twice over.
  for (let pass = 0; pass < 2; pass++) {
    for (const m of fn.matchAll(/(?<![\w$.])(?:const|let|var)\s+(\{[^}=]*\}|[A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?=\s*([^;\n]+)/g)) {
      if (reads(m[2]!, names)) for (const n of m[1]!.match(/[A-Za-z_$][\w$]*/g) ?? []) names.add(n);
    }
  }
  for (const m of fn.matchAll(LAUNCH)) {
    const a = argsAt(fn, m.index + m[0].length - 1);
    const first = a && splitArgs(a.args)[0];
    if (!first) continue;
    const decisive = /^\{/.test(first.trim()) ? named(splitArgs(first.trim().slice(1, -1)), 'command', ':') ?? (/(?:^|[{,])\s*command\s*(?:[,}]|$)/.test(first) ? 'command' : undefined) : first;
    // The launch is shown by its callee and the argument that decides what runs (a name, never a
    // literal), not its whole text: its other arguments may hold a key.
    if (decisive && literal(decisive) === undefined && reads(decisive, names)) return clip(`${m[0]}${decisive.trim()}${splitArgs(a.args).length > 1 ? ', …' : ''})`);
  }
  if (depth >= MAX_DEPTH) return undefined;
  for (const m of fn.matchAll(/(?<![\w$.])([A-Za-z_$][\w$]*)\s*\(/g)) {
    const callee = m[1]!;
    if (/^(?:if|for|while|switch|catch|function|return|await|typeof|new)$/.test(callee)) continue;
    const a = argsAt(fn, m.index + m[0].length - 1);
    if (!a) continue;
    const positions = splitArgs(a.args).flatMap((arg, i) => (reads(arg, names) ? [i] : []));
    if (positions.length === 0) continue;
    const own = module.local.get(callee);
    const target = own !== undefined ? { module, fn: own } : read(module, callee);
    if (!target || target.fn === fn) continue;
    const params = parameters(target.fn);
    const passed = new Set(positions.flatMap((i) => (params[i] ? params[i]!.split(' ') : [])));
    if (passed.size === 0) continue;
    const found = launchFrom(target.fn, passed, target.module, read, depth + 1);
    if (found) return found;
  }
  return undefined;
}
