/**
 * How a file's own code starts an HTTP listener and which interface it binds, read from the text of
 * one Python or TypeScript/JavaScript file, and whether the file shows any authentication. Shared by
 * the rules about servers open to the network (`mcp-http-listen.ts`, `agent-api-listen.ts`).
 * Text-level: the bind host is followed through the file's own assignments, environment lookups with
 * a default and command-line options with a default, never into another module.
 */
import { maskNamedValues } from '../../core/redact.js';
import { withoutCommentLines } from './markers.js';
import { escapeRegExp } from '../../core/regex.js';

/** A call that starts a listener on every interface. */
export interface Listen {
  /** Offset of the call that starts the listener. */
  start: number;
  end: number;
  /** The call as written, clipped, for evidence. */
  call: string;
  /** How the interface is chosen: `0.0.0.0`, `::`, `the default "0.0.0.0" of HOST`, `listen() given no host`. */
  bind: string;
  /** Loopback only (`127.0.0.1`), listed when asked for (`nodeListeners(code, true)`): `bind` says how. */
  loopback?: boolean;
}

/** The file's text with comment lines blanked, every offset kept (`withoutCommentLines`, padded back). */
export function codeText(text: string, language: 'python' | 'typescript'): string {
  const stripped = withoutCommentLines(text, language).split('\n');
  const original = text.split('\n');
  return original.map((line, i) => (stripped[i] ?? '').padStart(line.length, ' ')).join('\n');
}

// ───────────────────────── argument lists ─────────────────────────

/** The text between the parenthesis at `open` and its match, skipping strings; undefined if unbalanced. */
export function argsAt(text: string, open: number): { args: string; end: number } | undefined {
  let depth = 0;
  for (let i = open; i < text.length && i < open + 20000; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      i = stringEnd(text, i);
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return { args: text.slice(open + 1, i), end: i + 1 };
    }
  }
  return undefined;
}

export function stringEnd(text: string, at: number): number {
  const q = text[at]!;
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === q) return i;
    else if (text[i] === '\n' && q !== '`') return i;
  }
  return text.length;
}

/** Top-level items of an argument list or object literal body. */
export function splitArgs(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i]!;
    if (c === '"' || c === "'" || c === '`') i = stringEnd(args, i);
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(args.slice(from, i).trim());
      from = i + 1;
    }
  }
  const last = args.slice(from).trim();
  if (last) out.push(last);
  return out;
}

/** A keyword argument (`host="0.0.0.0"`) or object property (`host: '0.0.0.0'`, shorthand `host`). */
export function named(items: string[], name: string, sep: '=' | ':'): string | undefined {
  const re = new RegExp(`^['"]?${name}['"]?\\s*${sep === '=' ? '=(?!=)' : ':'}\\s*([\\s\\S]+)$`);
  for (const item of items) {
    const m = re.exec(item);
    if (m) return m[1]!.trim();
    if (sep === ':' && item === name) return name;
  }
  return undefined;
}

/** Items of the first object literal among a call's arguments (`listen({ port, host })`, `serve({ fetch, port })`). */
export function objectItems(arg: string | undefined): string[] | undefined {
  if (!arg || !arg.startsWith('{')) return undefined;
  return splitArgs(arg.slice(1, arg.lastIndexOf('}')));
}

/** Every object literal nested in a text, flattened to its items (`start({ httpStream: { host } })`). */
export function nestedItems(text: string): string[] {
  const out: string[] = [];
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) {
    const inner = argsAt(text, i);
    if (inner) out.push(...splitArgs(inner.args));
  }
  return out;
}

// ───────────────────────── bind hosts ─────────────────────────

