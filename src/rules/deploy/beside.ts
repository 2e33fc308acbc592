/**
 * What the settings beside a credential say of it, read from the keys of the same block only (a
 * setting in another file, a base values file an overlay merges into, is not seen):
 * - its feature is switched off there: `BASIC_AUTH_PASSWORD: changeme` next to
 *   `API_ALLOW_BASIC_AUTH: "false"`; the password is read only when the feature is on, so as written
 *   nothing accepts it;
 * - the account it is the password of is a placeholder: `ZO_ROOT_USER_EMAIL=root@example.com`, a
 *   login at a domain reserved for documentation, as a product's quick-start sets it;
 * - its whole group is filled with stand-ins (`placeholderGroup`): an issuer at a test domain, a
 *   client id `test`;
 * - it is the secret half of an access key pair (`accessKeyPair`): a login's password, not a
 *   signing key;
 * - it is a client's connection setting (`clientConnection`): `R2R_POSTGRES_PASSWORD` beside
 *   `R2R_POSTGRES_HOST`, what an application sends to a database, not what the database reads.
 * The entries beside a line are read once per line (`entriesBeside`), however many of these ask.
 */
import { RESERVED_ADDRESS, RESERVED_DOMAIN } from '../../core/host-names.js';
import type { Span } from '../../core/rule.js';
import type { SourceFile } from '../../core/source.js';
import { snakeCase } from '../secrets/values.js';
import { fileLines, siblings } from './yaml-lines.js';

type Entry = ReturnType<typeof siblings>[number];

/** The entries of the block the credential at `span` is written in, read once per line. */
function entriesBeside(file: SourceFile, span: Span): Entry[] {
  const byLine = file.memo('deploy:entries-beside', () => new Map<number, Entry[]>());
  const line = file.location(span).startLine - 1;
  let entries = byLine.get(line);
  if (!entries) byLine.set(line, (entries = siblings(fileLines(file), line)));
  return entries;
}



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
  const switches = entriesBeside(file, span).filter((e) => switchKey.test(e.key.toUpperCase()));
  if (switches.length === 0 || !switches.every((s) => OFF.test(s.value))) return undefined;
  return switches.map((s) => `${s.key}: ${s.value}`).join(', ');
}

/** Keys that name an account's login (`ZO_ROOT_USER_EMAIL`, `ADMIN_USER`, `username`). */
const LOGIN_KEY = /(?:^|_)(?:e?mail|user(?:name)?|login)$/i;

/** The login beside a credential (`ZO_ROOT_USER_EMAIL: root@example.com`) when it is at a reserved domain. */
export function placeholderLogin(file: SourceFile, span: Span | undefined): string | undefined {
  if (span === undefined) return undefined;
  // Asked by the identity bookkeeping and again by deploy/literal-secret: worked out once per line.
  const known = file.memo('deploy:placeholder-logins', () => new Map<number, string | undefined>());
  const line = file.location(span).startLine - 1;
  if (known.has(line)) return known.get(line);
  const login = entriesBeside(file, span).find((e) => LOGIN_KEY.test(snakeCase(e.key)) && RESERVED_ADDRESS.test(e.value));
  const shown = login ? `${login.key}: ${login.value}` : undefined;
  known.set(line, shown);
  return shown;
}

/** Keys of a group's settings that name where it is: `AUTH0_ISSUER_BASE_URL`, `OIDC_DOMAIN`. */
const WHERE_KEY = /(?:^|_)(?:domain|issuer|host|url|uri|endpoint)$/i;
/** Keys that name who the client is: `AUTH0_CLIENT_ID`, `AZURE_TENANT_ID`. */
const ID_KEY = /(?:^|_)(?:id|tenant|audience|realm)$/i;
/** Domains reserved for documentation and testing, and the test domains written where a real tenant goes. */
const DUMMY_HOST = new RegExp(String.raw`^(?:[\w-]+\.)*(?:${RESERVED_DOMAIN}|test\.(?:com|org|net))$`, 'i');
/**
 * Ids that are no one's: a word written to fill the slot. Stricter than the credential engine's
 * placeholders (`isPlaceholder` takes any short value, `looksFake` any value holding such a word):
 * a real id may be short.
 */
