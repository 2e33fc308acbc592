/**
 * `pull_request_target` runs with the base repository's token and secrets; checking out the pull
 * request's head then runs the contributor's code with them ("pwn request").
 */
import { deployRule } from '../rule.js';
import { actionName, secretsHeld, stepSpan, tokenScope } from './workflow-util.js';
import type { Workflow, WorkflowJob, WorkflowStep } from '../formats.js';
import type { Severity } from '../../../core/types.js';

const ID = 'deploy/gha-pr-target-checkout';
const HEAD_REF = /github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|refs\/pull\/|github\.event\.pull_request\.merge_commit_sha/;

export const ghaPrTarget = deployRule({
  meta: {
    id: ID,
    title: 'pull_request_target workflow checks out the pull request',
    category: 'credential.broad-scope',
    severity: 'high',
    confidence: 'medium',
    description:
      'A `pull_request_target` workflow runs with a write-capable token and the repository secrets even for pull requests from forks; checking out the PR head lets ' +
      'anyone who opens a pull request run code (build scripts, tests, an agent prompt) with those rights.',
    remediation:
      'Use `pull_request` for anything that runs the contributor\'s code, or split the work: an unprivileged `pull_request` job that builds and uploads an artifact, and a `workflow_run` job that only reads it. ' +
      'If a privileged job must see the PR, gate it behind an environment with required reviewers and never execute the checked-out code.',
    examples: {
      positive: [
        {
          path: '.github/workflows/review.yml',
          code: 'on: pull_request_target\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm test\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n',
        },
        // The label gate lowers it, but the job still runs the pull request's code.
        {
          path: '.github/workflows/migrations.yml',
          code: "on:\n  pull_request_target:\n    types: [labeled]\njobs:\n  migrate:\n    if: contains(github.event.pull_request.labels.*.name, 'safe to test')\n    runs-on: [self-hosted]\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.ref }}\n      - run: uv run alembic upgrade head\n        env: {DB_URL: '${{ secrets.DB_URL }}'}\n",
        },
      ],
      negative: [
        {
          path: '.github/workflows/same-repo.yml',
          code: 'on: pull_request_target\njobs:\n  r:\n    if: github.event.pull_request.head.repo.full_name == github.repository\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm test\n',
        },
        // Label-gated, and the checkout is only read to list the changed files.
        {
          path: '.github/workflows/migrations.yml',
          code: "on:\n  pull_request_target:\n    types: [labeled]\njobs:\n  changed:\n    if: contains(github.event.pull_request.labels.*.name, 'safe to test')\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          repository: ${{ github.event.pull_request.head.repo.full_name }}\n          ref: ${{ github.event.pull_request.head.ref }}\n      - id: files\n        uses: tj-actions/changed-files@v44\n        with: {files: 'migrations/**'}\n",
        },
        { path: '.github/workflows/label.yml', code: 'on: pull_request_target\npermissions: {pull-requests: write}\njobs:\n  l:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/labeler@v5\n' },
        { path: '.github/workflows/ci.yml', code: 'on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n' },
      ],
    },
  },
  workflow(wf, dc, format) {
    if (format !== 'workflow' || !wf.triggers.includes('pull_request_target')) return;
    for (const job of wf.jobs) {
      job.steps.forEach((step, index) => {
        if (!step.uses || actionName(step.uses) !== 'actions/checkout') return;
        const ref = String(step.with.ref ?? '') + String(step.with.repository ?? '');
        if (!HEAD_REF.test(ref) && !/head\.repo\.full_name/.test(ref)) return;
        const conditions = [job.value.if, step.value.if].filter((c): c is string => typeof c === 'string').join('\n');
        // Same-repository pull requests only: the code is a collaborator's.
        if (/head\.repo\.full_name\s*==\s*github\.repository|github\.repository\s*==\s*github\.event\.pull_request\.head\.repo\.full_name|head\.repo\.fork\s*==\s*false|!\s*github\.event\.pull_request\.head\.repo\.fork/.test(conditions)) return;
        const secrets = secretsHeld(wf, job);
        const scope = tokenScope(wf, job);
        const keepsToken = step.with['persist-credentials'] !== false && String(step.with['persist-credentials'] ?? '') !== 'false';
        const runner = runsPullRequestCode(job.steps.slice(index + 1));
        const gate = prGate(wf, job, conditions);
        // A gated job that only reads the checkout (lists changed files, posts a comment): nothing of the PR runs.
        if (!runner && gate) return;
        const holds = [scope === 'read' ? '' : `a ${scope === 'default' ? 'default (possibly write)' : scope} token${keepsToken ? ' left in .git/config' : ''}`, secrets.length ? `secrets ${secrets.join(', ')}` : '']
          .filter(Boolean)
          .join(' and ');
        const exposed = secrets.length > 0 || scope !== 'read';
        const severity: Severity = !runner ? 'low' : !exposed ? 'low' : gate ? 'medium' : 'high';
        dc.report({
          ruleId: ID,
          span: stepSpan(dc, step),
          key: `job:${job.id}/checkout`,
          evidence: runner ? `runs: ${runner}` : 'no step runs the checked-out code',
          message:
            `Job "${job.id}" runs on pull_request_target and checks out the pull request's code${holds ? ` while holding ${holds}` : ''}` +
            (runner ? `; ${runner} then runs it` : '; no later step appears to run it') +
            (gate ? ` (gate: ${gate}).` : '.'),
          severity,
        });
      });
    }
  },
});

