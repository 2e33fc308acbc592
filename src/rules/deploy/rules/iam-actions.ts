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

export interface ScopableVerdict {
  actions: string[];
  severity: Severity;
  /** Every action reads only a resource's state or settings (see `readsStateOnly`). */
  stateReads?: boolean;
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
  // Status and settings reads on `*` disclose how resources are set up, never their contents: low, whatever the service.
  if (scopable.every((a) => readsStateOnly(a))) return { actions: scopable, severity: 'low', stateReads: true };
  const sensitive = scopable.filter((a) => {
    const [service = '', name = ''] = a.toLowerCase().split(':');
    return SENSITIVE.test(service) && !TELEMETRY.test(a.toLowerCase()) && /^(?:get|put|create|delete|update|attach|detach|pass|assume|invoke|decrypt|encrypt|generate|sign|send|publish|run|start|stop|terminate|modify|set|add|remove|restore|copy|batch|execute|\*)/.test(name);
  });
  return { actions: scopable, severity: sensitive.length ? 'high' : 'medium' };
}
