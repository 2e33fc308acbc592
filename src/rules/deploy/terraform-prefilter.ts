/**
 * Whether a Terraform file can yield a finding or a fact, decided from its text before the HCL
 * parser runs (the parser costs far more than everything else the scan does to such a file, and
 * generated Terraform, resource after resource of references and names, yields nothing).
 *
 * Each rule with a `terraform` handler declares what it needs (`terraformSignal`): a pattern the
 * raw text or one of its strings matches (a resource type, `Statement`, an AWS managed policy's ARN),
 * or `values` for the rules that judge every named value (literal secrets, default passwords).
 * Those judge a value when a provider pattern finds a secret in it, when it names a variable, or
 * when its key names a credential; so the file is parsed when the lexer (`hcl-lexer.ts`) finds:
 * - a string, heredoc or number in which the secret engine finds a credential, or the whole text
 *   in which it does;
 * - a string that is a variable reference (`$X`, `${X}`), or that names a credential where a
 *   string can be a key (a quoted key, the `name` of a name/value pair, a variable's label), or
 *   that holds JSON in which a string names a credential, is a variable reference or holds a
 *   provider's secret (or a number does);
 * - a name outside strings that names a credential, unless it is a block's type or is assigned a
 *   value the judgement reads as a reference (`file(…)`, `var.x`, a traversal alone on its line);
 * - anything it cannot follow (the parser then reports the error).
 * `AGENTWARDEN_PREFILTER=off` parses every file; the tests compare the two.
 */
import { prefiltersOn } from '../../core/prefilter.js';
import type { SourceFile } from '../../core/source.js';
import { lexHcl } from '../../parsers/hcl-lexer.js';
import { isCredentialKey } from '../secrets/values.js';
import type { SecretEngine } from '../secrets/analyzer.js';
import { referencedVariable, snakeCase } from './context.js';
import type { DeployRule } from './rule.js';
import { isPasswordKey } from './rules/default-password-keys.js';

/**
 * A value the judgement reads as a reference whatever follows: a file read, a variable, a local,
 * a data source or a module output (see `FUNCTION_READ` in context.ts); or a traversal alone on
 * its line (`aws_iam_user.agent.name`), which evaluates to `${…}` without braces.
 */
const REFERENCE_VALUE =
  /[ \t]*[=:][ \t]*(?:(?:file|filebase64|templatefile|fileexists|base64encode|base64decode|yamlencode|lookup)[ \t]*\(|(?:var|local|data|module)\.[\w-]|[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])+[ \t]*(?:(?:#|\/\/)[^\n]*)?(?:\r?\n|$))/y;
/** Strings and numbers inside a string or heredoc that holds JSON. */
const JSON_STRING = /"((?:[^"\\\n]|\\.)*)"/g;
const JSON_NUMBER = /-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b/g;

/** Words one of which every credential or password key holds (case aside): a quick first test. */
const CREDENTIAL_WORD = /token|secret|pass|pwd|key|auth|credential|bearer|cookie|webhook/i;

/** A key or variable name that the value judgement treats as naming a credential or a password. */
function namesCredential(key: string): boolean {
  return CREDENTIAL_WORD.test(key) && (isCredentialKey(key) || isCredentialKey(snakeCase(key)) || isPasswordKey(key));
}

export function terraformMayYield(file: SourceFile, rules: DeployRule[], engine: SecretEngine): boolean {
  if (!prefiltersOn()) return true;
  const signals: RegExp[] = [];
  let values = false;
  for (const rule of rules) {
    if (!rule.terraform) continue;
    const signal = rule.terraformSignal;
    if (!signal) return true;
    if (signal === 'values') values = true;
    else signals.push(signal);
  }
  const text = file.text;
  if (signals.some((s) => s.test(text))) return true;
  if (values && engine.findInFile(file).length > 0) return true;
  return lexicallyMayYield(text, signals, values, engine);
}

/**
 * The lexical test alone: the strings, names and numbers of the text (see the module comment).
 * `signals` are tested on each string's value, `values` adds the tests of the value-judging rules.
 */
