/**
 * Values a token pattern matched that are something else by their shape or what surrounds them:
 * regular-expression syntax, code, a query string with no secret in it, a blockchain address, a
 * stretch of a base64 payload, a signed request's credential scope, the pair a Basic credential
 * encodes, the readable text a base64 value decodes to, and a value a page of documentation cuts
 * off. The judgements of words and names (placeholders, stand-ins, credential keys)
 * are in `values.ts`.
 */
import { isPlaceholder, isPlaceholderShape, isReference, isWordlike, snakeCase } from './values.js';

/**
 * Regular-expression syntax: a character class with a range (`[a-zA-Z0-9-_]`, `[0-9a-f]`), maybe
 * quantified (`+`, `{32}`, `{20,40}`), or a shorthand class with a quantifier (`\d{6}`, `\w+`).
 */
const REGEX_SYNTAX = /\[\^?[^\]\s]*?[A-Za-z0-9]-[A-Za-z0-9][^\]\s]*\](?:[+*?]|\{\d{1,4}(?:,\d{0,4})?\})?|\\[dwsDWS](?:[+*?]|\{\d{1,4}(?:,\d{0,4})?\})/;

/**
 * A key's format, not a key: a table of the patterns a script checks keys against
 * (`"OPENROUTER_API_KEY" = "sk-or-[a-zA-Z0-9-_]+"`, `AIza[0-9A-Za-z-_]{35}`). A credential holds
 * characters; a range inside brackets or a quantified `\d` is how one describes many.
 */
export function isRegexPattern(value: string): boolean {
  return REGEX_SYNTAX.test(value);
}

/** The key a value sits under names a digest, not a credential: `checksum/secret:`, `token_sha256 =`, `commit:`. */
export function isDigestKey(keyText: string): boolean {
  return /(?:checksum|digest|hash|sha\d{0,3}|integrity|etag|commit|revision|fingerprint)[\w/.-]{0,40}["'\]]{0,2}\s{0,4}[:=]?\s{0,4}["']?$/i.test(keyText);
}

/** Code, not a literal: a member path such as `options.apiKey`, `config?.apiKey` or `this.config.token` written unquoted. */
export function isMemberPath(value: string): boolean {
  return /^(?:[A-Za-z_$][\w$]{0,40}[?!]?\.){1,6}[A-Za-z_$][\w$]{0,40}(?:\(\))?;?$/.test(value) && /[a-z]/.test(value);
}

/**
 * Code between two string literals, not a literal: in a minified bundle, a name's closing quote
 * (`"Password:"`) and the next opening one enclose an expression (`),X?He.createElement(`,
 * `)&&(e.pass=`, `=>a.get(`). A member call after an operator, an arrow, a logical operator, or a
 * closing bracket followed by an operator: a password seldom spells any of these.
 */
const CODE_EXPRESSION = /[?:(,!=]\s*[A-Za-z_$][\w$]*\??\.[A-Za-z_$][\w$]{2,}\(|=>|&&|\|\||^[)\]}]\s*[,;?:.)\]}]|\)\s*\?\s*[A-Za-z_$]/;

export function isCodeExpression(value: string): boolean {
  return CODE_EXPRESSION.test(value);
}

/**
 * An unquoted value assigned to a `$variable`: PowerShell, PHP, Perl and Ruby write their string
 * literals quoted, so what stands there bare is a command and its arguments
 * (`$encoded = Get-Base64EncodedToken $AccessToken`), a constant or an expression, not a literal.
 * `before`: the text of the line before the value.
 */
const SIGIL_ASSIGNMENT = /\$(?:\{[^{}\n]{1,80}\}|[A-Za-z_][\w:]{0,80})(?:\.[A-Za-z_]\w{0,40}|\[[^\]\n]{0,40}\])*[ \t]*[.+]?=[ \t]*$/;

export function isBareAfterSigilVariable(before: string): boolean {
  return SIGIL_ASSIGNMENT.test(before);
}

/**
 * A call cut where its argument's quote opens: `"[parameters('dbAdminPassword')]"` (an ARM
 * template's expression) read up to `[parameters(`, where the inner quote, not the one that opened
 * the value, ends it. The value is the name of a function applied to a string, not a literal.
 */
