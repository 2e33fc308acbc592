/**
 * A Compose file beside a published library's package.json that builds nothing is what the
 * library's tests or developers run against: its findings are low, saying why. An app's Compose
 * file, or one that builds the package, keeps its severities.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';

const COMPOSE = 'services:\n  cache:\n    image: redis:7.4.1\n    ports:\n      - "6379:6379"\n';
const roots: string[] = [];

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'aw-libcompose-'));
  roots.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

async function cacheFinding(root: string): Promise<{ severity: string; message: string } | undefined> {
  const { report } = await scan({ paths: [root], threads: 1 });
  return report.findings.find((f) => f.ruleId === 'deploy/datastore-no-auth');
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe("a library package's Compose file", () => {
  it('is low beside a published library that builds nothing, saying why', async () => {
    const lib = '{ "name": "@acme/cache-store", "version": "1.2.0", "main": "./dist/index.js", "types": "./dist/index.d.ts", "scripts": { "test:int": "vitest run --mode int" } }';
    const found = await cacheFinding(repo({ 'libs/cache-store/package.json': lib, 'libs/cache-store/docker-compose.yml': COMPOSE }));
    expect(found?.severity).toBe('low');
    expect(found?.message).toMatch(/beside the library @acme\/cache-store's package\.json/);
  });

  it("keeps its severity beside an app (a start script, or private), or when it builds the package", async () => {
    const app = '{ "name": "acme-app", "version": "1.0.0", "main": "server.js", "scripts": { "start": "node server.js" } }';
    expect((await cacheFinding(repo({ 'apps/web/package.json': app, 'apps/web/docker-compose.yml': COMPOSE })))?.severity).toBe('medium');
    const priv = '{ "name": "@acme/site", "private": true, "main": "index.js" }';
    expect((await cacheFinding(repo({ 'site/package.json': priv, 'site/docker-compose.yml': COMPOSE })))?.severity).toBe('medium');
    const lib = '{ "name": "@acme/cache-store", "main": "./dist/index.js" }';
    const built = `${COMPOSE}  app:\n    build: .\n`;
    expect((await cacheFinding(repo({ 'libs/cache-store/package.json': lib, 'libs/cache-store/docker-compose.yml': built })))?.severity).toBe('medium');
  });
});
