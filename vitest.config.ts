import { defineConfig } from 'vitest/config';

// CI asks for a machine-readable summary as well (see .ci/run); locally the default reporter is enough.
const resultsFile = process.env.AGENTWARDEN_TEST_RESULTS;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30000,
    hookTimeout: 60000,
    pool: 'forks',
    reporters: resultsFile ? ['default', 'json'] : ['default'],
    outputFile: resultsFile ? { json: resultsFile } : undefined,
  },
});
