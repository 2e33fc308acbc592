/**
 * What a named value of a deployment file is, for deploy/default-password: which keys set a
 * password, an application's signing or encryption secret, an OAuth client's secret or an object
 * store's secret key; the well-known default a value under such a key leaves (itself, or the
 * default of `${VAR:-default}`); and a password that is the user name set beside it. Other rules ask
 * the same of a key (deploy/literal-secret leaves a default password to this rule; the Terraform
 * prefilter reads a file whose variable sets a password), so it is answered here only.
 */
import { snakeCase, TEMPLATE_MARK } from '../context.js';
import { defaultIn } from '../default-words.js';
import { accessKeyPair } from '../beside.js';

/** Keys that set a password (`POSTGRES_PASSWORD`, `adminPassword`, `NEO4J_AUTH` as user/password). */
const PASSWORD_KEY = /(?:^|_)(?:password|passwd|pwd|pass)$|(?:^|_)(?:root|admin|db|database|redis|mongo|rabbitmq|neo4j|mysql|postgres)_?auth$/i;
/**
 * Keys that set an application's signing secret (`SECRET_KEY`, `DJANGO_SECRET_KEY`, `JWT_SECRET`): sessions and tokens are signed with it;
 * or its encryption key (`ENCRYPTION_KEY`): what it stores encrypted (provider API keys, credentials) is decrypted with it.
 */
const ENCRYPTION_KEY = /(?:^|_)encryption_key$/i;
const SIGNING_KEY = new RegExp(String.raw`(?:^|_)secret(?:_key)?$|${ENCRYPTION_KEY.source}`, 'i');
/** Keys that name where a value is kept, a hash of it or a rule it must follow (`POSTGRES_PASSWORD_FILE`, `ADMIN_PASSWORD_HASH`, `passwordMinLength`), not the value itself. */
const NOT_A_VALUE_KEY = /(?:_file|_path|_env|_ref|_key_ref|_secret_name|_hash|_min_length|_length|_policy)$/i;

/** Keys that name where a secret is kept (`existingSecretKey`, `passwordSecretKey`: a key of a Kubernetes Secret), not the secret. */
const NAMES_A_SECRET = /existing|passw|user|name|ref|file|path/i;

/** An object store's access key pair (`MINIO_SECRET_KEY` beside `MINIO_ACCESS_KEY`): its secret half is the login's password, not a signing key. */
const STORE_KEY_PAIR = /^(?:minio|s3|r2|b2|spaces|oss|cos|object_?store|storage)_/i;

/** An OAuth client's secret (`AUTH0_CLIENT_SECRET`, `googleClientSecret`): whoever holds it acts as the client at the identity provider. */
const CLIENT_SECRET = /(?:^|_)client_?secret$/i;

/** `${VNC_PASSWORD:-changeme}`: what Compose and the shell use when the variable is not set. */
const VAR_DEFAULT = /^\$\{([A-Za-z_]\w*):?-([^{}$]*)\}$/;

/** Whether `key` (as written, or in snake case) is one that sets a password. */
export function isPasswordKey(key: string): boolean {
  return PASSWORD_KEY.test(snakeCase(key)) || PASSWORD_KEY.test(key);
}

/** `beside`: the keys set beside it; a secret key with its access key there is a login's password (see `accessKeyPair`). */
export function isSigningKey(key: string, beside: readonly string[] = []): boolean {
  return (SIGNING_KEY.test(snakeCase(key)) || SIGNING_KEY.test(key)) && !NAMES_A_SECRET.test(key) && !STORE_KEY_PAIR.test(snakeCase(key)) && !accessKeyPair(key, beside);
}

/** A signing key that encrypts what the application stores (`ENCRYPTION_KEY`): its finding speaks of decryption, not forgery. */
export function isEncryptionKey(key: string): boolean {
  return ENCRYPTION_KEY.test(snakeCase(key));
}

/** A signing key that is an OAuth client's secret: its finding speaks of acting as the client. */
export function isClientSecret(key: string): boolean {
  return CLIENT_SECRET.test(snakeCase(key));
}

