/**
 * Which IAM actions on `Resource: "*"` are a finding. Some actions support no resource-level
 * permission at all (`sts:GetCallerIdentity`, `ec2:Describe*`, `ecr:GetAuthorizationToken`, most
 * List and Describe calls): for them `*` is the only way to write the policy. Others can name the
 * bucket, secret, key or role they need; granting them on `*` reaches every one in the account.
 */
import type { Severity } from '../../../core/types.js';

/** Actions that take no resource ARN, by exact name (lower case). */
const ONLY_STAR = new Set([
  'sts:getcalleridentity',
  'sts:getsessiontoken',
  'sts:getservicebearertoken',
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
/** Observability writes: scoped in theory, harmless enough in practice. */
const TELEMETRY = /^(?:logs:(?:createloggroup|createlogstream|putlogevents|putretentionpolicy)|cloudwatch:put\w*|xray:\w+)$/;
/** Reads of data or secrets, and writes that change or reach other identities, per service. */
const SENSITIVE = /^(?:iam|sts|secretsmanager|kms|ssm|s3|lambda|dynamodb|rds|rds-data|sqs|sns|ec2|ecs|eks|organizations|cloudformation|bedrock|sagemaker|codecommit|codebuild)$/;

export interface ScopableVerdict {
  actions: string[];
  severity: Severity;
}

/** Whether an action name (possibly with `*`) only ever reads metadata that takes no ARN. */
function onlyStar(action: string): boolean {
  const a = action.toLowerCase();
  const [service = '', name = ''] = a.split(':');
  if (ONLY_STAR.has(a) || STAR_ONLY_SERVICE.test(service)) return true;
  // `ec2:Describe*`, `s3:ListAllMyBuckets`, `iam:ListRoles`: listings and descriptions take no ARN (or are harmless on `*`).
  return /^(?:describe|list)/.test(name) && !/^list(?:objects|parts|multipartuploadparts|bucket(?!s$))/.test(name);
}

/**
 * The actions of an Allow statement on `*` that could have named their resources, and how much
 * that matters: reads of secrets and data or writes in sensitive services are high, other writes
 * medium, telemetry low. Undefined when every action needs `*`.
 */
export function scopableOnStar(actions: string[]): ScopableVerdict | undefined {
  const scopable = actions.filter((a) => a.includes(':') && !onlyStar(a));
  if (scopable.length === 0) return undefined;
  if (scopable.every((a) => TELEMETRY.test(a.toLowerCase()))) return { actions: scopable, severity: 'low' };
  const sensitive = scopable.filter((a) => {
    const [service = '', name = ''] = a.toLowerCase().split(':');
    return SENSITIVE.test(service) && !TELEMETRY.test(a.toLowerCase()) && /^(?:get|put|create|delete|update|attach|detach|pass|assume|invoke|decrypt|encrypt|generate|sign|send|publish|run|start|stop|terminate|modify|set|add|remove|restore|copy|batch|execute|\*)/.test(name);
  });
  return { actions: scopable, severity: sensitive.length ? 'high' : 'medium' };
}
