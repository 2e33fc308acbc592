/** deploy/image-env-file: a dotenv file copied into an image, rated by the stage it lands in. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

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
});
