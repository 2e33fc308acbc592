/**
 * How much a finding matters where it lives: the context of its file lowers (or drops) it, and
 * the configuration can say otherwise per context. Applied once, after the config's own severity
 * overrides, so `--fail-on` and every report see the adjusted severity.
 */
import type { Config, ContextTreatment } from '../core/config.js';
import { globMatcher } from '../core/glob.js';
import { SEVERITIES, type Finding, type FindingContext, type Severity } from '../core/types.js';
import { severityRank, worse } from '../core/severity.js';
import { contextOf, isComposeFile } from '../discovery/context.js';
import { classify } from '../discovery/classify.js';
import { rootContexts } from '../discovery/root-context.js';

/**
 * The defaults. Critical is kept for what ships; a fixture key is reported, low; examples, local
 * clusters and benchmarks are reported below what ships.
 */
export const DEFAULT_TREATMENT: Record<FindingContext, ContextTreatment> = {
  production: {},
  template: { lower: 1 },
  'local-dev': { lower: 1, max: 'medium' },
  example: { lower: 1, max: 'medium' },
  evaluation: { lower: 1, max: 'medium' },
  docs: { max: 'low' },
  test: { max: 'low' },
  vendored: { max: 'low' },
  generated: { max: 'low' },
  // Recorded real traffic (VCR cassettes): a credential in it was live when recorded and stays so
  // until revoked, whatever folder the recording sits in.
  recording: {},
};

/**
 * A file that is an example only because the repository is named as a collection of samples: capped,
 * not lowered. In such a repository the samples are what it publishes, cloned and deployed as they
 * are (a sample's CloudFormation, its IAM policy, its Helm chart, its toolbox config), not a folder
 * beside a product; nothing in it is rated as the production of a product, but a medium or low
 * finding keeps its level. A sample's Compose files are the exception (see
 * `sampleTreatment`). The config's own treatment of examples applies instead when it sets one.
 */
export const SAMPLE_COLLECTION_TREATMENT: ContextTreatment = { max: 'medium' };

/**
 * How a file that only the repository's name makes an example is treated. A sample's Compose file is
 * what its reader starts with `docker compose up` on their own machine to try the sample, as they
 * would one under an `examples/` folder: treated as examples are (lowered), so the same Milvus stack
 * or untagged image is rated alike wherever the collection keeps it. What is deployed as written to
 * an account, a cluster or a platform (IAM, CloudFormation, Terraform, Helm and Kubernetes manifests,
 * a toolbox config, a Dockerfile whose image a platform runs) keeps the cap.
 */
function sampleTreatment(path: string, treatment: Record<FindingContext, ContextTreatment>): ContextTreatment {
  return isComposeFile(path) ? treatment.example : SAMPLE_COLLECTION_TREATMENT;
}

/**
 * Findings about what is deployed or run for real, which do not apply where nothing is: a test or
 * dev container running as root (it is thrown away, or is the developer's own machine), the stock
 * password of a database a test run starts and throws away (or one it starts with none, or a service
 * it starts with authentication switched off), cluster-wide rights on a test or local
 * development cluster (kind, minikube: the developer's own machine), an agent in an evaluation
 * harness running its tools without a human, itself or through the agents it hands work to
 * (benchmarks run unattended by design, in the harness's sandbox). Dropped (counted as suppressed)
 * unless the config sets that context's treatment itself.
 */
export const NOT_APPLICABLE: Record<string, FindingContext[]> = {
  'deploy/runs-as-root': ['test', 'local-dev', 'evaluation'],
  'deploy/default-password': ['test'],
  'deploy/datastore-no-auth': ['test'],
  'deploy/auth-disabled': ['test'],
  'deploy/k8s-broad-rbac': ['test', 'local-dev'],
  'code/missing-approval': ['evaluation'],
  'code/unapproved-delegation': ['evaluation'],
};

/**
 * Findings that hold where they are but reach little there: what a workload can do to the machine
 * it runs on, when that is a local development cluster or Compose stack (kind, minikube: a
 * privileged storage driver a dev cluster needs reaches only the developer's own machine), and a
 * Secret an evaluation task applies to its throwaway cluster for the agent to work with. Reported,
 * at most low, unless the config sets that context's treatment itself.
 */
export const AT_MOST_LOW: Record<string, FindingContext[]> = {
  'deploy/privileged-container': ['local-dev'],
  'deploy/k8s-secret-literal': ['evaluation'],
};

/**
 * The same, for an example's Compose stack: its reader starts it on their own machine to try the
 * example, so what a container can do to the machine it runs on (a privileged container, the Docker
 * socket) reaches only that machine, as in local development. An example's Kubernetes manifest is
 * applied to a cluster, and keeps the example treatment.
 */
const AT_MOST_LOW_IN_EXAMPLE_COMPOSE = new Set(['deploy/privileged-container']);

