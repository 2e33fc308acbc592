/**
 * Value classes judged by the credential engine itself: URL-encoded form bodies split at `&`,
 * query strings whose signature is no HMAC, published sample JWTs and expired JWTs, values made
 * of words with ordinals. Every value here is made up for this test.
 */
import { describe, expect, it } from 'vitest';
import { SecretEngine } from '../../src/rules/secrets/analyzer.js';
import { createHash } from 'node:crypto';
import { compileAllowlist, loadAllowlist, loadAllowlistData, loadBuiltinPatterns } from '../../src/rules/secrets/patterns.js';
import { isWordlike } from '../../src/rules/secrets/values.js';
import { isCredentialScope, isQueryStringWithoutSecret } from '../../src/rules/secrets/value-shapes.js';

const engine = new SecretEngine(loadBuiltinPatterns(), loadAllowlist());
const found = (text: string) => engine.find(text).map((c) => ({ rule: c.pattern.ruleId, secret: c.secret }));

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload: Record<string, unknown>) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.Qm9vVGtL3rVxWz8pN2cY7hJ5fD1sA4eU6gR0iO9nMb`;
const now = Math.floor(Date.now() / 1000);

describe('URL-encoded form bodies', () => {
  it('ends each value at the & that starts the next parameter', () => {
    const body = 'body: grant_type=refresh_token&client_id=agent.apps.example&client_secret=Vq8rTz2LmK9xWp4NbH7c&scope=runs';
    expect(found(body)).toEqual([{ rule: 'secrets/generic-client-secret', secret: 'Vq8rTz2LmK9xWp4NbH7c' }]);
  });
  it('reports a URL-encoded Google refresh token as the provider credential, not as a client secret', () => {
    const token = '1%2F%2F0gQm7TzLkV3xN8pR2wYb5HcD9fJs4AeUq6Wn1KoPiZt0MvXy_GhB-Lr7Sd3Cu';
    const body = `    body: grant_type=refresh_token&client_secret=Vq8rTz2LmK9xWp4NbH7c&refresh_token=${token}`;
    const hits = found(body);
    expect(hits).toContainEqual({ rule: 'secrets/google-oauth-refresh-token', secret: token });
    expect(hits.find((h) => h.rule === 'secrets/generic-client-secret')?.secret).toBe('Vq8rTz2LmK9xWp4NbH7c');
  });
  it('does not take the rest of a URL after a placeholder for a form parameter', () => {
    expect(found('conn = "mongodb+srv://<user>:<password>@cluster7.db.acme.io/?retryWrites=true&w=majority"')).toEqual([]);
    expect(found('dsn: postgres://agent:<password>@db.internal:5432/app?sslmode=require&connect_timeout=10')).toEqual([]);
  });
  it('reports a password in a URL query parameter up to the next parameter', () => {
    expect(found('url = "https://api.acme.io/v1/login?user=agent&password=Tq8vLm2xKp9w&lang=en"')).toEqual([
      { rule: 'secrets/generic-password', secret: 'Tq8vLm2xKp9w' },
    ]);
  });
  it('keeps an & that no parameter name follows inside the value', () => {
    expect(found('DB_PASSWORD=Kx8&vR2mQ9tLp4Wz')).toEqual([{ rule: 'secrets/generic-password', secret: 'Kx8&vR2mQ9tLp4Wz' }]);
  });
});

describe('query strings held whole (Azure SAS)', () => {
  it('is no secret when the signature is no HMAC', () => {
    expect(isQueryStringWithoutSecret('sv=2024-11-04&sr=c&sig=abc')).toBe(true);
    expect(isQueryStringWithoutSecret('sp=racwdli&st=2026-03-28T14:53:44Z&se=2027-03-28T23:08:44Z&spr=https&sv=2024-11-04&sr=c&sig=abc123')).toBe(true);
    expect(found('sas_token="sp=r&se=2027-01-01T00:00:00Z&sv=2024-11-04&sr=c&sig=notarealsig42"')).toEqual([]);
  });
  it('is a secret when the signature is a base64 HMAC or another parameter is a random key', () => {
    expect(isQueryStringWithoutSecret('sv=2024-11-04&sr=c&sig=Wm9QdT8r2Lk5xN7vB3cY1hJ6fD0sA4eU9gR2iO8nMqE%3D')).toBe(false);
    expect(isQueryStringWithoutSecret('user=agent&key=Xq7Lw3nR7kP2vX9yB4mC')).toBe(false);
    expect(found('sas_token="sv=2024-11-04&sr=c&sp=r&se=2099-01-01&sig=Wm9QdT8r2Lk5xN7vB3cY1hJ6fD0sA4eU9gR2iO8nMqE%3D"').map((h) => h.rule)).toEqual([
      'secrets/azure-sas-token',
    ]);
  });
});

describe('JWTs that authenticate nobody', () => {
  it('drops tokens made of published sample claims', () => {
    expect(found(`token = "${jwt({ sub: '1234567890' })}"`)).toEqual([]);
    expect(found(`token = "${jwt({ sub: '1234567890', name: 'John Doe', admin: true, iat: 1516239022 })}"`)).toEqual([]);
  });
  it('drops tokens whose claims are all empty', () => {
    expect(found(`encoded = "${jwt({})}"`)).toEqual([]);
    expect(found(`encoded = "${jwt({ data: {} })}"`)).toEqual([]);
    expect(found(`encoded = "${jwt({ data: {}, scopes: [] })}"`)).toEqual([]);
    expect(found(`encoded = "${jwt({ data: { user: 'svc-runner' } })}"`).map((h) => h.rule)).toEqual(['secrets/jwt']);
  });
  it('keeps a token whose claims name a real issuer, even with a sample subject', () => {
    expect(found(`token = "${jwt({ iss: 'https://auth.acme.io', sub: '1234567890', aud: 'runs-api' })}"`).map((h) => h.rule)).toEqual(['secrets/jwt']);
  });
  it('drops a token whose expiry has passed, keeps a live short-lived one', () => {
    expect(found(`Authorization: Bearer ${jwt({ iss: 'acme', sub: 'svc-runner', iat: 1600000000, exp: 1600003600 })}`)).toEqual([]);
    expect(found(`Authorization: Bearer ${jwt({ iss: 'acme', sub: 'svc-runner', iat: now, exp: now + 3600 })}`).map((h) => h.rule)).toEqual([
      'secrets/jwt-short-lived',
    ]);
  });
});

describe('values made of words', () => {
  it('counts ordinals as words', () => {
    for (const v of ['sk-my-openai-1st-key', 'acme-2nd-service-token', 'key-for-the-3rd-tenant']) expect(isWordlike(v), v).toBe(true);
  });
  it('does not report a word-made key in a code sample', () => {
    expect(found('            "openAIApiKey": "sk-my-openai-2nd-key"')).toEqual([]);
  });
});

describe('names and structures that say what a value is', () => {
  it('a name that says public is no secret by its own account', () => {
    expect(found('publicToken = "Rk4vZp8Lq2Xw7Nc5Tb9Hd3Mf"')).toEqual([]);
    expect(found('PUBLISHABLE_KEY=Rk4vZp8Lq2Xw7Nc5Tb9Hd3Mf')).toEqual([]);
    expect(found('republicToken = "Rk4vZp8Lq2Xw7Nc5Tb9Hd3Mf"').map((h) => h.rule)).toEqual(['secrets/generic-token']);
  });
  it("an id:secret pair under a provider's name is that provider's to judge", () => {
    // Not a Telegram bot token (the bot id is far too long), so not a credential at all.
    expect(found('telegram_bot_token = "4827719305518266041:AbQ7rT2vLx9KpW3mZc8Nf5Hd1Yg6Js0Ue4"')).toEqual([]);
    // The same shape under a name of no provider stays a generic token.
    expect(found('relay_token = "48277:AbQ7rT2vLx9KpW3mZc8Nf5Hd1Yg6Js0Ue4"').map((h) => h.rule)).toEqual(['secrets/generic-token']);
  });
});

describe('published samples', () => {
  it('lists a value published as a sample at info, with its source, recognised by its digest', () => {
    const sample = 'AIzaSyQ4mVt8Kp2Lx9Rw3Nc7Bd5Hf1Jg6Zs0Ue4';
    const data = loadAllowlistData();
    const allowlist = compileAllowlist({ ...data, published: [{ source: 'the Acme SDK tests', reason: 'a format sample', sha256: [createHash('sha256').update(sample).digest('hex')] }] });
    const withSample = new SecretEngine(loadBuiltinPatterns(), allowlist);
    const [hit] = withSample.find(`apiKey: "${sample}"`);
    expect(hit?.pattern.ruleId).toBe('secrets/google-api-key');
    expect(hit?.info).toMatch(/published in the Acme SDK tests/);
    // Without the listing, the same value is a key.
    expect(engine.find(`apiKey: "${sample}"`)[0]?.info).toBeUndefined();
  });
  it('keeps no key-shaped string in the published list, only digests', () => {
    for (const p of loadAllowlistData().published ?? []) for (const d of p.sha256) expect(d).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('encoded payloads (images in data URIs and notebook outputs)', () => {
  // A made-up run in a Facebook token's shape, and made-up base64 around it.
  const shaped = 'EAAB' + createHash('sha256').update('payload-fragment').digest('base64').replace(/[+/=]/g, '').repeat(3).slice(0, 110);
  const head = 'iVBORw0KGgoAAAANSUhEUgAAAoAAAAHgCAYAAAA10dzk';
  it('still reports the run standing alone, and in a URL path', () => {
    expect(found(`FB_PAGE_TOKEN=${shaped}`).map((h) => h.rule)).toEqual(['secrets/facebook-access-token']);
    expect(found(`curl https://graph.facebook.com/v19.0/me/feed/${shaped}/items`).map((h) => h.rule)).toEqual(['secrets/facebook-access-token']);
  });
  it('drops it as a stretch of a base64 data URI', () => {
    expect(found(`"![run](data:image/png;base64,${head}+${shaped}+/Qx9kTz3wAAAABJRU5ErkJggg==)"`)).toEqual([]);
    expect(found(`<img src="data:image/jpeg;base64,${shaped}/9j4AAQSkZJRgABAQ">`)).toEqual([]);
  });
  it("drops it inside a notebook's image output, across \\n escapes", () => {
    expect(found(`   "image/png": "${head}\\nR0lGOD/${shaped}/wAAAABJRU5ErkJggg==\\n",`)).toEqual([]);
  });
  it('keeps it after base64 that nothing opens as a payload', () => {
    expect(found(`blob = "${head}+${shaped}+Qx9k"`).map((h) => h.rule)).toEqual(['secrets/facebook-access-token']);
  });
  it("drops it inside a base64 blob far longer than any token, whatever opens it (a tokenizer's charsmap in JSON)", () => {
    const filler = (seed: string) => Array.from({ length: 24 }, (_, i) => createHash('sha256').update(`${seed}${i}`).digest('base64').replace(/=/g, '')).join('');
    expect(found(`    "precompiled_charsmap": "${filler('a')}/${shaped}/${filler('b')}",`)).toEqual([]);
    // The same run standing apart from a long blob is a token.
    expect(found(`    "precompiled_charsmap": "${filler('a')}", "token": "${shaped}",`).map((h) => h.rule)).toEqual(['secrets/facebook-access-token']);
  });
});

