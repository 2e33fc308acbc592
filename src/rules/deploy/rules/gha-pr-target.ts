/**
 * `pull_request_target` runs with the base repository's token and secrets; checking out the pull
 * request's head then runs the contributor's code with them ("pwn request"). A `workflow_run`
 * workflow that checks out the code of the run that triggered it (its head, or a repository and
 * commit read from that run's artifacts) does the same after an unprivileged pull request run.
 */
import { deployRule } from '../rule.js';
import { actionName, environmentName, mintsOidcToken, repositoryTokenScope, requiredDecision, secretsHeld, stepSpan, workingDirectory } from './workflow-util.js';
import { neverRuns } from '../workflow-format.js';
import { followedWorkflows, followsOwnRunsOnly } from '../run-triggers.js';
import type { Workflow, WorkflowJob, WorkflowStep } from '../formats.js';
import type { Severity } from '../../../core/types.js';
import { maskNamedValues, redactIn } from '../../../core/redact.js';
import type { SecretEngine } from '../../secrets/analyzer.js';
import { escapeRegExp } from '../../../core/regex.js';

const ID = 'deploy/gha-pr-target-checkout';
const HEAD_REF = /github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|refs\/pull\/|github\.event\.pull_request\.merge_commit_sha/;
/** The triggering run's code, in a `workflow_run` workflow. */
const RUN_HEAD = /github\.event\.workflow_run\.(?:head_sha|head_branch|head_commit|head_repository|pull_requests)/;
/** Another job's or step's output: in a workflow_run workflow that reads the triggering run's artifacts, what they hold. */
const OUTPUT_REF = /\b(?:needs|steps)\.[\w-]+\.outputs\./;
/**
 * Conditions that keep forks out: the same repository's pull requests only. A workflow_run's
 * `pull_requests` lists only pull requests from the repository's own branches (it is empty for a
 * fork's), so a job that requires one runs for those alone.
 */
