/**
 * A command that runs a project's test suite: pytest, a package's test script (`npm test`,
 * `pnpm run test:unit`), `go test`, `cargo test`, jest/vitest/mocha, `playwright test`, tox/nox,
 * `python -m unittest`, `make test`, `mvn -B clean test`, `gradle check`, `dotnet test`, rspec, phpunit;
 * a package manager's options may come first (`pnpm --filter web test`).
 * Whole words of a command line: `pytest.ini`, `--jest-compat` or `contest` run nothing. Shared by
 * the judgements of what a Compose service or a CI step runs.
 */
export const TEST_RUNNER =
  /(?:^|[\s"'[,;&|(/])(?:pytest|py\.test|(?:npm|pnpm|yarn|bun)(?:\s+--?[\w-]+(?:=\S+|\s+[^\s-]\S*)?)*\s+(?:run\s+)?test(?:[:-][\w:-]+)?|(?:go|cargo|dotnet|deno|bun)\s+test|python3?\s+-m\s+(?:pytest|unittest)|(?:npx\s+)?(?:jest|vitest|mocha)|playwright\s+test|make\s+[\w-]*test[\w-]*|tox|nox|rspec|phpunit|(?:\.\/)?(?:mvnw?|gradlew?)\s+(?:[-\w:.=]+\s+)*?(?:test|verify|check))(?=$|[\s"'\],;&|)])/;

/** A command line that is a test run from its first word (`pytest tests/integration`, `pnpm run test:connections`), not one that mentions one later. */
export function isTestCommandLine(line: string): boolean {
  return TEST_RUNNER.exec(line.trim())?.index === 0;
}
