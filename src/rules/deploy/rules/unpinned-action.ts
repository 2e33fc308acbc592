/** Actions and reusable workflows referenced by a movable tag or branch instead of a commit SHA. */
import { yamlAt, yamlSpan } from '../../../parsers/yaml.js';
import { deployRule } from '../rule.js';
import { secretsHeld, secretsPassed, stepSpan, tokenScope } from './workflow-util.js';
import type { Span } from '../../../core/rule.js';
import type { DeployCtx } from '../context.js';
import type { WorkflowStep } from '../formats.js';
import { ownersOf, ownRepositoriesOf } from '../../../discovery/repository-owner.js';
import { sisterCompany } from '../organisations.js';
import { publishingOf } from './job-publishes.js';

const ID = 'deploy/unpinned-action';
/** Why a branch is low in a job that holds nothing to steal, by what its token is. */
const BARE_NOTE = {
  read: ' The job holds a read-only token and no secrets, so what it runs reaches the runner and the checkout only.',
  default: " The job holds no secrets and is granted no write permission (the workflow declares none, so it has the repository's default token), so what it runs reaches the runner, the checkout and that token only.",
} as const;
const BRANCHES = /^(?:main|master|dev|develop|trunk|latest|head|nightly|next|canary|stable)$/i;
/** A release branch (`release/v1`, `releases/v2`): moved by its owner per release, as a major-version tag is, and rated as one. */
const RELEASE_BRANCH = /^releases?\//i;

