/**
 * Where a value that a generic pattern matches by its key's name alone (`password=`, `token:`, no
 * provider's format) is a sample rather than a credential: in a file that only tests, is generated
 * or is a vendored copy (a unit test's made-up password, a signing test's fixed vector, a recorded
 * search result's thumbnail id, generated API types' example values, a benchmark corpus's synthetic
 * accounts), or in text that says it shows an example (`e.g. EMAIL_PASSWORD="…"` in a form's help
 * text, a key named as one (`exampleStrongPassword`), a doc comment's `@example`, a string named `envExample`, the block of an API description's
 * `example:` key, a JSON response shown in a block comment). Such a value is listed at info for the inventory, not reported
 * as a leak; a value in a provider's format is judged by its own pattern wherever it is.
 */
import type { FindingContext } from '../../core/types.js';
import { folderContextsOf } from '../../discovery/context.js';
import { inCommentedDocument, inExampleBlock } from './documented-samples.js';
import { keyNameBefore } from './values.js';
import { illustratesHeader, inTestCodeBlock, leadIn } from './doc-blocks.js';

/** Contexts whose generic values are samples, and how a message names them. Recordings of real traffic are not among them. */
const SAMPLE_FILES: Partial<Record<FindingContext, string>> = {
  test: 'a test file',
  generated: 'generated code',
  vendored: 'a vendored copy of third-party files',
};

/**
 * Why a generic value in a file of this context is a sample, for the finding's message, or
 * undefined when the file ships or runs for real (production, examples, docs, evaluation
 * harnesses, recordings). The context is the scan's (its policy), so a folder the configuration
 * assigns a context (`contexts.paths`) is judged as the configuration says.
 */
export function sampleFile(context: FindingContext): string | undefined {
  const where = SAMPLE_FILES[context];
  return where && sampleReason(where, "a fixture's or sample's value");
}

/**
 * Why a credential in a vendored file is that project's fixture, whatever its format: the file sits
 * in the vendored project's own tests (`third_party/mbedtls/tests/data_files/server2.key`, a URL
 * parser's test inputs), published with that project for its test suite. Undefined elsewhere.
 */
export function vendoredFixture(context: FindingContext, relPath: string): string | undefined {
  if (context !== 'vendored' || !folderContextsOf(relPath).includes('test')) return undefined;
  return "it sits in a vendored project's own tests: a fixture published with that project for its test suite, not a credential of this one.";
}

/**
 * A test of a redactor, by its file's name (`redact-log-message.test.ts`, `log-scrubber.test.ts`,
 * `secret_masking_test.py`, `sanitized-trace.spec.ts`; not a bare `mask`, as often an image's): its
 * secret-shaped values are the input it feeds the redactor to assert they come out masked, made up
 * to look like what must be hidden. What it would list as a test's fixture (a value matched by name,
 * a stand-in token) is not listed at all; a value in a provider's format keeps its test rating there.
 */
const REDACTION_WORD = /^(?:redact(?:s|ed|ing|ion|ions|or|ors)?|scrub(?:s|bed|ber|bers|bing)?|saniti[sz](?:e|es|ed|er|ers|ing|ation)|mask(?:ed|er|ing)|censor(?:s|ed|ing)?|obfuscat(?:e|es|ed|ion|or))$/i;

export function isRedactionTest(relPath: string): boolean {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  return name.split(/[-_.]+|(?<=[a-z0-9])(?=[A-Z])/).some((word) => REDACTION_WORD.test(word));
}

/** Why a generic value inside a test module of a shipped file is a sample. */
export function testModuleSample(): string {
  return sampleReason("the file's test module (test code beside the code it tests)", "a fixture's value");
}

function sampleReason(where: string, what: string): string {
  return `it sits in ${where} and matches by its key's name alone (no provider's format): ${what}, not a credential a service is known to accept.`;
}

