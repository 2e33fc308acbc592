/**
 * Coding agents in GitHub Actions, recognised by what a step does rather than from one list: an
 * agent action (one of the known families, or an action that takes a model key together with a
 * prompt or tool settings), an agent CLI started in `run:` in print/headless mode, or a reusable
 * agent workflow. Beside them, what the rules weigh: which triggers carry text from outsiders,
 * which gates keep outsiders from starting the job, and what the job could write with.
 */
import type { Workflow, WorkflowJob, WorkflowStep } from '../formats.js';
import { actionName, environmentName, MODEL_KEY_NAME, needsOf, secretsHeld } from './workflow-util.js';
import { neverRuns } from '../workflow-format.js';
// A test suite run with a model key (its integration tests call the model) runs the project's tests, not a model reading the job's text.
import { TEST_RUNNER as TEST_RUN } from '../../../discovery/test-runner.js';

export interface AgentUse {
  job: WorkflowJob;
  /** Undefined when the job itself calls a reusable agent workflow. */
  step?: WorkflowStep;
  index: number;
  /** `anthropics/claude-code-action`, `agent CLI (codex)`, `reusable workflow …`. */
  label: string;
  family: string;
}

/** Known agent actions and reusable workflows, by family. */
const AGENT_FAMILIES: [RegExp, string][] = [
  [/claude-code|claude-agent/, 'claude'],
  [/codex/, 'codex'],
  [/gemini-cli|run-gemini/, 'gemini'],
  [/openhands|open-hands/, 'openhands'],
  [/aider/, 'aider'],
  [/continuedev|continue-cli|continue-agent/, 'continue'],
  [/copilot-(?:cli|agent)|copilot-swe/, 'copilot'],
  [/cursor-agent|cursor-cli/, 'cursor'],
  [/opencode|sst\/opencode/, 'opencode'],
  [/goose/, 'goose'],
  [/qwen-code|qwen-cli/, 'qwen'],
  [/(?:^|[/-])amp(?:[-/]|$)/, 'amp'],
  [/letta-code/, 'letta'],
  [/droid-action|factory-ai\/droid/, 'droid'],
  [/coding-agent|ai-agent|agent-action|swe-agent|devin|jules/, 'agent'],
  // A project's own agent action: `…/strands-agent-runner`, `run-agent`, `agent-exec`.
  [/(?:^|[/_-])agent[-_](?:runner|run|exec|executor)(?:$|[/_-])|(?:^|[/_-])run[-_]agent(?:$|[/_-])/, 'agent'],
];
/** Inputs that hand an action a model key: with a prompt or tool settings, the action runs an agent. */
const MODEL_KEY_INPUT = /^(?:anthropic|openai|gemini|google|llm|model|claude|azure[_-]openai|openrouter|deepseek|mistral|groq)[_-]?api[_-]?key$/i;
const AGENT_INPUT = /^(?:prompt|direct_prompt|override_prompt|prompt_file|instructions|task|allowed_tools|disallowed_tools|claude_args|codex_args|mcp_config|settings|sandbox|max_turns|max_iterations|agent)$/i;

