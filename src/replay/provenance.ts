/**
 * Provenance: where each decisive argument value of a tool call first appeared in the session.
 *
 * Sources are what the session shows the agent: the user's messages, the system prompt, the policy
 * (its objective), and tool results. A call's decisive values (recipients and email addresses, IBANs
 * and account or phone numbers, URLs and hosts, file paths, shell commands and the URLs inside them,
 * channel and user ids, credentials, amounts) are extracted from its arguments, normalised, and
 * looked up in the sources. The origin is the most trusted source that holds the value:
 *
 *   user / system / policy / trusted-tool  trusted
 *   vouched   a tool result the user pointed at ("pay the bill in bill.txt": the call that read it
 *             had an argument the user's request names)
 *   tool      only an unvouched tool result: untrusted data decided the argument
 *   none      nowhere: the model made it up (or computed it)
 *
 * State is bounded: at most MAX_SOURCES sources of each kind (trusted words, tool results),
 * MAX_SOURCE_CHARS characters each and MAX_TOTAL_CHARS in all; the oldest tool results leave first.
 */

export type ValueKind = 'email' | 'iban' | 'phone' | 'account' | 'url' | 'host' | 'path' | 'command' | 'recipient' | 'credential' | 'amount';
export type Origin = 'user' | 'system' | 'policy' | 'trusted-tool' | 'vouched' | 'tool' | 'none';

export const TRUSTED_ORIGINS: ReadonlySet<Origin> = new Set(['user', 'system', 'policy', 'trusted-tool']);

export interface Source {
  kind: 'user' | 'system' | 'policy' | 'tool';
  step: number;
  tool?: string;
  /** Trusted tool (policy `provenance.trustedSources`). */
  trusted?: boolean;
  /** Why the user vouched for this result, e.g. `the request names "bill.txt"`. */
  vouched?: string;
  /** Lowercased, whitespace collapsed. */
  readonly norm: string;
  /** Letters and digits only, upper case (IBANs, phone and account numbers). */
  readonly compact: string;
}

/**
 * A source as stored: the text is kept as recorded and normalised on first use, since most results
 * are never searched (a long session's results are pushed out before any call looks at them).
 */
class StoredSource implements Source {
  trusted?: boolean;
  vouched?: string;
  private normCache?: string;
  private compactCache?: string;

  constructor(
    readonly kind: Source['kind'],
    readonly step: number,
    readonly tool: string | undefined,
    /** Order of arrival, across both stores. */
    readonly seq: number,
    private readonly text: string,
  ) {}

  get norm(): string {
    return (this.normCache ??= normText(this.text));
  }

  get compact(): string {
    return (this.compactCache ??= compactText(this.text));
  }

  private unquotedCache?: string;
  /** `norm` without quotes (a command quoted differently). */
  get unquoted(): string {
    return (this.unquotedCache ??= this.norm.replace(/["'`]/g, ''));
  }

  /** Characters held, for the store's budget (the text and at most its three derived forms). */
  get weight(): number {
    return this.text.length * 4;
  }
}

/** First-in first-out list with O(1) removal at the front. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(x: T): void {
    this.items.push(x);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const x = this.items[this.head]!;
    (this.items as (T | undefined)[])[this.head] = undefined;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i]!;
  }

  find(pred: (x: T) => boolean): T | undefined {
    for (let i = this.head; i < this.items.length; i++) if (pred(this.items[i]!)) return this.items[i];
    return undefined;
  }
}

export interface DecisiveValue {
  /** Argument path, `recipients[0]`, `command`. */
  path: string;
  kind: ValueKind;
  /** The value as it appears (the caller scrubs it before printing). */
  value: string;
}

export interface Traced extends DecisiveValue {
  origin: Origin;
  /** The source that decided the origin (for tool, vouched: the earliest result holding it). */
  source?: Source;
  /** A short excerpt of the source around the value. */
  excerpt?: string;
}

const MAX_SOURCES = 4000;
const MAX_SOURCE_CHARS = 256 * 1024;
/** Characters held by all sources together (text and normal forms), about 3 bytes each at most. */
const MAX_TOTAL_CHARS = 48 * 1024 * 1024;
const MAX_VALUES = 48;

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}/g;
const IBAN = /\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,30}\b/g;
const URL = /\b(?:(?:https?|wss?|ftp):\/\/|www\.)[^\s"'<>`)\]},]{2,2048}/gi;
const BARE_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?::\d{1,5})?(?:\/\S*)?$/i;

