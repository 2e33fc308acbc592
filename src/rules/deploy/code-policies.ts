/**
 * IAM policy documents written as literals in Python or TypeScript/JavaScript code: a dict or object
 * with `"Version": "2012-10-17"` and a `"Statement"` list, the shape a setup script hands to
 * `iam.put_role_policy(PolicyDocument=json.dumps(policy))`, `create_policy` or the JavaScript SDK's
 * `PutRolePolicyCommand`. Agent toolkits create their agents' roles this way, in code, and such a
 * grant is as real as one in Terraform. The same shape as a standalone policy file: it is read by
 * shape, wherever it is sent. Only literal values are read: an action or a resource built from a
 * variable or an f-string (`f"arn:aws:s3:::{bucket}/*"`) is not `*`, so it is never taken for one.
 */
import { argsAt, codeText, literal, named, splitArgs } from '../code/http-listen.js';
import type { PolicyStatement } from './rules/terraform-util.js';

/** The version every IAM policy document states, as a literal key and value, up to the document's own brace. */
const VERSION = /['"]?Version['"]?\s*[:=]\s*['"]2012-10-17['"]/g;
const STATEMENT = /(?<![\w$])['"]?Statement['"]?\s*:\s*(?=[[{])/g;

export interface CodePolicy {
  /** The name the document is bound to (`AGENT_POLICY = {…}`, `const policy = {…}`), when it is. */
  name?: string;
  statements: (Omit<PolicyStatement, 'span'> & { start: number; end: number })[];
}

/** The literal policy documents of a source file, with each statement's offsets. */
export function policiesInCode(text: string, language: 'python' | 'typescript'): CodePolicy[] {
  const code = codeText(text, language);
  const out: CodePolicy[] = [];
  const seen = new Set<number>();
  for (const v of code.matchAll(VERSION)) {
    const open = enclosingBrace(code, v.index);
    if (open === undefined || seen.has(open) || !openedInCode(code, open, language)) continue;
    seen.add(open);
    const body = argsAt(code, open);
    if (!body) continue;
    const statements = statementsIn(code, open + 1, body.args);
    if (statements.length) out.push({ name: boundName(code, open), statements });
  }
  return out;
}

/** The `{` that opens the object a key at `at` sits in: the nearest unmatched brace before it on the way back. */
function enclosingBrace(code: string, at: number): number | undefined {
  let depth = 0;
  for (let i = at - 1; i >= 0 && i > at - 4000; i--) {
    const c = code[i];
    if (c === '}') depth++;
    else if (c === '{') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return undefined;
}

/**
 * Whether the brace at `open` opens a literal in code, not text in a string (a docstring's or a tool
 * description's sample policy): what comes before it is an assignment, a call, a list, a key or a
 * `return`, and it is outside every triple-quoted string (Python) or template literal (TypeScript).
 */
function openedInCode(code: string, open: number, language: 'python' | 'typescript'): boolean {
  const before = code.slice(Math.max(0, open - 40), open);
  if (!/(?:[=(,[:]|\breturn)\s*$/.test(before)) return false;
  const head = code.slice(0, open);
  const quotes = language === 'python' ? (head.match(/"""|'''/g) ?? []).length : (head.match(/(?<!\\)`/g) ?? []).length;
  return quotes % 2 === 0;
}

/** The statements of a document's body (`from` is the body's offset in the file). */
function statementsIn(code: string, from: number, body: string): CodePolicy['statements'] {
  const re = new RegExp(STATEMENT.source, 'g');
  const m = re.exec(body);
  if (!m) return [];
  const at = from + m.index + m[0].length;
  if (code[at] === '{') {
    const one = argsAt(code, at);
    return one ? statementOf(one.args, at, one.end) : [];
  }
  const list = argsAt(code, at);
  if (!list) return [];
  const out: CodePolicy['statements'] = [];
  let offset = at + 1;
  for (const item of splitArgs(list.args)) {
    const start = code.indexOf(item, offset);
    if (start < 0) break;
    offset = start + item.length;
    if (item.startsWith('{')) out.push(...statementOf(item.slice(1, item.lastIndexOf('}')), start, offset));
  }
  return out;
}

/** One statement object's effect, actions and resources, when each is written literally. */
function statementOf(body: string, start: number, end: number): CodePolicy['statements'] {
  const items = splitArgs(body);
  const value = (key: string) => named(items, key, ':');
  // A resource or trust policy names who may act (`Principal`): not a grant to this identity.
  if (value('Principal') !== undefined || value('NotPrincipal') !== undefined) return [];
  const action = value('Action');
  const notAction = value('NotAction');
  const effect = literal(value('Effect') ?? "'Allow'");
  if (effect === undefined) return [];
  return [{ effect, actions: strings(action ?? notAction), notActions: action === undefined && notAction !== undefined, resources: strings(value('Resource') ?? value('NotResource')), start, end }];
}

/** A literal string or list of them; anything else (a name, a call, an f-string) as written, which no pattern takes for `*`. */
function strings(expr: string | undefined): string[] {
  if (expr === undefined) return [];
  const trimmed = expr.trim();
  const items = trimmed.startsWith('[') ? splitArgs(trimmed.slice(1, trimmed.lastIndexOf(']'))) : [trimmed];
  return items.map((item) => literal(item) ?? `(${item})`);
}

/** `NAME = {`, `NAME: dict = {`, `const name = {`, `name: {` right before the brace. */
function boundName(code: string, open: number): string | undefined {
  const before = code.slice(Math.max(0, open - 200), open);
  return /(?:^|[\s(,;])['"]?([A-Za-z_$][\w$]*)['"]?[ \t]*(?::[ \t]*[\w.[\]| ]+)?[ \t]*[=:]\s*$/.exec(before)?.[1];
}
