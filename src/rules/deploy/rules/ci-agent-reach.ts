/**
 * What a coding agent in CI can reach beyond its own step, and what can reach it: whether the
 * commands it runs inherit the job's secrets (an agent may document a switch that strips them),
 * who writes the text that steers it (outsiders through the event, third parties through packages
 * an earlier step upgraded, or only the maintainers), and which stored secrets later steps of the
 * same job use (the agent's commands run on the same runner before them).
 */
import type { Workflow, WorkflowStep } from '../formats.js';
import type { AgentUse } from './ci-agents.js';
import { commandText } from './ci-agents.js';
import { MODEL_KEY_NAME, REPORT_OR_TEST_KEY_NAME, secretsHeld } from './workflow-util.js';
import { OUTSIDE_EVENTS } from '../run-triggers.js';

/**
 * Switches an agent documents for running its commands without the secrets in its environment:
 * the variable that turns it on, the agents (by family) that read it, and the action input with which
 * the action turns it on by itself. Claude Code's `CLAUDE_CODE_SUBPROCESS_ENV_SCRUB` strips
 * Anthropic, cloud and GitHub Actions secrets from every command it runs (and isolates them where
 * bubblewrap is present); claude-code-action sets it whenever `allowed_non_write_users` is given,
 * unless the workflow sets it to `0`.
 */
const ENV_SCRUB: { family: string; variable: string; action?: { name: RegExp; input: string } }[] = [
  { family: 'claude', variable: 'CLAUDE_CODE_SUBPROCESS_ENV_SCRUB', action: { name: /^anthropics\/claude-code-action$/, input: 'allowed_non_write_users' } },
];

const TRUE = /^\s*(?:1|true|yes|on)\s*$/i;

/** The value the step sees for a variable from the `env:` maps: its own, else its job's, else the workflow's. */
function envValue(wf: Workflow, step: WorkflowStep, name: string): string | undefined {
  for (const env of [step.env, step.job.value.env, wf.value.env]) {
    if (env && typeof env === 'object' && name in (env as Record<string, unknown>)) return String((env as Record<string, unknown>)[name] ?? '');
  }
  return undefined;
}

/** Whether the step's script, or an earlier step through `$GITHUB_ENV`, sets the variable on (`export X=1`, `X=1 claude …`). */
function setInScript(step: WorkflowStep, index: number, name: string): boolean {
  const set = new RegExp(String.raw`(?:^|[\s;&|(])(?:export\s+)?${name}=["']?(?:1|true|yes|on)\b`, 'im');
  if (step.run && set.test(commandText(step.run))) return true;
  return step.job.steps.slice(0, Math.max(index, 0)).some((s) => s.run !== undefined && /GITHUB_ENV/.test(s.run) && set.test(s.run));
}

/**
 * The setting that keeps the job's secrets out of the commands the agent runs, as the workflow
 * writes it (`CLAUDE_CODE_SUBPROCESS_ENV_SCRUB=1`, `allowed_non_write_users`), or undefined.
 */
export function subprocessScrub(wf: Workflow, use: AgentUse): string | undefined {
  const step = use.step;
  if (!step) return undefined;
  for (const s of ENV_SCRUB) {
    if (use.family !== s.family) continue;
    const value = envValue(wf, step, s.variable);
    if (value !== undefined && TRUE.test(value)) return `${s.variable}=${value.trim()}`;
    if (setInScript(step, use.index, s.variable)) return `${s.variable}=1`;
    const given = s.action && step.uses && s.action.name.test(use.label) ? String(step.with[s.action.input] ?? '').trim() : '';
    // The action turns the switch on for the input unless the workflow turns it off (`0`).
    if (given && (value === undefined || value.trim() === '')) return `${s.action!.input} (with which the action sets ${s.variable})`;
  }
  return undefined;
}

/**
 * A value the agent's step takes that names free text by its field (`matrix.pr_title`,
 * `steps.notes.outputs.issue_body`, `github.event.head_commit.message`): on a schedule too, it may
 * carry what the author of a pull request, an issue or a commit wrote. A manual run's own inputs
 * (`inputs.description`) are the maintainer's.
 */
const TEXT_FIELD = /\b([\w-]+(?:\.[\w-]+)*?[._](?:\w+_)?(?:title|body|comment|message|description))\b/gi;

function textCarried(step: WorkflowStep | undefined): string | undefined {
  if (!step) return undefined;
  for (const expression of JSON.stringify([step.with, step.env, step.run ?? '']).match(/\$\{\{[^}]*\}\}/g) ?? []) {
    for (const m of expression.matchAll(TEXT_FIELD)) if (!/^(?:github\.event\.)?inputs\./.test(m[1]!)) return `\`${m[1]}\``;
  }
  return undefined;
}

