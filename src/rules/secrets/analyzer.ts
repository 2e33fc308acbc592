/**
 * The credential engine: one pass of the keyword automaton over the file, then each triggered
 * pattern's regex on the lines where its keywords occur, then entropy, placeholder and decoder
 * checks. Specific provider patterns win over generic ones on the same characters. The secrets rule
 * reports what it finds through `file-analyzer.ts`; other rules ask it of the values they read.
 */
import type { RuleMeta } from '../../core/rule.js';
import type { ContextFloor, FindingContext, Severity } from '../../core/types.js';
import type { SourceFile } from '../../core/source.js';
import { sentryDsnSecrets } from './sentry-dsn.js';
import { exampleProse, publicByComment } from './samples.js';
import { KeywordIndex } from './keyword-index.js';
import { shannonEntropy } from './entropy.js';
import { decodeJwt } from './jwt.js';
import { isAllowlisted, patternMeta, publishedSample, shortLivedTwin, type Allowlist, type SecretPattern } from './patterns.js';
import { resolveOverlaps } from './overlaps.js';
import { isTranslationFile } from './translations.js';
import { markThrowawayServiceValues } from './ci-services.js';
import { markSeededFixtures } from './ci-seeds.js';
import { markStatedLocalValues } from './stated-local.js';
import { hardCodedFallback, isOwnKeyDefault } from './fallback.js';
import { hasValueNeeds } from './assignment.js';
import { lineBefore, looksIssued, nearby } from './near-text.js';
import { isIdentifierInCode, isReference, isModelName, isPlaceholderName, isPlaceholderShape, isProse, isPublicName, isWordlike, keyNameBefore, percentDecoded, spellsPassword } from './values.js';
import { base64Text, basicCredentialPair, cutOffKey, holdsNoPassword, isBareAfterSigilVariable, isCallCutAtArgument, isChainAddress, isCodeExpression, isCredentialScope, isCutOffInDocument, isDigestKey, isIdSecretPair, isInsideBase64Payload, isMemberPath, namesCredentialPart, isQueryStringWithoutSecret, isRegexPattern } from './value-shapes.js';
import { isMadeUpUri, isPublicHost, uriHost } from './uri-host.js';
import { readsOneBlob, signedScope, statedExpiry } from './signed-request.js';
import { namesVendorAsWord } from './vendor-name.js';
import { defaultIn } from '../deploy/default-words.js';

/** A line longer than this is searched only around each keyword (minified files, data blobs). */
const MAX_WINDOW = 4096;
/** How far past its keyword a multi-line pattern (a PEM block) may reach. */
const MULTILINE_WINDOW = 16384;

export interface SecretCandidate {
  pattern: SecretPattern;
  secret: string;
  start: number;
  end: number;
  lifetime: 'static' | 'expiring';
  detail?: string;
  /** Why the value is reported at info only: public by design (a client-side key), a published sample. Inventory, not a leak. */
  info?: string;
  /** Why it is rated below its pattern's severity, and at what: alone it authenticates nothing (`alone`), only on this machine (`loopback`), or it is a well-known default (`defaultPassword`). */
  lowered?: { severity: Severity; reason: string; infoIn?: FindingContext[] };
  /** The vendor the key name names, for a pattern that matches by it (`generic-vendor-credential`). */
  vendor?: string;
  /** Why a value matched by its key's name alone is reported with more confidence than its pattern's: an application's hard-coded fallback key. */
  raised?: { confidence: 'medium'; reason: string };
  /** A credential in a URI to a public service (`publicHost`): how far a test's context may lower it at most. */
  contextFloor?: ContextFloor;
  /** A guide beside it says the value is hard-coded or seeded for local development (`stated-local.ts`): its copies outside shipped code are that local key too. */
  statedLocal?: true;
}

/** First words of multi-word provider names that name a kind of credential, not a provider. */
const NOT_PROVIDER_WORDS = new Set(['json', 'private', 'connection', 'weights']);

/** Names of this machine in a URL: `localhost`, a 127.x address, `[::1]`, `0.0.0.0`. */
const THIS_MACHINE = String.raw`localhost|127(?:\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0`;

