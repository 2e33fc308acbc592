/**
 * `pull_request_target` runs with the base repository's token and secrets; checking out the pull
 * request's head then runs the contributor's code with them ("pwn request").
 */
import { deployRule } from '../rule.js';
import { actionName, secretsHeld, stepSpan, tokenScope } from './workflow-util.js';

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
      ],
      negative: [
        { path: '.github/workflows/label.yml', code: 'on: pull_request_target\npermissions: {pull-requests: write}\njobs:\n  l:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/labeler@v5\n' },
        { path: '.github/workflows/ci.yml', code: 'on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n' },
      ],
    },
  },
  workflow(wf, dc, format) {
    if (format !== 'workflow' || !wf.triggers.includes('pull_request_target')) return;
    for (const job of wf.jobs) {
      for (const step of job.steps) {
        if (!step.uses || actionName(step.uses) !== 'actions/checkout') continue;
        const ref = String(step.with.ref ?? '') + String(step.with.repository ?? '');
        if (!HEAD_REF.test(ref) && !/head\.repo\.full_name/.test(ref)) continue;
        const secrets = secretsHeld(wf, job);
        const scope = tokenScope(wf, job);
        const holds = [scope === 'read' ? '' : `a ${scope === 'default' ? 'default (possibly write)' : scope} token`, secrets.length ? `secrets ${secrets.join(', ')}` : '']
          .filter(Boolean)
          .join(' and ');
        dc.report({
          ruleId: ID,
          span: stepSpan(dc, step),
          key: `job:${job.id}/checkout`,
          message: `Job "${job.id}" runs on pull_request_target and checks out the pull request's code${holds ? ` while holding ${holds}` : ''}.`,
          severity: secrets.length || scope !== 'read' ? 'high' : 'medium',
        });
      }
    }
  },
});
