/** deploy/ci-source-install: a tool built from a git branch in CI, rated by what the job holds. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';
import { sourceInstalls } from '../../src/rules/deploy/rules/ci-source-install.js';

const found = async (code: string) =>
  (await findings('.github/workflows/release.yml', code)).filter((f) => f.ruleId === 'deploy/ci-source-install').map((f) => [f.severity, f.message]);
const job = (permissions: string, run: string, env = '') => `on: push\npermissions: ${permissions}\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${run}\n${env}`;

describe('deploy/ci-source-install', () => {
  it('reads cargo and the Python installers, with the branch or the default one', () => {
    expect(sourceInstalls('cargo install --locked --git https://github.com/someone/tool --branch topic tool')).toMatchObject([{ url: 'https://github.com/someone/tool', ref: 'topic' }]);
    expect(sourceInstalls('cargo +nightly install --git https://github.com/someone/tool')).toMatchObject([{ url: 'https://github.com/someone/tool', ref: undefined }]);
    expect(sourceInstalls('uv tool install "git+https://github.com/someone/tool.git@dev#subdirectory=cli"')).toMatchObject([{ url: 'https://github.com/someone/tool.git', ref: 'dev' }]);
    expect(sourceInstalls('python -m pip install \\\n  git+ssh://git@github.com/someone/tool.git')).toMatchObject([{ url: 'ssh://github.com/someone/tool.git', ref: undefined }]);
  });

  it('leaves a fixed commit or version tag, a ref the workflow fills in, and mere mentions alone', () => {
    expect(sourceInstalls('cargo install --git https://github.com/someone/tool --tag v1.4.0')).toEqual([]);
    expect(sourceInstalls('pip install git+https://github.com/someone/tool@0123456789abcdef0123456789abcdef01234567')).toEqual([]);
    expect(sourceInstalls('pip install -U git+https://github.com/${GITHUB_REPOSITORY}.git@${GITHUB_SHA}')).toEqual([]);
    expect(sourceInstalls('git clone https://github.com/someone/tool && echo "pip install git+https://github.com/someone/tool"')).toEqual([]);
  });

  it('is medium where the job holds a publishing secret or a write grant, low where it holds neither, saying what it holds', async () => {
    const run = 'cargo install --git https://github.com/someone/tool --branch topic tool';
    const [f] = await found(job('{contents: write}', run, '        env:\n          CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO_REGISTRY_TOKEN }}\n'));
    expect(f?.[0]).toBe('medium');
    expect(f?.[1]).toMatch(/from its branch topic \(no commit fixed\).*while the job holds a token with write rights and secrets CARGO_REGISTRY_TOKEN/);
    expect((await found(job('{contents: read}', run)))[0]?.[0]).toBe('low');
    expect((await found(job('{contents: read}', run, '        env:\n          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n')))[0]?.[0]).toBe('low');
  });
});