export const RECIPIENT_KEYS = /^(?:to|cc|bcc|recipients?|recipient_?(?:iban|email|id|address)?|emails?|email_?address(?:es)?|participants?|attendees?|invitees?|users?|user_?(?:id|email|name)?|channels?|channel_?(?:id|name)?|account|account_?(?:id|number)|iban|phone(?:_?number)?|number|address|receiver|payee|destination|target|assignee|members?|share_?with|emails_to)$/i;
export const URL_KEYS = /^(?:url|uri|link|href|website|webpage|endpoint|host|hostname|domain|server|site|remote|webhook|callback)(?:_?url)?$/i;
export const PATH_KEYS = /^(?:path|file_?path|filename|file_?name|file|dest(?:ination)?_?path|target_?path|output_?path|directory|dir)$/i;
export const COMMAND_KEYS = /^(?:command|cmd|script|code|shell|commands|args|argv)$/i;
export const CREDENTIAL_KEYS = /^(?:password|new_?password|passphrase|token|api_?key|secret|access_?key|private_?key|credentials?)$/i;
export const AMOUNT_KEYS = /^(?:amount|price|value|sum|total|quantity)$/i;
const TEXT_KEYS = /^(?:body|content|text|message|msg|description|subject|note|comment|markdown|html)$/i;

type KeyClass = 'credential' | 'amount' | 'command' | 'url' | 'path' | 'recipient' | 'text' | 'other';
const keyClasses = new Map<string, KeyClass>();

/** What an argument's key says its value is (first matching family wins), remembered per key. */
function keyClass(key: string): KeyClass {
  let c = keyClasses.get(key);
  if (c) return c;
  c = CREDENTIAL_KEYS.test(key)
    ? 'credential'
    : AMOUNT_KEYS.test(key)
      ? 'amount'
      : COMMAND_KEYS.test(key)
        ? 'command'
        : URL_KEYS.test(key)
          ? 'url'
          : PATH_KEYS.test(key)
            ? 'path'
            : RECIPIENT_KEYS.test(key)
              ? 'recipient'
              : TEXT_KEYS.test(key)
                ? 'text'
                : 'other';
  if (keyClasses.size < 4096) keyClasses.set(key, c);
  return c;
}

