/**
 * Value classes: an application's hard-coded fallback key (medium), upper-case stand-in names,
 * blockchain addresses, GPG key names, keys a comment or the value itself says are public or a demo.
 */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';
import { isCredentialKey, isPlaceholderName } from '../../src/rules/secrets/values.js';
import { isChainAddress } from '../../src/rules/secrets/value-shapes.js';
import { settleFindings } from '../../src/engine/scan.js';

const analyzers = await loadFileAnalyzers();
/** Findings as a scan settles them (the context policy caps a low-confidence finding at low). */
const scan = async (code: string, path: string) => settleFindings(await runExample(analyzers, { code, path }), {}).findings.map((f) => `${f.ruleId}:${f.location.startLine}:${f.severity}`);

describe('hard-coded fallback keys', () => {
  it('reports a defaults table, a getenv default and a settings class default of a signing key or admin password at medium', async () => {
    const code = [
      'import os',
      'default_env_values = {',
      '    "JWT_SECRET_KEY": "c9f2e7a4b1d8306f5e2a9c7b4d1f8e3a",',
      '    "DEFAULT_ADMIN_PASSWORD": "Adm1nPass2024",',
      '}',
      'AES_ENCRYPTION_KEY = os.getenv("AES_ENCRYPTION_KEY", "8b3e5d1f7a9c2e4b6d8f0a1c3e5b7d9f")',
      'class Settings(BaseSettings):',
      '    session_secret_key: str = "Vq7mZ2pLx9RtKw4nB8cY"',
    ].join('\n');
    expect(await scan(code, 'backend/app/config.py')).toEqual(['secrets/generic-secret:3:medium', 'secrets/generic-password:4:medium', 'secrets/generic-secret:6:medium', 'secrets/generic-secret:8:medium']);
  });

  it('keeps other values matched by their key name alone at low, and fallbacks that are stand-ins unreported', async () => {
    const code = 'SECRET_KEY = "c9f2e7a4b1d8306f5e2a9c7b4d1f8e3a"\nJWT_SECRET = os.getenv("JWT_SECRET", "changeme")\nAPI_KEY = os.getenv("API_KEY", "Vq7mZ2pLx9RtKw4nB8cY")\n';
    expect(await scan(code, 'app/config.py')).toEqual(['secrets/generic-secret:1:low', 'secrets/generic-api-key:3:low']);
  });
});

describe('hard-coded fallback keys in JavaScript and TypeScript', () => {
  it('reports a signing key or admin password an environment read falls back to at medium, however it looks', async () => {
    const code = [
      "const JWT_SECRET = process.env.JWT_SECRET || 'replace-this-signing-secret';",
      "const SIGNING = process.env.TOKEN_SIGNING_KEY ?? 'dev-signing-key-k39x';",
      "export const config = { sessionSecret: process.env['SESSION_SECRET'] || 'keyboardcatdog', port: 3000 };",
      "const adminPassword = import.meta.env.VITE_ADMIN_PASSWORD ?? 'admin-2024!';",
    ].join('\n');
    // VITE_ADMIN_PASSWORD is also a secret the front-end build publishes (browser-bundle.ts).
    expect(await scan(code, 'src/middlewares/auth.ts')).toEqual([
      'secrets/generic-secret:1:medium',
      'secrets/generic-secret:2:medium',
      'secrets/generic-secret:3:medium',
      'secrets/browser-bundled-secret:4:medium',
      'secrets/generic-password:4:medium',
    ]);
  });

  it('reports one setting read under two frameworks\' prefixes once', async () => {
    const code = 'export const config = {\n  bypass:\n    process.env.PUBLIC_AGENTS_BYPASS_SECRET ||\n    process.env.NEXT_PUBLIC_AGENTS_BYPASS_SECRET,\n  other: process.env.NEXT_PUBLIC_ADMIN_PASSWORD,\n};\n';
    expect((await scan(code, 'src/lib/runtime-config.ts')).filter((f) => f.startsWith('secrets/browser-bundled-secret'))).toEqual([
      'secrets/browser-bundled-secret:3:medium',
      'secrets/browser-bundled-secret:5:medium',
    ]);
  });

  it('reports the same fallback in Python, where a stand-in-looking default is as guessable', async () => {
    expect(await scan('JWT_SECRET = os.getenv("JWT_SECRET", "replace-this-signing-secret")\n', 'app/config.py')).toEqual(['secrets/generic-secret:1:medium']);
    expect(await scan('valves = {"secret_key": os.getenv("LANGFUSE_SECRET_KEY", "your-secret-key-here")}\n', 'app/config.py')).toEqual([]);
  });

  it('reads the variable of every environment reader that takes a default, not only getenv', async () => {
    // env(…) (django-environ) and ENV.fetch(…) (Ruby) with a vendor's key and a stand-in default: the vendor's key, not the app's.
    expect(await scan('SECRET_KEY = env("LANGFUSE_SECRET_KEY", default="your-secret-key-here")\n', 'app/settings.py')).toEqual([]);
    expect(await scan('SECRET_KEY = ENV.fetch("STRIPE_SECRET_KEY", "replace-with-your-key")\n', 'config/initializers/app.rb')).toEqual([]);
    expect(await scan('SECRET_KEY = config("GOOGLE_CLIENT_SECRET", default="your-client-secret")\n', 'app/settings.py')).toEqual([]);
    // The same readers naming the application's own key run with their default, however it reads.
    expect(await scan('JWT_SECRET = ENV.fetch("JWT_SECRET", "replace-this-signing-secret")\n', 'config/initializers/app.rb')).toEqual(['secrets/generic-secret:1:medium']);
  });

  it('keeps other names to the usual checks, and no literal, an empty one or a reference is no fallback', async () => {
    const code = [
      "const key = process.env.SEARCH_API_KEY || 'your-search-api-key';",
      "const db = process.env.DB_PASSWORD || 'password123';",
      "const s = process.env.JWT_SECRET || process.env.LEGACY_JWT_SECRET;",
      "const e = process.env.JWT_SECRET || '';",
      "const r = process.env.JWT_SECRET ?? '${JWT_SECRET}';",
      "const u = process.env.SESSION_SECRET || 'https://vault.acme.io/session';",
      // A credential presented to another service: a placeholder default only fails to log in there.
      "const google = { clientSecret: process.env.GOOGLE_CLIENT_SECRET || 'your-google-client-secret' };",
      "const stripe = process.env.STRIPE_SECRET_KEY ?? 'sk_test_replace_me_with_key';",
      // The variable read names whose key it is, whatever the setting holding it is called.
      "const valves = { secret_key: process.env.LANGFUSE_SECRET_KEY || 'your-secret-key-here' };",
      // A variable named for seed data or tests fills a development database, not a deployment.
      "const seeded = { secret: process.env.SEED_SECRET_KEY ?? 'seed-project-secret' };",
      "const t = process.env.TEST_JWT_SECRET || 'jwt-secret-for-tests';",
    ].join('\n');
    expect(await scan(code, 'src/config.ts')).toEqual([]);
  });

  it('reports a key-shaped default of another name at low, as in Python', async () => {
    expect(await scan("const key = process.env.SEARCH_API_KEY || 'Vq7mZ2pLx9RtKw4nB8cY';\n", 'src/config.ts')).toEqual(['secrets/generic-api-key:1:low']);
  });
});

