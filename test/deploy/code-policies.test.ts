/**
 * IAM policy documents written as literals in Python or TypeScript code are read like policy files:
 * each literal statement is judged, and nothing that is text (a docstring, a template literal, a
 * string) or built from variables is taken for a grant.
 */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';
import { policiesInCode } from '../../src/rules/deploy/code-policies.js';

const ID = 'deploy/iam-wildcard';
const iam = async (path: string, code: string) => (await findings(path, code)).filter((f) => f.ruleId === ID);

describe('policy documents in code', () => {
  it('reads the name, and each statement with literal actions and resources', () => {
    const code = [
      'try:',
      '    # the policy',
      '    policy_document = {',
      '        "Version": "2012-10-17",',
      '        "Statement": [',
      '            {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"},',
      '            {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": f"arn:aws:s3:::{bucket}/*"},',
      '        ],',
      '    }',
      'except Exception:',
      '    pass',
    ].join('\n');
    const [policy] = policiesInCode(code, 'python');
    expect(policy?.name).toBe('policy_document');
    expect(policy?.statements.map((s) => [s.effect, s.actions, s.resources])).toEqual([
      ['Allow', ['s3:GetObject', 's3:ListBucket'], ['*']],
      ['Deny', ['s3:DeleteObject'], ['(f"arn:aws:s3:::{bucket}/*")']],
    ]);
  });

  it('reads an object literal with unquoted keys and a single statement object', () => {
    const code = "export const policy: PolicyDocument = {\n  Version: '2012-10-17',\n  Statement: { Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' },\n};\n";
    const [policy] = policiesInCode(code, 'typescript');
    expect(policy?.name).toBe('policy');
    expect(policy?.statements[0]).toMatchObject({ notActions: true, actions: ['iam:*'], resources: ['*'] });
  });

  it('leaves out trust policies, docstrings, template literals and strings', () => {
    expect(policiesInCode('TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}\n', 'python')).toEqual([]);
    expect(policiesInCode('def f():\n    """Example:\n    p = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}\n    """\n', 'python')).toEqual([]);
    expect(policiesInCode('const doc = `\n{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}\n`;\n', 'typescript')).toEqual([]);
    expect(policiesInCode('HELP = \'{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}\'\n', 'python')).toEqual([]);
  });

  it('rates a code policy like a policy file, named by its variable and file', async () => {
    const code = 'GATEWAY_POLICY = {\n    "Version": "2012-10-17",\n    "Statement": [\n        {"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": "*"},\n        {"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": f"arn:aws:lambda:{region}:{account}:function:tool"},\n    ],\n}\n';
    const found = await iam('toolkit/gateway/constants.py', code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'high', location: { startLine: 4 } });
    expect(found[0]!.message).toMatch(/^GATEWAY_POLICY \(constants\.py\) allows secretsmanager:GetSecretValue/);
  });

  it('reads no source file that does not state a policy version', async () => {
    expect(await iam('agent/tools.py', 'STATEMENTS = [{"Effect": "Allow", "Action": "*", "Resource": "*"}]\n')).toEqual([]);
  });
});
