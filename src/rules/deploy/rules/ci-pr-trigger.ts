/**
 * CI that runs any pull request's code with something privileged, no gate between: a Cloud Build
 * trigger that builds pull requests with no comment gate runs the build steps a pull request brings
 * (its `cloudbuild.yaml`, its tests, its scripts) as the trigger's service account
 * (`comment_control` makes a maintainer's `/gcbrun` comment the gate); a GitHub Actions
 * `pull_request` job on a self-hosted runner runs them on a persistent machine (`self-hosted-pr.ts`).
 */
import { isHclUnknown, hclBlocks, type HclBlock } from '../../../parsers/hcl.js';
import { deployRule } from '../rule.js';
import { attr, headerSpan, resources } from './terraform-util.js';
import { selfHostedPullRequestJobs } from './self-hosted-pr.js';

const ID = 'deploy/ci-pr-trigger';
/** Values of `comment_control` that make a comment the gate. */
const GATED = /^COMMENTS_ENABLED(?:_FOR_EXTERNAL_CONTRIBUTORS_ONLY)?$/;

export const ciPrTrigger = deployRule({
  meta: {
    id: ID,
    title: 'CI builds any pull request with a privileged account or runner',
    category: 'credential.broad-scope',
    severity: 'medium',
    confidence: 'medium',
    description:
      'A Cloud Build trigger builds every pull request without a comment gate (`comment_control` unset or `COMMENTS_DISABLED`). On a public ' +
      'repository a fork\'s pull request runs its own build steps as the trigger\'s service account, which often can deploy; on a private one ' +
      'every contributor can, without review. ' +
      'Likewise a GitHub Actions job started by `pull_request` on a `self-hosted` runner that checks the pull request out and runs it (installs, ' +
      'builds, tests), with no condition that keeps forks out: the machine outlives the job, so what the code leaves there (a patched tool, a hook, ' +
      'a running process) waits for the next job, a release\'s included, inside the network and with the credentials the runner was set up with. ' +
      'On a public repository a fork\'s pull request gets there once its run is approved, or without approval for earlier contributors.',
    remediation:
      'Set `comment_control = "COMMENTS_ENABLED_FOR_EXTERNAL_CONTRIBUTORS_ONLY"` (a maintainer\'s `/gcbrun` comment starts outsiders\' builds) ' +
      'and give pull-request builds a service account of their own that can run tests but not deploy or read production secrets. ' +
      'Run pull requests on GitHub-hosted or ephemeral (one job per machine) runners, or keep forks off the self-hosted job ' +
      '(`if: github.event.pull_request.head.repo.full_name == github.repository`) and require approval for all outside contributors\' runs.',
    examples: {
      positive: [
        {
          path: 'deployment/terraform/build_triggers.tf',
          code: 'resource "google_cloudbuild_trigger" "pr_checks" {\n  name            = "pr-checks"\n  service_account = google_service_account.cicd_runner.id\n  repository_event_config {\n    repository = var.repository\n    pull_request {\n      branch = "main"\n    }\n  }\n  filename = ".cloudbuild/pr_checks.yaml"\n}\n',
        },
        // A pull request's install and tests on a self-hosted machine.
        {
          path: '.github/workflows/tests.yml',
          code: 'on:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: [self-hosted, linux, gpu]\n    steps:\n      - uses: actions/checkout@v4\n      - run: pip install -e . && pytest\n',
        },
      ],
      negative: [
        // Forks kept out of the self-hosted job; only pushes reach another; a hosted runner for pull requests.
        {
          path: '.github/workflows/tests.yml',
          code: "on: [push, pull_request]\njobs:\n  gpu:\n    if: github.event.pull_request.head.repo.full_name == github.repository\n    runs-on: self-hosted\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n  bench:\n    if: github.event_name == 'push'\n    runs-on: self-hosted\n    steps:\n      - uses: actions/checkout@v4\n      - run: make bench\n  unit:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n",
        },
        {
          path: 'deployment/terraform/build_triggers.tf',
          code: 'resource "google_cloudbuild_trigger" "pr_checks" {\n  name            = "pr-checks"\n  service_account = google_service_account.cicd_runner.id\n  github {\n    owner = "acme"\n    name  = "agent"\n    pull_request {\n      branch          = "main"\n      comment_control = "COMMENTS_ENABLED_FOR_EXTERNAL_CONTRIBUTORS_ONLY"\n    }\n  }\n  filename = "cloudbuild.yaml"\n}\n',
        },
        {
          path: 'deployment/terraform/build_triggers.tf',
          code: 'resource "google_cloudbuild_trigger" "deploy" {\n  name            = "deploy"\n  service_account = google_service_account.cicd_runner.id\n  repository_event_config {\n    repository = var.repository\n    push {\n      branch = "main"\n    }\n  }\n  filename = ".cloudbuild/deploy.yaml"\n}\n',
        },
      ],
    },
  },

  terraformSignal: /google_cloudbuild_trigger/,

  terraform(tf, dc) {
    for (const r of resources(tf, 'google_cloudbuild_trigger')) {
      const pr = pullRequestBlock(r);
      if (!pr) continue;
      const control = attr(pr, 'comment_control')?.value;
      if (typeof control === 'string' && (GATED.test(control) || isHclUnknown(control))) continue;
      if (control !== undefined && typeof control !== 'string') continue;
      const address = `google_cloudbuild_trigger.${r.labels[1] ?? ''}`;
      const account = attr(r, 'service_account')?.source;
      dc.report({
        ruleId: ID,
        span: headerSpan(dc, r),
        key: address,
        evidence: `pull_request without comment_control${control ? ` (${control})` : ''}`,
        message:
          `${address} builds every pull request with no comment gate (comment_control ${control ? `is ${control}` : 'unset'}): a contributor's build steps, a fork's ` +
          `on a public repository, run as ${account ? `the service account ${account}` : "the project's default Cloud Build service account"}.`,
      });
    }
  },

  workflow(wf, dc, format) {
    if (format !== 'workflow') return;
    for (const hit of selfHostedPullRequestJobs(wf, dc)) {
      dc.report({
        ruleId: ID,
        span: hit.span,
        key: `job:${hit.job.id}/self-hosted`,
        evidence: `on: pull_request; runs-on: ${hit.labels}`,
        message:
          `Job "${hit.job.id}" runs a pull request's checked-out code (its installs, builds and tests) on a self-hosted runner (${hit.labels}), and nothing keeps forks out: ` +
          'what that code leaves on the machine waits for the jobs after it, inside its network and with the credentials it was set up with' +
          (hit.environment ? `; it waits on environment "${hit.environment}", a gate only if that environment requires a reviewer.` : '.'),
      });
    }
  },
});

/** The `pull_request` block of a trigger's GitHub or repository event config. */
function pullRequestBlock(r: HclBlock): HclBlock | undefined {
  for (const parent of [...hclBlocks(r, 'github'), ...hclBlocks(r, 'repository_event_config'), ...hclBlocks(r, 'bitbucket_server_trigger_config')]) {
    const pr = hclBlocks(parent, 'pull_request')[0];
    if (pr) return pr;
  }
  return undefined;
}
