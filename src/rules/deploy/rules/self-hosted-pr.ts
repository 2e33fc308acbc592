/**
 * A GitHub Actions job that runs a pull request's code on a self-hosted runner. GitHub's hosted
 * runners are thrown away after each job; a self-hosted machine keeps what a job leaves behind (a
 * patched tool, a planted hook, a process still running) for the jobs after it, the release's
 * included, and sits inside its owner's network with whatever credentials it was set up with. A
 * `pull_request` job checks out the pull request's merge commit, and its installs and tests run that
 * code: a fork's too when the repository is public, once its run is approved or by default for
 * earlier contributors.
 */
import { yamlAt, yamlSpan } from '../../../parsers/yaml.js';
import type { Span } from '../../../core/rule.js';
import type { DeployCtx } from '../context.js';
import type { Workflow, WorkflowJob } from '../formats.js';
import { runEvents } from '../condition-events.js';
import { FORKS_EXCLUDED } from './ci-agents.js';
import { actionName, environmentName, jobSpan } from './workflow-util.js';

export interface SelfHostedPr {
  job: WorkflowJob;
  span: Span | undefined;
  /** The runner labels as written, for the message. */
  labels: string;
  /** The environment the job waits on, when it names one: a gate only if it requires a reviewer. */
  environment?: string;
}

/** The labels of `runs-on` (a label, a list of them, or `{group, labels}`), lower case. */
function runnerLabels(runsOn: unknown): string[] {
  if (typeof runsOn === 'string') return [runsOn.trim().toLowerCase()];
  if (Array.isArray(runsOn)) return runsOn.filter((l): l is string => typeof l === 'string').map((l) => l.trim().toLowerCase());
  if (runsOn && typeof runsOn === 'object') return runnerLabels((runsOn as Record<string, unknown>).labels);
  return [];
}

/**
 * A step that runs what the checkout brought: a `run:` script (an install, a test run, a build),
 * or an action of the checkout itself (`./.github/actions/setup`). A job that only lints with a
 * pinned action, or checks nothing out, runs none of the pull request's code.
 */
function runsCheckout(job: WorkflowJob): boolean {
  const at = job.steps.findIndex((s) => s.uses !== undefined && actionName(s.uses) === 'actions/checkout');
  if (at < 0) return false;
  return job.steps.slice(at + 1).some((s) => (s.run !== undefined && s.run.trim() !== '') || (s.uses !== undefined && s.uses.startsWith('./')));
}

/** Jobs of a workflow that run a pull request's checked-out code on a self-hosted runner, forks not excluded. */
export function selfHostedPullRequestJobs(wf: Workflow, dc: DeployCtx): SelfHostedPr[] {
  if (!wf.triggers.includes('pull_request')) return [];
  const out: SelfHostedPr[] = [];
  for (const job of wf.jobs) {
    if (!runnerLabels(job.value['runs-on']).includes('self-hosted')) continue;
    if (!runEvents(wf.triggers, [job.value.if]).includes('pull_request')) continue;
    if (typeof job.value.if === 'string' && FORKS_EXCLUDED.test(job.value.if)) continue;
    if (!runsCheckout(job)) continue;
    const node = yamlSpan(yamlAt(job.node, ['runs-on'])) as { start: number; end: number } | undefined;
    out.push({ job, span: node ? dc.firstLine(node) : jobSpan(dc, job), labels: JSON.stringify(job.value['runs-on']), environment: environmentName(job) });
  }
  return out;
}
