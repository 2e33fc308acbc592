/**
 * The policy's argument constraints, checked against one call's arguments. A path is dotted keys,
 * with `[]` or `*` standing for every element of a list: each element is checked.
 */
import type { ArgumentRule } from '../policy.js';
import { RULES } from '../rules.js';
import { hostOf } from '../decisive-values.js';
import type { Pending } from './types.js';

export interface PathValue {
  /** Concrete path, `recipients[1]`. */
  path: string;
  value: unknown;
}

/** The values a path selects (every list element for `[]` / `*`). */
export function valuesAt(v: unknown, path: string): PathValue[] {
  const parts = path.replace(/\[\]/g, '.*').split('.').filter(Boolean);
  let cur: PathValue[] = [{ path: '', value: v }];
  for (const part of parts) {
    const next: PathValue[] = [];
    for (const c of cur) {
      const x = c.value;
      if (part === '*') {
        if (Array.isArray(x)) x.slice(0, 1000).forEach((el, i) => next.push({ path: `${c.path}[${i}]`, value: el }));
        else if (x && typeof x === 'object') for (const [k, el] of Object.entries(x).slice(0, 1000)) next.push({ path: c.path ? `${c.path}.${k}` : k, value: el });
        continue;
      }
      if (x === null || typeof x !== 'object' || !Object.prototype.hasOwnProperty.call(x, part)) continue;
      next.push({ path: c.path ? `${c.path}.${part}` : part, value: (x as Record<string, unknown>)[part] });
    }
    cur = next;
  }
  return cur;
}

export function getPath(v: unknown, path: string): unknown {
  return valuesAt(v, path)[0]?.value;
}

/** Whether a rule's path (with `[]` / `*`) covers a concrete path like `recipients[0]`. */
export function pathCovers(rulePath: string | undefined, concrete: string): boolean {
  if (rulePath === undefined) return true;
  const norm = (x: string): string => x.replace(/\[\d*\]/g, '.*').replace(/^\.|\.$/g, '');
  const a = norm(rulePath).split('.');
  const b = norm(concrete).split('.');
  // a rule on a list argument (`recipients`) covers its elements (`recipients[0]`)
  while (b.length > a.length && b[b.length - 1] === '*') b.pop();
  return a.length === b.length && a.every((x, i) => x === '*' || x === b[i] || b[i] === '*');
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value) ?? '';
}

const NUMBERISH = /^\+?[A-Za-z]{0,2}[\d\s.-]*\d[A-Za-z\d\s.-]{4,}$/;

function same(a: unknown, b: unknown, ignoreCase: boolean | undefined): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') {
    if (!ignoreCase) return false;
    if (a.trim().toLowerCase() === b.trim().toLowerCase()) return true;
    // account and phone numbers: spaces, dashes and dots between digits do not count
    return NUMBERISH.test(a) && NUMBERISH.test(b) && a.replace(/[\s.-]/g, '').toLowerCase() === b.replace(/[\s.-]/g, '').toLowerCase();
  }
  if (typeof a === 'number' && typeof b === 'string') return b.trim() !== '' && Number(b) === a;
  if (typeof b === 'number' && typeof a === 'string') return a.trim() !== '' && Number(a) === b;
  return false;
}

const URLISH = /\b(?:(?:https?|wss?|ftp):\/\/|www\.)[^\s"'<>`)\]},]{2,2048}/gi;
const BARE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?::\d{1,5})?(?:\/\S*)?$/i;

/** Hosts named in a value: the hosts of its URLs, or the value itself when it is a bare host. */
export function hostsIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(URLISH)) out.add(hostOf(m[0]));
  if (!out.size && BARE.test(text.trim())) out.add(hostOf(text.trim()));
  return [...out].filter(Boolean);
}

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}/g;

/** Email addresses in a value's text, lowercased. */
export function emailsIn(text: string): string[] {
  return [...new Set([...text.matchAll(EMAIL)].map((m) => m[0].toLowerCase()))];
}

function emailAllowed(rule: ArgumentRule, address: string): boolean {
  return !!rule.emails!.match(address);
}

function hostAllowed(rule: ArgumentRule, host: string): boolean {
  return !!rule.hosts!.match(host, `www.${host}`);
}

