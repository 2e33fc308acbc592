/**
 * Credential patterns as data: `rules/secrets/*.yaml` (and `secrets.patterns` in the config),
 * validated at load, compiled once, turned into rule metadata.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadValidated } from '../../core/data-file.js';
import { RULES_DIR } from '../../core/paths.js';
import { UsageError } from '../../core/errors.js';
import type { RuleMeta } from '../../core/rule.js';
import type { Confidence, ContextFloor, FindingContext, Severity } from '../../core/types.js';
import { assignmentRegex, type AssignmentSpec } from './assignment.js';

export interface PatternSpec {
  id: string;
  title: string;
  provider?: string;
  kind?: string;
  description?: string;
  /** The regex; or `assignment`, which builds it from the key names (see assignment.ts). */
  regex?: string;
  assignment?: AssignmentSpec;
  keywords: string[];
  /** The keyword ends the key name: a hit followed by a name character is no candidate. */
  keywordEndsName?: boolean;
  /** An assignment follows the keyword: after at most two quotes or brackets and four spaces, `:`, `=`, `?` or `|`. */
  keywordAssignment?: boolean;
  /** The keyword is a token prefix followed by at least this many letters or digits. */
  keywordRun?: number;
  /**
   * Regex every match needs from the first character of one of its keywords: a keyword where it
   * does not match opens no window for the pattern. Defaults to `assignment.key`.
   */
  keywordAt?: string;
  entropy?: number;
  lifetime?: 'static' | 'expiring';
  severity: Severity;
  confidence?: Confidence;
  caseInsensitive?: boolean;
  multiline?: boolean;
  decoder?: 'jwt';
  /**
   * Keys the vendor publishes in client code by design (PostHog project keys, Stripe publishable
   * keys): reported at info with `reason`, under the conditions `PublicWhen` gives (a Firebase web
   * config around a Google API key); a list gives alternatives.
   */
  public?: PublicWhen | PublicWhen[];
  /**
   * A value that authenticates nothing by itself (an STS access key ID without its secret key and
   * session token): reported at `severity` with `reason` unless the `unless` regex (its companion)
   * matches within `nearChars` characters around it, and at info in the `infoIn` contexts.
   */
  alone?: { severity: Severity; reason: string; unless: string; nearChars?: number; infoIn?: FindingContext[] };
  /**
   * A credential in a URI whose host is this machine (`localhost`, `127.0.0.1`, `[::1]`,
   * `host.docker.internal`): it opens only a service the reader runs for themselves (local
   * development, an example's container), reported at `severity` with `reason`.
   */
  loopback?: { severity: Severity; reason: string };
  /**
   * A password that is a well-known default (`postgres123`, `admin`, `changeme`; the list
   * deploy/default-password keeps): the first one anyone tries, not an issued credential, reported
   * at `severity` with `reason`. Where a deployment file sets it, that rule reports it there.
   */
  defaultPassword?: { severity: Severity; reason: string };
  /**
   * A key ID as the credential scope of a signed request (a SigV4 `Credential=`, a presigned URL's
   * `X-Amz-Credential`, signed-request.ts): public in every request it signs, so reported at
   * `severity` with `reason` unless the `unless` regex (its secret key) matches within `nearChars`
   * characters around it, and at info in the `infoIn` contexts (a recorded or test request). A
   * presigned URL whose `X-Amz-Date` plus `X-Amz-Expires` has passed is listed at info wherever it is.
   */
  signed?: { severity: Severity; reason: string; unless: string; nearChars?: number; infoIn?: FindingContext[] };
  /**
   * A credential that says when it stops working, read as `reads` names (`sas`: an Azure SAS's
   * signed expiry `se`, or its delegation key's `ske` when earlier; signed-request.ts): once that
   * has passed by the scan's clock the service refuses it, so it is reported at `severity`, saying
   * the day it expired, with `reason`.
   */
  expired?: { reads: 'sas'; severity: Severity; reason: string };
  /**
   * A credential whose own parameters say it reaches one file, to read (`reads: 'sas'`: a SAS
   * signed for one blob, `sr=b`, with read permission only, `sp=r`): a download link for that
   * file, shared so its holder can fetch it (an image in a recorded search response). Reported at
   * `severity` with `reason`, and at info in the `infoIn` contexts (signed-request.ts).
   */
  singleFileRead?: { reads: 'sas'; severity: Severity; reason: string; infoIn?: FindingContext[] };
  /**
   * A private key or signed token that an example, a tutorial or a test can make for itself: where
   * the file's context is one of `contexts` and the repository says so (the file's own name, a
   * generation script beside it, an issuer on this machine in its code), reported at `severity`
   * with why (local-material.ts).
   */
  localMaterial?: { severity: Severity; contexts: FindingContext[] };
  /**
   * The value is a PEM block whose body is one DER sequence: a block shorter than the length its
   * first bytes declare is cut off (a test's malformed input), no usable key, listed at info.
   */
  der?: boolean;
  /**
   * A credential in a URI whose host is a service of the Compose stack around the file (an env file
   * or Compose file beside or below a Compose file that defines that service): the stack's own
   * password for its own service, reported at `severity` with `reason` (see compose-stacks.ts).
   */
  composeService?: { severity: Severity; reason: string };
  /**
   * A credential in a URI whose host is a public service (uri-host.ts) works from anywhere, whatever
   * folder the file sits in: in `contexts`, the file's context lowers it by at most `levels`.
   */
  publicHost?: ContextFloor;
  /** Values made of words and short numbers (`old_gitlab_token`) are not secrets; implied for generic patterns. */
  rejectWords?: boolean;
  remediation?: string;
  examples?: { positive?: string[]; negative?: string[] };
}