const DUMMY_ID = /^(?:test|tests|testing|dummy|fake|placeholder|example|sample|changeme|todo|tbd|none|null|x{3,}|0+|your[-_][\w-]*|<[^>]+>)$/i;

/**
 * Whether the settings of the credential's group (the keys beside it that share its prefix: `AUTH0_`
 * for `AUTH0_CLIENT_SECRET`) point at a documentation or test domain or carry a dummy id
 * (`AUTH0_ISSUER_BASE_URL: https://test.com`, `AUTH0_CLIENT_ID: test`): the whole group is filled with
 * stand-ins, as a file sets them for a feature it leaves off, and its secret is one too.
 */
export function placeholderGroup(file: SourceFile, key: string, span: Span | undefined): boolean {
  const prefix = /^([A-Za-z][A-Za-z0-9]*)_/.exec(key)?.[1]?.toUpperCase();
  if (!prefix || span === undefined) return false;
  return entriesBeside(file, span).some(
    (e) =>
      e.key !== key &&
      e.key.toUpperCase().startsWith(`${prefix}_`) &&
      ((ID_KEY.test(e.key) && DUMMY_ID.test(e.value)) || (WHERE_KEY.test(e.key) && DUMMY_HOST.test(hostOf(e.value) ?? ''))),
  );
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
  if (!beside.length) return false;
  const prefix = SECRET_KEY_PREFIX.exec(snakeCase(key))?.[1]?.replace(/[^\w]/g, '').toLowerCase();
  return prefix !== undefined && beside.some((k) => ACCESS_KEY_PREFIX.exec(snakeCase(k))?.[1]?.toLowerCase() === prefix);
}

const SECRET_KEY_PREFIX = /^(.*?)_?secret(?:_access)?_?key$/i;
const ACCESS_KEY_PREFIX = /^(.*?)_?access_?key(?:_?id)?$/i;

/** The keys written beside line of `span` in its block. */
export function besideKeys(file: SourceFile, span: Span | undefined): string[] {
  return span === undefined ? [] : entriesBeside(file, span).map((e) => e.key);
}

/**
 * A password an application uses to connect to a datastore, not one a server image reads: the key
 * names the datastore after the application's own prefix (`R2R_POSTGRES_PASSWORD`,
 * `APP_REDIS_PASSWORD`) or generically (`DB_PASSWORD`, `DATABASE_PASSWORD`), and a host or URL of the
 * same prefix is set beside it (`R2R_POSTGRES_HOST`, `DB_HOST`). The server's own variable
 * (`POSTGRES_PASSWORD`) is its default password wherever it is set; a client's copy follows it.
 */
export function clientConnection(key: string, beside: readonly string[]): boolean {
  // Upper-case keys are snake case already (`R2R_POSTGRES_PASSWORD` has no word break after its digit).
  const m = CLIENT_PASSWORD.exec((/[a-z]/.test(key) ? snakeCase(key) : key).toUpperCase());
  if (!m) return false;
  const prefix = m[1]!;
  return beside.some((k) => k.toUpperCase() === `${prefix}_HOST` || new RegExp(`^${prefix}_(?:HOSTNAME|URL|URI|SERVER|ADDR|ADDRESS)$`).test(k.toUpperCase()));
}

const DATASTORE = 'POSTGRES|POSTGRESQL|PG|MYSQL|MARIADB|MONGO|MONGODB|REDIS|VALKEY|RABBITMQ|AMQP|NEO4J|CLICKHOUSE|ELASTIC|ELASTICSEARCH|OPENSEARCH|MSSQL|SQLSERVER';
/** `<APP>_<DATASTORE>[_…]_PASSWORD` or `DB_PASSWORD` / `<APP>_DB_PASSWORD`; group 1 is the connection's prefix. */
const CLIENT_PASSWORD = new RegExp(`^((?:[A-Z0-9]+_)+(?:${DATASTORE})(?:_[A-Z0-9]+)*?|(?:[A-Z0-9]+_)*(?:DB|DATABASE))_(?:PASSWORD|PASSWD|PWD|PASS)$`);
