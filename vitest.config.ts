import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// CI asks for a machine-readable summary as well (see .ci/run); locally the default reporter is enough.
const resultsFile = process.env.AGENTWARDEN_TEST_RESULTS;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30000,
    hookTimeout: 60000,
    pool: 'forks',
    // The CLI keeps a result cache in the user's cache folder: the tests' CLI runs keep theirs aside.
    env: { XDG_CACHE_HOME: path.join(tmpdir(), 'agentwarden-test-cache') },
    reporters: resultsFile ? ['default', 'json'] : ['default'],
    outputFile: resultsFile ? { json: resultsFile } : undefined,
  },
});