/**
 * When a value is public by design, and why: with `near`, a regex that must match within `nearChars`
 * characters around it; with `name`, one the key name it is assigned to must match (case-insensitive);
 * with `value`, one the value itself must match. A list gives alternatives; the first that holds says why.
 */
export interface PublicWhen {
  reason: string;
  near?: string;
  nearChars?: number;
  name?: string;
  value?: string;
}

/** A `public` alternative with its regexes compiled. */
export interface PublicTest {
  reason: string;
  near?: RegExp;
  nearChars?: number;
  name?: RegExp;
  value?: RegExp;
}

export interface SecretPattern extends Omit<PatternSpec, 'public'> {
  ruleId: string;
  /** `public`, each alternative's regexes compiled. */
  publicWhen: PublicTest[];
  /** `alone.unless`, compiled. */
  companion?: RegExp;
  /** `signed.unless`, compiled. */
  signedCompanion?: RegExp;
  /** `keywordAt` (or `assignment.key`), compiled case-insensitive and sticky. */
  keywordAtRegex?: RegExp;
  provider: string;
  regexp: RegExp;
  generic: boolean;
  /** The file the pattern came from, for error messages and the examples test. */
  source: string;
}

export interface Allowlist {
  values: Set<string>;
  regexes: RegExp[];
  stopwords: string[];
  /** SHA-256 of a published sample value → why it is listed at info only. */
  published?: Map<string, string>;
}

/** Values SDKs and documentation publish as samples, by the SHA-256 of the value. */
export interface PublishedSamples {
  source: string;
  reason: string;
  sha256: string[];
}

interface PatternFile {
  provider: string;
  patterns: PatternSpec[];
}

const SECRETS_DIR = path.join(RULES_DIR, 'secrets');

