/** deploy/image-env-file: a dotenv file copied into an image, rated by the stage it lands in. */
import { describe, expect, it } from 'vitest';
import { analyzer, findings } from './helpers.js';
import { runExample } from '../../src/engine/examples.js';

const envFile = async (code: string) => (await findings('Dockerfile', code)).filter((f) => f.ruleId === 'deploy/image-env-file').map((f) => `${f.severity} ${f.location.startLine}`);

describe('deploy/image-env-file', () => {
  it('is medium in the final image, low in a stage it does not build on', async () => {
    expect(await envFile('FROM node:22-alpine\nCOPY .env ./\nCMD ["node", "s.js"]\n')).toEqual(['medium 2']);
    expect(await envFile('FROM node:22-alpine AS build\nCOPY .env.production ./\nRUN npm run build\nFROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n')).toEqual(['low 2']);
  });

  it('reads every source of a copy, JSON or not, and leaves templates, other stages and look-alike names', async () => {
    expect(await envFile('FROM python:3.12-slim\nCOPY app.py settings.env /app/\n')).toEqual(['medium 2']);
    expect(await envFile('FROM python:3.12-slim\nCOPY ["app.py", ".env.sample", "/app/"]\nCOPY --from=ghcr.io/acme/cfg:1 /.env /app/.env\nCOPY environment.py /app/\n')).toEqual([]);
  });

  describe('reads the copied file when the repository holds it', () => {
    const DOCKERFILE = 'FROM node:22-alpine AS build\nWORKDIR /app\nCOPY web/.env.production ./web/\nRUN npm run build\nFROM nginx:1.27-alpine\nCOPY --from=build /app/web/dist /usr/share/nginx/html\n';
    // Built at run time: no secret-shaped literal sits in this file.
    const hex = (seed: string) => [...seed].map((c) => c.charCodeAt(0).toString(16)).join('').padEnd(40, '7c3e9a1f5b').slice(0, 40);
    const copied = async (env: string, dockerfilePath = 'web/Dockerfile', envPath = 'web/.env.production') =>
      (await runExample([analyzer], { path: dockerfilePath, code: DOCKERFILE, with: { [envPath]: env } }))
        .filter((f) => f.ruleId === 'deploy/image-env-file')
        .map((f) => f.severity);

    it('lists at info a file of public settings only (URLs, a client id, flags, browser-bundle values)', async () => {
      const env = 'VITE_API_URL=https://api.acme.test\nAPI_URL=https://api.acme.test\nVITE_OAUTH_CLIENT_ID=client_01HZX4Q8Y2\nVITE_PUBLIC_TOKEN_ENDPOINT=https://auth.acme.test/token\nENVIRONMENT=prod\nVITE_ANALYTICS_KEY=phc_public_by_design\n';
      expect(await copied(env)).toEqual(['info']);
    });

    it('keeps a file with a key by its name, or a provider key under a browser prefix', async () => {
      expect(await copied(`VITE_API_URL=https://api.acme.test\nSTRIPE_WEBHOOK_SECRET=${hex('whsec-run')}\n`)).toEqual(['low']);
      expect(await copied(`DB_PASSWORD=Vq8rTz2LmW4x\n`)).toEqual(['low']);
      expect(await copied(`VITE_E2B_KEY=e2b_${hex('provider')}\n`)).toEqual(['low']);
    });

    it('ignores stand-ins and references under credential names', async () => {
      expect(await copied('API_URL=https://api.acme.test\nSESSION_SECRET=changeme\nAPI_KEY=${API_KEY}\n')).toEqual(['info']);
    });

    it('judges by name alone a file the repository does not hold', async () => {
      expect(await copied('VITE_API_URL=https://api.acme.test\n', 'web/Dockerfile', 'other/.env.production')).toEqual(['low']);
    });
  });
});
