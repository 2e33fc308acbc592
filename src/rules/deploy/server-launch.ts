/**
 * Commands that start a Python ASGI app on every interface, read from a launcher's text (a Dockerfile
 * `CMD`, a Compose `command:`, a package.json script, a Procfile line, a shell script): `uvicorn
 * main:app --host 0.0.0.0`, `gunicorn -k uvicorn.workers.UvicornWorker -b 0.0.0.0:8000 main:app`,
 * `hypercorn main:app --bind 0.0.0.0:8000`, `fastapi run main.py`. Each gives the module (or file)
 * it imports, the app's name, the bind, and the folder it runs in relative to the launcher's own
 * (`cd backend && …`, `--app-dir src`, gunicorn's `--chdir`).
 *
 * Defaults, from the servers: uvicorn, gunicorn and hypercorn bind 127.0.0.1 unless told otherwise;
 * the FastAPI CLI's `run` binds 0.0.0.0 and its `dev` 127.0.0.1. A host written as a variable with
 * no default here (`--host $HOST`) cannot be told and is not a launch on every interface.
 */
import { posix } from 'node:path';
import { clip, maskNamedValues } from '../../core/redact.js';

export interface ServerLaunch {
  server: 'uvicorn' | 'gunicorn' | 'hypercorn' | 'fastapi run' | 'fastapi dev';
  /** Files the command imports the app from, relative to the folder it runs in (`app/server.py`). */
  files: string[];
  /** The app's name in that module (`app`); for the FastAPI CLI with no `--app`, `app` or `api`. */
  apps: string[];
  /** How every interface is chosen: `--host 0.0.0.0`, `--bind [::]:8000`, `fastapi run's default 0.0.0.0`. */
  bind: string;
  /** The folder the command runs in, relative to the launcher's (`../python-backend`); absolute when a `cd` names a container path. */
  dir: string;
  /** Offset of the program's name in the text. */
  start: number;
  end: number;
  /** The command as written, clipped, for a message. */
  command: string;
}