/** The host right after a URI's `user:password@`, when it is this machine (or the Docker host, seen from a container). */
const LOOPBACK_HOST = new RegExp(String.raw`^(?:${THIS_MACHINE}|host\.docker\.internal)(?![\w.-])`, 'i');

/** A URL to this machine, anywhere in a text. */
const LOOPBACK_URL = new RegExp(String.raw`:\/\/(?:${THIS_MACHINE})(?![\w.-])`, 'i');

/** How far around a value `public.near` looks, by default. */
const PUBLIC_NEAR_CHARS = 600;

export class SecretEngine {
  readonly patterns: SecretPattern[];
  private readonly allowlist: Allowlist;
  private readonly byFile = new WeakMap<SourceFile, SecretCandidate[]>();
  private readonly index: KeywordIndex;
  /** For each keyword id, the patterns that listed it. */
  private readonly patternsByKeyword: number[][];
  // Scratch for `windows`, reused from file to file (`find` runs to completion, never nested).
  private readonly ranges: number[][];
  private readonly lastLine: Int32Array;
  /** Per keyword: some pattern listing it needs a match of its `keywordAt` where it occurs. */
  private readonly anchored: boolean[];
  /** Scratch for `windows`: the patterns of an anchored keyword whose `keywordAt` matches at a hit. */
  private readonly here: number[] = [];
  private touched: number[] = [];
  /** The names of the providers that have patterns of their own (`telegram`, `stripe` …), as they appear in key names. */
  private readonly providerNames: RegExp;

  /** `clock`: the scan's time (ms); what says when it stops working (a JWT's `exp`, a SAS's `se`) is judged by it. */
  constructor(patterns: SecretPattern[], allowlist: Allowlist, private readonly clock: () => number = Date.now) {
    this.patterns = patterns;
    this.allowlist = allowlist;
    const keywordIds = new Map<string, number>();
    this.patternsByKeyword = [];
    patterns.forEach((p, pi) => {
      for (const k of p.keywords) {
        let id = keywordIds.get(k);
        if (id === undefined) {
          id = keywordIds.size;
          keywordIds.set(k, id);
          this.patternsByKeyword.push([]);
        }
        const list = this.patternsByKeyword[id]!;
        if (!list.includes(pi)) list.push(pi);
      }
    });
    // What must follow a keyword applies when every pattern listing it says so.
    const endsName = this.patternsByKeyword.map((list) => list.every((pi) => patterns[pi]!.keywordEndsName === true));
    const assignment = this.patternsByKeyword.map((list) => list.every((pi) => patterns[pi]!.keywordAssignment === true));
    const run = this.patternsByKeyword.map((list) => Math.min(...list.map((pi) => patterns[pi]!.keywordRun ?? 0)));
    this.index = new KeywordIndex([...keywordIds.keys()], { endsName, assignment, run });
    this.ranges = patterns.map(() => []);
    const names = new Set<string>();
    for (const p of patterns) {
      if (p.generic) continue;
      const words = p.provider.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
      names.add(words.join(''));
      // `Google Cloud` is named `google` in keys; not the words that name a kind (`JSON Web Token`, `Private key`).
      if (words.length > 1 && !NOT_PROVIDER_WORDS.has(words[0]!)) names.add(words[0]!);
    }
    for (const n of names) if (n.length < 4) names.delete(n);
    this.providerNames = names.size ? new RegExp([...names].join('|'), 'i') : /(?!)/;
    this.lastLine = new Int32Array(keywordIds.size);
    this.anchored = this.patternsByKeyword.map((list) => list.some((pi) => patterns[pi]!.keywordAtRegex !== undefined));
  }

  /**
   * A value no rule reports as a credential, whichever matched it: the allowlist (built-in and
   * configured), placeholder shapes, the word "password" spelled with symbols, and a key's format written as a regular expression. The rules that judge values by their key's name (MCP
   * configs) ask here too, so that a stand-in is one everywhere.
   */
  isStandIn(value: string): boolean {
    if (isAllowlisted(value, this.allowlist) || isPlaceholderShape(value) || isRegexPattern(value) || isPlaceholderName(value) || spellsPassword(value)) return true;
    // A percent-encoded value (a URI's password) is judged as it reads: `p%40ssw0rd` is `p@ssw0rd`.
    const decoded = percentDecoded(value);
    return decoded !== undefined && (isAllowlisted(decoded, this.allowlist) || spellsPassword(decoded));
  }

