/**
 * generic-vendor-credential attributes a value to the vendor its key names only when the vendor's
 * name is a whole word of the key, for every vendor the pattern knows: `EXA_API_KEY`, `exa-key`,
 * `exaApiKey` name Exa; `exampleStrongPassword` does not. Every value is made up for this test.
 */
import { describe, expect, it } from 'vitest';
import { SecretEngine } from '../../src/rules/secrets/analyzer.js';
import { loadAllowlist, loadBuiltinPatterns } from '../../src/rules/secrets/patterns.js';
import { namesVendorAsWord } from '../../src/rules/secrets/vendor-name.js';

const patterns = loadBuiltinPatterns();
const engine = new SecretEngine(patterns, loadAllowlist());
const VALUE = 'k7Qm2xVp9Lw4Rt8Zc3Nb6Hd1';
const vendorOf = (line: string) => engine.find(`${line}\n`).find((c) => c.pattern.ruleId === 'secrets/generic-vendor-credential')?.vendor;
/** The vendor a key names: by generic-vendor-credential, or by the vendor's own pattern, which takes such a value first (Atlassian, Vercel). */
const attributed = (line: string, vendor: string) =>
  engine.find(`${line}\n`).some((c) => (c.pattern.ruleId === 'secrets/generic-vendor-credential' ? c.vendor === vendor : !c.pattern.generic && c.pattern.regexp.source.toLowerCase().includes(vendor)));

/** Every vendor name of the pattern's key, as written in its alternation. */
const vendors = /\(\?<vendor>([a-z0-9|]+)\)/.exec(patterns.find((p) => p.id === 'generic-vendor-credential')!.assignment!.key!)![1]!.split('|');
const camel = (v: string) => v[0]!.toUpperCase() + v.slice(1);

describe('a vendor named as a whole word of its key', () => {
  it('knows the vendors (the list is read from the pattern)', () => {
    expect(vendors.length).toBeGreaterThan(100);
    expect(vendors).toContain('exa');
  });

  it.each(vendors)('%s: a snake, kebab or camelCase word of the key names it', (v) => {
    expect(attributed(`${v.toUpperCase()}_API_KEY=${VALUE}`, v)).toBe(true);
    expect(attributed(`${v}-key: "${VALUE}"`, v)).toBe(true);
    expect(attributed(`config.${v}ApiKey = "${VALUE}"`, v)).toBe(true);
    expect(attributed(`${camel(v)}Token: "${VALUE}"`, v)).toBe(true);
  });

  it.each(vendors)('%s: the first letters of a longer word name no vendor', (v) => {
    expect(vendorOf(`${v}ed_token: "${VALUE}"`)).toBeUndefined();
    expect(vendorOf(`${v.toUpperCase()}INGS_API_KEY=${VALUE}`)).toBeUndefined();
    expect(vendorOf(`${v}ishStrongPassword: "${VALUE}"`)).toBeUndefined();
  });

  it('looks again further along a key whose first vendor-like word is not one', () => {
    expect(vendorOf(`_SLACKERS_SLACK_API_TOKEN=${VALUE}`)).toBe('slack');
    expect(vendorOf(`SONARQUBE_TOKEN=${VALUE}`)).toBe('sonarqube');
  });
});

describe('namesVendorAsWord', () => {
  const at = (key: string, vendor: string) => namesVendorAsWord(key, key.toLowerCase().indexOf(vendor), key.toLowerCase().indexOf(vendor) + vendor.length);
  it('ends the word at a separator, a change to upper case, or an acronym giving way to a word', () => {
    expect(at('exa_api_key', 'exa')).toBe(true);
    expect(at('exa.key', 'exa')).toBe(true);
    expect(at('exaApiKey', 'exa')).toBe(true);
    expect(at('openAIApiKey', 'openai')).toBe(true);
    expect(at('auth0RefreshToken', 'auth0')).toBe(true);
  });
  it('lets a credential word, or a word vendors add to their names, run on in the same case', () => {
    expect(at('GITHUBTOKEN', 'github')).toBe(true);
    expect(at('openaiapikey', 'openai')).toBe(true);
    expect(at('MISTRALAI_API_KEY', 'mistral')).toBe(true);
    expect(at('elasticsearchPassword', 'elastic')).toBe(true);
    expect(at('HUGGINGFACEHUB_API_KEY', 'huggingface')).toBe(true);
  });
  it('does not end it inside another word', () => {
    expect(at('exampleStrongPassword', 'exa')).toBe(false);
    expect(at('EXAMPLE_PASSWORD', 'exa')).toBe(false);
    expect(at('exactlyToken', 'exa')).toBe(false);
    expect(at('npmpath_token', 'npm')).toBe(false);
  });
});
