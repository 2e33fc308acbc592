/** Judging one candidate value: words, placeholders and digests are not secrets; random keys are. */
import { describe, expect, it } from 'vitest';
import { isReference, isIdentifierInCode, isPlaceholderShape, isSettingName, isWordlike, namesItsKey, percentDecoded, spellsPassword } from '../../src/rules/secrets/values.js';
import { isCodeExpression, isDigestKey, isMemberPath, isRegexPattern } from '../../src/rules/secrets/value-shapes.js';

describe('isWordlike (patterns without a format of their own)', () => {
  it('calls identifiers, phrases and test names words', () => {
    for (const v of [
      'securepassword123',
      'demo-access-token-123',
      'gw_valid_api_key_12345',
      'ISSUE-17040-TEXT-FILE-ONLY-9f31c7',
      'YOUR_AXIOM_TOKEN',
      'TestGetFileContentsLargeSize',
      'TestE2E/Initialize',
      'acme_v1_eu_gatewayapikey',
      'v4aCredentialsProvider',
      'auth0ClientSecret',
      'test-encryption-key-32-bytes!!',
      'settings.SEARCH_API_KEY',
      'opaque-azure-key-value-42',
    ]) {
      expect(isWordlike(v), v).toBe(true);
    }
  });
  it('does not call random keys words', () => {
    for (const v of ['xK9fQ2mLp0Zt7RbW', 'Zk8pQ2v-Lr9x', '9f3k2-Lm8Qz-PP0xw', 'a8Fk39dLq02mZx', 'my-Secr3t-P4ss', 'tanidsfam8ibewxe', 'vlnujT8reTNCAp7P6IBx5RancIOx']) {
      expect(isWordlike(v), v).toBe(false);
    }
  });
});

describe('isPlaceholderShape', () => {
  it('recognises keyboard runs and words that say fake', () => {
    for (const v of ['1a2b3c4d5e6f7g8h9i0j', 'AIzaSyA1B2C3D4E5F6G7H8I9J0', '12345678-ABCD-ABCD-ABCD-1234567890AB', 'AIzaFakeApiKey123456', 'sk_live_DummyKey0000', 'acme_fake_4f9Qz', 'rt-0987654321fedcba', 'zyxwvuts9876543210']) {
      expect(isPlaceholderShape(v), v).toBe(true);
    }
  });
  it('leaves random keys alone', () => {
    for (const v of ['xK9fQ2mLp0Zt7RbW', 'AIzaSyDq3k8Zp1Lr9wX2mN6tV4bY7cH5jF0gE3s', '8f14e45fceea167a5a36dedd4bea2543', 'cdnb62PD8nDg8iM23Gf4XozI9VFa']) {
      expect(isPlaceholderShape(v), v).toBe(false);
    }
  });
});

describe('isDigestKey', () => {
  it('recognises keys that name a digest', () => {
    for (const k of ['        checksum/secret: ', 'config_sha256 = "', '  commit: ', '"integrity": "']) expect(isDigestKey(k), k).toBe(true);
  });
  it('does not take credential keys for digests', () => {
    for (const k of ['API_KEY=', '  secret: ', 'password = "']) expect(isDigestKey(k), k).toBe(false);
  });
});

