/**
 * deploy/iam-wildcard rates a grant on every resource by the worst action it holds
 * (`rules/deploy/iam-risk.yaml`), a role by the worst AWS managed policy it attaches, and a sample's
 * grant one level lower at most.
 */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';
import { contextPolicy } from '../../src/engine/context-policy.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classOfAction, classOfManagedPolicy, IAM_RISK_FILE, loadIamRisk } from '../../src/rules/deploy/iam-risk.js';
import type { Finding } from '../../src/core/types.js';

const ID = 'deploy/iam-wildcard';
const statement = (actions: string[], resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] });
const iam = async (path: string, code: string): Promise<Finding[]> => (await findings(path, code)).filter((f) => f.ruleId === ID);
const rated = async (actions: string[]) => (await iam('iam/policy.json', statement(actions))).map((f) => f.severity);

/** A CloudFormation role `service` assumes, with these managed policy ARNs and inline statements. */
const role = (service: string, arns: string[], inline: string[][] = []) =>
  [
    'Resources:',
    '  WorkerRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement:',
    '          - Effect: Allow',
    `            Principal: {Service: ${service}}`,
    '            Action: sts:AssumeRole',
    ...(arns.length ? ['      ManagedPolicyArns:', ...arns.map((a) => `        - arn:aws:iam::aws:policy/${a}`)] : []),
    ...(inline.length
      ? ['      Policies:', '        - PolicyName: inline', '          PolicyDocument:', '            Statement:', ...inline.map((a) => `              - {Effect: Allow, Action: [${a.join(', ')}], Resource: "*"}`)]
      : []),
    '',
  ].join('\n');

describe('deploy/iam-wildcard: a statement on every resource is as bad as its worst action', () => {
  it('rates passing or assuming any role and writing policies high', async () => {
    expect(await rated(['iam:PassRole'])).toEqual(['high']);
    expect(await rated(['sts:AssumeRole'])).toEqual(['high']);
    expect(await rated(['iam:CreateRole', 'iam:AttachRolePolicy', 'iam:PutRolePolicy'])).toEqual(['high']);
    expect(await rated(['lambda:UpdateFunctionCode'])).toEqual(['high']);
  });

  it('rates reads of secrets and credentials high', async () => {
    expect(await rated(['secretsmanager:GetSecretValue'])).toEqual(['high']);
    expect(await rated(['ssm:GetParametersByPath'])).toEqual(['high']);
    expect(await rated(['kms:Decrypt'])).toEqual(['high']);
  });

  it('rates reads and writes of stored data high, whatever the store', async () => {
    expect(await rated(['healthlake:ReadResource', 'healthlake:DeleteResource'])).toEqual(['high']);
    expect(await rated(['dynamodb:Query'])).toEqual(['high']);
    expect(await rated(['s3:PutObject'])).toEqual(['high']);
  });

  it('rates other changes medium: security groups, stacks, clusters', async () => {
    expect(await rated(['ec2:AuthorizeSecurityGroupIngress', 'ec2:CreateSecurityGroup'])).toEqual(['medium']);
    expect(await rated(['cloudformation:CreateStack', 'cloudformation:DeleteStack'])).toEqual(['medium']);
    expect(await rated(['ecs:CreateService', 'ecs:RunTask'])).toEqual(['medium']);
    expect(await rated(['cognito-idp:AdminAddUserToGroup'])).toEqual(['medium']);
  });

  it('rates calls to functions and models (a cost, no data) and telemetry writes low', async () => {
    expect(await rated(['bedrock:InvokeModel', 'bedrock:Converse', 'bedrock:ConverseStream'])).toEqual(['low']);
    expect(await rated(['lambda:InvokeFunction'])).toEqual(['low']);
    expect(await rated(['logs:CreateLogStream', 'logs:PutLogEvents'])).toEqual(['low']);
  });

  it('rates a mixed statement by its worst action and names that one first', async () => {
    const [f] = await iam('iam/policy.json', statement(['lambda:InvokeFunction', 'bedrock-agentcore:*', 'iam:PassRole']));
    expect(f?.severity).toBe('high');
    expect(f?.message).toMatch(/allows iam:PassRole, bedrock-agentcore:\*, lambda:InvokeFunction on every resource \(\*\): a way to more rights/);
  });

  it('rates a whole service by the worst of its actions, at least as a change', async () => {
    expect(await rated(['bedrock-agentcore:*'])).toEqual(['high']);
    expect(await rated(['dynamodb:*'])).toEqual(['high']);
    expect(await rated(['logs:*'])).toEqual(['medium']);
    expect(await rated(['xray:*'])).toEqual(['low']);
  });

  it('keeps one finding per statement, and none for a role named by ARN', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['iam:PassRole'], Resource: '*' },
        { Effect: 'Allow', Action: ['ecs:CreateService', 'ecs:UpdateService'], Resource: '*' },
        { Effect: 'Allow', Action: ['iam:PassRole'], Resource: 'arn:aws:iam::123456789012:role/task-runner' },
      ],
    });
    expect((await iam('iam/policy.json', policy)).map((f) => f.severity)).toEqual(['high', 'medium']);
  });

  it('matches names with `*` against the table both ways', () => {
    expect(classOfAction('s3:Get*')).toBe('data');
    expect(classOfAction('iam:Put*')).toBe('escalation');
    expect(classOfAction('iam:Get*')).toBe('read');
    expect(classOfAction('logs:*')).toBe('change');
    expect(classOfAction('kms:GenerateDataKey*')).toBe('credentials');
    expect(classOfAction('cloudwatch:PutMetricAlarm')).toBe('telemetry');
    expect(classOfAction('ecr:PutImage')).toBeUndefined();
  });
});

