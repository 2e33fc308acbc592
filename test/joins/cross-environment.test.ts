/**
 * identity/cross-environment-credential on a repository written for it: one value per format
 * (env files, Helm values, Terraform tfvars, Kustomize overlays, Compose files) in two environments;
 * its negative twin has a distinct value per environment. Values are compared by one-way key only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { environmentOf } from '../../src/discovery/environment.js';
import { tempTree } from '../helpers/tmp.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/joins');
const reuse = async (root: string) => (await scan({ paths: [root], threads: 1 })).report.findings.filter((f) => f.ruleId === 'identity/cross-environment-credential');

describe('environmentOf', () => {
  it.each([
    ['.env.production', 'production'],
    ['app/.env.staging', 'staging'],
    ['helm/values-prod.yaml', 'production'],
    ['chart/values.dev.yaml', 'development'],
    ['k8s/overlays/prod/kustomization.yaml', 'production'],
    ['environments/staging/main.tfvars', 'staging'],
    ['terraform/prod.auto.tfvars', 'production'],
    ['docker-compose.staging.yml', 'staging'],
    ['config/application-uat.yml', 'staging'],
  ])('%s → %s', (p, env) => expect(environmentOf(p)).toBe(env));

  it.each(['.env', 'helm/values.yaml', 'src/test_prod_client.py', 'docker-compose.yml', 'k8s/base/secret.yaml'])('%s → none', (p) => expect(environmentOf(p)).toBeUndefined());
});

describe('identity/cross-environment-credential', () => {
  it('one finding per reused value, at its production use, naming both environments', async () => {
    const found = await reuse(path.join(FIXTURES, 'env-reuse'));
    expect(found.map((f) => `${f.location.path}:${f.location.startLine} ${f.severity}`).sort()).toEqual([
      '.env.production:2 high',
      'compose/docker-compose.prod.yml:5 high',
      'helm/values-prod.yaml:2 high',
      'k8s/overlays/prod/kustomization.yaml:8 high',
      'kustomize-base/base/secret.yaml:7 high',
      'terraform/prod.tfvars:1 high',
    ]);
    const env = found.find((f) => f.location.path === '.env.production')!;
    expect(env.message).toContain('configured for 2 environments: production (.env.production); staging (.env.staging)');
    expect(env.related).toEqual([expect.objectContaining({ path: '.env.staging', startLine: 2, message: 'the same value, in staging' })]);
  });

  it('a Secret in a Kustomize base deployed by two environments\' overlays', async () => {
    const found = (await reuse(path.join(FIXTURES, 'env-reuse'))).find((f) => f.location.path === 'kustomize-base/base/secret.yaml')!;
    expect(found.message).toContain('production (kustomize-base/base/secret.yaml through kustomize-base/overlays/prod); development (kustomize-base/base/secret.yaml through kustomize-base/overlays/dev)');
    expect(found.message).toContain('One base deploys it to each of them');
  });

  it('never prints a value in full', async () => {
    const root = path.join(FIXTURES, 'env-reuse');
    const found = await reuse(root);
    const value = /DB_PASSWORD=(\S+)/.exec(readFileSync(path.join(root, '.env.production'), 'utf8'))![1]!;
    expect(JSON.stringify(found)).not.toContain(value);
  });

  it('the negative twin: a distinct value per environment', async () => {
    expect(await reuse(path.join(FIXTURES, 'env-reuse-safe'))).toEqual([]);
  });

  it('references and placeholders are not reuse; non-production environments are medium', async () => {
    expect(await reuse(tempTree({ '.env.staging': 'DB_PASSWORD=${DB_PASSWORD}\n', '.env.production': 'DB_PASSWORD=${DB_PASSWORD}\n' }))).toEqual([]);
    expect(await reuse(tempTree({ '.env.staging': 'DB_PASSWORD=changeme\n', '.env.production': 'DB_PASSWORD=changeme\n' }))).toEqual([]);
    const dev = await reuse(tempTree({ '.env.qa': 'DB_PASSWORD=Vq8#rLm2pX9wT4zK\n', '.env.staging': 'DB_PASSWORD=Vq8#rLm2pX9wT4zK\n' }));
    expect(dev.map((f) => f.severity)).toEqual(['medium']);
  });
});
