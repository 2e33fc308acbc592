/**
 * The policy's argument constraints, checked against one call's arguments.
 */
import type { ArgumentRule } from '../policy.js';
import { RULES } from '../rules.js';
import type { Pending } from './types.js';

export function getPath(v: unknown, path: string): unknown {
  let cur = v;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function checkArguments(p: Pending, rule: ArgumentRule, summary: () => string): void {
  const e = p.e;
  const label = `argument constraint ${rule.where}${rule.path ? ` (${rule.path})` : ''}`;
  if (!e.argsRecorded) {
    p.checks.push({ verdict: 'unknown', reason: `${label} not checked: arguments not recorded` });
    return;
  }
  const value = rule.path ? getPath(e.args, rule.path) : p.argsText;
  if (value === undefined) {
    p.step.reasons.push(`${label}: argument absent`);
    return;
  }
  const problems: string[] = [];
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value) ?? '';
  const num = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined;
  if (rule.equals !== undefined && value !== rule.equals) problems.push(`is not ${JSON.stringify(rule.equals)}`);
  if (rule.oneOf && !rule.oneOf.some((x) => x === value)) problems.push(`is not one of the allowed values`);
  if (rule.pattern) {
    rule.pattern.lastIndex = 0;
    if (!rule.pattern.test(text.slice(0, 65536))) problems.push(`does not match /${rule.pattern.source}/`);
  }
  if (rule.notPattern) {
    rule.notPattern.lastIndex = 0;
    if (rule.notPattern.test(text.slice(0, 65536))) problems.push(`matches the forbidden /${rule.notPattern.source}/`);
  }
  if (rule.min !== undefined && (num === undefined || num < rule.min)) problems.push(num === undefined ? 'is not a number' : `is below ${rule.min}`);
  if (rule.max !== undefined && (num === undefined || num > rule.max)) problems.push(num === undefined ? 'is not a number' : `is above ${rule.max}`);
  if (rule.maxLength !== undefined && text.length > rule.maxLength) problems.push(`is longer than ${rule.maxLength}`);
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
