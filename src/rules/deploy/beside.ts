/**
 * What the settings beside a credential say of it, read from the keys of the same block only (a
 * setting in another file, a base values file an overlay merges into, is not seen):
 * - its feature is switched off there: `BASIC_AUTH_PASSWORD: changeme` next to
 *   `API_ALLOW_BASIC_AUTH: "false"`; the password is read only when the feature is on, so as written
 *   nothing accepts it;
 * - the account it is the password of is a placeholder: `ZO_ROOT_USER_EMAIL=root@example.com`, a
 *   login at a domain reserved for documentation, as a product's quick-start sets it.
 */
import type { Span } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import { fileLines, siblings } from './yaml-lines.js';

/** The feature a credential key belongs to: `BASIC_AUTH_PASSWORD` → `BASIC_AUTH`. */
const CREDENTIAL_SUFFIX = /_(?:PASSWORD|PASSWD|PWD|PASS|SECRET|SECRET_KEY|TOKEN)$/;
const OFF = /^(?:false|no|off|0)$/i;

/**
 * The switch that turns the feature of `key` off, among the keys beside it (`API_ALLOW_BASIC_AUTH:
 * "false"`), when every switch of that feature there is off; undefined otherwise.
 */
export function featureSwitchedOff(file: SourceFile, key: string, span: Span | undefined): string | undefined {
  const name = key.toUpperCase();
  const feature = CREDENTIAL_SUFFIX.test(name) ? name.replace(CREDENTIAL_SUFFIX, '') : undefined;
  // A feature of one short word (`DB`, `ADMIN`) names a component, not a switchable mode of it.
  if (!feature || !feature.includes('_') || span === undefined) return undefined;
  const switchKey = new RegExp(`(?:^|_)(?:ALLOW|ENABLE|ENABLED)_${feature}$|^(?:\\w+_)?${feature}_(?:ENABLED|ENABLE|ALLOWED)$`);
  const switches = siblings(fileLines(file), file.location(span).startLine - 1).filter((e) => switchKey.test(e.key.toUpperCase()));
  if (switches.length === 0 || !switches.every((s) => OFF.test(s.value))) return undefined;
  return switches.map((s) => `${s.key}: ${s.value}`).join(', ');
}

/** Keys that name an account's login (`ZO_ROOT_USER_EMAIL`, `ADMIN_USER`, `username`). */
const LOGIN_KEY = /(?:^|_)(?:e?mail|user(?:name)?|login)$/i;
/** Domains reserved for documentation and testing (RFC 2606, RFC 6761): no one's real account. */
const RESERVED_DOMAIN = /@(?:[\w-]+\.)*(?:example\.(?:com|org|net)|[\w-]+\.(?:example|test|invalid|localhost))$/i;

/** The login beside a credential (`ZO_ROOT_USER_EMAIL: root@example.com`) when it is at a reserved domain. */
export function placeholderLogin(file: SourceFile, span: Span | undefined): string | undefined {
  if (span === undefined) return undefined;
  // Asked by the identity bookkeeping and again by deploy/literal-secret: worked out once per line.
  const known = file.memo('deploy:placeholder-logins', () => new Map<number, string | undefined>());
  const line = file.location(span).startLine - 1;
  if (known.has(line)) return known.get(line);
  const login = siblings(fileLines(file), line).find((e) => LOGIN_KEY.test(e.key.replace(/([a-z])([A-Z])/g, '$1_$2')) && RESERVED_DOMAIN.test(e.value));
  const shown = login ? `${login.key}: ${login.value}` : undefined;
  known.set(line, shown);
  return shown;
}
