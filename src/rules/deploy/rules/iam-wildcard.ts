/**
 * IAM policies written in Terraform (jsonencode, heredoc JSON, aws_iam_policy_document) and
 * CloudFormation/SAM that allow `*` actions, whole services or resource-scopable actions on every
 * resource, or attach broad AWS managed policies / project Owner and Editor. Each statement, and
 * each role's managed policies together, is one finding rated by the worst it grants
 * (`rules/deploy/iam-risk.yaml`).
 */
import type { Node as YamlNode } from 'yaml';
import type { Span } from '../../../core/rule.js';
import { yamlAt, yamlItems, yamlSpan } from '../../../parsers/yaml.js';
import type { ContextFloor, Severity } from '../../../core/types.js';
import type { DeployCtx } from '../context.js';
import { deployRule } from '../rule.js';
import { classInfo, classOfManagedPolicy, managedPolicyName, worstOf } from '../iam-risk.js';
import { rateGrant } from './iam-actions.js';
import { iamWildcardExamples } from './iam-wildcard-examples.js';
import { agentServicesOfTerraformRole, agentServicesTrusted, terraformRoleNamed } from './iam-trust.js';
import { attr, statementsOfDocument, statementsOfPolicyDocument, type PolicyStatement } from './terraform-util.js';
import type { HclBlock, HclFile } from '../../../parsers/hcl.js';
import { policiesInCode } from '../code-policies.js';

const ID = 'deploy/iam-wildcard';
const POLICY_RESOURCES = /^aws_iam_(?:policy|role_policy|user_policy|group_policy)$/;
/**
 * A sample's template or policy is there to be deployed as it is, and once deployed its grant is a
 * real one in a real account: its context lowers the finding one level, not down to the cap of
 * examples (AdministratorAccess on an agent's role in a sample is high, not medium).
 */
const SAMPLE_FLOOR: ContextFloor = { contexts: ['example', 'template'], levels: 1 };

