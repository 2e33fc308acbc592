/**
 * What every deployment rule sees: the file, the analyzer context, the shared secret engine, and
 * helpers to judge an extracted value and to record the identities a workload holds. A rule is a
 * module with its metadata, examples and one handler per format it understands (see `rule.ts`).
 */
import { placeholderLogin } from './beside.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AnalyzerContext, IdentityUse, ReportDescriptor, Span } from '../../core/rule.js';
import { MISSING, readRootFile } from '../../core/root-file.js';
import type { SourceFile } from '../../core/source.js';
import { redact } from '../../core/redact.js';
import { secretKey } from '../../core/fingerprint.js';
import { COMPOSE_FILE } from '../../discovery/context.js';
import { severityRank } from '../../core/severity.js';
import type { Severity } from '../../core/types.js';
import { isCredentialKey, isPlaceholder, isReference, isWordlike, namesItsKey, snakeCase } from '../secrets/values.js';
import type { SecretEngine } from '../secrets/analyzer.js';

export interface DeployCtx {
  file: SourceFile;
  ctx: AnalyzerContext;
  engine: SecretEngine;
  report(d: ReportDescriptor): void;
  /** A span covering one whole line (1-based). */
  lineSpan(line: number): Span;
  /** A span from a character range, clipped to its first line. */
  firstLine(range: { start: number; end: number }): Span;
}

/** `defaults`: each rule's own severity, for a finding that gives none. */
export function deployCtx(file: SourceFile, ctx: AnalyzerContext, engine: SecretEngine, defaults: ReadonlyMap<string, Severity> = new Map()): DeployCtx {
  const dormant = dormantWorkflow(file, ctx);
  const beside = dormant ? undefined : libraryCompose(file, ctx);
  return {
    file,
    ctx,
    engine,
    report: (d) =>
      ctx.report(
        dormant
          ? { ...d, severity: 'info', message: `${d.message} ${dormant}` }
          : beside && severityRank(d.severity ?? defaults.get(d.ruleId) ?? 'low') > severityRank('low')
            ? { ...d, severity: 'low', message: `${d.message} ${beside}` }
            : d,
      ),
    lineSpan(line) {
      const text = file.lineText(line);
      return { startLine: line, startColumn: 1, endLine: line, endColumn: text.length + 1 };
    },
    firstLine(range) {
      const nl = file.text.indexOf('\n', range.start);
      const end = nl >= 0 && nl < range.end ? nl : range.end;
      return { start: range.start, end: Math.max(end, range.start + 1) };
    },
  };
}

/**
 * GitHub runs only the workflows of a repository's own `.github/workflows/`: one in a folder below
 * the root (a vendored tool's, a copied skill's) runs nowhere unless that folder is a repository of
 * its own (a checkout or submodule with its `.git`, as when a folder of several repositories is
 * scanned). What its findings describe does not happen: they are info, saying why. Whether the
 * folder holds a `.git` is recorded for the result cache.
 */
function dormantWorkflow(file: SourceFile, ctx: AnalyzerContext): string | undefined {
  const m = /^(.+)\/\.github\/workflows\/[^/]+$/.exec(file.relPath);
  if (!m || !file.root) return undefined;
  const folder = m[1]!;
  for (const marker of [`${folder}/.git/HEAD`, `${folder}/.git`]) {
    if (existsSync(path.join(file.root, marker))) {
      readRootFile(file.root, marker, ctx.dependsOn?.bind(ctx));
      return undefined;
    }
    ctx.dependsOn?.(marker, MISSING);
  }
  return `This workflow is in ${folder}/.github/workflows/, below the repository's root, and that folder is not a repository of its own: GitHub never runs it.`;
}

/**
 * A Compose file beside a published library's package.json (it exports modules or types, is not
 * private and has no start script) that builds nothing: stock images (a database, a cache) its
 * integration tests or its developers run against. The library deploys nothing; what the file
 * sets up runs on a developer's or a CI machine. Its findings are low, saying why. The package.json
 * read is recorded for the result cache.
 */
function libraryCompose(file: SourceFile, ctx: AnalyzerContext): string | undefined {
  // Only a package below the root: the root's own Compose file may well be how the project is deployed
  // beside the library it publishes, and its findings keep their severities.
  const slash = file.relPath.lastIndexOf('/');
  if (!file.root || slash < 0 || !COMPOSE_FILE.test(file.relPath.slice(slash + 1)) || /^\s*build\s*:/m.test(file.text)) return undefined;
  const dir = file.relPath.slice(0, slash);
  const text = readRootFile(file.root, `${dir}/package.json`, ctx.dependsOn?.bind(ctx));
  if (!text) return undefined;
  let pkg: { private?: unknown; main?: unknown; exports?: unknown; types?: unknown; typings?: unknown; scripts?: Record<string, unknown>; name?: unknown };
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch {
    return undefined;
  }
  const publishes = pkg.exports !== undefined || pkg.types !== undefined || pkg.typings !== undefined || pkg.main !== undefined;
  if (!publishes || pkg.private === true || typeof pkg.name !== 'string' || (pkg.scripts && 'start' in pkg.scripts)) return undefined;
  return `Low: this Compose file sits beside the library ${pkg.name}'s package.json and builds nothing: stock images its tests or developers run against, not a deployment.`;
}