export const ALL = /^(['"`])(?:0\.0\.0\.0|::|\[::\]|)\1$/;
export const LITERAL = /^(['"`])([^'"`]*)\1$/;
export const LOOPBACK_LITERAL = /(['"`])(?:127\.0\.0\.1|localhost|::1)\1/;

/**
 * Resolves a bind host the file takes from another module of the app (`from config import settings`,
 * then `host=settings.HOST`): given the module's imported name and the attribute, the all-interfaces
 * bind that module gives it, if any.
 */
export type HostElsewhere = (imported: string, attribute: string, code: string) => string | undefined;

/**
 * Whether a host expression binds every interface: a literal `0.0.0.0` / `::`, an environment
 * lookup or option whose default is one, a name the file binds to one of those, or a key of a
 * mapping (`config['host']`, `settings.get('host')`) whose entries or assignments in the file give it
 * one (`keyBindingsOf`). When the file's own bindings settle nothing and the expression reads an
 * attribute of an imported object (`settings.HOST`, directly or through `HOST = settings.HOST`),
 * `elsewhere` is asked what that module binds it to. Undefined when it binds something else or
 * cannot be told (configuration with no default in the file).
 */
export function allInterfaces(expr: string, code: string, language: 'python' | 'typescript', elsewhere?: HostElsewhere, depth = 0): string | undefined {
  const e = expr.trim().replace(/^\(|\)$/g, '').trim();
  if (ALL.test(e)) return e.slice(1, -1) || '0.0.0.0';
  if (LITERAL.test(e) || depth > 3) return undefined;
  // A default beside a lookup: `os.getenv("HOST", "0.0.0.0")`, `process.env.HOST || '0.0.0.0'`, `args.host or "::"`.
  const literals = [...e.matchAll(/(['"`])(0\.0\.0\.0|::)\1/g)];
  if (literals.length > 0) {
    if (LOOPBACK_LITERAL.test(e)) return undefined;
    const from = /\b(?:getenv|environ|env)\b[^'"`]*['"`]?([A-Z][A-Z0-9_]*)?/.exec(e);
    return from?.[1] ? `the default "${literals[0]![2]}" of ${from[1]}` : `the default "${literals[0]![2]}"`;
  }
  // A key of a mapping (`config['host']`, `settings.get("host")`): the values the file gives that key.
  const key = /^[\w$]+(?:\.[\w$]+)*(?:\[\s*(['"`])([\w$-]+)\1\s*\]|\.get\(\s*(['"])([\w-]+)\3\s*\))$/.exec(e);
  // A name: the file's own bindings of it (an assignment, a parameter's default, a CLI option's default).
  const name = key ? undefined : nameRead(e);
  if (!name && !key) return undefined;
  let found: string | undefined;
  for (const value of key ? keyBindingsOf(key[2] ?? key[4]!, code) : bindingsOf(name!, code, language)) {
    // `HOST = settings.HOST` read for `settings.HOST` finds itself: following it again only repeats this level.
    if (value.trim() === e) continue;
    if (LOOPBACK_LITERAL.test(value) && !/(['"`])(?:0\.0\.0\.0|::)\1/.test(value)) return undefined;
    found ??= allInterfaces(value, code, language, elsewhere, depth + 1);
  }
  const attribute = found || !elsewhere ? undefined : /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(e);
  return attribute ? elsewhere!(attribute[1]!, attribute[2]!, code) : found;
}

/**
 * Whether a host expression binds loopback only: a literal `127.0.0.1` / `localhost` / `::1`, a
 * lookup whose default is one (`os.getenv("HOST", "127.0.0.1")`), or a name the file gives such a
 * value and nothing else it can read (a parameter's default, a CLI option's default). Its
 * description, or undefined when it binds anything else or cannot be told.
 */
export function loopbackHost(expr: string, code: string, language: 'python' | 'typescript', depth = 0): string | undefined {
  const e = expr.trim().replace(/^\(|\)$/g, '').trim();
  const own = LOOPBACK_LITERAL.exec(e);
  if (own && own[0].length === e.length) return e.slice(1, -1);
  if (LITERAL.test(e) || /(['"`])(?:0\.0\.0\.0|::|\[::\])\1/.test(e) || depth > 2) return undefined;
  if (own) return `the default ${own[0].replace(/^['`]|['`]$/g, '"')}`;
  const name = nameRead(e);
  if (!name) return undefined;
  let found: string | undefined;
  for (const value of bindingsOf(name, code, language)) {
    // `host=host`, `host=args.host`: the same name read again settles nothing.
    if (nameRead(value) === name) continue;
    const local = loopbackHost(value, code, language, depth + 1);
    // A value of the name that is not loopback (a literal elsewhere, configuration read at run time) may be what it binds.
    if (!local && (LITERAL.test(value.trim()) || !nameRead(value))) return undefined;
    found ??= local && `${local}, the default of ${name}`;
  }
  return found;
}

/** The expression that starts at `from`, up to a top-level comma, an unmatched closing bracket, `;` or the end of the line. */
export function firstItem(text: string, from: number): string {
  let depth = 0;
  let i = from;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') i = stringEnd(text, i);
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth < 0) break;
    } else if ((c === ',' || c === ';' || c === '\n') && depth === 0) break;
  }
  return text.slice(from, i).trim();
}


/** The name an expression reads: itself, or its last attribute (`HOST`, `args.host` → `host`); undefined for anything else. */
export function nameRead(expr: string): string | undefined {
  return /^(?:[\w$]+\.)*([A-Za-z_$][\w$]*)$/.exec(expr.trim())?.[1];
}

/** A pattern for the command-line option of a name: `--bind_host` or `--bind-host` for `bind_host`. */
export function optionFlag(name: string): string {
  return escapeRegExp(name).replace(/_/g, '[-_]');
}

/** Values the file gives a name: assignments and defaults (`HOST = …`, `host: str = …`, `--host … default=…`, `const host = …`). */
export function bindingsOf(name: string, code: string, language: 'python' | 'typescript'): string[] {
  const n = escapeRegExp(name);
  const out: string[] = [];
  const assign =
    language === 'python'
      ? new RegExp(`(?<![\\w.])${n}\\s*(?::\\s*[\\w\\[\\]|. ]+)?\\s*=(?!=)[ \\t]*(?=\\S)`, 'g')
      : new RegExp(`(?<![\\w$.])${n}\\s*(?::\\s*[\\w$<>|' ]+)?\\s*=(?![=>])[ \\t]*(?=\\S)`, 'g');
  for (const m of code.matchAll(assign)) out.push(firstItem(code, m.index + m[0].length));
  // argparse / click / typer / commander options: `--host`, with their default.
  const flag = optionFlag(name);
  const option = new RegExp(`['"]--${flag}['"][^\\n]*?(?:default\\s*=\\s*|\\.default\\(\\s*)([^,)\\n]+)`, 'gi');
  for (const m of code.matchAll(option)) out.push(m[1]!.trim());
  out.push(...optionCallDefaults(flag, code));
  const typer = new RegExp(`(?<![\\w.])${n}\\s*:[^=\\n]*=\\s*(?:typer\\.)?Option\\(\\s*([^,)\\n]+)`, 'g');
  for (const m of code.matchAll(typer)) out.push(m[1]!.trim());
  // typer / cyclopts with `Annotated`: `host: Annotated[str, typer.Option("--host")] = "0.0.0.0"`, the annotation over several lines.
  if (language === 'python') {
    for (const m of code.matchAll(new RegExp(`(?<![\\w.])${n}\\s*:\\s*(?:typing\\.|t\\.)?Annotated\\s*(?=\\[)`, 'g'))) {
      const open = m.index + m[0].length;
      const annotation = argsAt(code, open);
      const rest = annotation ? /^\s*=(?!=)\s*/.exec(code.slice(annotation.end, annotation.end + 200)) : null;
      if (annotation && rest && /\bOption\s*\(|\bParameter\s*\(/.test(annotation.args)) out.push(firstItem(code, annotation.end + rest[0].length));
    }
  }
  // commander: `.option('--host <host>', 'desc', '0.0.0.0')`.
  const commander = new RegExp(`['"]--${flag}(?:\\s+<[^>]*>)?['"]\\s*,\\s*(?:['"][^'"]*['"]\\s*,\\s*)?([^,)\\n]+)\\)`, 'gi');
  for (const m of code.matchAll(commander)) out.push(m[1]!.trim());
  return out;
}

/** A call that declares a command-line option (argparse, optparse, click): its arguments hold the flag and its default. */
const OPTION_CALL = /(?<![\w$])(?:add_argument|add_option|option)\s*\(/g;

/**
 * Defaults of an option declared over several lines (`parser.add_argument(\n  '--host',\n  type=str,\n  default='0.0.0.0',\n)`):
 * the `default=` among the arguments of the call that names the flag. The one-line form is read by `bindingsOf`'s own pattern.
 */
function optionCallDefaults(flag: string, code: string): string[] {
  const out: string[] = [];
  const names = new RegExp(`^['"]--${flag}['"]$`, 'i');
  for (const m of code.matchAll(OPTION_CALL)) {
    const a = argsAt(code, m.index + m[0].length - 1);
    if (!a || !a.args.includes('\n')) continue;
    const items = splitArgs(a.args);
    if (!items.some((item) => names.test(item))) continue;
    const value = named(items, 'default', '=');
    if (value) out.push(value);
  }
  return out;
}

/**
 * Values the file gives a key of a mapping: a dict or object literal's entry (`'host': '0.0.0.0'`) and
 * an assignment to it (`config['host'] = os.getenv('HOST', config['host'])`), wherever the mapping is built
 * (a settings function that returns it, read as `config = get_config()` then `config['host']`).
 */
function keyBindingsOf(key: string, code: string): string[] {
  const k = escapeRegExp(key);
  const out: string[] = [];
  for (const m of code.matchAll(new RegExp(`(['"\`])${k}\\1\\s*:\\s*(?=\\S)`, 'g'))) out.push(firstItem(code, m.index + m[0].length));
  for (const m of code.matchAll(new RegExp(`\\[\\s*(['"\`])${k}\\1\\s*\\]\\s*=(?!=)[ \\t]*(?=\\S)`, 'g'))) out.push(firstItem(code, m.index + m[0].length));
  return out;
}

// ───────────────────────── authentication ─────────────────────────

/**
 * DNS-rebinding protection: the Host or Origin header checked against a list. It stops a web page the
 * user opens from reaching a server through the browser; it does not stop a client on the network,
 * which sends whatever Host it likes.
 */
export const PY_HOST_CHECK = /\bsecurity_settings\s*=|\ballowed_hosts\s*=|\ballowed_origins\s*=|\bTrustedHostMiddleware\b/i;
export const TS_HOST_CHECK = /\benableDnsRebindingProtection\s*:\s*true\b|\ballowedHosts\b|\ballowedOrigins\b|\b(?:host|origin)(?:Header)?Validation\b|\blocalhost(?:Host|Origin)Validation\b/i;
/**
 * Authentication of callers: an auth provider or token verifier, bearer or API-key middleware, a read
 * of the Authorization or an API-key header from the request, a 401/403 answer, a caller's own key
 * taken from the route or query (`/:apiKey/sse`: each caller brings the credential the tools use).
 */
export const PY_CALLER_AUTH =
  /\bauth_server_provider\s*=|\btoken_verifier\s*=|\bAuthSettings\s*\(|\b\w*(?:TokenVerifier|AuthProvider|AuthBackend|AuthMiddleware|AuthenticationMiddleware|JWTVerifier|OAuthProvider|OAuthProxy)\b|\bBearerAuth\w*|\bHTTPBearer\b|\bAPIKeyHeader\b|\bHTTPBasic\b|\bverify_(?:token|api_key|auth|bearer)\w*|\bcheck_(?:auth|token|api_key)\w*|\brequire_auth\w*|\bauthenticate\w*\s*\(|status_code\s*=\s*40[13]\b|\bHTTPException\(\s*40[13]\b|\bheaders(?:\.get\(\s*|\[\s*)['"](?:authorization|x-api-key|api-key|x-auth-token|x-mcp-api-key)['"]/i;
export const TS_CALLER_AUTH =
  /\brequireBearerAuth\b|\bmcpAuth(?:Router|Metadata\w*)\b|\bOAuthServerProvider\b|\bauthenticate\b|\boauth\s*:|\b(?:bearer|basic)Auth\b|\bpassport\b|express-jwt|\bjwt\.verify\b|\bjwtVerify\b|\bverify\w*Token\b|\b(?:require|check|verify|ensure)Auth\w*\b|\bauth(?:Middleware|Guard|Handler)\b|\bheaders?(?:\.get\(\s*|\(\s*|\[\s*)['"`](?:authorization|x-api-key|api-key|x-auth-token|x-mcp-api-key)['"`]|\bheaders\.authorization\b|\bstatus\(\s*40[13]\s*\)|\bwriteHead\(\s*40[13]\b|\bstatus(?:Code)?\s*[:=]\s*40[13]\b|\breq(?:uest)?\.(?:params|query)\.(?:api_?key|token|access_?token)\b|['"`][^'"`\n]*\/:(?:api_?key|token|access_?token)\b/i;
/** Any sign that the file authenticates callers or checks Host/Origin: one is enough for the agent-API rules to stay silent. */
export const PY_AUTH = new RegExp(`${PY_CALLER_AUTH.source}|${PY_HOST_CHECK.source}`, 'i');
export const TS_AUTH = new RegExp(`${TS_CALLER_AUTH.source}|${TS_HOST_CHECK.source}`, 'i');

/** Code shown in a message, on one line and cut short, with any value given to a name for a secret masked (`apiKey: 'sk-…'`). */
export function clip(call: string, max = 120): string {
  const one = maskNamedValues(call.replace(/\s+/g, ' ').trim());
  return one.length > max ? `${one.slice(0, max - 3)}…` : one;
}

export function literal(expr: string): string | undefined {
  return LITERAL.exec(expr.trim())?.[2];
}

// ───────────────────────── Node listeners ─────────────────────────

/**
 * Node's `listen(port[, host][, cb])` / `listen({ port, host })` (no host is every interface), and
 * `serve({ fetch, port })` of @hono/node-server and `Bun.serve` (every interface unless given a hostname).
 * With `loopback`, the listeners given a loopback host are listed too, marked so.
 */
export function nodeListeners(code: string, loopback = false): Listen[] {
  const local = (hostExpr: string | undefined): Partial<Listen> | undefined => {
    const bind = loopback && hostExpr ? loopbackHost(hostExpr, code, 'typescript') : undefined;
    return bind ? { bind, loopback: true } : undefined;
  };
  const out: Listen[] = [];
  // Node's `listen(port[, host][, cb])` / `listen({ port, host })`: no host is every interface.
  for (const m of code.matchAll(/(?<![\w$])(?:[\w$]+(?:\.[\w$]+)*|\))\.listen\s*\(/g)) {
    const a = argsAt(code, m.index + m[0].length - 1);
    if (!a) continue;
    const items = splitArgs(a.args);
    const first = items[0];
    if (!first) continue;
    const props = objectItems(first);
    let hostExpr: string | undefined;
    if (props) {
      if (!named(props, 'port', ':')) continue;
      hostExpr = named(props, 'host', ':');
    } else {
      if (!/port|\d{2,5}/i.test(first)) continue;
      const second = items[1];
      if (second && !/^(?:async\b|function\b|\(|[\w$]+\s*=>)/.test(second) && !/^[\w$]+$/.test(second)) hostExpr = second;
      else if (second && /^[\w$]+$/.test(second) && !/callback|cb|done|onListen|listening|ready|started|handler/i.test(second)) hostExpr = second;
    }
    const bind = hostExpr ? allInterfaces(hostExpr, code, 'typescript') : 'listen() given no host';
    const other = bind ? undefined : local(hostExpr);
    if (!bind && !other) continue;
    out.push({ start: m.index, end: a.end, call: clip(code.slice(m.index, a.end)), bind: bind!, ...other });
  }
  // `serve({ fetch: app.fetch, port })` of @hono/node-server, and Bun.serve: every interface unless given a hostname.
  const honoServe = /['"]@hono\/node-server['"]/.test(code);
  for (const m of code.matchAll(/(?<![\w$.])(serve|Bun\.serve)\s*\(/g)) {
    if (m[1] === 'serve' && !honoServe) continue;
    const a = argsAt(code, m.index + m[0].length - 1);
    const props = objectItems(a ? splitArgs(a.args)[0] : undefined);
    if (!a || !props || !named(props, 'fetch', ':')) continue;
    const hostExpr = named(props, 'hostname', ':');
    const bind = hostExpr ? allInterfaces(hostExpr, code, 'typescript') : `${m[1]}() given no hostname`;
    const other = bind ? undefined : local(hostExpr);
    if (!bind && !other) continue;
    out.push({ start: m.index, end: a.end, call: clip(code.slice(m.index, a.end)), bind: bind!, ...other });
  }
  return out;
}
