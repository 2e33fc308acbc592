/**
 * Secrets as replay sees them: recognised in tool results, the environment and call arguments, and
 * followed when they reappear later, also URL- or base64-encoded. Values never leave this module
 * unredacted: printable text goes through `scrub`, which uses the core `redact`/`redactIn`.
 *
 * Patterns are linear (bounded repetition, no nested quantifiers): inputs are hostile.
 */
import { clip, redact, redactIn } from '../core/redact.js';

export type Lifetime = 'long-lived' | 'expiring' | 'unknown';

export interface SecretHit {
  value: string;
  /** What the value is, e.g. `GitHub personal access token`. */
  kind: string;
  lifetime: Lifetime;
}

interface Pattern {
  kind: string;
  lifetime: Lifetime;
  re: RegExp;
  /** Quick substring test before the regex runs (lower case). */
  keyword?: string;
  /** Any of these substrings (lower case) must occur. */
  keywords?: string[];
  /** Index of the capture group holding the secret (default 1). */
  group?: number;
  minEntropy?: number;
}

const PATTERNS: Pattern[] = [
  { kind: 'GitHub personal access token', lifetime: 'long-lived', keyword: 'ghp_', re: /\b(ghp_[A-Za-z0-9]{36,255})\b/g },
  { kind: 'GitHub OAuth token', lifetime: 'long-lived', keyword: 'gho_', re: /\b(gho_[A-Za-z0-9]{36,255})\b/g },
  { kind: 'GitHub refresh token', lifetime: 'long-lived', keyword: 'ghr_', re: /\b(ghr_[A-Za-z0-9]{36,255})\b/g },
  { kind: 'GitHub App user token', lifetime: 'expiring', keyword: 'ghu_', re: /\b(ghu_[A-Za-z0-9]{36,255})\b/g },
  { kind: 'GitHub App installation token', lifetime: 'expiring', keyword: 'ghs_', re: /\b(ghs_[A-Za-z0-9]{36,255})\b/g },
  { kind: 'GitHub fine-grained token', lifetime: 'long-lived', keyword: 'github_pat_', re: /\b(github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { kind: 'GitLab personal access token', lifetime: 'long-lived', keyword: 'glpat-', re: /\b(glpat-[A-Za-z0-9_-]{20,100})\b/g },
  { kind: 'AWS access key ID', lifetime: 'long-lived', keyword: 'AKIA', re: /\b(AKIA[A-Z0-9]{16})\b/g },
  { kind: 'AWS temporary access key ID', lifetime: 'expiring', keyword: 'ASIA', re: /\b(ASIA[A-Z0-9]{16})\b/g },
  { kind: 'AWS secret access key', lifetime: 'long-lived', keyword: 'ws_secret_access_key', re: /aws_secret_access_key["']?\s{0,5}[=:]\s{0,5}["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi },
  { kind: 'Anthropic API key', lifetime: 'long-lived', keyword: 'sk-ant-', re: /\b(sk-ant-[a-z]{3,10}\d{2}-[A-Za-z0-9_-]{80,120})(?![A-Za-z0-9_-])/g },
  { kind: 'OpenAI API key', lifetime: 'long-lived', keyword: 'sk-', re: /\b(sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200})(?![A-Za-z0-9_-])/g, minEntropy: 3.5 },
  { kind: 'Stripe secret key', lifetime: 'long-lived', keyword: '_live_', re: /\b((?:sk|rk)_live_[A-Za-z0-9]{16,200})\b/g },
  { kind: 'Stripe test key', lifetime: 'long-lived', keyword: '_test_', re: /\b((?:sk|rk)_test_[A-Za-z0-9]{16,200})\b/g },
  { kind: 'Slack token', lifetime: 'long-lived', keyword: 'xox', re: /\b(xox[abposr]-[A-Za-z0-9-]{10,200})\b/g },
  { kind: 'Google API key', lifetime: 'long-lived', keyword: 'AIza', re: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g },
  { kind: 'JSON Web Token', lifetime: 'expiring', keyword: 'eyJ', re: /\b(eyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{8,2000})/g },
  { kind: 'private key', lifetime: 'long-lived', keyword: 'PRIVATE KEY', re: /-----BEGIN [A-Z ]{0,30}PRIVATE KEY-----\s{0,4}([A-Za-z0-9+/=]{40,80})/g },
  { kind: 'password in a connection string', lifetime: 'long-lived', keyword: '://', re: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s/:@]{1,100}:([^\s/@]{8,200})@/g, minEntropy: 2.5 },
  { kind: 'bearer token', lifetime: 'unknown', keyword: 'earer', re: /\b[Bb]earer\s{1,4}([A-Za-z0-9._~+/-]{20,2000}=*)/g, minEntropy: 3.0 },
  {
    kind: 'secret assignment',
    lifetime: 'unknown',
    re: /(?:^|[^A-Za-z0-9])[A-Za-z0-9_.-]{0,40}(?:secret|token|passw(?:or)?d|api[_-]?key|access[_-]?key|private[_-]?key|credential|client[_-]?secret)[A-Za-z0-9_.-]{0,40}["']?\s{0,5}[:=]\s{0,5}["']?((?=[^\s"'`,;&()<>{}[\]]{0,199}\d)[^\s"'`,;&()<>{}[\]]{12,200})/gi,
    minEntropy: 3.0,
    keywords: ['secret', 'token', 'passw', 'pwd', 'key', 'credential'],
  },
];

const PLACEHOLDER = /^(?:\$|\{\{|<|%|\[)|^x{6,}|^\*{4,}|^\.{3}|changeme|example|placeholder|your[_-]|redacted|dummy|^null$|^undefined$|^true$|^false$/i;

export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const SCAN_LIMIT = 1024 * 1024;

/** Secrets in a text (at most `max`, first occurrence of each value). */
export function findSecrets(text: string, max = 50): SecretHit[] {
  const t = text.length > SCAN_LIMIT ? text.slice(0, SCAN_LIMIT) : text;
  const out: SecretHit[] = [];
  const seen = new Set<string>();
  const lower = t.toLowerCase();
  for (const p of PATTERNS) {
    if (p.keyword && !lower.includes(p.keyword.toLowerCase())) continue;
    if (p.keywords && !p.keywords.some((k) => lower.includes(k))) continue;
    p.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(t)) !== null) {
      if (m[0].length === 0) p.re.lastIndex++;
      const value = m[p.group ?? 1];
      if (!value || seen.has(value)) continue;
      if (p.minEntropy !== undefined && entropy(value) < p.minEntropy) continue;
      if (PLACEHOLDER.test(value)) continue;
      // a value already found by a specific pattern is not found again by a generic one
      if (out.some((h) => h.value.includes(value) || value.includes(h.value))) continue;
      seen.add(value);
      out.push({ value, kind: p.kind, lifetime: p.lifetime });
      if (out.length >= max) return out;
    }
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