export function lexicallyMayYield(text: string, signals: RegExp[], values: boolean, engine: SecretEngine): boolean {
  // Generated Terraform repeats its strings: each distinct one is judged once.
  const judged = new Set<string>();
  const outcome = lexHcl(text, {
    string(value, start, end) {
      if (signals.some((s) => s.test(value))) return true;
      return values && stringMayYield(value, text, start, end, engine, judged);
    },
    name(name, start, end) {
      return values && nameMayYield(name, text, start, end);
    },
    number(written) {
      return values && valueMayYield(String(Number(written)), engine, judged);
    },
  });
  return outcome !== 'complete';
}

function stringMayYield(value: string, text: string, start: number, end: number, engine: SecretEngine, judged: Set<string>): boolean {
  if (valueMayYield(value, engine, judged)) return true;
  if (namesCredential(value.trim()) && isKeyString(text, start, end)) return true;
  if (!value.includes('"')) return false;
  // JSON inside (a heredoc policy, encoded container definitions) is parsed and walked: each of its
  // strings may be a key, the name of a name/value pair or a value; each of its numbers a value.
  for (const m of value.matchAll(JSON_STRING)) {
    let inner = m[1]!;
    try {
      inner = JSON.parse(`"${inner}"`) as string;
    } catch {
      // kept as written
    }
    if (namesCredential(inner.trim()) || valueMayYield(inner, engine, judged)) return true;
  }
  for (const m of value.matchAll(JSON_NUMBER)) if (valueMayYield(String(Number(m[0])), engine, judged)) return true;
  return false;
}

/** Whether a value could be judged a credential whatever its key: a provider's secret, or a variable reference. */
function valueMayYield(value: string, engine: SecretEngine, judged: Set<string>): boolean {
  const v = value.trim();
  if (judged.has(v)) return false;
  if (engine.find(v).length > 0 || referencedVariable(v) !== undefined) return true;
  judged.add(v);
  return false;
}

/**
 * Whether a string can be a key: of an object element (`"api_token" = …`), as the `name` of a
 * name/value pair (`{ name = "API_TOKEN", value = … }`), or as the label of a variable (the key of
 * its default). Strings elsewhere (function arguments, values, other labels) never are.
 */
function isKeyString(text: string, start: number, end: number): boolean {
  if (follows(ASSIGNMENT, text, end)) return true;
  const before = skipSpaceBack(text, start);
  if (text[before - 1] === '=' || text[before - 1] === ':') return /(?:^|[^\w-])["']?[Nn]ame["']?$/.test(text.slice(Math.max(0, before - 60), skipSpaceBack(text, before - 1)));
  return /(?:^|[^\w-])variable$/.test(text.slice(Math.max(0, before - 9), before)) && before < start && follows(BLOCK_HEADER_REST, text, end);
}

/** An assignment next: `=` or `:` after any space. */
const ASSIGNMENT = /\s*[=:]/y;
/** What follows a block's type or label up to its body: more labels, then `{`. */
const BLOCK_HEADER_REST = /[ \t]*(?:"[^"\n]*"[ \t]*|[A-Za-z_][\w-]*[ \t]*)*\{/y;

/** Whether a sticky pattern matches the text at `at`. */
function follows(pattern: RegExp, text: string, at: number): boolean {
  pattern.lastIndex = at;
  return pattern.test(text);
}

/** The index before which only space stands, going back from `at`. */
function skipSpaceBack(text: string, at: number): number {
  let i = at;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  return i;
}

function nameMayYield(name: string, text: string, start: number, end: number): boolean {
  // Parts of a traversal (`var.db_password`, `aws_iam_user.agent.name`) are neither keys nor variables.
  if (text[start - 1] === '.' || text[end] === '.') return false;
  if (!namesCredential(name)) return false;
  // A key assigned a reference, or a block's type (`admin_ssh_key {`): no value is judged under it.
  return !follows(REFERENCE_VALUE, text, end) && !follows(BLOCK_HEADER_REST, text, end);
}
