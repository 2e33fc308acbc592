/**
 * Whether a place that turns TLS verification off holds by default, read from the code around it:
 * the `if`, ternary or `&&` that guards it, or the value it is given. A switch the user must set
 * (an environment variable or option whose default keeps verification on) is an opt-in; a switch
 * whose default turns it off, or a value whose default is off, is as if written always; a guard
 * that only asks whether TLS is used at all (`sslEnabled ? { rejectUnauthorized: false } : {}`) or
 * which scheme the URL has leaves every TLS connection unverified. A guard naming the local
 * machine keeps it to loopback. Also: whether the connection goes to the local machine, and whether
 * the code around it carries a credential.
 */
import { escapeRegExp } from '../../core/regex.js';
import { argsAt, clip as clipCode } from './http-listen.js';

export type Language = 'python' | 'typescript';

export type GateState = 'always' | 'by-default' | 'opt-in' | 'loopback';

export interface Gate {
  state: GateState;
  /** The guard as written, clipped (`process.env.ALLOW_INSECURE`), when there is one. */
  guard?: string;
  /** Where the default comes from, for the message. */
  why?: string;
}

/** Code quoted in a message: on one line, cut short, any value given to a secret's name masked. */
const clip = (s: string): string => clipCode(s, 70);

/** Words of a guard that asks for the local machine. */
const LOOPBACK_WORDS = /localhost|127\.0\.0\.1|\[?::1\]?|\bis_?local|isLocal|\bloopback|host\.docker\.internal|\bunix\b|socketPath/i;
/** Words of a guard that is a switch for verification itself (rather than for TLS as a whole). */
const VERIFY_SWITCH = /insecure|verif|skip|bypass|ignore|allow|unauthori[sz]|self_?signed|selfSigned|disable|unsafe|trust|reject|strict|no_?check|check_?cert|cert_?check/i;
/** A guard that only tells whether TLS is used (`ssl_enabled`, `useSSL`, `url.startsWith('https')`). */
const TLS_USE = /ssl|tls|https|secure|rediss:|startsWith\(\s*['"`]https?\b|\b(?:scheme|protocol)\b/i;

/** An environment read: the variable and the literal default, if one is given. */
const ENV_READ: Record<Language, RegExp> = {
  python: /\bos\.(?:getenv|environ\.get)\(\s*["'](\w+)["']\s*(?:,\s*(?:["']([^"']*)["']|(True|False|None|\d+)))?\s*\)|\bos\.environ\s*\[\s*["'](\w+)["']\s*\]/,
  typescript: /\bprocess\.env(?:\.(\w+)|\[\s*['"`](\w+)['"`]\s*\])(?:\s*(?:\?\?|\|\|)\s*['"`]([^'"`]*)['"`])?/,
};

/**
 * The truth of a condition when nothing is set, when it reads one environment variable (compared
 * with literals, lower-cased, negated): undefined when it cannot be told.
 */
function envConditionDefault(cond: string, language: Language): { value: boolean; variable: string; fallback?: string } | undefined {
  const read = ENV_READ[language].exec(cond);
  if (!read) return undefined;
  const variable = (read[1] ?? read[2] ?? read[4])!;
  const fallback = language === 'python' ? (read[2] ?? read[3]) : read[3];
  const unset = fallback ?? (language === 'python' ? 'None' : 'undefined');
  const after = cond.slice(read.index + read[0].length).replace(/^\s*\.\s*(?:lower|strip|toLowerCase|trim)\(\s*\)/g, '').replace(/^\s*\.\s*(?:lower|strip|toLowerCase|trim)\(\s*\)/, '');
  const negated = /(?:!|\bnot\s+)\(?\s*$/.test(cond.slice(0, read.index));
  let value: boolean;
  const cmp = /^\s*(===?|!==?|not\s+in|in)\s*(\(|\[)?\s*((?:["'`][^"'`]*["'`]\s*,?\s*)+|True|False|None|undefined|null|true|false|\d+)/.exec(after);
  if (cmp) {
    const literals = [...cmp[3]!.matchAll(/["'`]([^"'`]*)["'`]/g)].map((x) => x[1]!);
    const bare = literals.length === 0 ? cmp[3]!.trim() : undefined;
    const equal = bare !== undefined ? (bare === 'None' || bare === 'undefined' || bare === 'null' ? fallback === undefined : unset === bare) : literals.some((l) => l.toLowerCase() === unset.toLowerCase());
    value = /^(?:==|===|in)$/.test(cmp[1]!) ? equal : !equal;
  } else {
    if (/^\s*(?:[<>]|[-+*/%]|\.(?!\s*(?:lower|strip))\w)/.test(after)) return undefined;
    const quoted = read[language === 'python' ? 2 : 3];
    value = quoted !== undefined ? quoted !== '' : read[3] !== undefined && language === 'python' && !/^(?:None|False|0)$/.test(read[3]);
  }
  return { value: negated ? !value : value, variable, ...(fallback !== undefined ? { fallback } : {}) };
}

/** The literal boolean a name is given as a parameter default, a field default or an assignment in the file, if exactly one is. */
function nameDefault(code: string, name: string, language: Language): boolean | undefined {
  const n = escapeRegExp(name);
  const re =
    language === 'python'
      ? new RegExp(`(?<![\\w.])${n}\\s*(?::\\s*[\\w\\[\\]|. ]+)?=(?!=)\\s*(?:Field\\(\\s*(?:default\\s*=\\s*)?)?(True|False)\\b`, 'g')
      : new RegExp(`(?<![\\w$.])${n}\\s*(?:\\?\\s*)?(?::\\s*(?:boolean\\s*=\\s*)?|=(?!=)\\s*)(true|false)\\b`, 'g');
  const found = new Set([...code.matchAll(re)].map((m) => /^t/i.test(m[1]!)));
  return found.size === 1 ? [...found][0] : undefined;
}

/**
 * When a value given to a verification setting (`verify=`, `rejectUnauthorized:`) is not a literal,
 * whether its default is "off": an environment read whose default makes it false, or a name whose
 * default in the file is false (negated for `!name`, `not name`). Returns where the default comes from.
 */
export function valueDefault(code: string, value: string, language: Language): string | undefined {
  const env = envConditionDefault(value, language);
  if (env) return env.value ? undefined : `${env.variable}${env.fallback !== undefined ? ` defaults to "${env.fallback}"` : ' is unset by default'}, which turns it off`;
  const name = /^(not\s+|!\s*)?(?:self\.|this\.|options\.|opts\.|config\.|settings\.|args\.|params\.)?(\w+)$/.exec(value.trim());
  if (!name) return undefined;
  const d = nameDefault(code, name[2]!, language);
  if (d === undefined) return undefined;
  const on = name[1] ? !d : d;
  return on ? undefined : `${name[2]} defaults to ${language === 'python' ? (d ? 'True' : 'False') : String(d)}`;
}

/**
 * The condition that guards `at` and whether `at` is on its true side: the nearest one that is about
 * verification, TLS, the environment or the local machine (an enclosing `if r.status_code == 200:`
 * says nothing of the connection).
 */
function guardOf(code: string, at: number, language: Language): { cond: string; whenTrue: boolean } | undefined {
  const guards = language === 'python' ? pythonGuards(code, at) : [tsGuard(code, at)].flatMap((g) => (g ? [g] : []));
  return guards.find((g) => VERIFY_SWITCH.test(g.cond) || TLS_USE.test(g.cond) || LOOPBACK_WORDS.test(g.cond) || ENV_READ[language].test(g.cond));
}

function pythonGuards(code: string, at: number): { cond: string; whenTrue: boolean }[] {
  const out: { cond: string; whenTrue: boolean }[] = [];
  const lineStart = code.lastIndexOf('\n', at - 1) + 1;
  const lines = code.slice(0, lineStart).split('\n');
  let indent = /^[ \t]*/.exec(code.slice(lineStart))![0].length;
  let elseSeen = false;
  for (let i = lines.length - 2, n = 0; i >= 0 && n < 60; i--, n++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    const ind = /^[ \t]*/.exec(line)![0].length;
    if (ind >= indent) continue;
    const head = line.trim();
    if (/^(?:def|async\s+def|class)\b/.test(head)) return out;
    if (/^else\s*:/.test(head)) {
      elseSeen = true;
      indent = ind + 1;
      continue;
    }
    const cond = /^(?:el)?if\s+(.+?):\s*$/.exec(head);
    if (cond) {
      out.push({ cond: cond[1]!, whenTrue: !elseSeen });
      // An `elif` or `if` closed an else: what encloses them is further out.
      elseSeen = false;
      indent = ind;
      continue;
    }
    if (!elseSeen) indent = ind;
  }
  return out;
}

function tsGuard(code: string, at: number): { cond: string; whenTrue: boolean } | undefined {
  let depth = 0;
  for (let i = at - 1; i >= 0 && i > at - 3000; i--) {
    const c = code[i]!;
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth > 0) {
        depth--;
        // `if (cond) statement`: the group just closed was an if's condition.
        if (depth === 0 && c === '(' && /\bif\s*$/.test(code.slice(Math.max(0, i - 10), i)) && !code.slice(i, at).includes(';')) {
          const cond = argsAt(code, i)?.args;
          return cond ? { cond, whenTrue: true } : undefined;
        }
        continue;
      }
      if (c !== '{') continue;
      const before = code.slice(Math.max(0, i - 300), i);
      if (/\belse\s*$/.test(before)) {
        const iff = /\bif\s*\(([^]*)\)\s*\{[^]*\}\s*else\s*$/.exec(before);
        return iff ? { cond: iff[1]!, whenTrue: false } : undefined;
      }
      if (/\)\s*$/.test(before)) {
        const close = i - (before.length - before.trimEnd().length) - 1;
        const open = matchingOpen(code, close);
        if (open !== undefined && /\bif\s*$/.test(code.slice(Math.max(0, open - 10), open))) return { cond: code.slice(open + 1, close), whenTrue: true };
        return undefined;
      }
      if (/=>\s*$|\b(?:try|finally|do)\s*$/.test(before)) return undefined;
    } else if (depth === 0 && c === '?' && code[i + 1] !== '.' && code[i + 1] !== '?' && code[i - 1] !== '?') {
      // The true side of a ternary: the condition runs back to the start of the expression.
      return { cond: code.slice(expressionStart(code, i), i), whenTrue: true };
    } else if (depth === 0 && c === ':' && code[i - 1] !== ':' && isTernaryElse(code, i)) {
      const q = ternaryQuestion(code, i);
      if (q === undefined) return undefined;
      return { cond: code.slice(expressionStart(code, q), q), whenTrue: false };
    } else if (depth === 0 && c === '&' && code[i - 1] === '&') {
      return { cond: code.slice(expressionStart(code, i - 1), i - 1).replace(/^\s*\.\.\./, ''), whenTrue: true };
    } else if (depth === 0 && (c === ';' || (c === '\n' && /^\s*(?:const|let|var|return)\b/.test(code.slice(i + 1, at))))) return undefined;
  }
  return undefined;
}

/** Where the expression that ends at `end` starts: after an unmatched bracket, an assignment, a comma, a semicolon, a key's colon or `return`. */
function expressionStart(code: string, end: number): number {
  let depth = 0;
  for (let i = end - 1; i >= 0 && i > end - 400; i--) {
    const c = code[i]!;
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) return i + 1;
      depth--;
    } else if (depth === 0 && (c === ',' || c === ';' || (c === ':' && code[i - 1] !== ':') || (c === '=' && !/[=!<>]/.test(code[i - 1] ?? '') && code[i + 1] !== '=' && code[i + 1] !== '>'))) return i + 1;
    else if (depth === 0 && /\breturn$/.test(code.slice(Math.max(0, i - 6), i + 1))) return i + 1;
  }
  return Math.max(0, end - 400);
}

function matchingOpen(code: string, close: number): number | undefined {
  let depth = 0;
  for (let i = close; i >= 0 && i > close - 2000; i--) {
    if (code[i] === ')') depth++;
    else if (code[i] === '(' && --depth === 0) return i;
  }
  return undefined;
}

/** Whether the `:` at `i` is a ternary's else (a `?` before it in the same expression), not an object key's. */
function isTernaryElse(code: string, i: number): boolean {
  return ternaryQuestion(code, i) !== undefined;
}

function ternaryQuestion(code: string, colon: number): number | undefined {
  let depth = 0;
  for (let i = colon - 1; i >= 0 && i > colon - 1500; i--) {
    const c = code[i]!;
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) return undefined;
      depth--;
    } else if (depth === 0 && c === '?' && code[i + 1] !== '.' && code[i + 1] !== '?' && code[i - 1] !== '?') return i;
    else if (depth === 0 && (c === ';' || c === ',')) return undefined;
  }
  return undefined;
}

/** How the place at `at` is guarded, and so whether verification is off by default. */
export function gateOf(code: string, at: number, language: Language): Gate {
  const guard = guardOf(code, at, language);
  if (!guard) return { state: 'always' };
  const cond = guard.cond.trim();
  const shown = clip(cond);
  if (LOOPBACK_WORDS.test(cond)) return { state: 'loopback', guard: shown };
  const env = envConditionDefault(cond, language);
  // A guard on whether TLS is used at all, or on the URL's scheme: every TLS connection is unverified.
  if (!VERIFY_SWITCH.test(cond) && TLS_USE.test(cond)) return { state: 'always', guard: shown, why: `whenever TLS is used (${shown})` };
  if (env) {
    const holds = env.value === guard.whenTrue;
    return holds
      ? { state: 'by-default', guard: shown, why: `${env.variable}${env.fallback !== undefined ? ` defaults to "${env.fallback}"` : ' is unset by default'}, which turns it off` }
      : { state: 'opt-in', guard: shown, why: `only when ${env.variable} is set to turn it off` };
  }
  const name = /^(not\s+|!\s*)?(?:self\.|this\.|options\.|opts\.|config\.|settings\.|args\.|params\.|props\.)*(\w+)$/.exec(cond.replace(/^\(|\)$/g, ''));
  if (name) {
    const d = nameDefault(code, name[2]!, language);
    const truth = d === undefined ? undefined : name[1] ? !d : d;
    if (truth === guard.whenTrue) return { state: 'by-default', guard: shown, why: `${name[2]} defaults to ${language === 'python' ? (d ? 'True' : 'False') : String(d)}, which turns it off` };
  }
  return { state: 'opt-in', guard: shown, why: `only when ${shown} ${guard.whenTrue ? 'holds' : 'does not hold'}` };
}

const URL_LITERAL = /[fr]?["'`](?:(?:https?|wss?|mysql|postgres(?:ql)?|rediss?|mongodb(?:\+srv)?):\/\/)([^/:"'`\s]+|\[[:\da-f]+\])[^"'`]*["'`]|\bhost\s*[:=]\s*["'`]([^"'`]+)["'`]/gi;
const LOCAL_HOST = /^(?:localhost|127\.\d+\.\d+\.\d+|\[::1\]|::1|host\.docker\.internal|\{?\w*(?:localhost|LOCALHOST)\w*\}?)$/;

/**
 * Whether the connection around a place (`around`: the call or options it is written in) goes to the
 * local machine only: every URL or host written there, or in the assignment of a variable named
 * there, is loopback, or it goes through a Unix socket.
 */
export function loopbackTarget(code: string, around: { start: number; end: number }): boolean {
  const text = code.slice(around.start, around.end);
  if (/\bUnixConnector\b|\bsocketPath\s*:|\buds\s*=/.test(text)) return true;
  const hosts = [...text.matchAll(URL_LITERAL)].map((m) => (m[1] ?? m[2])!);
  // A URL handed over in a variable assigned just before (`url = f"https://localhost:{port}/sse"`).
  const before = code.slice(Math.max(0, around.start - 1500), around.start);
  for (const name of new Set([...text.matchAll(/(?<![\w.'"`])([a-z_]\w*)(?=\s*[,)])/gi)].map((m) => m[1]!))) {
    const assigned = [...before.matchAll(new RegExp(`(?<![\\w.])${escapeRegExp(name)}\\s*=(?!=)\\s*([^\\n]+)`, 'g'))].pop();
    if (assigned) hosts.push(...[...assigned[1]!.matchAll(URL_LITERAL)].map((m) => (m[1] ?? m[2])!));
  }
  return hosts.length > 0 && hosts.every((h) => LOCAL_HOST.test(h));
}