export const iamWildcard = deployRule({
  meta: {
    id: ID,
    title: 'IAM policy with wildcard or admin rights',
    category: 'credential.broad-scope',
    severity: 'high',
    confidence: 'high',
    description:
      'The policy allows every action (`*`), a whole service on every resource (`s3:*` on `*`), actions that can name their resources on all of them ' +
      '(`secretsmanager:GetSecretValue` on `*`; actions that only support `*`, such as `sts:GetCallerIdentity` or `ec2:Describe*`, are left alone), ' +
      'everything except a list (`NotAction`), or attaches a broad AWS managed policy (AdministratorAccess, `*FullAccess`; ReadOnlyAccess on a role Bedrock or Bedrock AgentCore assumes). ' +
      'Each statement is rated by the worst action it grants (`rules/deploy/iam-risk.yaml`): passing or assuming any role and writing policies, reading secrets, and reading or changing stored data are high; ' +
      'other changes medium; other reads (`Get`, `List`, `Describe`… such as pulling images), invoking functions or models (cost only), telemetry writes and reads of a resource\'s state or settings low. ' +
      'In an example or a template the finding is one level lower, not capped at medium as other examples are: a sample is deployed as it is written. ' +
      'Whatever runs with this identity, an agent included, can do far more than its task, and a stolen credential can do everything.',
    remediation:
      'List the actions the workload calls and the resource ARNs it touches (IAM Access Analyzer can generate a policy from CloudTrail activity); replace AdministratorAccess, Owner or Editor with a scoped role, and add a permissions boundary for roles agents assume.',
    examples: iamWildcardExamples,
  },
  // Every case below needs one of these words: a policy document's type or `Statement` key, an
  // AWS managed policy's ARN, an owner or editor role, an Azure role assignment.
  terraformSignal: /aws_iam_policy_document|Statement|:iam::aws:policy\/|roles\/(?:owner|editor)|azurerm_role_assignment/,

  terraform(tf, dc) {
    for (const b of tf.blocks) {
      const [type, name] = b.labels;
      const address = `${b.type === 'data' ? 'data.' : ''}${type ?? ''}.${name ?? ''}`;
      if (b.type === 'data' && type === 'aws_iam_policy_document') {
        judgeStatements(dc, statementsOfPolicyDocument(dc, b), address);
        continue;
      }
      if (b.type !== 'resource' || !type) continue;
      if (POLICY_RESOURCES.test(type)) {
        const p = attr(b, 'policy');
        if (p) judgeStatements(dc, statementsOfDocument(p.value, dc.firstLine(p.span)), address);
      }
      if (type === 'aws_iam_role') {
        for (const inline of b.blocks.filter((x) => x.type === 'inline_policy')) {
          const p = attr(inline, 'policy');
          if (p) judgeStatements(dc, statementsOfDocument(p.value, dc.firstLine(p.span)), address);
        }
        const arns = attr(b, 'managed_policy_arns');
        const list = Array.isArray(arns?.value) ? arns.value.filter((v): v is string => typeof v === 'string') : [];
        if (arns) judgeManagedPolicies(dc, address, list.map((value) => ({ value, span: dc.firstLine(arns.span) })), agentServicesOfTerraformRole(b, tf));
      }
      if (/^aws_iam_(?:role|user|group)_policy_attachment$|^aws_iam_policy_attachment$/.test(type)) {
        const arn = attr(b, 'policy_arn');
        const role = attr(b, 'role') ?? attr(b, 'roles');
        const trusted = role ? terraformRoleNamed(role.source, tf) : undefined;
        if (arn && typeof arn.value === 'string') judgeManagedPolicies(dc, address, [{ value: arn.value, span: dc.firstLine(arn.span) }], trusted ? agentServicesOfTerraformRole(trusted, tf) : []);
      }
      if (/^google_(?:project|folder|organization)_iam_(?:member|binding)$/.test(type)) {
        const role = attr(b, 'role');
        const grant = role?.value === 'roles/owner' || role?.value === 'roles/editor' ? { role: role.value, from: undefined } : role ? broadRoleThroughForEach(role.source, b, tf) : undefined;
        if (role && grant) {
          const via = grant.from ? ` (through for_each, from ${grant.from})` : '';
          const granted = grant.role;
          report(dc, { span: dc.firstLine(role.span), key: `${address}/role`, message: `${address} grants ${granted}${via} on the whole ${type.split('_')[1]}.`, severity: granted === 'roles/owner' ? 'critical' : 'high' });
        }
      }
      if (type === 'azurerm_role_assignment') {
        const role = attr(b, 'role_definition_name');
        if (role && (role.value === 'Owner' || role.value === 'Contributor' || role.value === 'User Access Administrator')) {
          report(dc, { span: dc.firstLine(role.span), key: `${address}/role`, message: `${address} assigns the ${String(role.value)} role.`, severity: role.value === 'Contributor' ? 'high' : 'critical' });
        }
      }
    }
  },
  iamPolicy(doc, dc) {
    const node = yamlAt(doc.document.contents as YamlNode, ['Statement']);
    const r = yamlSpan(node) as { start: number; end: number } | undefined;
    judgeStatements(dc, statementsOfDocument(doc.value, r ? dc.firstLine(r) : { startLine: 1, startColumn: 1 }), dc.file.relPath);
  },
  // A policy document written in code (a setup script's dict handed to put_role_policy) states its version like any other.
  sourceSignal: '2012-10-17',
  source(text, dc) {
    for (const policy of policiesInCode(text, dc.file.kind === 'python' ? 'python' : 'typescript')) {
      const address = policy.name ? `${policy.name} (${dc.file.baseName})` : `The policy document in ${dc.file.baseName}`;
      judgeStatements(dc, policy.statements.map((s) => ({ ...s, span: dc.firstLine(s) })), address);
    }
  },
  cfn(resources, _doc, dc) {
    for (const r of resources) {
      const props = r.propertiesNode;
      if (!props) continue;
      const docs: [YamlNode | undefined, unknown][] = [];
      if (/^AWS::IAM::(?:Policy|ManagedPolicy|RolePolicy|UserPolicy|GroupPolicy)$/.test(r.type)) docs.push([yamlAt(props, ['PolicyDocument']), r.properties.PolicyDocument]);
      if (/^AWS::IAM::(?:Role|User|Group)$/.test(r.type) || r.type === 'AWS::Serverless::Function') {
        // SAM's `Policies` takes managed policies by name or ARN beside inline documents; `ManagedPolicyArns` takes ARNs.
        const managed: ManagedPolicy[] = [];
        const list = (r.properties.Policies ?? []) as unknown[];
        yamlItems(yamlAt(props, ['Policies'])).forEach((node, i) => {
          const v = Array.isArray(list) ? (list[i] as Record<string, unknown> | string | undefined) : undefined;
          if (typeof v === 'string') managed.push({ value: v, span: yamlSpan(node), bareName: true });
          else if (v && typeof v === 'object') {
            if ('PolicyDocument' in v) docs.push([yamlAt(node, ['PolicyDocument']), v.PolicyDocument]);
            else if ('Statement' in v) docs.push([node, v]);
          }
        });
        yamlItems(yamlAt(props, ['ManagedPolicyArns'])).forEach((node, i) => {
          const v = ((r.properties.ManagedPolicyArns ?? []) as unknown[])[i];
          if (typeof v === 'string') managed.push({ value: v, span: yamlSpan(node) });
        });
        judgeManagedPolicies(dc, r.id, managed, agentServicesTrusted(r.properties.AssumeRolePolicyDocument));
      }
      for (const [node, value] of docs) {
        const s = yamlSpan(node) as { start: number; end: number } | undefined;
        judgeStatements(dc, statementsOfDocument(value, s ? dc.firstLine(s) : yamlSpan(r.keyNode)!), `${r.id} (${r.type})`);
      }
    }
  },
});

