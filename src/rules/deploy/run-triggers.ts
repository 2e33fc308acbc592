/**
 * What can start the run a `workflow_run` workflow follows. Its `workflows:` names other workflows of
 * the same folder (by their `name:`, or their file path when they have none); when every one of them
 * is found and none starts on an event an outsider can cause (a pull request, an issue, a comment),
 * the triggering run's head is always the repository's own code: a push, a schedule, a manual run.
 * The sibling files read are reported through `dependsOn`, so a cached result goes when one changes.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readRootFile, type DependsOn } from '../../core/root-file.js';
import type { SourceFile } from '../../core/source.js';
import { yamlLib } from '../../parsers/libraries.js';
import { triggersOf } from './workflow-format.js';

/** Events an outsider can cause, or a chained run that may follow one. */
export const OUTSIDE_EVENTS = new Set([
  'pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment', 'issues', 'issue_comment',
  'discussion', 'discussion_comment', 'workflow_run', 'fork', 'watch', 'create', 'delete',
]);

/**
 * Events an outsider can cause whose run still holds the repository's token with the rights the
 * workflow grants: a pull request from a fork (`pull_request`, its reviews) gets a read-only token
 * whatever the workflow asks, these do not.
 */
export const OUTSIDER_WRITE_EVENTS = new Set(['pull_request_target', 'issues', 'issue_comment', 'discussion', 'discussion_comment', 'workflow_run', 'fork', 'watch']);

/** The names in `on.workflow_run.workflows`. */
export function followedWorkflows(on: unknown): string[] {
  const run = on && typeof on === 'object' ? (on as Record<string, unknown>).workflow_run : undefined;
  const names = run && typeof run === 'object' ? (run as Record<string, unknown>).workflows : undefined;
  return Array.isArray(names) ? names.map(String) : typeof names === 'string' ? [names] : [];
}

/**
 * Whether every workflow `names` lists is in `file`'s folder and starts only on the repository's own
 * events. Undefined names, an unreadable folder or an unparsable sibling answer no.
 */
export function followsOwnRunsOnly(file: SourceFile, names: string[], dependsOn?: DependsOn): boolean {
  const root = file.root;
  if (!names.length || root === undefined) return false;
  const relDir = path.posix.dirname(file.relPath);
  let entries: string[];
  try {
    entries = readdirSync(path.join(root, relDir)).filter((n) => /\.ya?ml$/i.test(n) && `${relDir}/${n}` !== file.relPath);
  } catch {
    return false;
  }
  const wanted = new Set(names);
  const found = new Set<string>();
  for (const entry of entries) {
    const relPath = `${relDir}/${entry}`;
    const text = readRootFile(root, relPath, dependsOn);
    if (text === undefined) continue;
    const name = /^name:[ \t]*(["']?)(.*?)\1[ \t]*(?:#.*)?$/m.exec(text)?.[2] ?? relPath;
    if (!wanted.has(name)) continue;
    let events: string[];
    try {
      events = triggersOf(yamlLib().parse(text, { logLevel: 'silent' }) as Record<string, unknown> | null);
    } catch {
      return false;
    }
    if (!events.length || events.some((e) => OUTSIDE_EVENTS.has(e))) return false;
    found.add(name);
  }
  return names.every((n) => found.has(n));
}