/** Words that say what follows is an example: `e.g.`, `for example`, `for instance`, `example:`, a doc comment's `@example`. */
const EXAMPLE_MARKER = /(?:^|[^\w.])e\.\s?g\.|\bfor (?:example|instance)\b|\bexamples?["']?\s{0,2}:|@example\b/i;

/** A label that opens an example (`Example header:`, `**Example request body:**`, `Sample response:`): the word, up to three more, a colon. */
const EXAMPLE_LABEL = /(?:^|[\s*#>(])(?:example|sample)(?:[ \t]+[a-z]{2,12}){0,3}[ \t]*[*_`]*:/i;

function saysExample(text: string): boolean {
  return EXAMPLE_MARKER.test(text) || EXAMPLE_LABEL.test(text);
}

/**
 * A key named as holding an example or a sample (`exampleStrongPassword`, `SAMPLE_API_TOKEN`,
 * `sample-secret`): one of its words, split at separators and case changes, says so. Only a whole
 * word: `sampler_token` or `exampled` is none.
 */
function namesExample(name: string): boolean {
  return name.split(/[_.$-]+|(?<=[a-z0-9])(?=[A-Z])/).some((word) => /^(?:example|sample)s?$/i.test(word));
}

/** How far up a doc comment `@example` is looked for, in lines. */
const DOC_BLOCK_LINES = 40;

/**
 * Why the value at `start` is an example's, or undefined: its line says so before it (help text
 * `… in .env format e.g. EMAIL_PASSWORD="…"`), it sits in a doc comment block (`/** … * …`)
 * whose `@example` tag comes before it (generated API types' example bodies), or in a multi-line
 * string its code names an example or sample (the sample `.env` a settings page shows).
 */
export function exampleProse(text: string, start: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(Math.max(lineStart, start - 200), start);
  if (saysExample(before)) return 'the text before it says it is an example (`e.g.`, `for example`): a sample value for readers, not a credential.';
  if (namesExample(keyNameBefore(before))) return "its key's name says it holds an example (`exampleStrongPassword`, `SAMPLE_TOKEN`): a sample value for readers, not a credential.";
  if (inExampleDocBlock(text, lineStart)) return 'it is in a doc comment\'s `@example`: a sample value for readers, not a credential.';
  if (inExampleText(text, start)) return 'it is in a block of text its code names an example or sample: a sample value for readers, not a credential.';
  const intro = leadIn(text, lineStart);
  if (intro !== undefined && saysExample(intro)) return 'the line that introduces its block (a code block, a list) says it is an example (`Example:`, `For example`): a sample value for readers, not a credential.';
  if (inTestCodeBlock(text, start)) return "it is in a code block of a page that shows a test (a framework's import, a fixture, a test case): a test's made-up value shown to readers, not a credential.";
  if (illustratesHeader(text, start)) return "it is the header a page shows right after the prose that tells how that header is sent: an illustration of the header's form, not a credential.";
  if (inExampleBlock(text, lineStart)) return "it is under an `example:` or `examples:` key (an API description's sample request or response): a sample value for readers, not a credential.";
  if (inCommentedDocument(text, start)) return 'it is in a comment that shows a JSON document (a sample request or response for readers): a sample value, not a credential.';
  return undefined;
}

/** A multi-line string opened under a name that says example or sample: `const envExample = \``, `SAMPLE_ENV = """`. */
const EXAMPLE_TEXT_OPENER = /\b[A-Za-z_$][\w$]*(?:example|sample)[\w$]*\s{0,4}[:=]\s{0,4}[a-z]{0,2}(`|"""|''')(.*)$/i;

/** How far up the opener of such a block is looked for, in characters. */
const TEXT_BLOCK_CHARS = 2000;

/**
 * Whether the value at `start` is inside a multi-line string (a template literal, a triple-quoted
 * string) that is assigned to a name that says it holds an example or a sample, and not yet closed.
 */
function inExampleText(text: string, start: number): boolean {
  // The lines above the value and its own line up to it.
  const lines = text.slice(Math.max(0, start - TEXT_BLOCK_CHARS), start).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = EXAMPLE_TEXT_OPENER.exec(lines[i]!);
    if (!m) continue;
    // Still open at the value: the opener's delimiter is not seen again between it and the value.
    return ![m[2]!, ...lines.slice(i + 1)].join('\n').includes(m[1]!);
  }
  return false;
}

/** Whether the line at `lineStart` continues a `/** … *\/` comment whose `@example` tag is on it or above it, before the block opens. */
function inExampleDocBlock(text: string, lineStart: number): boolean {
  let from = lineStart;
  for (let i = 0; i < DOC_BLOCK_LINES; i++) {
    const to = text.indexOf('\n', from);
    const line = text.slice(from, to < 0 ? text.length : to);
    const opens = /^\s*\/\*\*/.test(line);
    // Every line of the block from the value's up to its opener is part of it: `*` continuations.
    if (!opens && !/^\s*\*(?!\/)/.test(line)) return false;
    // A block closed above the value's line is another block.
    if (i > 0 && /\*\/\s*$/.test(line)) return false;
    if (/@example\b/.test(line)) return true;
    if (opens || from === 0) return false;
    from = text.lastIndexOf('\n', from - 2) + 1;
  }
  return false;
}

/**
 * A comment that says the key beside it is published on purpose: `// This is a public, development
 * only key`, `# shared demo key`, `// dev-only token`. Explicit words only: a comment that merely
 * mentions testing (`// for testing`) sits as often beside a developer's own real key.
 */
const PUBLIC_KEY_COMMENT = /\bpublic(?:ly)?\b[^\n]{0,40}?\b(?:key|token|credential)s?\b|\b(?:key|token)\b[^\n]{0,20}?\bis public\b|\b(?:shared |public )?demo (?:api[ -]?)?(?:key|token)\b|\b(?:dev(?:elopment)?|test(?:ing)?)[ -]only (?:api[ -]?)?(?:key|token)\b/i;
/** Words that turn such a comment around (`not a public key`, `never make this key public`). */
const NEGATION = /\b(?:not|never|no longer|don't|do not|must not|shouldn't)\b/i;
/** A line that is a comment, and its text. */
const COMMENT_LINE = /^\s*(?:\/\/+|#+|\/\*+|\*|--|<!--)\s?(.*)$/;
/** A comment after the value on its line. */
const TRAILING_COMMENT = /(?:\/\/|#|\/\*)\s?(.*)$/;
/** How many comment lines right above a value are read. */
const COMMENT_LINES_ABOVE = 5;

/**
 * Why the value at text[start, end) is public by its own code's account, or undefined: a comment
 * on its line, or in the comment lines right above it, says it is a public, demo or dev-only key.
 */
export function publicByComment(text: string, start: number, end: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  const comments: string[] = [];
  const own = COMMENT_LINE.exec(text.slice(lineStart, start));
  if (own) comments.push(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd));
  const trailing = TRAILING_COMMENT.exec(text.slice(end, lineEnd < 0 ? text.length : lineEnd));
  if (trailing) comments.push(trailing[1]!);
  let to = lineStart - 1;
  for (let i = 0; i < COMMENT_LINES_ABOVE && to > 0; i++) {
    const from = text.lastIndexOf('\n', to - 1) + 1;
    const m = COMMENT_LINE.exec(text.slice(from, to));
    if (!m) break;
    comments.push(m[1]!);
    to = from - 1;
  }
  const said = comments.find((c) => PUBLIC_KEY_COMMENT.test(c) && !NEGATION.test(c));
  return said === undefined ? undefined : 'a comment beside it says it is a public, demo or development-only key, published on purpose.';
}