describe('credential scopes of signed requests', () => {
  const keyId = 'GOOG1E7QW2RZK4M8NPV3XT6YHB5JDLC9FA0SUGEOK2WQ';
  it('drops the X-Amz-Credential of a presigned URL, plain or URL-encoded', () => {
    expect(isCredentialScope(`${keyId}%2F20250929%2Fus-east-1%2Fs3%2Faws4_request`)).toBe(true);
    expect(isCredentialScope(`${keyId}/20250929/auto/storage/goog4_request`)).toBe(true);
    expect(found(`"pdf_url": "https://storage.acme.io/runs/a.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${keyId}%2F20250929%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20250929T140610Z&X-Amz-Expires=3600"`)).toEqual([]);
  });
  it('keeps a credential that only begins like a key ID', () => {
    expect(isCredentialScope(`${keyId}%2F20250929`)).toBe(false);
    expect(found('SERVICE_CREDENTIALS=wcVQjkEq6/FPCi6dRF8AEAwZZdWAr2AT').map((h) => h.rule)).toEqual(['secrets/generic-auth']);
  });
});

describe('a stand-in word doubled', () => {
  it('is a stand-in, as the word alone is (a demo stack documented password: demodemo, testtest, admin_admin)', () => {
    for (const v of ['demodemo', 'testtest', 'admin_admin', 'rootroot1', 'passwordpassword']) {
      expect(engine.isStandIn(v), v).toBe(true);
      expect(found(`NEO4J_PASSWORD="${v}"`), v).toEqual([]);
    }
  });
  it('leaves a password that only starts with a stand-in word, or doubles another word', () => {
    for (const v of ['demoKq7vR2xz', 'wombatwombat9', 'adminVq7#mZ2p']) expect(engine.isStandIn(v), v).toBe(false);
  });
});

