/**
 * Judging one extracted value (an env entry, a header, a manifest field): is it a reference to a
 * secret kept elsewhere (the good pattern), a placeholder, or a literal credential? Shared by every
 * analyzer that reads structured configs, so they agree with each other and with the engine.
 */

const REFERENCE_PATTERNS: RegExp[] = [
  /^\$\{[^}]+\}$/, // ${VAR}, ${input:x}, ${env:X}, ${{ secrets.X }} handled below
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $VAR
  /^\$\{\{.*\}\}$/s, // GitHub Actions expression
  /^\{\{.*\}\}$/s, // Helm / Jinja / Go template
  /^\{(?:env|file):[^}]+\}$/, // OpenCode {env:NAME}, {file:path}
  /^%\{?[A-Za-z_][\w.]*\}?%?$/, // %VAR% (Windows), %{var}
  /^<[^<>]{1,80}>$/, // <your-token>
  /^(?:env|secret|secrets|vault|op|sm|ssm|awssm|gcpsm|azkv|keychain):\/?\/?\S+$/i, // secret-manager URIs: op://vault/item, vault:secret/x
  /^(?:os\.environ|os\.getenv|process\.env|env\()/,
];

/** A value that only points at a secret (a variable, a prompted input, a secret-manager path). */
export function isReference(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (REFERENCE_PATTERNS.some((re) => re.test(v))) return true;
  // Bearer ${TOKEN}, token ${input:x}: a scheme word followed by a reference.
  const parts = v.split(/\s+/);
  return parts.length === 2 && /^[A-Za-z]+$/.test(parts[0]!) && REFERENCE_PATTERNS.some((re) => re.test(parts[1]!));
}

const PLACEHOLDER = /^(?:x{3,}|\*{3,}|\.{3,}|-+|_+|0+|changeme|change[-_]?me|example|placeholder|redacted|dummy|none|null|nil|true|false|todo|tbd|secret|password|token|your[-_ ]?.*|insert[-_ ]?.*|replace[-_ ]?.*|<.*>|\[.*\])$/i;

/** A value nobody would use as a real credential. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length < 6) return true;
  if (PLACEHOLDER.test(v)) return true;
  return new Set(v.toLowerCase()).size <= 2;
}

const CREDENTIAL_KEY = /(?:^|[_.-])(?:token|secret|password|passwd|pwd|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth|authorization|credentials?|bearer|session[_-]?key|signing[_-]?key|webhook[_-]?url)$|^(?:authorization|x-api-key|api-key|cookie|proxy-authorization)$|_KEY$/i;

/** A key whose value is a credential by name: `*_TOKEN`, `*_KEY`, `*_SECRET`, `PASSWORD`, `Authorization` … */
export function isCredentialKey(key: string): boolean {
  return CREDENTIAL_KEY.test(key.trim());
}
