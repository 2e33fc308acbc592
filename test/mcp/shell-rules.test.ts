import { describe, expect, it } from 'vitest';
import { judgeShellRule } from '../../src/rules/mcp/shell-rules.js';

const kind = (p: string): string => judgeShellRule(p)?.kind ?? 'fixed';

describe('what a pre-approved command rule lets the model run', () => {
  it.each([
    ['*', 'any-command'],
    ['sudo:*', 'any-command'],
    ['env:*', 'any-command'],
    ['xargs:*', 'any-command'],
    ['bash -c:*', 'any-command'],
    ['sh *', 'any-command'],
    ['python:*', 'any-code'],
    ['python3 -c:*', 'any-code'],
    ['python -m:*', 'any-code'],
    ['node:*', 'any-code'],
    ['/usr/bin/node -e:*', 'any-code'],
    ['npx:*', 'any-code'],
    ['npx -y:*', 'any-code'],
    ['uvx:*', 'any-code'],
    ['pnpm dlx:*', 'any-code'],
    ['uv run:*', 'any-code'],
    ['uv run python:*', 'any-code'],
    ['poetry run bash -c:*', 'any-command'],
    ['npm run:*', 'any-code'],
    ['npm exec:*', 'any-code'],
    ['make:*', 'any-code'],
    ['just *', 'any-code'],
    ['pnpm:*', 'any-code'],
    ['docker run:*', 'any-code'],
    ['git grep:*', 'code-by-option'],
    ['git:*', 'code-by-option'],
    ['git config:*', 'code-by-option'],
    ['find:*', 'code-by-option'],
    ['rg:*', 'code-by-option'],
    ['npm install:*', 'code-by-option'],
    ['pip install:*', 'code-by-option'],
  ])('%s → %s', (rule, expected) => expect(kind(rule)).toBe(expected));

  it.each([
    'git status',
    'git diff:*',
    'git log:*',
    'ls:*',
    'cat:*',
    'grep:*',
    'npm run test:*',
    'npm test:*',
    'npm install',
    'uv run pytest:*',
    'uv run ruff check:*',
    'make test',
    'make test:*',
    'npx prettier:*',
    'python -m pytest:*',
    'python scripts/build.py',
    'bash scripts/test.sh:*',
    'timeout 60 npm test:*',
    'node scripts/gen.js',
    'pnpm test:*',
  ])('%s is fixed', (rule) => expect(kind(rule)).toBe('fixed'));
});
