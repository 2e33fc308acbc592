/**
 * The one regex shape of every keyword-and-assignment pattern (the generic ones, and provider
 * patterns that need the provider's name beside a value of no distinctive format): a key name
 * ending in one of the pattern's names, an assignment in any of the syntaxes code and config
 * write, and the value. Patterns declare `assignment: { name, … }` instead of a regex, so a syntax
 * added here is known to all of them.
 *
 * Assignments recognised after the key (closing quotes or a bracket may come between):
 * `=` `:` `:=` `::=` `:::=` `?=` `.=` `??=` `||=` `=>`, `||` / `??` after a read of the environment
 * (`process.env.K || '…'`, `const K = process.env.OTHER ?? '…'`), a type between name and `=` (Go
 * `var k string =`, Kotlin `val k: String =`, Rust `K: &str =`), the second argument of a call whose
 * first is the quoted key (`setProperty("K", "v")`, `define('K', 'v')`; not a JSON array), and an XML element whose value may sit on its
 * own line (`<k>\n  v\n</k>`). Quotes may be escaped (`\"api_key\": \"…\"` in a notebook cell or a
 * JSON string). Values are quoted, or unquoted up to a space, `,`, `;`, `<`, an
 * escaped newline (`"K=V\nK2=V2"` inside a JSON or YAML string), the `&` that starts the next
 * parameter of a URL-encoded form body (`a=b&c=d`) or the end of the line.
 */

import { ENV_READ_DEFAULT, JS_ENV_READ } from './fallback.js';

export interface AssignmentSpec {
  /** Regex (no capture groups) for what the key name ends with: `(?:api[_.-]?key|apikey)`. */
  name: string;
  /**
   * Regex for the whole key name, checked behind the match; defaults to any name characters
   * followed by `name`. Use it to exclude prefixes (`(?<!client[_.-]?)`).
   */
  fullName?: string;
  /**
   * Regex for the whole key name matched forward from its first character, instead of `name`
   * checked behind: cheaper when the name starts with something rare (a vendor's name). The key
   * starts with one of the pattern's keywords: a keyword where `key` does not match from its first
   * character is no candidate for the pattern.
   */
  key?: string;
  /** Shortest value, in characters. */
  minLength: number;
  /** What the value must contain besides letters: a digit (default) or any non-letter. */
  valueHas?: 'digit' | 'non-letter';
}

const QUOTE = `"'\\x60`;
/**
 * A type between the name and `=`: Go `k string =`, Kotlin/Swift `k: String =`, TS `k: string =`,
 * Rust `K: &str =` / `K: &'static str =`. Not an HTML attribute that holds text for people
 * (`<input name="api_token" placeholder="…">`, `title=`, `alt=`): a hint shown in a form is no credential.
 * Not after an element's tag name either (`<Token color="var(--grey-300)">`): the word after it is
 * the element's first attribute, and the value is that attribute's…
 */
const HINT_ATTRIBUTE = `(?:placeholder|title|alt|label|hint|help|example|description)(?![\\w.<>?\\[\\]])`;
const TYPE =
  `(?:(?<!<[\\w.:-]{1,60})[ \\t]{0,2}:?[ \\t]{1,4}(?:&(?:'[a-z]{1,10}[ \\t]{1,4})?)?(?!${HINT_ATTRIBUTE})[A-Za-z][\\w.<>?\\[\\]]{0,40}(?=[ \\t]{0,4}=[^=>])` +
  // …unless that attribute is the element's `value` (`<AuthToken value="…"/>`).
  `|(?<=<[\\w.:-]{1,60})[ \\t]{1,4}value(?=[ \\t]{0,4}=[^=>]))?`;
/**
 * `||` or `??` after a read of the environment: `process.env.K || '…'` (the key is the variable),
 * `const K = process.env.OTHER ?? '…'` (the key is the constant).
 */
const ENV_OR = `(?<=${JS_ENV_READ}[ \\t]{0,4})(?:\\|\\||\\?\\?)|[:=][ \\t]{0,4}${JS_ENV_READ}[ \\t]{0,4}(?:\\|\\||\\?\\?)`;
/**
 * `&` inside an unquoted value, unless the next parameter of a URL-encoded form body or query
 * string starts there (`client_secret=…&refresh_token=…`): the value stops before `&name=`.
 */
