/** deploy/build-arg-secret: how far a credential passed as a build argument reaches. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const rated = async (code: string) =>
  (await findings('Dockerfile', code)).filter((f) => f.ruleId === 'deploy/build-arg-secret').map((f) => `${f.location.startLine} ${f.severity}`);

describe('a credential passed as a build argument', () => {
  it('is medium copied into the shipped image\'s ENV, once however many RUNs read it after', async () => {
    expect(await rated('FROM python:3.12-slim\nARG OPENAI_API_KEY\nENV OPENAI_API_KEY=${OPENAI_API_KEY}\nRUN python -c "import os; print(len(os.environ[\'OPENAI_API_KEY\']))"\n')).toEqual(['3 medium']);
  });

  it('is low when only a RUN reads it, or in a stage the final image does not build on', async () => {
    expect(await rated('FROM node:22-alpine\nARG NPM_TOKEN\nRUN npm config set //registry.npmjs.org/:_authToken $NPM_TOKEN && npm ci\n')).toEqual(['3 low']);
    expect(await rated('FROM node:22-alpine AS build\nARG NPM_TOKEN\nENV NPM_TOKEN=${NPM_TOKEN}\nRUN npm ci\nFROM node:22-alpine\nCOPY --from=build /app /app\n')).toEqual(['3 low']);
  });

  it('is not reported for an argument of another name prefix, or one declared in another stage', async () => {
    expect(await rated('FROM node:22-alpine\nARG API_TOKEN\nRUN echo $API_TOKEN_FILE\n')).toEqual([]);
    expect(await rated('FROM node:22-alpine AS a\nARG API_TOKEN\nFROM node:22-alpine\nENV API_TOKEN=${API_TOKEN}\n')).toEqual([]);
  });
});
