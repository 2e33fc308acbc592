/**
 * JSON Web Tokens: decoded (never verified) to tell a long-lived token from a short-lived one.
 * No `exp`, or an `exp` far from `iat`, makes a bearer credential that works until someone
 * rotates the signing key.
 */
import { RESERVED_ADDRESS } from '../../core/host-names.js';
import { isPlaceholderShape } from './values.js';

export interface JwtFacts {
  lifetime: 'static' | 'expiring';
  /** Its `exp` has passed: it no longer authenticates anyone. */
  expired: boolean;
  /** Human summary without the token: issuer, subject role, expiry. */
  summary: string;
  /** Its claims are those of a published sample token (jwt.io's John Doe, PyJWT's `some: payload`), or all empty. */
  sample: boolean;
  /** Why the token is public by design, when it is a client key meant to ship in client code. */
  public?: string;
  /** No claim names a subject, an audience, a scope, a role or an account: the token grants nothing by its own account. */
  anonymous: boolean;
  /** Whom it stands for is a stand-in in every claim that says so (`sub: noone@…`, `name: none`, an account `abc123`): a fixture token. */
  standIn: boolean;
  /** Why its signature cannot be one (shorter than its algorithm's, a keyboard run): a token made up, which no key verifies. */
  unsigned?: string;
}

/**
 * The shortest signature of each algorithm family, in base64url characters: an HMAC-SHA-256 is 32
 * bytes (43 characters), -384 and -512 longer; an RSA signature is as long as its modulus (512
 * bits, 86 characters, at the very least); ECDSA P-256 and Ed25519 sign with 64 bytes (86).
 */
const SHORTEST_SIGNATURE: Record<string, number> = { HS: 43, RS: 86, PS: 86, ES: 86, Ed: 86 };

/**
 * How many characters a signature may lack and still be a real one cut when it was copied: each
 * missing character is one of 64, so a few are guessed by trying them against the issuer. Eight
 * (2^48 tries) are not: a signature shorter by more was never whole.
 */
const GUESSABLE_MISSING = 8;

/**
 * Why a token's signature segment cannot be the signature its header names, or undefined: shorter
 * than any signature of that algorithm by more than a few characters (`signaturevalue1234` for
 * RS256), or a keyboard run
 * (`zyxwvuts…`). Such a token was typed for a test or a document; no issuer's key verifies it.
 */
function madeUpSignature(alg: string, signature: string): string | undefined {
  if (signature === '' || alg === 'none') return undefined;
  const shortest = SHORTEST_SIGNATURE[alg.slice(0, 2)];
  if (shortest !== undefined && signature.length < shortest - GUESSABLE_MISSING) {
    return `its signature is ${signature.length} characters long, where ${alg} signs with ${shortest} or more: a token made up for a test or a document, which no issuer's key verifies`;
  }
  if (isPlaceholderShape(signature)) return "its signature is a keyboard run or says it is a stand-in: a token made up for a test or a document, which no issuer's key verifies";
  return undefined;
}

/**
 * Claims that say whom a token stands for or what it may do (prefixes: `user_id`, `org_id`,
 * `tenant_id`, `project_ref`, `api_key_id`). A token with none of them (a chat widget's signed
 * configuration: a widget id, allowed domains, an issue time) names no one to act as.
 */
const GRANTING_CLAIM = /^(?:sub|aud|azp|scope|scp|roles?|groups|perm|email|user|uid|client|cid|tid|tenant|account|org|team|project|ref|api|key|secret|admin|owner|workspace|app_?id|session|sid)/i;

/**
 * A Supabase project's `anon` key is the key its browser and mobile clients ship with: it carries
 * no user and no privileges of its own, and Row Level Security decides what it may read (its
 * `service_role` twin bypasses that and is a secret).
 */
function publicByDesign(payload: Record<string, unknown>): string | undefined {
  if (payload.role === 'anon' && (payload.iss === 'supabase' || payload.iss === 'supabase-demo')) {
    return "a Supabase project's anon key, which its client apps ship with; Row Level Security, not the key, decides what it can read";
  }
  return undefined;
}

/**
 * Claim values of the sample tokens that JWT documentation and debuggers publish: jwt.io's default
 * (`sub` 1234567890, `name` John Doe, `iat` 1516239022, `admin` true) and PyJWT's `{"some": "payload"}`.
 * Tests copy them, often with one claim dropped or changed.
 */
const SAMPLE_CLAIMS: Record<string, (v: unknown) => boolean> = {
  sub: (v) => v === '1234567890',
  name: (v) => v === 'John Doe' || v === 'Jane Doe',
  iat: (v) => v === 1516239022,
  some: (v) => v === 'payload',
};
/** Claims a sample may carry besides its sample claims without looking like a real issuer's token. */
const SAMPLE_COMPANIONS = new Set(['sub', 'name', 'iat', 'exp', 'nbf', 'admin', 'role', 'email', 'jti']);

/** A claim value that says nothing: `{}`, `[]`, `""`, `null`. */
function isEmptyClaim(value: unknown): boolean {
  if (value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value as object).length === 0;
}

/**
 * A payload made of published sample claims (at least one, and nothing naming a real issuer or
 * audience), or one whose claims all say nothing (`{}`, `{"data": {}}`): a token made up to show a
 * decoder or a detector, naming no subject, issuer, audience, scope or expiry.
 */
