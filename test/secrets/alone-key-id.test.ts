/** A key ID that authenticates nothing alone is rated low; beside its secret or session token it keeps its severity. */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const analyzers = await loadFileAnalyzers();
const sts = async (code: string, path = 'deploy/creds.py') =>
  (await runExample(analyzers, { code, path })).filter((f) => f.ruleId === 'secrets/aws-temporary-access-key-id');

describe('secrets/aws-temporary-access-key-id alone', () => {
  it('rates an ASIA key id with no secret key or session token near it low, saying why', async () => {
    const [f] = await sts('REDACTED_MARKER = "ASIARYDHTORWF644PAFI"\nassert REDACTED_MARKER not in cassette_text\n');
    expect(f?.severity).toBe('low');
    expect(f?.message).toMatch(/authenticates nothing/);
  });

  it('keeps it medium beside its secret access key', async () => {
    const [f] = await sts('aws_access_key_id = ASIARYDHTORWF644PAFI\naws_secret_access_key = q8ZtLw3nR7kP2vX9yB4mC6dF1gJ0sA8eT5uWq7Lk\n', 'deploy/credentials.ini');
    expect(f?.severity).toBe('medium');
  });

  it('keeps it medium beside a session token', async () => {
    const [f] = await sts('{"AccessKeyId": "ASIARMV22K46XY5FTBVZ", "SessionToken": "IQoJb3JpZ2luX2VjEH"}', 'deploy/session.json');
    expect(f?.severity).toBe('medium');
  });
});
