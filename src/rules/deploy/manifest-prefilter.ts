/**
 * Whether a YAML file can yield a deployment finding or fact, decided from its path and text before
 * it is parsed. Workflows, composite actions, Kustomizations and Helm values are known by their
 * path and always parsed, and so are workflow templates kept for readers to copy (formats.ts
 * `mayBeWorkflowTemplate`); any other file needs the words of a deployment format (formats.ts
 * `hasDeployYamlWords`). Of those, Compose files, CloudFormation templates and IAM policies are
 * known by what they cannot do without (a `services` key, `AWSTemplateFormatVersion`, `AWS::`,
 * `Alexa::`, `2012-10-17`): those are always parsed. What is left can only be Kubernetes objects,
 * and the rules read objects of a few kinds (each rule declares its `k8sKinds`): a file where no
 * `kind:` names one of them (CustomResourceDefinitions, operators' own resources, cluster specs)
 * is not parsed.
 *
 * Only a document's root mapping gives its kind, so a `kind:` counts where a root key can stand:
 * at a line's start, in a flow mapping, or anywhere in a file where some document's root is
 * indented; not in a block scalar that embeds a manifest (a test's golden file, a config map). The
 * test reads YAML's ways of writing a key and a plain value loosely: quoted or not, the value on
 * the next line, after a comment, a tag, an anchor or a block scalar's header (`kind: |-`), a tag
 * or an anchor on the key itself. An alias as the kind or as a key, an escape in a double-quoted
 * kind or key, a line continuation in a double-quoted scalar, an explicit key, a merge key, or
 * template syntax YAML cannot hold (the parse then reports the error) makes the file parsed.
 * `AGENTWARDEN_PREFILTER=off` parses every file known by its path or with the words of a format;
 * the tests compare the two.
 */
import { prefiltersOn } from '../../core/prefilter.js';
import type { SourceFile } from '../../core/source.js';
import { hasDeployYamlWords, isDeployYamlPath, isHelmTemplate, mayBeWorkflowTemplate } from './formats.js';
import type { DeployRule } from './rule.js';
import { escapeRegExp } from '../../core/regex.js';

/**
 * What a Compose file, a CloudFormation template or an IAM policy cannot do without: a `services`
 * key (written where a key can start: a line's start, after `{`, `,` or `?`, with a tag or an
 * anchor of its own, or anchored, to be aliased), `AWSTemplateFormatVersion`, a resource type
 * (`AWS::`, `Alexa::`), a policy version.
 */
