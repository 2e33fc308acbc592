/** A CI step's fixture key: set in a test-named variable of a step that seeds the database it runs on the runner. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const analyzers = await loadFileAnalyzers();
const secrets = async (code: string, path: string) =>
  (await runExample(analyzers, { code, path })).filter((f) => f.ruleId.startsWith('secrets/')).map((f) => `${f.ruleId}:${f.location.startLine}:${f.severity}`);

// An E2B-format key made at run time from a fixed phrase: no key-shaped literal sits in this file.
const KEY = `e2b_${createHash('sha1').update('agentwarden seeded fixture').digest('hex')}`;

const step = (name: string, run: string) => `      - name: Databases and seed
        env:
          ${name}: "${KEY}"
        run: |
${run
  .split('\n')
  .map((l) => `          ${l}`)
  .join('\n')}
`;

const SEEDS = 'docker exec postgres psql -U postgres -c "CREATE SCHEMA extensions;"\nmake migrate\nmake -C tests/integration seed';

const action = (body: string) => `name: Start stack
description: Starts the services the integration tests run against.
runs:
  using: composite
  steps:
${body.replace(/^ {4}/gm, '')}`;

const workflow = (body: string) => `on: pull_request
jobs:
  integration:
    runs-on: ubuntu-latest
    steps:
${body}`;

describe('seeded CI fixture keys', () => {
  it("lists at info a test-named key a composite action's step seeds into the database on the runner", async () => {
    expect(await secrets(action(step('TESTS_E2B_API_KEY', SEEDS)), '.github/actions/start-stack/action.yml')).toEqual(['secrets/e2b-api-key:8:info']);
  });

  it('reads the steps of a workflow job too, and a package script or seed program as the seed', async () => {
    expect(await secrets(workflow(step('E2E_E2B_API_KEY', 'pg_isready -h localhost\nnpm run db:seed')), '.github/workflows/e2e.yml')).toEqual(['secrets/e2b-api-key:8:info']);
    expect(await secrets(workflow(step('SEED_E2B_API_KEY', 'docker compose up -d postgres\ngo run ./scripts/seed.go')), '.github/workflows/e2e.yml')).toEqual(['secrets/e2b-api-key:8:info']);
  });

  it("keeps a provider's key under its usual name, even in a seeding step", async () => {
    expect(await secrets(action(step('E2B_API_KEY', SEEDS)), '.github/actions/start-stack/action.yml')).toEqual(['secrets/e2b-api-key:8:high']);
  });

  it('keeps a test-named key in a step that seeds nothing, or seeds no database on the runner', async () => {
    expect(await secrets(workflow(step('TESTS_E2B_API_KEY', 'docker exec postgres pg_isready\ngo test ./tests/... --seed 42')), '.github/workflows/e2e.yml')).toEqual(['secrets/e2b-api-key:8:high']);
    expect(await secrets(workflow(step('TESTS_E2B_API_KEY', 'make -C tests seed DATABASE_URL="$STAGING_DB"')), '.github/workflows/e2e.yml')).toEqual(['secrets/e2b-api-key:8:high']);
  });
});