/** A Helm/Go template marker left where `{{ … }}` stood (see formats.ts). */
export const TEMPLATE_MARK = '\u2063';

export type ValueJudgement =
  | { kind: 'reference'; variable?: string }
  | { kind: 'covered'; provider: string; ruleId: string; /** The vendor publishes it in client code by design (a PostHog project key): no one's identity. */ public?: boolean }
  | { kind: 'literal'; strength: 'strong' | 'weak' }
  | { kind: 'none' };

/** Keys that name a secret outright; other credential-like keys (`*_KEY`, `auth`) need a secret-looking value. */
const STRONG_KEY = /(?:password|passwd|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|bearer|signing[_-]?key)$/i;
/** Keys that hold a file path, a name or a setting about a credential, not the credential. */
const NOT_A_VALUE_KEY = /(?:_file|_path|_dir|_name|_id|_url_path|_ttl|_expiry|_expires|_length|_type|_header|_enabled|_mode|_ref|_arn)$/i;
/** Keys whose value is public or a digest by nature: a public key, a certificate, a fingerprint or checksum. */
const PUBLIC_KEY = /(?:^|_)(?:public_?key|pub_?key|pubkey|certificate|cert|ca_?bundle|fingerprint|checksum|hash|digest|sha\d{0,3})$|_pub$/i;
/** Values that are public keys or certificates, whatever the key says. */
const PUBLIC_VALUE = /^(?:(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d{3}|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) AAAA|-----BEGIN (?:RSA |EC |SSH2 )?(?:PUBLIC KEY|CERTIFICATE)-----)/;
/** Terraform/HCL function calls that read the value from elsewhere: `file("…")`, `templatefile(…)`. */
const FUNCTION_READ = /^\$?\{?\s*(?:file|filebase64|templatefile|fileexists|base64encode|base64decode|jsonencode|yamlencode|lookup|data\.[\w.]+|var\.[\w.]+|local\.[\w.]+|module\.[\w.]+)\b/;
/** Dev defaults (`postgres`, `admin`) and resource names (`agent-keys`): lowercase words, not a leaked secret. */
const DEV_WORD = /^[a-z][a-z-]{0,30}$/;
/** Switches and names about a credential: `existingSecret`, `createToken`, `useApiKey`. */
const NOT_A_VALUE_PREFIX = /^(?:existing|use|create|enable|enabled|mount|generate|auto|rotate|require|allow)_/i;

/**
 * Judge a value found under `key` in a deployment file:
 * - `reference` — it points at a secret kept elsewhere (`${VAR}`, `$(VAR)`, a template, a secret-manager path);
 * - `covered` — a provider pattern matches it: the secrets analyzer reports it from the file text;
 * - `literal` — a credential written into the file that no provider pattern knows;
 * - `none` — not a credential.
 */
export function judgeValue(key: string, raw: unknown, engine: SecretEngine): ValueJudgement {
  if (typeof raw !== 'string' && typeof raw !== 'number') return { kind: 'none' };
  const value = String(raw).trim();
  const variable = referencedVariable(value);
  if (variable) return { kind: 'reference', variable };
  if (value.includes(TEMPLATE_MARK) || isReference(value) || FUNCTION_READ.test(value)) return { kind: 'reference' };
  if (PUBLIC_VALUE.test(value)) return { kind: 'none' };
  const found = engine.find(value);
  if (found.length > 0) {
    const first = found[0]!;
    return { kind: 'covered', provider: first.pattern.provider, ruleId: first.pattern.ruleId, ...(first.info ? { public: true } : {}) };
  }
  if (typeof raw !== 'string') return { kind: 'none' };
  key = snakeCase(key);
  if (!isCredentialKey(key) || NOT_A_VALUE_KEY.test(key) || NOT_A_VALUE_PREFIX.test(key) || PUBLIC_KEY.test(key)) return { kind: 'none' };
  // Words and short numbers (`erp_password`, `local-dev-auth-secret-at-least-32-bytes-long-000`) are a name or a stand-in, as the secret patterns read them.
  if (isPlaceholder(value) || looksFake(value) || namesItsKey(key, value) || /\s/.test(value) || DEV_WORD.test(value) || isWordlike(value)) return { kind: 'none' };
  if (/^(?:\/|\.\.?\/|~\/|file:|https?:\/\/[^:@/]+(?:[/:]|$))/i.test(value)) return { kind: 'none' };
  if (STRONG_KEY.test(key)) return { kind: 'literal', strength: 'strong' };
  return looksSecret(value) ? { kind: 'literal', strength: 'weak' } : { kind: 'none' };
}

/** Helm values and SDK settings use camelCase: `adminPassword` → `admin_Password` (one helper with the credential engine's). */
export { snakeCase };

/**
 * Stand-ins written to be replaced: words (`your-key`, `changeme`, `example`), runs typed by hand
 * (`1234567890`, `abcdef`, `xxxxxx`), angle-bracket slots.
 */
const FAKE_VALUE = /placeholder|example|dummy|sample|fake|changeme|change[-_]me|replace[-_]?me|your[-_]|[-_]here\b|x{6,}|<[^>]+>|\.\.\.|0123456|1234567|abcdef/i;
/** A comment on the value's line telling the reader to put their own value there. */
const REPLACE_COMMENT = /#.*\b(?:replace|your|change|fill|insert|put|set)\b/i;

export function looksFake(value: string, lineText = ''): boolean {
  return FAKE_VALUE.test(value) || REPLACE_COMMENT.test(lineText);
}

/**
 * A stand-in by its value, or by a comment telling the reader to put their own value there, on the
 * value's line or on the line just above it (`- name: ACCESS_KEY  # replace with your key`, then
 * `value: …`).
 */
export function looksFakeAt(dc: DeployCtx, value: string, span: Span | undefined): boolean {
  if (span === undefined) return looksFake(value);
  const line = dc.file.location(span).startLine;
  return looksFake(value, dc.file.lineText(line)) || (line > 1 && REPLACE_COMMENT.test(dc.file.lineText(line - 1)));
}

/** A lowercase word (`postgres`, `admin`, `quobyte`, `mypassword`): a default or a name, not a leaked secret. */
export function isDevWord(value: string): boolean {
  return DEV_WORD.test(value);
}

/** Long, mixed character classes: what random keys look like (and names and settings do not). */
function looksSecret(value: string): boolean {
  if (value.length < 16) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
  return classes >= 3 || (classes >= 2 && /[0-9]/.test(value) && value.length >= 24);
}

/** `${VAR}`, `$VAR`, `$(VAR)` (Kubernetes), `${VAR:-default}`, `${VAR:-${OTHER:-}}` → `VAR`. */
export function referencedVariable(value: string): string | undefined {
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?=+](?:[^{}]|\$\{[^{}]*\})*)?\}|\(([A-Za-z_][A-Za-z0-9_]*)\)|([A-Za-z_][A-Za-z0-9_]*))$/.exec(value.trim());
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** Record that `consumer` holds the secret `value` (never stored: a one-way key and a redacted label). */
export function secretIdentity(dc: DeployCtx, value: string, consumer: string, span: Span | undefined, provider?: string, setting?: string): void {
  const use: Omit<IdentityUse, 'location'> & { span?: Span } = {
    key: `secret:${secretKey(value)}`,
    label: redact(value),
    identityKind: 'secret',
    consumer,
    lifetime: 'static',
    span,
  };
  if (provider) use.provider = provider;
  if (setting) use.setting = setting;
  dc.ctx.identity(use);
}

