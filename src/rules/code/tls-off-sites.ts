/**
 * Where a Python or TypeScript/JavaScript file's own code turns TLS certificate verification off,
 * read from its text (comment lines blanked): `verify=False` on an HTTP client call, aiohttp's
 * `ssl=False`, an SSL context told `CERT_NONE`, `rejectUnauthorized: false`, the process-wide
 * switches (`NODE_TLS_REJECT_UNAUTHORIZED`, Python's default HTTPS context) and an Electron app
 * accepting every certificate. Each place says what connection it weakens (`kind`); whether it
 * holds by default, and whether the file is an agent's, is for `tls-off-gates.ts` and the rule.
 * A value that is not a literal "off" counts only when the file shows it is off by default
 * (`verify=os.getenv("SSL_VERIFY", "false") == "true"`, a parameter whose default is False).
 */
import { gateWords, holdsAny } from './gate-words.js';
import { argsAt, clip as clipCode, named, splitArgs } from './http-listen.js';
import { valueDefault, type Language } from './tls-off-gates.js';

/** What the weakened connection is: one client's HTTP or socket traffic, a datastore's client, or every connection of the process. */
export type TlsOffKind = 'http' | 'datastore' | 'process';

export interface TlsOffSite {
  start: number;
  end: number;
  /** What turns verification off, as written (no value the code holds): `verify=False`, `callback(true)`. */
  evidence: string;
  /** The connection, for the message: `the HTTP client httpx.AsyncClient(…)`. */
  connection: string;
  kind: TlsOffKind;
  /** Set when the value is not a literal off but one whose default is: where that default comes from. */
  byDefault?: string;
  /** Where the connection it weakens is described (the call or options around it): its target is looked for there. */
  around?: { start: number; end: number };
}

/** Datastore and broker client libraries: a `CERT_NONE` context or `ssl`/`tls` options in a file using one are that client's. */
const PY_DATASTORE = /^[ \t]*(?:from|import)[ \t]+(?:psycopg2?|asyncpg|pymysql|aiomysql|mysql\.connector|sqlalchemy|redis|aioredis|pymongo|motor|elasticsearch|opensearchpy|oracledb|cx_Oracle|pymemcache|aiomcache|neo4j|clickhouse_connect|cassandra|kafka|aiokafka|pika|aio_pika|ldap3)\b/m;
const TS_DATASTORE = /(?:from\s+|require\(\s*)['"](?:mysql2?|pg|postgres|ioredis|redis|mongodb|mongoose|@elastic\/elasticsearch|@opensearch-project\/opensearch|knex|sequelize|typeorm|bullmq|bull|kafkajs|amqplib|nodemailer|neo4j-driver|cassandra-driver|@clickhouse\/client|mssql|tedious|oracledb)(?:\/[^'"]*)?['"]/;

/** Python callees whose `verify=` is TLS verification: HTTP verbs and clients, sessions, transports. */
const PY_HTTP_CALLEE = /(?:^|\.)(?:get|post|put|patch|delete|head|options|request|stream|send|urlopen|ws_connect|connect|[A-Za-z_]*(?:Client|Session|Transport|Connector|client|session|request|Request|_connect|_http|_api))$|^(?:requests|httpx|aiohttp)\./;
/** aiohttp's own names, where `ssl=False` means "do not verify" rather than "no TLS". */
const AIOHTTP_CALLEE = /(?:^|\.)(?:get|post|put|patch|delete|head|options|request|ws_connect|TCPConnector)$/;

/**
 * Where the innermost bracket of kind `opener` (`(` or `{`) that holds `at` opens, looking back at
 * most 4,000 characters; undefined when a bracket of another kind holds it first.
 */
function openerOf(code: string, at: number, opener: '(' | '{'): number | undefined {
  let depth = 0;
  for (let i = at - 1; i >= 0 && i > at - 4000; i--) {
    const c = code[i]!;
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth > 0) depth--;
      else return c === opener ? i : undefined;
    }
  }
  return undefined;
}

/** The call whose argument list holds `at`: its callee as written, and where its arguments open. */
function enclosingCall(code: string, at: number): { callee: string; open: number } | undefined {
  const i = openerOf(code, at, '(');
  if (i === undefined) return undefined;
  const before = code.slice(Math.max(0, i - 200), i);
  const callee = /(?:\bnew\s+)?([\w$.]+)\s*$/.exec(before);
  if (!callee || /\b(?:def|function|async\s+def)\s+[\w$.]+\s*$/.test(before)) return undefined;
  return { callee: callee[1]!, open: i };
}