/** Agent CLIs in print/headless mode: `claude -p`, `codex exec`, `gemini -p`, `cn -p`, `aider --message`, `opencode run`, the OpenHands resolver. */
const AGENT_CLI: [RegExp, string][] = [
  [/(?:^|[\s;&|(/])(?:npx\s+(?:-y\s+)?@anthropic-ai\/claude-code|claude)\s+(?:[^\n]*\s)?(?:-p|--print)\b|(?:^|[\s;&|(])claude\s+(?:[^\n]*\s)?--dangerously-skip-permissions/m, 'claude'],
  [/(?:^|[\s;&|(/])(?:npx\s+(?:-y\s+)?@openai\/codex|codex)\s+(?:exec|e)\b|(?:^|[\s;&|(])codex\s+[^\n]*--(?:full-auto|yolo|dangerously-bypass-approvals-and-sandbox)/m, 'codex'],
  [/(?:^|[\s;&|(/])(?:npx\s+(?:-y\s+)?@google\/gemini-cli|gemini)\s+(?:[^\n]*\s)?(?:-p|--prompt|--yolo|-y)\b/m, 'gemini'],
  [/(?:^|[\s;&|(/])(?:npx\s+(?:-y\s+)?@continuedev\/cli|cn)\s+(?:[^\n]*\s)?(?:-p|--print|--auto|--allow)\b/m, 'continue'],
  [/(?:^|[\s;&|(/])aider\s+(?:[^\n]*\s)?(?:--message|-m|--yes-always|--yes)\b/m, 'aider'],
  [/(?:^|[\s;&|(/])(?:opencode|goose|crush)\s+run\b/m, 'opencode'],
  [/(?:^|[\s;&|(/])(?:cursor-agent|copilot|qwen|amp|droid)\s+(?:[^\n]*\s)?(?:-p|--print|-x|--execute|exec)\b/m, 'agent'],
  [/(?:^|[\s;&|(])(?:python3?\s+-m\s+)?openhands(?:\.resolver\.resolve_issue|\.core\.main|\s+--task|\s+-t\b|\s+--headless)/m, 'openhands'],
];

/**
 * A model key handed to a `run:` step (`ANTHROPIC_API_KEY: ${{ secrets.… }}`): the program it runs
 * asks a model about what the job reads, or runs an agent (a project's own CLI over an agent SDK).
 */
function modelKeyOf(step: WorkflowStep): string | undefined {
  return Object.entries(step.env).find(([k, v]) => MODEL_KEY.test(k) && /(?:KEY|TOKEN)$/i.test(k) && typeof v === 'string' && /\bsecrets\./.test(v))?.[0];
}

export function familyOfAction(name: string): string | undefined {
  return AGENT_FAMILIES.find(([re]) => re.test(name))?.[1];
}

/** Every agent the workflow runs, one entry per step (or per job calling an agent workflow). */
export function agentUses(wf: Workflow): AgentUse[] {
  const out: AgentUse[] = [];
  for (const job of wf.jobs) {
    if (typeof job.value.uses === 'string') {
      const name = actionName(job.value.uses);
      const family = familyOfAction(name);
      if (family) out.push({ job, index: -1, label: `reusable workflow ${name}`, family });
      continue;
    }
    job.steps.forEach((step, index) => {
      if (neverRuns(step.value.if)) return;
      if (step.uses) {
        const name = actionName(step.uses);
        if (name.startsWith('./') || name.startsWith('docker://') || /^actions\//.test(name)) return;
        const inputs = Object.keys(step.with);
        const family = familyOfAction(name) ?? (inputs.some((k) => MODEL_KEY_INPUT.test(k)) && inputs.some((k) => AGENT_INPUT.test(k)) ? 'agent' : undefined);
        if (family) out.push({ job, step, index, label: name, family });
        return;
      }
      const run = step.run ? commandText(step.run) : '';
      const cli = AGENT_CLI.find(([re]) => re.test(run));
      if (cli) out.push({ job, step, index, label: `agent CLI (${cli[1]})`, family: cli[1] });
    });
  }
  return out;
}

/**
 * `run:` steps given a model key, in jobs where `agentUses` knows no agent (family `model`): what
 * they run is not known, only that a model reads what the job hands it. Only the
 * untrusted-input rule weighs them (a step lower), since their tools and flags are not in sight.
 */
export function modelKeyUses(wf: Workflow, known: AgentUse[]): AgentUse[] {
  const out: AgentUse[] = [];
  for (const job of wf.jobs) {
    // A job whose agent is known: its other steps given the key are that agent's plumbing (a check that the key is set, a helper that opens the PR).
    if (known.some((u) => u.job === job)) continue;
    job.steps.forEach((step, index) => {
      if (!step.run || neverRuns(step.value.if) || TEST_RUN.test(commandText(step.run))) return;
      const key = modelKeyOf(step);
      if (key) out.push({ job, step, index, label: `a program given ${key}`, family: 'model' });
    });
  }
  return out;
}

/**
 * Whether the step starts its agent inside the agentic-workflow firewall: `awf … -- <agent>` (the
 * gh-aw compiled `.lock.yml` shape, also `sudo -E awf`). The firewall runs the agent in a container
 * whose network reaches only an allow-list of domains and keeps excluded variables (the model key,
 * tokens) out of it, so what an injected prompt can reach or send away is bounded.
 */
export function insideFirewall(step: WorkflowStep | undefined): boolean {
  if (!step?.run) return false;
  const run = commandText(step.run).replace(/\\\n/g, ' ');
  const awf = /(?:^|[\s;&|(])(?:sudo\s+(?:-E\s+)?)?awf\s[^\n]*?\s--\s([^\n]*)/m.exec(run);
  return !!awf && AGENT_CLI.some(([re]) => re.test(` ${awf[1]}`));
}

/** A `run:` script without comment lines and `echo`ed text, so prose about a flag is not a command. */
export function commandText(run: string): string {
  return run
    .split('\n')
    .filter((l) => !/^\s*(?:#|echo\b|printf\b)/.test(l))
    .join('\n');
}

/** Triggers whose payload (issue and PR bodies, comments, reviews, branch names) outsiders write. */
const OUTSIDER_TRIGGERS = ['issues', 'issue_comment', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment', 'discussion', 'discussion_comment', 'workflow_run'];

export function untrustedTriggers(wf: Workflow): string[] {
  return wf.triggers.filter((t) => OUTSIDER_TRIGGERS.includes(t));
}

/** Trigger types (`on.issues.types`) of one trigger, empty when all. */
function triggerTypes(wf: Workflow, trigger: string): string[] {
  const on = (wf.value.on ?? wf.value.true) as Record<string, unknown> | undefined;
  const t = on && typeof on === 'object' && !Array.isArray(on) ? (on[trigger] as { types?: unknown } | null | undefined) : undefined;
  const types = t && typeof t === 'object' ? t.types : undefined;
  return Array.isArray(types) ? types.map(String) : typeof types === 'string' ? [types] : [];
}

/** A condition that keeps forks' pull requests (or runs that follow them) out: the head repository must be this one. */
export const FORKS_EXCLUDED =
  /head\.repo\.full_name\s*==\s*github\.repository|head\.repo\.fork\s*==\s*false|!\s*\(?\s*github\.event\.(?:pull_request\.head\.repo|workflow_run\.(?:head_)?repository)\.fork|workflow_run\.(?:head_)?repository\.fork\s*==\s*false/;

/** Association values that admit outsiders. */
const OPEN_ASSOCIATION = /CONTRIBUTOR|FIRST_TIME|NONE|MANNEQUIN/;

/**
 * What keeps outsiders from starting the agent, if anything: an `if:` on the author's association
 * or login, a label or assignment only triagers can make, an environment (reviewers), a
 * permission check step, or the action's own check (claude-code-action asks for write access
 * unless `allowed_non_write_users` is set).
 */
export function actorGate(wf: Workflow, use: AgentUse): string | undefined {
  const job = use.job;
  const conditions = [...upstreamConditions(wf, job), use.step?.value.if].filter((c): c is string => typeof c === 'string').join('\n');
  if (/author_association/.test(conditions) && !OPEN_ASSOCIATION.test(conditions) && /OWNER|MEMBER|COLLABORATOR/.test(conditions)) return 'the author must be an owner, member or collaborator';
  if (/github\.(?:actor|triggering_actor)|github\.event\.(?:sender|comment\.user|issue\.user|pull_request\.user)\.login/.test(conditions) && /==|contains\(/.test(conditions)) return 'only named accounts can start it';
  if (mergedOnly(use.job)) return 'only a merged pull request (one a maintainer reviewed and merged) or a maintainer\'s manual run starts it';
  if (FORKS_EXCLUDED.test(conditions)) return 'pull requests from forks are excluded';
  // A job that runs only after an activation or membership check job said yes (gh-aw `pre_activation`, custom `authorize` jobs).
  if (/needs\.[\w-]+\.outputs\.(?:activated|authorized|is_member|is_maintainer|allowed|has_permission|has_write_access|permitted)\b/.test(conditions)) return 'an earlier job checks the actor first';
  const maintainerOnly = untrustedTriggers(wf).every((t) => {
    const types = triggerTypes(wf, t);
    return types.length > 0 && types.every((x) => x === 'labeled' || x === 'assigned');
  });
  if (untrustedTriggers(wf).length > 0 && maintainerOnly) return 'only a label or an assignment by a triager starts it';
  if (/github\.event\.label\.name\s*==/.test(conditions) && !/comment|review/.test(conditions)) return 'only a label applied by a triager starts it';
  if (job.value.environment !== undefined) return `it waits on environment ${JSON.stringify(environmentName(job) ?? '')}`;
  const before = use.step ? job.steps.slice(0, use.index) : [];
  if (before.some(checksPermission)) return "a step checks the actor's repository permission first";
  // A job it needs (directly or not) that checks the actor or waits on reviewers: when that job fails, this one is skipped.
  const upstream = upstreamJobs(wf, job);
  if (!/\balways\(\)/.test(String(job.value.if ?? ''))) {
    if (upstream.some((j) => j.steps.some(checksPermission))) return "an earlier job checks the actor's repository permission first";
    if (upstream.some((j) => j.value.environment !== undefined)) return 'an earlier job waits on an environment';
  }
  const calls = !use.step && typeof job.value.uses === 'string' ? GATED_REUSABLE.find(([re]) => re.test(job.value.uses as string))?.[1] : undefined;
  if (calls) return calls;
  const checking = use.step?.uses ? OWN_WRITE_CHECK.find(([re]) => re.test(use.label))?.[1] : undefined;
  if (checking && use.step) {
    const nonWrite = String(use.step.with.allowed_non_write_users ?? '').trim();
    const bots = String(use.step.with.allowed_bots ?? '').trim();
    if (!nonWrite && bots !== '*') return `${checking} requires the actor to have write access`;
  }
  return undefined;
}

/**
 * Agent actions that check themselves that the actor has write access to the repository, unless
 * `allowed_non_write_users` (or `allowed_bots: "*"`) opens them: claude-code-action and the actions
 * built on it (letta-code-action).
 */
const OWN_WRITE_CHECK: [RegExp, string][] = [
  [/claude-code/, 'claude-code-action'],
  [/letta-code-action/, 'letta-code-action'],
];

/**
 * Agents' reusable workflows that decide themselves who starts the agent, so a caller that only
 * passes its triggers on is gated: the OpenHands resolver's acts on a label, or on a comment or
 * review by an owner, member or collaborator (its `author_association` check).
 */
const GATED_REUSABLE: [RegExp, string][] = [
  [
    /^(?:openhands|all-hands-ai)\/openhands\/\.github\/workflows\/openhands-resolver\.ya?ml@/i,
    "the OpenHands resolver workflow it calls acts only on a label or on an owner's, member's or collaborator's comment",
  ],
];

/** A step that checks the actor's repository permission or role. */
function checksPermission(s: WorkflowStep): boolean {
  return /check-user-permission|getCollaboratorPermissionLevel|collaborators\/[^/\s]+\/permission|has-write-access|check-permissions|authorization-check|allowed-roles/i.test(`${s.uses ?? ''}\n${s.run ?? ''}\n${JSON.stringify(s.with)}`);
}

/** Every job this one needs, transitively. */
function upstreamJobs(wf: Workflow, job: WorkflowJob, seen = new Set<string>([job.id])): WorkflowJob[] {
  const ids = needsOf(job);
  const out: WorkflowJob[] = [];
  for (const id of ids) {
    const up = wf.jobs.find((j) => j.id === id);
    if (!up || seen.has(id)) continue;
    seen.add(id);
    out.push(up, ...upstreamJobs(wf, up, seen));
  }
  return out;
}

/** The `if:` of the job and of every job it needs, transitively: a skipped upstream job skips this one. */
/**
 * A job whose condition lets only merged pull requests through (`github.event.pull_request.merged ==
 * true`, on a `closed` event), or a maintainer's manual or scheduled run beside it: what it reads was
 * reviewed and merged by someone with write access.
 */
function mergedOnly(job: WorkflowJob): boolean {
  const own = typeof job.value.if === 'string' ? job.value.if.trim() : '';
  if (!own || /&&/.test(own)) return false;
  const alternatives = own.split('||').map((a) => a.trim().replace(/^\(|\)$/g, '').trim());
  const merged = (a: string) => /^github\.event\.pull_request\.merged\s*(?:==\s*true)?$/.test(a);
  const maintainer = (a: string) => /^github\.event_name\s*==\s*['"](?:workflow_dispatch|schedule|push)['"]$/.test(a);
  return alternatives.some(merged) && alternatives.every((a) => merged(a) || maintainer(a));
}

function upstreamConditions(wf: Workflow, job: WorkflowJob, seen = new Set<string>()): unknown[] {
  if (seen.has(job.id)) return [];
  seen.add(job.id);
  const ids = needsOf(job);
  const out: unknown[] = [job.value.if];
  for (const id of ids) {
    const up = wf.jobs.find((j) => j.id === id);
    if (up) out.push(...upstreamConditions(wf, up, seen));
  }
  return out;
}

/** A model provider's key or endpoint, by the secret's name or the variable it is put in. */
const MODEL_KEY = new RegExp(`${MODEL_KEY_NAME.source}|_BASE_URL$|_MODEL$|_USERNAME$|_USER$|_EMAIL$`, 'i');

/** Secrets the agent's step can read other than its model key: what a prompt injection could send away. */
export function otherSecrets(wf: Workflow, job: WorkflowJob, step?: WorkflowStep): string[] {
  const model = new Set<string>();
  const envs = [wf.value.env, job.value.env, step?.env, step?.with];
  for (const env of envs) {
    if (!env || typeof env !== 'object') continue;
    for (const [k, v] of Object.entries(env as Record<string, unknown>)) {
      if (!MODEL_KEY.test(k.toUpperCase().replace(/-/g, '_'))) continue;
      for (const m of String(v).matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)) model.add(m[1]!);
    }
  }
  return secretsHeld(wf, job, step).filter((s) => !model.has(s) && !MODEL_KEY.test(s) && !TOKEN_SECRET.test(s));
}

const TOKEN_SECRET = /(?:^|_)(?:PAT|GH_TOKEN|GITHUB_TOKEN|BOT_TOKEN|PUSH_TOKEN|RELEASE_TOKEN|DEPLOY_KEY|APP_PRIVATE_KEY|PERSONAL_ACCESS_TOKEN)(?:_|$)|^PAT_/i;

export interface WriteRight {
  what: string;
  /** Pushes code, releases or packages, or changes workflows (not only comments and labels). */
  strong: boolean;
  /** The job declares no permissions: the repository's default token, whose rights the workflow does not show. */
  defaultToken?: boolean;
  /** The job's own GITHUB_TOKEN (not a personal or App token). */
  jobToken?: boolean;
  /**
   * The Claude GitHub App token claude-code-action trades the job's OIDC token for: the action itself
   * uses it, for its comment and for commits to a pull request's branch or one it opens for its answer; its agent reaches
   * it beyond those only through a command tool.
   */
  claudeApp?: boolean;
}

/** Token scopes that only comment, label or report status. */
const WEAK_SCOPES = new Set(['issues', 'discussions', 'pull-requests', 'statuses', 'checks']);

/** A step that sets the token variables it passes on to empty, saying the agent gets no token. */
export function withholdsJobToken(step: WorkflowStep | undefined): boolean {
  if (!step) return false;
  const env = step.env;
  const given = ['GITHUB_TOKEN', 'GH_TOKEN'].filter((k) => k in env);
  const passed = Object.entries(step.with).some(([k, v]) => /token/i.test(k) && typeof v === 'string' && v.trim() !== '');
  return given.length > 0 && given.every((k) => String(env[k] ?? '').trim() === '') && !passed;
}

/**
 * An App installation token minted by an earlier step reaches the agent only through that step's
 * output: when the agent's step names it (`${{ steps.app.outputs.token }}`), or an earlier step
 * exports it to the job's environment. Without the agent's step (a job calling a reusable
 * workflow, or the job as a whole), minting one is taken as holding it.
 */
function holdsAppToken(before: WorkflowStep[], step: WorkflowStep | undefined): boolean {
  const minted = before.filter((s) => s.uses && /create-github-app-token|github-app-token/.test(actionName(s.uses)));
  if (minted.length === 0) return false;
  if (!step) return true;
  const ids = minted.map((s) => (typeof s.value.id === 'string' ? s.value.id : undefined));
  if (ids.some((id) => id === undefined)) return true;
  const named = (text: string) => ids.some((id) => text.includes(`steps.${id}.outputs`));
  return named(JSON.stringify([step.with, step.env, step.run ?? ''])) || before.some((s) => /GITHUB_ENV/.test(s.run ?? '') && named(JSON.stringify([s.env, s.run])));
}

/** Whether the job's own token (whatever the agent's step is given) can write. */
export function jobHasWrites(wf: Workflow, use: AgentUse): boolean {
  return writeRights(wf, { ...use, step: undefined }).length > 0;
}

/** Ways the agent's job can change the repository or reach beyond it. */
export function writeRights(wf: Workflow, use: AgentUse, format: 'workflow' | 'action' = 'workflow'): WriteRight[] {
  const out: WriteRight[] = [];
  const job = use.job;
  const p = 'permissions' in job.value ? job.value.permissions : wf.value.permissions;
  if (format === 'action') {
    // A composite action runs with whatever token its caller gives it.
  } else if (withholdsJobToken(use.step)) {
    // The step empties the job token for the agent (`GITHUB_TOKEN: ''`): the job's rights are not its own.
  } else if (p === undefined) out.push({ what: 'the default token (read/write unless the repository restricts it)', strong: true, defaultToken: true, jobToken: true });
  else if (p === 'write-all') out.push({ what: 'a write-all token', strong: true, jobToken: true });
  else if (p && typeof p === 'object') {
    const writes = Object.entries(p as Record<string, unknown>).filter(([k, v]) => v === 'write' && k !== 'id-token').map(([k]) => k);
    if (writes.length) out.push({ what: `a token with ${writes.map((w) => `${w}: write`).join(', ')}`, strong: writes.some((w) => !WEAK_SCOPES.has(w)), jobToken: true });
    // claude-code-action trades the OIDC token for the Claude GitHub App's token, which can push.
    if ((p as Record<string, unknown>)['id-token'] === 'write' && use.family === 'claude' && use.step && !('github_token' in use.step.with)) out.push({ what: 'the Claude GitHub App token (through id-token: write)', strong: true, claudeApp: true });
  }
  const tokenSecrets = secretsHeld(wf, job, use.step).filter((s) => TOKEN_SECRET.test(s) && !/_(?:USERNAME|USER|EMAIL)$/i.test(s));
  if (tokenSecrets.length) out.push({ what: `a personal or app token (${tokenSecrets.join(', ')})`, strong: true });
  if (holdsAppToken(job.steps.slice(0, Math.max(use.index, 0)), use.step)) out.push({ what: 'a GitHub App installation token', strong: true });
  return out;
}