const SAME_REPO =
  /head\.repo\.full_name\s*==\s*github\.repository|github\.repository\s*==\s*github\.event\.pull_request\.head\.repo\.full_name|head\.repo\.fork\s*==\s*false|!\s*github\.event\.pull_request\.head\.repo\.fork|workflow_run\.head_repository\.full_name\s*==\s*github\.repository|github\.repository\s*==\s*github\.event\.workflow_run\.head_repository\.full_name|workflow_run\.head_repository\.fork\s*==\s*false|workflow_run\.event\s*==\s*['"]push['"]|(?<![!\w.]\s*)github\.event\.workflow_run\.pull_requests\[0\](?![\w.\[])/;

export const ghaPrTarget = deployRule({
  meta: {
    id: ID,
    title: 'pull_request_target or workflow_run workflow checks out the pull request',
    category: 'credential.broad-scope',
    severity: 'high',
    confidence: 'medium',
    description:
      'A `pull_request_target` workflow runs with a write-capable token and the repository secrets even for pull requests from forks; checking out the PR head lets ' +
      'anyone who opens a pull request run code (build scripts, tests, an agent prompt) with those rights. A `workflow_run` workflow runs with the same rights after ' +
      'the run that triggered it; checking out that run\'s head, or a repository and commit read from its artifacts, does the same. ' +
      'A label, the author\'s association or a check job before it lowers the finding to medium, and so does an environment that is there to approve pull requests: one chosen per pull ' +
      'request by an expression (a check job sends authors without write access to a `manual-approval` environment) or named for approval. Whether it requires reviewers is a repository ' +
      'setting the file does not show, and the message says to make sure it does. Any other environment alone does not lower a job that runs the code with secrets: it may be there only ' +
      'to hold them. `id-token: write` is no write right on the repository; the finding names it for what it is, an OIDC token the job can mint for the cloud roles that trust the repository.',
    remediation:
      'Use `pull_request` for anything that runs the contributor\'s code, or split the work: an unprivileged `pull_request` job that builds and uploads an artifact, and a `workflow_run` job that only reads it. ' +
      'If a privileged job must see the PR, gate it behind an environment with required reviewers and never execute the checked-out code.',
    examples: {
      positive: [
        // The guard negated: only forks' runs (no pull request of the repository's own) reach the checkout.
        {
          path: '.github/workflows/fork-runs.yml',
          code: "on:\n  workflow_run:\n    workflows: ['CI']\n    types: [completed]\njobs:\n  fix:\n    if: ${{ !github.event.workflow_run.pull_requests[0] }}\n    runs-on: ubuntu-latest\n    permissions: {contents: write}\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.workflow_run.head_branch }}\n      - run: npm ci && npm test\n        env: {API_KEY: '${{ secrets.API_KEY }}'}\n",
        },
        {
          path: '.github/workflows/review.yml',
          code: 'on: pull_request_target\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm test\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n',
        },
        // The label gate lowers it, but the job still runs the pull request's code.
        {
          path: '.github/workflows/migrations.yml',
          code: "on:\n  pull_request_target:\n    types: [labeled]\njobs:\n  migrate:\n    if: contains(github.event.pull_request.labels.*.name, 'safe to test')\n    runs-on: [self-hosted]\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.ref }}\n      - run: uv run alembic upgrade head\n        env: {DB_URL: '${{ secrets.DB_URL }}'}\n",
        },
        // Checked out into its own folder, and a later step builds from that folder.
        {
          path: '.github/workflows/preview.yml',
          code: "on:\n  pull_request_target:\n    types: [labeled]\njobs:\n  build:\n    if: contains(github.event.pull_request.labels.*.name, 'preview')\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n          path: pr\n      - run: cd pr && npm ci && npm run build\n        env: {DEPLOY_TOKEN: '${{ secrets.DEPLOY_TOKEN }}'}\n",
        },
        // Dependabot's job installs the checked-out dependencies: their lifecycle scripts run, and the actor check does not keep a fork's bot out.
        {
          path: '.github/workflows/dependabot-lock.yml',
          code: "on: pull_request_target\njobs:\n  lock:\n    if: github.actor == 'dependabot[bot]'\n    runs-on: ubuntu-latest\n    permissions: {contents: write}\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.head_ref }}\n      - uses: pnpm/action-setup@v3\n        with:\n          version: 10.6.1\n          run_install: true\n",
        },
        // A setup action given its version installs a tool; the install after it runs the pull request's scripts.
        {
          path: '.github/workflows/pr-build.yml',
          code: "on: pull_request_target\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - uses: pnpm/action-setup@v3\n        with:\n          version: 10.6.1\n      - run: pnpm install\n        env: {NPM_TOKEN: '${{ secrets.NPM_TOKEN }}'}\n",
        },
        // Reported medium: a check job picks the environment per author (outsiders wait for an approval), and the job mints an OIDC token for a cloud role.
        {
          path: '.github/workflows/integ.yml',
          code: "on: pull_request_target\njobs:\n  gate:\n    runs-on: ubuntu-latest\n    permissions: {contents: read}\n    outputs:\n      env: ${{ steps.who.outputs.result }}\n    steps:\n      - id: who\n        uses: actions/github-script@v7\n        with:\n          result-encoding: string\n          script: |\n            const { data } = await github.rest.repos.getCollaboratorPermissionLevel({ ...context.repo, username: context.actor });\n            return ['write', 'admin'].includes(data.permission) ? 'trusted' : 'needs-approval';\n  integ:\n    needs: gate\n    environment: ${{ needs.gate.outputs.env }}\n    runs-on: ubuntu-latest\n    permissions: {contents: read, id-token: write}\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with: {role-to-assume: '${{ secrets.INTEG_ROLE }}', aws-region: us-east-1}\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n          persist-credentials: false\n      - run: pip install -e . && pytest tests/integ\n",
        },
        // workflow_run: the triggering (pull request) run's head is checked out and built with a secret.
        {
          path: '.github/workflows/e2e.yml',
          code: "on:\n  workflow_run:\n    workflows: ['CI']\n    types: [completed]\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.workflow_run.head_sha }}\n      - run: npm ci && npm test\n        env: {API_KEY: '${{ secrets.API_KEY }}'}\n",
        },
      ],
      negative: [
        // workflow_run for pushes only: the code is the repository's own.
        {
          path: '.github/workflows/e2e.yml',
          code: "on:\n  workflow_run:\n    workflows: ['CI']\n    types: [completed]\njobs:\n  e2e:\n    if: github.event.workflow_run.event == 'push'\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.workflow_run.head_sha }}\n      - run: npm ci && npm test\n        env: {API_KEY: '${{ secrets.API_KEY }}'}\n",
        },
        // workflow_run's pull_requests is empty for a fork's pull request: only the repository's own branches.
        {
          path: '.github/workflows/auto-fix.yml',
          code: "on:\n  workflow_run:\n    workflows: ['CI']\n    types: [completed]\njobs:\n  fix:\n    if: github.event.workflow_run.conclusion == 'failure' && github.event.workflow_run.pull_requests[0]\n    runs-on: ubuntu-latest\n    permissions: {contents: write}\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.workflow_run.head_branch }}\n      - run: npm ci && npm test\n        env: {API_KEY: '${{ secrets.API_KEY }}'}\n",
        },
        {
          path: '.github/workflows/same-repo.yml',
          code: 'on: pull_request_target\njobs:\n  r:\n    if: github.event.pull_request.head.repo.full_name == github.repository\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm test\n',
        },
        // Label-gated, and the checkout is only read to list the changed files.
        {
          path: '.github/workflows/migrations.yml',
          code: "on:\n  pull_request_target:\n    types: [labeled]\njobs:\n  changed:\n    if: contains(github.event.pull_request.labels.*.name, 'safe to test')\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          repository: ${{ github.event.pull_request.head.repo.full_name }}\n          ref: ${{ github.event.pull_request.head.ref }}\n      - id: files\n        uses: tj-actions/changed-files@v44\n        with: {files: 'migrations/**'}\n",
        },
        // Checked out into its own folder that later steps only diff and read (a trusted script from the base is pointed at it).
        {
          path: '.github/workflows/review.yml',
          code: "on:\n  pull_request_target:\n    types: [labeled]\njobs:\n  review:\n    if: contains(github.event.pull_request.labels.*.name, 'review')\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n          path: pr-head\n          persist-credentials: false\n      - run: |\n          PERM=$(gh api \"repos/$REPO/collaborators/$AUTHOR/permission\" --jq .permission)\n          bash scripts/gather-context.sh \"$PR_NUMBER\"\n          git -C pr-head diff --stat origin/main\n          cat pr-head/README.md\n        env: {PR_HEAD_DIR: pr-head, GH_TOKEN: '${{ secrets.GITHUB_TOKEN }}'}\n",
        },
        // A job switched off by hand (`false && …`) never runs.
        {
          path: '.github/workflows/autofix.yml',
          code: "on:\n  workflow_run:\n    workflows: ['CI']\n    types: [completed]\njobs:\n  fix:\n    if: false && github.event.workflow_run.conclusion == 'failure'\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.workflow_run.head_sha }}\n      - run: npm ci && npm test\n        env: {API_KEY: '${{ secrets.API_KEY }}'}\n",
        },
        // Dependabot's job: after the checkout, only a setup action given its version and a script that reads files and pushes.
        {
          path: '.github/workflows/dependabot-changesets.yml',
          code: "on: pull_request_target\njobs:\n  changeset:\n    if: github.actor == 'dependabot[bot]' || github.event_name == 'workflow_dispatch'\n    runs-on: ubuntu-latest\n    permissions: {contents: write}\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.head_ref }}\n      - uses: pnpm/action-setup@v3\n        with:\n          version: 10.6.1\n      - uses: actions/github-script@v7\n        with:\n          script: await exec.exec('git', ['push'])\n",
        },
        // A disabled job never runs.
        {
          path: '.github/workflows/disabled.yml',
          code: 'on: pull_request_target\njobs:\n  r:\n    if: ${{ false }}\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm test\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n',
        },
        { path: '.github/workflows/label.yml', code: 'on: pull_request_target\npermissions: {pull-requests: write}\njobs:\n  l:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/labeler@v5\n' },
        { path: '.github/workflows/ci.yml', code: 'on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n' },
      ],
    },
  },
  workflow(wf, dc, format) {
    if (format !== 'workflow') return;
    const trigger = wf.triggers.includes('pull_request_target') ? 'pull_request_target' : wf.triggers.includes('workflow_run') ? 'workflow_run' : undefined;
    if (!trigger) return;
    // Following only workflows that pushes, schedules and maintainers start: the head is the repository's own.
    if (trigger === 'workflow_run' && followsOwnRunsOnly(dc.file, followedWorkflows(wf.value.on ?? wf.value.true), (p, h) => dc.ctx.dependsOn?.(p, h))) return;
    // A workflow_run workflow that downloads the triggering run's artifacts may check out what they name.
    const readsRunArtifacts = trigger === 'workflow_run' && /github\.event\.workflow_run\.id\b/.test(dc.file.text);
    for (const job of wf.jobs) {
      job.steps.forEach((step, index) => {
        if (!step.uses || actionName(step.uses) !== 'actions/checkout' || neverRuns(step.value.if)) return;
        const ref = String(step.with.ref ?? '') + String(step.with.repository ?? '');
        const headCode =
          trigger === 'pull_request_target' ? HEAD_REF.test(ref) || /head\.repo\.full_name/.test(ref) : RUN_HEAD.test(ref) || (readsRunArtifacts && OUTPUT_REF.test(ref));
        if (!headCode) return;
        const conditions = [job.value.if, step.value.if].filter((c): c is string => typeof c === 'string').join('\n');
        // Same-repository pull requests only: the code is a collaborator's.
        if (SAME_REPO.test(conditions)) return;
        const secrets = secretsHeld(wf, job);
        // The token's rights on the repository; `id-token: write` is none of them, but lets the job log in to a cloud role.
        const scope = repositoryTokenScope(wf, job);
        const oidc = mintsOidcToken(wf, job);
        const keepsToken = step.with['persist-credentials'] !== false && String(step.with['persist-credentials'] ?? '') !== 'false';
        const dir = checkoutDir(step.with.path);
        const quote = (line: string): string => quoted(line, dc.engine);
        const runner = dir ? runsCodeIn(dir, wf, job.steps.slice(index + 1), quote) : runsPullRequestCode(job.steps.slice(index + 1), quote);
        const gate = prGate(wf, job, conditions);
        // A gated job that only reads the checkout (lists changed files, posts a comment): nothing of the PR runs.
        // A job only Dependabot's events start is not a gate for code it runs (a fork's Dependabot acts
        // as the same actor), but with nothing run, the checkout is read by the bot's own job.
        if (!runner && (gate || botOnly(job.value.if))) return;
        const holds = [
          scope === 'read' ? '' : `a ${scope === 'default' ? 'default (possibly write)' : scope} token${keepsToken ? ' left in .git/config' : ''}`,
          oidc ? 'id-token: write (it can mint an OIDC token for any cloud role that trusts this repository)' : '',
          secrets.length ? `secrets ${secrets.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join(' and ');
        const exposed = secrets.length > 0 || scope !== 'read' || oidc;
        // An environment there only to hold the secrets keeps a fork out only if it also requires reviewers,
        // a repository setting no file shows: the PR's code run with secrets behind one alone stays high.
        // One chosen per pull request, or named for approval, is there to approve: a gate like a label.
        const envOnly = !!gate?.environment && !gate.environment.approves && secrets.length > 0;
        const severity: Severity = !runner ? 'low' : !exposed ? 'low' : gate && !envOnly ? 'medium' : 'high';
        dc.report({
          ruleId: ID,
          span: stepSpan(dc, step),
          key: `job:${job.id}/checkout`,
          evidence: runner ? `runs: ${runner}` : 'no step runs the checked-out code',
          message:
            (trigger === 'pull_request_target'
              ? `Job "${job.id}" runs on pull_request_target and checks out the pull request's code`
              : `Job "${job.id}" runs on workflow_run and checks out the code of the run that triggered it (a pull request's, when that run is one)`) +
            `${holds ? ` while holding ${holds}` : ''}` +
            (runner ? `; ${runner} then runs it` : '; no later step appears to run it') +
            (gate && !gate.environment ? ` (gate: ${gate.what}).` : '.') +
            (gate?.environment ? ` ${environmentNote(gate.environment, runner !== undefined && secrets.length > 0)}` : ''),
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

/** Actions that set up a toolchain by the `setup-*` convention (`pnpm/action-setup`, `oven-sh/setup-bun`, `astral-sh/setup-uv`). */
const SETUP_ACTION = /^(?:[\w.-]+\/setup-[\w.-]+|[\w.-]+\/action-setup)$/;

/**
 * A setup action told which version to install and not to install the project's dependencies: it
 * downloads a tool and runs nothing of the checkout. Without a version it may read one from the
 * checkout's files; with `run_install` or `bundler-cache` it runs the project's install scripts.
 */
function installsToolOnly(name: string, inputs: Record<string, unknown>): boolean {
  if (!SETUP_ACTION.test(name)) return false;
  const entries = Object.entries(inputs);
  const versioned = entries.some(([k, v]) => /^(?:[\w-]+-)?version$/i.test(k) && (typeof v === 'string' || typeof v === 'number') && String(v).trim() !== '' && !String(v).includes('${{'));
  const installs = entries.some(([k, v]) => /install|bundler/i.test(k) && v !== false && String(v).trim() !== 'false' && String(v).trim() !== '');
  return versioned && !installs;
}

/**
 * A command line of a later step, as a finding quotes it: credentials the secret engine finds and
 * `name=value` values masked before it is cut, so no part of a value is left whole.
 */
function quoted(line: string, engine: SecretEngine): string {
  const masked = maskNamedValues(redactIn(line, engine.find(line).map((c) => c.secret)));
  return `\`${masked.slice(0, 60)}\``;
}

/** The first later step that runs the checked-out code (a build, a test, a local action), if any. */
function runsPullRequestCode(steps: WorkflowStep[], quote: (line: string) => string): string | undefined {
  for (const s of steps) {
    if (s.uses) {
      const name = actionName(s.uses);
      if (name.startsWith('./')) return `the local action ${s.uses}`;
      if (INERT_ACTION.test(name) || /^actions\/setup-/.test(name) || name === 'actions/checkout' || installsToolOnly(name, s.with)) continue;
      return name;
    }
    const lines = (s.run ?? '').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const active = lines.find((l) => l.split(/\s*(?:&&|\|\||;|\|)\s*/).some((part) => part && !INERT_COMMAND.test(part)));
    if (active) return quote(active);
  }
  return undefined;
}

/** The folder a checkout's `path:` puts the code in (`pr-head`), undefined for the workspace root. */
function checkoutDir(p: unknown): string | undefined {
  if (typeof p !== 'string') return undefined;
  const dir = p.trim().replace(/^\.\//, '').replace(/\/+$/, '');
  return dir && dir !== '.' && !dir.includes('${{') ? dir : undefined;
}

/** Inputs by which an action is pointed at a folder to work in. */
const DIR_INPUT = /^(?:working[-_]?directory|cwd|directory|project|project[-_]?path|root|context|path|build[-_]?context)$/i;

/**
 * With the pull request checked out into its own folder, steps run from the workspace root (the
 * base checkout) and reach the PR's code only by naming that folder: a local action in it, a
 * `working-directory` in it, a command started from it (`pr-head/build.sh`, `cd pr-head && make`,
 * `make -C pr-head`, `npm --prefix pr-head`, `pip install ./pr-head`), or an action pointed at it.
 * Reading it (`git -C pr-head diff`, `cat pr-head/x`, an env var naming it for a trusted script) runs nothing.
 */
function runsCodeIn(dir: string, wf: Workflow, steps: WorkflowStep[], quote: (line: string) => string): string | undefined {
  const esc = escapeRegExp(dir);
  const inDir = new RegExp(`^(?:\\./)?${esc}(?:/|$)`);
  const startsFrom = new RegExp(
    // A script or binary of the folder in command position, or handed to an interpreter.
    `(?:^|[;&|(]\\s*|\\b(?:bash|sh|zsh|python3?|node|ruby|perl|source|exec|npx|deno\\s+run|go\\s+run)\\s+)(?:\\./)?${esc}/[\\w./-]+` +
      // `cd pr-head && <something other than reading>`
      `|\\bcd\\s+(?:\\./)?${esc}\\b[^\\n]*?(?:&&|;)\\s*(?!(?:git|cat|ls|grep|diff|find|head|tail|wc|echo|cd)\\b)\\S` +
      // build tools pointed at the folder
      `|\\b(?:make\\s+(?:[^\\n]*\\s)?-C|npm\\s+(?:[^\\n]*\\s)?--prefix|(?:yarn|pnpm)\\s+(?:[^\\n]*\\s)?(?:--cwd|-C|--dir)|uv\\s+(?:[^\\n]*\\s)?--directory|cargo\\s+(?:[^\\n]*\\s)?--manifest-path)[\\s=]+(?:\\./)?${esc}\\b` +
      `|\\b(?:pip3?|uv\\s+pip|poetry|npm|pnpm|yarn|cargo|go)\\s+(?:install|build|test|run|ci)\\b[^\\n]*\\s(?:\\./)?${esc}\\b`,
    'm',
  );
  for (const s of steps) {
    if (s.uses) {
      const name = actionName(s.uses);
      if (name.startsWith('./') && inDir.test(name.slice(2))) return `the local action ${s.uses}`;
      if (INERT_ACTION.test(name) || name === 'actions/checkout') continue;
      if (Object.entries(s.with).some(([k, v]) => DIR_INPUT.test(k) && typeof v === 'string' && inDir.test(v.trim()))) return `${name} (pointed at ${dir}/)`;
      continue;
    }
    const run = s.run ?? '';
    const wd = workingDirectory(wf, s)?.trim() ?? '';
    if (wd && inDir.test(wd)) {
      const active = runsPullRequestCode([s], quote);
      if (active) return active;
      continue;
    }
    const lines = run.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const line = lines.find((l) => startsFrom.test(l));
    if (line) return quote(line);
    // `cd pr-head` on its own line: what follows runs in the folder.
    const cd = lines.findIndex((l) => new RegExp(`^cd\\s+(?:\\./)?${esc}/?$`).test(l));
    const after = cd >= 0 ? runsPullRequestCode([{ ...s, run: lines.slice(cd + 1).join('\n') }], quote) : undefined;
    if (after) return after;
  }
  return undefined;
}

/** Events only people with write access start: with the actor check beside them, still no outsider. */
const MAINTAINER_EVENT = /^github\.event_name\s*==\s*['"](?:workflow_dispatch|schedule|push)['"]$/;
const BOT_ACTOR = /^github\.actor\s*==\s*['"](?:dependabot|renovate)\[bot\]['"]$/;

/**
 * A job condition that lets only a dependency bot's events through (`github.actor == 'dependabot[bot]'`),
 * or those and a maintainer's manual run: every alternative of the condition is one of them.
 */
function botOnly(condition: unknown): boolean {
  if (typeof condition !== 'string') return false;
  const c = condition.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1').trim();
  if (/[()&!]/.test(c)) return false;
  const alternatives = c.split('||').map((a) => a.trim());
  return alternatives.some((a) => BOT_ACTOR.test(a)) && alternatives.every((a) => BOT_ACTOR.test(a) || MAINTAINER_EVENT.test(a));
}

/** An environment the job waits on: its name as written, what picks it when an expression does, and whether it is there to approve. */
interface EnvironmentGate {
  name: string;
  /** What the expression that picks it reads (`the check job "authorize"`), when one does. */
  chosenBy?: string;
  /** Picked per pull request, or named for approval: there to hold a pull request until someone approves it. */
  approves: boolean;
}

/** Words of an environment's name that say it holds a run for approval (`manual-approval`, `external-pr`, `eval-gate`); `preview` is a deployment, not a review. */
const APPROVAL_WORDS = new Set(['approval', 'approvals', 'approve', 'approved', 'review', 'reviewed', 'reviewer', 'reviewers', 'gate', 'gated', 'manual', 'external', 'untrusted', 'fork', 'forks', 'protected']);
const approvalName = (name: string): boolean => name.toLowerCase().split(/[-_\s.]+/).some((w) => APPROVAL_WORDS.has(w));

/** The environment a job waits on (`environment: name`, or `{name: …}`), if any. */
function environmentGate(job: WorkflowJob): EnvironmentGate | undefined {
  if (job.value.environment === undefined || job.value.environment === null) return undefined;
  const name = environmentName(job)?.trim() ?? '';
  if (!name.includes('${{')) return { name: name || '(unnamed)', approves: approvalName(name) };
  // Picked per run: by a check job's verdict on the author, by the author's association, by where the head comes from.
  const check = /\bneeds\.([\w-]+)\.outputs\./.exec(name)?.[1];
  const chosenBy = check
    ? `the check job "${check}"`
    : /author_association/.test(name)
      ? "the author's association"
      : /head\.repo|\.fork\b/.test(name)
        ? 'where the pull request comes from'
        : 'an expression';
  return { name, chosenBy, approves: true };
}

/** What the message says of the environment: that its reviewers, a repository setting, are what stops an outsider. */
function environmentNote(env: EnvironmentGate, withSecrets: boolean): string {
  const which = env.chosenBy ? `an environment chosen per pull request by ${env.chosenBy} (\`${env.name.replace(/\s+/g, ' ')}\`)` : `environment "${env.name}"`;
  if (env.chosenBy) return `Gated by ${which}: make sure the one outsiders' pull requests get requires reviewers, a repository setting not shown here.`;
  if (env.approves) return `Gated by ${which}: make sure it requires reviewers, a repository setting not shown here.`;
  return `Gated by ${which}: make sure it requires reviewers, a repository setting not shown here${withSecrets ? "; without them the contributor's code runs with the secrets" : ''}.`;
}

/** What keeps outsiders' pull requests from reaching the job: a label, an environment, the author's association. */
function prGate(wf: Workflow, job: WorkflowJob, conditions: string): { what: string; environment?: EnvironmentGate } | undefined {
  if (/labels\.\*\.name|github\.event\.label\.name|contains\([^)]*labels/.test(conditions)) return { what: 'a label only triagers can set' };
  const environment = environmentGate(job);
  if (environment) return { what: 'an environment', environment };
  if (/author_association/.test(conditions) && !/CONTRIBUTOR|FIRST_TIME|NONE/.test(conditions)) return { what: "the author's association" };
  const decided = requiredDecision(job);
  if (decided) return { what: `a check job "${decided.job}" makes first (${decided.output})` };
  const on = (wf.value.on ?? {}) as Record<string, unknown>;
  const types = (on.pull_request_target as { types?: unknown } | null | undefined)?.types;
  if (Array.isArray(types) && types.length > 0 && types.every((t) => t === 'labeled')) return { what: 'a label only triagers can set' };
  return undefined;
}
