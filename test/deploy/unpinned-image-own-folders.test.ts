/**
 * deploy/unpinned-image and the project's own base image known by its folder: a Dockerfile built
 * FROM `acme-bench/base:latest` near a folder `base/` holding the Dockerfile that makes it is built
 * on the repository's own build (low, saying so). A bare official name, a folder with no Dockerfile,
 * a registry host, a folder that wraps the upstream image and a folder too far up stay as written.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/deploy/own-base-image');

async function unpinned(root: string): Promise<string[]> {
  const { report } = await scan({ paths: [root], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'deploy/unpinned-image').map((f) => `${f.location.path}:${f.evidence} ${f.severity}`).sort();
}

const PIN = '@sha256:0b8f1e0c1e5c4c5ad2b5e0f8b0c7d1e9a7e1c2b3d4e5f60718293a4b5c6d7e8f';

describe("deploy/unpinned-image and a base image a folder of the repository makes", () => {
  it('rates low, as the project\'s own image, a FROM naming the image of a folder beside it or up to two folders above', async () => {
    const root = path.join(FIXTURES, 'built-here');
    expect(await unpinned(root)).toEqual(['images/tools/runner/Dockerfile:acme-bench/base:latest low', 'images/worker/Dockerfile:acme-bench/base:latest low']);
    const { report } = await scan({ paths: [root], threads: 1 });
    const worker = report.findings.find((f) => f.ruleId === 'deploy/unpinned-image' && f.location.path === 'images/worker/Dockerfile');
    expect(worker?.message).toContain('The repository builds it itself from images/base/Dockerfile');
  });

  it('keeps a bare official name, a folder with no Dockerfile, a registry host, a wrapper of the upstream image and a folder too far up', async () => {
    expect(await unpinned(path.join(FIXTURES, 'pulled'))).toEqual([
      'docker/api/Dockerfile:ghcr.io/other-org/base:latest medium',
      'docker/app/Dockerfile:python:latest medium',
      'docker/cache/Dockerfile:someone/redis:latest medium',
      'docker/sync/Dockerfile:vendor/store:latest medium',
      'services/jobs/nightly/worker/Dockerfile:acme-bench/base:latest medium',
    ]);
  });

  it('does not take the referencing Dockerfile\'s own folder for the maker, nor a folder whose Dockerfile builds on a variable it cannot read', async () => {
    // `base/Dockerfile` FROM `acme/base:latest` builds on an earlier build of itself, pulled.
    expect(await unpinned(tempTree({ 'docker/base/Dockerfile': 'FROM acme/base:latest\nUSER 10001\n' }))).toEqual(['docker/base/Dockerfile:acme/base:latest medium']);
    // A maker whose base is a build argument still makes the image: the folder is the project's build.
    expect(
      await unpinned(tempTree({ 'docker/base/Dockerfile': `ARG BASE=debian:bookworm-slim${PIN}\nFROM \${BASE}\n`, 'docker/app/Dockerfile': 'FROM acme/base:latest\nUSER 10001\n' })),
    ).toEqual(['docker/app/Dockerfile:acme/base:latest low']);
  });
});