/** Normalised form of a text for matching: lowercased, whitespace collapsed, quotes kept. */
export function normText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}
export function compactText(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

/** A URL without scheme, `www.`, trailing slash; lowercased host. */
export function normUrl(url: string): string {
  let u = url.trim().replace(/^[a-z][a-z0-9+.-]{0,15}:\/\//i, '').replace(/^www\./i, '');
  u = u.replace(/[.,;:!?]+$/, '').replace(/\/+$/, '');
  return u.toLowerCase();
}
export function hostOf(url: string): string {
  return normUrl(url).split(/[/?#]/)[0]!.replace(/:\d+$/, '');
}

const clip = (s: string): string => (s.length > 60 ? `${s.slice(0, 60)}…` : s);

function stripQuotes(s: string): string {
  return s.trim().replace(/^["'`]+|["'`]+$/g, '');
}

/** The decisive values in a call's arguments. */
export function decisiveValues(args: unknown): DecisiveValue[] {
  const out: DecisiveValue[] = [];
  const seen = new Set<string>();
  const add = (path: string, kind: ValueKind, value: string): void => {
    const v = stripQuotes(value);
    if (v.length < 2 || out.length >= MAX_VALUES) return;
    const key = `${kind}\0${v.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ path, kind, value: v });
  };
  const inText = (path: string, s: string, urlsOnly: boolean): void => {
    if (s.includes('@')) for (const m of s.matchAll(EMAIL)) add(path, 'email', m[0]);
    if (s.includes('://') || /www\./i.test(s)) for (const m of s.matchAll(URL)) add(path, 'url', m[0]);
    if (urlsOnly) return;
    for (const m of s.matchAll(IBAN)) add(path, 'iban', m[0]);
  };
  const walk = (v: unknown, path: string, key: string, depth: number): void => {
    if (depth > 12 || out.length >= MAX_VALUES) return;
    if (Array.isArray(v)) {
      const n = Math.min(v.length, 64);
      for (let i = 0; i < n; i++) walk(v[i], `${path}[${i}]`, key, depth + 1);
      return;
    }
    if (v && typeof v === 'object') {
      let n = 0;
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        if (n++ >= 128) break;
        walk((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k, k, depth + 1);
      }
      return;
    }
    const cls = keyClass(key);
    if (typeof v === 'number') {
      if (cls === 'amount') add(path, 'amount', String(v));
      return;
    }
    if (typeof v !== 'string' || !v.trim()) return;
    const s = v.length > 8192 ? v.slice(0, 8192) : v;
    switch (cls) {
      case 'credential':
        return add(path, 'credential', s);
      case 'amount':
        if (/^\s*[$€£]?\s*\d[\d,.]*\s*$/.test(s)) add(path, 'amount', s.replace(/[^\d.]/g, ''));
        return;
      case 'command':
        inText(path, s, true);
        if (s.trim().length >= 12) add(path, 'command', s);
        return;
      case 'url':
        if (BARE_HOST.test(s.trim()) && !/^[a-z][a-z0-9+.-]{0,15}:\/\//i.test(s.trim())) add(path, 'host', s);
        else inText(path, s, true);
        if (!/\s/.test(s.trim()) && /^[a-z][a-z0-9+.-]{0,15}:\/\//i.test(s.trim())) add(path, 'url', s);
        return;
      case 'path':
        add(path, 'path', s);
        return;
      case 'recipient': {
        const t = s.trim();
        if (EMAIL.test(t)) {
          EMAIL.lastIndex = 0;
          inText(path, t, false);
        } else if (/^[A-Z]{2}\d{2}[A-Z0-9 -]{11,40}$/i.test(t)) add(path, 'iban', t);
        else if (/^\+?[\d ().-]{7,20}$/.test(t)) add(path, /^\+|^00/.test(t) ? 'phone' : 'account', t);
        else if (t.length <= 128) add(path, 'recipient', t);
        EMAIL.lastIndex = 0;
        return;
      }
      case 'text':
        // free text (a message body): its links decide where readers go; addresses and numbers in it are content
        inText(path, s, true);
        return;
      default:
        if (s.length > 24) inText(path, s, false);
    }
  };
  walk(args, '', '', 0);
  return out;
}

function wordAt(text: string, i: number, len: number): boolean {
  const before = i === 0 ? '' : text[i - 1]!;
  const after = text[i + len] ?? '';
  return !/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after);
}

/** Where `needle` occurs in `hay` as a whole token (for short needles) or anywhere (long ones). */
function find(hay: string, needle: string, whole: boolean): number {
  if (!needle) return -1;
  let i = hay.indexOf(needle);
  while (i >= 0) {
    if (!whole || wordAt(hay, i, needle.length)) return i;
    i = hay.indexOf(needle, i + 1);
  }
  return -1;
}

/** What a source must offer to be searched. */
type Searchable = Pick<Source, 'norm' | 'compact'> & { readonly unquoted?: string };

/** A value prepared once for searching many sources: an index into `norm` (or -2 for a match in a derived form), or -1. */
type Matcher = (src: Searchable) => number;

const NUMBER = /\d[\d,]*(?:\.\d+)?/g;
const QUOTES = /["'`]/g;

function matcherOf(v: DecisiveValue): Matcher {
  const never: Matcher = () => -1;
  switch (v.kind) {
    case 'iban':
    case 'phone':
    case 'account': {
      const c = compactText(v.value);
      return c.length < 6 ? never : (src) => (src.compact.includes(c) ? -2 : -1);
    }
    case 'url': {
      const u = normUrl(v.value);
      return u.length < 4 ? never : (src) => find(src.norm, u, false);
    }
    case 'host': {
      const h = normUrl(v.value);
      return h.length < 4 ? never : (src) => find(src.norm, h, true);
    }
    case 'amount': {
      const n = Number(v.value);
      if (!Number.isFinite(n)) return never;
      return (src) => {
        for (const m of src.norm.matchAll(NUMBER)) if (Number(m[0].replace(/,/g, '')) === n) return m.index!;
        return -1;
      };
    }
    case 'command': {
      const c = normText(v.value).trim();
      const bare = c.replace(QUOTES, '');
      return (src) => {
        const i = find(src.norm, c, false);
        if (i >= 0) return i;
        return bare.length >= 12 && (src.unquoted ?? src.norm.replace(QUOTES, '')).includes(bare) ? -2 : -1;
      };
    }
    default: {
      const n = normText(v.value).trim();
      const whole = n.length < 10 || v.kind === 'recipient';
      return n.length < 3 ? never : (src) => find(src.norm, n, whole);
    }
  }
}

/** Where a value occurs in a source: an index into `norm` (or -2 for a match in `compact`), or -1. */
export function locate(src: Searchable, v: DecisiveValue): number {
  return matcherOf(v)(src);
}

function excerptOf(src: Source, at: number, v: DecisiveValue): string {
  if (at < 0) return src.norm.length > 100 ? `${src.norm.slice(0, 100)}…` : src.norm;
  const from = Math.max(0, at - 40);
  const to = Math.min(src.norm.length, at + normText(v.value).length + 40);
  return `${from > 0 ? '…' : ''}${src.norm.slice(from, to)}${to < src.norm.length ? '…' : ''}`;
}

export class ProvenanceTracker {
  /** User, system and policy words, in order. */
  private readonly trustedSources = new Fifo<StoredSource>();
  /** Tool results, in order; the oldest leave first when the store is full. */
  private readonly results = new Fifo<StoredSource>();
  private seq = 0;
  private chars = 0;
  /** The user's and system's words, normalised, for vouching. */
  private requestText = '';

  constructor(private readonly isTrustedTool: (tool: string) => boolean = () => false) {}

  private push(store: Fifo<StoredSource>, s: StoredSource): void {
    if (store.length >= MAX_SOURCES) this.chars -= store.shift()!.weight;
    store.push(s);
    this.chars += s.weight;
    while (this.chars > MAX_TOTAL_CHARS && this.results.length > 1) this.chars -= this.results.shift()!.weight;
  }

  private make(kind: Source['kind'], text: string, step: number, tool?: string): StoredSource {
    const t = text.length > MAX_SOURCE_CHARS ? text.slice(0, MAX_SOURCE_CHARS) : text;
    return new StoredSource(kind, step, tool, this.seq++, t);
  }

  /** A user, system or developer message, or the policy's objective. */
  addTrusted(kind: 'user' | 'system' | 'policy', text: string, step: number): void {
    if (!text) return;
    const s = this.make(kind, text, step);
    this.push(this.trustedSources, s);
    if (kind !== 'policy' && this.requestText.length < MAX_SOURCE_CHARS) this.requestText += ` ${s.norm}`;
  }

  /** A tool result, with the arguments of the call that produced it (for vouching). */
  addResult(text: string, step: number, tool: string | undefined, callArgs: unknown): void {
    if (!text) return;
    const s = this.make('tool', text, step, tool);
    if (tool && this.isTrustedTool(tool)) s.trusted = true;
    else s.vouched = this.vouch(callArgs);
    this.push(this.results, s);
  }

  /** Whether the user's or system's words match (normalised, lower case). */
  requestMatches(re: RegExp): boolean {
    return re.test(this.requestText);
  }

  /** Whether any user or system words were recorded at all (some formats record none). */
  get hasRequest(): boolean {
    return this.requestText.length > 0;
  }

  /** The request names one of the call's argument values (a file, a sender, a page): the result is vouched for. */
  private vouch(args: unknown): string | undefined {
    if (!this.requestText) return undefined;
    const values: string[] = [];
    const walk = (v: unknown, depth: number): void => {
      if (depth > 6 || values.length > 32) return;
      if (typeof v === 'string') values.push(v);
      else if (Array.isArray(v)) v.forEach((x) => walk(x, depth + 1));
      else if (v && typeof v === 'object') Object.values(v).forEach((x) => walk(x, depth + 1));
    };
    walk(args, 0);
    for (const raw of values) {
      const n = normText(stripQuotes(raw)).trim();
      if (n.length < 3 || n.length > 300) continue;
      const candidates = [n];
      const base = n.split(/[\\/]/).pop() ?? '';
      if (base !== n && base.length >= 5 && /\.[a-z0-9]{1,8}$/.test(base)) candidates.push(base); // a file the request names by its name
      if (/^[a-z][a-z0-9+.-]{0,15}:\/\/|^www\./.test(n)) candidates.push(normUrl(n));
      for (const c of candidates) if (find(this.requestText, c, true) >= 0) return `the request names "${clip(raw)}"`;
    }
    // one step further: the call took its argument from a result the user vouched for
    // ("the details are in Bob's message" → the message names the page → the page)
    for (const raw of values) {
      const v = stripQuotes(raw);
      if (v.length < 4 || v.length > 300) continue;
      const probe: DecisiveValue = { path: '', kind: /^(?:[a-z][a-z0-9+.-]{0,15}:\/\/|www\.)/i.test(v) ? 'url' : 'recipient', value: v };
      const match = matcherOf(probe);
      const from = this.results.find((s) => !!(s.vouched || s.trusted) && match(s) !== -1);
      if (from) return `it reads "${clip(raw)}", named in the result of step ${from.step} (${from.tool ?? 'tool'}), which the user pointed at`;
    }
    return undefined;
  }

  /** The origin of one value: the earliest trusted source holding it, else the earliest vouched result, else the earliest result. */
  trace(v: DecisiveValue, before: number): Traced {
    const locate = matcherOf(v);
    let trusted: { s: StoredSource; at: number } | undefined;
    for (const s of this.trustedSources) {
      if (s.step >= before) continue;
      const at = locate(s);
      if (at !== -1) {
        trusted = { s, at };
        break;
      }
    }
    let firstTool: { s: StoredSource; at: number } | undefined;
    let firstVouched: { s: StoredSource; at: number } | undefined;
    for (const s of this.results) {
      // results come in order: past the trusted source found, only a trusted tool earlier could win
      if (trusted && s.seq > trusted.s.seq) break;
      if (s.step >= before) continue;
      if (!s.trusted && (firstVouched || (firstTool && !s.vouched))) continue;
      const at = locate(s);
      if (at === -1) continue;
      if (s.trusted) {
        trusted = { s, at };
        break;
      }
      if (s.vouched) firstVouched ??= { s, at };
      else firstTool ??= { s, at };
    }
    if (trusted) {
      const { s, at } = trusted;
      return { ...v, origin: s.kind === 'tool' ? 'trusted-tool' : s.kind, source: s, excerpt: excerptOf(s, at, v) };
    }
    if (firstVouched) return { ...v, origin: 'vouched', source: firstVouched.s, excerpt: excerptOf(firstVouched.s, firstVouched.at, v) };
    if (firstTool) return { ...v, origin: 'tool', source: firstTool.s, excerpt: excerptOf(firstTool.s, firstTool.at, v) };
    return { ...v, origin: 'none' };
  }
}
