/**
 * The GITHUB_TOKEN's rights: `permissions: write-all`, or no `permissions` at all, which leaves
 * every job with the repository default (read/write on older repositories and organisations).
 */
import { yamlAt, yamlSpan } from '../../../parsers/yaml.js';
import type { Span } from '../../../core/rule.js';
import { readRootFile, type DependsOn } from '../../../core/root-file.js';
import type { SourceFile } from '../../../core/source.js';
import { yamlLib } from '../../../parsers/libraries.js';
import { deployRule } from '../rule.js';
import { jobSpan } from './workflow-util.js';
import { triggersOf } from '../workflow-format.js';
import { OUTSIDER_WRITE_EVENTS } from '../run-triggers.js';
import type { WorkflowJob } from '../formats.js';

const WRITE_ALL = 'deploy/gha-write-all';
const MISSING = 'deploy/gha-missing-permissions';
const FIX =
  'Declare `permissions:` at the top of the workflow with the least the jobs need (often `contents: read`), and grant writes per job only where a step needs them.';

export const ghaWriteAll = deployRule({
  meta: {
    id: WRITE_ALL,
    title: 'Workflow token with write-all permissions',
    category: 'credential.broad-scope',
    severity: 'high',
    confidence: 'high',
    description:
      '`permissions: write-all` gives the job token write access to code, releases, packages, workflows and settings-adjacent scopes; any compromised step or action can push code or tamper with releases. ' +
      'A job that only calls a reusable workflow of this repository whose every job declares its own `permissions:` (or which declares them at its top) hands that workflow a token it narrows: ' +
      'no step runs with write-all, and it is not reported.',
    remediation: FIX,
    examples: {
      positive: [
        { path: '.github/workflows/triage.yml', code: 'on: issue_comment\npermissions: write-all\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./triage.sh\n' },
        // Reported medium: only the repository's own events start it.
        { path: '.github/workflows/ci.yml', code: 'on: push\npermissions: write-all\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n' },
        // Reported low: the job's only step is an action pinned to a commit.
        { path: '.github/workflows/status.yml', code: 'on: push\njobs:\n  status:\n    permissions: write-all\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/set-commit-status@16037e056d73b2d3c88e37e393ff369047f70886\n        with: {status: pending}\n' },
      ],
      negative: [
        { path: '.github/workflows/ci.yml', code: 'on: push\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n' },
        // Every job declares its own permissions: the workflow's write-all reaches none of them.
        { path: '.github/workflows/ci.yml', code: 'on: push\npermissions: write-all\njobs:\n  t:\n    permissions: {contents: read}\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n' },
      ],
    },
  },
  workflow(wf, dc, format) {
    if (format !== 'workflow') return;
    const dependsOn: DependsOn = (p, h) => dc.ctx.dependsOn?.(p, h);
    // A job that calls a reusable workflow of this repository which narrows the token on every job (or at its top): no step holds write-all.
    const capped = (job: WorkflowJob) => typeof job.value.uses === 'string' && calledToken(dc.file, job.value.uses, dependsOn) === 'narrowed';
    // A job whose every step is an action pinned to a commit runs no code but that reviewed code: the
    // broad token can only be misused by it. Still worth narrowing, so low.
    const FIXED = " Its steps are only actions pinned to a commit, so nothing else runs with it; still, narrow it to what they need.";
    // Started only by the repository's own events (a push, a pull request, whose forks get a read-only
    // token, a schedule, a manual run), the token is a compromised step's or dependency's to misuse,
    // not an outsider's: medium. An outsider's comment, issue or pull_request_target run holds it: high.
    const outsiders = wf.triggers.some((t) => OUTSIDER_WRITE_EVENTS.has(t));
    const OWN = outsiders ? '' : " Only the repository's own events start it (forks' pull requests get a read-only token), so a compromised step or dependency, not an outsider, could use it.";
    const severity = (fixed: boolean) => (fixed ? { severity: 'low' as const } : outsiders ? {} : { severity: 'medium' as const });
    // The workflow's write-all reaches the jobs that declare no permissions of their own.
    const inheriting = wf.jobs.filter((j) => !('permissions' in j.value) && !capped(j));
    if (wf.value.permissions === 'write-all' && (wf.jobs.length === 0 || inheriting.length > 0)) {
      const node = yamlAt(wf.root, ['permissions']);
      const r = yamlSpan(node) as { start: number; end: number } | undefined;
      const fixed = inheriting.length > 0 && inheriting.every(onlyPinnedActions);
      dc.report({
        ruleId: WRITE_ALL,
        span: r ? dc.firstLine(r) : undefined,
        key: 'workflow/permissions',
        message: `The workflow grants its token write-all permissions, for every job.${fixed ? FIXED : OWN}`,
        ...severity(fixed),
      });
    }
    for (const job of wf.jobs) {
      if (job.value.permissions === 'write-all' && !capped(job)) {
        const fixed = onlyPinnedActions(job);
        dc.report({
          ruleId: WRITE_ALL,
          span: jobSpan(dc, job),
          key: `job:${job.id}/permissions`,
          message: `Job "${job.id}" grants its token write-all permissions.${fixed ? FIXED : OWN}`,
          ...severity(fixed),
        });
      }
    }
  },
});

/** Every step uses an action pinned to a full commit hash and runs no command of its own (a reusable workflow's job is not). */
function onlyPinnedActions(job: WorkflowJob): boolean {
  return typeof job.value.uses !== 'string' && job.steps.length > 0 && job.steps.every((s) => !s.run && typeof s.uses === 'string' && /@[0-9a-f]{40}$/i.test(s.uses.trim()));
}