export function compilePattern(spec: PatternSpec, provider: string, source: string): SecretPattern {
  const pattern = spec.regex ?? (spec.assignment ? assignmentRegex(spec.assignment) : undefined);
  if (pattern === undefined) throw new UsageError(`${source}: pattern "${spec.id}": needs a regex or an assignment`);
  /** One of the pattern's regexes, compiled, or a usage error naming the file, the pattern and the field. */
  const compile = (text: string | undefined, flags: string, field: string): RegExp | undefined => {
    if (text === undefined) return undefined;
    try {
      return new RegExp(text, flags);
    } catch (err) {
      throw new UsageError(`${source}: pattern "${spec.id}": invalid ${field}: ${(err as Error).message}`);
    }
  };
  const regexp = compile(pattern, `dg${spec.caseInsensitive || spec.assignment ? 'i' : ''}`, 'regex')!;
  const publicWhen = (spec.public === undefined ? [] : Array.isArray(spec.public) ? spec.public : [spec.public]).map((p, i) => ({
    reason: p.reason,
    near: compile(p.near || undefined, 'i', `public[${i}].near regex`),
    nearChars: p.nearChars,
    name: compile(p.name || undefined, 'i', `public[${i}].name regex`),
    value: compile(p.value || undefined, '', `public[${i}].value regex`),
  }));
  const companion = compile(spec.alone?.unless, 'i', 'alone.unless regex');
  const signedCompanion = compile(spec.signed?.unless, 'i', 'signed.unless regex');
  const keywordAtRegex = compile((spec.keywordAt ?? spec.assignment?.key) || undefined, 'iy', 'keywordAt regex');
  return {
    ...spec,
    publicWhen,
    companion,
    signedCompanion,
    keywordAtRegex,
    keywords: spec.keywords.map((k) => k.toLowerCase()),
    provider: spec.provider ?? provider,
    ruleId: `secrets/${spec.id}`,
    regexp,
    generic: spec.id.startsWith('generic-'),
    source,
  };
}

/** Validated pattern data, plain JSON: what a sandboxed process receives instead of reading files. */
export interface SecretPatternData {
  patterns: { spec: PatternSpec; provider: string; source: string }[];
  allowlist: { values: string[]; regexes: string[]; stopwords: string[]; published?: PublishedSamples[] };
}

// The built-in data is read and validated once per process.
let builtinPatterns: SecretPatternData['patterns'] | undefined;
let builtinAllowlist: SecretPatternData['allowlist'] | undefined;

/**
 * The built-in patterns and allowlist, validated: what a worker thread or the replay sandbox
 * receives instead of reading the files again.
 */
export function loadSecretPatternData(): SecretPatternData {
  return { patterns: loadBuiltinPatternData(), allowlist: loadAllowlistData() };
}

/** The built-in patterns, one file per provider, in a stable order, validated. */
export function loadBuiltinPatternData(): SecretPatternData['patterns'] {
  return (builtinPatterns ??= readBuiltinPatternData());
}

function readBuiltinPatternData(): SecretPatternData['patterns'] {
  const files = readdirSync(SECRETS_DIR)
    .filter((f) => f.endsWith('.yaml') && f !== 'allowlist.yaml')
    .sort();
  const out: SecretPatternData['patterns'] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const display = `rules/secrets/${file}`;
    const { value } = loadValidated<PatternFile>(path.join(SECRETS_DIR, file), 'secret-patterns', undefined, display);
    for (const spec of value.patterns) {
      const previous = seen.get(spec.id);
      if (previous) throw new UsageError(`${display}: pattern id "${spec.id}" is already defined in ${previous}`);
      seen.set(spec.id, display);
      out.push({ spec, provider: value.provider, source: display });
    }
  }
  return out;
}

export function loadBuiltinPatterns(): SecretPattern[] {
  return loadBuiltinPatternData().map(({ spec, provider, source }) => compilePattern(spec, provider, source));
}

export function loadAllowlistData(): SecretPatternData['allowlist'] {
  return (builtinAllowlist ??= readAllowlistData());
}

function readAllowlistData(): SecretPatternData['allowlist'] {
  const { value } = loadValidated<{ values?: string[]; regexes?: string[]; stopwords?: string[]; published?: PublishedSamples[] }>(
    path.join(SECRETS_DIR, 'allowlist.yaml'),
    'secret-allowlist',
    undefined,
    'rules/secrets/allowlist.yaml',
  );
  return { values: value.values ?? [], regexes: value.regexes ?? [], stopwords: value.stopwords ?? [], published: value.published ?? [] };
}