  /** Rule metadata of every pattern; JWT patterns also get their short-lived twin. */
  rules(): RuleMeta[] {
    const metas: RuleMeta[] = [];
    for (const p of this.patterns) {
      metas.push(patternMeta(p));
      if (p.decoder === 'jwt') metas.push(patternMeta(shortLivedTwin(p)));
    }
    return metas;
  }

  /**
   * Every credential in a file, found once however many analyzers ask (the secrets analyzer, the
   * Terraform prefilter, the MCP rules). The list is shared: callers read it, never change it.
   */
  findInFile(file: SourceFile): readonly SecretCandidate[] {
    let found = this.byFile.get(file);
    if (!found) {
      found = this.find(file.text, file.bytes);
      // A translation's values are labels and messages: matched by a key's name alone (`currentPassword:`), none is a credential.
      if (isTranslationFile(file.relPath)) found = found.filter((c) => !c.pattern.generic);
      found = found.filter((c) => !isCutOffInDocument(file.relPath, file.text, c.end));
      markThrowawayServiceValues(file, found);
      // A CI step's fixture key it seeds into its own database, and keys a guide says are fixed for local development.
      markSeededFixtures(file, found);
      markStatedLocalValues(file, found);
      this.byFile.set(file, found);
    }
    return found;
  }

  /**
   * Every credential in the text, after filtering, ordered by position. `bytes`, when given, are
   * the text one byte per character: the keyword search runs on them.
   */
  find(text: string, bytes?: Uint8Array): SecretCandidate[] {
    const touched = this.windows(text, bytes);
    const candidates: SecretCandidate[] = [];
    for (const pi of touched) {
      const ranges = this.ranges[pi]!;
      const pattern = this.patterns[pi]!;
      for (let i = 0; i < ranges.length; i += 2) this.matchWindow(pattern, text, ranges[i]!, ranges[i + 1]!, candidates);
    }
    const kept = candidates.length > 1 ? resolveOverlaps(candidates) : candidates;
    // A generic match of the secret part an old-style Sentry DSN of the same text carries is that DSN's key (sentry-dsn.ts).
    const dsnKeys = kept.length ? sentryDsnSecrets(text) : undefined;
    return dsnKeys?.size ? kept.filter((c) => !(c.pattern.generic && dsnKeys.has(c.secret))) : kept;
  }

  /**
   * Fills `ranges[pi]` with the text ranges (flat from,to pairs) to run pattern pi's regex on,
   * merged and in order, and returns the patterns that have some, in pattern order.
   */
  private windows(text: string, bytes: Uint8Array | undefined): number[] {
    const byPattern = this.ranges;
    for (const pi of this.touched) byPattern[pi]!.length = 0;
    const touched: number[] = (this.touched = []);
    // Keyword hits cluster on lines: the line of the previous hit is reused while it still applies,
    // and a keyword seen again on a line it already opened adds nothing.
    const lastLine = this.lastLine.fill(-1);
    let lineFrom = -1;
    let lineTo = -1;
    const here = this.here;
    const onHit = (keyword: number, start: number): void => {
      let plan = this.patternsByKeyword[keyword]!;
      if (this.anchored[keyword]) {
        // The keyword's patterns that have here what every match needs at its keyword (`keywordAt`),
        // each tested once; none (every pattern needs one, none matches): the hit opens nothing.
        here.length = 0;
        for (const pi of plan) if (this.keywordAt(pi, text, start)) here.push(pi);
        if (here.length === 0) return;
        plan = here;
      }
      if (start < lineFrom || start >= lineTo) {
        lineFrom = text.lastIndexOf('\n', start) + 1;
        lineTo = text.indexOf('\n', start);
        if (lineTo < 0) lineTo = text.length;
      }
      let from = lineFrom;
      let to = lineTo;
      if (to - from > MAX_WINDOW) {
        from = Math.max(from, start - MAX_WINDOW / 2);
        to = Math.min(to, start + MAX_WINDOW / 2);
      } else if (lastLine[keyword] === lineFrom) {
        return;
      }
      // Where some pattern needs its `keywordAt` here, another occurrence on the line may still
      // open the line for it.
      if (!this.anchored[keyword]) lastLine[keyword] = lineFrom;
      for (const pi of plan) {
        const pattern = this.patterns[pi]!;
        // An assignment pattern also sees the next line: an XML element's value on its own line.
        const end = pattern.multiline ? Math.min(text.length, start + MULTILINE_WINDOW) : pattern.assignment ? nextLineEnd(text, to) : to;
        const ranges = byPattern[pi]!;
        const n = ranges.length;
        if (n === 0) {
          touched.push(pi);
          ranges.push(from, end);
        } else if (from <= ranges[n - 1]!) {
          if (end > ranges[n - 1]!) ranges[n - 1] = end;
        } else ranges.push(from, end);
      }
    };
    if (bytes && bytes.length === text.length) this.index.searchBytes(bytes, onHit);
    else this.index.search(text, onHit);
    return touched.sort((a, b) => a - b);
  }

