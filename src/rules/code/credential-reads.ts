/**
 * Whether a module reads a credential the process holds: an environment variable named like one (a
 * key, token, secret, password, auth data), one whose name the code computes or the whole
 * environment, or credentials an SDK it imports finds on the host by itself (a cloud's ambient
 * credentials, a model provider's key). What a tool of an open MCP server can spend on a caller's
 * behalf. A proxy's settings are not counted: they carry only the server's own requests.
 *
 * Reads the model's environment reads (`os.getenv("X")`, `process.env.X`) and, from the text, the
 * forms the model does not record: a destructured `process.env`, click's `envvar=`, settings classes.
 */
import type { CodeModel } from './model.js';
import { isCredentialName } from '../mcp/credentials.js';
import { CREDENTIAL_SDKS } from './vocabulary.js';

/** A proxy's address and login: where the server's own requests go through, nothing a caller can spend elsewhere. */
const PROXY_SETTING = /(?:^|_)PROXY(?:_|$)/i;
/** Names for what authenticates besides the usual credential names (`AUTH_DATA`, `GOOGLE_CREDENTIALS_JSON`, `SESSION_COOKIE`). */
const AUTH_WORD = /(?:^|_)(?:O?AUTH|CREDENTIALS?|COOKIES?|BEARER|JWT)(?:_|$)/i;

/** The environment as a whole, or a variable whose name is computed. */
const WHOLE_ENVIRONMENT: Record<'python' | 'typescript', RegExp> = {
  python: /\bos\.(?:getenv|environ\.get)\(\s*(?!["'])[^)\s]|\bos\.environ\s*\[\s*(?!["'])|\bos\.environ\b(?!\s*(?:\[|\.(?:get|setdefault|pop)\b))|\bdotenv_values\s*\(|\bauto_envvar_prefix\s*=/,
  typescript: /\bprocess\.env\s*\[\s*(?!['"`])|\bprocess\.env\b(?!\s*(?:\??\.|\[))|\bimport\.meta\.env\b(?!\s*\??\.)/,
};

export function credentialRead(text: string, model: CodeModel): string | undefined {
  const names = [...model.envReads.map((r) => r.name), ...unrecordedNames(text, model.language)];
  const named = names.find((n) => (isCredentialName(n) || AUTH_WORD.test(n)) && !PROXY_SETTING.test(n));
  if (named) return `the environment variable ${named}`;
  const whole = WHOLE_ENVIRONMENT[model.language].exec(withoutDestructuring(text));
  if (whole) return `the environment (${whole[0].trim()}…)`;
  // Imported by name (`from boto3 import client`, a package in TypeScript) or called through its module (`boto3.client(…)`).
  const used = [...[...model.imports.values()].map((v) => v.module), ...(model.packages ?? []), ...model.calls.map((c) => c.callee)];
  const sdk = used.find((m) => CREDENTIAL_SDKS[model.language].test(m));
  if (sdk) return `${sdk}, which finds its credentials on the host`;
  return undefined;
}

/** Variable names read in forms the model does not record. */
function unrecordedNames(text: string, language: 'python' | 'typescript'): string[] {
  const out: string[] = [];
  if (language === 'typescript') {
    // `const { A, B: b } = process.env`
    for (const m of text.matchAll(/\{([^{}]*)\}\s*=\s*process\.env\b/g)) out.push(...m[1]!.split(',').map((p) => p.trim().split(/\s*[:=]\s*/)[0]!.replace(/^\.\.\./, '')).filter(Boolean));
    for (const m of text.matchAll(/\bimport\.meta\.env\.(\w+)|\bDeno\.env\.get\(\s*['"`](\w+)/g)) out.push((m[1] ?? m[2])!);
    return out;
  }
  // click's `envvar="X"` / `envvar=["X", "Y"]`, python-decouple's `config("X")`, environs' `env.str("X")`.
  for (const m of text.matchAll(/\benvvar\s*=\s*(\[[^\]]*\]|["'][^"']+["'])/g)) out.push(...[...m[1]!.matchAll(/["']([^"']+)["']/g)].map((x) => x[1]!));
  for (const m of text.matchAll(/\b(?:config|env(?:\.\w+)?)\(\s*["'](\w+)["']/g)) out.push(m[1]!);
  // A settings class fills its fields from variables of the same name.
  if (/\bBaseSettings\b/.test(text)) for (const m of text.matchAll(/^[ \t]+(\w+)\s*:\s*[\w[\]|., ]+(?:=|$)/gm)) out.push(m[1]!);
  return out;
}

/** The names of a destructured `process.env` are read as names: the whole is not used. */
function withoutDestructuring(text: string): string {
  return text.replace(/\{[^{}]*\}\s*=\s*process\.env\b/g, '');
}
