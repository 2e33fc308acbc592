/** deploy/auth-disabled: which settings switch a service's own authentication off, and how reachable it is. */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { tempTree } from '../helpers/tmp.js';

async function off(files: Record<string, string>): Promise<string[]> {
  const { report } = await scan({ paths: [tempTree(files)], threads: 1 });
  return report.findings.filter((f) => f.ruleId === 'deploy/auth-disabled').map((f) => `${f.severity} ${f.location.path}:${f.location.startLine} ${f.evidence}`);
}

const service = (env: string, extra = '') => `services:\n  memory:\n    image: ghcr.io/acme/memory:1.2.0\n    environment:\n${env}${extra}`;

describe('deploy/auth-disabled', () => {
  it("reads an image's ENV in the shipped stage only", async () => {
    expect(await off({ Dockerfile: 'FROM python:3.12-slim\nENV DISABLE_AUTH=true\n' })).toEqual(['medium Dockerfile:2 DISABLE_AUTH=true']);
    expect(await off({ Dockerfile: 'FROM python:3.12-slim\nENV AUTH_ENABLED false\n' })).toEqual(['medium Dockerfile:2 AUTH_ENABLED=false']);
    expect(await off({ Dockerfile: 'FROM python:3.12-slim AS test\nENV DISABLE_AUTH=true\nFROM python:3.12-slim\nCOPY . /app\n' })).toEqual([]);
    expect(await off({ Dockerfile: 'FROM python:3.12-slim\nENV DISABLE_AUTH=false REQUIRE_AUTH=true\n' })).toEqual([]);
  });

  it('rates a Compose service by whether it publishes a port, and reads a default as the value', async () => {
    expect(await off({ 'docker-compose.yml': service('      - DISABLE_AUTH=true\n', '    ports: ["8000:8000"]\n') })).toEqual(['medium docker-compose.yml:5 DISABLE_AUTH=true']);
    expect(await off({ 'docker-compose.yml': service('      - DISABLE_AUTH=true\n', '    ports: ["127.0.0.1:8000:8000"]\n') })).toEqual(['low docker-compose.yml:5 DISABLE_AUTH=true']);
    expect(await off({ 'docker-compose.yml': service('      AUTH_REQUIRED: "${AUTH_REQUIRED:-false}"\n', '    network_mode: host\n') })).toEqual(['medium docker-compose.yml:5 AUTH_REQUIRED=false']);
    expect(await off({ 'docker-compose.yml': service('      AUTH_DISABLED: "${AUTH_DISABLED:-false}"\n', '    ports: ["8000:8000"]\n') })).toEqual([]);
  });

  it("takes a prefix naming the service or a server, not a sign-in method or another product's client", async () => {
    expect(await off({ 'docker-compose.yml': service('      - MEMORY_DISABLE_AUTH=1\n      - MCP_REQUIRE_AUTH=false\n') })).toEqual([
      'low docker-compose.yml:5 MEMORY_DISABLE_AUTH=1',
      'low docker-compose.yml:6 MCP_REQUIRE_AUTH=false',
    ]);
    expect(await off({ 'docker-compose.yml': service('      - EMAIL_AUTH_ENABLED=false\n      - LOCUST_TARGET_AUTH_ENABLED=false\n      - BASIC_AUTH_ENABLED=false\n') })).toEqual([]);
  });

  it('drops it in a test stack', async () => {
    expect(await off({ 'tests/compose.yaml': service('      - DISABLE_AUTH=true\n', '    ports: ["8000:8000"]\n') })).toEqual([]);
  });
});
