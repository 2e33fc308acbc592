/**
 * deploy/unpinned-image across a repository: Skaffold builds the images its config lists and writes
 * the tag or digest it built into the manifests when it deploys, so a manifest naming such an image
 * bare is Skaffold's input; the same name pulled by a Compose file, or an image nobody builds here,
 * keeps its finding.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

async function unpinned(files: Record<string, string>): Promise<string[]> {
  const dir = tempTree(files);
  const { report } = await scan({ paths: [dir], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'deploy/unpinned-image').map((f) => `${f.location.path}:${f.evidence}`).sort();
}

const deployment = (name: string, image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  template:\n    spec:\n      containers:\n        - name: server\n          image: ${image}\n`;

const SKAFFOLD = 'apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n    - image: adservice\n      context: src/adservice\n    - image: cartservice\n      context: src/cartservice\n      docker:\n        dockerfile: Dockerfile.prod\nmanifests:\n  rawYaml:\n    - kubernetes-manifests/*.yaml\n';

describe('deploy/unpinned-image and images Skaffold builds', () => {
  it('does not report a manifest naming an image the Skaffold config builds', async () => {
    const found = await unpinned({
      'skaffold.yaml': SKAFFOLD,
      'kubernetes-manifests/adservice.yaml': deployment('adservice', 'adservice'),
      'kubernetes-manifests/cartservice.yaml': deployment('cartservice', 'cartservice'),
      'kubernetes-manifests/redis.yaml': deployment('redis', 'redis:alpine'),
    });
    expect(found).toEqual(['kubernetes-manifests/redis.yaml:redis:alpine']);
  });

  it('reports the same manifests when no Skaffold config builds them, and a Compose file pulling a built name', async () => {
    const files = {
      'kubernetes-manifests/adservice.yaml': deployment('adservice', 'adservice'),
      'docker-compose.yml': 'services:\n  ads:\n    image: adservice\n',
    };
    expect(await unpinned(files)).toEqual(['docker-compose.yml:adservice', 'kubernetes-manifests/adservice.yaml:adservice']);
    expect(await unpinned({ ...files, 'skaffold.yaml': SKAFFOLD })).toEqual(['docker-compose.yml:adservice']);
  });

  it('reads artifacts of Skaffold profiles too', async () => {
    const profiles = 'apiVersion: skaffold/v4beta11\nkind: Config\nprofiles:\n  - name: gcb\n    build:\n      artifacts:\n        - image: checkoutservice\n          context: src/checkoutservice\n';
    expect(await unpinned({ 'skaffold.yaml': profiles, 'k8s/checkout.yaml': deployment('checkout', 'checkoutservice') })).toEqual([]);
  });
});
