/**
 * Values the generic patterns match by their key's name alone are samples, listed at info, in a
 * test, generated or vendored file and in text that says it shows an example; the same values in
 * shipped code, and provider-format keys anywhere, are reported as before.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';

const analyzers = await loadFileAnalyzers();
const scan = async (code: string, path: string) => (await runExample(analyzers, { code, path })).map((f) => [f.ruleId, f.severity]);

const PASSWORD = 'env = {"DB_PASSWORD": "Kq7!vR2$wZ9x"}\n';
const TOKEN = "const body = { refresh_token: 'Tq8vZp3LwX2mN5rK9sJ4hY7cB1dFgH6k' };\n";

describe('generic values that are samples', () => {
  it('lists a password in a unit test, a token in a test data file, generated code and a vendored corpus at info, saying why', async () => {
    expect(await scan(PASSWORD, 'tests/test_client.py')).toEqual([['secrets/generic-password', 'info']]);
    expect(await scan(TOKEN, 'src/__tests__/summary.test.ts')).toEqual([['secrets/generic-token', 'info']]);
    expect(await scan('{"results": [{"image_token": "5e3c9a1b7d2f4e6a8c0b1d3f5a7c9e2b4d6f8a0c"}]}\n', 'tests/data/search_cache.json')).toEqual([
      ['secrets/generic-token', 'info'],
    ]);
    expect(await scan(TOKEN, 'src/api/types.generated.ts')).toEqual([['secrets/generic-token', 'info']]);
    expect(await scan('username: jdoe\npassword: %3Wq9#LmZv7Kp\n', 'evals/vendor/files/accounts.txt')).toEqual([['secrets/generic-password', 'info']]);
    const [f] = await runExample(analyzers, { code: PASSWORD, path: 'tests/test_client.py' });
    expect(f!.message).toMatch(/in a test file and matches by its key's name alone .*Listed for the inventory, not a leak\./);
  });

  it('keeps the same values in shipped code, and a recording of real traffic', async () => {
    expect(await scan(PASSWORD, 'app/settings.py')).toEqual([['secrets/generic-password', 'medium']]);
    expect(await scan(TOKEN, 'src/summary.ts')).toEqual([['secrets/generic-token', 'medium']]);
    expect(await scan('body: refresh_token=Tq8vZp3LwX2mN5rK9sJ4hY7cB1dFgH6k\n', 'tests/cassettes/test_refresh.yaml')).toEqual([['secrets/generic-token', 'medium']]);
  });

  it("judges a file by the context the configuration assigns its folder, not by the folder's name", async () => {
    const assigned = await loadFileAnalyzers({ contexts: { paths: { 'qa/**': 'production' } } });
    const found = await runExample(assigned, { code: PASSWORD, path: 'qa/tests/test_client.py' });
    expect(found.map((f) => [f.ruleId, f.severity])).toEqual([['secrets/generic-password', 'medium']]);
    expect(await scan(PASSWORD, 'qa/tests/test_client.py')).toEqual([['secrets/generic-password', 'info']]);
  });

  it('keeps a provider-format key in a test at its own severity', async () => {
    expect(await scan("const token = 'ghp_LggQgLCoO6AsxazkxAg6QzpBkLs1wKjnofYh';\n", 'tests/client.test.ts')).toEqual([['secrets/github-pat', 'high']]);
  });

  it('lists a provider-format value in a test that mocks its client and makes up values of that format; keeps it otherwise', async () => {
    // Assembled here: a value in the format, random-looking, made up for this test.
    const signing = ['whsec', 'Rk4Tz9Qm2Lx7Vb3Np8Wc5Hy1Jd6Fg0Sa'].join('_');
    const made = ['whsec', 'rotated_value_never_returned'].join('_');
    const mocked = [
      "vi.mock('../lib/client', () => ({ client: { request: vi.fn() } }));",
      `const signingSecret = '${signing}';`,
      `const stale = '${made}';`,
      '',
    ].join('\n');
    const [f] = await runExample(analyzers, { code: mocked, path: 'src/tools/webhooks.test.ts' });
    expect([f!.ruleId, f!.severity]).toEqual(['secrets/stripe-webhook-secret', 'info']);
    expect(f!.message).toMatch(/mocks the service .* a fixture's value/);
    // No double for the service (an integration test may hold a live key), or no made-up value of the format beside it.
    const live = mocked.replace(/^vi\.mock.*$/m, "const client = new Client(process.env.BASE_URL);");
    expect(await scan(live, 'src/tools/webhooks.test.ts')).toEqual([['secrets/stripe-webhook-secret', 'high']]);
    const alone = mocked.replace(/^const stale.*$/m, '');
    expect(await scan(alone, 'src/tools/webhooks.test.ts')).toEqual([['secrets/stripe-webhook-secret', 'high']]);
    // The same file outside the tests is shipped code.
    expect(await scan(mocked, 'src/tools/webhooks.ts')).toEqual([['secrets/stripe-webhook-secret', 'high']]);
  });

  it('lists a data set of values in a test file once', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `password: Zx${(i * 7919).toString(36)}!q${i}Lw\n`).join('');
    const found = await runExample(analyzers, { code: rows, path: 'tests/fixtures/users.yaml' });
    expect(found.map((f) => [f.ruleId, f.severity])).toEqual([['secrets/generic-password', 'info']]);
    expect(found[0]!.message).toMatch(/\d{2} more distinct values of the same kind follow in this file, listed once/);
  });

  it('lists a value in help text after "e.g." or "for example" at info; the same line without it stays', async () => {
    const help = '<span class="hint">Store credentials in .env format e.g. MAIL_PASSWORD="Kq7!vR2$wZ9x", one per line.</span>\n';
    expect(await scan(help, 'webui/settings.html')).toEqual([['secrets/generic-password', 'info']]);
    expect(await scan('# For example: SMTP_PASS=Kq7!vR2$wZ9x\n', 'app/mail.py')).toEqual([['secrets/generic-password', 'info']]);
    expect(await scan('<span>MAIL_PASSWORD="Kq7!vR2$wZ9x"</span>\n', 'webui/settings.html')).toEqual([['secrets/generic-password', 'medium']]);
  });

  it("lists a value whose key's name says it holds an example at info; a name that only contains the word stays", async () => {
    expect(await scan('  "exampleStrongPassword": "Tr0ub4dor&3Horse9",\n', 'data/answers.jsonl')).toEqual([['secrets/generic-password', 'info']]);
    expect(await scan('SAMPLE_API_TOKEN = "Kq7vR2wZ9xLm4Tp8"\n', 'app/settings.py')).toEqual([['secrets/generic-token', 'info']]);
    expect(await scan('sampler_token = "Kq7vR2wZ9xLm4Tp8"\n', 'app/settings.py')).toEqual([['secrets/generic-token', 'medium']]);
  });

  it("lists a value in a doc comment's @example at info, not one in another doc comment", async () => {
    const example = '    /** @example {\n     *   "refresh_token": "oauth_refresh_7c1e4a9b2d8f3e6a"\n     * } */\n    RevokeBody: { refresh_token: string };\n';
    expect(await scan(example, 'src/api/types.ts')).toEqual([['secrets/generic-token', 'info']]);
    const closed = '/** @example { "id": 1 } */\nconst a = 1;\n/**\n * refresh_token: "oauth_refresh_7c1e4a9b2d8f3e6a"\n */\n';
    expect(await scan(closed, 'src/api/types.ts')).toEqual([['secrets/generic-token', 'medium']]);
  });

  it('lists a value in a multi-line string named an example at info, not after the string closes', async () => {
    const open = 'const envExample = `# mail\nMAIL_USER="ops@acme.test"\nMAIL_PASSWORD="Kq7!vR2$wZ9x"\n`;\n';
    expect(await scan(open, 'webui/secrets.js')).toEqual([['secrets/generic-password', 'info']]);
    const after = 'const envExample = `# mail`;\nconst MAIL_PASSWORD = "Kq7!vR2$wZ9x";\n';
    expect(await scan(after, 'webui/secrets.js')).toEqual([['secrets/generic-password', 'medium']]);
  });
});

