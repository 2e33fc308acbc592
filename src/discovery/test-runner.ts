/**
 * A command that runs a project's test suite: pytest, a package's test script (`npm test`,
 * `pnpm run test:unit`), `go test`, `cargo test`, jest/vitest/mocha, `playwright test`, tox/nox,
 * `python -m unittest`, `make test`, `mvn test`, `gradle check`, `dotnet test`, rspec, phpunit.
 * Whole words of a command line: `pytest.ini`, `--jest-compat` or `contest` run nothing. Shared by
 * the judgements of what a Compose service or a CI step runs.
 */
export const TEST_RUNNER =
  /(?:^|[\s"'[,;&|(/])(?:pytest|py\.test|(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?test(?:[:-][\w:-]+)?|(?:go|cargo|dotnet|deno|bun)\s+test|python3?\s+-m\s+(?:pytest|unittest)|(?:npx\s+)?(?:jest|vitest|mocha)|playwright\s+test|make\s+[\w-]*test[\w-]*|tox|nox|rspec|phpunit|(?:\.\/)?(?:mvnw?|gradlew?)\s+(?:-\S+\s+)*(?:test|verify|check))(?=$|[\s"'\],;&|)])/;
