/**
 * Credentials that a recording or a test holds without holding anything: a key ID as a request
 * signature's credential scope, a presigned URL past its expiry, a JWT whose claims are stand-ins,
 * whose signature cannot be one, or that a vendor publishes beside its demo's URL, and documentation
 * samples copied with another mode prefix. Each keeps its severity where the class does not hold.
 */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const analyzers = await loadFileAnalyzers();
const findings = async (ruleId: string, code: string, path: string) => (await runExample(analyzers, { code, path })).filter((f) => f.ruleId === ruleId);

// Made-up key IDs (base32 letters after the prefix) and a made-up 40-character secret.
const KEY_ID = 'AKIA' + 'QZ7RT4WMX2KPLN3V';
const STS_KEY_ID = 'ASIA' + 'QZ7RT4WMX2KPLN3V';
const SECRET_KEY = 'q8ZtLw3nR7kP2vX9yB4mC6dF1gJ0sA8eT5uWq7Lk';
const SIGNATURE = 'c3f1'.repeat(16);

const authorization = (keyId: string) =>
  `    headers:\n      authorization:\n      - AWS4-HMAC-SHA256 Credential=${keyId}/20250812/us-east-1/bedrock/aws4_request,\n        SignedHeaders=accept;content-type;host;x-amz-date, Signature=${SIGNATURE}\n`;

const presigned = (keyId: string, date: string) =>
  `      string: '{"upload_url":"https://files.s3.amazonaws.com/a.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256\\u0026X-Amz-Credential=${keyId}%2F${date.slice(0, 8)}%2Fus-east-1%2Fs3%2Faws4_request\\u0026X-Amz-Date=${date}\\u0026X-Amz-Expires=3600\\u0026X-Amz-Security-Token=IQoJb3JpZ2luX2VjEJP%2F%2F%2Fwm9aQ\\u0026X-Amz-SignedHeaders=host\\u0026X-Amz-Signature=${SIGNATURE}"}'\n`;

describe('an access key ID as a signed request credential scope', () => {
  it('lists a recorded SigV4 Authorization header key ID at info, saying the secret is not here', async () => {
    const [f] = await findings('secrets/aws-access-key-id', authorization(KEY_ID), 'tests/cassettes/test_invoke.yaml');
    expect(f?.severity).toBe('info');
    expect(f?.message).toMatch(/credential scope.*secret key that made the signature is not\s+here/s);
  });

  it('rates it low in a file that runs for real', async () => {
    const [f] = await findings('secrets/aws-access-key-id', `LOG_LINE = "Authorization: AWS4-HMAC-SHA256 Credential=${KEY_ID}/20250812/us-east-1/s3/aws4_request, Signature=${SIGNATURE}"\n`, 'src/client.py');
    expect(f?.severity).toBe('low');
  });

  it('keeps it high beside its secret access key', async () => {
    const code = `aws_secret_access_key = "${SECRET_KEY}"\n${authorization(KEY_ID)}`;
    const [f] = await findings('secrets/aws-access-key-id', code, 'src/client.py');
    expect(f?.severity).toBe('high');
  });

  it('keeps a bare key ID with its secret high', async () => {
    const [f] = await findings('secrets/aws-access-key-id', `aws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET_KEY}\n`, 'deploy/credentials.ini');
    expect(f?.severity).toBe('high');
  });
});

describe('a presigned URL', () => {
  it('lists the key ID of one whose X-Amz-Date plus X-Amz-Expires has passed at info', async () => {
    const [f] = await findings('secrets/aws-temporary-access-key-id', presigned(STS_KEY_ID, '20240102T030405Z'), 'tests/cassettes/test_upload.yaml');
    expect(f?.severity).toBe('info');
    expect(f?.message).toMatch(/presigned URL that expired at 2024-01-02 04:04 UTC/);
  });

  it('reports one still valid, and does not say no session token is beside it when X-Amz-Security-Token is', async () => {
    const [f] = await findings('secrets/aws-temporary-access-key-id', presigned(STS_KEY_ID, '20990102T030405Z'), 'src/upload.py');
    expect(f?.severity).toBe('low');
    expect(f?.message).not.toMatch(/session token is beside it/);
  });

  it('counts a hyphenated X-Amz-Security-Token as the session token beside a bare STS key ID', async () => {
    const [f] = await findings('secrets/aws-temporary-access-key-id', `access_key_id = "${STS_KEY_ID}"\nheaders = {"X-Amz-Security-Token": token}\n`, 'src/upload.py');
    expect(f?.severity).toBe('medium');
  });
});

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: object, signature = 'Xq9vR2mK7tLp3wZc8nBf4hJd6sYa1uEo0iGk5rTx', alg = 'HS256') => `${b64url({ alg, typ: 'JWT' })}.${b64url(claims)}.${signature}`;
const cassette = (token: string) => `  response:\n    body:\n      string: '{"access_token":"${token}","token_type":"Bearer"}'\n`;
const STAND_INS = { name: 'none', sub: 'noone@acme.io', iam_id: 'ACMEid-100000QW00', account: { bss: 'abc123' }, iat: 1708593737, exp: 4102444800 };

