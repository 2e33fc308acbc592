/** deploy/unpinned-image on a Dockerfile written as a template: the placeholder in FROM is part of the image, not a tag of its own. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const images = async (code: string) => (await findings('Dockerfile', code)).filter((f) => f.ruleId === 'deploy/unpinned-image').map((f) => [f.evidence, f.message]);

describe('deploy/unpinned-image and template placeholders in FROM', () => {
  it('reads the whole image, placeholder included, and says the template fills the tag in', async () => {
    const [f] = await images('FROM node:{{ node_version }}-slim AS base\nRUN npm ci\n');
    expect(f?.[0]).toBe('node:{{node_version}}-slim');
    expect(f?.[1]).toMatch(/uses node:\{\{node_version\}\}-slim by a tag its template fills in/);
    expect(f?.[1]).not.toMatch(/"\{\{"|channel or variant/);
  });

  it('keeps the stage alias after a placeholder', async () => {
    const found = await images('FROM ghcr.io/acme/uv:python{{ python_version }}-bookworm-slim AS build\nFROM build\nCMD ["app"]\n');
    expect(found.map(([e]) => e)).toEqual(['ghcr.io/acme/uv:python{{python_version}}-bookworm-slim']);
  });
});

describe('deploy/unpinned-image where nothing lasting runs the image', () => {
  const levels = async (path: string, code: string) =>
    (await findings(path, code)).filter((f) => f.ruleId === 'deploy/unpinned-image').map((f) => `${f.evidence} ${f.severity}`);
  const manifest = (name: string, image: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${name === 'api' ? 'prod' : '<namespace>'}\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: wait\n          image: ${image}\n      containers:\n        - name: app\n          image: <registry>/<image>:<tag>\n`;

  it("notes a version tag in a test's throwaway image or a manifest template whose name is a slot, at info", async () => {
    expect(await levels('api/tests/fixtures/olap/Dockerfile', 'FROM acme/olap-server:24.12\nCOPY init.sql /docker-entrypoint-initdb.d/\n')).toEqual(['acme/olap-server:24.12 info']);
    expect(await levels('skills/manifests/assets/deployment-template.yaml', manifest('<app-name>', 'busybox:1.36'))).toEqual(['busybox:1.36 info']);
  });

  it('keeps a moving tag there, and a version tag in a manifest or Dockerfile that runs', async () => {
    expect(await levels('api/tests/fixtures/olap/Dockerfile', 'FROM acme/olap-server:latest\n')).toEqual(['acme/olap-server:latest medium']);
    expect(await levels('skills/manifests/assets/deployment-template.yaml', manifest('<app-name>', 'busybox:latest'))).toEqual(['busybox:latest medium']);
    expect(await levels('k8s/api.yaml', manifest('api', 'busybox:1.36'))).toEqual(['busybox:1.36 low']);
    expect(await levels('deploy/olap/Dockerfile', 'FROM acme/olap-server:24.12\n')).toEqual(['acme/olap-server:24.12 low']);
  });
});
