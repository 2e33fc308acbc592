/** deploy/runs-as-root follows an entrypoint script the Dockerfile copies from the repository. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/tmp.js';
import { scan } from '../../src/engine/scan.js';

const DOCKERFILE = 'FROM python:3.12-slim\nCOPY docker/app/entrypoint.sh /app/entrypoint.sh\nRUN chmod +x /app/entrypoint.sh\nENTRYPOINT ["/app/entrypoint.sh"]\n';

async function rootFindings(script: string): Promise<string[]> {
  const dir = tempTree({ 'docker/app/Dockerfile': DOCKERFILE, 'docker/app/entrypoint.sh': script });
  const { report } = await scan({ paths: [dir], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'deploy/runs-as-root').map((f) => f.location.path);
}

describe('an entrypoint script that drops root', () => {
  it('is followed: starting the service with su as another user is not running as root', async () => {
    expect(await rootFindings('#!/bin/bash\nuseradd -m app\nchown -R app /app\nsu app -c "python -m app.server"\n')).toEqual([]);
    expect(await rootFindings('#!/bin/sh\nexec gosu app python -m app.server\n')).toEqual([]);
  });

  it('keeps the finding when the script runs the service itself, or switches to root', async () => {
    expect(await rootFindings('#!/bin/bash\npython -m app.server\n')).toEqual(['docker/app/Dockerfile']);
    expect(await rootFindings('#!/bin/bash\nsu root -c "python -m app.server"\n')).toEqual(['docker/app/Dockerfile']);
  });
});

describe('an entrypoint script the cache depends on', () => {
  it('analyzes a cached Dockerfile again when the script it copies appears', async () => {
    const dir = tempTree({ 'docker/app/Dockerfile': DOCKERFILE });
    const cache = tempTree();
    const found = async () => (await scan({ paths: [dir], threads: 1, cache })).report.findings.filter((f) => f.ruleId === 'deploy/runs-as-root').map((f) => f.location.path);
    expect(await found()).toEqual(['docker/app/Dockerfile']);
    writeFileSync(path.join(dir, 'docker/app/entrypoint.sh'), '#!/bin/sh\nexec gosu app python -m app.server\n');
    expect(await found()).toEqual([]);
  });
});

describe('an entrypoint script copied relative to WORKDIR, or run after USER root', () => {
  it('is followed', async () => {
    const dockerfile = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY docker/app/entrypoint.sh entrypoint.sh\nUSER root\nENTRYPOINT ["/app/entrypoint.sh"]\n';
    const dir = tempTree({ 'docker/app/Dockerfile': dockerfile, 'docker/app/entrypoint.sh': '#!/bin/bash\nsu app /bin/bash -c "python -m app.server"\n' });
    const { report } = await scan({ paths: [dir], threads: 1 });
    expect(report.findings.filter((f) => f.ruleId === 'deploy/runs-as-root')).toEqual([]);
  });
});

describe('su with options after the user', () => {
  it('drops root: `exec su agent -s /bin/bash -c …` in the copied script', async () => {
    expect(await rootFindings('#!/bin/bash\nif [ "$(id -u)" = "0" ]; then\n  exec su agent -s /bin/bash -c "cd /app && python app.py"\nfi\npython app.py\n')).toEqual([]);
    expect(await rootFindings('#!/bin/sh\nexec su-exec agent python -m app.server\n')).toEqual([]);
  });
});

describe('an image built FROM the project\'s own image whose entrypoint drops root', () => {
  const BASE = 'FROM python:3.12-slim\nRUN useradd -r agent\nCOPY docker/entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n';
  const files = (child: string) => ({
    'docker/Dockerfile.app': BASE,
    'docker/entrypoint.sh': '#!/bin/bash\nexec gosu agent python app.py\n',
    'docker/build.sh': 'docker build -f docker/Dockerfile.app -t acme/agent .\n',
    Dockerfile: child,
  });

  it('inherits the drop when it keeps that entrypoint', async () => {
    for (const child of ['FROM ghcr.io/acme/agent:latest\nENTRYPOINT ["/entrypoint.sh"]\n', 'FROM ghcr.io/acme/agent:latest\nENV MODE=prod\n']) {
      const dir = tempTree(files(child));
      const { report } = await scan({ paths: [dir], threads: 1 });
      expect(report.findings.filter((f) => f.ruleId === 'deploy/runs-as-root').map((f) => f.location.path)).toEqual([]);
    }
  });

  it('is still reported when it replaces the entrypoint with its own', async () => {
    const dir = tempTree(files('FROM ghcr.io/acme/agent:latest\nENTRYPOINT ["python", "worker.py"]\n'));
    const { report } = await scan({ paths: [dir], threads: 1 });
    expect(report.findings.filter((f) => f.ruleId === 'deploy/runs-as-root').map((f) => f.location.path)).toEqual(['Dockerfile']);
  });
});

describe('a base image meant to be derived FROM', () => {
  const severityOf = async (name: string, dockerfile: string) => {
    const dir = tempTree({ [name]: dockerfile });
    const { report } = await scan({ paths: [dir], threads: 1 });
    return report.findings.filter((f) => f.ruleId === 'deploy/runs-as-root').map((f) => f.severity);
  };

  it('is info when its name says base and it starts and serves nothing', async () => {
    expect(await severityOf('docker/Dockerfile.base', 'FROM python:3.12-slim AS build\nRUN pip wheel -w /w acme\nFROM python:3.12-slim\nCOPY --from=build /w /w\nRUN pip install /w/*.whl\n')).toEqual(['info']);
  });

  it('keeps its level when it starts or serves something, or its name does not say base', async () => {
    expect(await severityOf('docker/Dockerfile.base', 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]\n')).toEqual(['low']);
    expect(await severityOf('docker/Dockerfile.base', 'FROM python:3.12-slim\nCOPY . /app\nEXPOSE 8080\n')).toEqual(['low']);
    expect(await severityOf('docker/Dockerfile.worker', 'FROM python:3.12-slim\nCOPY . /app\n')).toEqual(['low']);
  });
});
