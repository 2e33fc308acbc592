/**
 * A Cloud Build trigger that builds pull requests with no comment gate: every pull request, a fork's
 * included when the repository is public, runs the build steps it brings (its `cloudbuild.yaml`,
 * its tests, its scripts) as the trigger's service account. `comment_control` makes a maintainer's
 * `/gcbrun` comment the gate; without it the account's rights are anyone's.
 */
import { isHclUnknown, hclBlocks, type HclBlock } from '../../../parsers/hcl.js';
import { deployRule } from '../rule.js';
import { attr, headerSpan, resources } from './terraform-util.js';

const ID = 'deploy/ci-pr-trigger';
/** Values of `comment_control` that make a comment the gate. */
const GATED = /^COMMENTS_ENABLED(?:_FOR_EXTERNAL_CONTRIBUTORS_ONLY)?$/;

export const ciPrTrigger = deployRule({
  meta: {
    id: ID,
    title: 'CI trigger builds any pull request with a privileged account',
    category: 'credential.broad-scope',
    severity: 'medium',
    confidence: 'medium',
    description:
      'A Cloud Build trigger builds every pull request without a comment gate (`comment_control` unset or `COMMENTS_DISABLED`). On a public ' +
      'repository a fork\'s pull request runs its own build steps as the trigger\'s service account, which often can deploy; on a private one ' +
      'every contributor can, without review.',
    remediation:
      'Set `comment_control = "COMMENTS_ENABLED_FOR_EXTERNAL_CONTRIBUTORS_ONLY"` (a maintainer\'s `/gcbrun` comment starts outsiders\' builds) ' +
      'and give pull-request builds a service account of their own that can run tests but not deploy or read production secrets.',
    examples: {
      positive: [
        {
          path: 'deployment/terraform/build_triggers.tf',
          code: 'resource "google_cloudbuild_trigger" "pr_checks" {\n  name            = "pr-checks"\n  service_account = google_service_account.cicd_runner.id\n  repository_event_config {\n    repository = var.repository\n    pull_request {\n      branch = "main"\n    }\n  }\n  filename = ".cloudbuild/pr_checks.yaml"\n}\n',
        },
      ],
      negative: [
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
});

/** The `pull_request` block of a trigger's GitHub or repository event config. */
function pullRequestBlock(r: HclBlock): HclBlock | undefined {
  for (const parent of [...hclBlocks(r, 'github'), ...hclBlocks(r, 'repository_event_config'), ...hclBlocks(r, 'bitbucket_server_trigger_config')]) {
    const pr = hclBlocks(parent, 'pull_request')[0];
    if (pr) return pr;
  }
  return undefined;
}
