/**
 * Secrets as replay sees them: recognised in tool results, the environment and call arguments, and
 * followed when they reappear later, also URL- or base64-encoded. Values never leave this module
 * unredacted: printable text goes through `scrub`, which uses the core `redact`/`redactIn`.
 *
 * Recognition is the scanner's own secret engine (rules/secrets), so replay and scan agree.
 */
import { clip, redact, redactIn } from '../core/redact.js';
import type { SecretEngine } from '../rules/secrets/analyzer.js';
import type { SecretPatternData } from '../rules/secrets/patterns.js';
import { secretEngine } from '../rules/registry.js';

export type Lifetime = 'long-lived' | 'expiring' | 'unknown';

export interface SecretHit {
  value: string;
  /** What the value is, e.g. `GitHub personal access token`. */
  kind: string;
  lifetime: Lifetime;
}

const SCAN_LIMIT = 1024 * 1024;

let engine: SecretEngine | undefined;

/**
 * The sandbox cannot read and validate the pattern files itself (validation generates code, which
 * the sandbox forbids): the parent loads them and hands over the validated data with the job.
 */
export function useSecretPatternData(data: SecretPatternData): void {
  engine = secretEngine({}, data);
}

/** The scanner's own credential patterns (rules/secrets), built once per process. */
function secretEngineOnce(): SecretEngine {
  engine ??= secretEngine();
  return engine;
}

/** Secrets in a text (at most `max`, first occurrence of each value), found by the scan's secret engine. */
export function findSecrets(text: string, max = 50): SecretHit[] {
  const t = text.length > SCAN_LIMIT ? text.slice(0, SCAN_LIMIT) : text;
  const out: SecretHit[] = [];
  const seen = new Set<string>();
  for (const c of secretEngineOnce().find(t)) {
    if (seen.has(c.secret)) continue;
    seen.add(c.secret);
    const lifetime: Lifetime = c.pattern.generic ? 'unknown' : c.lifetime === 'expiring' ? 'expiring' : 'long-lived';
    out.push({ value: c.secret, kind: c.pattern.title, lifetime });
    if (out.length >= max) break;
  }
  return out;
}

export type Encoding = 'plain' | 'URL-encoded' | 'base64' | 'base64url';

export interface Needle {
  text: string;
  encoding: Encoding;
}

/** How a secret can appear in a later call: as is, URL-encoded, or inside base64 at any alignment. */
export function needlesFor(secret: string): Needle[] {
  const out: Needle[] = [{ text: secret, encoding: 'plain' }];
  const url = encodeURIComponent(secret);
  if (url !== secret) out.push({ text: url, encoding: 'URL-encoded' });
  const bytes = Buffer.from(secret, 'utf8');
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64').replace(/=+$/, '');
    // drop the characters that mix in the neighbouring bytes
    const core = b64.slice(shift === 0 ? 0 : 4, b64.length - 4);
    if (core.length >= 12) {
      out.push({ text: core, encoding: 'base64' });
      const u = core.replace(/\+/g, '-').replace(/\//g, '_');
      if (u !== core) out.push({ text: u, encoding: 'base64url' });
    }
  }
  return out;
}

/** Decode `%XX` escapes, leniently (a bad escape stays as is). */
export function urlDecode(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9A-Fa-f]{2}){1,64}/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

const BASE64_RUN = /[A-Za-z0-9+/_-]{24,4096}={0,2}/g;

/** Base64 runs that decode to text holding a recognisable secret. */
function encodedSecrets(text: string): string[] {
  const out: string[] = [];
  BASE64_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = BASE64_RUN.exec(text)) !== null && n++ < 50) {
    const run = m[0];
    for (const enc of ['base64', 'base64url'] as const) {
      const decoded = Buffer.from(run, enc).toString('latin1');
      // only text-like payloads: a secret is printable
      if (decoded.length >= 12 && /^[\x20-\x7e\t\r\n]*$/.test(decoded.slice(0, 64)) && findSecrets(decoded, 1).length) {
        out.push(run);
        break;
      }
    }
  }
  return out;
}

/**
 * Printable text: every known secret (and its URL- and base64-encoded forms, via `known`) and every
 * recognisable secret, also inside URL escapes or base64, redacted; then clipped.
 *
 * @param known  the secret forms to redact, or a function giving the forms that occur in a text
 */
export function scrub(text: string, known: Iterable<string> | ((text: string) => Iterable<string>) = [], max = 160): string {
  let window = text.length > max * 4 ? text.slice(0, max * 4) : text;
  window = urlDecode(window);
  const forms = typeof known === 'function' ? known(window) : known;
  window = redactIn(window, forms);
  const found = [...findSecrets(window, 200).map((h) => h.value), ...encodedSecrets(window)];
  return clip(redactIn(window, found).replace(/\s+/g, ' '), max);
}

export { redact };