describe("credentials in a vendored project's own tests", () => {
  // A throwaway key made for this test run, as a TLS library's test data holds them.
  const PEM = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const URL_INPUT = '  {"imaps://user:Tq8vLm2xKp9w@mail.acme.io/", "", 0, 0},\n';

  it('lists a key file and a parser test input there at info, whatever their format', async () => {
    const [key] = await runExample(analyzers, { code: PEM, path: 'third_party/tlslib/tests/data_files/server2.key' });
    expect([key?.ruleId, key?.severity]).toEqual(['secrets/private-key-rsa', 'info']);
    expect(key?.message).toMatch(/vendored project's own tests: a fixture published with that project/);
    expect(await scan(URL_INPUT, 'third_party/netlib/tests/libtest/lib1560.c')).toEqual([['secrets/uri-basic-auth-credentials', 'info']]);
  });

  it("keeps a key the vendored project ships outside its tests, and one in this project's own tests, as before", async () => {
    const [shipped] = await runExample(analyzers, { code: PEM, path: 'third_party/tlslib/programs/server.key' });
    expect(shipped?.severity).not.toBe('info');
    const [own] = await runExample(analyzers, { code: PEM, path: 'tests/data_files/server.key' });
    expect(own?.severity).not.toBe('info');
  });
});