/** Whether a rule with a list of admitted values (oneOf, equals, hosts) admits this value at this path. */
export function admits(rule: ArgumentRule, concretePath: string, value: string): boolean {
  if (!pathCovers(rule.path, concretePath)) return false;
  if (rule.oneOf && rule.oneOf.some((x) => same(x, value, true))) return true;
  if (rule.equals !== undefined && same(rule.equals, value, true)) return true;
  if (rule.hosts) {
    const hosts = hostsIn(value);
    if (hosts.length && hosts.every((h) => hostAllowed(rule, h))) return true;
  }
  if (rule.emails) {
    const list = emailsIn(value);
    if (list.length && list.every((a) => emailAllowed(rule, a))) return true;
  }
  return false;
}

/** Whether the user (system prompt, policy) supplied a value: answered by provenance. */
export type FromUser = (value: string) => boolean;

/** Values seen in earlier calls, for `sameAs`. */
export type EarlierValues = (tool: ArgumentRule['sameAs'] & object) => unknown[] | undefined;

export function checkArguments(p: Pending, rule: ArgumentRule, summary: () => string, earlier?: EarlierValues, fromUser?: FromUser): void {
  const e = p.e;
  const label = `argument constraint ${rule.where}${rule.path ? ` (${rule.path})` : ''}`;
  if (!e.argsRecorded) {
    p.checks.push({ verdict: 'unknown', reason: `${label} not checked: arguments not recorded` });
    return;
  }
  const selected = rule.path ? valuesAt(e.args, rule.path) : [{ path: '', value: p.argsText }];
  if (!selected.length) {
    p.step.reasons.push(`${label}: argument absent`);
    return;
  }
  const problems: string[] = [];
  const add = (where: string, what: string): void => {
    const s = `${where ? `${where} ` : ''}${what}`;
    if (problems.length < 6 && !problems.includes(s)) problems.push(s);
  };
  const sameAs = rule.sameAs && earlier ? earlier(rule.sameAs) : undefined;
  for (const { path, value } of selected) {
    if (value === undefined || (value === null && rule.path)) continue;
    const at = selected.length > 1 ? path : '';
    const text = textOf(value);
    const num = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined;
    if (rule.equals !== undefined && !same(rule.equals, value, rule.ignoreCase)) add(at, `is not ${JSON.stringify(rule.equals)}`);
    const userSupplied = (x: string): boolean => !!rule.allowFromUser && !!fromUser && fromUser(x);
    if (rule.oneOf && !rule.oneOf.some((x) => same(x, value, rule.ignoreCase)) && !userSupplied(text)) add(at, 'is not one of the allowed values');
    if (rule.pattern && !rule.pattern.test(text)) add(at, `does not match /${rule.pattern.source}/`);
    if (rule.notPattern?.test(text)) add(at, `matches the forbidden /${rule.notPattern.source}/`);
    if (rule.min !== undefined && (num === undefined || num < rule.min)) add(at, num === undefined ? 'is not a number' : `is below ${rule.min}`);
    if (rule.max !== undefined && (num === undefined || num > rule.max)) add(at, num === undefined ? 'is not a number' : `is above ${rule.max}`);
    if (rule.maxLength !== undefined && text.length > rule.maxLength) add(at, `is longer than ${rule.maxLength}`);
    if (rule.hosts) {
      const bad = hostsIn(text.slice(0, 65536)).filter((h) => !hostAllowed(rule, h) && !userSupplied(h));
      if (bad.length) add(at, `names host ${bad.slice(0, 3).join(', ')}, not among the allowed hosts`);
    }
    if (rule.emails) {
      const bad = emailsIn(text.slice(0, 65536)).filter((a) => !emailAllowed(rule, a) && !userSupplied(a));
      if (bad.length) add(at, `names address ${bad.slice(0, 3).join(', ')}, not among the allowed addresses`);
    }
    if (rule.sameAs && sameAs !== undefined && !sameAs.some((x) => same(x, value, true))) add(at, `is not among the values of ${rule.sameAs.path} in an earlier call`);
  }
  if (!problems.length) return;
  const what = `${rule.path ?? 'the arguments'} ${problems.join(', ')}`;
  const message = rule.message ? `${rule.message} (${what})` : what;
  if (rule.verdict === 'needs-approval') {
    p.needs.push({ rule: RULES.approvalRequired, severity: rule.severity, why: `${label}: ${message}`, taxonomy: false });
    return;
  }
  p.checks.push({
    verdict: 'deny',
    reason: `${label}: ${message}`,
    finding: {
      rule: RULES.argumentConstraint,
      severity: rule.severity,
      message: `Step ${p.index}: ${p.actor} called ${e.tool} with arguments the policy forbids: ${message} (${rule.where}).`,
      key: `${rule.where}:${e.tool}:${e.callId ?? p.index}`,
      evidence: summary(),
    },
  });
}
