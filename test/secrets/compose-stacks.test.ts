/** A database URI to a service of the Compose stack around it, and a script's throwaway stack on this machine. */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const analyzers = await loadFileAnalyzers();
const uris = async (path: string, code: string, files: Record<string, string>) =>
  (await runExample(analyzers, { path, code, with: files }))
    .filter((f) => f.ruleId === 'secrets/database-uri-credentials' && f.location.path === path)
    .map((f) => `${f.location.startLine}:${f.severity}`);

const STACK = `services:
  jobs-db:
    image: postgres:16
    env_file:
      - ./env/jobs.env
  worker:
    image: acme/worker:1.4.2
    env_file:
      - ./env/jobs.env
`;

describe('Compose stacks', () => {
  it("lowers a URI in the stack's env file whose host is a service of the stack, and keeps one to an outside host", async () => {
    const env = 'DATABASE_URL="postgres://jobs:Wq7zL2vK9xRt@jobs-db:5432/jobs"\nREPORTS_URL=postgres://reports:Hs4nB8cY3mJd@reports.db.acme.io:5432/r\n';
    expect(await uris('deploy/env/jobs.env', env, { 'deploy/compose.full.yaml': STACK })).toEqual(['1:low', '2:high']);
  });

  it('lowers a URI in the Compose file itself to a service it defines', async () => {
    const compose = `${STACK}  api:\n    image: acme/api:2.0.1\n    environment:\n      DATABASE_URL: postgres://jobs:Wq7zL2vK9xRt@jobs-db:5432/jobs\n`;
    expect(await uris('deploy/docker-compose.yml', compose, {})).toEqual(['13:low']);
  });

  it('keeps a URI whose host no Compose file around it defines', async () => {
    const env = 'DATABASE_URL="postgres://jobs:Wq7zL2vK9xRt@jobs-db:5432/jobs"\n';
    expect(await uris('deploy/env/jobs.env', env, {})).toEqual(['1:high']);
    expect(await uris('deploy/env/jobs.env', env, { 'deploy/compose.yaml': 'services:\n  cache:\n    image: redis:7\n' })).toEqual(['1:high']);
  });

  const TEST_STACK = 'services:\n  pg:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: Kx8mQ2vL7pZt\n    ports:\n      - "5432:5432"\n';
  const script = (password: string) =>
    `#!/usr/bin/env bash\nset -euo pipefail\ndocker compose -f "$(dirname "$0")/compose.test.yaml" up -d --wait pg\nexport TEST_DSN="postgresql://app:${password}@localhost:5432/app_test"\npytest tests/db\n`;

  it('lists at info the password a script gives the test database it starts, on this machine', async () => {
    // (The value's one finding may be the Compose file's, where the password is set: none above info is the script's.)
    const found = await uris('scripts/db-tests.sh', script('Kx8mQ2vL7pZt'), { 'scripts/compose.test.yaml': TEST_STACK });
    expect(found.filter((f) => !f.endsWith(':info'))).toEqual([]);
  });

  it("keeps at low a localhost URI whose password is not the started stack's", async () => {
    expect(await uris('scripts/db-tests.sh', script('Other9Pass3x'), { 'scripts/compose.test.yaml': TEST_STACK })).toEqual(['4:low']);
  });
});
