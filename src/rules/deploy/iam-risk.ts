/**
 * What an AWS IAM grant reaches (`rules/deploy/iam-risk.yaml`), loaded once and validated against
 * `schema/iam-risk.schema.json`: the class of an action (`iam:PassRole` escalation,
 * `secretsmanager:GetSecretValue` credentials, `s3:GetObject` data, `bedrock:InvokeModel` invoke …)
 * and of an AWS managed policy, worst first, each with its severity and what a finding says of it.
 */
import path from 'node:path';
import { loadValidated } from '../../core/data-file.js';
import { RULES_DIR } from '../../core/paths.js';
import type { Severity } from '../../core/types.js';
import { UsageError } from '../../core/errors.js';

export const RISK_CLASSES = ['admin', 'escalation', 'credentials', 'data', 'change', 'read', 'invoke', 'telemetry', 'state'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];
/** `read` and `state` are decided by an action's name, never listed. */
type Listed = Exclude<RiskClass, 'state' | 'read'>;

interface IamRiskFile {
  version: 1;
  classes: { name: RiskClass; severity: Severity; says: string }[];
  actions: Partial<Record<Listed, string[]>>;
  managedPolicies: Partial<Record<Listed, string[]>> & { agentRoles?: Partial<Record<Listed, string[]>> };
}

/** A `service:Name` pattern of the table, split once. */
interface ActionPattern {
  service: string;
  /** The name in lower case, `*` kept. */
  name: string;
  regex: RegExp;
  risk: RiskClass;
}

export interface IamRisk {
  /** Worst first. */
  classes: { name: RiskClass; severity: Severity; says: string }[];
  actions: Map<string, ActionPattern[]>;
  policies: { pattern: RegExp; risk: RiskClass }[];
  agentPolicies: { pattern: RegExp; risk: RiskClass }[];
}

export const IAM_RISK_FILE = path.join(RULES_DIR, 'deploy', 'iam-risk.yaml');

let cached: IamRisk | undefined;

export function loadIamRisk(file = IAM_RISK_FILE): IamRisk {
  if (file === IAM_RISK_FILE && cached) return cached;
  const display = path.relative(process.cwd(), file) || file;
  const { value, lineOf } = loadValidated<IamRiskFile>(file, 'iam-risk', undefined, display);
  // The file says how bad each class is; which is worse than which is the code's too (a statement is rated by its worst action), so the file must list them in that order.
  value.classes.forEach((c, i) => {
    if (c.name !== RISK_CLASSES[i]) throw new UsageError(`${display}:${lineOf(['classes', i, 'name']) ?? '?'}: class ${i + 1} must be ${RISK_CLASSES[i]} (the classes go worst first: ${RISK_CLASSES.join(', ')})`);
  });
  const classes = value.classes;
  const actions = new Map<string, ActionPattern[]>();
  for (const risk of RISK_CLASSES) {
    for (const a of value.actions[risk as Listed] ?? []) {
      const [service = '', name = ''] = a.toLowerCase().split(':');
      const list = actions.get(service) ?? [];
      list.push({ service, name, regex: globRegex(name), risk });
      actions.set(service, list);
    }
  }
  const policyList = (lists: Partial<Record<Listed, string[]>>) =>
    RISK_CLASSES.flatMap((risk) => (lists[risk as Listed] ?? []).map((n) => ({ pattern: globRegex(n.toLowerCase()), risk })));
  const { agentRoles = {}, ...general } = value.managedPolicies;
  const out: IamRisk = { classes, actions, policies: policyList(general), agentPolicies: policyList(agentRoles) };
  if (file === IAM_RISK_FILE) cached = out;
  return out;
}

