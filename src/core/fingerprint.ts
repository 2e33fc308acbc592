/**
 * Finding fingerprints: stable when lines move, different for different occurrences, and never
 * reversible to a secret (the secret enters only through a salted one-way hash).
 */
import { hash } from 'node:crypto';

const SALT = 'agentwarden/v1';

export function sha256(text: string): string {
  return hash('sha256', text, 'hex');
}

/** Hash of a file's bytes (the result cache's and the helper modules' record of what was read). */
export function contentHash(bytes: Uint8Array): string {
  // One call, no Hash object: a repeat scan hashes every file of the tree.
  return hash('sha256', bytes, 'base64url').slice(0, 32);
}

/** A one-way identity key for a secret value, safe to store and compare across files. */
export function secretKey(secret: string): string {
  return sha256(`${SALT}:secret:${secret}`).slice(0, 32);
}

/**
 * @param ruleId   the rule
 * @param path     the file, relative to the root
 * @param key      what identifies the occurrence apart from its line: a secret's key, a setting path, a normalised line
 * @param ordinal  0 for the first finding with this (rule, path, key) in the file, 1 for the next …
 */
export function fingerprint(ruleId: string, path: string, key: string, ordinal: number): string {
  return sha256(`${SALT}\0${ruleId}\0${path}\0${key}\0${ordinal}`).slice(0, 32);
}