/** A credential the connection carries, named in the code around a place: a header, an API key, a password, a token. */
const CREDENTIAL_WORD =
  /\b(?:Authorization|Bearer)\b|["']x-api-key["']|(?<![\w])(?:\w*_)?(?:api_?key|apikey|token|password|passwd|secret|credentials?)(?![\w])|\b(?:apiKey|accessToken|authToken|bearerToken|clientSecret|password)\b|(?<![\w.])auth\s*=/i;

/**
 * The credential the connection carries: named in the call or options that make it (its headers,
 * `auth=`, an API key), or in what a variable named there was assigned; for a context or session
 * set apart from its call, in the lines about it. A proxy's login is the proxy's, not the service's.
 */
export function credentialNear(code: string, around: { start: number; end: number } | undefined, at: number): string | undefined {
  const texts: string[] = [];
  if (around) {
    const text = code.slice(around.start, around.end);
    texts.push(text);
    const before = code.slice(Math.max(0, around.start - 3000), around.start);
    for (const name of new Set([...text.matchAll(/(?<![\w'"`])((?:self\.|this\.)?[a-z_]\w*)(?=\s*[,)}])/gi)].map((m) => m[1]!))) {
      const assigned = [...before.matchAll(new RegExp(`(?<![\\w.])${escapeRegExp(name)}\\s*=(?!=)\\s*([^\\n]+(?:\\n[ \\t]+[^\\n]*){0,6})`, 'g'))].pop();
      if (assigned) texts.push(assigned[1]!);
    }
    // The client or agent kept in a variable, and the calls it is handed to (`OpenAI(http_client=http)`, `fetch(url, { dispatcher })`).
    const holder = /(?:^|[^\w.])((?:self\.|this\.)?[A-Za-z_$][\w$]*)\s*(?::\s*[\w.<>[\]| ]+)?=\s*(?:new\s+|await\s+)?$/.exec(code.slice(Math.max(0, around.start - 120), around.start))?.[1];
    // The session or client the call is made on (`self.session.get(…)`): what its headers and auth are set to.
    const receiver = /^((?:self\.|this\.)?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\.[\w$]+\s*\(/.exec(text)?.[1];
    if (receiver && !/^(?:requests|httpx|aiohttp|urllib3?|https?|tls)$/.test(receiver)) {
      for (const line of code.split('\n')) if (line.includes(`${receiver}.headers`) || line.includes(`${receiver}.auth`)) texts.push(line);
    }
    // A request's result is its response, not a client: what is done with it later carries nothing of the request.
    const request = /^[\w$.]+\.(?:get|post|put|patch|delete|head|options|request|send)\s*\(/.test(text);
    if (holder && !request) {
      const uses = [...code.slice(around.end).matchAll(new RegExp(`(?<![\\w$.])${escapeRegExp(holder)}(?![\\w$])`, 'g'))].slice(0, 5);
      for (const u of uses) texts.push(code.slice(Math.max(around.end, around.end + u.index! - 300), around.end + u.index! + 300));
    }
  } else texts.push(code.slice(Math.max(0, at - 600), Math.min(code.length, at + 600)));
  for (const text of texts) {
    for (const m of text.matchAll(new RegExp(CREDENTIAL_WORD.source, 'gi'))) if (!/proxy/i.test(m[0])) return clip(m[0]);
  }
  return undefined;
}

/**
 * A Python function whose name says it turns verification off (`_disable_ssl_verification`) is the
 * switch itself: where the place at `at` is in one, the guard of the first call to it decides.
 */
export function callerGate(code: string, at: number): Gate | undefined {
  const lineStart = code.lastIndexOf('\n', at - 1) + 1;
  const indent = /^[ \t]*/.exec(code.slice(lineStart))![0].length;
  const defs = [...code.slice(0, lineStart).matchAll(/^([ \t]*)(?:async\s+)?def\s+(\w+)/gm)].filter((m) => m[1]!.length < indent);
  const name = defs.pop()?.[2];
  if (!name || !/disable|insecure|no_?verify|skip_?verif|unverified|bypass/i.test(name)) return undefined;
  const call = new RegExp(`(?<!def\\s)\\b${escapeRegExp(name)}\\s*\\(`).exec(code);
  return call ? gateOf(code, call.index, 'python') : undefined;
}
