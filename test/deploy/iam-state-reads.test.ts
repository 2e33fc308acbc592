/** deploy/iam-wildcard: reads of a resource's state on `*` are low; reads of data and secrets, and writes, keep their level. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const policy = (actions: string[]) =>
  `data "aws_iam_policy_document" "tunnel" {\n  statement {\n    actions   = [${actions.map((a) => `"${a}"`).join(', ')}]\n    resources = ["*"]\n  }\n}\n`;
const rated = async (actions: string[]) => (await findings('infra/iam.tf', policy(actions))).filter((f) => f.ruleId === 'deploy/iam-wildcard').map((f) => f.severity);

describe('deploy/iam-wildcard on reads that change nothing', () => {
  it('rates pulls, listings and gets of an unlisted service on * low, and says they change nothing', async () => {
    const pull = ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'ecr:GetRepositoryPolicy', 'ecr:ListImages'];
    expect(await rated(pull)).toEqual(['low']);
    expect(await rated(['iam:Get*', 'iam:List*'])).toEqual(['low']);
    const [f] = (await findings('infra/iam.tf', policy(pull))).filter((x) => x.ruleId === 'deploy/iam-wildcard');
    expect(f?.message).toMatch(/read-only access to every such resource/);
    expect(f?.message).not.toMatch(/changes to every/);
  });

  it('keeps a read that hands out a token, and a read beside a write, at their level', async () => {
    expect(await rated(['codeartifact:GetAuthorizationToken'])).toEqual(['medium']);
    expect(await rated(['ecr:BatchGetImage', 'ecr:PutImage'])).toEqual(['medium']);
    expect(await rated(['ecr:BatchGetImage', 'secretsmanager:GetSecretValue'])).toEqual(['high']);
    // HTTP-verb actions read API keys among the rest: no read by their name.
    expect(await rated(['apigateway:GET'])).toEqual(['medium']);
  });
});

describe('deploy/iam-wildcard on state reads', () => {
  it("rates status and settings reads on * low, saying they return no data", async () => {
    expect(await rated(['ssm:DescribeInstanceInformation', 'ssm:GetConnectionStatus', 'ec2:DescribeInstances'])).toEqual(['low']);
    expect(await rated(['s3:GetBucketLocation'])).toEqual(['low']);
    const [f] = (await findings('infra/iam.tf', policy(['ssm:GetConnectionStatus']))).filter((x) => x.ruleId === 'deploy/iam-wildcard');
    expect(f?.message).toMatch(/read-only actions that return a resource's state or settings \(not its data or secrets\)/);
  });

  it('keeps reads of data, secrets and code, wildcards of reads, and writes at their level', async () => {
    expect(await rated(['secretsmanager:GetSecretValue'])).toEqual(['high']);
    expect(await rated(['ssm:GetParameter'])).toEqual(['high']);
    expect(await rated(['s3:GetObject'])).toEqual(['high']);
    expect(await rated(['lambda:GetFunction'])).toEqual(['high']);
    expect(await rated(['ec2:GetPasswordData'])).toEqual(['high']);
    expect(await rated(['s3:Get*'])).toEqual(['high']);
    // Listings of an object store's keys and uploads are not its settings.
    expect(await rated(['s3:ListBucket', 's3:GetBucketLocation'])).toEqual(['high']);
    expect(await rated(['s3:ListMultipartUploadParts'])).not.toEqual(['low']);
    expect(await rated(['ssm:GetConnectionStatus', 'ssm:SendCommand'])).toEqual(['high']);
  });
});