/** The object literal holding `at`: the key it is the value of (`ssl: {…}`) or the call it is handed to (`new https.Agent({…})`). */
function enclosingObject(code: string, at: number): { key?: string; callee?: string; open: number } | undefined {
  const i = openerOf(code, at, '{');
  if (i === undefined) return undefined;
  const before = code.slice(Math.max(0, i - 200), i);
  // The key the object is the value of, directly or as one side of a condition (`ssl: on ? { … } : undefined`).
  const key =
    /["']?([\w$]+)["']?\s*:\s*$/.exec(before)?.[1] ?? /([\w$]+)["']?\s*:\s*[^{}:;\n]*(?:\?|&&|\|\|)\s*$/.exec(before)?.[1] ?? /([\w$]*(?:ssl|tls|Ssl|Tls|SSL|TLS)[\w$]*)\s*=\s*$/.exec(before)?.[1];
  const callee = /(?:\bnew\s+)?([\w$.]+)\s*\(\s*(?:[^(),]*,\s*)?$/.exec(before)?.[1];
  return { ...(key ? { key } : {}), ...(callee ? { callee } : {}), open: i };
}

/**
 * The whole expression a place is written in, out to its statement: the outermost call or object
 * around it (`OpenAI(api_key=…, http_client=httpx.Client(verify=False))`, `new Agent({ connect: { … } })`),
 * with the callee written before it. Where the connection's host and credentials are looked for.
 */
function statementAround(code: string, at: number): { start: number; end: number } {
  let depth = 0;
  let open: number | undefined;
  for (let i = at - 1; i >= 0 && i > at - 3000; i--) {
    const c = code[i]!;
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth > 0) depth--;
      else {
        // A block's brace ends the statement: what is inside it is the statement.
        if (c === '{' && /(?:\)|=>|\belse|\btry)\s*$/.test(code.slice(Math.max(0, i - 20), i))) break;
        open = i;
      }
    } else if (depth === 0 && (c === ';' || (c === '\n' && open !== undefined))) break;
  }
  if (open === undefined) return { start: at, end: at + 1 };
  const callee = /(?:\bnew\s+)?[\w$.]+\s*$/.exec(code.slice(Math.max(0, open - 120), open));
  return { start: open - (callee ? callee[0].length : 0), end: argsAt(code, open)?.end ?? at + 1 };
}

/** Code quoted in a message: on one line, cut short, any value given to a secret's name masked. */
const clip = (s: string): string => clipCode(s, 60);