/** Commands that bring new third-party code into the working tree: a dependency upgrade. */
const UPGRADES =
  /(?:^|[\s;&|(])(?:uv\s+lock\b[^\n]*\s(?:-U|--upgrade)\b|uv\s+(?:sync|pip\s+install)\b[^\n]*\s(?:-U|--upgrade)\b|(?:pnpm|npm|yarn|bun)\s+(?:-\S+\s+)*(?:update|upgrade|up)\b|pip3?\s+install\b[^\n]*\s(?:-U|--upgrade)\b|poetry\s+update\b|cargo\s+update\b|go\s+get\s+(?:-\S+\s+)*-u\b|bundle\s+update\b|composer\s+update\b|npx\s+(?:-y\s+)?npm-check-updates\b[^\n]*\s-u\b)/m;

export type AgentInput =
  | { kind: 'outsiders'; why: string; carried?: boolean }
  | { kind: 'third-party'; why: string }
  | { kind: 'insiders'; why: string };

/**
 * Who writes what steers the agent. Outsiders, when the workflow starts on an event an outsider can
 * cause (an issue, a comment, a pull request, a run that follows one): its text reaches the agent,
 * in its prompt or through the event the action reads; also when the prompt takes a value named for
 * free text (a pull request's title carried in a matrix). Third parties, when only maintainers start
 * it but an earlier step of the job upgraded dependencies: the agent reads and runs packages
 * nobody here has reviewed. Otherwise the maintainers alone: a schedule, a manual run or a push, with
 * a prompt built from the repository and the run's own values. A reusable workflow (`workflow_call`)
 * runs on its caller's event, which this file does not show.
 */
export function agentInput(wf: Workflow, use: AgentUse): AgentInput {
  // A composite action runs on its callers' events, which this file does not show.
  if (wf.triggers.length === 0) return { kind: 'outsiders', why: "it runs on its callers' events" };
  const outside = wf.triggers.filter((t) => OUTSIDE_EVENTS.has(t) || t === 'workflow_call');
  if (outside.length) return { kind: 'outsiders', why: `it starts on ${outside.join(', ')}` };
  const carried = textCarried(use.step);
  if (carried) return { kind: 'outsiders', why: `its prompt takes ${carried}, text a pull request's, an issue's or a commit's author may have written`, carried: true };
  const upgrade = use.job.steps.slice(0, Math.max(use.index, 0)).map((s) => (s.run ? UPGRADES.exec(commandText(s.run)) : null)).find(Boolean);
  if (upgrade) return { kind: 'third-party', why: `an earlier step upgrades dependencies (\`${upgrade[0].trim()}\`), so it reads and runs packages nobody here reviewed` };
  const starts = wf.triggers.length ? wf.triggers.join(', ').replace(/, ([^,]*)$/, ' and $1') : 'its maintainers';
  return { kind: 'insiders', why: `only ${starts} start${wf.triggers.length === 1 ? 's' : ''} it, and no outsider's text reaches its prompt` };
}

/**
 * Stored secrets that steps after the agent's use, other than model keys and report or test tokens:
 * files, git hooks or programs the agent leaves on the runner run with them (a later `git commit`
 * runs the hooks it planted).
 */
export function laterSecrets(wf: Workflow, use: AgentUse): string[] {
  if (!use.step) return [];
  const own = new Set(secretsHeld(wf, use.job, use.step));
  const later = use.job.steps.slice(use.index + 1).flatMap((s) => secretsHeld(wf, use.job, s));
  return [...new Set(later)].filter((s) => !own.has(s) && !MODEL_KEY_NAME.test(s) && !REPORT_OR_TEST_KEY_NAME.test(s));
}

/** Event text outsiders write, as the agent's inputs or script name it. */
const EVENT_TEXT = /github\.event\.(?:issue|pull_request|comment|review|review_comment|discussion)\.(?:title|body)\b|github\.head_ref\b/g;

/** The outsider-written event fields the agent's step puts in its prompt (`github.event.issue.title`), joined for a message; undefined when none. */
export function eventTextIn(step: WorkflowStep | undefined): string | undefined {
  if (!step) return undefined;
  const found = [...new Set(JSON.stringify([step.with, step.env, step.run ?? '']).match(EVENT_TEXT) ?? [])];
  return found.length ? found.join(', ') : undefined;
}