describe('isMemberPath', () => {
  it('recognises unquoted member paths as code', () => {
    for (const v of ['result.acmeApiKey', 'this.config.apiKey;', 'options.token2', 'config?.acmeApiKey']) expect(isMemberPath(v), v).toBe(true);
  });
  it('does not take keys with dots for code', () => {
    for (const v of ['yi1usQEvuwx4G/3MZvlOp+YqYdYEt7==', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib3QifQ.c2lnbmF0dXJlLXZhbHVlLTEyMzQ1Njc4OTAtYWJjZA', 'AB12.CD34']) {
      expect(isMemberPath(v), v).toBe(false);
    }
  });
});

describe('isIdentifierInCode: a variable where a value goes', () => {
  it('is code when an unquoted camel-case name ends the expression; a random key is not, nor a quoted name', () => {
    expect(isIdentifierInCode('openRouterDefaultModelId', ': ', ',\n\t')).toBe(true);
    expect(isIdentifierInCode('openRouterDefaultModelId', '= ', ';')).toBe(true);
    expect(isIdentifierInCode('Kq8vZp3LwX2mN5rK9sJ4hY7c', ': ', ',\n')).toBe(false);
    expect(isIdentifierInCode('openRouterDefaultModelId', ': "', '",')).toBe(false);
  });
});

describe('isIdentifierInCode', () => {
  it('recognises an unquoted identifier that is called, dereferenced or given type arguments', () => {
    expect(isIdentifierInCode('AcmeChatCompletionRequestOptions', '= ', '.F')).toBe(true);
    expect(isIdentifierInCode('AcmeClientFactoryBuilder', 'w ', '(c')).toBe(true);
    expect(isIdentifierInCode('acmeSettingsResolver', '= ', '?.r')).toBe(true);
    expect(isIdentifierInCode('AcmeClientOptionsProvider', ': ', '<T')).toBe(true);
  });
  it('leaves quoted values and unquoted values at the end of a line alone', () => {
    expect(isIdentifierInCode('z4k450SNx0mcv5YBx0PovpVD2ubxcOyU', '="', '.F')).toBe(false);
    expect(isIdentifierInCode('z4k450SNx0mcv5YBx0PovpVD2ubxcOyU', 'Y=', '\n')).toBe(false);
    expect(isIdentifierInCode('z4k450SNx0mcv5YBx0PovpVD2ubxcOyU', 'Y=', '. ')).toBe(false);
    expect(isIdentifierInCode('0a1b2c3d4e5f60718293a4b5c6d7e8f9', '= ', '.x')).toBe(false);
  });
});

describe('namesItsKey', () => {
  it('is a marker when an upper-case value spells the setting it fills', () => {
    expect(namesItsKey('GOOGLE_API_KEY', 'GOOGLE_API_KEY_VAL')).toBe(true);
    expect(namesItsKey('DB_PASSWORD', 'DB_PASSWORD')).toBe(true);
    expect(namesItsKey('apiKey', 'MY_API_KEY_HERE')).toBe(true);
  });

  it('is a value otherwise, even when a weak password holds its key word', () => {
    expect(namesItsKey('password', 'mypassword1')).toBe(false);
    expect(namesItsKey('GOOGLE_API_KEY', 'Q8XV2LMN4PR7TY1ZK9WB3CD6')).toBe(false);
    expect(namesItsKey('KEY', 'KEY')).toBe(false);
  });
});

describe('isReference: a cloud secret store\'s name for a secret', () => {
  it('points at a secret: AWS Secrets Manager, SSM and KMS ARNs, Google Secret Manager names, Azure Key Vault URLs', () => {
    expect(isReference('arn:aws:secretsmanager:us-east-1:123456789012:secret:agent/openai-key-AbCdEf')).toBe(true);
    expect(isReference('arn:aws:ssm:eu-west-1:123456789012:parameter/agents/slack-token')).toBe(true);
    expect(isReference('projects/acme-prod/secrets/openai-key/versions/latest')).toBe(true);
    expect(isReference('https://acme-kv.vault.azure.net/secrets/openai-key')).toBe(true);
  });

  it('is not a value that merely starts alike', () => {
    expect(isReference('arn:aws:iam::123456789012:user/deployer')).toBe(false);
    expect(isReference('projects-Zr8kq2vLw9Qp4mX7')).toBe(false);
  });
});


describe('isSettingName: an upper-case constant where a value goes', () => {
  it('accepts configuration names made of words, versions and numbers', () => {
    for (const v of ['OPENAI_GPT4_1', 'AZURE_OPENAI_GPT4O', 'ANTHROPIC_CLAUDE3.5_SONNET', 'BEDROCK_ANTHROPIC_CLAUDE4.7_OPUS_INFERENCE_PROFILE', 'GEMINI_3.0_FLASH', 'SERVICE_ACCOUNT']) {
      expect(isSettingName(v), v).toBe(true);
    }
  });
  it('rejects random upper-case tokens, with or without underscores', () => {
    for (const v of ['K7HQ2MZ9PL4XW8VB3NR6', 'QHZKWRTPXM_BVCXZLKJHT', 'AB12CD34_EF56GH78', 'JBSWY3DPEHPK3PXP', 'XKWQ_PZRT_MNVB_TLKH', 'OPENAI', 'openai_gpt4_1', 'ZQ7XKW_PLMNR4_TVB9QZ']) {
      expect(isSettingName(v), v).toBe(false);
    }
  });
  it('lets few random upper-case tokens cut by underscores through', () => {
    let seed = 42;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return (seed >>> 16) % n;
    };
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    let passed = 0;
    for (let i = 0; i < 5000; i++) {
      const parts = Array.from({ length: 2 + next(3) }, () => Array.from({ length: 4 + next(8) }, () => alphabet[next(next(2) ? 26 : 36)]).join(''));
      if (isSettingName(parts.join('_'))) passed++;
    }
    expect(passed / 5000).toBeLessThan(0.01);
  });
});

