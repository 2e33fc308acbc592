/**
 * Whether a YAML file that may be a deployment file (`yamlCandidate`) can yield a finding or a
 * fact, decided from its text before it is parsed. Workflows, composite actions, Kustomizations
 * and Helm values are known by their path, Compose files, CloudFormation templates and IAM
 * policies by what they cannot do without (a `services` key, `AWSTemplateFormatVersion`, `AWS::`,
 * `Alexa::`, `2012-10-17`): those are always parsed. What is left can only be Kubernetes objects,
 * and the rules read objects of a few kinds (each rule declares its `k8sKinds`): a file where no
 * `kind:` names one of them (CustomResourceDefinitions, operators' own resources, cluster specs)
 * is not parsed.
 *
 * The kind test reads YAML's ways of writing a key and a plain value loosely: quoted or not, a
 * flow mapping, the value on the next line, after a tag or an anchor. An alias as the kind, an
 * escape in a double-quoted kind or key, or a line continuation in a double-quoted scalar makes
 * the file parsed.
 * `AGENTWARDEN_PREFILTER=off` parses every candidate; the tests compare the two.
 */
import { prefiltersOn } from '../../core/prefilter.js';
import type { SourceFile } from '../../core/source.js';
import { DEPLOY_YAML_PATH, isHelmValuesPath } from './formats.js';
import type { DeployRule } from './rule.js';

/**
 * What a Compose file, a CloudFormation template or an IAM policy cannot do without: a `services`
 * key (written where a key can start: a line's start, after `{`, `,` or `?`, or anchored, to be
 * aliased), `AWSTemplateFormatVersion`, a resource type (`AWS::`, `Alexa::`), a policy version.
 */
const OTHER_FORMAT = /(?:^|[{,?])[ \t]*["']?services["']?[ \t]*:|&\S+[ \t]+["']?services\b|AWSTemplateFormatVersion|AWS::|Alexa::|2012-10-17/m;
/** A line continuation in a double-quoted scalar: it can join a kind or a key the tests do not see. */
const CONTINUATION = /\\\r?\n/;

const kindTests = new WeakMap<DeployRule[], RegExp | null>();

/**
 * `kind: X` for the kinds the rules read, an alias as the kind, or an escape in a double-quoted
 * kind (`"Secr\x65t"`); or a double-quoted key with an escape (`"\x6bind"`) whose value is one of
 * those kinds, an escape or an alias. Null when a rule reads every kind.
 */
function kindTest(rules: DeployRule[]): RegExp | null {
  let test = kindTests.get(rules);
  if (test !== undefined) return test;
  const kinds = new Set<string>();
  test = null;
  if (rules.every((r) => !r.k8s || r.k8sKinds)) {
    for (const r of rules) for (const k of r.k8sKinds ?? []) kinds.add(k);
    const names = [...kinds].sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const value = `\\s*(?:[!&]\\S*\\s+)*(?:["']?(?:${names.join('|') || '(?!)'})(?=["'\\s,}\\]#]|$)|\\*|"[^"\\n]*\\\\)`;
    test = new RegExp(`["']?\\bkind["']?[ \\t]*:${value}|"[^"\\n]*\\\\[^"\\n]*"[ \\t]*:${value}`);
  }
  kindTests.set(rules, test);
  return test;
}

export function manifestMayYield(file: SourceFile, rules: DeployRule[]): boolean {
  if (!prefiltersOn()) return true;
  const p = file.relPath.toLowerCase();
  if (DEPLOY_YAML_PATH.test(p) || isHelmValuesPath(p)) return true;
  const text = file.text;
  if (OTHER_FORMAT.test(text) || CONTINUATION.test(text)) return true;
  const test = kindTest(rules);
  return test === null || test.test(text);
}