/** The places of a Python file's code where verification is turned off. */
export function pythonSites(code: string): TlsOffSite[] {
  const out: TlsOffSite[] = [];
  const datastore = PY_DATASTORE.test(code);
  // Keyword arguments: `verify=False`, `verify_ssl=False`, aiohttp's `ssl=False`, a datastore client's `verify_certs=False`.
  for (const m of code.matchAll(/(?<![\w.])(verify|verify_ssl|ssl|verify_certs|ssl_verify)\s*=(?!=)/g)) {
    const name = m[1]!;
    const call = enclosingCall(code, m.index!);
    if (!call) continue;
    if (name === 'ssl' ? !AIOHTTP_CALLEE.test(call.callee) || !/\baiohttp\b/.test(code) : name !== 'verify_certs' && !PY_HTTP_CALLEE.test(call.callee)) continue;
    const value = named(splitArgs(argsAt(code, call.open)?.args ?? ''), name, '=');
    if (!value) continue;
    const off = value === 'False' ? undefined : valueDefault(code, value, 'python');
    if (value !== 'False' && !off) continue;
    const store = name === 'verify_certs' || (/(?:^|\.)(?:connect|create_engine|create_pool|[A-Z]\w*(?:Redis|Search|Client|Pool))$/.test(call.callee) && datastore && !/^(?:requests|httpx|aiohttp)\./.test(call.callee));
    out.push({
      start: m.index!,
      end: m.index! + m[0].length + value.length,
      evidence: clip(`${name}=${value}`),
      connection: `${store ? 'the datastore client' : 'the HTTP client call'} ${clip(call.callee)}(…)`,
      kind: store ? 'datastore' : 'http',
      ...(off ? { byDefault: off } : {}),
      around: statementAround(code, m.index!),
    });
  }
  // `session.verify = False`, `configuration.verify_ssl = False` (OpenAPI-generated clients).
  for (const m of code.matchAll(/\b([\w.]+)\.(verify|verify_ssl)[ \t]*=[ \t]*False\b/g)) {
    out.push({ start: m.index!, end: m.index! + m[0].length, evidence: clip(m[0]), connection: `the client ${m[1]}`, kind: 'http' });
  }
  // An SSL context that checks nothing: `ctx.verify_mode = ssl.CERT_NONE`, `cert_reqs=ssl.CERT_NONE`, `sslopt={"cert_reqs": ssl.CERT_NONE}`.
  for (const m of code.matchAll(/\b(?:verify_mode|cert_reqs|ssl_cert_reqs)["']?\s*[=:]\s*(?:ssl\.)?CERT_NONE\b(?!\s+if\b)/g)) {
    out.push({
      start: m.index!,
      end: m.index! + m[0].length,
      evidence: clip(m[0]),
      connection: datastore ? "the datastore client's TLS context" : 'the TLS context this code builds',
      kind: datastore ? 'datastore' : 'http',
    });
  }
  // Python's process-wide default, replaced by one that verifies nothing.
  for (const m of code.matchAll(/\bssl\._create_default_https_context\s*=\s*ssl\._create_unverified_context\b/g)) {
    out.push({ start: m.index!, end: m.index! + m[0].length, evidence: 'ssl._create_default_https_context = ssl._create_unverified_context', connection: 'every HTTPS connection of the process (urllib and what uses its default context)', kind: 'process' });
  }
  for (const m of code.matchAll(/\bssl\._create_unverified_context\s*\(\s*\)/g)) {
    out.push({ start: m.index!, end: m.index! + m[0].length, evidence: 'ssl._create_unverified_context()', connection: datastore ? "the datastore client's TLS context" : 'the TLS context this code builds', kind: datastore ? 'datastore' : 'http' });
  }
  for (const m of code.matchAll(/\bos\.environ\s*\[\s*["'](PYTHONHTTPSVERIFY|NODE_TLS_REJECT_UNAUTHORIZED)["']\s*\]\s*=\s*["']0["']/g)) {
    out.push({ start: m.index!, end: m.index! + m[0].length, evidence: `${m[1]}=0`, connection: 'every HTTPS connection of the process and of what it starts', kind: 'process' });
  }
  return out;
}

/** The places of a TypeScript/JavaScript file's code where verification is turned off. */
export function typescriptSites(code: string): TlsOffSite[] {
  const out: TlsOffSite[] = [];
  const datastore = TS_DATASTORE.test(code);
  for (const m of code.matchAll(/\b(rejectUnauthorized|strictSSL)["']?\s*:/g)) {
    const name = m[1]!;
    const holder = enclosingObject(code, m.index!);
    const items = holder ? splitArgs(argsAt(code, holder.open)?.args ?? '') : [];
    const value = named(items, name, ':') ?? /^\s*([^,}\n]+)/.exec(code.slice(m.index! + m[0].length))?.[1]?.trim();
    if (!value) continue;
    const off = value === 'false' ? undefined : valueDefault(code, value, 'typescript');
    if (value !== 'false' && !off) continue;
    // `ssl:`/`tls:` options are a datastore or broker client's (pg, mysql, ioredis, bullmq, mongodb, elasticsearch); HTTP agents take theirs directly or under `connect:`.
    const store = /^(?:ssl|tls)$|^\w*(?:ssl|tls)\w*$/i.test(holder?.key ?? '') || (datastore && !/(?:Agent|request|fetch|axios|connect)$/i.test(holder?.callee ?? ''));
    const via = holder?.callee ? `${clip(holder.callee)}(…)` : holder?.key ? `its ${holder.key} options` : 'these connection options';
    out.push({
      start: m.index!,
      end: m.index! + m[0].length,
      evidence: clip(`${name}: ${value}`),
      connection: store ? `the datastore client (${via})` : `the connections made with ${via}`,
      kind: store ? 'datastore' : 'http',
      ...(off ? { byDefault: off } : {}),
      around: statementAround(code, m.index!),
    });
  }
  for (const m of code.matchAll(/\bprocess\.env(?:\.NODE_TLS_REJECT_UNAUTHORIZED|\[\s*['"`]NODE_TLS_REJECT_UNAUTHORIZED['"`]\s*\])\s*=(?!=)\s*(?:['"`]0['"`]|0\b)/g)) {
    out.push({ start: m.index!, end: m.index! + m[0].length, evidence: 'NODE_TLS_REJECT_UNAUTHORIZED=0', connection: 'every HTTPS connection of the Node.js process', kind: 'process' });
  }
  out.push(...electronSites(code));
  return out;
}

/**
 * Electron: a `certificate-error` handler that answers `callback(true)` with no condition, a
 * certificate verifier that answers 0 (accept) for every request, the `ignore-certificate-errors`
 * switch. Each covers every window of the app, its sign-in and its API calls included.
 */
function electronSites(code: string): TlsOffSite[] {
  const out: TlsOffSite[] = [];
  for (const m of code.matchAll(/\.on\(\s*['"`]certificate-error['"`]\s*,\s*(?:async\s*)?(?:function\s*\w*\s*)?\(([^)]*)\)\s*(?:=>\s*)?\{/g)) {
    const cb = m[1]!.split(',').map((p) => p.trim().replace(/[:=].*$/, '').trim()).pop();
    const body = argsAt(code, m.index! + m[0].length - 1);
    if (!cb || !body) continue;
    const accept = new RegExp(`\\b${cb}\\s*\\(\\s*true\\s*\\)`).exec(body.args);
    // An acceptance under a condition (a known fingerprint, a local host) is the app's own check, not "every certificate".
    if (!accept || /\bif\s*\(|\?[^.?]|&&|\bswitch\b/.test(body.args.slice(0, accept.index))) continue;
    const at = m.index! + m[0].length + accept.index!;
    out.push({ start: at, end: at + accept[0].length, evidence: `certificate-error → ${accept[0]}`, connection: "every window and request of the Electron app (its sign-in and API calls included)", kind: 'process' });
  }
  for (const m of code.matchAll(/\.setCertificateVerifyProc\(\s*(?:async\s*)?\(([^)]*)\)\s*=>\s*\{?/g)) {
    const cb = m[1]!.split(',').map((p) => p.trim().replace(/[:=].*$/, '').trim()).pop();
    const rest = code.slice(m.index! + m[0].length, m.index! + m[0].length + 400);
    const accept = cb ? new RegExp(`^[^]*?\\b${cb}\\s*\\(\\s*0\\s*\\)`).exec(rest) : null;
    if (!accept || /\bif\s*\(|\?[^.?]|&&/.test(accept[0])) continue;
    out.push({ start: m.index!, end: m.index! + m[0].length, evidence: `setCertificateVerifyProc → ${cb}(0)`, connection: "every request of the Electron app's session", kind: 'process' });
  }
  for (const m of code.matchAll(/\bapp\.commandLine\.appendSwitch\(\s*['"`]ignore-certificate-errors['"`]/g)) {
    out.push({ start: m.index!, end: m.index! + m[0].length, evidence: "appendSwitch('ignore-certificate-errors')", connection: 'every window and request of the Electron app', kind: 'process' });
  }
  return out;
}

const PY_TLS_OFF = /\b(?:verify|verify_ssl|verify_certs|ssl_verify|ssl)\s*=|CERT_NONE|_create_unverified_context|PYTHONHTTPSVERIFY|NODE_TLS_REJECT_UNAUTHORIZED/;
const PY_TLS_WORDS = gateWords(['verify', 'ssl', 'cert_none', 'unverified_context', 'node_tls_reject']);
const TS_TLS_OFF = /rejectUnauthorized|strictSSL|NODE_TLS_REJECT_UNAUTHORIZED|certificate-error|setCertificateVerifyProc|ignore-certificate-errors/;
const TS_TLS_WORDS = gateWords(['rejectUnauthorized', 'strictSSL', 'node_tls_reject', 'certificate-error', 'setCertificateVerifyProc']);

/** Cheap test before anything is read: a word the sites start from. */
export function mayTurnTlsOff(text: string, language: Language): boolean {
  return language === 'python'
    ? holdsAny(text, PY_TLS_WORDS) && PY_TLS_OFF.test(text)
    : holdsAny(text, TS_TLS_WORDS) && TS_TLS_OFF.test(text);
}
