/**
 * Sentry's old-style DSNs, `https://<public key>:<secret key>@<host>.sentry.io/<project>`: the secret
 * part only lets a client send events, as the public key alone does (`uri-basic-auth-credentials`
 * leaves such a URL out). A client-key record lists the same secret again under a `secret` name; a
 * generic pattern that finds a value a DSN of the same file carries has found that key, not a credential.
 */
const OLD_STYLE_DSN = /:\/\/[0-9a-f]{32}:([0-9a-f]{32})@[\w.-]{0,80}\bsentry\.io\/\d/g;

/** The secret parts of the old-style Sentry DSNs in a text (empty when it names no sentry.io host). */
export function sentryDsnSecrets(text: string): Set<string> {
  if (!text.includes('sentry.io')) return new Set();
  return new Set([...text.matchAll(OLD_STYLE_DSN)].map((m) => m[1]!));
}