/** Record that `consumer` is given the credential variable `name`. */
export function variableIdentity(dc: DeployCtx, name: string, consumer: string, span: Span | undefined, setting?: string): void {
  dc.ctx.identity({ key: `var:${name}`, label: name, identityKind: 'variable', consumer, lifetime: 'reference', span, ...(setting && setting !== name ? { setting } : {}) });
}

/**
 * The judgement plus the identity bookkeeping shared by every format: a literal or covered secret
 * is an identity held by `consumer`; a referenced credential variable is one too.
 */
export function noteCredential(dc: DeployCtx, key: string, raw: unknown, consumer: string, span: Span | undefined): ValueJudgement {
  let j = judgeValue(key, raw, dc.engine);
  // A literal that a comment beside it says to replace is a stand-in: no finding, no identity.
  if (j.kind === 'literal' && looksFakeAt(dc, String(raw), span)) j = { kind: 'none' };
  // The password of a login at a domain reserved for documentation (`root@example.com`) is a product's
  // published sample account, the same in every copy: a finding of its own (deploy/literal-secret), no one's identity.
  const sample = j.kind === 'literal' && placeholderLogin(dc.file, span) !== undefined;
  // A key public by design (an analytics project key) or a published sample is inventory, as the secrets analyzer reports it: no one's identity.
  if ((j.kind === 'literal' && !sample) || (j.kind === 'covered' && !j.public)) secretIdentity(dc, String(raw).trim(), consumer, span, j.kind === 'covered' ? j.provider : undefined, key);
  else if (j.kind === 'reference' && j.variable && (isCredentialKey(snakeCase(key)) || isCredentialKey(j.variable))) variableIdentity(dc, j.variable, consumer, span, key);
  return j;
}