function isStoreSecret(key: string): boolean {
  return STORE_KEY_PAIR.test(snakeCase(key)) && SIGNING_KEY.test(snakeCase(key)) && !NAMES_A_SECRET.test(key);
}

/**
 * What a value is when nothing sets its variable: the value itself, or the default of
 * `${VAR:-default}`; undefined for any other expansion (`${VAR}`, `${VAR:?required}`), whose value
 * the file does not say.
 */
function valueWhenUnset(value: string): string | undefined {
  const v = value.trim();
  const fallback = VAR_DEFAULT.exec(v)?.[2];
  if (fallback !== undefined) return fallback.trim();
  return v.includes('$') ? undefined : v;
}

/** The well-known default password set under `key`, if that is what the value is. */
export function defaultPasswordOf(key: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const name = snakeCase(key);
  if (!(isPasswordKey(key) || isSigningKey(key) || isStoreSecret(key)) || NOT_A_VALUE_KEY.test(name) || value.includes(TEMPLATE_MARK)) return undefined;
  const v = valueWhenUnset(value);
  return v === undefined ? undefined : defaultIn(v);
}

/** The variable whose default the value is (`VNC_PASSWORD` of `${VNC_PASSWORD:-changeme}`): the finding says the default is used whenever it is not set. */
export function defaultedVariable(value: unknown): string | undefined {
  return typeof value === 'string' ? VAR_DEFAULT.exec(value.trim())?.[1] : undefined;
}

/** What a login's keys share (`RABBITMQ_DEFAULT_USER`, `RABBITMQ_DEFAULT_PASS` → `rabbitmq`; `USER`, `PASSWORD` → ``). */
function loginPrefix(key: string): string {
  return snakeCase(key).toLowerCase().replace(/_?(?:default_)?(?:user|username|user_name|login|password|passwd|pwd|pass)$/, '');
}

/** Keys that set the login a password goes with (`RABBITMQ_DEFAULT_USER`, `POSTGRES_USER`, `ADMIN_USERNAME`). */
const USER_KEY = /(?:^|_)(?:user|username|user_name|login)$/i;

/**
 * A password that is the user name set beside it, alone or with a short number (`motia` / `motia123`):
 * anyone who sees the login (a management page's, a connection string's) guesses the password.
 * Either may be the default of a variable (`POSTGRES_USER: ${DB_USER:-ai}` beside
 * `POSTGRES_PASSWORD: ${DB_PASSWORD:-ai}`): what the service gets whenever nothing sets it.
 */
export interface UserNamePassword {
  password: string;
  /** The key that sets the user name (`RABBITMQ_DEFAULT_USER`). */
  userKey: string;
  /** The variable whose default the user name is (`DB_USER` of `${DB_USER:-ai}`), when it is one. */
  userVariable?: string;
}

/**
 * `env` is the environment it is set in; the user key must configure the same login (`RABBITMQ_DEFAULT_USER` for `RABBITMQ_DEFAULT_PASS`).
 * A user name of one character says too little to be a login anyone was given; two (`ai`, `sa`) is one, and its password the weaker.
 */
export function userNamePassword(key: string, value: unknown, env: { key: string; value: unknown }[]): UserNamePassword | undefined {
  if (typeof value !== 'string' || !isPasswordKey(key) || isSigningKey(key) || value.includes(TEMPLATE_MARK)) return undefined;
  const login = loginPrefix(key);
  const password = valueWhenUnset(value);
  if (!password) return undefined;
  for (const e of env) {
    if (typeof e.value !== 'string' || !USER_KEY.test(snakeCase(e.key)) || loginPrefix(e.key) !== login) continue;
    const user = valueWhenUnset(e.value)?.toLowerCase();
    if (user === undefined || user.length < 2 || /[^\w.-]/.test(user) || !/[a-z0-9]/.test(user)) continue;
    const p = password.toLowerCase();
    if (p === user || (p.startsWith(user) && /^\d{1,4}$/.test(p.slice(user.length)))) {
      const userVariable = defaultedVariable(e.value);
      return { password, userKey: e.key, ...(userVariable ? { userVariable } : {}) };
    }
  }
  return undefined;
}
