/**
 * `agentwarden policy learn <benign sessions…> --output policy.yaml`: a commented replay policy
 * generalised from benign sessions (tools, argument constraints, call budgets, approvals as seen).
 *
 * `agentwarden policy test <policy> <sessions…>`: replay the sessions against the policy (one
 * sandboxed process for all of them) and print what each rule of the policy caught.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Report } from '../core/types.js';
import { runReplay } from './replay.js';
import { collectSessions } from '../replay/collect.js';
import { readFacts } from '../replay/learn/read.js';
import { learnPolicy } from '../replay/learn/generalise.js';
import { loadPolicy } from '../replay/policy.js';
import { ConfigError } from '../replay/config.js';
import { printable } from '../replay/recorder.js';
import { escapeRegExp } from '../core/regex.js';

export interface LearnOptions {
  output?: string;
  inputFormat?: string;
  root?: string;
}

/** Learns a policy; returns the exit code (0, or 2 on a usage error). */
export async function runPolicyLearn(files: string[], opts: LearnOptions, out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  const root = resolve(opts.root ?? process.cwd());
  let refs;
  try {
    if (!files.length) throw new Error('policy learn needs at least one session file');
    const collected = collectSessions(root, files, { sandbox: false });
    for (const f of collected.failed) err(`agentwarden: ${f.path}: ${f.message}\n`);
    refs = collected.files;
    if (!refs.length) throw new Error(`no session files (.json, .jsonl) found in ${files.join(', ')}`);
  } catch (e) {
    err(`agentwarden: ${(e as Error).message}\n`);
    return 2;
  }
  const { sessions, errors } = await readFacts(refs, opts.inputFormat);
  for (const e of errors) err(`agentwarden: ${printable(e.path)}: ${printable(e.message)}\n`);
  if (!sessions.length) {
    err('agentwarden: no session could be read; nothing learned\n');
    return 2;
  }
  const yaml = learnPolicy(sessions, { sources: refs.map((r) => r.rel) });
  if (opts.output) {
    writeFileSync(resolve(root, opts.output), yaml);
    err(`agentwarden: learned a policy from ${sessions.length} session${sessions.length === 1 ? '' : 's'} → ${opts.output}\n`);
  } else out(yaml);
  return 0;
}

export interface PolicyTestOptions {
  inputFormat?: string;
  json?: boolean;
  root?: string;
  sandbox?: boolean;
}

export interface RuleCatch {
  /** `policy.yaml:12`, or a built-in check (`provenance`, `high-risk`). */
  rule: string;
  calls: number;
  sessions: string[];
}

/** What each rule of the policy caught: tallied from the steps' reasons that cite the policy file. */
export function tallyCatches(report: Report, policyRel: string): RuleCatch[] {
  const byRule = new Map<string, { calls: number; sessions: Set<string> }>();
  const cite = new RegExp(`${escapeRegExp(policyRel)}:(\\d+)`, 'g');
  for (const s of report.sessions ?? []) {
    for (const step of s.steps) {
      if (step.kind !== 'tool-call' || !step.verdict || step.verdict === 'allow') continue;
      const rules = new Set<string>();
      for (const r of step.reasons) {
        for (const m of r.matchAll(cite)) rules.add(`${policyRel}:${m[1]}`);
        if (r.startsWith('provenance:') && !r.includes(policyRel) && /came only from|must come from/.test(r)) rules.add('provenance (untrusted argument)');
        if (/is not in tools\.allow/.test(r)) rules.add(`${policyRel} tools.allow`);
      }
      for (const rule of rules) {
        const t = byRule.get(rule) ?? { calls: 0, sessions: new Set<string>() };
        t.calls++;
        t.sessions.add(s.path);
        byRule.set(rule, t);
      }
    }
  }
  return [...byRule.entries()].map(([rule, t]) => ({ rule, calls: t.calls, sessions: [...t.sessions] })).sort((a, b) => b.calls - a.calls || a.rule.localeCompare(b.rule));
}

export async function runPolicyTest(policy: string, files: string[], opts: PolicyTestOptions, out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  const root = resolve(opts.root ?? process.cwd());
  try {
    loadPolicy(resolve(root, policy), policy);
  } catch (e) {
    err(`agentwarden: ${e instanceof ConfigError ? e.message : (e as Error).message}\n`);
    return 2;
  }
  const { report, exitCode } = await runReplay(files, { policy, inputFormat: opts.inputFormat, root, sandbox: opts.sandbox, failOn: 'none' });
  if (exitCode === 2 && !report.sessions?.length) {
    for (const e of report.errors) err(`agentwarden: ${e.path ? `${e.path}: ` : ''}${e.message}\n`);
    return 2;
  }
  const policyRel = report.sessions?.[0]?.policy ?? policy;
  const catches = tallyCatches(report, policyRel);
  if (opts.json) {
    out(`${JSON.stringify({ policy: policyRel, sessions: report.sessions?.length ?? 0, findings: report.findings.length, rules: catches, errors: report.errors }, null, 2)}\n`);
  } else {
    const sessions = report.sessions ?? [];
    const withFindings = new Set(report.findings.map((f) => f.location.path)).size;
    out(`${policyRel}: ${sessions.length} session${sessions.length === 1 ? '' : 's'} replayed, ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} in ${withFindings} file${withFindings === 1 ? '' : 's'}\n`);
    if (!catches.length) out('  no rule caught anything\n');
    for (const c of catches) {
      const list = c.sessions.slice(0, 3).map(printable).join(', ');
      out(`  ${printable(c.rule)}: ${c.calls} call${c.calls === 1 ? '' : 's'} in ${c.sessions.length} session file${c.sessions.length === 1 ? '' : 's'} (${list}${c.sessions.length > 3 ? ', …' : ''})\n`);
    }
    for (const e of report.errors.slice(0, 20)) err(`agentwarden: ${e.path ? `${printable(e.path)}: ` : ''}${printable(e.message)}\n`);
  }
  return exitCode === 2 ? 2 : 0;
}