describe('Basic credentials judged by the pair they decode to', () => {
  const basic = (pair: string) => `headers: { 'Authorization': 'Basic ${Buffer.from(pair).toString('base64')}' }`;
  it('drops a pair of stand-ins (user:password, admin:password123, username:secret)', () => {
    for (const pair of ['user:password', 'admin:password123', 'username:secret', 'admin:changeme']) expect(found(basic(pair)), pair).toEqual([]);
  });
  it('keeps a random password, or a real-looking user beside a stand-in password', () => {
    expect(found(basic('deploy:Vq7#mZ2pLx9tRw4k')).map((h) => h.rule)).toEqual(['secrets/generic-authorization-header']);
    expect(found(basic('ops-bot:password1')).map((h) => h.rule)).toEqual(['secrets/generic-authorization-header']);
  });
  it('drops a real-looking user beside a placeholder for its password (an architecture page showing the header)', () => {
    for (const pair of ['coding-agent:<secret>', 'ci-runner:${RUNNER_PASSWORD}', 'ops-bot:your-password']) expect(found(basic(pair)), pair).toEqual([]);
  });
  it('keeps a key as the user beside a placeholder password, and a short password', () => {
    expect(found(basic('k7Pq2Lm9Vx4Tz8Wb3Yc6:<password>')).length).toBe(1);
    expect(found(basic('ops-bot:Zq7w2')).length).toBe(1);
  });
  it('keeps a Bearer token whatever it decodes to', () => {
    expect(found(`Authorization: Bearer ${Buffer.from('admin:password12345678').toString('base64')}`).length).toBe(1);
  });
});

