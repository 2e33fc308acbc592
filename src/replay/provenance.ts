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
import { clip, compactText, normText, normUrl, stripQuotes, type DecisiveValue } from './decisive-values.js';

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
