/**
 * Servers whose network API runs code, kept as data for deploy/code-exec-endpoint-exposed: how each
 * is started, the switch that binds it, where it listens without that switch, the switches that turn
 * its authentication off or on, its port, and what a text that starts it must hold. One more service
 * is one more entry. Most bind loopback unless told otherwise, so the rule reports only a bind
 * written out (or taken from a variable), never the program or its port alone; one that listens on
 * every interface by default (ttyd) is reported without the switch, unless the switch keeps it local.
 */
import type { Severity } from '../../../core/types.js';

export interface ExecService {
  /** Stable key, in the finding's fingerprint. */
  id: string;
  /** What messages call it. */
  name: string;
  /** What whoever reaches it can do, for the message. */
  reach: string;
  /** The program as a command names it, a pattern without capturing groups (`ray`, `jupyter[ -]lab`). */
  program: string;
  /** What its arguments must hold for it to serve code to callers at all (`ray start --head`, a headless Delve, a writable ttyd). */
  listens?: RegExp;
  /** The switch that binds it, its value in group 1 (`--dashboard-host=0.0.0.0`, `--listen :2345`). */
  bind: RegExp;
  /** A launch-argument string in code that is this switch (`'--inspect=…'`, `"--listen"`). */
  switchWord: RegExp;
  /** The switch names the service by itself: a launch-argument list in code need not name the program. */
  ownSwitch?: boolean;
  /**
   * How the switch's value reads: a host, `[host:]port` (a port alone keeps the default), or a network
   * interface (`eth0`, `lo`, an address) that may instead be a UNIX socket's path.
   */
  value: 'host' | 'host-port' | 'interface';
  /** Where it listens when the switch is left out or names no host: a loopback address, or `0.0.0.0` for one open by default. */
  defaultBind: string;
  /** Switches that turn its authentication off: given, a start needs one of them to be reported. */
  authOff?: RegExp;
  /** What turns authentication on: in its arguments (a password), or anywhere in the file (a setting in the environment). */
  authOn?: { args?: RegExp; file?: RegExp };
  /** The switch that sets its port (group 1), and the port without it. */
  port: { flag?: RegExp; default?: number };
  /** A call in Python or TypeScript that binds it: the function, and the keyword of the host (or the `(host, port)` tuple first). */
  call?: { fn: RegExp; hostKeyword: string; portKeyword?: string; tuple?: boolean };
  /**
   * It runs a command named after its own switches (`ttyd [options] <command> [args]`): only the
   * switches before that command are its own. `valued`: its switches that take a value (the next word).
   */
  command?: { valued: RegExp };
  /** What a text that starts it as reported holds (the switch that decides): a script, a Dockerfile or a source file without it is not read for it. */
  signal: RegExp;
  /** Words a source file that starts it holds, at least one: only such files are read for launch arguments and command strings. */
  words: readonly string[];
}

/** A switch's value: quoted parts and `${…}` kept whole, up to the next blank or shell separator. */
const VALUE = String.raw`((?:"[^"]*"|'[^']*'|\$\{[^}\s]*\}|[^\s"';&|)])+)`;
const sw = (names: string) => new RegExp(String.raw`(?:^|\s)(?:${names})(?:=|\s+)${VALUE}`);

