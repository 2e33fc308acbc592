/**
 * deploy/unpinned-image and bare image names (no registry, no namespace) the repository makes
 * itself: a name its scripts, Makefiles or docs build (`docker build -t app .`, with variables in the
 * prefix or tag), a manifest's name a deploy script replaces with `sed`, a value whose comment says it
 * is a placeholder, a name that is the repository's own with a Dockerfile at its root. A third-party
 * official image by a bare name (`redis`, `postgres:latest`) is pulled and stays reported.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

async function unpinned(files: Record<string, string>): Promise<string[]> {
  const dir = tempTree(files);
  const { report } = await scan({ paths: [dir], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'deploy/unpinned-image').map((f) => `${f.location.path}:${f.evidence} ${f.severity}`).sort();
}

const deployment = (image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: llm}\nspec:\n  template:\n    spec:\n      containers:\n        - name: server\n          image: ${image}\n`;
const compose = (image: string) => `services:\n  app:\n    image: ${image}\n    ports: ["8080:8080"]\n  cache:\n    image: redis\n  db:\n    image: postgres:latest\n`;
const THIRD_PARTY = ['docker-compose.yml:postgres:latest medium', 'docker-compose.yml:redis medium'];

describe('deploy/unpinned-image and images the repository builds itself', () => {
  it('does not report a value whose comment says a script replaces it; the same value without it is reported', async () => {
    expect(await unpinned({ 'k8s/llm.yaml': deployment('llm-server:latest # placeholder value, replaced by deployment scripts') })).toEqual([]);
    expect(await unpinned({ 'k8s/llm.yaml': deployment('llm-server:latest # the model server') })).toEqual(['k8s/llm.yaml:llm-server:latest medium']);
  });

  it("does not report a manifest's name that a deploy script (a shell script with no extension) replaces with sed", async () => {
    const deploy = '#!/usr/bin/env bash\nset -e\ncat k8s/llm.yaml | sed s@llm-server:latest@${MODEL_IMAGE}@g | kubectl apply -f -\n';
    expect(await unpinned({ 'k8s/llm.yaml': deployment('llm-server:latest'), 'dev/tasks/deploy-to-kind': deploy })).toEqual([]);
    // A sed that replaces another name leaves it.
    expect(await unpinned({ 'k8s/llm.yaml': deployment('llm-server:latest'), 'dev/tasks/deploy-to-kind': deploy.replace('s@llm-server', 's@rpc-server') })).toEqual(['k8s/llm.yaml:llm-server:latest medium']);
  });

  it('rates info a bare name a build script tags, with variables in its prefix and tag', async () => {
    const build = '#!/usr/bin/env bash\ndocker buildx build \\\n  -f images/llm/Dockerfile \\\n  -t ${IMAGE_PREFIX}llm-server:${TAG} \\\n  --progress=plain .\n';
    expect(await unpinned({ 'k8s/llm.yaml': deployment('llm-server:latest'), 'dev/tasks/build-images': build, 'images/llm/Dockerfile': 'FROM scratch\n' })).toEqual(['k8s/llm.yaml:llm-server:latest info']);
  });

  it('rates info a bare Compose image the docs build (`docker build -t name .`, in .mdx); third-party official images stay', async () => {
    const docs = '# Deploy\n\n```bash\ndocker build -t telephony-app .\ndocker-compose up\n```\n';
    expect(await unpinned({ 'apps/telephony/docker-compose.yml': compose('telephony-app'), 'docs/telephony.mdx': docs })).toEqual([
      'apps/telephony/docker-compose.yml:postgres:latest medium',
      'apps/telephony/docker-compose.yml:redis medium',
      'apps/telephony/docker-compose.yml:telephony-app info',
    ]);
    expect(await unpinned({ 'docker-compose.yml': compose('telephony-app') })).toEqual([...THIRD_PARTY, 'docker-compose.yml:telephony-app medium'].sort());
  });

  it("rates info a bare name that is the repository's own name when a Dockerfile is at its root", async () => {
    const git = '[remote "origin"]\n\turl = https://github.com/acme/gateway.git\n';
    expect(await unpinned({ '.git/config': git, Dockerfile: 'FROM scratch\n', 'docker-compose.yml': compose('gateway') })).toEqual([...THIRD_PARTY, 'docker-compose.yml:gateway info'].sort());
    expect(await unpinned({ '.git/config': git, 'docker-compose.yml': compose('gateway') })).toEqual([...THIRD_PARTY, 'docker-compose.yml:gateway medium'].sort());
  });
});