/** A file's locals by name, read once per file whichever resources ask. */
const fileLocals = new WeakMap<HclFile, Map<string, unknown>>();
function localsOf(tf: HclFile): Map<string, unknown> {
  let locals = fileLocals.get(tf);
  if (!locals) {
    locals = new Map();
    for (const block of tf.blocks) if (block.type === 'locals') for (const a of block.attributes) locals.set(a.name, a.value);
    fileLocals.set(tf, locals);
  }
  return locals;
}

/**
 * `role = each.key` (or `each.value`, `each.value.role`) in a resource whose `for_each` goes over a
 * list of this file's locals (`toset(local.ci_roles)`, or a `for` expression over it): the broadest
 * role that list holds, and where it came from.
 */
function broadRoleThroughForEach(roleSource: string, b: HclBlock, tf: HclFile): { role: string; from?: string } | undefined {
  if (!/^each\.(?:key|value)\b/.test(roleSource.trim())) return undefined;
  const forEach = attr(b, 'for_each');
  if (!forEach) return undefined;
  const locals = localsOf(tf);
  for (const m of forEach.source.matchAll(/\blocal\.([A-Za-z_][\w-]*)/g)) {
    const list = locals.get(m[1]!);
    if (!Array.isArray(list)) continue;
    for (const role of ['roles/owner', 'roles/editor']) if (list.includes(role)) return { role, from: `local.${m[1]}` };
  }
  return undefined;
}

interface ManagedPolicy {
  value: string;
  span: Span | undefined;
  /** A bare name is a managed policy here (SAM's `Policies`), not a reference. */
  bareName?: boolean;
}

/**
 * One finding for the AWS managed policies an identity attaches, rated by the worst of them and
 * pointing at it: AdministratorAccess critical, a full-access policy on data or secrets high, other
 * `*FullAccess` medium, account-wide read-only policies only on a role an agent service assumes.
 */
function judgeManagedPolicies(dc: DeployCtx, address: string, policies: ManagedPolicy[], agentServices: string[]): void {
  const rated = policies.flatMap((p) => {
    const risk = classOfManagedPolicy(p.value, { agentRole: agentServices.length > 0, bareName: p.bareName });
    return risk ? [{ ...p, risk, name: managedPolicyName(p.value, p.bareName ?? false)! }] : [];
  });
  const risk = worstOf(rated.map((p) => p.risk));
  if (!risk) return;
  const worst = rated.find((p) => p.risk === risk)!;
  const names = [worst, ...rated.filter((p) => p !== worst)].map((p) => p.name).join(', ');
  const assumed = agentServices.length ? ` ${agentServices.join(' and ')} assumes this role: an agent acts with these rights.` : '';
  const { says, severity } = classInfo(risk);
  report(dc, { span: worst.span, key: `${address}/managed:${worst.value}`, message: `${address} attaches ${names}: ${says}.${assumed}`, severity });
}

function judgeStatements(dc: DeployCtx, statements: PolicyStatement[], address: string): void {
  statements.forEach((s, i) => {
    if (s.effect.toLowerCase() !== 'allow') return;
    const allResources = s.resources.length === 0 || s.resources.includes('*');
    const on = allResources ? 'every resource (*)' : s.resources.join(', ');
    let severity: Severity | undefined;
    let message = '';
    if (s.notActions) {
      severity = allResources ? 'high' : 'medium';
      message = `allows everything except ${s.actions.join(', ')} (NotAction) on ${on}.`;
    } else if (s.actions.some((a) => a === '*' || a === '*:*')) {
      severity = allResources ? classInfo('admin').severity : 'high';
      message = `allows every action (*) on ${on}.`;
    } else if (allResources) {
      // Whole services, and actions that could name their resources, granted on all of them: as bad as the worst of them.
      const grant = rateGrant(s.actions, { star: s.resources.includes('*') });
      if (grant) {
        severity = grant.severity;
        const listed = `${grant.actions.slice(0, 6).join(', ')}${grant.actions.length > 6 ? ', …' : ''}`;
        message =
          grant.risk === 'state'
            ? `allows ${listed}, ${grant.says}, on ${on}.`
            : `allows ${listed}${grant.wholeServices ? '' : ', which can be limited to named resources,'} on ${on}: ${grant.says}.`;
      }
    }
    if (severity) report(dc, { span: s.span, key: `${address}/statement:${i}`, message: `${address} ${message}`, severity });
  });
}

function report(dc: DeployCtx, d: { span: Span | undefined; key: string; message: string; severity: Severity }): void {
  dc.report({ ruleId: ID, ...d, contextFloor: SAMPLE_FLOOR });
}
