/**
 * The one place that turns a secret into something printable. Every path to output — findings,
 * inventory labels, logs, error messages — goes through here; nothing else sees a whole secret.
 */

/** Keep at most the first 4 and last 3 characters; short values keep less, tiny ones nothing. */
export function redact(secret: string): string {
  const s = secret.trim();
  if (s.length >= 16) return `${s.slice(0, 4)}…${s.slice(-3)}`;
  if (s.length >= 10) return `${s.slice(0, 2)}…${s.slice(-1)}`;
  return '…';
}

/** Replace every occurrence of each secret in a text (a source line, a message) by its redaction. */
export function redactIn(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.split(secret).join(redact(secret));
  }
  return out;
}

/** Truncate free text for display, so a long value never prints in full. */
export function clip(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Redact the values of `name=value` pairs whose name says credential (`client_secret=…&refresh_token=…`
 * in a URL-encoded body, `PASSWORD=…` in a command line): a line shown as context may hold secrets
 * that no rule reported.
 */
export function redactCredentialPairs(text: string): string {
  return text.replace(CREDENTIAL_PAIR, (_m, name: string, value: string) => `${name}${redact(value)}`);
}

const CREDENTIAL_PAIR = /((?:^|[^\w])[\w.-]{0,40}(?:secret|token|password|passwd|pwd|api[_-]?key|access[_-]?key|private[_-]?key|credential|signature|sig)=)([^&\s"',;<>]{6,400})/gi;