/** A program at a command position: after a separator, a path (`.venv/bin/uvicorn`), `python -m`, `uv run`, a quote. */
const PROGRAM = /(?:^|[\s;&|("'/=`])(uvicorn|gunicorn|hypercorn|fastapi)(?=[ \t])([^;&|\n)`]*)/gm;
/** Options whose value is the next word, so that word is not the app. */
const TAKES_VALUE = new Set(
  (
    '--host --port --uds --fd --app-dir --workers -w --log-level --root-path --env-file --log-config --reload-dir --reload-include --reload-exclude ' +
    '--reload-delay --loop --http --ws --lifespan --interface --forwarded-allow-ips --ssl-keyfile --ssl-certfile --ssl-ca-certs --limit-concurrency ' +
    '--backlog --timeout-keep-alive --header -b --bind -k --worker-class -c --config --chdir -t --timeout --graceful-timeout --keep-alive --threads ' +
    '--max-requests --max-requests-jitter -n --name --pythonpath --worker-connections -u -g --user --group --pid -p --access-logfile --error-logfile ' +
    '--access-logformat --keyfile --certfile --ca-certs --proxy-allow-from --insecure-bind --quic-bind --app --entrypoint --proxy-headers-from'
  ).split(' '),
);
/** `module:attr` (`app.server:app`), never `host:port`. */
const APP_SPEC = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*):([A-Za-z_]\w*)$/;
/** Every interface: `0.0.0.0`, `::`, `[::]`, or a variable whose default here is one (`${HOST:-0.0.0.0}`). */
const ALL_HOST = /^(?:0\.0\.0\.0|::|\[::\]|\$\{\w+:?-(?:0\.0\.0\.0|::|\[::\])\})$/;

/** The ASGI apps `text` starts on every interface. `persistentCd`: a shell script, where a `cd` on an earlier line still holds. */
export function serverLaunches(text: string, options: { persistentCd?: boolean } = {}): ServerLaunch[] {
  if (!/\b(?:uvicorn|gunicorn|hypercorn|fastapi)\b/.test(text)) return [];
  const flat = text.replace(/\\\r?\n/g, (m) => ' '.repeat(m.length)).replace(/^[ \t]*#[^\n]*/gm, (m) => ' '.repeat(m.length));
  const out: ServerLaunch[] = [];
  for (const m of flat.matchAll(PROGRAM)) {
    const program = m[1]!;
    const start = m.index! + m[0].indexOf(program);
    const words = m[2]!.trim().split(/\s+/).map(unquote).filter(Boolean);
    const launch = program === 'fastapi' ? fastapiCli(words) : asgiServer(program as 'uvicorn' | 'gunicorn' | 'hypercorn', words);
    if (!launch) continue;
    const cd = cdBefore(flat, start, options.persistentCd ?? false);
    const dir = cd === undefined ? launch.dir : posix.isAbsolute(launch.dir) ? launch.dir : posix.join(cd, launch.dir);
    // A command string's closing quote (`sh -c "uvicorn …"`) is not part of the command.
    const end = start + program.length + m[2]!.replace(/["'\s]+$/, '').length;
    out.push({ ...launch, dir: dir === '.' ? '' : dir.replace(/\/$/, ''), start, end, command: shownCommand(flat.slice(start, end)) });
  }
  return out;
}

type Parsed = Omit<ServerLaunch, 'start' | 'end' | 'command'>;

/** uvicorn, gunicorn (with an ASGI worker or not: the app's own framework says what it is), hypercorn. */
function asgiServer(server: 'uvicorn' | 'gunicorn' | 'hypercorn', words: string[]): Parsed | undefined {
  let spec: RegExpExecArray | undefined;
  let bind: string | undefined;
  let dir = '';
  for (let i = 0; i < words.length; i++) {
    const [flag, inline] = splitOption(words[i]!);
    const value = inline ?? (TAKES_VALUE.has(flag) ? words[i + 1] : undefined);
    if (TAKES_VALUE.has(flag) && inline === undefined) i++;
    if (flag === '--factory') return undefined;
    if (server === 'uvicorn' && flag === '--host' && value !== undefined) bind = ALL_HOST.test(value) ? `--host ${value}` : undefined;
    else if (server !== 'uvicorn' && (flag === '-b' || flag === '--bind') && value !== undefined && bind === undefined) bind = allInterfacesBind(value);
    else if ((flag === '--app-dir' || flag === '--chdir') && value !== undefined) dir = value;
    else if (!flag.startsWith('-') && !spec) spec = APP_SPEC.exec(flag) ?? undefined;
  }
  if (!spec || !bind) return undefined;
  return { server, files: [`${spec[1]!.replace(/\./g, '/')}.py`], apps: [spec[2]!], bind, dir };
}

/** gunicorn's and hypercorn's `HOST:PORT` on every interface. */
function allInterfacesBind(value: string): string | undefined {
  const host = value.startsWith('[') ? value.slice(0, value.indexOf(']') + 1) : value.replace(/:[^:]*$/, '');
  return ALL_HOST.test(host) ? `--bind ${value}` : undefined;
}

/** The FastAPI CLI: `fastapi run [path]` binds 0.0.0.0 unless given a host; `fastapi dev` binds 127.0.0.1 unless given one. */
function fastapiCli(words: string[]): Parsed | undefined {
  const sub = words[0];
  if (sub !== 'run' && sub !== 'dev') return undefined;
  let path: string | undefined;
  let host: string | undefined;
  let app: string | undefined;
  let entry: RegExpExecArray | undefined;
  for (let i = 1; i < words.length; i++) {
    const [flag, inline] = splitOption(words[i]!);
    const value = inline ?? (TAKES_VALUE.has(flag) ? words[i + 1] : undefined);
    if (TAKES_VALUE.has(flag) && inline === undefined) i++;
    if (flag === '--host') host = value;
    else if (flag === '--app') app = value;
    else if (flag === '--entrypoint' && value) entry = APP_SPEC.exec(value) ?? undefined;
    else if (!flag.startsWith('-') && path === undefined) path = flag;
  }
  const bind = host === undefined ? (sub === 'run' ? "fastapi run's default 0.0.0.0" : undefined) : ALL_HOST.test(host) ? `--host ${host}` : undefined;
  if (!bind) return undefined;
  const server = sub === 'run' ? 'fastapi run' : 'fastapi dev';
  if (entry) return { server, files: [`${entry[1]!.replace(/\./g, '/')}.py`], apps: [entry[2]!], bind, dir: '' };
  // With no path, the CLI looks for these files in turn; a folder is a package whose `__init__.py` or `main.py` holds the app.
  const files = path === undefined ? ['main.py', 'app.py', 'api.py', 'app/main.py', 'app/app.py', 'app/api.py'] : path.endsWith('.py') ? [posix.normalize(path)] : [`${path}/main.py`, `${path}/__init__.py`].map((p) => posix.normalize(p));
  return { server, files, apps: app ? [app] : ['app', 'api'], bind, dir: '' };
}

/** `--host=0.0.0.0` → [`--host`, `0.0.0.0`]; `-b0.0.0.0:80` is not read. */
function splitOption(word: string): [string, string | undefined] {
  const m = /^(--[\w-]+)=(.*)$/.exec(word);
  return m ? [m[1]!, m[2]!] : [word, undefined];
}

/** The folder `cd` moves to before the program: on its line (`cd ../api && uvicorn …`), or in a script any earlier line too. Undefined when none. */
function cdBefore(flat: string, at: number, persistent: boolean): string | undefined {
  const from = persistent ? 0 : flat.lastIndexOf('\n', at - 1) + 1;
  let dir: string | undefined;
  for (const m of flat.slice(from, at).matchAll(/(?:^|[;&|(]|\n)[ \t]*cd[ \t]+("[^"\n]*"|'[^'\n]*'|[^\s;&|)]+)/g)) {
    const target = unquote(m[1]!);
    // `cd "$(dirname "$0")"` and other computed folders: where the script is, which is where it is read from.
    if (/[$`]/.test(target) || target === '-') continue;
    dir = posix.isAbsolute(target) ? target : posix.join(dir ?? '', target);
  }
  return dir;
}

function unquote(word: string): string {
  return word.replace(/^["']+|["']+$/g, '');
}

/** The command for a message, on one line and clipped, any value given to an option named for a secret (`--ssl-keyfile-password …`, `-e API_KEY=…`) masked. */
/** A command line as a message may quote it: one line, clipped, with the values of options and names that say they are secret masked. */
export function shownCommand(command: string): string {
  return clip(maskNamedValues(command.replace(/\s+/g, ' ').trim().replace(SECRET_OPTION, '$1=')));
}

/** An option named for a secret followed by its value after a space, written with `=` so that the value is masked. */
const SECRET_OPTION = /(--?[\w-]*(?:passw(?:or)?d|secret|token|api[_-]?key)[\w-]*) +(?=[^\s-])/gi;
