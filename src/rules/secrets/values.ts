/**
 * Judging one extracted value (an env entry, a header, a manifest field): is it a reference to a
 * secret kept elsewhere (the good pattern), a placeholder, or a literal credential? Shared by every
 * analyzer that reads structured configs, so they agree with each other and with the engine.
 */

const REFERENCE_PATTERNS: RegExp[] = [
  /^\$\{[^{}]+\}$/, // ${VAR}, ${input:x}, ${env:X}, ${{ secrets.X }} handled below
  /^\$\{[A-Za-z_]\w*:?[-?=+](?:[^{}]|\$\{[^{}]*\})*\}$/, // ${A:-${B:-}}: a default that is itself a reference
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $VAR
  /^\$env:[A-Za-z_][A-Za-z0-9_]*$/i, // PowerShell $env:VAR
  // Only references with no default, joined by separators: `${NEO4J_USER}/${NEO4J_PASSWORD}`, `$USER:$PASS`, `$env:USER:$env:PASS`.
  /^(?=[^$]*\$)(?:\$\{[A-Za-z_]\w*\}|\$\([A-Za-z_]\w*\)|\$env:[A-Za-z_]\w*|\$[A-Za-z_]\w*|[/:@.,;_-])+$/i,
  /^\$\{\{.*\}\}$/s, // GitHub Actions expression
  /^\{\{.*\}\}$/s, // Helm / Jinja / Go template
  /^\{(?:env|file):[^}]+\}$/, // OpenCode {env:NAME}, {file:path}
  /^%\{?[A-Za-z_][\w.]*\}?%?$/, // %VAR% (Windows), %{var}
  /^<[^<>]{1,80}>$/, // <your-token>
  /^(?:env|secret|secrets|vault|op|sm|ssm|awssm|gcpsm|azkv|keychain):\/?\/?\S+$/i, // secret-manager URIs: op://vault/item, vault:secret/x
  /^(?:os\.environ|os\.getenv|process\.env|env\()/,
  // A cloud secret store's name for a secret: the secret stays there, the name only points at it.
  /^arn:aws[\w-]*:(?:secretsmanager|ssm|kms):[\w-]*:\d*:\S+$/, // AWS Secrets Manager, SSM Parameter Store, KMS
  /^projects\/[\w.-]+\/secrets\/[\w.-]+(?:\/versions\/[\w.-]+)?$/, // Google Secret Manager
  /^https:\/\/[\w-]+\.vault\.azure\.net\/(?:secrets|keys|certificates)\/\S+$/i, // Azure Key Vault
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

/**
 * A marker a script or a reader replaces: an upper-case name that spells the setting it fills
 * (`GOOGLE_API_KEY: GOOGLE_API_KEY_VAL`, `DB_PASSWORD=DB_PASSWORD`, `token: SLACK_TOKEN`). Upper
 * case only, so a weak password that contains its key's word (`mypassword1`) is still a value.
 */
export function namesItsKey(key: string, value: string): boolean {
  const v = value.trim();
  if (!/^[A-Z][A-Z0-9_]*$/.test(v)) return false;
  const plain = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const k = plain(key);
  return k.length >= 4 && plain(v).includes(k);
}

const CREDENTIAL_KEY = /(?:^|[_.-])(?:token|secret|password|passwd|pwd|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth|authorization|credentials?|bearer|session[_-]?key|signing[_-]?key|webhook[_-]?url)$|^(?:authorization|x-api-key|api-key|cookie|proxy-authorization)$|_KEY$/i;

/**
 * A GPG or PGP key named in a build or config (`ENV GPG_KEY A035C8C1…`, `PGP_KEYS`, `GPG_KEY_ID`):
 * by long convention (the official language images verify their downloads with it) the
 * fingerprint or ID of a public key, 40 or 16 hex digits. An armored private key is found by its
 * own pattern whatever name it sits under.
 */
const PUBLIC_KEY_ID = /(?:^|[_.-])(?:gpg|pgp)[_.-]?keys?(?:[_.-]?ids?)?$/i;

/**
 * A setting a front-end build inlines into the bundle it ships to every browser (`VITE_API_URL`,
 * `NEXT_PUBLIC_CLIENT_ID`, `REACT_APP_SENTRY_DSN`): its framework publishes it by design.
 */
const BROWSER_BUNDLE_NAME = /^(?:NEXT_PUBLIC|VITE|REACT_APP|EXPO_PUBLIC|NUXT_PUBLIC|PUBLIC|GATSBY|STORYBOOK|VUE_APP|PLASMO_PUBLIC)_/i;

export function isBrowserBundleName(name: string): boolean {
  return BROWSER_BUNDLE_NAME.test(name);
}

/** A key whose value is a credential by name: `*_TOKEN`, `*_KEY`, `*_SECRET`, `PASSWORD`, `Authorization` … */
export function isCredentialKey(key: string): boolean {
  const k = key.trim();
  return CREDENTIAL_KEY.test(k) && !PUBLIC_KEY_ID.test(k);
}

/**
 * Values made of words and short numbers (`demo-access-token-123`, `gw_valid_api_key_12345`,
 * `pylf_v1_us_gatewayapikey`, `v4aCredentialsProvider`, `TestE2E/Initialize`): names, test data
 * and documentation, not random keys. Only patterns without a format of their own apply this.
 */
export function isWordlike(value: string): boolean {
  return isWordSequence(value) || isCamelWords(value);
}

/**
 * A phrase of a human language: letters outside ASCII (`Contraseña`, `パスワードを入力`,
 * `กรอกรหัสผ่าน`, with their combining marks), no digit, and only the punctuation of prose. A UI
 * label or message under a `*Password` key of a translation, not a password: what people choose or
 * generate as one carries a digit or a symbol.
 */
export function isProse(value: string): boolean {
  return /[^\x00-\x7F]/.test(value) && PROSE.test(value) && /\p{L}/u.test(value);
}

const PROSE = /^[\p{L}\p{M}\p{Zs}.,:;!?'"\u2019\u201C\u201D()\uFF08\uFF09\u300C\u300D\u3001\u3002\uFF01\uFF1F\uFF1A\u2026\u00B7\u30FB-]+$/u;

function isWordSequence(value: string): boolean {
  const parts = value.split(/[-_.]/).filter(Boolean);
  if (parts.length === 1) return /^[a-z]{4,}\d{0,6}$/.test(value) || /^(?:[A-Z][a-z]{1,15}){1,8}\d{0,6}$/.test(value);
  // Ordinals count as words: `sk-my-openai-1st-key`, `second-2nd-token`.
  return parts.every((p) => /^(?:[A-Za-z][a-z]{0,11}|[A-Z]{1,12})\d{0,6}$|^\d{1,6}$|^[0-9a-f]{1,6}$|^\d{1,4}(?:st|nd|rd|th)$/i.test(p));
}

/**
 * Identifiers and phrases: split at separators and case changes, nearly all letters are in
 * pronounceable words of five letters on average. One lower-case run (`tanidsfam8ibewxe`) is the
 * shape of many real keys and never counts; random mixed-case keys pass this about once in 2,500.
 */
function isCamelWords(value: string): boolean {
  if (/^[a-z0-9]+$/.test(value)) return false;
  const parts = value.replace(/[!?#*]{1,3}$/, '').split(/[-_./:+ ]+/).filter(Boolean);
  if (parts.length === 0) return false;
  let letters = 0;
  let wordLetters = 0;
  let words = 0;
  let singles = 0;
  let numbers = 0;
  for (const part of parts) {
    const tokens = part.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g) ?? [];
    if (tokens.join('') !== part) return false;
    for (const t of tokens) {
      if (t.charCodeAt(0) <= 57) {
        if (t.length > 6) return false;
        numbers++;
        continue;
      }
      letters += t.length;
      if (t.length === 1) singles++;
      else if (isWord(t)) {
        wordLetters += t.length;
        words++;
      }
    }
  }
  // Words joined by separators (`opaque-azure-key-value-42`) may be short; run together they must be longer.
  const averageWord = parts.length >= 3 ? 3.5 : 5;
  return letters > 0 && words > 0 && wordLetters / letters >= 0.8 && wordLetters / words >= averageWord && singles <= 2 && numbers <= 2;
}

function isWord(token: string): boolean {
  if (token.length <= 4 && /^[A-Z]+$/.test(token)) return /[AEIOU]/.test(token); // API, KEY, AUTH
  const w = token.toLowerCase();
  if (!/[aeiouy]/.test(w) || /[aeiou]{3,}/.test(w)) return false;
  if (/[^aeiouy]{4,}/.test(w.replace(/str|ngth|tch|sch|ght|nst|rst|nds|rds|cks|nthr/g, 'a'))) return false;
  return !/q(?!u)|[vkjqxz][vkjqxz]/.test(w);
}

/**
 * A model's name (`gpt-4o-mini`, `anthropic/claude-3-5-sonnet-latest`, `groq/llama-3.3-70b-versatile`,
 * `cohere/command-r`): tables that pair a provider's key variable with its default model put it where
 * a key's value would be. A family a provider names its models by, optionally after a provider path,
 * then only words, versions, sizes and dates: a random key never splits that way.
 */
const MODEL_FAMILY =
  /^(?:[a-z][\w.-]{0,40}\/){0,2}(?:gpt|chatgpt|o[1-9]|claude|llama\d?|codellama|gemini|gemma\d?|mistral|mixtral|codestral|ministral|magistral|command|qwen\d?|qwq|deepseek|phi|grok|sonar|text-embedding|embed|whisper|dall-e|titan|nova|jamba|granite|glm|kimi|moonshot)(?=[-.:_]|$)/i;
const MODEL_PART = /^(?:[a-z]+|v?\d{1,4}[a-z]?|\d{1,3}[bkm]|\d{1,3}x\d{1,3}b|\d{4,8})$/i;

export function isModelName(value: string): boolean {
  const m = MODEL_FAMILY.exec(value);
  if (!m) return false;
  const family = m[0].slice(m[0].lastIndexOf('/') + 1);
  const rest = value.slice(m[0].length).split(/[-.:_]/).filter(Boolean);
  return family.length + rest.length >= 2 && value.length <= 80 && rest.every((p) => MODEL_PART.test(p));
}

/** The word a stand-in names its secret by (`TOKEN`, `API_KEY`, `YOUR_PASSWORD`, `CLIENT_SECRET`). */
const SECRET_WORD = /^(?:TOKEN|TOKENS|KEY|KEYS|APIKEY|SECRET|SECRETS|PASSWORD|PASSWD|PASS|PWD|PASSPHRASE|CREDENTIAL|CREDENTIALS|CREDS|AUTH|PAT|BEARER)$/;

/**
 * An upper-case name where a secret's value goes: `curl -u :TOKEN`, `API_KEY`, `YOUR_TOKEN`,
 * `MY_GITHUB_PAT`. It names the kind of secret that belongs there (one of its parts is such a word)
 * and every other part is a word: what a reader types in its place, not a key. Trailing prose
 * punctuation (`TOKEN\``, `API_KEY,`) is not part of it. A random upper-case key is neither cut
 * into words nor spells one of these.
 */
export function isPlaceholderName(value: string): boolean {
  const v = value.replace(/[`'",.;:!?)\]}]+$/, '');
  if (!/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/.test(v) || v.length > 60) return false;
  const parts = v.split('_');
  if (!parts.some((p) => SECRET_WORD.test(p))) return false;
  // Short parts are acronyms and small words (`MY`, `GH`, `AWS`, `DB`).
  return parts.every((p) => SECRET_WORD.test(p) || /^\d{1,2}$/.test(p) || /^[A-Z]{1,4}$/.test(p) || (/^[A-Z]{2,}\d{0,2}$/.test(p) && isWord(p.replace(/\d+$/, ''))));
}

/** A part of an upper-case constant: letters with an optional version (`GPT4O`, `CLAUDE3.5`), or a number (`1`, `3.0`). */
const SETTING_PART = /^([A-Z]{2,})(?:\d{1,3}(?:\.\d{1,2})?[A-Z]{0,2})?$|^\d{1,4}(?:\.\d{1,2})?$/;

/**
 * A setting's name where a key's value would be (`LLM_KEY: OPENAI_GPT4_1`,
 * `ANTHROPIC_CLAUDE3.5_SONNET`, `AUTH_MODE: SERVICE_ACCOUNT`): an upper-case constant of parts
 * joined by underscores, each letters with an optional version or a number, at least half of its
 * letters in pronounceable words, one of them five letters or more, and at most one short run that
 * is no word (an acronym: `GPT`). A random upper-case token is seldom cut by underscores, and when
 * it is, its runs are not words (`QHZKWRTPX_MNBVCXZ`, `AB12CD34_EF56GH78`): of random two-part
 * tokens about 3 in 100 pass, of three-part ones 1 in 100.
 */
export function isSettingName(value: string): boolean {
  if (value.length > 80) return false;
  const parts = value.split('_');
  if (parts.length < 2) return false;
  let letters = 0;
  let wordLetters = 0;
  let long = false;
  let acronyms = 0;
  let vowels = 0;
  let rare = 0;
  for (const part of parts) {
    const m = SETTING_PART.exec(part);
    if (!m) return false;
    const run = m[1];
    if (!run) continue;
    letters += run.length;
    if (isWord(run)) {
      wordLetters += run.length;
      vowels += run.replace(/[^AEIOU]/g, '').length;
      rare += run.replace(/[^JQXZ]/g, '').length;
      if (run.length >= 5) long = true;
    } else if (run.length >= 5 || ++acronyms > 1) {
      // One short run may be an acronym (`GPT`, `LLM`); more, or a long one that is no word, and the token is random.
      return false;
    }
  }
  // Words spell a vowel in every three letters or so and seldom a J, Q, X or Z; random capitals a
  // vowel in five letters and one of those in seven.
  return long && wordLetters / letters >= 0.5 && vowels / wordLetters >= 0.3 && rare <= 1;
}

/**
 * A value that ends by naming the kind of credential it stands in for, after a word or two
 * (`eyJ0eXAiOiJKVInvitationToken`, `…_invitation_token`, `AKIAExampleAccessKey`): what a writer types after the
 * start of a real one to show where it goes. Issued keys are random to their last character.
 */
const NAMES_ITS_KIND = /.(?:(?:[A-Z][a-z]{3,15}){1,3}(?:Token|Key|Secret|Password|Credential|Signature)|(?:[_-][a-z]{4,15}){1,3}[_-](?:token|key|secret|password|credential|signature))s?$/;

/**
 * Placeholder shapes a keyboard produces: runs and interleavings of consecutive characters
 * (`1a2b3c4d5e6f`, `A1B2C3D4E5F6`, `12345678-ABCD-…`), up or straight down (`0987654321fedcba`),
 * and words that say so inside a key (`AIzaFakeApiKey123`, `sk_test_DummyKey…`, `…_EXAMPLE`, a vendor's shared key that ends `-documentation`).
 */
export function isPlaceholderShape(value: string): boolean {
  // `demo` and `documentation` only as a separate word: a password may start with `demo`.
  if (/(?:Fake|Dummy|Sample|Example|Placeholder|Mock|NotReal|Invalid)(?=[A-Z0-9_.-]|$)|(?:^|[_.-])(?:fake|dummy|sample|example|placeholder|mock|invalid)(?=[A-Z0-9_.-]|$)|(?:^|[_.-])(?:demo|documentation)(?=[_.-]|$)|EXAMPLE/.test(value)) {
    return true;
  }
  if (NAMES_ITS_KIND.test(value)) return true;
  // A format's prefix (`secret_`, `sk_test_`) is the provider's, not the writer's: the run is judged after it.
  const v = value.replace(/^(?:[A-Za-z]{2,10}[_-]){1,2}(?=[A-Za-z0-9]{8})/, '').toLowerCase().replace(/[^a-z0-9]/g, '');
  if (v.length < 8) return false;
  let sequential = 0;
  for (let i = 0; i + 1 < v.length; i++) {
    const next = v.charCodeAt(i + 1) - v.charCodeAt(i);
    const skip = i + 2 < v.length ? v.charCodeAt(i + 2) - v.charCodeAt(i) : 0;
    // Up, also interleaved (`1234567890abcdef`, `1a2b3c`), or straight down (`0987654321fedcba`).
    if (next === 1 || skip === 1 || next === -1 || (v[i] === '9' && (v[i + 1] === '0' || v[i + 2] === '0')) || (v[i] === '0' && v[i + 1] === '9')) sequential++;
  }
  return sequential / (v.length - 1) >= 0.6;
}

/**
 * The word "password" spelled with symbols or digits for some of its letters, maybe with a few
 * more after it (`p@ssw0rd`, `P4$$w0rd!`, `p=ssword`): the stand-in documentation writes where a
 * password goes, to show how one with special characters is written or escaped.
 */
export function spellsPassword(value: string): boolean {
  const m = /^(.{8})[^A-Za-z\s]{0,4}$/s.exec(value);
  if (!m) return false;
  let letters = 0;
  for (let i = 0; i < 8; i++) {
    const c = m[1]![i]!;
    if (c.toLowerCase() === 'password'[i]) letters++;
    else if (/[\p{L}\s]/u.test(c)) return false;
  }
  return letters >= 4;
}

/** A value with `%XX` escapes (a URI's password) as it reads decoded, or undefined when it has none. */
export function percentDecoded(value: string): string | undefined {
  if (!/%[0-9A-Fa-f]{2}/.test(value)) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/**
 * Code, not a literal: an unquoted identifier that an expression goes on to use, such as
 * `= AcmeChatCompletionRequestOptions.FromSettings(…)` or `new AcmeClientFactoryBuilder(`. A key
 * written in code is quoted; one written unquoted (env files, YAML, shell) is never followed by a
 * member access, a call or a type argument.
 */
export function isIdentifierInCode(value: string, before: string, after: string): boolean {
  if (!/^[A-Za-z_$][\w$]*$/.test(value) || !/[a-z]/.test(value)) return false;
  if (/["'`]$/.test(before)) return false;
  if (/^(?:\??\.[A-Za-z_$]|\(|<[A-Z])/.test(after)) return true;
  // A variable named where a value goes (`"vercel-ai-gateway": openRouterDefaultModelId,`): words in
  // camel case, unquoted, and the expression ends there.
  return (isCamelWords(value) || isLowerCamelName(value)) && /^[ \t]*(?:[,;)}\]]|\r?\n|$)/.test(after);
}

/** `openRouterDefaultModelId`: a lower-case word, then capitalised words, each a word. */
function isLowerCamelName(value: string): boolean {
  if (!/^[a-z]{2,}(?:[A-Z][a-z]+){2,}$/.test(value)) return false;
  return (value.match(/[A-Z]?[a-z]+/g) ?? []).every(isWord);
}

/** A camelCase key in snake_case (`adminPassword` → `admin_Password`, `outputToken` → `output_Token`), for patterns written for the latter. */
export function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
}

/**
 * A name whose last word says it holds a password (`POSTGRES_PASSWORD`, `MYSQL_ROOT_PASSWORD`,
 * `redis_pass`, `DB_PWD`): a whole word, so `AUTH_BYPASS` or `COMPASS` is none. Snake case; a
 * camelCase key goes through `snakeCase` first.
 */
export const PASSWORD_NAME = /(?:^|_)(?:password|passwd|pass|pwd)$/i;

/** The name a value is assigned to, read back from the text before it (`publicToken = "` → `publicToken`). */
export function keyNameBefore(textBefore: string): string {
  return /([A-Za-z_$][\w.$-]{0,80})[^\w\n]{0,12}$/.exec(textBefore)?.[1] ?? '';
}

/** A name that says its value is public (`publicToken`, `PUBLIC_KEY`, `publishableKey`): not a secret by its own account. */
export function isPublicName(name: string): boolean {
  return name
    .split(/[_.$-]+|(?<=[a-z0-9])(?=[A-Z])/)
    .some((w) => /^(?:public|publishable)$/i.test(w));
}
