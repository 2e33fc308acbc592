/** The per-format fixtures: positives find what they plant, negatives stay clean, every format parses. */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { scanDir, summary } from './helpers.js';
import { tempTree } from '../helpers/tmp.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/deploy');
const result = await scanDir(FIXTURES);
const rulesIn = (dir: string): string[] => [...new Set(result.findings.filter((f) => f.location.path.startsWith(dir)).map((f) => f.ruleId))].sort();

describe('deployment fixtures', () => {
  it('parse without errors, except the broken ones, each named', () => {
    expect(result.errors.map((e) => e.path).sort()).toEqual(['broken/deployment.yaml', 'broken/docker-compose.yml', 'broken/main.tf', 'broken/template.json', 'manifest-prefilter/templated-resource.yaml', 'terraform-prefilter/templated.tf']);
    expect(result.errors.find((e) => e.path === 'broken/template.json')?.message).toMatch(/^invalid JSON at 4:\d+/);
    expect(result.errors.find((e) => e.path === 'broken/main.tf')?.message).toMatch(/^invalid HCL at \d+:\d+/);
    expect(result.errors.find((e) => e.path === 'broken/deployment.yaml')?.message).toMatch(/^invalid YAML at \d+:\d+/);
  });

  it('negative fixtures have no findings', () => {
    const clean = result.findings.filter((f) => /(^|\/)negative\//.test(f.location.path));
    expect(summary(clean)).toEqual([]);
  });

  it('Kubernetes: literal env, decoded Secret data, default account, privileged, cluster-admin, unpinned', () => {
    expect(rulesIn('k8s/positive')).toEqual([
      'deploy/default-service-account',
      'deploy/k8s-broad-rbac',
      'deploy/k8s-secret-literal',
      'deploy/literal-secret',
      'deploy/privileged-container',
      'deploy/unpinned-image',
    ]);
    const decoded = result.findings.filter((f) => f.ruleId === 'deploy/k8s-secret-literal' && f.location.path.startsWith('k8s/'));
    expect(decoded.map((f) => f.location.startLine)).toEqual([77, 78]);
    expect(decoded.every((f) => !f.message.includes('Tq7#pLx2') && f.evidence !== 'Tq7#pLx2!Vb9mK')).toBe(true);
  });

  it('Helm: values literal and :latest, templates parse with {{ }} and keep their positions', () => {
    expect(summary(result.findings.filter((f) => f.location.path.startsWith('helm/')))).toEqual([
      'helm/agent/templates/deployment.yaml:26 deploy/privileged-container critical',
      'helm/agent/values.yaml:12 deploy/literal-secret high',
      'helm/agent/values.yaml:3 deploy/unpinned-image medium',
    ]);
  });

  it('Kustomize: secretGenerator literal found, strategic-merge patch not taken for a workload', () => {
    expect(summary(result.findings.filter((f) => f.location.path.startsWith('kustomize/')))).toEqual([
      'kustomize/base/deployment.yaml:1 deploy/default-service-account low',
      'kustomize/base/deployment.yaml:14 deploy/unpinned-image medium',
      'kustomize/overlays/prod/kustomization.yaml:11 deploy/k8s-secret-literal high',
    ]);
  });

  it('Terraform: static keys, jsonencode / heredoc / policy-document wildcards, admin attachment, Lambda env literal', () => {
    expect(summary(result.findings.filter((f) => f.location.path.startsWith('terraform/')))).toEqual([
      'terraform/positive/main.tf:17 deploy/iac-static-key high',
      'terraform/positive/main.tf:21 deploy/iac-static-key high',
      'terraform/positive/main.tf:28 deploy/iam-wildcard critical',
      'terraform/positive/main.tf:47 deploy/iam-wildcard high',
      'terraform/positive/main.tf:61 deploy/iam-wildcard high',
      'terraform/positive/main.tf:68 deploy/iam-wildcard critical',
      'terraform/positive/main.tf:79 deploy/literal-secret high',
      'terraform/positive/main.tf:85 deploy/iac-static-key high',
    ]);
  });

  it('CloudFormation, YAML with !Ref, !Sub, !GetAtt, !Join and JSON with their long forms: access key and admin policies', () => {
    expect(summary(result.findings.filter((f) => f.location.path.startsWith('cloudformation/')))).toEqual([
      'cloudformation/template.json:12 deploy/iac-static-key high',
      'cloudformation/template.json:28 deploy/iam-wildcard high',
      'cloudformation/template.yaml:13 deploy/iac-static-key high',
      'cloudformation/template.yaml:27 deploy/iam-wildcard critical',
      // dynamodb:* on every table reads, writes and deletes every item: data, high.
      'cloudformation/template.yaml:31 deploy/iam-wildcard high',
    ]);
  });

  it('JSON CloudFormation names the IAM user its long-form Ref points at', () => {
    const key = result.findings.find((f) => f.location.path === 'cloudformation/template.json' && f.ruleId === 'deploy/iac-static-key');
    expect(key?.message).toMatch(/for IAM user ResearchUser/);
  });

  it('CloudFormation environment literals: one finding per variable, the same in YAML and JSON, long-form intrinsics read as their argument', async () => {
    const root = tempTree({
      't.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment:\n        Variables:\n          CRM_API_TOKEN: "q8Zr3LmN0xVb7TkW2pQs"\n          OTHER_SECRET: !Sub "Zx81mQp3Lr7TvK2wNb9c"\n          STAGE: !Ref Stage\n',
      't.json': '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"F": {"Type": "AWS::Lambda::Function", "Properties": {"Environment": {"Variables": {"CRM_API_TOKEN": "q8Zr3LmN0xVb7TkW2pQs", "OTHER_SECRET": {"Fn::Sub": "Zx81mQp3Lr7TvK2wNb9c"}, "STAGE": {"Ref": "Stage"}}}}}}}\n',
    });
    const { findings } = await scanDir(root);
    const literal = (file: string): string[] => findings.filter((f) => f.ruleId === 'deploy/literal-secret' && f.location.path === file).map((f) => f.message.match(/for (\w+)/)![1]!).sort();
    expect(literal('t.yaml')).toEqual(['CRM_API_TOKEN', 'OTHER_SECRET']);
    expect(literal('t.json')).toEqual(['CRM_API_TOKEN', 'OTHER_SECRET']);
  });

  it('Compose, Dockerfile, .env', () => {
    expect(rulesIn('compose/positive')).toEqual(['deploy/default-password', 'deploy/literal-secret', 'deploy/privileged-container', 'deploy/runs-as-root', 'deploy/unpinned-image']);
    expect(rulesIn('docker/positive')).toEqual(['deploy/literal-secret', 'deploy/runs-as-root', 'deploy/unpinned-image']);
    expect(summary(result.findings.filter((f) => f.location.path.startsWith('env/')))).toEqual([
      // A client's settings for a MySQL on this machine: the client's copy of a local database's password, low; the same file whose
      // variable the Compose file beside it starts the database with is that database's password.
      'env/local-client/.env:5 deploy/default-password low',
      'env/positive/.env:3 deploy/literal-secret high',
      'env/positive/.env:4 deploy/literal-secret high',
      'env/server-env/.env:5 deploy/default-password medium',
    ]);
  });

  it('GitHub Actions: static cloud keys, pwn request, agent without approvals, write-all, unpinned actions', () => {
    expect(rulesIn('github/positive')).toEqual([
      'deploy/ci-agent-unrestricted',
      'deploy/ci-static-cloud-key',
      'deploy/gha-missing-permissions',
      'deploy/gha-pr-target-checkout',
      'deploy/gha-write-all',
      'deploy/unpinned-action',
    ]);
  });
});

describe('hostile deployment input', () => {
  it('deep nesting, binary-looking and huge HCL give errors or nothing, never a crash', async () => {
    const deep = `a = ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const dir = tempTree({
      'deep.tf': deep,
      'unterminated.tf': 'policy = <<EOF\n{"Action": "*"}\n',
      'Dockerfile': 'FROM \\\n',
      'deep.yaml': `apiVersion: v1\nkind: Pod\nspec: ${'['.repeat(3000)}\n`,
    });
    const r = await scanDir(dir);
    expect(r.errors.map((e) => e.path).sort()).toEqual(expect.arrayContaining(['unterminated.tf', 'deep.yaml']));
    expect(r.errors.every((e) => !/internal error/.test(e.message))).toBe(true);
  });
});