const NEXT_PARAMETER = `&[\\w.%-]{1,60}=`;
const AMP_IN_VALUE = `&(?!${NEXT_PARAMETER.slice(1)})`;
/**
 * An XML element's opening tag up to its `>`: a `<` where a tag starts (the line's start, after
 * space or another tag). Not an angle-bracket placeholder written as a value (`API_KEY=<your_api_key>`,
 * `mongodb://<user>:<password>@host`): what follows it is the next line or the rest of the URI.
 */
const ELEMENT_OPENER = `(?<![^\\s>])<[\\w.:-]{1,60}`;
/** A scheme or a path: a URL or file reference is not a secret value. */
const NOT_PATH = `(?![~.]{0,2}/|[a-z][a-z0-9+.-]{1,20}://)`;

export function assignmentRegex(spec: AssignmentSpec): string {
  const full = spec.fullName ?? `[\\w.-]{0,40}${spec.name}`;
  const key = spec.key ?? `${spec.name}(?<=(?<![\\w.-])${full})`;
  const operator =
    `(?:\\\\?["'\\]]){0,2}${TYPE}[ \\t]{0,4}` +
    `(?::{1,3}=|=>|\\?\\?=|\\|\\|=|\\?=|\\.=|${ENV_OR}|[:=]|(?<=\\([ \\t]{0,4}["'][\\w.-]{1,60}["'][ \\t]{0,4}),|(?<=${ELEMENT_OPENER})>(?:[ \\t]{0,4}\\r?\\n)?)` +
    `[ \\t]{0,40}(?:\\\\?[${QUOTE}])?`;
  const min = spec.minLength;
  const needQuoted = spec.valueHas === 'non-letter' ? `(?=[^${QUOTE}\\s]{0,200}?[^A-Za-z${QUOTE}\\s])` : `(?=[^${QUOTE}\\s]{0,200}?\\d)`;
  const needBare = `(?=[^\\s${QUOTE},;]{0,200}?\\d)`;
  const quoted = `(?<=[${QUOTE}])${NOT_PATH}(?![A-Za-z]{0,60}_[A-Za-z_]{0,60}[${QUOTE}])${needQuoted}[^${QUOTE}\\s\\\\]{${min},200}(?=\\\\?[${QUOTE}])`;
  const bare =
    `(?<=(?:[^\\s:]:|[=>])[ \\t]{0,4}|>[ \\t]{0,4}\\r?\\n[ \\t]{0,40})${NOT_PATH}${needBare}` +
    `(?:[^\\s${QUOTE},;()\\[\\]{}<>\\\\&]|${AMP_IN_VALUE}){${min},200}(?=[\\s,;<]|\\\\[nrt]|$)`;
  // A parameter of a URL-encoded form body or query string: right after `=`, up to the next `&name=`.
  const formParameter = `(?<==)${NOT_PATH}(?=[^\\s&${QUOTE}]{0,200}?\\d)[^\\s${QUOTE},;()\\[\\]{}<>\\\\&]{${min},200}(?=${NEXT_PARAMETER})`;
  // The default of an environment read (`os.getenv("K", "…")`, `process.env.K || '…'`), whatever it holds: `live` marks it (analyzer.ts).
  const envDefault = `(?<=${ENV_READ_DEFAULT})(?<live>)${NOT_PATH}[^${QUOTE}\\s\\\\]{${min},200}(?=[${QUOTE}])`;
  return `${key}${operator}(?<secret>${envDefault}|${quoted}|${bare}|${formParameter})`;
}

/**
 * Whether a value has what the pattern's quoted values need (`valueHas`, not only letters and
 * underscores): the default of an environment read is matched without it, and only a signing
 * key's or admin password's fallback is taken as it is.
 */
export function hasValueNeeds(spec: AssignmentSpec, value: string): boolean {
  if (/^[A-Za-z]*_[A-Za-z_]*$/.test(value)) return false;
  return spec.valueHas === 'non-letter' ? /[^A-Za-z]/.test(value) : /\d/.test(value);
}