export const ghaMissingPermissions = deployRule({
  meta: {
    id: MISSING,
    title: 'Workflow without a permissions block',
    category: 'credential.broad-scope',
    severity: 'low',
    confidence: 'medium',
    description:
      'Without `permissions:`, every job gets the repository default token, which is read/write for repositories and organisations created before February 2023 or that changed the default. ' +
      'The workflow file alone cannot show that the token is read-only. A reusable workflow started only by `workflow_call` runs with the token its caller grants, so the calling job is judged: ' +
      'one that calls a reusable workflow of the repository without `permissions:` is reported, unless the workflow called declares its own. ' +
      'A workflow that only `pull_request` starts is info: a fork\'s pull request gets a read-only token whatever the default, so only branches of the repository itself see the default rights ' +
      '(one that runs when a pull request is closed, to release what was merged, stays low).',
    remediation: FIX,
    examples: {
      positive: [
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n' },
        // Reported info: only pull requests start it, and a fork's get a read-only token.
        { path: '.github/workflows/tests.yml', code: 'on:\n  pull_request:\n    branches: [main]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n' },
      ],
      negative: [
        { path: '.github/workflows/ci.yml', code: 'on: push\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n' },
        { path: '.github/workflows/ci.yml', code: 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    permissions: {contents: read}\n    steps:\n      - run: make test\n' },
        // A reusable workflow's token is what its caller grants; the caller is judged instead.
        { path: '.github/workflows/tests.yml', code: 'on:\n  workflow_call:\n    inputs:\n      image: {type: string}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n' },
      ],
    },
  },
  workflow(wf, dc, format) {
    if (format !== 'workflow' || 'permissions' in wf.value) return;
    // Started only by another workflow's job, it runs with the token that job grants: the caller is judged.
    if (wf.triggers.length > 0 && wf.triggers.every((t) => t === 'workflow_call')) return;
    const dependsOn: DependsOn = (p, h) => dc.ctx.dependsOn?.(p, h);
    const bare = wf.jobs.filter((j) => !('permissions' in j.value) && (typeof j.value.uses !== 'string' || calledToken(dc.file, j.value.uses, dependsOn) === 'passed'));
    if (bare.length === 0) return;
    // Started by pull requests alone: a fork's get a read-only token whatever the repository's default.
    // One that runs when a pull request is closed (merged) does a push's work, a release's: it stays low.
    const pullRequestOnly = wf.triggers.length > 0 && wf.triggers.every((t) => t === 'pull_request') && !pullRequestTypes(wf.value.on ?? wf.value.true).includes('closed');
    const jobsNode = yamlAt(wf.root, ['jobs']);
    const first = jobSpan(dc, bare[0]!);
    const span: Span | undefined = first ?? (yamlSpan(jobsNode) as Span | undefined);
    dc.report({
      ruleId: MISSING,
      span,
      key: 'workflow/permissions',
      message:
        `No permissions are declared for the workflow or for ${bare.length === wf.jobs.length ? 'any job' : `job${bare.length > 1 ? 's' : ''} ${bare.map((j) => `"${j.id}"`).join(', ')}`}; they run with the repository's default token rights.` +
        (pullRequestOnly ? " Only pull_request starts it: a fork's pull request gets a read-only token anyway, so only the repository's own branches see the default rights." : ''),
      ...(pullRequestOnly ? { severity: 'info' as const } : {}),
    });
  },
});

/** The activity types `on.pull_request.types` lists, none when it lists none (every default type). */
function pullRequestTypes(on: unknown): string[] {
  const pr = on && typeof on === 'object' && !Array.isArray(on) ? (on as Record<string, unknown>).pull_request : undefined;
  const types = pr && typeof pr === 'object' ? (pr as { types?: unknown }).types : undefined;
  return Array.isArray(types) ? types.map(String) : typeof types === 'string' ? [types] : [];
}

/**
 * What a job calling a reusable workflow of this repository (`uses: ./.github/workflows/x.yml`) hands
 * it: `narrowed` when the workflow called narrows the token itself (`permissions:` at its top or on
 * every job), so the caller's rights reach none of its steps; `passed` when it does not (or is not
 * there, or is no reusable workflow), so they do. A workflow of another repository is not read
 * (undefined). One of this repository is read and judged once per calling file, however many of its
 * jobs call it.
 */
function calledToken(file: SourceFile, uses: string, dependsOn: DependsOn): 'narrowed' | 'passed' | undefined {
  const local = /^\.\/(.+\.ya?ml)$/i.exec(uses.trim())?.[1];
  const root = file.root;
  if (!local || root === undefined) return undefined;
  return file.memo(`gha-permissions:called:${local}`, () => (calledKeepsDefault(readRootFile(root, local, dependsOn)) ? 'passed' : 'narrowed'));
}

/** Whether a reusable workflow's text leaves its jobs the caller's token: it is not there, not one, or does not narrow it. */
function calledKeepsDefault(text: string | undefined): boolean {
  if (text === undefined) return true;
  let value: Record<string, unknown> | null;
  try {
    value = yamlLib().parse(text, { logLevel: 'silent' }) as Record<string, unknown> | null;
  } catch {
    return true;
  }
  if (!value || typeof value !== 'object' || !triggersOf(value).includes('workflow_call')) return true;
  if ('permissions' in value) return false;
  const jobs = value.jobs && typeof value.jobs === 'object' ? Object.values(value.jobs as Record<string, unknown>) : [];
  return !jobs.every((j) => j !== null && typeof j === 'object' && 'permissions' in (j as Record<string, unknown>));
}
