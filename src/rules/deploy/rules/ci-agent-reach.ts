/**
 * What a coding agent in CI can reach beyond its own step: whether the commands it runs inherit
 * the job's secrets (an agent may document a switch that strips them).
 */
import type { Workflow, WorkflowStep } from '../formats.js';
import type { AgentUse } from './ci-agents.js';
import { commandText } from './ci-agents.js';

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
