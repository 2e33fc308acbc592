/** Reading GitHub Actions workflows and composite actions into jobs and steps that keep their YAML nodes. */
import type { Node as YamlNode } from 'yaml';
import { yamlAt, yamlEntries, yamlItems, type YamlDoc } from '../../parsers/yaml.js';

export interface WorkflowStep {
  job: WorkflowJob;
  node: YamlNode;
  value: Record<string, unknown>;
  uses?: string;
  run?: string;
  with: Record<string, unknown>;
  env: Record<string, unknown>;
}

export interface WorkflowJob {
  id: string;
  node: YamlNode;
  keyNode: YamlNode;
  value: Record<string, unknown>;
  steps: WorkflowStep[];
}

export interface Workflow {
  root: YamlNode;
  value: Record<string, unknown>;
  jobs: WorkflowJob[];
  /** Trigger names (`on:` as a string, list or map). */
  triggers: string[];
}

export function readWorkflow(doc: YamlDoc, format: 'workflow' | 'action'): Workflow {
  const root = doc.document.contents as YamlNode;
  const value = doc.value as Record<string, unknown>;
  const jobs: WorkflowJob[] = [];
  if (format === 'action') {
    const runsNode = yamlAt(root, ['runs']);
    const runs = (value.runs ?? {}) as Record<string, unknown>;
    if (runsNode) {
      const job: WorkflowJob = { id: '(composite action)', node: runsNode, keyNode: runsNode, value: runs, steps: [] };
      job.steps = readSteps(job);
      jobs.push(job);
    }
  } else {
    const jobsValue = (value.jobs ?? {}) as Record<string, unknown>;
    for (const [id, keyNode, node] of yamlEntries(yamlAt(root, ['jobs']))) {
      const v = jobsValue[id];
      if (!node || !v || typeof v !== 'object') continue;
      const job: WorkflowJob = { id, node, keyNode, value: v as Record<string, unknown>, steps: [] };
      job.steps = readSteps(job);
      jobs.push(job);
    }
  }
  const triggers = triggersOf(value);
  // A job that never runs holds no risk: no rule reads it.
  const live = jobs.filter((job) => !neverRuns(job.value.if) && !needsOtherEvent(job.value.if, triggers));
  return { root, value, jobs: live, triggers };
}

/** A workflow's trigger names (`on:` as a string, list or map). */
export function triggersOf(value: Record<string, unknown> | null | undefined): string[] {
  const on = value?.on ?? value?.true; // YAML 1.1 readers turn a bare `on` into `true`
  return typeof on === 'string' ? [on] : Array.isArray(on) ? on.map(String) : on && typeof on === 'object' ? Object.keys(on) : [];
}

/** `if: false`, `if: ${{ false }}`, `if: false && …` (a job or step switched off by hand): it never runs. */
export function neverRuns(condition: unknown): boolean {
  return condition === false || (typeof condition === 'string' && /^\s*(?:\$\{\{\s*)?false\s*(?:\}\}\s*$|&&|$)/.test(condition));
}

/** `if: github.event_name == 'issue_comment' && …` */
const REQUIRED_EVENT = /^\s*(?:\$\{\{\s*)?\(?\s*github\.event_name\s*==\s*'([\w-]+)'\s*\)?\s*(?:&&|\}\}\s*$|$)/;

/**
 * A job whose condition starts by requiring an event (`github.event_name == 'issue_comment' && …`)
 * that the workflow's triggers never send: left over when a trigger was switched off (`on:` cut
 * down to `workflow_dispatch`), it is always skipped. A reusable workflow (`workflow_call`) sees its
 * caller's event, so it may run on any.
 */
function needsOtherEvent(condition: unknown, triggers: string[]): boolean {
  if (typeof condition !== 'string' || triggers.length === 0 || triggers.includes('workflow_call')) return false;
  const event = REQUIRED_EVENT.exec(condition)?.[1];
  return event !== undefined && !triggers.includes(event);
}

function readSteps(job: WorkflowJob): WorkflowStep[] {
  const list = (job.value.steps ?? []) as unknown[];
  return yamlItems(yamlAt(job.node, ['steps'])).flatMap((node, i) => {
    const v = Array.isArray(list) ? (list[i] as Record<string, unknown> | undefined) : undefined;
    if (!v || typeof v !== 'object') return [];
    return [
      {
        job,
        node,
        value: v,
        uses: typeof v.uses === 'string' ? v.uses : undefined,
        run: typeof v.run === 'string' ? v.run : undefined,
        with: (v.with && typeof v.with === 'object' ? v.with : {}) as Record<string, unknown>,
        env: (v.env && typeof v.env === 'object' ? v.env : {}) as Record<string, unknown>,
      },
    ];
  });
}

