/** A redactor's test feeds it secret-shaped inputs: what would be listed as a test's fixture there is not listed at all. */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';
import { isRedactionTest } from '../../src/rules/secrets/samples.js';

const analyzers = await loadFileAnalyzers();
const secrets = async (path: string, code: string) =>
  (await runExample(analyzers, { code, path })).filter((f) => f.ruleId.startsWith('secrets/')).map((f) => `${f.ruleId}:${f.severity}`);

const INPUTS = `const result = { access_token: "tok_madeup_value_8f3k2m9q4w7e1r", refresh_token: "rt_madeup_value_2n5b8v1c4x7z0l" };
expect(redactTokens(result)).not.toContain("tok_madeup_value_8f3k2m9q4w7e1r");
`;

describe('redaction tests', () => {
  it('tells a redactor test by a word of its file name', () => {
    for (const name of ['src/__tests__/redact-log-message.test.ts', 'tests/oauth/executor-redaction-sentinel.test.ts', 'utils/log-scrubber.test.ts', 'tests/test_secret_masking.py', 'tests/sanitized-trace.spec.ts', 'pkg/tokenRedactor_test.go']) {
      expect(isRedactionTest(name), name).toBe(true);
    }
    for (const name of ['tests/oauth/token-refresh.test.ts', 'tests/unmasked.test.ts', 'tests/image_masks_test.py', 'tests/redaction_util/client.test.ts']) {
      expect(isRedactionTest(name), name).toBe(false);
    }
  });

  it('does not list the made-up values of a redactor test', async () => {
    expect(await secrets('tests/oauth/token-redaction.test.ts', INPUTS)).toEqual([]);
  });

  it('still lists them in another test file, at info', async () => {
    const found = await secrets('tests/oauth/token-refresh.test.ts', INPUTS);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.endsWith(':info'))).toBe(true);
  });
});
