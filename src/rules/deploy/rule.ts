/**
 * A deployment rule: metadata with examples, and one handler per format it understands. The
 * deployment analyzer parses each file once, recognises its format and calls the handlers, so
 * rules never parse and a broken file is reported once however many rules read it.
 */
import type { ProjectAnalyzer, ProjectFacts, RuleMeta } from '../../core/rule.js';
import type { Finding } from '../../core/types.js';
import type { YamlDoc } from '../../parsers/yaml.js';
import type { HclFile } from '../../parsers/hcl.js';
import type { DeployCtx } from './context.js';
import type { CfnResource, ComposeService, K8sObject, Workflow } from './formats.js';
import type { DockerInstruction } from './dockerfile-format.js';
import type { EnvEntry } from './env-format.js';

export interface DeployRule {
  meta: RuleMeta;
  /** Each Kubernetes object of a manifest (also Helm templates and Kustomize resources). */
  k8s?(obj: K8sObject, dc: DeployCtx): void;
  /**
   * The kinds of object `k8s` reads (`Deployment`, `Secret` …): `k8s` is called for objects of these
   * kinds only, and a manifest that names none of any rule is not parsed (see `manifest-prefilter.ts`).
   * A rule with a `k8s` handler and no kinds sees every object and has every manifest parsed.
   */
  k8sKinds?: readonly string[];
  /** A kustomization.yaml. */
  kustomization?(doc: YamlDoc, dc: DeployCtx): void;
  compose?(services: ComposeService[], doc: YamlDoc, dc: DeployCtx): void;
  workflow?(wf: Workflow, dc: DeployCtx, format: 'workflow' | 'action'): void;
  cfn?(resources: CfnResource[], doc: YamlDoc, dc: DeployCtx): void;
  helmValues?(doc: YamlDoc, dc: DeployCtx): void;
  /** An MCP Toolbox config (`tools.yaml`): its database `sources`, each with its connection settings. */
  toolbox?(doc: YamlDoc, dc: DeployCtx): void;
  /** A standalone IAM policy document (JSON or YAML with `Version: 2012-10-17` and `Statement`). */
  iamPolicy?(doc: YamlDoc, dc: DeployCtx): void;
  dockerfile?(instructions: DockerInstruction[], dc: DeployCtx): void;
  terraform?(tf: HclFile, dc: DeployCtx): void;
  /**
   * What a Terraform file must hold for `terraform` to yield a finding or a fact, tested before the
   * file is parsed (see `terraform-prefilter.ts`): a pattern that the raw text or the value of one of
   * its strings matches, or `values` for a handler that judges every named value. A rule with a
   * `terraform` handler and no signal has every Terraform file parsed.
   */
  terraformSignal?: RegExp | 'values';
  dotenv?(entries: EnvEntry[], dc: DeployCtx): void;
  /** A shell script (`*.sh`, `*.bash`, a Makefile): its text. */
  script?(text: string, dc: DeployCtx): void;
  /**
   * A Python, TypeScript or JavaScript source file (a browser's launch options built in code): read
   * only when its text holds `sourceSignal` (one of them, for a list), so the deployment analyzer
   * leaves almost every source file to the code rules at once.
   */
  source?(text: string, dc: DeployCtx): void;
  sourceSignal?: string | readonly string[];
}

export function deployRule(rule: DeployRule): DeployRule {
  return rule;
}

/**
 * A repository step: it judges findings again with what other files show, once every file is read,
 * and reports nothing of its own. `concerns` picks the findings it is for; while the file analyzers
 * reported none of them, `settle` is not called, so the facts it reads are not gathered.
 */
export function settleAcrossFiles(name: string, concerns: (finding: Finding) => boolean, settle: (findings: Finding[], facts: ProjectFacts) => Finding[]): ProjectAnalyzer {
  return {
    name,
    rules: [],
    finish() {},
    settle: (findings, facts) => (findings.some(concerns) ? settle(findings, facts) : findings),
  };
}

/**
 * A repository step that withdraws findings of one rule with what other files show: `read` makes
 * what it needs of the facts once (only when that rule reported something), `keep` judges each of
 * the rule's findings with it.
 */
export function withdrawAcrossFiles<T>(name: string, ruleId: string, read: (facts: ProjectFacts) => T, keep: (finding: Finding, read: T) => boolean): ProjectAnalyzer {
  return settleAcrossFiles(name, (f) => f.ruleId === ruleId, (findings, facts) => {
    const known = read(facts);
    return findings.filter((f) => f.ruleId !== ruleId || keep(f, known));
  });
}
