/**
 * Values the credential engine rates lower or drops by what they are: a password in a URI whose
 * host is this machine opens only the reader's own service (low), and so does one that is a
 * well-known default (low: the first one anyone tries, not an issued credential); a model's name where a key's
 * value would be (a table pairing a key variable with its default model) is no credential.
 * Every value here is made up for this test.
 */
import { describe, expect, it } from 'vitest';
import { loadFileAnalyzers } from '../../src/rules/registry.js';
import { runExample } from '../../src/engine/examples.js';
import { isModelName } from '../../src/rules/secrets/values.js';

const analyzers = await loadFileAnalyzers();
const scan = async (code: string, path = 'app/settings.py') => runExample(analyzers, { code, path });

describe('a password in a URI whose host is this machine', () => {
  it('is low, saying why', async () => {
    for (const host of ['localhost:3307', '127.0.0.1:5432', '[::1]:6379', 'host.docker.internal:5432']) {
      const [f] = (await scan(`DB_URL = os.getenv("DB_URL", "postgresql://agent:Tq8vLm2xKp9w@${host}/agents")\n`)).filter((x) => x.ruleId === 'secrets/database-uri-credentials');
      expect(f?.severity, host).toBe('low');
      expect(f?.message).toMatch(/host is this machine/);
    }
    const [basic] = (await scan('PROXY = "http://svc:Tq8vLm2xKp9w@localhost:3128"\n')).filter((x) => x.ruleId === 'secrets/uri-basic-auth-credentials');
    expect(basic?.severity).toBe('low');
  });

  it('keeps its severity for any other host, a name that starts like localhost included', async () => {
    for (const host of ['db.internal:5432', 'localhost.acme.io:5432', '10.0.0.12:5432']) {
      const [f] = (await scan(`DB_URL = "postgresql://agent:Tq8vLm2xKp9w@${host}/agents"\n`)).filter((x) => x.ruleId === 'secrets/database-uri-credentials');
      expect(f?.severity, host).toBe('high');
    }
  });
});

describe('a model name where a key would be', () => {
  it('is read as a model name', () => {
    for (const v of ['gpt-4o-mini', 'anthropic/claude-3-5-sonnet-latest', 'groq/llama-3.3-70b-versatile', 'cohere/command-r', 'claude-sonnet-4-20250514', 'qwen2.5-coder:32b', 'o3-mini']) {
      expect(isModelName(v), v).toBe(true);
    }
  });
  it('is not confused with a key that starts like one', () => {
    for (const v of ['sk-proj-Tq8vLm2xKp9w', 'gptXk9vLq2pW7z', 'o1Xk9vLq2pW7z', 'claude-abc123def456', 'gsk_8fQ2mX7vL4kP9sT3']) expect(isModelName(v), v).toBe(false);
  });
  it('is no vendor credential in a table of key variables and default models', async () => {
    const code = '_DEFAULTS = (\n    ("OPENAI_API_KEY", "gpt-4o-mini"),\n    ("ANTHROPIC_API_KEY", "anthropic/claude-3-5-sonnet-latest"),\n    ("GROQ_API_KEY", "groq/llama-3.3-70b-versatile"),\n)\n';
    expect((await scan(code)).filter((f) => f.ruleId.startsWith('secrets/'))).toEqual([]);
  });
  it('still reports a key in the same shape of table', async () => {
    const code = '_KEYS = (\n    ("GROQ_API_KEY", "gsk_8fQ2mX7vL4kP9sT3Wq6Zr1Yx5Nc0Hb"),\n)\n';
    expect((await scan(code)).some((f) => f.ruleId.startsWith('secrets/'))).toBe(true);
  });
});

describe('a data set of credentials in one file', () => {
  const records = (n: number) =>
    Array.from({ length: n }, (_, i) => `### acct-${i}\nusername: user${i}\npassword: Qz${((i + 3) * 7919).toString(36)}Lm${((i + 3) * 104729).toString(36)}#v\n`).join('\n');

  it('is one finding at its first value, saying how many follow, beyond fifty values of one kind', async () => {
    const found = (await scan(records(60), 'data/accounts.txt')).filter((f) => f.ruleId === 'secrets/generic-password');
    expect(found).toHaveLength(1);
    expect(found[0]!.location.startLine).toBe(3);
    expect(found[0]!.message).toMatch(/59 more distinct values of the same kind follow in this file/);
  });

  it('counts distinct values: one repeated in the file is counted once', async () => {
    const repeated = `${records(60)}
${records(60)}
`;
    const found = (await scan(repeated, 'data/accounts.txt')).filter((f) => f.ruleId === 'secrets/generic-password');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/59 more distinct values of the same kind follow in this file/);
  });

  it('reports each value of a file that holds a few', async () => {
    expect((await scan(records(12), 'data/accounts.txt')).filter((f) => f.ruleId === 'secrets/generic-password')).toHaveLength(12);
  });
});

describe('a well-known default password in a connection URI or string', () => {
  const found = async (ruleId: string, code: string) => (await scan(code, 'deploy/k8s/app.yaml')).filter((x) => x.ruleId === ruleId);

  it('is low, saying why, in a URI and an ADO.NET connection string', async () => {
    for (const password of ['postgres123', 'rabbitmq2024', 'elastic2024', 'p%6Fstgres123']) {
      const [f] = await found('secrets/database-uri-credentials', `        value: "postgresql://agent:${password}@db:5432/agents"\n`);
      expect(f?.severity, password).toBe('low');
      expect(f?.message).toMatch(/well-known default/);
    }
    const [cs] = await found('secrets/connection-string-password', '  conn: "Server=db;Database=agents;User ID=sa;Password=postgres2024;"\n');
    expect(cs?.severity).toBe('low');
  });

  it('keeps a password that is no default high', async () => {
    const [f] = await found('secrets/database-uri-credentials', '        value: "postgresql://agent:Tq8vLm2xKp9w@db:5432/agents"\n');
    expect(f?.severity).toBe('high');
  });
});
