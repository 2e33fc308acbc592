/** Examples of deploy/iam-wildcard: policies and roles that must, and must not, produce a finding. */
import type { RuleExample } from '../../../core/rule.js';

/** A CloudFormation role that `service` assumes, with the given managed policy ARNs. */
const cfnRole = (service: string, arns: string[]) =>
  `Resources:\n  ToolRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: ${service}\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n${arns.map((a) => `        - ${a}\n`).join('')}`;

const jsonPolicy = (statement: string) => `{"Version": "2012-10-17", "Statement": [${statement}]}`;

export const iamWildcardExamples: { positive: RuleExample[]; negative: RuleExample[] } = {
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
    { path: 'iam/agent-policy.json', code: jsonPolicy('{"Effect": "Allow", "Action": ["dynamodb:PutItem", "sts:GetCallerIdentity"], "Resource": "*"}') },
    // Image pulls from every repository of the account: low (reads only), but more than one repository's worth.
    { path: 'iam/node-policy.json', code: jsonPolicy('{"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "*"}') },
    {
      path: 'template.yaml',
      code: 'Resources:\n  AgentRole:\n    Type: AWS::IAM::Role\n    Properties:\n      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/AdministratorAccess\n',
    },
    // Passing any role: whoever holds it can hand a service a role with more rights than its own.
    { path: 'deploy/release-policy.json', code: jsonPolicy('{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}') },
    // A full-access managed policy on any role: every bucket of the account.
    { path: 'stack/template.yaml', code: cfnRole('lambda.amazonaws.com', ['arn:aws:iam::aws:policy/AmazonS3FullAccess']) },
    // Account-wide reads on a role an agent service assumes: the model picks what to read.
    { path: 'stack/template.yaml', code: cfnRole('bedrock-agentcore.amazonaws.com', ['arn:aws:iam::aws:policy/ReadOnlyAccess']) },
    // Terraform: a secrets policy attached to a role, the partition written as a reference.
    {
      path: 'infra/roles.tf',
      code: 'resource "aws_iam_role_policy_attachment" "secrets" {\n  role       = aws_iam_role.worker.name\n  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/SecretsManagerReadWrite"\n}\n',
    },
    // A setup script's policy written as a dict, handed to put_role_policy: every secret of the account.
    {
      path: 'agent/setup_role.py',
      code: 'import json\nimport boto3\n\nAGENT_POLICY = {\n    "Version": "2012-10-17",\n    "Statement": [\n        {"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": "*"},\n    ],\n}\n\nboto3.client("iam").put_role_policy(RoleName="agent", PolicyName="agent", PolicyDocument=json.dumps(AGENT_POLICY))\n',
    },
    // The same in TypeScript, for the SDK's PutRolePolicyCommand.
    {
      path: 'infra/role.ts',
      code: "const policy = {\n  Version: '2012-10-17',\n  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],\n};\nawait iam.send(new PutRolePolicyCommand({ RoleName: 'agent', PolicyName: 'agent', PolicyDocument: JSON.stringify(policy) }));\n",
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
    { path: 'iam/reader.json', code: jsonPolicy('{"Effect": "Allow", "Action": ["ec2:Describe*", "cloudwatch:GetMetricData"], "Resource": "*"}') },
    // Passing one named role is how a deploy hands a service its role.
    { path: 'deploy/release-policy.json', code: jsonPolicy('{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/report-runner"}') },
    // Account-wide reads are an audit job's whole task: not reported on a role no agent service assumes.
    { path: 'stack/template.yaml', code: cfnRole('codebuild.amazonaws.com', ['arn:aws:iam::aws:policy/ReadOnlyAccess']) },
    // The basic execution policy writes the function's own logs; a customer's own policy is not AWS's.
    {
      path: 'stack/template.yaml',
      code: cfnRole('bedrock-agentcore.amazonaws.com', ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', 'arn:aws:iam::123456789012:policy/TeamFullAccess', '!Ref ReportsFullAccess']),
    },
    // Resources built from variables name one secret, not `*`; a trust policy says who may assume the role.
    {
      path: 'agent/setup_role.py',
      code: 'POLICY = {\n    "Version": "2012-10-17",\n    "Statement": [\n        {"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": f"arn:aws:secretsmanager:{region}:{account}:secret:agent/*"},\n    ],\n}\nTRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"}, "Action": "sts:AssumeRole"}]}\n',
    },
    // A policy in a docstring or a tool's description is text for a reader, not a grant.
    {
      path: 'tools/policy_help.py',
      code: 'def explain():\n    """Never grant this:\n\n    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}\n    """\n    return HELP\n\nHELP = \'{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}\'\n',
    },
  ],
};