/** Commands that read a checkout without running anything from it. */
const INERT_COMMAND = /^(?:git|echo|printf|gh|jq|yq|cat|ls|grep|rg|diff|test|\[\[?|wc|head|tail|sort|uniq|tr|cut|mkdir|cd|pwd|export|set|if|then|else|elif|fi|for|do|done|while|exit|true|false|sleep|date|basename|dirname|realpath|touch|rm|cp|mv|tee|awk|sed|find|xargs\s+(?:git|grep|cat|ls)|\}|\{|\)|;;|case|esac|[A-Z_][A-Z0-9_]*=)(?:\s|$)/;
/** Actions that only read files, post comments or upload what they are given. */
const INERT_ACTION = /^(?:actions\/(?:upload-artifact|download-artifact|labeler|github-script|cache\/save)|tj-actions\/changed-files|dorny\/paths-filter|peter-evans\/(?:find-comment|create-or-update-comment)|marocchino\/sticky-pull-request-comment|thollander\/actions-comment-pull-request|mshick\/add-pr-comment|actions-ecosystem\/action-add-labels)$/;

/** The first later step that runs the checked-out code (a build, a test, a local action), if any. */
function runsPullRequestCode(steps: WorkflowStep[]): string | undefined {
  for (const s of steps) {
    if (s.uses) {
      const name = actionName(s.uses);
      if (name.startsWith('./')) return `the local action ${s.uses}`;
      if (INERT_ACTION.test(name) || /^actions\/setup-/.test(name) || name === 'actions/checkout') continue;
      return name;
    }
    const lines = (s.run ?? '').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const active = lines.find((l) => l.split(/\s*(?:&&|\|\||;|\|)\s*/).some((part) => part && !INERT_COMMAND.test(part)));
    if (active) return `\`${active.slice(0, 60)}\``;
  }
  return undefined;
}

/** What keeps outsiders' pull requests from reaching the job: a label, an environment, the author's association. */
function prGate(wf: Workflow, job: WorkflowJob, conditions: string): string | undefined {
  if (/labels\.\*\.name|github\.event\.label\.name|contains\([^)]*labels/.test(conditions)) return 'a label only triagers can set';
  if (job.value.environment !== undefined) return 'an environment (reviewers)';
  if (/author_association/.test(conditions) && !/CONTRIBUTOR|FIRST_TIME|NONE/.test(conditions)) return "the author's association";
  const on = (wf.value.on ?? {}) as Record<string, unknown>;
  const types = (on.pull_request_target as { types?: unknown } | null | undefined)?.types;
  if (Array.isArray(types) && types.length > 0 && types.every((t) => t === 'labeled')) return 'a label only triagers can set';
  return undefined;
}
