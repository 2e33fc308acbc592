/**
 * What counts as running a project's test suite: shared by the Compose test-harness judgement, the
 * CI agent rules and the static cloud key rule (a key held only by a test command).
 */
import { describe, expect, it } from 'vitest';
import { isTestCommandLine, TEST_RUNNER } from '../../src/discovery/test-runner.js';

describe('test runner commands', () => {
  it('knows test runs, with a package manager\'s options or build goals first', () => {
    for (const line of ['pytest tests/integration', 'pnpm run test:connections', 'pnpm --filter web test', 'npm --prefix app run test -- --ci', 'yarn test', 'go test ./...', 'cargo test --all', 'python -m pytest -q', 'npx vitest run', 'make test-integration', 'mvn -B clean test', './gradlew check', 'tox -e py311']) {
      expect(isTestCommandLine(line), line).toBe(true);
    }
  });

  it('does not take a command that only mentions a test for a test run', () => {
    for (const line of ['npm run build', 'npm install --save-dev test-lib', 'cat pytest.ini', 'echo contest', 'aws s3 ls', 'docker build -t app .', 'pnpm --filter web build']) {
      expect(isTestCommandLine(line), line).toBe(false);
    }
  });

  it('finds a test run later in a command line, where a Compose service or a CI step states it', () => {
    expect(TEST_RUNNER.test('sh -c "pip install -e . && pytest"')).toBe(true);
    expect(isTestCommandLine('sh -c "pip install -e . && pytest"')).toBe(false);
  });
});
