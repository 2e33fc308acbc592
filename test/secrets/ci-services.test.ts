/** A CI job's throwaway database: its password, and the settings handed to the containers beside it, are test values. */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const analyzers = await loadFileAnalyzers();
const secrets = async (code: string, path = '.github/workflows/ci.yml') =>
  (await runExample(analyzers, { code, path })).filter((f) => f.ruleId.startsWith('secrets/')).map((f) => `${f.ruleId}:${f.location.startLine}:${f.severity}`);

const WORKFLOW = (dbPassword: string) => `name: test
on: push
env:
  SESSION_SECRET_KEY: 4f9c2a7e1b8d3f6a0c5e9b2d7a4f1c8e
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - name: Database
        run: |
          docker run -d --rm --name db \\
          -e POSTGRES_PASSWORD=${dbPassword} \\
          postgres:16
      - name: App
        env:
          SESSION_SECRET_KEY: \${{ env.SESSION_SECRET_KEY }}
        run: |
          docker run -d --rm \\
          -e DATABASE_URL="postgres://postgres:Qz7vK2mX9pLw@db:5432/app" \\
          -e SESSION_SECRET_KEY=$SESSION_SECRET_KEY \\
          acme/app:test
`;

describe('throwaway CI databases', () => {
  it('lists at info the password of a database container the same job starts, and a key it only hands to containers beside it', async () => {
    expect(await secrets(WORKFLOW('Qz7vK2mX9pLw'))).toEqual(['secrets/generic-secret:4:info', 'secrets/database-uri-credentials:19:info']);
  });

  it('keeps a database URI whose password is not that of a container the job starts', async () => {
    expect(await secrets(WORKFLOW('Other9Pass3x'))).toContain('secrets/database-uri-credentials:19:high');
  });

  it('keeps a key the workflow also uses outside those containers', async () => {
    const code = `${WORKFLOW('Qz7vK2mX9pLw')}  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh --session-key "$SESSION_SECRET_KEY"\n`;
    expect(await secrets(code)).toContain('secrets/generic-secret:4:medium');
  });

  it('reads a services: block of a GitHub job', async () => {
    const code = `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    services:
      db:
        image: mysql:8
        env:
          MYSQL_ROOT_PASSWORD: Rt5xW8nQ2vLp
    steps:
      - run: pytest
        env:
          DATABASE_URL: mysql://root:Rt5xW8nQ2vLp@127.0.0.1:3306/app
`;
    expect(await secrets(code)).toEqual(['secrets/database-uri-credentials:13:info']);
  });

  it('reads a one-line `run:` docker run, and not one an `echo` prints or a comment holds', async () => {
    const job = (start: string) => `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: ${start}
      - run: psql postgres://postgres:Qz7vK2mX9pLw@db:5432/app -c 'select 1'
`;
    expect(await secrets(job('docker run -d -e POSTGRES_PASSWORD=Qz7vK2mX9pLw postgres:16'))).toEqual(['secrets/database-uri-credentials:7:info']);
    expect(await secrets(job('echo "docker run -d -e POSTGRES_PASSWORD=Qz7vK2mX9pLw postgres:16"'))).toEqual(['secrets/database-uri-credentials:7:high']);
    expect(await secrets(job('|\n          # docker run -d -e POSTGRES_PASSWORD=Qz7vK2mX9pLw postgres:16\n          true'))).toEqual(['secrets/database-uri-credentials:9:high']);
  });

  it('takes a service setting for a password only where its name ends in the word (not AUTH_BYPASS)', async () => {
    const code = (name: string) => `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    services:
      db:
        image: postgres:16
        env:
          ${name}: Rt5xW8nQ2vLp
    steps:
      - run: pytest
        env:
          DATABASE_URL: postgres://app:Rt5xW8nQ2vLp@db:5432/app
`;
    expect(await secrets(code('POSTGRES_PASSWORD'))).toContain('secrets/database-uri-credentials:13:info');
    expect(await secrets(code('AUTH_BYPASS'))).toContain('secrets/database-uri-credentials:13:high');
  });

  it('applies to CI files only', async () => {
    expect(await secrets(WORKFLOW('Qz7vK2mX9pLw'), 'scripts/run.yml')).toContain('secrets/database-uri-credentials:19:high');
  });
});

describe('test scripts that start their own database', () => {
  const script = (dbPassword: string) => `#!/usr/bin/env bash
set -euo pipefail
docker run -d --rm --name itest-db -p 55432:5432 \\
  -e POSTGRES_PASSWORD=${dbPassword} postgres:16
trap 'docker rm -f itest-db' EXIT
export DATABASE_URL="postgresql://postgres:Rv3kW8nQ5tLz@localhost:55432/postgres"
pytest tests/integration
`;

  it('lists at info the password of the database container the script starts for itself', async () => {
    const found = await secrets(script('Rv3kW8nQ5tLz'), 'scripts/integration.sh');
    // One finding for the value, wherever it is listed: the container's setting or the URI.
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/:info$/);
  });

  it("keeps a localhost URI whose password is not the started container's at low, and the container's password as it was", async () => {
    const found = await secrets(script('Other9Pass3x'), 'scripts/integration.sh');
    expect(found).toContain('secrets/database-uri-credentials:6:low');
    expect(found.filter((f) => f.endsWith(':info'))).toEqual([]);
  });

  it("keeps the password a script only gives a database container it does not connect to here", async () => {
    const deploy = '#!/bin/sh\ndocker run -d --name db -e POSTGRES_PASSWORD=Rv3kW8nQ5tLz postgres:16\n';
    expect((await secrets(deploy, 'deploy/start-db.sh')).filter((f) => f.endsWith(':info'))).toEqual([]);
  });
});