  /** Whether pattern pi's `keywordAt` matches from `start`; true for a pattern without one. */
  private keywordAt(pi: number, text: string, start: number): boolean {
    const re = this.patterns[pi]!.keywordAtRegex;
    if (!re) return true;
    re.lastIndex = start;
    return re.test(text);
  }

  private matchWindow(pattern: SecretPattern, text: string, from: number, to: number, out: SecretCandidate[]): void {
    const re = pattern.regexp;
    const window = text.slice(from, to);
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(window)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      // A vendor named by the first letters of another word (`exa` in `exampleKey`) is none: look again from its next letter.
      const vendorAt = m.indices!.groups?.vendor;
      if (vendorAt && !namesVendorAsWord(window, vendorAt[0], vendorAt[1])) {
        re.lastIndex = vendorAt[0] + 1;
        continue;
      }
      const group = m.groups?.secret !== undefined ? 'secret' : m.length > 1 && m[1] !== undefined ? 1 : 0;
      const secret = group === 'secret' ? m.groups!.secret! : m[group as number]!;
      const indices = group === 'secret' ? m.indices!.groups!.secret! : m.indices![group as number]!;
      const candidate = this.accept(pattern, secret, from + indices[0], from + indices[1], text, m.groups?.live !== undefined);
      if (candidate && m.groups?.vendor) {
        // Named only by its key, a vendor credential is an opaque string; `id:secret` pairs and
        // other structured values are their provider pattern's to judge.
        if (secret.includes(':')) continue;
        candidate.vendor = m.groups.vendor.toLowerCase();
      }
      if (candidate) out.push(candidate);
    }
  }

  /**
   * `envDefault`: the value is the default of an environment read (`process.env.K || '…'`). The
   * application's own signing key or admin password is what it runs with, however it looks
   * (`'change-this-secret'` is as guessable as any): it skips the checks for stand-ins.
   */
  private accept(pattern: SecretPattern, secret: string, start: number, end: number, text: string, envDefault = false): SecretCandidate | undefined {
    // The text of the line before a generic value: its key's name, and what says it is a fallback.
    const before = pattern.generic ? lineBefore(text, start) : '';
    // A matched-by-name value the application falls back to (a signing key's default) is raised to medium.
    const fallback = pattern.generic && pattern.confidence === 'low' && !isReference(secret) ? hardCodedFallback(text, start, before) : undefined;
    let asItIs = false;
    if (envDefault) {
      asItIs = fallback !== undefined && isOwnKeyDefault(before);
      if (!asItIs && !(pattern.assignment && hasValueNeeds(pattern.assignment, secret))) return undefined;
    }
    if (!asItIs && !this.isCredentialShaped(pattern, secret, start, end, text)) return undefined;
    if (pattern.generic) {
      if (isDigestKey(before)) return undefined;
      const name = keyNameBefore(before);
      if (isPublicName(name) || isChainAddress(secret, name, text, start, end)) return undefined;
      if (isIdSecretPair(secret) && this.providerNames.test(name)) return undefined;
      // A query string held whole (an Azure SAS): its signature parameter is what would be secret.
      if (isQueryStringWithoutSecret(secret)) return undefined;
      // A signed URL's `X-Amz-Credential`: who signed (a key ID and its scope), not a secret.
      if (isCredentialScope(secret)) return undefined;
      // A token that decodes as a JWT is the JWT patterns' to judge (a sample, an expired one).
      if (/^(?:eyJ|ZXlK)/.test(secret) && decodeJwt(secret)) return undefined;
    }
    // A published sample, or a value matched by its name alone in text that says it is an example.
    const sample = publishedSample(secret, this.allowlist) ?? (pattern.generic ? (exampleProse(text, start) ?? publicByComment(text, start, end)) : undefined);
    if (sample) return { pattern, secret, start, end, lifetime: pattern.lifetime ?? 'static', info: sample };
    const cut = pattern.der ? cutOffKey(secret) : undefined;
    if (cut) return { pattern, secret, start, end, lifetime: pattern.lifetime ?? 'static', info: cut };
    if (pattern.decoder === 'jwt') {
      const facts = decodeJwt(secret, Math.floor(this.clock() / 1000));
      // A published sample token authenticates nobody; neither does one whose `exp` has passed
      // (a recorded session in a cassette, a test token): neither is a live credential.
      if (!facts || facts.sample || facts.expired) return undefined;
      const effective = facts.lifetime === 'expiring' ? shortLivedTwin(pattern) : pattern;
      const pub = facts.public ?? (facts.anonymous && isPublicName(keyNameBefore(lineBefore(text, start))) ? PUBLIC_ANONYMOUS_JWT : undefined);
      const lowered = facts.standIn ? STAND_IN_JWT : nearby(text, start, end, DEMO_URL, PUBLIC_NEAR_CHARS) ? DEMO_JWT : undefined;
      const info = pub ? `it is public by design: ${pub}.` : facts.unsigned ? `${facts.unsigned}.` : undefined;
      return { pattern: effective, secret, start, end, lifetime: facts.lifetime, detail: facts.summary, ...(info ? { info } : lowered ? { lowered } : {}) };
    }
    const candidate: SecretCandidate = { pattern, secret, start, end, lifetime: pattern.lifetime ?? 'static' };
    if (fallback) candidate.raised = { confidence: 'medium', reason: fallback };
    const pub = pattern.publicWhen.find(
      (p) =>
        (!p.near || nearby(text, start, end, p.near, p.nearChars ?? PUBLIC_NEAR_CHARS)) &&
        (!p.name || p.name.test(keyNameBefore(lineBefore(text, start)) ?? '')) &&
        (!p.value || p.value.test(secret)),
    );
    if (pub) candidate.info = `it is public by design: ${pub.reason}`;
    const scope = pattern.signed ? signedScope(text, start, end, this.clock()) : undefined;
    const until = pattern.expired ? statedExpiry(pattern.expired, text, start, end, this.clock()) : undefined;
    if (until) candidate.detail = until.detail;
    if (scope?.expired) candidate.info = `it is the signer's key ID in a presigned URL that expired at ${scope.expired} UTC (its X-Amz-Date plus X-Amz-Expires): the URL grants nothing now, and a key ID alone authenticates nothing.`;
    else if (until?.lowered) candidate.lowered = until.lowered;
    else if (pattern.singleFileRead && readsOneBlob(text, start, end)) candidate.lowered = pattern.singleFileRead;
    else if (scope && !nearby(text, start, end, pattern.signedCompanion!, pattern.signed!.nearChars ?? PUBLIC_NEAR_CHARS)) candidate.lowered = pattern.signed;
    else if (pattern.alone && pattern.companion && !nearby(text, start, end, pattern.companion, pattern.alone.nearChars ?? PUBLIC_NEAR_CHARS)) candidate.lowered = pattern.alone;
    else if (pattern.loopback && LOOPBACK_HOST.test(text.slice(end + 1, end + 64))) candidate.lowered = pattern.loopback;
    else if (pattern.defaultPassword && defaultIn(percentDecoded(secret) ?? secret) !== undefined) candidate.lowered = pattern.defaultPassword;
    else if (pattern.publicHost && looksIssued(secret) && isPublicHost(uriHost(text, end) ?? '')) candidate.contextFloor = pattern.publicHost;
    return candidate;
  }

  /** Whether the value looks like a credential rather than a stand-in, a word, an identifier or an encoded payload. */
  private isCredentialShaped(pattern: SecretPattern, secret: string, start: number, end: number, text: string): boolean {
    if (pattern.entropy && shannonEntropy(secret) < pattern.entropy) return false;
    if (this.isStandIn(secret) || isMadeUpUri(text, start, end)) return false;
    if (isIdentifierInCode(secret, text.slice(Math.max(0, start - 2), start), text.slice(end, end + 3))) return false;
    if (isInsideBase64Payload(text, start, end)) return false;
    // Basic credentials that decode to a pair of stand-ins (`user:password`, `admin:password123`) are an example's, and
    // so are those with a placeholder for a password (`coding-agent:<secret>`); so are a pair of words sent to this
    // machine (a tutorial's demo login against its local server).
    const pair = basicCredentialPair(secret, text.slice(Math.max(0, start - 16), start));
    if (pair && (pair.every((part) => this.isStandIn(part) || namesCredentialPart(part)) || holdsNoPassword(pair))) return false;
    if (pair && pair.every((part) => this.isStandIn(part) || isWordlike(part)) && nearby(text, start, end, LOOPBACK_URL, 300)) return false;
    // Base64 of a phrase (`this is a fake authorization string`, `test_secret_for_signing`) encodes a
    // stand-in, not a key; so does a format's payload after its prefix (`whsec_` + base64 of such words).
    const plain = pair ? undefined : (base64Text(secret) ?? base64Text(secret.replace(/^[A-Za-z]{2,10}_/, '')));
    if (plain && /[ _-]\S+[ _-]/.test(plain) && (isWordlike(plain) || this.isStandIn(plain))) return false;
    if (!pattern.generic && !pattern.rejectWords) return true;
    if (isWordlike(secret) || isProse(secret) || isMemberPath(secret) || isModelName(secret) || isCodeExpression(secret)) return false;
    // Code by what is around it: a bare value given to a `$variable`, a call cut at its argument's quote.
    return !(isBareAfterSigilVariable(lineBefore(text, start)) || isCallCutAtArgument(secret, text.charAt(start - 1), text.charAt(end)));
  }
}

