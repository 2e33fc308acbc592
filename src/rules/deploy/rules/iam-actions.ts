/**
 * Which IAM actions on `Resource: "*"` are a finding. Some actions support no resource-level
 * permission at all (`sts:GetCallerIdentity`, `ec2:Describe*`, `ecr:GetAuthorizationToken`, most
 * List and Describe calls): for them `*` is the only way to write the policy. Others can name the
 * bucket, secret, key or role they need; granting them on `*` reaches every one in the account,
 * and how much that matters is what the action does (`rules/deploy/iam-risk.yaml`).
 */
import type { Severity } from '../../../core/types.js';
import { classInfo, classOfAction, readOnlyName, RISK_CLASSES, worstOf, type RiskClass } from '../iam-risk.js';

/** Actions that take no resource ARN, by exact name (lower case). */
const ONLY_STAR = new Set([
  'sts:getcalleridentity',
  'sts:getsessiontoken',
  'sts:getservicebearertoken',
  // A token for the caller's own identity, limited by audience conditions, not by resource.
  'sts:getwebidentitytoken',
  'sts:taggetwebidentitytoken',
  'ecr:getauthorizationtoken',
  'ecr-public:getauthorizationtoken',
  'cloudwatch:putmetricdata',
  'cloudwatch:getmetricdata',
  'cloudwatch:getmetricstatistics',
  'xray:puttracesegments',
  'xray:puttelemetryrecords',
  'xray:getsamplingrules',
  'xray:getsamplingtargets',
  'xray:getsamplingstatisticsummaries',
  's3:listallmybuckets',
  'secretsmanager:getrandompassword',
  'iam:getaccountsummary',
  'iam:getaccountpasswordpolicy',
  'ec2:createnetworkinterface',
  'ec2:deletenetworkinterface',
  'ec2:assignprivateipaddresses',
  'ec2:unassignprivateipaddresses',
  'route53:getchange',
  'logs:describeloggroups',
  'kms:createkey',
  'tag:getresources',
  'tag:gettagkeys',
  'tag:gettagvalues',
  'bedrock:listfoundationmodels',
  'servicequotas:getservicequota',
]);
/** Services without resource-level permissions. */
const STAR_ONLY_SERVICE = /^(?:ce|pricing|health|support|trustedadvisor|aws-portal|budgets|cur|account|savingsplans|compute-optimizer)$/;

/**
 * Reads of a resource's state or settings, by name (`ssm:GetConnectionStatus`, `s3:GetBucketLocation`):
 * what they return says how a resource is set up, not what it holds. A name that reads data,
 * secrets, code or credentials (`GetSecretValue`, `GetObject`, `GetParameter`, `GetFunction`,
 * `GetPasswordData`, `GetItem`) or covers several actions (`Get*`) is not one. Descriptions and
 * listings are settled by `onlyStar`; the listings it keeps (`s3:ListBucket`, `ListParts`) list an
 * object store's keys, so they are no state reads either.
 */
const STATE_READ = /^(?:get|head|check|lookup|view)[a-z]/;
const READS_CONTENT = /secret|parameter|object|item|record|credential|token|password|key|plaintext|event|result|output|invocation|blob|file|content|download|layer|image|body|template|document|policy|code|query|function|archive|snapshot|export|shard|message|login|session|data|log|url|bundle/;

function readsStateOnly(action: string): boolean {
  const name = action.toLowerCase().split(':')[1] ?? '';
  return STATE_READ.test(name) && !name.includes('*') && !READS_CONTENT.test(name);
}

/** Whether an action name (possibly with `*`) only ever reads metadata that takes no ARN. */
function onlyStar(action: string): boolean {
  const a = action.toLowerCase();
  const [service = '', name = ''] = a.split(':');
  if (ONLY_STAR.has(a) || STAR_ONLY_SERVICE.test(service)) return true;
  // `ec2:Describe*`, `s3:ListAllMyBuckets`, `iam:ListRoles`: listings and descriptions take no ARN (or are harmless on `*`).
  return /^(?:describe|list)/.test(name) && !/^list(?:objects|parts|multipartuploadparts|bucket(?!s$))/.test(name);
}

export interface GrantVerdict {
  /** The worst class among the actions reported. */
  risk: RiskClass;
  severity: Severity;
  says: string;
  /** The actions reported, the worst class's first. */
  actions: string[];
  /** Some of them are whole services (`s3:*`). */
  wholeServices: boolean;
}

/**
 * What an Allow statement whose resources are all of them, or unknown, grants, rated by the worst
 * action in it (`rules/deploy/iam-risk.yaml`): whole services (`s3:*`), and actions that could have
 * named their resources when it says `*` in so many words. Undefined when nothing is left: every
 * action needs `*` anyway.
 */
export function rateGrant(actions: string[], on: { star: boolean }): GrantVerdict | undefined {
  const rated = actions.flatMap((a): { action: string; risk: RiskClass }[] => {
    if (!a.includes(':')) return [];
    const whole = /^[\w-]+:\*$/.test(a);
    if (!whole && (!on.star || onlyStar(a))) return [];
    // An action the table does not list changes something unless its verb only reads (`ecr:BatchGetImage`).
    return [{ action: a, risk: !whole && readsStateOnly(a) ? 'state' : (classOfAction(a) ?? (readOnlyName(a) ? 'read' : 'change')) }];
  });
  const risk = worstOf(rated.map((r) => r.risk));
  if (!risk) return undefined;
  const order = (r: RiskClass) => RISK_CLASSES.indexOf(r);
  const sorted = [...rated].sort((x, y) => order(x.risk) - order(y.risk));
  return { risk, ...classInfo(risk), actions: sorted.map((r) => r.action), wholeServices: rated.some((r) => /^[\w-]+:\*$/.test(r.action)) };
}
