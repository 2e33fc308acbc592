/**
 * IAM policies written in Terraform (jsonencode, heredoc JSON, aws_iam_policy_document) and
 * CloudFormation/SAM that allow `*` actions, whole services on every resource, or attach
 * AdministratorAccess / project Owner and Editor.
 */
import type { Node as YamlNode } from 'yaml';
import type { Span } from '../../../core/rule.js';
import { yamlAt, yamlItems, yamlSpan } from '../../../parsers/yaml.js';
import type { Severity } from '../../../core/types.js';
import type { DeployCtx } from '../context.js';
import { deployRule } from '../rule.js';
import { scopableOnStar } from './iam-actions.js';
import { attr, headerSpan, statementsOfDocument, statementsOfPolicyDocument, type PolicyStatement } from './terraform-util.js';
import type { HclBlock, HclFile } from '../../../parsers/hcl.js';

const ID = 'deploy/iam-wildcard';
const ADMIN_POLICY = /arn:aws:iam::aws:policy\/(?:AdministratorAccess|IAMFullAccess|PowerUserAccess)\b/;
const SENSITIVE_SERVICE = /^(?:iam|sts|secretsmanager|kms|ssm|organizations|lambda|ec2|s3)$/i;
const POLICY_RESOURCES = /^aws_iam_(?:policy|role_policy|user_policy|group_policy)$/;

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
      'everything except a list (`NotAction`), or attaches an administrator policy. Reads of a resource\'s state or settings on `*` (`ssm:GetConnectionStatus`, `s3:GetBucketLocation`) are low: they return no data or secrets. ' +
      'Whatever runs with this identity, an agent included, can do far more than its task, and a stolen credential can do everything.',
    remediation:
      'List the actions the workload calls and the resource ARNs it touches (IAM Access Analyzer can generate a policy from CloudTrail activity); replace AdministratorAccess, Owner or Editor with a scoped role, and add a permissions boundary for roles agents assume.',
    examples: {
      positive: [
        // The role comes from a list of locals the resource's for_each goes over.
        {
          path: 'infra/ci.tf',
          code: 'locals {\n  ci_roles = ["roles/owner"]\n}\n\nresource "google_project_iam_member" "ci" {\n  for_each = toset(local.ci_roles)\n  project  = var.project_id\n  role     = each.key\n  member   = "serviceAccount:${google_service_account.ci.email}"\n}\n',
        },
        {
          path: 'infra/policy.tf',
          code: 'resource "aws_iam_policy" "agent" {\n  name   = "agent"\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]\n  })\n}\n',
        },
        {
          path: 'infra/policy.tf',
          code: 'data "aws_iam_policy_document" "agent" {\n  statement {\n    actions   = ["s3:*"]\n    resources = ["*"]\n  }\n}\n',
        },
        {
          path: 'infra/agent.tf',
          code: 'data "aws_iam_policy_document" "agent" {\n  statement {\n    actions   = ["secretsmanager:GetSecretValue", "s3:GetObject"]\n    resources = ["*"]\n  }\n}\n',
        },
        { path: 'iam/agent-policy.json', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["dynamodb:PutItem", "sts:GetCallerIdentity"], "Resource": "*"}]}' },
        {
          path: 'template.yaml',
          code: 'Resources:\n  AgentRole:\n    Type: AWS::IAM::Role\n    Properties:\n      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/AdministratorAccess\n',
        },
      ],
      negative: [
        { path: 'infra/ci.tf', code: 'locals {\n  ci_roles = ["roles/run.admin", "roles/iam.serviceAccountUser"]\n}\n\nresource "google_project_iam_member" "ci" {\n  for_each = toset(local.ci_roles)\n  project  = var.project_id\n  role     = each.key\n  member   = "serviceAccount:${google_service_account.ci.email}"\n}\n' },
        {
          path: 'infra/policy.tf',
          code: 'resource "aws_iam_policy" "agent" {\n  policy = <<EOF\n{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::agent-data/*"}]}\nEOF\n}\n',
        },
        {
          path: 'infra/policy.tf',
          code: 'data "aws_iam_policy_document" "ci" {\n  statement {\n    actions   = ["sts:GetCallerIdentity", "ec2:DescribeInstances", "ecr:GetAuthorizationToken", "s3:ListAllMyBuckets"]\n    resources = ["*"]\n  }\n}\n',
        },
        { path: 'iam/reader.json', code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", "cloudwatch:GetMetricData"], "Resource": "*"}]}' },
      ],
    },
  },
  // Every case below needs one of these words: a policy document's type or `Statement` key, an
  // administrator policy's name, an owner or editor role, an Azure role assignment.
  terraformSignal: /aws_iam_policy_document|Statement|AdministratorAccess|IAMFullAccess|PowerUserAccess|roles\/(?:owner|editor)|azurerm_role_assignment/,

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
        if (arns && ADMIN_POLICY.test(JSON.stringify(arns.value))) admin(dc, dc.firstLine(arns.span), address, ADMIN_POLICY.exec(JSON.stringify(arns.value))![0]);
      }
      if (/^aws_iam_(?:role|user|group)_policy_attachment$|^aws_iam_policy_attachment$/.test(type)) {
        const arn = attr(b, 'policy_arn');
        if (arn && typeof arn.value === 'string' && ADMIN_POLICY.test(arn.value)) admin(dc, dc.firstLine(arn.span), address, arn.value);
      }
      if (/^google_(?:project|folder|organization)_iam_(?:member|binding)$/.test(type)) {
        const role = attr(b, 'role');
        const grant = role?.value === 'roles/owner' || role?.value === 'roles/editor' ? { role: role.value, from: undefined } : role ? broadRoleThroughForEach(role.source, b, tf) : undefined;
        if (role && grant) {
          const via = grant.from ? ` (through for_each, from ${grant.from})` : '';
          const granted = grant.role;
          dc.report({ ruleId: ID, span: dc.firstLine(role.span), key: `${address}/role`, message: `${address} grants ${granted}${via} on the whole ${type.split('_')[1]}.`, severity: granted === 'roles/owner' ? 'critical' : 'high' });
        }
      }
      if (type === 'azurerm_role_assignment') {
        const role = attr(b, 'role_definition_name');
        if (role && (role.value === 'Owner' || role.value === 'Contributor' || role.value === 'User Access Administrator')) {
          dc.report({ ruleId: ID, span: dc.firstLine(role.span), key: `${address}/role`, message: `${address} assigns the ${String(role.value)} role.`, severity: role.value === 'Contributor' ? 'high' : 'critical' });
        }
      }
      void headerSpan;
    }
  },
  iamPolicy(doc, dc) {
    const node = yamlAt(doc.document.contents as YamlNode, ['Statement']);
    const r = yamlSpan(node) as { start: number; end: number } | undefined;
    judgeStatements(dc, statementsOfDocument(doc.value, r ? dc.firstLine(r) : { startLine: 1, startColumn: 1 }), dc.file.relPath);
  },
  cfn(resources, _doc, dc) {
    for (const r of resources) {
      const props = r.propertiesNode;
      if (!props) continue;
      const docs: [YamlNode | undefined, unknown][] = [];
      if (/^AWS::IAM::(?:Policy|ManagedPolicy)$/.test(r.type)) docs.push([yamlAt(props, ['PolicyDocument']), r.properties.PolicyDocument]);
      if (/^AWS::IAM::(?:Role|User|Group)$/.test(r.type) || r.type === 'AWS::Serverless::Function') {
        const list = (r.properties.Policies ?? []) as unknown[];
        yamlItems(yamlAt(props, ['Policies'])).forEach((node, i) => {
          const v = Array.isArray(list) ? (list[i] as Record<string, unknown> | string | undefined) : undefined;
          if (typeof v === 'string') {
            if (/^(?:AdministratorAccess|IAMFullAccess|PowerUserAccess)$/.test(v) || ADMIN_POLICY.test(v)) admin(dc, yamlSpan(node), `${r.id}`, v);
          } else if (v && typeof v === 'object') {
            if ('PolicyDocument' in v) docs.push([yamlAt(node, ['PolicyDocument']), v.PolicyDocument]);
            else if ('Statement' in v) docs.push([node, v]);
          }
        });
        yamlItems(yamlAt(props, ['ManagedPolicyArns'])).forEach((node, i) => {
          const v = ((r.properties.ManagedPolicyArns ?? []) as unknown[])[i];
          if (typeof v === 'string' && ADMIN_POLICY.test(v)) admin(dc, yamlSpan(node), r.id, v);
        });
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

function admin(dc: DeployCtx, span: Span | undefined, address: string, arn: string): void {
  dc.report({ ruleId: ID, span, key: `${address}/managed:${arn}`, message: `${address} attaches ${arn.replace(/^.*policy\//, '')}, an administrator policy.`, severity: 'critical' });
}

function judgeStatements(dc: DeployCtx, statements: PolicyStatement[], address: string): void {
  statements.forEach((s, i) => {
    if (s.effect.toLowerCase() !== 'allow') return;
    const allResources = s.resources.length === 0 || s.resources.includes('*');
    let severity: Severity | undefined;
    let what = '';
    if (s.notActions) {
      severity = allResources ? 'high' : 'medium';
      what = `everything except ${s.actions.join(', ')} (NotAction)`;
    } else if (s.actions.some((a) => a === '*' || a === '*:*')) {
      severity = allResources ? 'critical' : 'high';
      what = 'every action (*)';
    } else {
      const services = s.actions.filter((a) => /^[\w-]+:\*$/.test(a));
      if (services.length && allResources) {
        severity = services.some((a) => SENSITIVE_SERVICE.test(a.split(':')[0]!)) ? 'high' : 'medium';
        what = `${services.join(', ')}`;
      } else if (allResources && s.resources.includes('*')) {
        // Actions that could name their resources, granted on all of them.
        const scopable = scopableOnStar(s.actions);
        if (scopable) {
          severity = scopable.severity;
          const listed = `${scopable.actions.slice(0, 6).join(', ')}${scopable.actions.length > 6 ? ', …' : ''}`;
          what = scopable.stateReads
            ? `${listed}, read-only actions that return a resource's state or settings (not its data or secrets),`
            : `${listed}, which can be limited to named resources,`;
        }
      }
    }
    if (!severity) return;
    dc.report({
      ruleId: ID,
      span: s.span,
      key: `${address}/statement:${i}`,
      message: `${address} allows ${what} on ${allResources ? 'every resource (*)' : s.resources.join(', ')}.`,
      severity,
    });
  });
}