describe('UI translations', () => {
  const inFile = async (relPath: string, text: string) => {
    const { scan } = await import('../../src/engine/scan.js');
    const { tempTree } = await import('../helpers/tmp.js');
    return (await scan({ paths: [tempTree({ [relPath]: text })], threads: 1 })).report.findings.filter((f) => f.ruleId.startsWith('secrets/')).map((f) => f.ruleId);
  };
  const messages = "export default {\n  login: {\n    newPassword: 'Kx9#mQ2vLp7!Tz',\n    apiKeyHint: 'Pk_3kQ9xLw2Vr8Tz5MnB',\n  },\n};\n";

  it('reads what a generic pattern matches in a translation file (i18n/, locales/, a locale-named file under lang/ or messages/) as labels', async () => {
    for (const p of ['web/src/i18n/locales/es-ES.ts', 'app/locales/fr.json', 'src/lang/pt_BR.ts', 'src/messages/zh-Hans/auth.ts', 'po/de.po']) {
      expect(await inFile(p, messages), p).toEqual([]);
    }
  });

  it('still reads them in other files, and a provider-format key in a translation file', async () => {
    expect(await inFile('src/messages/handlers.ts', messages)).toContain('secrets/generic-password');
    expect(await inFile('web/src/i18n/locales/en.ts', "export default { key: 'ghp_x7Kp2Qr9Lm4Vn8Tz3Wb6Yc1Hd5Jf0Gs2Ae9R' };\n")).toEqual(['secrets/github-pat']);
  });
});