/** A token whose claims name no real person or account (jwt.ts): made up for a test, or sanitized in a recording. */
const STAND_IN_JWT = {
  severity: 'low',
  reason: 'Its claims name no real person or account (stand-ins such as `none`, `noone@…`, `abc123`): a fixture token, made up for a test or sanitized in a recording.',
  infoIn: ['test'],
} as const satisfies SecretCandidate['lowered'];

/** A URL to a vendor's public demo instance (`https://demo.…`, `https://api-demo.…`). */
const DEMO_URL = /https?:\/\/(?:[a-z0-9-]+\.)*(?:demo|[a-z0-9-]+-demo|demo-[a-z0-9-]+)\.[a-z0-9.-]+\.[a-z]{2,}/i;

/** A token published beside the URL of a public demo instance, for anyone to try it: the demo's tenant, not the project's own account. */
const DEMO_JWT = {
  severity: 'low',
  reason: "A URL to a public demo instance is beside it: a token its vendor publishes for anyone to try the demo, which opens that demo's tenant at most.",
} as const satisfies SecretCandidate['lowered'];

/** A signed configuration shipped to every client (`setAttribute('data-public-config', …)`, `PUBLIC_WIDGET_TOKEN = …`). */
const PUBLIC_ANONYMOUS_JWT = 'a token its own code names public, whose claims name no subject, audience, scope, role or account to act as';

function nextLineEnd(text: string, lineEnd: number): number {
  if (lineEnd >= text.length) return lineEnd;
  const next = text.indexOf('\n', lineEnd + 1);
  return next < 0 ? text.length : Math.min(next, lineEnd + 1 + MAX_WINDOW);
}
