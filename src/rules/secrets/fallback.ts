/**
 * A hard-coded fallback for a signing or encryption key or an admin password: the value an
 * application uses when its environment does not set one (`os.environ.get("JWT_SECRET_KEY", "…")`,
 * a `default_env_values = {…}` table, a settings class's default). Every deployment that forgets
 * the variable signs its sessions or logs its admin in with a key that anyone who reads the
 * repository knows, so such a value is no sample: it is reported with medium confidence, where a
 * value matched by its key's name alone is otherwise low.
 */

/** A JavaScript read of one environment variable: `process.env.X`, `process.env['X']`, `import.meta.env.X`. */
export const JS_ENV_READ = `\\b(?:process\\.env|import\\.meta\\.env)(?:\\.[A-Za-z_]\\w{0,80}|\\[["'][\\w.-]{1,80}["']\\])`;

/** Key names that hold a signing or encryption key, or an administrator's password. */
const KEY_NAME = /(?:secret|signing|encryption|encrypt|jwt|session|master|cookie)[\w.-]{0,20}?(?:key|secret)$|(?:^|[_.-])secret$|(?:admin|root|superuser)[\w.-]{0,20}?(?:password|passwd|pwd)$/i;

/**
 * The functions that read one variable from the environment (or a settings store over it) by its
 * name: `os.getenv("X"`, `env("X"`, `config("app.key"`, `ENV.fetch("X"`, `getEnv("X"`. Both the read
 * with a default and the name of the variable read are built from this one list.
 */
const ENV_READERS = [
  'os\\.environ\\.get', 'os\\.getenv', 'environ\\.get', 'env\\.get', 'getenv', 'get_env', 'getEnv', 'env_or', 'env', 'config', 'System\\.getenv', 'ENV\\.fetch',
].join('|');

/**
 * A read of the environment with a default, up to the default's opening quote: `os.getenv("X", "`,
 * `env("X", default="`, and in JavaScript `process.env.X || '`, `process.env["X"] ?? '`. The
 * assignment patterns take any value here (see assignment.ts): the default is what runs.
 */
export const ENV_READ_DEFAULT =
  `(?:\\b(?:${ENV_READERS})[ \\t]{0,2}\\([ \\t]{0,2}["'][A-Za-z_][\\w.-]{0,80}["'][ \\t]{0,2},[ \\t]{0,2}(?:default[ \\t]{0,2}=[ \\t]{0,2})?["']` +
  `|${JS_ENV_READ}[ \\t]{0,4}(?:\\|\\||\\?\\?)[ \\t]{0,4}["'\\x60])`;
const ENV_DEFAULT = new RegExp(`${ENV_READ_DEFAULT}$`);
/**
 * A variable its name says feeds seed data or tests (`SEED_SECRET_KEY`, `TEST_JWT_SECRET`): its
 * default fills a development database or a test run, not a deployment.
 */
