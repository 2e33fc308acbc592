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

/** Keys of a group's settings that name where it is: `AUTH0_ISSUER_BASE_URL`, `OIDC_DOMAIN`. */
const WHERE_KEY = /(?:^|_)(?:domain|issuer|host|url|uri|endpoint)$/i;
/** Keys that name who the client is: `AUTH0_CLIENT_ID`, `AZURE_TENANT_ID`. */
const ID_KEY = /(?:^|_)(?:id|tenant|audience|realm)$/i;
/** Domains reserved for documentation and testing, and the test domains written where a real tenant goes. */
const DUMMY_HOST = /^(?:[\w-]+\.)*(?:example\.(?:com|org|net)|test\.(?:com|org|net)|[\w-]+\.(?:example|test|invalid))$/i;
/** Ids that are no one's: a word written to fill the slot. */
const DUMMY_ID = /^(?:test|tests|testing|dummy|fake|placeholder|example|sample|changeme|todo|tbd|none|null|x{3,}|0+|your[-_][\w-]*|<[^>]+>)$/i;

/**
 * The settings of the credential's group (the keys beside it that share its prefix: `AUTH0_` for
 * `AUTH0_CLIENT_SECRET`) that point at a documentation or test domain or carry a dummy id
 * (`AUTH0_ISSUER_BASE_URL: https://test.com`, `AUTH0_CLIENT_ID: test`): the whole group is filled with
 * stand-ins, as a file sets them for a feature it leaves off, and its secret is one too. Undefined
 * when no such sibling is there.
 */
export function placeholderGroup(file: SourceFile, key: string, span: Span | undefined): string | undefined {
  const prefix = /^([A-Za-z][A-Za-z0-9]*)_/.exec(key)?.[1];
  if (!prefix || span === undefined) return undefined;
  const group = siblings(fileLines(file), file.location(span).startLine - 1).filter((e) => e.key !== key && e.key.toUpperCase().startsWith(`${prefix.toUpperCase()}_`));
  const dummy = group.filter((e) => (ID_KEY.test(e.key) && DUMMY_ID.test(e.value)) || (WHERE_KEY.test(e.key) && DUMMY_HOST.test(hostOf(e.value) ?? '')));
  return dummy.length ? dummy.map((e) => `${e.key}: ${e.value}`).join(', ') : undefined;
}

function hostOf(value: string): string | undefined {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/\s]*@)?([\w.-]+)(?::\d+)?(?:[/?#]|$)/i.exec(value.trim())?.[1];
}

/**
 * The access key set beside a secret key of the same prefix (`RUSTFS_ACCESS_KEY` beside
 * `RUSTFS_SECRET_KEY`, `S3_ACCESS_KEY_ID` beside `S3_SECRET_ACCESS_KEY`): the two are a login's
 * name and password (an object store's root credentials), not a signing key.
 */
export function accessKeyPair(key: string, beside: readonly string[]): boolean {
  const prefix = /^(.*?)_?secret(?:_access)?_?key$/i.exec(key.replace(/([a-z0-9])([A-Z])/g, '$1_$2'))?.[1];
  if (prefix === undefined) return false;
  const pair = new RegExp(`^${prefix.replace(/[^\w]/g, '')}_?access_?key(?:_?id)?$`, 'i');
  return beside.some((k) => pair.test(k.replace(/([a-z0-9])([A-Z])/g, '$1_$2')));
}

/** The keys written beside line of `span` in its block. */
export function besideKeys(file: SourceFile, span: Span | undefined): string[] {
  return span === undefined ? [] : siblings(fileLines(file), file.location(span).startLine - 1).map((e) => e.key);
}
