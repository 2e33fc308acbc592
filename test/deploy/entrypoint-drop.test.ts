/** deploy/runs-as-root follows an entrypoint script the Dockerfile copies from the repository. */
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

describe('an entrypoint script copied relative to WORKDIR, or run after USER root', () => {
  it('is followed', async () => {
    const dockerfile = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY docker/app/entrypoint.sh entrypoint.sh\nUSER root\nENTRYPOINT ["/app/entrypoint.sh"]\n';
    const dir = tempTree({ 'docker/app/Dockerfile': dockerfile, 'docker/app/entrypoint.sh': '#!/bin/bash\nsu app /bin/bash -c "python -m app.server"\n' });
    const { report } = await scan({ paths: [dir], threads: 1 });
    expect(report.findings.filter((f) => f.ruleId === 'deploy/runs-as-root')).toEqual([]);
  });
});