/** Whether `finding` is reported at most low where it is (see `AT_MOST_LOW`). */
function atMostLow(finding: Finding, context: FindingContext): boolean {
  if (AT_MOST_LOW[finding.ruleId]?.includes(context)) return true;
  return context === 'example' && AT_MOST_LOW_IN_EXAMPLE_COMPOSE.has(finding.ruleId) && isComposeFile(finding.location.path);
}

/**
 * A Dockerfile or Compose file in a vendored folder (`vendor/`, `third_party/`, `node_modules/`)
 * belongs to another project whose code was copied in: a Go module's CI image, a library's dev
 * stack. The repository builds and runs none of it, so what such a file says about how an image is
 * built or run (its user, its base's tag, a stock password) is noted at info, not reported as a risk.
 * A literal secret is still a secret in every clone, wherever it is committed: that finding keeps the
 * vendored treatment.
 */
function vendoredImageFile(finding: Finding, context: FindingContext): boolean {
  if (context !== 'vendored' || !finding.ruleId.startsWith('deploy/') || finding.ruleId === 'deploy/literal-secret') return false;
  return classify(finding.location.path) === 'dockerfile' || isComposeFile(finding.location.path);
}

export interface ContextPolicy {
  /** The context of a file, honouring the config's own path assignments first. */
  contextOf(relPath: string, text?: string): FindingContext;
  /** The finding with its context and adjusted severity, or undefined when its context is ignored. */
  apply(finding: Finding): Finding | undefined;
}

/**
 * `root`: the scanned root, when there is one to read: what its name and its folders' READMEs say
 * refines a file's context (see `discovery/root-context.ts`), after the config's path assignments.
 */
export function contextPolicy(config: Config, root?: string): ContextPolicy {
  const refined = rootContexts(root);
  const assigned = Object.entries(config.contexts?.paths ?? {}).map(([glob, context]) => ({ matches: globMatcher([glob]), context }));
  const treatment = { ...DEFAULT_TREATMENT };
  for (const c of Object.keys(DEFAULT_TREATMENT) as FindingContext[]) {
    const own = config.contexts?.[c];
    if (own) treatment[c] = own;
  }
  const assignedTo = (relPath: string): FindingContext | undefined => assigned.find((a) => a.matches(relPath))?.context;
  return {
    contextOf: (relPath, text) => assignedTo(relPath) ?? refined.refine(relPath, contextOf(relPath, text)).context,
    apply(finding) {
      // Replay findings point at session steps: they have no file context.
      if (finding.step) return withoutFloor(finding);
      // File analysis already classified the file from its content too; the config's paths win.
      const path = finding.location.path;
      const assignedContext = assignedTo(path);
      const found = assignedContext === undefined ? refined.refine(path, finding.context ?? contextOf(path)) : { context: assignedContext };
      const context = found.context;
      const own = !!config.contexts?.[context];
      const t = found.byName && !own ? sampleTreatment(path, treatment) : treatment[context];
      if (t.ignore) return undefined;
      if (!own && NOT_APPLICABLE[finding.ruleId]?.includes(context)) return undefined;
      const cap: Severity | undefined = own ? undefined : vendoredImageFile(finding, context) ? 'info' : atMostLow(finding, context) ? 'low' : undefined;
      let severity = adjust(finding.severity, cap ? { ...t, max: cap } : t, finding.confidence === 'low');
      // A finding whose reach does not depend on its file's place (a password for a public service in a test script) says how far it may be lowered.
      const floor = finding.contextFloor;
      if (floor && !own && floor.contexts.includes(context)) severity = worse(severity, adjust(finding.severity, { lower: floor.levels }, finding.confidence === 'low'));
      const adjusted: Finding = { ...withoutFloor(finding), context, severity };
      if (severity !== finding.severity) adjusted.originalSeverity = finding.originalSeverity ?? finding.severity;
      return adjusted;
    },
  };
}

/** The finding as reported: the floor is the policy's to read, not the report's. */
function withoutFloor(finding: Finding): Finding {
  if (!finding.contextFloor) return finding;
  const { contextFloor: _floor, ...rest } = finding;
  return rest;
}

/** Lower by `lower` levels, cap at `max`; a low-confidence finding is never above low. */
export function adjust(severity: Severity, t: ContextTreatment, lowConfidence: boolean): Severity {
  let rank = severityRank(severity) - (t.lower ?? 0);
  if (t.max) rank = Math.min(rank, severityRank(t.max));
  if (lowConfidence) rank = Math.min(rank, severityRank('low'));
  rank = Math.max(rank, 0);
  // Never raised: a rule that already reports low stays low, whatever the cap.
  rank = Math.min(rank, severityRank(severity));
  return SEVERITIES[SEVERITIES.length - 1 - rank]!;
}