const OTHER_FORMAT = /(?:^|[{,?])[ \t]*(?:[!&]\S*\s+)*["']?services["']?[ \t]*:|&\S+[ \t]+["']?services\b|AWSTemplateFormatVersion|AWS::|Alexa::|2012-10-17/m;
/**
 * What the kind tests cannot read, so the file is parsed: a line continuation in a double-quoted
 * scalar (it can join a kind or a key), an explicit key (`? kind`), a merge key (`<<: *base`, YAML
 * 1.1), which can bring the kind from elsewhere, an alias as a key (`*k : Secret`).
 */
const UNREADABLE = /\\\r?\n|^[ \t]*\?(?:[ \t]|$)|[{,][ \t]*\?[ \t]|<<[ \t]*:|(?:^|[{,])[ \t]*\*[^\s,[\]{}]+[ \t]*:/m;
/**
 * Template syntax where YAML cannot hold it: a statement or comment line (`{% if … %}`, `{# … #}`),
 * a placeholder followed by more of the value (`name: {{ app }}-web`). The file does not parse, and
 * the parse reports that; a chart's template, which is skipped in silence when it does not parse,
 * is left to the kind tests.
 */
const TEMPLATE_SYNTAX = /^[ \t]*\{[%#]|(?::|^[ \t]*-)[ \t]+\{\{[^\n]*?\}\}[^\s#,}\]]/m;

interface KindTests {
  /** A kind key where a document's root mapping can hold it: at a line's start, or in a flow mapping. */
  root: RegExp;
  /** A kind key anywhere, for a file where some document's root is indented. */
  anywhere: RegExp;
}

const kindTests = new WeakMap<DeployRule[], KindTests | null>();

/**
 * `kind: X` for the kinds the rules read, an alias as the kind, or an escape in a double-quoted
 * kind (`"Secr\x65t"`); the key may also be double-quoted with an escape (`"\x6bind"`). Comments,
 * tags and anchors may stand between key and value. Null when a rule reads every kind.
 */
function kindTestsFor(rules: DeployRule[]): KindTests | null {
  let tests = kindTests.get(rules);
  if (tests !== undefined) return tests;
  tests = null;
  if (rules.every((r) => !r.k8s || r.k8sKinds)) {
    const kinds = new Set<string>();
    for (const r of rules) for (const k of r.k8sKinds ?? []) kinds.add(k);
    const names = [...kinds].sort((a, b) => b.length - a.length).map((k) => escapeRegExp(k));
    // White space and whole comments: a comment runs to the end of its line (were it allowed to
    // stop short, a banner of `###` lines would split in exponentially many ways on a failed match).
    const gap = '(?:\\s|#[^\\n]*(?![^\\n]))*';
    // A block scalar header (`kind: |-` with the kind on the next line) may stand before the kind.
    const value = `${gap}(?:[!&]\\S*(?:\\s|#[^\\n]*(?![^\\n]))+)*(?:[|>][-+1-9]*${gap})?(?:["']?(?:${names.join('|') || '(?!)'})(?=["'\\s,}\\]#]|$)|\\*|"[^"\\n]*\\\\)`;
    const key = `(?:["']?kind["']?|"[^"\\n]*\\\\[^"\\n]*")[ \\t]*:${value}`;
    // In a flow mapping, comment lines may stand between `{` or `,` and the key (a few: every comma of
    // a file starts this test, so it never reads far). The key itself may carry a tag or an anchor
    // (`!!str kind: Secret`).
    const flow = '[{,]\\s*(?:#[^\\r\\n]*\\r?\\n\\s*){0,8}';
    tests = { root: new RegExp(`(?:^\\uFEFF?(?:---[ \\t]+)?|${flow})(?:[!&]\\S*\\s+)*${key}`, 'm'), anywhere: new RegExp(key) };
  }
  kindTests.set(rules, tests);
  return tests;
}

/**
 * Whether some document's root node starts indented (`  kind: Pod` under a `---`, or under a line
 * of tags and anchors alone, or of template actions alone, which a chart's template blanks before
 * it is parsed: `{{- range .Values.jobs }}`): then a key at any indentation may be one of the root's.
 */
function hasIndentedRoot(text: string): boolean {
  let atStart = true;
  for (const line of text.split('\n')) {
    if (/^(?:---|\.\.\.)(?:\s|$)/.test(line)) {
      atStart = true;
      continue;
    }
    if (!atStart || /^\uFEFF?\s*(?:#.*)?$|^%|^\uFEFF?(?:[!&]\S*[ \t]*)+(?:#.*)?\r?$|^\uFEFF?\s*(?:-\s*)?\{\{.*\}\}\s*$/.test(line)) continue;
    if (/^\uFEFF?[ \t]/.test(line)) return true;
    atStart = false;
  }
  return false;
}

export function manifestMayYield(file: SourceFile, rules: DeployRule[]): boolean {
  if (isDeployYamlPath(file.relPath) || mayBeWorkflowTemplate(file)) return true;
  const text = file.text;
  if (!hasDeployYamlWords(text)) return false;
  if (!prefiltersOn()) return true;
  if (OTHER_FORMAT.test(text) || UNREADABLE.test(text)) return true;
  if (TEMPLATE_SYNTAX.test(text) && !isHelmTemplate(file)) return true;
  const tests = kindTestsFor(rules);
  if (tests === null || tests.root.test(text)) return true;
  return tests.anywhere.test(text) && hasIndentedRoot(text);
}