export const EXEC_SERVICES: readonly ExecService[] = [
  {
    id: 'ray-dashboard',
    name: "Ray's dashboard",
    reach: 'its Jobs API has no authentication and runs whatever code a caller submits on the cluster (ShadowRay, CVE-2023-48022)',
    program: 'ray',
    // Only a head node (`ray start --head`) runs the dashboard.
    listens: /(?:^|\s)--head\b/,
    bind: sw('--dashboard-host'),
    switchWord: /^--dashboard-host\b/,
    ownSwitch: true,
    value: 'host',
    defaultBind: '127.0.0.1',
    // Ray's token authentication (RAY_AUTH_MODE=token) guards the dashboard where it is switched on.
    authOn: { file: /\bRAY_AUTH_MODE["']?\s*[=:]\s*["']?token\b/ },
    port: { flag: /--dashboard-port(?:=|\s+)["']?(\d{1,5})\b/, default: 8265 },
    call: { fn: /\bray\.init\s*\(/g, hostKeyword: 'dashboard_host', portKeyword: 'dashboard_port' },
    signal: /--dashboard-host|dashboard_host/,
    words: ['dashboard_host', '--dashboard-host'],
  },
  {
    id: 'delve',
    name: 'A headless Delve debug server',
    reach: 'its API has no authentication, so whoever connects controls the debugged program, calls its functions and runs code as it',
    program: 'dlv',
    // Delve listens only headless, or as a DAP server.
    listens: /^\s+dap\b|\s--headless\b/,
    bind: sw('--listen|-l'),
    switchWord: /^--listen\b/,
    value: 'host-port',
    defaultBind: '127.0.0.1',
    port: {},
    signal: /--listen|\s-l[\s=]/,
    words: ['dlv'],
  },
  {
    id: 'debugpy',
    name: 'A debugpy debug server',
    reach: 'the debug adapter has no authentication, so whoever attaches evaluates any Python in the process',
    program: 'debugpy',
    bind: sw('--listen'),
    switchWord: /^--listen\b/,
    value: 'host-port',
    defaultBind: '127.0.0.1',
    port: { default: 5678 },
    call: { fn: /\bdebugpy\.listen\s*\(/g, hostKeyword: 'address', tuple: true },
    signal: /--listen|debugpy\.listen/,
    words: ['debugpy'],
  },
  {
    id: 'node-inspector',
    name: "A JavaScript runtime's inspector",
    reach: 'the inspector protocol has no authentication, so whoever connects evaluates any JavaScript in the process, with its files and credentials',
    program: 'node|nodejs|nodemon|ts-node(?:-dev)?|tsx|deno|bun',
    // `--inspect-port` alone only sets where a later activation listens: not a start.
    bind: new RegExp(String.raw`(?:^|\s)--inspect(?:-brk|-wait)?=${VALUE}`),
    switchWord: /^--inspect(?:-brk|-wait)?=/,
    ownSwitch: true,
    value: 'host-port',
    defaultBind: '127.0.0.1',
    port: { default: 9229 },
    signal: /--inspect/,
    words: ['--inspect'],
  },
  {
    id: 'jupyter',
    name: 'A Jupyter server with its token switched off',
    reach: 'with no token and no password, anyone who reaches it runs code in a kernel and opens a terminal',
    program: 'jupyter[ -](?:notebook|lab|server|nbclassic)',
    bind: sw(String.raw`--(?:(?:NotebookApp|ServerApp|LabApp)\.)?ip`),
    switchWord: /^--(?:(?:NotebookApp|ServerApp|LabApp)\.)?ip\b/,
    value: 'host',
    defaultBind: 'localhost',
    authOff: /(?:^|\s)--(?:NotebookApp|ServerApp|LabApp|IdentityProvider)\.token(?:=|\s+)(?:''|""|(?=\s|$))/,
    authOn: { args: /--(?:\w+\.)*(?:hashed_)?password=(?!''|""|\s|$)/ },
    port: { flag: /--(?:(?:NotebookApp|ServerApp|LabApp)\.)?port(?:=|\s+)["']?(\d{1,5})\b/, default: 8888 },
    signal: /--[\w.]*ip\b/,
    words: ['jupyter'],
  },
  {
    id: 'code-server',
    name: 'A code-server (VS Code in the browser) with its authentication switched off',
    reach: 'its terminal, tasks and extensions run commands as the user it runs as, so whoever reaches it runs any command and reads and writes every file that user can',
    program: 'code-server',
    // A UNIX socket (--socket) replaces the network bind.
    listens: /^(?![\s\S]*(?:^|\s)--socket(?:=|\s))/,
    // `--host` (deprecated) sets the host alone; `--bind-addr` is `host[:port]` (a host alone means port 80, read here as the default 8080).
    bind: sw('--bind-addr|--host'),
    switchWord: /^--(?:bind-addr|host)\b/,
    value: 'host-port',
    // Its default configuration: bind-addr 127.0.0.1:8080, auth password (a generated one in ~/.config/code-server/config.yaml).
    defaultBind: '127.0.0.1',
    authOff: /(?:^|\s)--auth(?:=|\s+)["']?none\b/,
    port: { flag: /(?:^|\s)--port(?:=|\s+)["']?(\d{1,5})\b/, default: 8080 },
    signal: /--auth/,
    words: ['code-server'],
  },
  {
    id: 'openvscode-server',
    name: 'An OpenVSCode Server without a connection token',
    reach: 'its terminal, tasks and extensions run commands as the user it runs as, so whoever reaches it runs any command and reads and writes every file that user can',
    program: 'openvscode-server',
    // A UNIX socket (--socket-path) replaces the network bind.
    listens: /^(?![\s\S]*(?:^|\s)--socket-path(?:=|\s))/,
    bind: sw('--host'),
    switchWord: /^--host\b/,
    value: 'host',
    // VS Code's server listens on localhost unless --host says otherwise, and requires a generated connection token unless told not to.
    defaultBind: 'localhost',
    authOff: /(?:^|\s)--without-connection-token\b/,
    // Given with --without-connection-token, a token is an error: the server does not start.
    authOn: { args: /(?:^|\s)--connection-token(?:-file)?(?:=|\s)/ },
    port: { flag: /(?:^|\s)--port(?:=|\s+)["']?(\d{1,5})\b/, default: 3000 },
    signal: /--without-connection-token/,
    words: ['openvscode-server'],
  },
  {
    id: 'ttyd',
    name: 'A writable ttyd web terminal',
    reach: 'it hands every browser that connects the terminal of the command it runs (a shell, as a rule), and --writable lets them type into it',
    program: 'ttyd',
    // Clients only watch unless -W/--writable (ttyd 1.7 and later; older releases let them type by default and are not told apart here).
    listens: /(?:^|\s)(?:-[aOoqB6S]*W[aWOoqB6S]*|--writable)(?=\s|$)/,
    bind: sw('-i|--interface'),
    switchWord: /^(?:-W|--writable)$/,
    value: 'interface',
    // No -i: libwebsockets listens on every interface.
    defaultBind: '0.0.0.0',
    // Basic authentication (-c user:password), or a reverse proxy that authenticates (-H names its header).
    authOn: { args: /(?:^|\s)(?:-[aWOoqB6S]*[cH]|--credential|--auth-header)(?:=|\s+)\S/ },
    port: { flag: /(?:^|\s)(?:-p|--port)(?:=|\s+)["']?(\d{1,5})\b/, default: 7681 },
    command: { valued: /^-[aWOoqB6S]*[pIiUcHugswtTmbPfdCKA]$|^--(?:port|interface|socket-owner|credential|auth-header|uid|gid|signal|cwd|client-option|terminal-type|max-clients|index|base-path|ping-interval|srv-buf-size|debug|ssl-cert|ssl-key|ssl-ca)$/ },
    signal: /(?:^|[\s"'])(?:-[aOoqB6S]*W[aWOoqB6S]*|--writable)\b/,
    words: ['ttyd'],
  },
];

/** What may run the program: `npx`, `uv run`, `python -m` (with its own switches), one after another. */
const LAUNCHER = String.raw`(?:(?:npx|bunx|pnpm\s+(?:exec|dlx)|yarn|uv\s+run|poetry\s+run|pipenv\s+run|python[\d.]*(?:\s+-[A-Za-ln-z]\S*)*\s+-m)\s+)*`;

/** Each service's program patterns, compiled once: global for reading every start in a text, and a one-match twin. */
const PROGRAMS = new Map<ExecService, { every: RegExp; first: RegExp }>();
function programs(s: ExecService): { every: RegExp; first: RegExp } {
  let p = PROGRAMS.get(s);
  if (!p) {
    const source = String.raw`(?:^|[\s;&|("'/])(${LAUNCHER}(?:${s.program}))["']?(?=[ \t]|$)([^;&|\n)]*)`;
    p = { every: new RegExp(source, 'gim'), first: new RegExp(source, 'im') };
    PROGRAMS.set(s, p);
  }
  return p;
}

/**
 * The service's program at a command position: group 1 the program with its launcher, group 2 the
 * rest of the statement. Global, for `matchAll` (which reads a copy, so the shared pattern keeps no state).
 */
export function programPattern(s: ExecService): RegExp {
  return programs(s).every;
}

/** The same pattern for one match (`exec`), with no `lastIndex` to carry between calls. */
export function programAt(s: ExecService): RegExp {
  return programs(s).first;
}

/** How the endpoint is bound: the address as written (empty for a default of every interface), how the message says it, and the severity that follows. */
export interface Bind {
  address: string;
  severity: Severity;
  how: string;
  /** The port the value itself names (`0.0.0.0:5678`, `host:${PORT:-5678}`); null when it names one a variable holds. */
  port?: number | null;
  /** The address is a variable's: what it holds is worth a look in the file (code only). */
  variable?: string;
}

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i;
const EVERY = /^(?:0\.0\.0\.0|::|\[::\]|\*|)$/;

const unquote = (v: string) => v.replace(/["']/g, '');

/**
 * The host of a `[host:]port` value (colons inside `${…}` are not separators), or undefined for a
 * port alone; its port when it names one (`5678`, a variable's default), null when a variable holds it.
 */
export function splitHostPort(raw: string): { host: string; port?: number | null } | undefined {
  const value = unquote(raw);
  let depth = 0;
  let colon = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ':' && depth === 0) colon = i;
  }
  if (colon < 0) {
    // A number, or a lone variable, is the port: the host stays loopback.
    if (/^\d+$/.test(value) || /^\$\{?\w+(?::?-[^}]*)?\}?$|^\{\w*\}$|^%[sd]$/.test(value)) return undefined;
    return { host: value };
  }
  const after = value.slice(colon + 1);
  const port = /^(\d{1,5})$|^\$\{\w+:?-(\d{1,5})\}$/.exec(after);
  return { host: value.slice(0, colon), ...(port ? { port: Number(port[1] ?? port[2]) } : after ? { port: null } : {}) };
}

/** The bind of a switch's value (`host`, `[host:]port`, an interface); undefined when it keeps the service on loopback or off the network. */
export function bindOf(kind: ExecService['value'], raw: string): Bind | undefined {
  let port: number | null | undefined;
  let address = unquote(raw);
  if (kind === 'interface') {
    // The loopback interface by name, or a UNIX socket's path.
    if (/^lo\d*$/.test(address) || /^[.~]?\/|\.sock$/.test(address)) return undefined;
    if (/^[A-Za-z][\w.-]*$/.test(address) && !LOOPBACK.test(address)) return { address, severity: 'high', how: `interface ${address}` };
  }
  if (kind === 'host-port') {
    const split = splitHostPort(raw);
    if (!split) return undefined;
    address = split.host;
    port = split.port;
  }
  const at = port === undefined ? {} : { port };
  const withDefault = /^\$\{(\w+):?-([^}]*)\}$/.exec(address);
  if (withDefault) {
    const [, name, literal] = withDefault;
    if (LOOPBACK.test(literal!) || literal === '') return { address, severity: 'low', how: `the address ${name} gives, loopback when it is unset`, ...at };
    if (!/[$%{]/.test(literal!)) return { address, severity: 'high', how: `${EVERY.test(literal!) ? 'every interface' : `address ${literal}`} unless ${name} says otherwise`, ...at };
  }
  const variable = /\$\{?([\w.]+)|\{([\w.]*)\}|(%s)/.exec(address);
  if (variable) {
    const name = variable[1] ?? variable[2] ?? '';
    return { address, severity: 'medium', how: `the address ${name ? `${name} holds` : 'a variable holds'} (exposed unless it is a loopback address)`, ...at, ...(name ? { variable: name } : {}) };
  }
  if (LOOPBACK.test(address)) return undefined;
  return { address, severity: 'high', how: EVERY.test(address) ? 'every interface' : `address ${address}`, ...at };
}

/**
 * A start of `s` judged by its arguments (what follows the program): whether it listens, the bind
 * its switch names, its authentication and its port; undefined when it stays on loopback or keeps
 * its authentication. `file`: the whole text, for a setting that turns authentication on elsewhere.
 */
export function judgeArgs(s: ExecService, rest: string, file: string): { bind: Bind; port: number | undefined } | undefined {
  const args = s.command ? ownSwitches(rest, s.command.valued) : rest;
  if (s.listens && !s.listens.test(args)) return undefined;
  const value = s.bind.exec(args)?.[1];
  if (value === undefined && !openByDefault(s)) return undefined;
  if (s.authOff && !s.authOff.test(args)) return undefined;
  if (s.authOn?.args?.test(args) || s.authOn?.file?.test(file)) return undefined;
  const bind = value === undefined ? { address: '', severity: 'high' as const, how: 'every interface, its default when no switch names one' } : bindOf(s.value, value);
  if (!bind) return undefined;
  return { bind, port: portOf(s, args, bind) };
}

/** Whether it listens beyond loopback with no switch at all. */
export function openByDefault(s: ExecService): boolean {
  return !LOOPBACK.test(s.defaultBind);
}

/** The switches before the command it runs (`-W -p 7681` of `-W -p 7681 bash -c '…'`): a switch after that command is the command's. */
function ownSwitches(rest: string, valued: RegExp): string {
  let takesValue = false;
  for (const w of rest.matchAll(/(?:"[^"]*"|'[^']*'|\S)+/g)) {
    if (takesValue) takesValue = false;
    else if (w[0].startsWith('-')) takesValue = valued.test(w[0]);
    else return rest.slice(0, w.index);
  }
  return rest;
}

/** The port: the one the bind names, its own switch's, or the service's default; undefined when a variable holds it. */
function portOf(s: ExecService, args: string, bind: Bind): number | undefined {
  if (bind.port !== undefined) return bind.port ?? undefined;
  const flag = s.port.flag?.exec(args)?.[1];
  return flag !== undefined ? Number(flag) : s.port.default;
}

export function isLoopback(literal: string): boolean {
  return LOOPBACK.test(literal);
}

/** What a text that starts any of the services as reported holds: the prefilter of scripts, Dockerfiles, Compose commands and source files. */
export const ANY_SIGNAL = new RegExp(EXEC_SERVICES.map((s) => s.signal.source).join('|'));
