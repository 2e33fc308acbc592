import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runReplay, type ReplayOptions } from '../../src/commands/replay.js';
import { parseYamlText } from '../../src/replay/config.js';
import { parsePolicy } from '../../src/replay/policy.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(ROOT, 'fixtures', 'sessions');

export interface Expected {
  format: string;
  policy?: string;
  approvals?: string[];
  verdicts: [string, string][];
  findings: string[];
  note?: string;
}

export interface FixtureCase {
  name: string;
  file: string;
  expected: Expected;
}

/** Every `<name>.expected.json` under fixtures/sessions, with its session file. */
export function fixtureCases(): FixtureCase[] {
  const out: FixtureCase[] = [];
  for (const dir of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!dir.isDirectory() || dir.name === 'policies') continue;
    const folder = join(FIXTURES, dir.name);
    const files = readdirSync(folder);
    for (const f of files) {
      if (!f.endsWith('.expected.json')) continue;
      const base = f.slice(0, -'.expected.json'.length);
      const session = files.find((x) => x !== f && x.startsWith(`${base}.`) && !x.endsWith('.expected.json'));
      if (!session) throw new Error(`no session file for ${dir.name}/${f}`);
      out.push({ name: `${dir.name}/${session}`, file: join(folder, session), expected: JSON.parse(readFileSync(join(folder, f), 'utf8')) as Expected });
    }
  }
  return out;
}

/** Replay in process (the sandbox has its own tests). */
export function replayInProcess(files: string[], opts: ReplayOptions = {}) {
  return runReplay(files, { root: ROOT, sandbox: false, ...opts });
}

export function toolVerdicts(report: Awaited<ReturnType<typeof runReplay>>['report']): [string, string][] {
  return (report.sessions ?? []).flatMap((s) => s.steps.filter((st) => st.kind === 'tool-call').map((st) => [st.tool ?? '', st.verdict ?? ''] as [string, string]));
}

import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** A scratch directory removed by `cleanup()`. */
export function scratch(): { dir: string; write(name: string, content: string | object[]): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'aw-replay-test-'));
  return {
    dir,
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, typeof content === 'string' ? content : `${content.map((l) => JSON.stringify(l)).join('\n')}\n`);
      return path;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const SESSION = { type: 'session', schema: 'agentwarden.session/v1' } as const;

/** Replay a normalized session given as events (and optional YAML policy text), in process. */
export async function replayEvents(events: object[], opts: { policy?: string; approvals?: string; root?: string } & Omit<ReplayOptions, 'policy' | 'approvals'> = {}) {
  const s = scratch();
  try {
    const file = s.write('session.jsonl', events);
    const policy = opts.policy !== undefined ? s.write('policy.yaml', opts.policy) : undefined;
    const approvals = opts.approvals !== undefined ? [s.write('approvals.yaml', opts.approvals)] : undefined;
    const { policy: _p, approvals: _a, ...rest } = opts;
    return await runReplay([file], { root: s.dir, sandbox: false, ...rest, policy, approvals });
  } finally {
    s.cleanup();
  }
}

export function callSteps(report: Awaited<ReturnType<typeof runReplay>>['report']) {
  return (report.sessions ?? []).flatMap((s) => s.steps.filter((st) => st.kind === 'tool-call'));
}

export function ruleIds(report: Awaited<ReturnType<typeof runReplay>>['report']): string[] {
  return report.findings.map((f) => f.ruleId).sort();
}

/** The error a policy text gets from validation, or `(no error)`. */
export function policyError(text: string): string {
  try {
    parsePolicy(parseYamlText(text, 'policy.yaml'), '/tmp');
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
}