const SEEDS_OR_TESTS = /(?:^|[_.\-"'[])(?:seed|seeds|seeder|seeding|test|tests|testing|e2e|demo|example|sample|mock|fake)(?=[_.\-"'\]]|$)/i;

/** A mapping named for defaults (`default_env_values = {`, `DEFAULTS: dict = dict(`, `const fallbackConfig = {`). */
const DEFAULTS_OPENER = /\b\w*(?:default|fallback)\w*\s{0,2}(?::\s{0,2}[\w[\], ]{1,40})?\s{0,2}[:=]\s{0,2}(?:dict\s{0,2}\(|\{)\s*(?:#.*)?$/i;

/** A settings class whose fields the environment overrides (`class Settings(BaseSettings):`, `class AppConfig:`). */
const SETTINGS_OPENER = /^\s*class\s+\w*(?:Settings|Config)\w*\s*(?:\([^)]*\))?\s*:\s*(?:#.*)?$/;

/** How far up the opener of the value's block is looked for, in lines. */
const OPENER_LINES = 60;

/**
 * Why the value at `start` is an application's hard-coded fallback for a
 * signing key, an encryption key or an admin password, or undefined. `before`: the text of its
 * line before it (at most 200 characters), as the engine has read it.
 */
export function hardCodedFallback(text: string, start: number, before: string): string | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  // The names before the value: the key, and in a typed field (`secret_key: str = "…"`) its type after it.
  if (!(before.match(/[A-Za-z_][\w.-]{0,80}/g) ?? []).some((name) => KEY_NAME.test(name))) return undefined;
  const read = ENV_DEFAULT.exec(before);
  if (read) return SEEDS_OR_TESTS.test(read[0]) ? undefined : FALLBACK;
  const opener = enclosingOpener(text, lineStart);
  if (opener !== undefined && (DEFAULTS_OPENER.test(opener) || SETTINGS_OPENER.test(opener))) return FALLBACK;
  return undefined;
}

/**
 * Names of a key the application itself signs, encrypts or logs its admin in with (`JWT_SECRET`,
 * `SESSION_SECRET`, `NEXTAUTH_SECRET`, `SECRET_KEY`, `secret`, `ADMIN_PASSWORD`), not a credential
 * it presents to another service (`GOOGLE_CLIENT_SECRET`, `STRIPE_SECRET_KEY`): a placeholder there
 * only fails to log in, a placeholder here is the key.
 */
const OWN_KEY_NAME = /(?:jwt|session|signing|sign|encryption|encrypt|cookie|master|auth|token|webhook)[\w-]{0,20}?(?:key|secret)$|^(?:app[_-]?)?secret(?:[_-]?key)?(?:[_-]?base)?$|(?:admin|root|superuser)[\w-]{0,20}?(?:password|passwd|pwd)$/i;

/**
 * The variable an environment read names, in group 1, 2 or 3: `os.getenv("X"`, `env("X"`,
 * `ENV.fetch("X"`, `config("app.secret_key"`, `process.env.X`, `process.env['X']`, `import.meta.env.X`.
 */
const ENV_READ_NAME = new RegExp(
  `\\b(?:${ENV_READERS})[ \\t]{0,2}\\(\\s*["'\\x60]([A-Za-z_][\\w.-]{0,80})` +
    `|(?:process\\.env|import\\.meta\\.env)(?:\\.([A-Za-z_$][\\w$]*)|\\[\\s*["'\\x60]([A-Za-z_]\\w*))`,
  'g',
);

/**
 * Whether the value at the end of `before` (an environment read's default, see hardCodedFallback)
 * is the application's own key, which it runs with however the default reads (`'change-this'`).
 */
export function isOwnKeyDefault(before: string): boolean {
  // The variable read names the key (`"secret_key": os.getenv("LANGFUSE_SECRET_KEY", …)` is Langfuse's, whatever the setting is called).
  const read = [...before.matchAll(ENV_READ_NAME)].pop();
  const variable = read ? (read[1] ?? read[2] ?? read[3]) : undefined;
  if (variable) return isOwnKeyName(variable);
  return (before.match(/[A-Za-z_][\w.-]{0,80}/g) ?? []).some(isOwnKeyName);
}

/** Whether a (dotted) name's last part names the application's own key, not a client's credential for another service. */
function isOwnKeyName(name: string): boolean {
  const last = name.slice(name.lastIndexOf('.') + 1);
  return OWN_KEY_NAME.test(last) && !/client|consumer/i.test(last);
}

const FALLBACK =
  'It is the fallback the application uses when its environment sets no value: every deployment that does not override it shares a key (or an admin password) that anyone who reads the repository knows.';

/** The nearest line above `lineStart` indented less than the line there: the block (mapping, class) it belongs to. */
function enclosingOpener(text: string, lineStart: number): string | undefined {
  const lineEnd = text.indexOf('\n', lineStart);
  const own = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const indent = own.length - own.trimStart().length;
  if (indent === 0) return undefined;
  let to = lineStart - 1;
  for (let i = 0; i < OPENER_LINES && to > 0; i++) {
    const from = text.lastIndexOf('\n', to - 1) + 1;
    const line = text.slice(from, to);
    to = from - 1;
    if (line.trim() === '' || /^\s*(?:#|\/\/)/.test(line)) continue;
    if (line.length - line.trimStart().length < indent) return line;
  }
  return undefined;
}