export function isCallCutAtArgument(value: string, opener: string, closer: string): boolean {
  return /(?:^|[^\w$])[A-Za-z_$][\w$.]{0,80}\($/.test(value) && /^["'`]$/.test(opener) && /^["'`]$/.test(closer) && opener !== closer;
}

/** `k=v&k2=v2`: a URL query string or form body held as one value. */
const QUERY_STRING = /^[\w.%-]{1,40}=[^&\s]{0,400}(?:&[\w.%-]{1,40}=[^&\s]{0,400}){1,30}$/;
/** Parameters that carry a signature (Azure SAS `sig`, pre-signed URLs): an HMAC, base64 or hex, 40+ characters. */
const SIGNATURE_PARAM = /^(?:sig|signature|x-amz-signature|x-goog-signature)$/i;

/**
 * A query string or form body none of whose parameters holds a credential: an Azure SAS whose
 * `sig` is no HMAC (`sig=abc123`), settings and dates (`sv=2024-11-04&sr=c&sp=r`). A real SAS
 * signature is a URL-encoded base64 HMAC-SHA256 of 43+ characters; any other parameter must
 * look like a random key of 16+ characters to count.
 */
export function isQueryStringWithoutSecret(value: string): boolean {
  if (!QUERY_STRING.test(value)) return false;
  for (const pair of value.split('&')) {
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const v = decodeParam(pair.slice(eq + 1));
    if (SIGNATURE_PARAM.test(name)) {
      if (/^[A-Za-z0-9+/_-]{40,}={0,2}$/.test(v) && !isPlaceholderShape(v)) return false;
      continue;
    }
    if (v.length >= 16 && /\d/.test(v) && /[A-Za-z]/.test(v) && !/^\d{4}-\d{2}-\d{2}/.test(v) && !isWordlike(v) && !isPlaceholderShape(v) && !/^[a-z]+:\/\//i.test(v)) return false;
  }
  return true;
}

function decodeParam(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** An EVM account or contract address: `0x` and 40 hex digits (a private key is 64). */
const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
/** A Solana account or mint address: 32 bytes in base58, 32 to 44 characters. */
const BASE58_ADDRESS = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
/** A key that names a crypto token by its part in a swap or transfer (`toToken`, `outputToken`, `from_token`, `rewardToken`). */
const ASSET_KEY = /(?:^|[_.-])(?:from|to|input|output|in|out|src|dst|source|dest|destination|target|base|quote|sell|buy|pay|receive|reward|stake|staking|lp|native|wrapped|collateral|debt|underlying)[_.-]?token$/;

/**
 * A blockchain address where a generic pattern expects a token: a `0x` EVM address anywhere, a
 * base58 Solana address under a key that names a swap's or transfer's token (`outputToken:
 * "EPjF…"`), or under a bare `token` where the text around it (in `text`, at `start`..`end`) speaks of Solana (`SOL`, `USDC`, mints). Contract and mint addresses are public identifiers of an asset, not credentials. A
 * base58 value under any other name stays a value: many random keys avoid `0`, `O`, `I` and `l` by chance.
 */
export function isChainAddress(value: string, key: string, text = '', start = 0, end = text.length): boolean {
  if (EVM_ADDRESS.test(value)) return true;
  if (!BASE58_ADDRESS.test(value)) return false;
  const name = snakeCase(key).toLowerCase();
  if (ASSET_KEY.test(name)) return true;
  // A bare `token:` holds a mint address where the code around it speaks of Solana's accounts and mints.
  return name === 'token' && SOLANA_WORDS.test(text.slice(Math.max(0, start - SOLANA_NEAR_CHARS), end + SOLANA_NEAR_CHARS));
}

/** How far around a base58 value under a bare `token` the words of Solana code are looked for. */
const SOLANA_NEAR_CHARS = 600;

/** Words of Solana code and docs: its accounts, mints and units. */
const SOLANA_WORDS = /\b(?:[Ss]olana|SPL|[Mm]int(?:Address)?|[Ll]amports?|PublicKey|[Pp]ubkey|USDC|SOL)\b/;

/**
 * `<numeric id>:<secret>`: the structure of a provider's token (a Telegram bot token is
 * `<bot id>:<35 characters>`). Under a name that says which provider, the provider's own pattern
 * judges it: when that pattern does not match, the value is malformed, not a credential of unknown kind.
 */
export function isIdSecretPair(value: string): boolean {
  return /^\d{1,24}:[A-Za-z0-9_-]{8,}$/.test(value);
}

/** A character of the standard base64 alphabet (no padding). */
function isBase64Char(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 43 || code === 47;
}

/** How far back a base64 payload is followed to find what opens it (a 1 MiB image in a notebook or HTML page). */
const MAX_PAYLOAD_WALK = 1 << 20;
/** What opens an encoded payload: a data URI (`data:image/png;base64,`), a notebook's image output (`"image/png": "`). */
const PAYLOAD_OPENER = /(?:;base64,|"image\/[\w.+-]{1,40}"\s{0,4}:\s{0,4}")$/i;

/** A run of base64 at least this long, and this many times the match, is a blob whatever opens it. */
const BLOB_RUN = 1024;
const BLOB_RATIO = 4;

/**
 * Whether text[start, end) is a stretch of an encoded payload: characters of a base64 run that a
 * data URI or a notebook's image output opens, or that runs on far past the match on a side it
 * touches (a tokenizer's `precompiled_charsmap`, a font or a model embedded in JSON). Encoded bytes
 * now and then spell a token's shape (`EAA` and 100 letters between two `/`); what they encode is a
 * picture or a table, not a credential.
 */
export function isInsideBase64Payload(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text.charCodeAt(start - 1) : 0;
  const after = end < text.length ? text.charCodeAt(end) : 0;
  // A token stands apart from what is around it; a payload's fragment touches more of the alphabet,
  // or begins right after the payload's opener.
  if (!isBase64Char(before) && !isBase64Char(after) && before !== 44 && before !== 34) return false;
  let i = start;
  const floor = Math.max(0, start - MAX_PAYLOAD_WALK);
  // A notebook writes an image output as one JSON string, sometimes broken by `\n` escapes.
  while (i > floor) {
    const c = text.charCodeAt(i - 1);
    if (isBase64Char(c) || (c === 92 && text.charCodeAt(i) === 110)) i--;
    else break;
  }
  if (PAYLOAD_OPENER.test(text.slice(Math.max(0, i - 48), i))) return true;
  if (!isBase64Char(before) && !isBase64Char(after)) return false;
  let j = end;
  const ceiling = Math.min(text.length, end + MAX_PAYLOAD_WALK);
  while (j < ceiling && isBase64Char(text.charCodeAt(j))) j++;
  return j - i >= Math.max(BLOB_RUN, BLOB_RATIO * (end - start));
}

/** `<key id>/<yyyymmdd>/<region>/<service>/aws4_request`, slashes plain or URL-encoded. */
const CREDENTIAL_SCOPE = /^[A-Za-z0-9]{12,128}(?:\/|%2F)\d{8}(?:\/|%2F)[a-z0-9-]{2,40}(?:\/|%2F)[a-z0-9-]{2,40}(?:\/|%2F)(?:aws4|goog4)_request$/i;

/**
 * The credential scope of a signed request (`X-Amz-Credential=`, `X-Goog-Credential=`, or the
 * `Credential=` of a SigV4 Authorization header): an access key ID, a date, a region and a
 * service. It says who signed, not how: the key ID is public to anyone the URL is shared with, and
 * the signature is another parameter.
 */
export function isCredentialScope(value: string): boolean {
  return CREDENTIAL_SCOPE.test(value);
}

/**
 * The `user:password` pair a Basic credential (`Authorization: Basic dXNlcjpwYXNzd29yZA==`) encodes,
 * when `before` ends with the scheme and the value decodes to printable text with a colon.
 */
export function basicCredentialPair(value: string, before: string): [string, string] | undefined {
  if (!/\bbasic\s{1,4}$/i.test(before) || !/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return undefined;
  const text = Buffer.from(value, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0 || !/^[\x20-\x7e]+$/.test(text)) return undefined;
  return [text.slice(0, colon), text.slice(colon + 1)];
}

/**
 * A Basic pair whose password is a placeholder or a reference (`coding-agent:<secret>`, `bot:${PASS}`,
 * `ci:your-password`): a user name is no secret, so a real one beside it makes nothing to log in with.
 * Not when the user half is itself a key (`sk_…:`, `APIKEY:X`), as APIs that take a key as the user
 * name have it, nor for a short password, which may be a weak real one.
 */
export function holdsNoPassword([user, password]: [string, string]): boolean {
  if (password.length < 6 || !(isReference(password) || isPlaceholder(password))) return false;
  return !(user.length >= 16 && /\d/.test(user) && !isWordlike(user));
}

/** Words that name a part of a credential or its owner's role, not a value: what a page writes in a credential's place. */
const ROLE_WORD = /^(?:client|app|application|api|key|keys|id|user|username|name|login|account|pass|password|passwd|secret|token|access|my|your|the|service)$/i;

/**
 * A half of a Basic pair made of such words and short numbers (`CLIENT-1234`, `API-KEY-4567`,
 * `my_username`): the worked example of a page that shows how the header is built from a
 * placeholder id and key, not a login. A real user name or key is not spelled from these words alone.
 */
export function namesCredentialPart(part: string): boolean {
  const tokens = part.split(/[-_. ]+|(?<=[a-z])(?=[A-Z])/).filter(Boolean);
  return tokens.some((t) => ROLE_WORD.test(t)) && tokens.every((t) => ROLE_WORD.test(t) || /^\d{1,6}$/.test(t));
}

/** Documentation: Markdown, reStructuredText, AsciiDoc and plain-text pages. */
const DOCUMENT = /\.(?:md|mdx|markdown|rst|adoc|txt)$/i;

/**
 * A value cut off with an ellipsis right after it (`Format: pypi-AgEIcHlw…` in a page): the page
 * shows how such a credential starts, not one. In documentation only; code has no prose to cut.
 */
export function isCutOffInDocument(relPath: string, text: string, end: number): boolean {
  return DOCUMENT.test(relPath) && /^(?:\.{3}|\u2026)/.test(text.slice(end, end + 3));
}

/**
 * The printable text a base64 value decodes to, or undefined: a value cut before its padding (a
 * query parameter's `%3D`) still decodes. A key decodes to bytes; readable text is something else.
 */
export function base64Text(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/]{16,}={0,2}$/.test(value) || value.length % 4 === 1) return undefined;
  const text = Buffer.from(value, 'base64').toString('utf8');
  return /^[\x20-\x7e]+$/.test(text) ? text : undefined;
}

/**
 * Why a PEM block is a key cut off, or undefined: its DER body is shorter than its first bytes say
 * (`MIIEvQ…` declares a 1,217-byte sequence; the block holds a few lines of it), as a test feeds a
 * parser malformed input or a page shows how a key begins. No one can sign with it. Nothing is said
 * of a body that cannot be read as one DER sequence (a header line, other characters).
 */
export function cutOffKey(pem: string): string | undefined {
  const body = pem
    .replace(/^-----BEGIN [A-Z0-9 ]+-----/, '')
    .replace(/-----END [A-Z0-9 ]+-----$/, '')
    // Line breaks as written, or escaped in a string (`\n`, `\r\n`).
    .replace(/\\[rn]|\s/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length < 8) return undefined;
  const head = Buffer.from(body.slice(0, 8), 'base64');
  // A SEQUENCE (0x30) with a short-form length, or a long-form one of one to three bytes.
  if (head[0] !== 0x30 || head[1] === 0x80 || head[1]! > 0x83) return undefined;
  const lengthBytes = head[1]! < 0x80 ? 0 : head[1]! - 0x80;
  let length = lengthBytes === 0 ? head[1]! : 0;
  for (let i = 0; i < lengthBytes; i++) length = length * 256 + head[2 + i]!;
  const declared = 2 + lengthBytes + length;
  const held = Math.floor((body.replace(/=+$/, '').length * 3) / 4);
  if (held >= declared) return undefined;
  return `its block holds ${held} bytes where its first bytes declare ${declared}: a key cut off (a parser's malformed test input, the start of a key shown on a page), which signs nothing.`;
}