describe('isRegexPattern: a key\'s format, not a key', () => {
  it('recognises classes with ranges, quantifiers and shorthand classes', () => {
    for (const v of ['sk-or-[a-zA-Z0-9-_]+', 'AIza[0-9A-Za-z-_]{35}', 'ghp_[A-Za-z0-9]{36}', 'xox[baprs]-[0-9]{10,13}-[a-zA-Z0-9-]+', '\\d{6}', 'key-\\w+']) {
      expect(isRegexPattern(v), v).toBe(true);
    }
  });
  it('leaves keys and passwords with brackets or braces alone', () => {
    for (const v of ['k7Hq2mZ9pL4xW8vB3nR6', 'p@ss[word]{2024}', 'Zr8#kq2!vLw9Tx', 'C:\\data\\secrets', 'ab{32}cd', 'sk-proj-A1b2_C3d4-E5f6']) {
      expect(isRegexPattern(v), v).toBe(false);
    }
  });
});

describe('isCodeExpression: code between two string literals', () => {
  it('recognises member calls, arrows, logical operators and closing brackets', () => {
    for (const v of ['),X?He.createElement(', '),we?h.createElement(', ')&&(e.pass=', 'e=>a.get(', '||t.value']) {
      expect(isCodeExpression(v), v).toBe(true);
    }
  });
  it('leaves passwords with punctuation alone', () => {
    for (const v of ['Kh6k*Ck9k~g6~jJz', 'P@ss.w0rd(1)', 'dWgWRUXlA~xH', 'x?9.Tq(2)!', 'Zr8#kq2!vLw9Tx']) {
      expect(isCodeExpression(v), v).toBe(false);
    }
  });
});

describe('isReference: references joined by separators', () => {
  it('points at secrets when only references with no default are joined (NEO4J_AUTH=${NEO4J_USER}/${NEO4J_PASSWORD})', () => {
    for (const v of ['${NEO4J_USER}/${NEO4J_PASSWORD}', '$DB_USER:$DB_PASSWORD', '$(USER):$(PASS)', '${USER}@${HOST}']) expect(isReference(v), v).toBe(true);
  });

  it('is a value when a literal part or a default stands among them', () => {
    for (const v of ['${NEO4J_USER}/Zr8kq2vLw9Tx', 'admin:${PASS}', '${USER:-neo4j}/${PASS:-Zr8kq2vLw9}', '--', '/:@']) expect(isReference(v), v).toBe(false);
  });
});

describe('isReference: PowerShell environment variables', () => {
  it('reads $env:NAME and ${env:NAME} as references, alone or joined', () => {
    for (const v of ['$env:CI_PUSH_TOKEN', '$Env:DB_PASSWORD', '${env:DB_PASSWORD}', '$env:DB_USER:$env:DB_PASSWORD', 'Bearer $env:API_TOKEN']) expect(isReference(v), v).toBe(true);
  });
  it('is a value when a literal stands beside it', () => {
    for (const v of ['$env:Zr8kq2vLw9Tx-extra', 'Zr8kq2vLw9Tx$env:X']) expect(isReference(v), v).toBe(false);
  });
});

describe('spellsPassword and percentDecoded: the word "password" written for a reader', () => {
  it('reads the word spelled with symbols or digits for letters as a stand-in, decoded from %XX', () => {
    for (const v of ['p@ssw0rd', 'P4$$w0rd!', 'P@55w0rd', 'p=ssword', 'pa$$word12', 'Passw0rd#']) expect(spellsPassword(v), v).toBe(true);
    expect(percentDecoded('p%3Dssword')).toBe('p=ssword');
    expect(spellsPassword(percentDecoded('p%40ssw0rd')!)).toBe(true);
  });
  it('does not read other passwords as the word', () => {
    for (const v of ['Xk7#pLw2qRz9', 'passport1', 'p@ssw0rdAbcXyz', 'pzzzword', '$$$$$$$$', 'password_reset_token']) expect(spellsPassword(v), v).toBe(false);
    expect(percentDecoded('Xk7pLw2qRz9')).toBeUndefined();
    expect(percentDecoded('bad%ZZ%E0')).toBeUndefined();
  });
});