describe('secrets/jwt with stand-in claims', () => {
  it('rates a recorded token whose identifying claims are all stand-ins low', async () => {
    const [f] = await findings('secrets/jwt', cassette(jwt(STAND_INS)), 'tests/cassettes/test_generate.yaml');
    expect(f?.severity).toBe('low');
    expect(f?.message).toMatch(/fixture token/);
  });

  it('lists it at info in a test file', async () => {
    const [f] = await findings('secrets/jwt', `TOKEN = "${jwt(STAND_INS)}"\n`, 'tests/test_auth.py');
    expect(f?.severity).toBe('info');
  });

  it('keeps a recorded token with a real-looking subject high', async () => {
    const claims = { ...STAND_INS, sub: 'maria.keller@acme.io', account: { bss: '7f3c9a1e52b84d06' } };
    const [f] = await findings('secrets/jwt', cassette(jwt(claims)), 'tests/cassettes/test_generate.yaml');
    expect(f?.severity).toBe('high');
  });

  it('keeps a token high when one identifying claim grants a real role', async () => {
    const [f] = await findings('secrets/jwt', cassette(jwt({ ...STAND_INS, role: 'service_role' })), 'tests/cassettes/test_generate.yaml');
    expect(f?.severity).toBe('high');
  });
});

describe('secrets/jwt whose signature cannot be one', () => {
  const claims = { iss: 'acme-redaction-tests', sub: 'svc-runner', scope: 'runs:write' };

  it('lists a token signed with words, or a signature too short for its algorithm, at info wherever it is', async () => {
    const [words] = await findings('secrets/jwt', `[InlineData("header held ${jwt(claims, 'notarealsignature42', 'RS256')} to be hidden")]\n`, 'tests/RedactTests.cs');
    expect(words?.severity).toBe('info');
    expect(words?.message).toMatch(/19 characters long, where RS256 signs with 86 or more/);
    const [short] = await findings('secrets/jwt', `AUTH_TOKEN = "${jwt(claims, 'Xq9vR2mK7tLp3wZc8nBf4hJd6sYa')}"\n`, 'src/client.py');
    expect(short?.severity).toBe('info');
    const [run] = await findings('secrets/jwt', `AUTH_TOKEN = "${jwt(claims, 'zyxwvutsrqponmlkjihgfedcba9876543210ZYXWVUT')}"\n`, 'src/client.py');
    expect(run?.severity).toBe('info');
  });

  it('keeps a token whose signature has the length of its algorithm, or lacks a few characters that could be guessed', async () => {
    const [f] = await findings('secrets/jwt', `AUTH_TOKEN = "${jwt(claims, 'Xq9vR2mK7tLp3wZc8nBf4hJd6sYa1uEo0iGk5rTx_Vw')}"\n`, 'src/client.py');
    expect(f?.severity).toBe('high');
    const [cut] = await findings('secrets/jwt', `AUTH_TOKEN = "${jwt(claims, 'Xq9vR2mK7tLp3wZc8nBf4hJd6sYa1uEo0iGk5rTx_V')}"\n`, 'src/client.py');
    expect(cut?.severity).toBe('high');
    const rs = 'Kq7vR2mX9tLp3wZc8nBf4hJd6sYa1uEo0iGk5rTx'.repeat(9).slice(0, 342);
    const [g] = await findings('secrets/jwt', `AUTH_TOKEN = "${jwt(claims, rs, 'RS256')}"\n`, 'src/client.py');
    expect(g?.severity).toBe('high');
  });
});

describe('secrets/jwt beside a public demo URL', () => {
  const entry = (token: string, url: string) =>
    `{"environment_variables": [\n  {"description": "${token}", "name": "ACME_AUTH_TOKEN"},\n  {"description": "${url}", "name": "ACME_API_URL"}\n]}\n`;
  const token = jwt({ customerId: '3b8e5a61-9c2d-4f7a-b0e4-6d1f2a9c7e58', email: 'ops@acme.io', exp: 4102444800 });

  it('rates a token its vendor publishes beside its demo instance low', async () => {
    const [f] = await findings('secrets/jwt', entry(token, 'https://demo.eu-west.acme.io'), 'data/servers.json');
    expect(f?.severity).toBe('low');
    expect(f?.message).toMatch(/public demo instance/);
  });

  it('keeps it high beside an ordinary API URL', async () => {
    const [f] = await findings('secrets/jwt', entry(token, 'https://api.eu-west.acme.io'), 'data/servers.json');
    expect(f?.severity).toBe('high');
  });
});

describe('published documentation samples', () => {
  // Stripe's documentation test key, as the allowlist records it, with its prefix made live.
  const documented = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc'.replace('_test_', '_live_');

  it('recognises a documented Stripe test key copied with a live prefix', async () => {
    expect(await findings('secrets/stripe-secret-key', `STRIPE_KEY = "${documented}"\n`, 'src/billing.py')).toEqual([]);
  });

  it('still reports another live key', async () => {
    const [f] = await findings('secrets/stripe-secret-key', `STRIPE_KEY = "sk_live_${'Rt3Nc5Hs6Qm7Vx2Lp9Tz4Wk8'}"\n`, 'src/billing.py');
    expect(f?.severity).toBe('critical');
  });
});
