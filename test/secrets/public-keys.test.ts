/** Keys vendors publish in client code by design are reported at info, saying why; their secret siblings are not. */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const analyzers = await loadFileAnalyzers();
const scan = (code: string, path = 'src/telemetry.ts') => runExample(analyzers, { code, path });

describe('public-by-design keys', () => {
  it('reports a PostHog project key at info, saying it is public', async () => {
    const [f, ...rest] = await scan('const POSTHOG_API_KEY = "phc_Hq8ZtLw3nR7kP2vX9yB4mC6dF1gJ0sA8eT5uWq7Lk2N";');
    expect(rest).toEqual([]);
    expect(f?.ruleId).toBe('secrets/posthog-project-key');
    expect(f?.severity).toBe('info');
    expect(f?.message).toMatch(/public by design/);
  });

  it('reports a Google API key in a Firebase web config at info, and a bare Gemini key at high', async () => {
    const firebase = await scan('const firebaseConfig = {\n  apiKey: "AIzaSyB7kQ2xv9TzLp4WcN8mR3sYh6dF1gJ0sA8",\n  authDomain: "acme-7f3a.firebaseapp.com",\n};');
    expect(firebase.map((f) => [f.ruleId, f.severity])).toEqual([['secrets/google-api-key', 'info']]);
    const gemini = await scan('GEMINI_API_KEY=AIzaSyB7kQ2xv9TzLp4WcN8mR3sYh6dF1gJ0sA8', 'deploy/.env');
    expect(gemini.map((f) => [f.ruleId, f.severity])).toEqual([['secrets/google-api-key', 'high']]);
  });

  it("reports an installed application's Google OAuth client secret at info when the code says so, and a bare one at high", async () => {
    const cli = await scan(
      "// An installed application's client (a CLI): Google's OAuth docs say its secret is not treated as a secret.\nconst OAUTH_CLIENT_SECRET = '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';",
      'packages/cli/src/oauth.ts',
    );
    expect(cli.map((f) => [f.ruleId, f.severity])).toEqual([['secrets/google-oauth-client-secret', 'info']]);
    expect(cli[0]!.message).toMatch(/public by design: the code says it is the client of an installed application/);
    const server = await scan("GOOGLE_CLIENT_SECRET = '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'", 'app/settings.py');
    expect(server.map((f) => [f.ruleId, f.severity])).toEqual([['secrets/google-oauth-client-secret', 'high']]);
  });

  it("reports an analytics project's ingestion key named for its vendor at info; the same vendor's secret stays", async () => {
    const token = await scan('mixpanel_project_token = "8c5d7a31e09f4b2a96d1c3e7f0a2b4d6"', 'app/analytics.py');
    expect(token.map((f) => [f.ruleId, f.severity])).toEqual([['secrets/generic-vendor-credential', 'info']]);
    expect(token[0]!.message).toMatch(/public by design: an analytics project's ingestion key/);
    const secret = await scan('mixpanel_api_secret = "8c5d7a31e09f4b2a96d1c3e7f0a2b4d6"', 'app/analytics.py');
    expect(secret.map((f) => f.severity)).toEqual(['medium']);
  });

  it('reports an Algolia DocSearch search key at info', async () => {
    const found = await scan("algolia: {\n  appId: 'Q7ZK2M4XPL',\n  apiKey: '3f8a2c1d9e7b6a5f4e3d2c1b0a9f8e71',\n  indexName: 'acme-docs',\n},", 'docusaurus.config.ts');
    expect(found.map((f) => [f.ruleId, f.severity])).toEqual([['secrets/generic-api-key', 'info']]);
  });

  it("does not call a key Algolia's for a neighbour whose name only mentions DocSearch", async () => {
    const found = await scan('window.hubConfig = {"docSearchKey":"ece5e02e57300e17","mapsApiKey":"Tq8vZp3LwX2mN5rK9sJ4hY7cB1dF"};', 'app/config.ts');
    expect(found.map((f) => [f.ruleId, f.severity])).toEqual([['secrets/generic-api-key', 'medium']]);
  });

  it('reports a CAPTCHA site key at info, and a CAPTCHA server key as any other key', async () => {
    const site = await scan('const config = {"captchaApiKey":"bd5f2066-93dc-4bdd-a64b-a24646ca3859"};', 'app/config.ts');
    expect(site.map((f) => [f.ruleId, f.severity])).toEqual([['secrets/generic-api-key', 'info']]);
    expect(site[0]!.message).toMatch(/public by design: it is a CAPTCHA site key/);
    const server = await scan('RECAPTCHA_SERVER_API_KEY = "Tq8vZp3LwX2mN5rK9sJ4hY7cB1dF"', 'app/settings.py');
    expect(server.map((f) => [f.ruleId, f.severity])).toEqual([['secrets/generic-api-key', 'medium']]);
  });

  it('reports a pk_ publishable key at info, and an sk_ key beside it as any other key', async () => {
    const found = await scan('logoDev: { apiKey: "pk_Xq7rT2mVw9Lk4Pz8Ns3D" },\nsearch: { apiKey: "sk_Xq7rT2mVw9Lk4Pz8Ns3D" },', 'app/config.ts');
    expect(found.map((f) => [f.ruleId, f.severity, f.location.startLine])).toEqual([
      ['secrets/generic-api-key', 'info', 1],
      ['secrets/generic-api-key', 'medium', 2],
    ]);
  });

  it("reports a Supabase project's anon key at info, and its service_role key at high", async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = (role: string) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iss: 'supabase', ref: 'qwmzxkeplrtvbnhyadcs', role, iat: 1718900000, exp: 2034476000 })}.Zk3xQ9vLr2TbW8yN4pHc7mJd1sFa6uGe0oKi5qRt_Vw`;
    const anon = await scan(`SUPABASE_PUBLIC_API_KEY = "${token('anon')}"`, 'cli/constants.py');
    expect(anon.map((f) => [f.ruleId, f.severity])).toEqual([['secrets/jwt', 'info']]);
    expect(anon[0]!.message).toMatch(/public by design: a Supabase project's anon key/);
    const service = await scan(`SUPABASE_SERVICE_ROLE_KEY = "${token('service_role')}"`, 'cli/constants.py');
    expect(service.map((f) => [f.ruleId, f.severity])).toEqual([['secrets/jwt', 'high']]);
  });

  it('reports a signed configuration its code names public, whose claims grant nothing, at info; one naming a subject stays high', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = (claims: object) => `${b64({ alg: 'HS256' })}.${b64({ ...claims, domains: ['docs.example.com'], iat: 1735689600 })}.Xq9vR2mK7tLp3wZc8nBf4hJd6sYa1uEo0iGk5rTx_Vw`;
    const widget = token({ wid: 'wgt_Qm3nD8xR2vLp' });
    const attr = await scan(`s.setAttribute('data-public-config', '${widget}');`, 'docs/custom.js');
    expect(attr.map((f) => [f.ruleId, f.severity])).toEqual([['secrets/jwt', 'info']]);
    expect(attr[0]!.message).toMatch(/public by design: a token its own code names public/);
    // Public by name but acting as someone, or anonymous but not named public: a bearer token.
    expect((await scan(`s.setAttribute('data-public-config', '${token({ sub: 'svc-docs-bot' })}');`, 'docs/custom.js')).map((f) => f.severity)).toEqual(['high']);
    expect((await scan(`s.setAttribute('data-config', '${widget}');`, 'docs/custom.js')).map((f) => f.severity)).toEqual(['high']);
  });

  it('keeps a Stripe secret key next to a publishable key at its own severity', async () => {
    const found = await scan('STRIPE_PUBLISHABLE_KEY=pk_live_51Hq8ZtLw3nR7kP2vX9yB4mC6dF1gJ0sA8eT5uW\nSTRIPE_SECRET_KEY=sk_live_51Hq8ZtLw3nR7kP2vX9yB4mC6dF1gJ0sA8eT5uW', 'deploy/.env');
    expect(found.map((f) => [f.ruleId, f.severity])).toEqual([
      ['secrets/stripe-publishable-key', 'info'],
      ['secrets/stripe-secret-key', 'critical'],
    ]);
  });

  it('does not report an expired JWT: it authenticates nobody any more (nor under a generic rule)', async () => {
    const expired =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJhY21lLWFnZW50cyIsInJvbGUiOiJzZXJ2aWNlIiwiaWF0IjoxNjAwMDAwMDAwLCJleHAiOjE2MDAwMDM2MDB9.sC0g8OVLZVZIOF2GY56YEAg4U3S_4rjQed3yWwnOQ70';
    expect(await scan(`{"jwt": "${expired}"}`, 'src/session.json')).toEqual([]);
    expect(await scan(`{"access_token": "${expired}"}`, 'src/session.json')).toEqual([]);
  });

  it("leaves out an old-style Sentry DSN and its client-key record's secret; the same value with no DSN beside it is reported", async () => {
    const key = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const secret = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
    const record = `{\n  "public": "${key}",\n  "secret": "${secret}",\n  "dsn": { "secret": "https://${key}:${secret}@o123456.ingest.sentry.io/7654321" }\n}\n`;
    expect(await scan(record, 'config/client-key.json')).toEqual([]);
    const bare = await scan(`{\n  "secret": "${secret}"\n}\n`, 'config/client-key.json');
    expect(bare.map((f) => f.ruleId)).toEqual(['secrets/generic-secret']);
  });

  it("reports a local emulator's fixed, documented key at info; another key under the same name stays", async () => {
    const job = (key: string) =>
      `jobs:\n  it:\n    services:\n      cosmosdb:\n        image: mcr.microsoft.com/cosmosdb/linux/azure-cosmos-emulator\n    env:\n      AZURE_COSMOS_ENDPOINT: "http://localhost:8081/"\n      AZURE_COSMOS_KEY: "${key}"\n`;
    const secrets = async (key: string) => (await scan(job(key), '.github/workflows/it.yml')).filter((f) => f.ruleId.startsWith('secrets/'));
    const emulator = await secrets('C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==');
    expect(emulator.map((f) => [f.ruleId, f.severity])).toEqual([['secrets/generic-vendor-credential', 'info']]);
    expect(emulator[0]!.message).toMatch(/Cosmos DB emulator/);
    const own = await secrets('XWCsTAs+BjsSnCX76PYoVUqMTh5CTwGDDPQAHsf7JpY9+aA91oT1guY7OCD68tMQbHzlnfmuMh4cPO+Qvy3ndg==');
    expect(own.map((f) => [f.ruleId, f.severity])).toEqual([['secrets/generic-vendor-credential', 'medium']]);
  });
});
