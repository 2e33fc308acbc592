import { describe, expect, it } from 'vitest';
import { classify, isBinaryByName } from '../../src/discovery/classify.js';

describe('classify', () => {
  it.each([
    ['.env', 'env'],
    ['config/.env.production', 'env'],
    ['prod.env', 'env'],
    ['.mcp.json', 'json'],
    ['opencode.jsonc', 'json'],
    ['k8s/deploy.yml', 'yaml'],
    ['.codex/config.toml', 'toml'],
    ['infra/main.tf', 'hcl'],
    ['Dockerfile', 'dockerfile'],
    ['docker/Dockerfile.agent', 'dockerfile'],
    ['Dockerfile-gpu', 'dockerfile'],
    ['docker/Dockerfile_prod', 'dockerfile'],
    ['DockerfileCelery', 'dockerfile'],
    ['Containerfile-dev', 'dockerfile'],
    ['Dockerfile.old', 'text'],
    ['docker/Dockerfile.bak', 'text'],
    ['Dockerfile.prod.orig', 'text'],
    ['Dockerfile~', 'text'],
    ['Dockerfile.older', 'dockerfile'],
    ['dockerfiles', 'text'],
    ['agent.py', 'python'],
    ['src/agent.tsx', 'typescript'],
    ['server.mjs', 'typescript'],
    ['README.md', 'markdown'],
    ['notes.txt', 'text'],
    ['Makefile', 'text'],
  ])('%s is %s', (p, kind) => {
    expect(classify(p)).toBe(kind);
  });

  it('knows binary extensions but not text ones', () => {
    expect(isBinaryByName('model.safetensors')).toBe(true);
    expect(isBinaryByName('logo.PNG')).toBe(true);
    expect(isBinaryByName('agent.py')).toBe(false);
    expect(isBinaryByName('.env')).toBe(false);
  });
});
