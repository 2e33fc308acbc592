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

describe('secrets/aws-temporary-access-key-id alone, outside what ships', () => {
  it('lists it at info in a test fixture of recorded telemetry, and keeps low in shipped code', async () => {
    const span = '{"attributes": {"aws.auth.account.access_key": "ASIARYDHTORWF644PAFI", "aws.region": "us-west-2"}}';
    const [fixture] = await sts(span, 'tests/observability/fixtures/spans.json');
    expect(fixture?.severity).toBe('info');
    expect(fixture?.message).toMatch(/authenticates nothing/);
    const [shipped] = await sts(span, 'app/telemetry/spans.json');
    expect(shipped?.severity).toBe('low');
  });

  it('keeps it medium in a test beside its session token', async () => {
    const [f] = await sts('{"AccessKeyId": "ASIARMV22K46XY5FTBVZ", "SessionToken": "IQoJb3JpZ2luX2VjEH"}', 'tests/fixtures/session.json');
    expect(f?.severity).toBe('medium');
  });
});