function isSamplePayload(payload: Record<string, unknown>): boolean {
  if (Object.values(payload).every(isEmptyClaim)) return true;
  let samples = 0;
  for (const [claim, value] of Object.entries(payload)) {
    if (SAMPLE_CLAIMS[claim]?.(value)) samples++;
    else if (!SAMPLE_COMPANIONS.has(claim)) return false;
  }
  return samples > 0;
}

/** Claims about the token itself (when, by whom, with which key), not about whom it stands for. */
const META_CLAIM = /^(?:iat|exp|nbf|auth_time|jti|iss|typ|ver|version|nonce|at_hash|c_hash|kid)$/;
/** Claims that name the person or account a token stands for: a fixture token has at least one. */
const PERSON_CLAIM = /^(?:sub|name|email|upn|uid|preferred_username|username|user(?:_?name|_?id)?|given_name|family_name)$/i;
/** Words tests and recorded fixtures write where a person or an account goes. */
const STAND_IN_WORD = /^(?:none|no-?one|nobody|anonymous|anon|someone|somebody|test|tester|test[-_ ]?user|user|username|foo|bar|baz|example|sample|dummy|fake|mock|placeholder|abc|abc-?123|123|1234|john doe|jane doe|string)$/i;

/**
 * A claim value a fixture writes where a person or an account goes: a stand-in word (`none`,
 * `abc123`), an address whose user or domain is one (`noone@…`, `…@example.com`), an id padded with
 * zeros (`IBMid-100000PW00`), a keyboard run or a word such as `Fake` in it; an object or list of them.
 */
function isStandInClaim(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.every(isStandInClaim);
  if (typeof value === 'object') return Object.values(value as object).every(isStandInClaim);
  if (typeof value === 'number') return isStandInClaim(String(value));
  if (typeof value !== 'string') return false;
  const v = value.trim();
  const at = v.lastIndexOf('@');
  if (at > 0) return STAND_IN_WORD.test(v.slice(0, at)) || RESERVED_ADDRESS.test(v);
  return v === '' || STAND_IN_WORD.test(v) || /0{5}/.test(v) || isPlaceholderShape(v);
}

/** Every claim that says whom the token stands for (at least one names a person or an account) is a stand-in. */
function isStandInPayload(payload: Record<string, unknown>): boolean {
  const claims = Object.keys(payload).filter((claim) => !META_CLAIM.test(claim));
  return claims.some((claim) => PERSON_CLAIM.test(claim)) && claims.every((claim) => isStandInClaim(payload[claim]));
}

const EXPIRING_WITHIN_SECONDS = 7 * 24 * 3600;

export function decodeJwt(token: string, nowSeconds = Math.floor(Date.now() / 1000)): JwtFacts | undefined {
  // A JWT stored base64-encoded once more (`ZXlK…` is `eyJ…`), as Kubernetes Secrets and some configs do.
  if (token.startsWith('ZXlK')) {
    const inner = Buffer.from(token, 'base64').toString('latin1').trim();
    return /^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(inner) ? decodeJwt(inner, nowSeconds) : undefined;
  }
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const header = decodeSegment(parts[0]!);
  const payload = decodeSegment(parts[1]!);
  if (!header || typeof header.alg !== 'string' || !payload) return undefined;
  const exp = typeof payload.exp === 'number' ? payload.exp : undefined;
  const iat = typeof payload.iat === 'number' ? payload.iat : undefined;
  const details: string[] = [];
  if (typeof payload.iss === 'string') details.push(`issuer ${clipClaim(payload.iss)}`);
  if (typeof payload.role === 'string') details.push(`role ${clipClaim(payload.role)}`);
  let lifetime: JwtFacts['lifetime'];
  if (exp === undefined) {
    lifetime = 'static';
    details.push('no expiry');
  } else {
    const span = iat !== undefined ? exp - iat : exp - nowSeconds;
    lifetime = span <= EXPIRING_WITHIN_SECONDS ? 'expiring' : 'static';
    details.push(`expires ${new Date(exp * 1000).toISOString().slice(0, 10)}`);
  }
  const pub = publicByDesign(payload);
  const anonymous = Object.keys(payload).every((claim) => !GRANTING_CLAIM.test(claim));
  const unsigned = madeUpSignature(header.alg, parts[2]!);
  return {
    lifetime,
    expired: exp !== undefined && exp < nowSeconds,
    summary: details.join(', '),
    sample: isSamplePayload(payload),
    anonymous,
    standIn: isStandInPayload(payload),
    ...(pub ? { public: pub } : {}),
    ...(unsigned ? { unsigned } : {}),
  };
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const json = Buffer.from(segment, 'base64url').toString('utf8');
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function clipClaim(value: string): string {
  return value.length > 40 ? `${value.slice(0, 39)}…` : value;
}

/** A JWT that authenticates nobody: its claims are a published sample's (jwt.io's John Doe), or it has expired. */
export function isDeadJwt(token: string): boolean {
  if (!/^(?:eyJ|ZXlK)/.test(token)) return false;
  const facts = decodeJwt(token);
  return !!facts && (facts.sample || facts.expired);
}
