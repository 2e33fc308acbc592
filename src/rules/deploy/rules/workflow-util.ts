/** Helpers shared by the GitHub Actions rules. */
import type { Span } from '../../../core/rule.js';
import { yamlSpan } from '../../../parsers/yaml.js';
import type { DeployCtx } from '../context.js';
import type { Workflow, WorkflowJob, WorkflowStep } from '../formats.js';

export function stepSpan(dc: DeployCtx, step: WorkflowStep): Span | undefined {
  const r = yamlSpan(step.node) as { start: number; end: number } | undefined;
  return r ? dc.firstLine(r) : undefined;
}

export function jobSpan(dc: DeployCtx, job: WorkflowJob): Span | undefined {
  const r = yamlSpan(job.keyNode) as { start: number; end: number } | undefined;
  return r ? dc.firstLine(r) : undefined;
}

/** `owner/repo[/path]` of a `uses:` reference, lower-case, without the ref. */
export function actionName(uses: string): string {
  const at = uses.indexOf('@');
  return (at < 0 ? uses : uses.slice(0, at)).toLowerCase();
}

/**
 * The folder a `run:` step runs in, as written: its own `working-directory`, else its job's
 * `defaults.run.working-directory`, else the workflow's; undefined for the workspace root.
 */
export function workingDirectory(wf: Workflow, step: WorkflowStep): string | undefined {
  const fromDefaults = (v: Record<string, unknown>): unknown => {
    const run = v.defaults && typeof v.defaults === 'object' ? (v.defaults as Record<string, unknown>).run : undefined;
    return run && typeof run === 'object' ? (run as Record<string, unknown>)['working-directory'] : undefined;
  };
  const dir = [step.value['working-directory'], fromDefaults(step.job.value), fromDefaults(wf.value)].find((d) => typeof d === 'string');
  return dir as string | undefined;
}

export type TokenScope = 'write-all' | 'write' | 'read' | 'default';

/** The job's own `permissions`, else the workflow's; undefined when neither declares any. */
function declaredPermissions(wf: Workflow, job: WorkflowJob): unknown {
  return 'permissions' in job.value ? job.value.permissions : wf.value.permissions;
}

/**
 * What the job's GITHUB_TOKEN may do: its own `permissions`, else the workflow's, else the repository
 * default. Any `write` counts, `id-token` included: rules that weigh everything a step could take
 * read it so. `repositoryTokenScope` leaves `id-token` out.
 */
export function tokenScope(wf: Workflow, job: WorkflowJob): TokenScope {
  return scopeOf(declaredPermissions(wf, job), false);
}

/**
 * The rights the GITHUB_TOKEN itself has on the repository: as `tokenScope`, but `id-token: write`
 * is no write. It gives no right on the repository; it lets the job mint an OIDC token for a cloud
 * role that trusts the repository (see `mintsOidcToken`).
 */
export function repositoryTokenScope(wf: Workflow, job: WorkflowJob): TokenScope {
  return scopeOf(declaredPermissions(wf, job), true);
}

function scopeOf(p: unknown, withoutIdToken: boolean): TokenScope {
  if (p === undefined) return 'default';
  if (p === 'write-all') return 'write-all';
  if (!p || typeof p !== 'object') return 'read';
  return Object.entries(p as Record<string, unknown>).some(([k, v]) => v === 'write' && !(withoutIdToken && k === 'id-token')) ? 'write' : 'read';
}

/**
 * Whether every step of the job can mint an OIDC token (`id-token: write`, or `write-all`): the
 * runner hands each step the request URL and token, and the OIDC token logs in to any cloud role
 * whose trust policy accepts this repository. The default token never has it.
 */
export function mintsOidcToken(wf: Workflow, job: WorkflowJob): boolean {
  const p = declaredPermissions(wf, job);
  return p === 'write-all' || (!!p && typeof p === 'object' && (p as Record<string, unknown>)['id-token'] === 'write');
}

/** A model provider's API key (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `CLAUDE_CODE_OAUTH_TOKEN`): it runs up a bill, it publishes and deploys nothing. */
export const MODEL_KEY_NAME = /(?:ANTHROPIC|OPENAI|GEMINI|GOOGLE_AI|GOOGLE_GENERATIVE_AI|LLM|CLAUDE(?:_CODE)?(?:_OAUTH)?|OPENROUTER|MISTRAL|GROQ|DEEPSEEK|MINIMAX|XAI|COHERE|TOGETHER|FIREWORKS|CONTINUE|AZURE_OPENAI|PERPLEXITY|TAVILY|HUGGINGFACE|HF)_(?:API_)?(?:KEY|TOKEN)$/i;

/**
 * A token that only uploads a report (coverage, code quality) or a secret named for testing
 * (`TEST_DB_PASSWORD`, `E2E_TEST_API_KEY`): it publishes, releases and deploys nothing.
 */
export const REPORT_OR_TEST_KEY_NAME = /^(?:CODECOV|COVERALLS(?:_REPO)?|CODACY(?:_PROJECT)?|CODECLIMATE|CC_TEST_REPORTER|SONAR|DEEPSOURCE)(?:_[A-Z0-9]+)*_(?:TOKEN|ID|KEY)$|(?:^|_)TESTS?(?:_|$)/i;

/** Secrets a step can read (its `with`, its `env`, the job's and the workflow's `env`), GITHUB_TOKEN aside. */
export function secretsHeld(wf: Workflow, job: WorkflowJob, step?: WorkflowStep): string[] {
  const texts = [JSON.stringify(wf.value.env ?? {}), JSON.stringify(job.value.env ?? {})];
  if (step) texts.push(JSON.stringify(step.with), JSON.stringify(step.env), step.run ?? '');
  else texts.push(JSON.stringify(job.value.steps ?? []));
  const names = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)) if (m[1] !== 'GITHUB_TOKEN') names.add(m[1]!);
  return [...names];
}

/** The name of the environment a job waits on (`environment: name`, or `{name: …}`) as written; undefined when it names none. */
export function environmentName(job: WorkflowJob): string | undefined {
  const env = job.value.environment;
  const name = env && typeof env === 'object' ? (env as { name?: unknown }).name : env;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The secrets a job that calls a reusable workflow hands it (`secrets: {key: ${{ secrets.X }}}`):
 * the called workflow sees no other, whatever the caller's environment holds. `secrets: inherit`
 * hands it every one, named here as `inherit`.
 */
export function secretsPassed(job: WorkflowJob): string[] {
  const given = job.value.secrets;
  if (given === 'inherit') return ['inherit'];
  return [...new Set([...JSON.stringify(given ?? {}).matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!).filter((n) => n !== 'GITHUB_TOKEN'))];
}

/**
 * A decision an earlier job makes and this one requires (`needs.analyze.outputs.eligible == 'true'`,
 * no alternative beside it): a check this file does not show (a script's verdict on the author or the
 * head repository). A skip switch (`… != 'true' || …`) is none. Returns the job and the output.
 */
export function requiredDecision(job: WorkflowJob): { job: string; output: string } | undefined {
  const own = typeof job.value.if === 'string' ? job.value.if : '';
  const decided = /\bneeds\.([\w-]+)\.outputs\.([\w-]+)\s*==\s*(?:'true'|"true"|true\b)/.exec(own);
  return decided && !own.includes('||') ? { job: decided[1]!, output: decided[2]! } : undefined;
}

/** The jobs a job names under `needs:` (one id or a list). */
export function needsOf(job: WorkflowJob): string[] {
  const needs = job.value.needs;
  return typeof needs === 'string' ? [needs] : Array.isArray(needs) ? needs.filter((n): n is string => typeof n === 'string') : [];
}