export function compileAllowlist(data: SecretPatternData['allowlist'], extra: string[] = []): Allowlist {
  const compile = (source: string, where: string): RegExp => {
    try {
      return new RegExp(source, 'i');
    } catch (err) {
      throw new UsageError(`${where}: invalid allowlist regex ${JSON.stringify(source)}: ${(err as Error).message}`);
    }
  };
  return {
    values: new Set(data.values),
    regexes: [
      ...data.regexes.map((r) => compile(r, 'rules/secrets/allowlist.yaml')),
      ...extra.map((r) => compile(r, '.agentwarden.yaml secrets.allow')),
    ],
    stopwords: data.stopwords.map((w) => w.toLowerCase()),
    published: new Map((data.published ?? []).flatMap((p) => p.sha256.map((digest) => [digest, `it is a sample published in ${p.source}: ${p.reason}`] as const))),
  };
}

/** Why a value is a published sample (reported at info), or undefined. */
export function publishedSample(secret: string, allowlist: Allowlist): string | undefined {
  if (!allowlist.published?.size) return undefined;
  for (const form of sampleForms(secret)) {
    const why = allowlist.published.get(createHash('sha256').update(form).digest('hex'));
    if (why) return why;
  }
  return undefined;
}

/** A live-mode prefix (`sk_live_`, `rk_live_`, `pk_live_`) and what follows it. */
const LIVE_MODE = /^([a-z]{2,4})_live_(?=[A-Za-z0-9]{8})/;

/**
 * The forms a published sample is recorded under: the value, and for a key whose prefix says its
 * mode, its test-mode twin. Documentation publishes test-mode keys (Stripe's `sk_test_…`), and
 * detector tests copy them with the prefix made live: the rest is still the published sample.
 */
function sampleForms(secret: string): string[] {
  const live = LIVE_MODE.exec(secret);
  return live ? [secret, `${live[1]}_test_${secret.slice(live[0].length)}`] : [secret];
}

export function loadAllowlist(extra: string[] = []): Allowlist {
  return compileAllowlist(loadAllowlistData(), extra);
}

export function isAllowlisted(secret: string, allowlist: Allowlist): boolean {
  if (sampleForms(secret).some((form) => allowlist.values.has(form))) return true;
  const lower = secret.toLowerCase();
  for (const word of allowlist.stopwords) if (lower.includes(word)) return true;
  for (const re of allowlist.regexes) if (re.test(secret)) return true;
  return false;
}

export function patternMeta(p: SecretPattern): RuleMeta {
  const lifetimeNote =
    p.lifetime === 'expiring'
      ? 'It expires on its own, but is usable by anyone who reads this file until then.'
      : 'It does not expire: it works for anyone who reads this file until someone revokes it.';
  return {
    id: p.ruleId,
    title: p.title,
    category: p.lifetime === 'expiring' ? 'credential.expiring' : 'credential.long-lived',
    severity: p.severity,
    confidence: p.confidence ?? (p.generic ? 'low' : 'high'),
    description: p.description ?? `${hardCoded(p.title)} in a file. ${lifetimeNote}`,
    remediation:
      p.remediation ??
      'Revoke the credential, remove it from the file (and history), and load a short-lived, scoped credential at run time from a secret manager or workload identity.',
    provider: p.provider,
    kind: p.kind ?? p.title,
    fallback: p.generic || undefined,
    examples: {
      positive: (p.examples?.positive ?? []).map((code) => ({ code })),
      negative: (p.examples?.negative ?? []).map((code) => ({ code })),
    },
  };
}

const twins = new WeakMap<SecretPattern, SecretPattern>();

/** The expiring form of a decoded pattern (a JWT whose `exp` is near). */
export function shortLivedTwin(p: SecretPattern): SecretPattern {
  let twin = twins.get(p);
  if (!twin) {
    twin = {
      ...p,
      id: `${p.id}-short-lived`,
      ruleId: `${p.ruleId}-short-lived`,
      title: `${p.title} (short-lived)`,
      lifetime: 'expiring',
      severity: 'low',
      description: `${p.title} whose expiry is near: it stops working on its own, but anyone who reads this file can use it until then.`,
      examples: undefined,
    };
    twins.set(p, twin);
  }
  return twin;
}

/** A pattern's title saying the value is written in the file: `Hard-coded token` as it is, `GitHub token hard-coded` otherwise. */
export function hardCoded(title: string): string {
  return /^hard-coded\b/i.test(title) ? title : `${title} hard-coded`;
}