describe('deploy/iam-wildcard: AWS managed policies', () => {
  it('rates a role by the worst managed policy it attaches, in one finding pointing at it', async () => {
    const found = await iam('stack/template.yaml', role('lambda.amazonaws.com', ['service-role/AWSLambdaBasicExecutionRole', 'AmazonAPIGatewayAdministrator', 'AWSLambda_FullAccess']));
    expect(found.map((f) => [f.severity, f.location.startLine])).toEqual([['high', 13]]);
    expect(found[0]?.message).toMatch(/WorkerRole attaches AWSLambda_FullAccess, AmazonAPIGatewayAdministrator: a way to more rights/);
  });

  it('rates full access to data or secrets high, other full access medium', async () => {
    expect((await iam('stack/template.yaml', role('lambda.amazonaws.com', ['AmazonDynamoDBFullAccess']))).map((f) => f.severity)).toEqual(['high']);
    expect((await iam('stack/template.yaml', role('lambda.amazonaws.com', ['SecretsManagerReadWrite']))).map((f) => f.severity)).toEqual(['high']);
    expect((await iam('stack/template.yaml', role('lambda.amazonaws.com', ['AmazonAPIGatewayAdministrator']))).map((f) => f.severity)).toEqual(['medium']);
    expect((await iam('stack/template.yaml', role('lambda.amazonaws.com', ['PowerUserAccess']))).map((f) => f.severity)).toEqual(['critical']);
  });

  it('reports account-wide read-only policies only on a role an agent service assumes', async () => {
    const agent = await iam('stack/template.yaml', role('bedrock-agentcore.amazonaws.com', ['ReadOnlyAccess']));
    expect(agent.map((f) => f.severity)).toEqual(['high']);
    expect(agent[0]?.message).toMatch(/attaches ReadOnlyAccess: access to the stored data .*bedrock-agentcore\.amazonaws\.com assumes this role/);
    expect(await iam('stack/template.yaml', role('codebuild.amazonaws.com', ['ReadOnlyAccess']))).toEqual([]);
    expect(classOfManagedPolicy('arn:aws:iam::aws:policy/ReadOnlyAccess', { agentRole: false })).toBeUndefined();
    expect(classOfManagedPolicy('arn:aws:iam::123456789012:policy/AuditFullAccess', { agentRole: true })).toBeUndefined();
  });

  it('reads a Terraform attachment and the trust of the role it names', async () => {
    const tf = [
      'data "aws_iam_policy_document" "trust" {',
      '  statement {',
      '    actions = ["sts:AssumeRole"]',
      '    principals {',
      '      type        = "Service"',
      '      identifiers = ["bedrock.amazonaws.com"]',
      '    }',
      '  }',
      '}',
      '',
      'resource "aws_iam_role" "agent" {',
      '  name               = "agent"',
      '  assume_role_policy = data.aws_iam_policy_document.trust.json',
      '}',
      '',
      'resource "aws_iam_role_policy_attachment" "reads" {',
      '  role       = aws_iam_role.agent.name',
      '  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"',
      '}',
      '',
    ].join('\n');
    const found = await iam('infra/agent.tf', tf);
    expect(found.map((f) => [f.severity, f.location.startLine])).toEqual([['high', 18]]);
    expect(await iam('infra/agent.tf', tf.replace('bedrock.amazonaws.com', 'ec2.amazonaws.com'))).toEqual([]);
  });
});

describe('deploy/iam-wildcard in a sample', () => {
  const apply = (f: Finding) => contextPolicy({}).apply(f)!;

  it('lowers a sample template grant one level, not down to the cap of examples', async () => {
    const [admin] = await iam('examples/agent/template.yaml', role('bedrock-agentcore.amazonaws.com', ['AdministratorAccess']));
    expect(admin?.severity).toBe('critical');
    expect(apply(admin!).severity).toBe('high');
    const [pass] = await iam('examples/deploy/policy.json', statement(['iam:PassRole']));
    expect(apply(pass!).severity).toBe('medium');
    const [stacks] = await iam('examples/deploy/policy.json', statement(['cloudformation:CreateStack']));
    expect(apply(stacks!).severity).toBe('low');
  });

  it('keeps the test treatment: a test fixture policy stays at most low', async () => {
    const [admin] = await iam('test/fixtures/template.yaml', role('lambda.amazonaws.com', ['AdministratorAccess']));
    expect(apply(admin!).severity).toBe('low');
  });
});

describe('rules/deploy/iam-risk.yaml', () => {
  it('must list its classes worst first, as the code compares them', () => {
    const text = readFileSync(IAM_RISK_FILE, 'utf8').replace('  - name: escalation\n', '  - name: TMP\n').replace('  - name: credentials\n', '  - name: escalation\n').replace('  - name: TMP\n', '  - name: credentials\n');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'aw-iam-')), 'iam-risk.yaml');
    writeFileSync(file, text);
    expect(() => loadIamRisk(file)).toThrow(/class 2 must be escalation/);
  });
});