describe('stand-ins and public values', () => {
  it('reads an upper-case name of the secret as a stand-in', () => {
    for (const v of ['TOKEN', 'API_KEY', 'YOUR_TOKEN', 'MY_GITHUB_PAT', 'CLIENT_SECRET', 'TOKEN`,']) expect(isPlaceholderName(v), v).toBe(true);
    for (const v of ['QHZKWRTPXMNB', 'AB12CD34_EF56GH78', 'X9K2_TOKEN_QWZRTPLK', 'PROD_DB', 'Token123']) expect(isPlaceholderName(v), v).toBe(false);
  });

  it('reads blockchain addresses as addresses', () => {
    expect(isChainAddress('0x3c2a9f1e8b7d6c5a4f3e2d1c0b9a8f7e6d5c4b3a', 'accessToken')).toBe(true);
    expect(isChainAddress('7vQzK3mWfP9rTx2LbN8cYd4HsJ6gEaR5uVw1Zk', 'fromToken')).toBe(true);
    expect(isChainAddress('7vQzK3mWfP9rTx2LbN8cYd4HsJ6gEaR5uVw1Zk', 'token', 'balance of USDC')).toBe(true);
    expect(isChainAddress('7vQzK3mWfP9rTx2LbN8cYd4HsJ6gEaR5uVw1Zk', 'token', 'session')).toBe(false);
    expect(isChainAddress('7vQzK3mWfP9rTx2LbN8cYd4HsJ6gEaR5uVw1Zk', 'accessToken', 'SOL')).toBe(false);
    expect(isChainAddress('0x3c2a9f1e8b7d6c5a4f3e2d1c0b9a8f7e6d5c4b3a9f8e7d6c5b4a3f2e1d0c9b8a', 'key')).toBe(false);
  });

  it('does not read a GPG or PGP key name as a credential key', () => {
    for (const k of ['GPG_KEY', 'PGP_KEYS', 'GPG_KEY_ID']) expect(isCredentialKey(k), k).toBe(false);
    for (const k of ['GPG_PASSPHRASE_SECRET', 'SIGNING_KEY', 'API_KEY']) expect(isCredentialKey(k), k).toBe(true);
  });

  it("lists at info the OAuth token GitHub's documentation shows in its example responses", async () => {
    expect(await scan('# An OAuth access token\naccess_token = "gho_16C7e42F292c6912E7710c838347Ae178B4a"\n', 'tests/pii_example.py')).toEqual(['secrets/github-oauth-token:2:info']);
  });

  it('lists at info a key whose comment says it is a public, development-only key', async () => {
    const code = 'const client = () => {\n  // This is a public, development only key for the testnet.\n  // It may be revoked at any time.\n  const DEFAULT_API_KEY = "UP-9f3a27c4d81e4b6a90c5d2e7";\n};\n';
    expect(await scan(code, 'src/provider.ts')).toEqual(['secrets/generic-api-key:4:info']);
  });

  it('keeps a key whose comment only mentions testing, or denies it is public', async () => {
    const testing = 'def f():\n    # for testing\n    API_KEY = "UP-9f3a27c4d81e4b6a90c5d2e7"\n';
    expect(await scan(testing, 'src/provider.py')).toEqual(['secrets/generic-api-key:3:low']);
    const denied = 'def f():\n    # not a public key: keep it out of the client\n    API_KEY = "UP-9f3a27c4d81e4b6a90c5d2e7"\n';
    expect(await scan(denied, 'src/provider.py')).toEqual(['secrets/generic-api-key:3:low']);
  });
});