export const unpinnedAction = deployRule({
  meta: {
    id: ID,
    title: 'Action referenced by tag or branch, not by commit SHA',
    category: 'supply-chain.unpinned',
    severity: 'low',
    confidence: 'high',
    description:
      'A tag or branch can be moved to new code by whoever controls the action (or steals its maintainer\'s token), and the next run executes it with this job\'s token and secrets. ' +
      'A third party\'s branch is medium in a job that holds secrets or is granted a write permission, low in one that holds neither (a read-only token, or the ' +
      'repository\'s default one when the workflow declares no permissions: what it runs reaches the runner, the checkout and that token only); a tag is low. ' +
      'An action of the repository\'s own organisation, or of a sister organisation of the same company (`rules/deploy/organisations.yaml`: `azure` beside `microsoft`), ' +
      'moves only when that company moves it: its branch is low, and info in a job that holds neither secrets nor a write permission (a reusable workflow ' +
      'of the organisation called at `@main` and handed no secret: it reaches what a tag of the organisation\'s would), unless the job hands outputs to other jobs (an authorisation check\'s verdict). An action or reusable workflow of the scanned repository itself (a workflow running the action the repository ' +
      'publishes, by its own branch) is its own code, not a dependency, and is not reported.',
    remediation: 'Pin each third-party action to a full 40-character commit SHA (keep the tag in a comment, e.g. `uses: org/action@<sha> # v4.1.0`) and let Dependabot or Renovate update the pins.',
    examples: {
      positive: [
        { path: '.github/workflows/ci.yml', code: 'on: push\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: some-org/setup-tool@v2\n' },
        { path: '.github/workflows/ci.yml', code: 'on: push\npermissions: {}\njobs:\n  t:\n    uses: some-org/workflows/.github/workflows/build.yml@main\n' },
      ],
      negative: [
        { path: '.github/workflows/ci.yml', code: 'on: push\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: some-org/setup-tool@8f4b7f84864484a7bf31766abe9204da3cbe65b3 # v2\n      - uses: ./.github/actions/local\n' },
        // The repository's own action (the workflow names the repository it runs in), by its own branch: its own code.
        {
          path: '.github/workflows/dogfood.yml',
          code: "on: pull_request\npermissions: {contents: read}\njobs:\n  review:\n    if: github.repository == 'acme/review-action'\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/review-action@main\n        with: {mode: dry-run}\n",
        },
        // No ref: GitHub refuses the step (here a local action written without its ./), nothing is fetched.
        { path: '.github/workflows/ci.yml', code: 'on: push\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@8f4b7f84864484a7bf31766abe9204da3cbe65b3\n        with:\n          path: acme\n      - uses: acme/.github/actions/install\n' },
        // Jobs that never run: switched off by hand, or waiting for an event the workflow no longer listens to.
        { path: '.github/workflows/triage.yml', code: "on:\n  workflow_dispatch:\npermissions: {}\njobs:\n  triage:\n    if: github.event_name == 'issue_comment' && contains(github.event.comment.body, '@bot')\n    runs-on: ubuntu-latest\n    steps:\n      - uses: some-org/triage-agent@main\n  publish:\n    if: false\n    runs-on: ubuntu-latest\n    steps:\n      - uses: some-org/publish@main\n" },
      ],
    },
  },
  workflow(wf, dc, format) {
    const own = ownersOf(dc.file, (relPath, hash) => dc.ctx.dependsOn?.(relPath, hash));
    const self = ownRepositoriesOf(dc.file, (relPath, hash) => dc.ctx.dependsOn?.(relPath, hash));
    // `bare`: the job holds no secrets (GITHUB_TOKEN aside) and is granted no write permission, so code
    // pushed to a branch an action follows reaches only the runner, the checkout and the job's token:
    // a moving branch there is low. `read`: the token is read-only by the workflow's word; without
    // any `permissions:` it is the repository's default, which the workflow does not raise.
    // `feeds`: the job hands outputs to other jobs (an authorisation check's verdict), so what runs in it
    // decides beyond the job; its organisation's branch stays low there.
    const check = (uses: string, span: Span | undefined, key: string, bare?: 'read' | 'default', feeds = false): void => {
      if (uses.startsWith('./') || uses.startsWith('.\\')) return;
      if (uses.startsWith('docker://')) {
        if (uses.includes('@sha256:')) return;
        dc.report({ ruleId: ID, span, key, evidence: uses, message: `Container action ${uses} is referenced without a digest.` });
        return;
      }
      const at = uses.lastIndexOf('@');
      // `owner/repo/path` with no ref is no reference GitHub runs (it rejects the workflow): a local
      // action written without its `./` as often as not. Nothing is fetched from anywhere.
      if (at < 0) return;
      const ref = uses.slice(at + 1);
      if (/^[0-9a-f]{40}$/i.test(ref)) return;
      const owner = uses.split('/')[0]!.toLowerCase();
      // The repository's own action or workflow (`org/repo@main` in org/repo): what runs is the repository's own code.
      if (self.has(uses.slice(0, at).split('/').slice(0, 2).join('/').toLowerCase())) return;
      const branch = ref === '' || BRANCHES.test(ref);
      const firstParty = owner === 'actions' || owner === 'github';
      // An action of the repository's own organisation moves only when the organisation moves it.
      const sameOrg = own.has(owner);
      // A sister organisation of the same company (`azure` beside `microsoft`) is maintained under the
      // same ownership: its branch is low as the organisation's own is; its tag is a tag, low.
      const company = firstParty || sameOrg ? undefined : sisterCompany(owner, own);
      const whose = firstParty ? " (GitHub's own)" : sameOrg ? ' (same organisation)' : company ? ` (${company}'s, as the repository is)` : '';
      const ownCompany = firstParty || sameOrg || company !== undefined;
      dc.report({
        ruleId: ID,
        span,
        key,
        evidence: uses,
        message: branch
          ? `${uses}${whose} follows a branch${ref ? ` (${ref})` : ''}: every run executes whatever was pushed there last.${bare && !(ownCompany && feeds) ? BARE_NOTE[bare] : ''}`
          : RELEASE_BRANCH.test(ref)
            ? `${uses}${whose} follows the release branch ${ref}, which its owner moves to each new release as a major-version tag is moved, and can move to other code.`
            : `${uses}${whose} is pinned to the tag ${ref}, which its owner can move to other code.`,
        // The company's own branch in a job that holds nothing to steal is as its tag is: info.
        severity: branch ? (ownCompany ? (bare && !feeds ? 'info' : 'low') : bare ? 'low' : 'medium') : firstParty || sameOrg ? 'info' : 'low',
      });
    };
    for (const job of wf.jobs) {
      // A composite action runs in its caller's job, with whatever that holds; a job that pushes, releases
      // or deploys (with the default token) counts on a token that can write.
      const scope = tokenScope(wf, job);
      const feeds = job.value.outputs !== undefined && job.value.outputs !== null;
      const bareWith = (secrets: string[]) => (format === 'workflow' && (scope === 'read' || scope === 'default') && secrets.length === 0 && !(scope === 'default' && publishingOf(wf, job)) ? scope : undefined);
      if (typeof job.value.uses === 'string') {
        const r = yamlSpan(yamlAt(job.node, ['uses'])) as { start: number; end: number } | undefined;
        // A reusable workflow gets the secrets the job hands it and the job's token, nothing else of the caller's.
        check(job.value.uses, r ? dc.firstLine(r) : undefined, `job:${job.id}/uses:${job.value.uses}`, bareWith(secretsPassed(job)), feeds);
      }
      const bare = bareWith(secretsHeld(wf, job));
      // At the step's `uses:` line (a step may open with its `name:`); the fingerprint is the key's, not the line's.
      for (const step of job.steps) if (step.uses) check(step.uses, usesSpan(dc, step) ?? stepSpan(dc, step), `job:${job.id}/uses:${step.uses}`, bare, feeds);
    }
  },
});

/** The line of a step's `uses:` value. */
function usesSpan(dc: DeployCtx, step: WorkflowStep): Span | undefined {
  const r = yamlSpan(yamlAt(step.node, ['uses'])) as { start: number; end: number } | undefined;
  return r ? dc.firstLine(r) : undefined;
}