/** `*` is any run of characters; nothing else is special. */
function globRegex(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/**
 * Whether two names with `*` in them can name one same action. Exact when either has no `*`; when
 * both do, their fixed starts and ends must agree (`Put*` and `Put*Policy` do, `List*` and `Put*`
 * do not), which is all the table's short patterns need.
 */
function overlaps(a: ActionPattern, name: string, regex: RegExp): boolean {
  if (!name.includes('*')) return a.regex.test(name);
  if (!a.name.includes('*')) return regex.test(a.name);
  const head = (s: string) => s.slice(0, s.indexOf('*'));
  const tail = (s: string) => s.slice(s.lastIndexOf('*') + 1);
  const [h1, h2, t1, t2] = [head(name), head(a.name), tail(name), tail(a.name)];
  return (h1.startsWith(h2) || h2.startsWith(h1)) && (t1.endsWith(t2) || t2.endsWith(t1));
}

export function worstOf(classes: RiskClass[]): RiskClass | undefined {
  return classes.reduce<RiskClass | undefined>((w, c) => (w === undefined || RISK_CLASSES.indexOf(c) < RISK_CLASSES.indexOf(w) ? c : w), undefined);
}

/**
 * A read by its verb: `Get…`, `BatchGet…`, `List…`, `Describe…`, `Head…`, `Check…`, `Lookup…`,
 * `Search…`, `View…` (or such a verb and `*`: `ecr:BatchGet*`). Those verbs change nothing; a read of
 * stored data or secrets is listed in the table by name and rated by it. A read that hands out a
 * token, key or password (`codeartifact:GetAuthorizationToken`) is no mere read: an unlisted one is
 * rated as a change, as before. HTTP-verb actions (`apigateway:GET`) are no read by this test.
 */
const READ_VERB = /^(?:batch)?(?:get|list|describe|head|check|lookup|search|view)(?:[a-z]|\*$)/;
const HANDS_OUT = /token|credential|password|secret|key/;

export function readOnlyName(action: string): boolean {
  const name = action.toLowerCase().split(':')[1] ?? '';
  return READ_VERB.test(name) && (name.includes('*') || !HANDS_OUT.test(name));
}

/**
 * The class of an action the table lists (`s3:GetObject` data), or of the worst action a name with
 * `*` covers (`s3:Get*` data, `iam:*` escalation). A name with `*` that no single entry covers
 * whole (`logs:*`) also covers actions listed nowhere, so it is at least `change`, or `read` when
 * its verb only reads (`iam:Get*`). Undefined for an action the table does not list.
 */
export function classOfAction(action: string, risk = loadIamRisk()): RiskClass | undefined {
  const [service = '', name = ''] = action.toLowerCase().split(':');
  const entries = risk.actions.get(service) ?? [];
  const regex = globRegex(name);
  const hits = entries.filter((e) => overlaps(e, name, regex)).map((e) => e.risk);
  if (name.includes('*') && !entries.some((e) => e.name === name || e.name === '*')) hits.push(readOnlyName(action) ? 'read' : 'change');
  return worstOf(hits);
}

/**
 * The class of an AWS managed policy by its ARN (or its bare name where one is allowed: SAM's
 * `Policies`); read-only ones only on a role an agent service assumes.
 */
export function classOfManagedPolicy(value: string, opts: { agentRole: boolean; bareName?: boolean }, risk = loadIamRisk()): RiskClass | undefined {
  const name = managedPolicyName(value, opts.bareName ?? false);
  if (!name) return undefined;
  const lists = opts.agentRole ? [...risk.policies, ...risk.agentPolicies] : risk.policies;
  return worstOf(lists.filter((p) => p.pattern.test(name.toLowerCase())).map((p) => p.risk));
}

/**
 * The name of an AWS managed policy: an ARN in the `aws` account (`arn:aws:iam::aws:policy/…`, any
 * partition, a partition written as a reference, any path such as `service-role/`), or, with
 * `bareName`, a name alone (SAM's `Policies` list). Undefined for a customer's own policy; a
 * reference (`!Ref AgentPolicy`) is a bare name only where bare names are allowed.
 */
export function managedPolicyName(value: string, bareName: boolean): string | undefined {
  const arn = /^arn:(?:\$\{[^}]*\}|[^:]*):iam::aws:policy\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/.exec(value);
  if (arn) return arn[1];
  return bareName && /^[A-Za-z][\w+=,.@-]*$/.test(value) ? value : undefined;
}

export function classInfo(c: RiskClass, risk = loadIamRisk()): { severity: Severity; says: string } {
  return risk.classes.find((x) => x.name === c)!;
}
