/**
 * The words a default credential is made of: passwords that ship as defaults or in quick-start docs,
 * the obvious ones, stand-ins that say so (`yourpassword`), guessable secrets (`mysecret`,
 * `miniosecret`, `myredissecret`) and keys of one repeated zero (`0000…`, a 32-byte hex key left at
 * its placeholder). Each is the first thing anyone tries.
 */

/** Passwords that ship as defaults or in quick-start docs, and the obvious ones. */
const DEFAULTS = new Set(
  (
    'changeme change_me change-me changeit password passw0rd p@ssw0rd p@ssword password1 password123 admin admin123 administrator ' +
    'root toor secret mysecretpassword postgres mysql redis rabbitmq guest neo4j mongo mongodb minio minioadmin elastic kibana ' +
    'letmein pleaseletmein default test test123 123456 12345678 1234567890 qwerty pass dev development example'
  ).split(' '),
);

/** Passwords that say they are a stand-in (`yourpassword`, `youvncpassword`, `my_db_password`, `changeme_pass`). */
const STAND_IN = /^(?:your?|my|change|default)[a-z0-9_-]{0,12}pass(?:word|wd)?\d{0,4}$/i;

/** A secret that is a word and "secret" (`mysecret`, `miniosecret`, `myredissecret`, `topsecret1`): guessed from the product's name. */
const GUESSABLE_SECRET = /^(?:my|your|super|top|the)?[a-z]{0,12}secret\d{0,4}$/i;
/** A key of zeros (`0000…0000`, 16 characters or more): the placeholder of a hex key, used as the key when not replaced. */
const ZERO_KEY = /^0{16,}$/;

/** The default password in a value: the whole value, or the password of `user/password` and `user:password`. */
export function defaultIn(value: string): string | undefined {
  const candidates = [value, ...(/^[\w.-]{1,32}[/:]([^/:\s]{1,40})$/.exec(value)?.slice(1) ?? [])];
  return candidates.find((c) => DEFAULTS.has(withoutShortNumber(c).toLowerCase()) || STAND_IN.test(c) || GUESSABLE_SECRET.test(c) || ZERO_KEY.test(c));
}

/**
 * Whether a default found by `defaultIn` is a published or obvious one (a listed default, a stand-in,
 * a key of zeros), shown as it is; a guessable secret (`acmesecret2024`) may still be the project's
 * own value, so it is shown redacted.
 */
export function isListedDefault(value: string): boolean {
  return DEFAULTS.has(withoutShortNumber(value).toLowerCase()) || STAND_IN.test(value) || ZERO_KEY.test(value);
}

/** `admin2024` → `admin`: a default word with a short number after it is still the first thing tried. */
function withoutShortNumber(word: string): string {
  return /^[a-z]{3,}\d{1,4}$/i.test(word) ? word.replace(/\d+$/, '') : word;
}
