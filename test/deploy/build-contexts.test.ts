/** deploy/unpinned-image and named build contexts: a FROM or COPY --from that a build names is judged by what the name points to. */
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/tmp.js';
import { scan } from '../../src/engine/scan.js';

async function unpinned(files: Record<string, string>): Promise<string[]> {
  const dir = tempTree(files);
  const { report } = await scan({ paths: [dir], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'deploy/unpinned-image').map((f) => `${f.location.path}:${f.location.startLine} ${f.severity} ${f.evidence}`).sort();
}

const PINNED = 'node:22-alpine@sha256:0b8f1e0c1e5c4c5ad2b5e0f8b0c7d1e9a7e1c2b3d4e5f60718293a4b5c6d7e8f';

describe('a FROM naming a build context', () => {
  it('is the project\'s own build when a bake file two folders up points the name at a target', async () => {
    const found = await unpinned({
      'docker-bake.hcl': 'target "base" {\n  dockerfile = "images/docker/base.Dockerfile"\n}\ntarget "tools" {\n  dockerfile = "images/docker/tools.Dockerfile"\n  contexts = { base = "target:base" }\n}\n',
      'images/docker/base.Dockerfile': `FROM ${PINNED}\nRUN npm i -g acme-gateway\n`,
      'images/docker/tools.Dockerfile': 'FROM base\nRUN apk add python3\n',
    });
    expect(found).toEqual([]);
  });

  it('is the project\'s own build when Compose additional_contexts or a build script points it at a folder', async () => {
    expect(
      await unpinned({
        'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      additional_contexts:\n        shared: ./shared\n',
        Dockerfile: `FROM ${PINNED}\nCOPY --from=shared /lib /lib\n`,
      }),
    ).toEqual([]);
    expect(
      await unpinned({
        'docker-compose.yml': 'services:\n  app:\n    build:\n      context: .\n      additional_contexts:\n        - base=docker-image://node:22-alpine\n',
        Dockerfile: 'FROM base\nCOPY . /app\n',
      }),
    ).toEqual(['Dockerfile:1 low node:22-alpine']);
    expect(
      await unpinned({
        'build.sh': 'docker buildx build --build-context runtime=./runtime -t acme/app:1 .\n',
        Dockerfile: 'FROM runtime\nCOPY . /app\n',
      }),
    ).toEqual([]);
  });

  it('is the image a docker-image:// context names, and a name no build defines is still a pull', async () => {
    expect(
      await unpinned({
        'docker-bake.hcl': 'target "app" {\n  contexts = { base = "docker-image://node:22-alpine" }\n}\n',
        Dockerfile: 'FROM base\nCOPY . /app\n',
      }),
    ).toEqual(['Dockerfile:1 low node:22-alpine']);
    expect(
      await unpinned({
        'docker-bake.hcl': 'target "app" {\n  contexts = { src = "./src" }\n}\n',
        Dockerfile: 'FROM base\nCOPY . /app\n',
      }),
    ).toEqual(['Dockerfile:1 medium base']);
  });
});
