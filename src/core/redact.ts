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

/**
 * Replace every occurrence of each secret in a text (a source line, a message) by its redaction,
 * and of its base64 encoding too (a Kubernetes Secret's `data`, an `echo … | base64 -d`): the
 * encoding of the secret's whole 3-byte groups, which starts the encoding of the secret followed
 * by anything (a newline, another field).
 */
export function redactIn(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.split(secret).join(redact(secret));
    const bytes = Buffer.from(secret, 'utf8');
    const encoded = bytes.subarray(0, bytes.length - (bytes.length % 3)).toString('base64');
    if (encoded.length >= 8 && out.includes(encoded)) out = out.split(encoded).join(redact(encoded));
  }
  return out;
}

/** Truncate free text for display, so a long value never prints in full. */
export function clip(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A value written after a name that says it is secret (`client_secret=…`, `"password": "…"`,
 * `token: …`) or as the password in a URL (`://user:pass@`). A source line can hold several
 * credentials of which only one was reported: every such value is masked in what is shown.
 */
const NAMED_VALUE =
  /((?:secret|token|passw(?:or)?d|passwd|pwd|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|auth(?:orization)?(?![a-z]))[\w.-]*["']?\s*(?:=|:|=>)\s*["']?(?:(?:Bearer|Basic|Token)\s+)?)([^\s"'&,;)}\]]{8,})/gi;
const URL_PASSWORD = /(:\/\/[^\s:/@]+:)([^\s@/]{4,})(@)/g;
/** References name where a value comes from; they are not values. */
const REFERENCE = /^(?:\$|\{\{|%\(|<|process\.env|os\.environ|env\.|secrets\.|vars\.)/;

export function maskNamedValues(text: string): string {
  return maskUrlPasswords(text.replace(NAMED_VALUE, (all, name: string, value: string) => (REFERENCE.test(value) || value.includes('…') ? all : `${name}${redact(value)}`)));
}

/** The password of every URL in a text (`://user:pass@`): what a message quoting a launch, an address or a command may carry. */
export function maskUrlPasswords(text: string): string {
  return text.replace(URL_PASSWORD, (all, head: string, pass: string, at: string) => (REFERENCE.test(pass) || pass.includes('…') ? all : `${head}${redact(pass)}${at}`));
}
